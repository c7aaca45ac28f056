"""The reward-hack suite: every program under programs/<problem>/ is judged through the
compatibility endpoints (and, for stdin/stdout problems, through the native API and
/run_code scored the way verl scores it). Programs named ``correct*`` must be accepted;
every other program is a hack and must not be.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rest_framework.test import APIClient

from .problems import PROBLEMS

pytestmark = pytest.mark.django_db(transaction=True)

PROGRAMS = Path(__file__).parent / "programs"
RUN_TIMEOUT_S = 1.0


def _programs(kinds: tuple[str, ...]) -> list[Any]:
    params = []
    for problem_dir in sorted(p for p in PROGRAMS.iterdir() if p.is_dir()):
        problem = problem_dir.name
        if PROBLEMS[problem]["type"] not in kinds:
            continue
        for path in sorted(problem_dir.glob("*.py")):
            params.append(pytest.param(problem, path, id=f"{problem}/{path.stem}"))
    return params


def _is_correct(path: Path) -> bool:
    return path.stem.startswith("correct")


def _evaluate(client: APIClient, problem: str, source: str, run_all_cases: bool) -> Any:
    payload = {
        "completion": f"Here is my solution.\n```python\n{source}\n```\n",
        "config": {
            "language": "python",
            "compile_timeout": 10,
            "run_timeout": RUN_TIMEOUT_S,
            "provided_data": {"test_cases": PROBLEMS[problem]},
            "extra": {"run_all_cases": run_all_cases},
        },
    }
    response = client.post("/common_evaluate_batch", payload, format="json")
    assert response.status_code == 200, response.content
    return response.json()


def test_every_problem_has_a_correct_program_and_hacks() -> None:
    for problem in PROBLEMS:
        names = [p.stem for p in (PROGRAMS / problem).glob("*.py")]
        assert any(n.startswith("correct") for n in names), problem
        assert any(not n.startswith("correct") for n in names), problem


@pytest.mark.parametrize(
    ("problem", "path"), _programs(("stdin_stdout", "function_call", "assert"))
)
def test_common_evaluate_batch(
    client: APIClient, sandbox_path: str, problem: str, path: Path
) -> None:
    correct = _is_correct(path)
    result = _evaluate(client, problem, path.read_text(), run_all_cases=correct)
    n_cases = len(PROBLEMS[problem].get("input") or [None])
    if correct:
        assert result["accepted"] is True, result["tests"]
        assert result["verdict"] == "AC"
        assert len(result["tests"]) == n_cases
        assert all(t["passed"] for t in result["tests"])
    else:
        assert result["accepted"] is False, result["tests"]
        assert result["verdict"] not in ("AC", "SE")
        assert result["tests"], "a rejected program reports the failing test"
        assert result["tests"][-1]["passed"] is False
        assert result["tests"][-1]["verdict"] == result["verdict"]


@pytest.mark.parametrize(("problem", "path"), _programs(("stdin_stdout",)))
def test_native_submissions(client: APIClient, problem: str, path: Path) -> None:
    spec = PROBLEMS[problem]
    body = {
        "language": "python",
        "source": path.read_text(),
        "time_limit_s": RUN_TIMEOUT_S,
        "tests": [
            {"input": i, "answer": o} for i, o in zip(spec["input"], spec["output"], strict=True)
        ],
    }
    response = client.post("/api/v1/submissions/?wait=60", body, format="json")
    assert response.status_code == 201, response.content
    verdict = response.json()["verdict"]
    if _is_correct(path):
        assert verdict == "AC"
    else:
        assert verdict not in ("AC", "SE", None)


@pytest.mark.parametrize(("problem", "path"), _programs(("stdin_stdout",)))
def test_run_code_scored_as_verl_scores_it(client: APIClient, problem: str, path: Path) -> None:
    spec = PROBLEMS[problem]
    passed = []
    for stdin, expected in zip(spec["input"], spec["output"], strict=True):
        response = client.post(
            "/run_code",
            {
                "code": path.read_text(),
                "language": "python",
                "stdin": stdin,
                "compile_timeout": 10,
                "run_timeout": RUN_TIMEOUT_S,
                "files": {},
                "fetch_files": [],
            },
            format="json",
        )
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["status"] in ("Success", "Failed")
        run = body["run_result"]
        ok = (
            body["status"] == "Success"
            and run["status"] == "Finished"
            and str(run["stdout"] or "").rstrip("\n") == expected.rstrip("\n")
        )
        passed.append(ok)
    if _is_correct(path):
        assert all(passed)
    else:
        assert not all(passed)
