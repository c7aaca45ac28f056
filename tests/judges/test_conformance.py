"""The public Kattis default-validator cases, judged by the ``default`` checker."""

from __future__ import annotations

from pathlib import Path

import pytest

from judges.checkers import run_checker

REPO_ROOT = Path(__file__).resolve().parents[2]
CONFORMANCE = REPO_ROOT.parent / "shared" / "conformance" / "kattis-default-validator"
EXIT_CODES = {"42": "AC", "43": "WA"}


def cases() -> list[Path]:
    if not CONFORMANCE.is_dir():
        return []
    return sorted(path for path in CONFORMANCE.iterdir() if path.is_dir())


pytestmark = pytest.mark.skipif(
    not CONFORMANCE.is_dir(), reason=f"conformance cases not found at {CONFORMANCE}"
)


def test_there_are_cases_of_both_verdicts():
    verdicts = {
        EXIT_CODES[(case / "expected_exit_code.txt").read_text().strip()] for case in cases()
    }
    assert verdicts == {"AC", "WA"}


@pytest.mark.parametrize("case", cases(), ids=lambda case: case.name)
def test_conformance_case(case: Path):
    args_file = case / "args.txt"
    args = args_file.read_text().split() if args_file.exists() else []
    expected = EXIT_CODES[(case / "expected_exit_code.txt").read_text().strip()]
    answer = (case / "judge.ans").read_bytes()
    output = (case / "user.out").read_bytes()
    result = run_checker("default", b"", output, answer, args)
    assert result.verdict == expected, result.message
    if expected == "WA":
        assert result.message
