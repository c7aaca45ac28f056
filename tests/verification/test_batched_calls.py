"""Fewer sandboxed runs for Python: a function-call batch calls its cases on one solver
process (every case that does not pass there runs alone, so the verdicts are those of
runs of their own), and no run of its own checks a program's syntax (the program's runs,
or the harness's, compile it first and report a syntax error as such)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from verification.executors import python as python_executor
from verification.harness.batch import call_batch

pytestmark = pytest.mark.django_db

# add(a, b): a + b, except where the program below goes wrong on purpose.
CASES = [([1, 2], 3), ([5, 5], 10), ([7, 1], 8), ([2, 2], 4), ([9, 9], 18), ([0, 4], 4)]

# Right for 1, 2, 3 and 6; wrong (WA) for 7 + 1; raises for 2 + 2 (a run-time error, RE);
# loops (TLE) on 9;
# and once it has seen 9, it exits on 0 (a case alone never has: AC).
MIXED = """
import os
seen = []
def add(a, b):
    seen.append(a)
    if a == 7:
        return 0
    if a == 2:
        raise ValueError("two")
    if a == 9:
        while True:
            pass
    if a == 0 and 9 in seen:
        os._exit(0)
    return a + b
"""

# Counts its calls: right on the first call only, which each case alone is.
STATEFUL = """
calls = 0
def add(a, b):
    global calls
    calls += 1
    return a + b if calls == 1 else -1
"""


def _judge(client: APIClient, source: str, *, batched: bool) -> list[dict[str, Any]]:
    """Every case's result: the judging runs every case, after a failure too."""
    tests = [{"fn_name": "add", "args": args, "expected": out} for args, out in CASES]
    with override_settings(SCALEBOX_BATCH_CALLS=batched):
        response = client.post(
            "/api/v1/submissions/?wait=120",
            {
                "kind": "function_call",
                "tests": tests,
                "language": "python",
                "source": source,
                "time_limit_s": 1,
                "stop_on_first_failure": False,
            },
            format="json",
        )
    assert response.status_code == 201, response.content
    cases = response.json()["judging"]["cases"]
    return sorted(cases, key=lambda c: c["order"])


def test_cases_that_pass_are_judged_from_one_run(client: APIClient, runs: list[bytes]) -> None:
    cases = _judge(client, "def add(a, b):\n    print('adding')\n    return a + b\n", batched=True)
    assert [c["verdict"] for c in cases] == ["AC"] * len(CASES)
    assert len(runs) == 1
    assert all("adding" in c["stderr_excerpt"] for c in cases), cases
    assert all(c["time_s"] is not None and c["time_s"] <= 1 for c in cases)


def test_verdicts_are_those_of_runs_alone(client: APIClient, runs: list[bytes]) -> None:
    alone = [c["verdict"] for c in _judge(client, MIXED, batched=False)]
    assert alone == ["AC", "AC", "WA", "RE", "TLE", "AC"]
    runs.clear()
    batched = _judge(client, MIXED, batched=True)
    assert [c["verdict"] for c in batched] == alone
    # One batch run; then alone: the wrong value, the exception, the TLE and (after the
    # solver was stopped on the TLE) the last case.
    assert len(runs) == 1 + 4


def test_state_kept_between_calls_never_fails_a_case(client: APIClient, runs: list[bytes]) -> None:
    cases = _judge(client, STATEFUL, batched=True)
    assert [c["verdict"] for c in cases] == ["AC"] * len(CASES)
    assert len(runs) == 1 + len(CASES) - 1


def test_a_program_that_fails_to_load_is_judged_case_by_case(
    client: APIClient, runs: list[bytes]
) -> None:
    cases = _judge(
        client, "import os\nos._exit(0)\ndef add(a, b):\n    return a + b\n", batched=True
    )
    assert [c["verdict"] for c in cases] == ["RE"] * len(CASES)


def test_a_report_without_its_cases_nonce_or_over_time_is_not_used() -> None:
    calls = call_batch(user_code="", payloads=[b'{"fn_name": "f", "args": []}'] * 3, call_cpu_s=1.0)
    first, second, third = calls.nonces
    output = (
        f'{{"nonce": "{first}", "status": "returned", "value": {{"t": "int", "v": "1"}}, '
        '"cpu_s": 0.01, "wall_s": 0.01}\n'
        '{"nonce": "guessed", "status": "returned", "cpu_s": 0, "wall_s": 0}\n'
        f'{{"nonce": "{third}", "status": "returned", "cpu_s": 1.5, "wall_s": 1.5}}\n'
    ).encode()
    stderr = f"loading\n\n\x00scalebox-case {first}\nin the call\n".encode()
    found = calls.calls(output, stderr)
    assert found[1] is None and found[2] is None
    assert found[0] is not None
    assert found[0].stderr == b"loading\nin the call\n"
    assert (
        found[0].output
        == (
            f'{{"nonce": "{first}", "status": "returned", "value": {{"t": "int", "v": "1"}}}}\n'
        ).encode()
    )
    assert second not in found[0].stdin.decode()


def test_a_syntax_error_is_a_compile_error_found_by_the_batch_run(
    client: APIClient, runs: list[bytes]
) -> None:
    tests = [{"fn_name": "add", "args": args, "expected": out} for args, out in CASES]
    response = client.post(
        "/api/v1/submissions/?wait=120",
        {"kind": "function_call", "tests": tests, "language": "python", "source": "def add(:"},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["verdict"] == "CE", body
    assert "SyntaxError" in body["judging"]["compile_info"]["message"]
    assert len(runs) == 1  # the batch run alone: no run of its own checked the syntax


def test_a_program_too_slow_to_load_runs_case_by_case(client: APIClient, runs: list[bytes]) -> None:
    slow = (
        "import time\nwhile time.process_time() < 3:\n    pass\ndef add(a, b):\n    return a + b\n"
    )
    cases = _judge(client, slow, batched=True)
    assert [c["verdict"] for c in cases] == ["TLE"] * len(CASES)


@pytest.mark.parametrize(
    ("kind", "test"),
    [
        ("function_call", {"fn_name": "add", "args": [1, 2], "expected": 3}),
        ("assert", {"test": "assert add(1, 2) == 3", "entry_point": None}),
    ],
)
def test_a_syntax_error_is_found_by_the_one_harness_run(
    client: APIClient, runs: list[bytes], kind: str, test: dict[str, Any]
) -> None:
    response = client.post(
        "/api/v1/submissions/?wait=120",
        {"kind": kind, "tests": [test], "language": "python", "source": "def add(a, b)\n"},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["verdict"] == "CE", body
    assert "SyntaxError" in body["judging"]["compile_info"]["message"]
    assert [c["verdict"] for c in body["judging"]["cases"]] == ["CE"]
    assert len(runs) == 1


@pytest.fixture
def python_runs(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """The source of every pre-forked Python run the executor makes, checks included."""
    seen: list[bytes] = []
    real = python_executor.run_python_fast

    def counted(source: bytes, *args: Any, **kwargs: Any) -> Any:
        seen.append(source)
        return real(source, *args, **kwargs)

    monkeypatch.setattr(python_executor, "run_python_fast", counted)
    return seen


def _stdin_submit(client: APIClient, source: str) -> dict[str, Any]:
    """Judged case by case (no stdin/stdout batch, see test_batched_stdio.py): each
    case's run is the program's own."""
    tests = [{"input": f"{i}\n", "answer": f"{i + 1}\n"} for i in range(3)]
    with override_settings(SCALEBOX_BATCH_STDIO=False):
        response = client.post(
            "/api/v1/submissions/?wait=120",
            {"tests": tests, "language": "python", "source": source},
            format="json",
        )
    assert response.status_code == 201, response.content
    return dict(response.json())


def test_a_python_program_is_not_checked_by_a_run_of_its_own(
    client: APIClient, python_runs: list[bytes]
) -> None:
    source = f"# {id(python_runs)}\nprint(int(input()) + 1)\n"
    body = _stdin_submit(client, source)
    assert body["verdict"] == "AC", body
    assert python_runs == [source.encode()] * 3  # the three cases' runs, no check


def test_a_python_syntax_error_is_found_by_the_first_run(
    client: APIClient, python_runs: list[bytes]
) -> None:
    body = _stdin_submit(client, "print(int(input()) + 1\n")
    assert body["verdict"] == "CE", body
    message = body["judging"]["compile_info"]["message"]
    assert message.startswith('  File "main.py", line 1'), message
    assert "SyntaxError" in message
    assert [c["verdict"] for c in body["judging"]["cases"]] == ["CE"] * 3
    assert len(python_runs) == 1
