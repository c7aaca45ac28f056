"""Custom special judges (Kattis, testlib, Python) and verify_problem on the fixtures."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from judges import custom
from judges.custom import judge_run
from judges.models import Judge, JudgeKind
from verification.errors import InvalidInput
from verification.models import Problem, ReferenceSolution
from verification.problem_package import load_package
from verification.sandbox.limits import system_error
from verification.services_import import problem_import
from verification.services_verify import problem_verify

pytestmark = pytest.mark.django_db(transaction=True)

PACKAGES = Path(__file__).resolve().parents[1] / "fixtures" / "packages"
VERIFIABLE = [
    "aplusb",
    "casesensitive",
    "divisor",
    "domjudge",
    "evensplit",
    "floattol",
    "groups2025",
    "pythoncheck",
    "twosum",
]


@pytest.mark.parametrize("name", VERIFIABLE)
def test_every_reference_solution_gets_its_expected_verdict(name: str) -> None:
    problem = problem_import(package=load_package(PACKAGES / name))
    outcomes = problem_verify(problem=problem)
    assert outcomes, "the fixture has reference solutions"
    for outcome in outcomes:
        assert outcome.ok, outcome
    stored = ReferenceSolution.objects.filter(problem=problem)
    assert all(ref.last_verified_ok and ref.last_verified_at for ref in stored)


def test_protocols_follow_the_package() -> None:
    kinds = {}
    for name in ("divisor", "evensplit", "pythoncheck", "twosum"):
        problem = problem_import(package=load_package(PACKAGES / name))
        assert problem.judge is not None
        kinds[name] = problem.judge.kind
    assert kinds == {
        "divisor": JudgeKind.KATTIS,
        "evensplit": JudgeKind.TESTLIB,
        "pythoncheck": JudgeKind.KATTIS,
        "twosum": JudgeKind.KATTIS,
    }


def _python_judge(source: str, kind: str = JudgeKind.KATTIS, key: str = "t") -> Judge:
    files = {"validator.py" if kind != JudgeKind.PYTHON else "checker.py": source}
    return Judge.objects.create(
        key=key,
        kind=kind,
        language="python",
        files=files,
        entry=next(iter(files)),
    )


KATTIS_ECHO = (
    "import sys\n"
    "out = sys.stdin.read().split()\n"
    "ans = open(sys.argv[2]).read().split()\n"
    "open(sys.argv[3] + 'judgemessage.txt', 'w').write('compared %d tokens' % len(ans))\n"
    "sys.exit(42 if out == ans else 43)\n"
)


def test_kattis_exit_codes_and_message() -> None:
    judge = _python_judge(KATTIS_ECHO)
    good = judge_run(judge=judge, input=b"", output=b"1 2\n", answer=b"1 2\n", case_args=[])
    bad = judge_run(judge=judge, input=b"", output=b"1 3\n", answer=b"1 2\n", case_args=[])
    assert (good.verdict, good.message) == ("AC", "compared 2 tokens")
    assert bad.verdict == "WA"


@pytest.mark.parametrize(
    "source",
    [
        "import sys\nsys.exit(0)\n",  # neither 42 nor 43
        "raise RuntimeError('boom')\n",  # crashes
        "while True:\n    pass\n",  # hangs
        "import os\nos.kill(os.getpid(), 9)\n",  # killed
    ],
    ids=["exit-0", "crash", "hang", "killed"],
)
def test_a_broken_validator_is_a_judge_error(source: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(custom, "RUN_LIMITS", {**custom.RUN_LIMITS, "cpu": 1.0, "wall": 2.0})
    judge = _python_judge(source)
    result = judge_run(judge=judge, input=b"", output=b"1\n", answer=b"1\n", case_args=[])
    assert result.verdict == "JE", result


def test_a_sandbox_failure_under_a_validator_is_a_system_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    judge = _python_judge(KATTIS_ECHO)
    custom.judge_build(judge)  # built for real; only its run fails
    monkeypatch.setattr(
        custom, "run_sandboxed", lambda *a, **k: system_error("slot lost", isolation="full")
    )
    result = judge_run(judge=judge, input=b"", output=b"1\n", answer=b"1\n", case_args=[])
    assert result.verdict == "SE" and "slot lost" in result.message


@pytest.mark.parametrize(
    ("code", "verdict"),
    [(0, "AC"), (1, "WA"), (2, "WA"), (3, "JE"), (4, "WA"), (8, "WA"), (5, "JE"), (99, "JE")],
)
def test_testlib_exit_codes(code: int, verdict: str) -> None:
    source = f"import sys\nsys.stderr.write('checker says hi')\nsys.exit({code})\n"
    judge = Judge.objects.create(
        key=f"tl{code}",
        kind=JudgeKind.TESTLIB,
        language="python",
        files={"validator.py": source},
        entry="validator.py",
    )
    result = judge_run(judge=judge, input=b"", output=b"x", answer=b"x", case_args=[])
    assert result.verdict == verdict
    if verdict != "JE":
        assert result.message == "checker says hi"


def test_testlib_points_become_a_score() -> None:
    source = "import sys\nsys.stderr.write('points 7.5')\nsys.exit(7)\n"
    judge = Judge.objects.create(
        key="pts",
        kind=JudgeKind.TESTLIB,
        language="python",
        files={"validator.py": source},
        entry="validator.py",
    )
    result = judge_run(judge=judge, input=b"", output=b"x", answer=b"x", case_args=[])
    assert (result.verdict, result.score) == ("AC", 7.5)


def test_native_python_checker() -> None:
    source = (
        "def check(input, output, answer):\n"
        "    ok = sorted(output.split()) == sorted(answer.split())\n"
        "    return ok, 'same multiset' if ok else 'different'\n"
    )
    judge = _python_judge(source, kind=JudgeKind.PYTHON, key="native")
    good = judge_run(judge=judge, input=b"", output=b"b a", answer=b"a b", case_args=[])
    bad = judge_run(judge=judge, input=b"", output=b"a a", answer=b"a b", case_args=[])
    assert (good.verdict, good.message) == ("AC", "same multiset")
    assert (bad.verdict, bad.message) == ("WA", "different")
    garbage = _python_judge(
        "def check(i, o, a):\n    return 'maybe'\n", kind=JudgeKind.PYTHON, key="garbage"
    )
    assert judge_run(judge=garbage, input=b"", output=b"", answer=b"", case_args=[]).verdict == "JE"


def test_validator_that_does_not_compile_is_refused_at_import(tmp_path: Path) -> None:
    package = tmp_path / "broken"
    shutil.copytree(PACKAGES / "divisor", package)
    validator = next((package / "output_validators").rglob("*.cpp"))
    validator.write_text("int main( { this is not C++ }\n")
    with pytest.raises(InvalidInput, match="does not compile"):
        problem_import(package=load_package(package))
    assert not Problem.objects.filter(slug="broken").exists()


def test_changing_a_validator_makes_a_new_judge_version(tmp_path: Path) -> None:
    package = tmp_path / "divisor"
    shutil.copytree(PACKAGES / "divisor", package)
    first = problem_import(package=load_package(package)).judge
    validator = next((package / "output_validators").rglob("*.cpp"))
    validator.write_text(validator.read_text() + "\n// changed\n")
    second = problem_import(package=load_package(package)).judge
    assert first is not None and second is not None
    assert (first.key, first.version + 1) == (second.key, second.version)
    assert Judge.objects.filter(id=first.id).exists()


def test_time_limit_is_derived_when_the_package_gives_none() -> None:
    problem = problem_import(package=load_package(PACKAGES / "groups2025"))
    assert problem.time_limit_source.startswith("derived:")
    assert 0 < problem.time_limit_s <= 10


def test_verify_problem_command_reports_and_fails_on_mismatch(capsys) -> None:
    problem = problem_import(package=load_package(PACKAGES / "aplusb"))
    call_command("verify_problem", problem.slug)
    out = capsys.readouterr().out
    assert out.count("OK  ") == ReferenceSolution.objects.filter(problem=problem).count()
    ref = ReferenceSolution.objects.get(problem=problem, path="wrong_answer/difference.py")
    ref.expected, ref.expected_verdicts = "accepted", ["AC"]
    ref.save()
    with pytest.raises(CommandError, match="1 reference solution"):
        call_command("verify_problem", problem.slug)
    assert "FAIL wrong_answer/difference.py" in capsys.readouterr().out
