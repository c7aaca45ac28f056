"""Special judges on the fixture set: exact matching against generated, approved judges.

    .venv/bin/python benchmarks/judges.py [--write]

Runs an embedded ScaleBox in a temporary directory (SQLite) with the scripted
OpenAI-compatible server of the tests on 127.0.0.1 as its model endpoint. For each
problem of ``tests/judges_generation/fixtures`` (each needs a special judge, and has
correct solutions printing different valid answers, and wrong solutions):

1. every solution runs once per test in the sandbox;
2. its outputs are judged by exact matching (the ``tokens`` checker: whitespace-
   insensitive, byte-exact tokens);
3. ``generate_judges``' pipeline produces the problem's judge (the scripted model answers
   with a good checker where no built-in checker suffices), a reviewer approves it, and
   the same outputs are judged by the now active judge;
4. for every problem whose judge came from the model, each scripted bad candidate
   (accepts everything, rejects correct answers, crashes, hangs, malformed reply, reply
   too late) is offered alone; it is caught when the generation fails.

A solution is rejected when any of its tests is; a wrong solution is accepted when none
is. ``--write`` replaces the "## Judges" section of RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import django
from django.contrib.auth import get_user_model
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.judges_generation import replies  # noqa: E402
from tests.judges_generation.llm_server import API_KEY, MODEL, ScriptedLLM  # noqa: E402
from tests.judges_generation.problems import all_fixtures, fixture_install  # noqa: E402

LATE_S = 3.0


def setup(llm: ScriptedLLM) -> None:
    var = tempfile.mkdtemp(prefix="scalebox-judges-")
    os.chmod(var, 0o755)  # the sandbox's unprivileged user reads built judges under it
    os.environ.update(
        {
            "SCALEBOX_VAR_DIR": var,
            "SCALEBOX_LLM_BASE_URL": llm.base_url,
            "SCALEBOX_LLM_API_KEY": API_KEY,
            "SCALEBOX_LLM_MODEL": MODEL,
            "SCALEBOX_LLM_TIMEOUT_S": "1",
            "SCALEBOX_JUDGEGEN_CHECK_CPU_S": "1",
            "SCALEBOX_JUDGEGEN_AUTO_APPROVE": "0",
        }
    )
    for key in ("DATABASE_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND"):
        os.environ.pop(key, None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scalebox_site.settings")
    django.setup()
    call_command("migrate", verbosity=0)


def outputs_of(fp: Any) -> dict[str, list[tuple[bytes, bytes, bytes]]]:
    """path -> [(input, answer, output)] for every solution, run in the sandbox."""
    # Project modules load after setup(), which needs the scripted model's address first.
    from verification.executors import executor_for  # noqa: PLC0415
    from verification.sandbox import Limits, RunStatus  # noqa: PLC0415

    limits = Limits(cpu_time_s=4, wall_time_s=9, memory_bytes=256 << 20, output_bytes=1 << 20)
    runs: dict[str, list[tuple[bytes, bytes, bytes]]] = {}
    for path, source in {**fp.accepted, **fp.wrong}.items():
        program = executor_for("python").compile(source.encode())
        rows = []
        for _, given, answer in fp.cases:
            result = program.run(given, limits)
            for _ in range(2):
                if result.status is not RunStatus.SE:
                    break
                result = program.run(given, limits)
            assert result.status is RunStatus.OK, (fp.slug, path, result.status, result.message)
            rows.append((given, answer, result.stdout))
        runs[path] = rows
    return runs


def rejected(judge: Any, rows: list[tuple[bytes, bytes, bytes]]) -> int:
    """How many of a solution's tests the judge rejects (None: exact matching)."""
    # Project modules load after setup(), which needs the scripted model's address first.
    from judges.checkers import run_checker  # noqa: PLC0415
    from judges.services import judge_check  # noqa: PLC0415

    count = 0
    for given, answer, output in rows:
        if judge is None:
            verdict = run_checker("tokens", given, output, answer).verdict
        else:
            verdict = judge_check(judge=judge, input=given, output=output, answer=answer).verdict
        assert verdict in ("AC", "WA"), verdict
        count += verdict != "AC"
    return count


def measure(llm: ScriptedLLM) -> dict[str, Any]:
    # Project modules load after setup(), which needs the scripted model's address first.
    from judges.generation.pipeline import judge_generate  # noqa: PLC0415
    from judges.services_review import judge_approve  # noqa: PLC0415
    from verification.models import Problem  # noqa: PLC0415

    reviewer = get_user_model().objects.create_user("reviewer", is_staff=True, is_superuser=True)
    rows: list[dict[str, Any]] = []
    bad_offered = bad_caught = 0
    for fp in all_fixtures():
        problem = fixture_install(fp.slug)
        if fp.checker is not None:
            llm.script(fp.slug, "generate", replies.good(fp.slug))
        started = time.perf_counter()
        generation = judge_generate(problem=problem)
        generate_s = time.perf_counter() - started
        if generation.judge is None:
            first = generation.attempt_records.order_by("number").first()
            raise SystemExit(f"{fp.slug}: {generation.error}; {first.error if first else ''}")
        judge = judge_approve(judge=generation.judge, user=reviewer)
        assert Problem.objects.get(id=problem.id).judge_id == judge.id
        runs = outputs_of(fp)
        row: dict[str, Any] = {
            "slug": fp.slug,
            "kinds": ",".join(generation.kinds),
            "judge": judge.builtin_name + " " + " ".join(judge.args)
            if judge.kind == "builtin"
            else f"{judge.kind} (model)",
            "attempts": generation.attempts,
            "generate_s": generate_s,
            "correct": len(fp.accepted),
            "wrong": len(fp.wrong),
            "tests": len(fp.cases),
        }
        for label, active in (("exact", None), ("judge", judge)):
            correct = [rejected(active, runs[p]) for p in fp.accepted]
            wrong = [rejected(active, runs[p]) for p in fp.wrong]
            row[f"{label}_correct_rejected"] = sum(1 for n in correct if n)
            row[f"{label}_correct_outputs_rejected"] = sum(correct)
            row[f"{label}_wrong_accepted"] = sum(1 for n in wrong if not n)
        if fp.checker is not None:
            caught = 0
            for kind in replies.BAD_KINDS:
                llm.script(fp.slug, "generate", replies.bad(kind, slug=fp.slug, delay_s=LATE_S))
                bad = judge_generate(problem=problem)
                caught += bad.status == "failed" and bad.judge_id is None
            bad_offered += len(replies.BAD_KINDS)
            bad_caught += caught
            row["bad_caught"] = f"{caught}/{len(replies.BAD_KINDS)}"
        else:
            row["bad_caught"] = "—"
        rows.append(row)
        print(
            f"{fp.slug:18} {row['judge']:28} exact rejects {row['exact_correct_rejected']}/"
            f"{row['correct']} correct, judge rejects {row['judge_correct_rejected']}/"
            f"{row['correct']}; wrong accepted {row['judge_wrong_accepted']}/{row['wrong']}; "
            f"bad caught {row['bad_caught']}",
            flush=True,
        )
    return {"rows": rows, "bad_offered": bad_offered, "bad_caught": bad_caught}


def totals(result: dict[str, Any]) -> dict[str, Any]:
    rows = result["rows"]
    correct = sum(r["correct"] for r in rows)
    outputs = sum(r["correct"] * r["tests"] for r in rows)
    out = {"problems": len(rows), "correct": correct, "correct_outputs": outputs}
    for label in ("exact", "judge"):
        out[f"{label}_rejected"] = sum(r[f"{label}_correct_rejected"] for r in rows)
        out[f"{label}_outputs_rejected"] = sum(r[f"{label}_correct_outputs_rejected"] for r in rows)
        out[f"{label}_wrong_accepted"] = sum(r[f"{label}_wrong_accepted"] for r in rows)
    out["wrong"] = sum(r["wrong"] for r in rows)
    out["bad_offered"] = result["bad_offered"]
    out["bad_caught"] = result["bad_caught"]
    return out


def section(result: dict[str, Any], t: dict[str, Any], seconds: float) -> str:
    pct = lambda n, d: f"{100 * n / d:.1f}%" if d else "—"  # noqa: E731
    lines = [
        "## Judges",
        "",
        f"`.venv/bin/python benchmarks/judges.py --write` ({platform.machine()}, "
        f"{os.cpu_count()} cores, {seconds:.0f} s). {t['problems']} fixture problems that need "
        "special judges (`tests/judges_generation/fixtures`), each with correct solutions "
        "printing different valid answers and wrong solutions. Exact matching is the `tokens` "
        "checker; the judges are what the generation pipeline produced (built-in checkers with "
        "parameters where they suffice, else the scripted model's Python checker), validated in "
        "the sandbox and approved by a reviewer. Bad candidates are offered alone by the "
        "scripted OpenAI-compatible server: accepts everything, rejects correct answers, "
        "crashes, hangs, malformed reply, reply after the client's timeout.",
        "",
        "| | exact matching | generated + approved judges |",
        "|---|---|---|",
        f"| correct solutions rejected | {t['exact_rejected']}/{t['correct']} "
        f"({pct(t['exact_rejected'], t['correct'])}) | {t['judge_rejected']}/{t['correct']} "
        f"({pct(t['judge_rejected'], t['correct'])}) |",
        f"| correct outputs rejected (solution x test) | {t['exact_outputs_rejected']}/"
        f"{t['correct_outputs']} ({pct(t['exact_outputs_rejected'], t['correct_outputs'])}) | "
        f"{t['judge_outputs_rejected']}/{t['correct_outputs']} "
        f"({pct(t['judge_outputs_rejected'], t['correct_outputs'])}) |",
        f"| wrong solutions accepted | {t['exact_wrong_accepted']}/{t['wrong']} | "
        f"{t['judge_wrong_accepted']}/{t['wrong']} |",
        "",
        f"Scripted bad candidates caught by validation: {t['bad_caught']}/{t['bad_offered']} "
        f"({pct(t['bad_caught'], t['bad_offered'])}).",
        "",
        "| problem | kinds | judge | attempts | correct rejected: exact → judge "
        "| wrong accepted | bad caught |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in result["rows"]:
        lines.append(
            f"| {r['slug']} | {r['kinds']} | {r['judge'].strip()} | {r['attempts']} | "
            f"{r['exact_correct_rejected']}/{r['correct']} → {r['judge_correct_rejected']}/"
            f"{r['correct']} | {r['judge_wrong_accepted']}/{r['wrong']} | {r['bad_caught']} |"
        )
    return "\n".join(lines) + "\n"


def write_section(text: str) -> None:
    path = ROOT / "benchmarks" / "RESULTS.md"
    current = path.read_text() if path.exists() else "# Benchmark results\n"
    start = current.find("## Judges")
    if start == -1:
        updated = current.rstrip("\n") + "\n\n" + text
    else:
        end = current.find("\n## ", start + 1)
        rest = current[end + 1 :] if end != -1 else ""
        updated = current[:start] + text + ("\n" + rest if rest else "")
    path.write_text(updated)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="update benchmarks/RESULTS.md")
    args = parser.parse_args()
    llm = ScriptedLLM().start()
    started = time.perf_counter()
    try:
        setup(llm)
        result = measure(llm)
    finally:
        llm.stop()
    t = totals(result)
    text = section(result, t, time.perf_counter() - started)
    print()
    print(text)
    assert t["judge_wrong_accepted"] == 0, "a wrong solution was accepted"
    assert t["bad_caught"] == t["bad_offered"], "a bad candidate passed validation"
    if args.write:
        write_section(text)


if __name__ == "__main__":
    main()
