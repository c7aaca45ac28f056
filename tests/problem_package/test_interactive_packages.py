"""Interactive packages judged end to end by verify_problem's service, in the real sandbox:
the guess-the-number fixture in every format version the loader reads, and with an
interactor compiled from C++.

Every reference solution must get the verdict its package expects. A solution that
deadlocks (it never flushes) costs three seconds of wall time a case, so it is judged
in one package only, over two cases.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

import pytest

from verification.models import Problem, ReferenceSolution
from verification.problem_package import load_package
from verification.services_import import problem_import
from verification.services_verify import VerifyOutcome, problem_verify

from .conftest import FIXTURES, write_tree

GUESS = FIXTURES / "interactive"
INTERACTOR = GUESS / "output_validators" / "interactor" / "interactor.py"
NOT_FOUND = "did not find the number within 10 questions"

# The guess protocol of the fixture's interactor, written again in C++; its rejection
# message differs, to show which of the two judged.
CPP_INTERACTOR = r"""
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

static int reject(const std::string &feedback_dir, const char *why) {
    std::string path = feedback_dir + "/judgemessage.txt";
    if (FILE *out = std::fopen(path.c_str(), "w")) {
        std::fprintf(out, "%s\n", why);
        std::fclose(out);
    }
    return 43;
}

int main(int argc, char **argv) {
    if (argc < 4) return 1;
    FILE *in = std::fopen(argv[1], "r");
    int secret = 0;
    if (!in || std::fscanf(in, "%d", &secret) != 1) return 1;
    std::fclose(in);
    char mark[4];
    int guess = 0;
    for (int asked = 0; asked < 10; ++asked) {
        if (std::scanf("%3s %d", mark, &guess) != 2 || std::strcmp(mark, "?") != 0)
            return reject(argv[3], "C++ interactor: not a question");
        if (guess == secret) {
            std::printf("=\n");
            std::fflush(stdout);
            return 42;
        }
        std::printf("%s\n", secret < guess ? "<" : ">");
        std::fflush(stdout);
    }
    return reject(argv[3], "C++ interactor: out of questions");
}
"""


def _copy_fixture(
    root: Path,
    *,
    validator_at: str,
    submissions: Iterable[str],
    cases: Iterable[str] | None = None,
) -> Path:
    """The fixture's test data (all of it, or the named cases), the named submissions and
    its Python interactor at ``validator_at`` (relative to ``root``)."""
    for case in cases if cases is not None else _all_cases():
        for suffix in (".in", ".ans"):
            source = GUESS / "data" / f"{case}{suffix}"
            target = root / "data" / f"{case}{suffix}"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    for submission in submissions:
        target = root / submission
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(GUESS / submission, target)
    target = root / validator_at
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(INTERACTOR, target)
    return root


def _all_cases() -> list[str]:
    return sorted(
        path.relative_to(GUESS / "data").with_suffix("").as_posix()
        for path in (GUESS / "data").rglob("*.in")
    )


def _verify(root: Path) -> tuple[Problem, dict[str, VerifyOutcome]]:
    problem = problem_import(package=load_package(root))
    assert problem.interactive is True
    assert problem.validation_passes == 1
    return problem, {outcome.path: outcome for outcome in problem_verify(problem=problem)}


def _all_met(outcomes: dict[str, VerifyOutcome]) -> None:
    for outcome in outcomes.values():
        assert outcome.ok, outcome
        assert not {"JE", "SE"} & set(outcome.case_verdicts), outcome


def _case_messages(problem: Problem, path: str) -> list[str]:
    ref = ReferenceSolution.objects.get(problem=problem, path=path)
    assert ref.last_submission is not None
    judging = ref.last_submission.judgings.get()
    return list(judging.case_results.order_by("order").values_list("checker_message", flat=True))


@pytest.mark.django_db(transaction=True)
def test_legacy_fixture_solutions_get_their_verdicts(tmp_path: Path) -> None:
    """The fixture as it is (``validation: custom interactive``), with a one-second
    ``.timelimit``; all its solutions but the one that deadlocks on every case."""
    root = tmp_path / "guess"
    shutil.copytree(GUESS, root)
    (root / "submissions" / "time_limit_exceeded" / "never_flushes.cpp").unlink()
    (root / ".timelimit").write_text("1\n", encoding="utf-8")
    problem, outcomes = _verify(root)
    assert problem.format_version == "legacy"
    assert problem.time_limit_s == 1.0
    assert set(outcomes) == {
        "accepted/bisect.cpp",
        "accepted/bisect.py",
        "run_time_error/exits_after_correct.cpp",
        "run_time_error/raises_at_start.py",
        "time_limit_exceeded/spins_after_correct.py",
        "wrong_answer/count_up.py",
        "wrong_answer/crash_after_rejected.cpp",
    }
    _all_met(outcomes)
    actual = {path: outcome.actual for path, outcome in outcomes.items()}
    assert actual == {
        "accepted/bisect.cpp": "AC",
        "accepted/bisect.py": "AC",
        "run_time_error/exits_after_correct.cpp": "RE",
        "run_time_error/raises_at_start.py": "RE",
        "time_limit_exceeded/spins_after_correct.py": "TLE",
        "wrong_answer/count_up.py": "WA",
        "wrong_answer/crash_after_rejected.cpp": "WA",
    }
    # Counting up finds 1 and 7 (cases 2 and 3), not 37, 1000 or 613.
    assert outcomes["wrong_answer/count_up.py"].case_verdicts == ["WA", "WA", "AC", "AC", "WA"]
    # The interactor rejected first: the submission's death on the closed pipe is not RE.
    assert "RE" not in outcomes["wrong_answer/crash_after_rejected.cpp"].case_verdicts
    # The interactor accepted first: the submission's own exit code still decides.
    assert outcomes["run_time_error/exits_after_correct.cpp"].case_verdicts == ["RE"] * 5
    messages = _case_messages(problem, "wrong_answer/count_up.py")
    assert messages[0] == NOT_FOUND


@pytest.mark.django_db(transaction=True)
def test_2023_07_draft_package_with_output_validator_directory(tmp_path: Path) -> None:
    root = _copy_fixture(
        tmp_path / "guess",
        validator_at="output_validator/interactor.py",
        submissions=[
            "submissions/accepted/bisect.py",
            "submissions/accepted/bisect.cpp",
            "submissions/wrong_answer/count_up.py",
            "submissions/wrong_answer/crash_after_rejected.cpp",
            "submissions/run_time_error/raises_at_start.py",
        ],
    )
    write_tree(
        root,
        {
            "problem.yaml": "problem_format_version: 2023-07-draft\n"
            "name: Guess the Number\n"
            "type: interactive\n"
            "limits:\n  time_limit: 1\n"
        },
    )
    problem, outcomes = _verify(root)
    assert problem.format_version == "2023-07-draft"
    assert problem.time_limit_s == 1.0
    _all_met(outcomes)
    assert {path: outcome.actual for path, outcome in outcomes.items()} == {
        "accepted/bisect.py": "AC",
        "accepted/bisect.cpp": "AC",
        "wrong_answer/count_up.py": "WA",
        "wrong_answer/crash_after_rejected.cpp": "WA",
        "run_time_error/raises_at_start.py": "RE",
    }


@pytest.mark.django_db(transaction=True)
def test_2025_09_package_with_submissions_yaml(tmp_path: Path) -> None:
    """``type: [pass-fail, interactive]``, the interactor in ``output_validator/``, and
    expectations both from the directories and from ``submissions.yaml``."""
    root = _copy_fixture(
        tmp_path / "guess",
        validator_at="output_validator/interactor.py",
        submissions=[
            "submissions/accepted/bisect.py",
            "submissions/wrong_answer/crash_after_rejected.cpp",
            "submissions/run_time_error/exits_after_correct.cpp",
        ],
    )
    # A directory the format gives no meaning to, described by submissions.yaml.
    (root / "submissions" / "counting").mkdir()
    shutil.copyfile(
        GUESS / "submissions/wrong_answer/count_up.py", root / "submissions/counting/count_up.py"
    )
    write_tree(
        root,
        {
            "problem.yaml": "problem_format_version: 2025-09\n"
            "name: Guess the Number\n"
            "uuid: 6c1f0a8e-3b52-4d7a-9e61-5a2b8c4d0f17\n"
            "type: [pass-fail, interactive]\n"
            "limits:\n  time_limit: 1\n",
            "submissions/submissions.yaml": "counting/*.py:\n"
            "  permitted: [AC, WA]\n"
            "  required: [WA]\n"
            "run_time_error/exits_after_correct.cpp:\n"
            "  permitted: [RTE]\n",
        },
    )
    package = load_package(root)
    found = {ref.path: ref for ref in package.submissions}
    assert (found["counting/count_up.py"].permitted, found["counting/count_up.py"].required) == (
        ("AC", "WA"),
        (("WA",),),
    )
    problem, outcomes = _verify(root)
    assert problem.format_version == "2025-09"
    _all_met(outcomes)
    assert {path: outcome.actual for path, outcome in outcomes.items()} == {
        "accepted/bisect.py": "AC",
        "counting/count_up.py": "WA",
        "run_time_error/exits_after_correct.cpp": "RE",
        "wrong_answer/crash_after_rejected.cpp": "WA",
    }
    # "permitted: [RTE]" holds only because every case is RE, the accepted ones too.
    assert outcomes["run_time_error/exits_after_correct.cpp"].case_verdicts == ["RE"] * 5


@pytest.mark.django_db(transaction=True)
def test_compiled_cpp_interactor_judges_every_kind_of_solution(tmp_path: Path) -> None:
    """The interactor is a C++ program built like any validator; the deadlocking
    solution is judged here, over two cases, as a time limit exceeded."""
    root = _copy_fixture(
        tmp_path / "guess",
        validator_at="output_validator/interactor.py",
        cases=["sample/1", "secret/1"],
        submissions=[
            "submissions/accepted/bisect.py",
            "submissions/accepted/bisect.cpp",
            "submissions/wrong_answer/count_up.py",
            "submissions/run_time_error/raises_at_start.py",
            "submissions/time_limit_exceeded/never_flushes.cpp",
        ],
    )
    (root / "output_validator" / "interactor.py").unlink()
    write_tree(
        root,
        {
            "output_validator/interactor.cpp": CPP_INTERACTOR,
            "problem.yaml": "problem_format_version: 2025-09\n"
            "name: Guess the Number in C++\n"
            "uuid: 2d8e4b61-7a0c-4f39-b5d2-9c1e6f3a8b40\n"
            "type: [pass-fail, interactive]\n"
            "limits:\n  time_limit: 1\n",
        },
    )
    problem, outcomes = _verify(root)
    assert problem.judge is not None
    assert problem.judge.language == "cpp"
    _all_met(outcomes)
    assert {path: outcome.actual for path, outcome in outcomes.items()} == {
        "accepted/bisect.py": "AC",
        "accepted/bisect.cpp": "AC",
        "wrong_answer/count_up.py": "WA",
        "run_time_error/raises_at_start.py": "RE",
        "time_limit_exceeded/never_flushes.cpp": "TLE",
    }
    assert outcomes["time_limit_exceeded/never_flushes.cpp"].case_verdicts == ["TLE", "TLE"]
    assert _case_messages(problem, "wrong_answer/count_up.py") == [
        "C++ interactor: out of questions",
        "C++ interactor: out of questions",
    ]
