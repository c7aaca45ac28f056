"""POST /common_evaluate: one completion, its tests as icip-cas/ScaleBox's clients write
them (a list of cases, or SandboxFusion's stdin/stdout ``test`` pairs), the same answer
as /common_evaluate_batch, the request's total_timeout, and its errors."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from verification import selectors
from verification.models import Submission

pytestmark = pytest.mark.django_db(transaction=True)

ADD = "def add(a, b):\n    return a + b"
APLUSB = "a, b = map(int, input().split())\nprint(a + b)"
ANSWER_KEYS = {
    "id",
    "accepted",
    "extracted_code",
    "full_code",
    "test_code",
    "tests",
    "extracted_type",
    "extra",
    "verdict",
    "submission_id",
}
EXEC_INFO_KEYS = {
    "status",
    "message",
    "compile_result",
    "run_result",
    "executor_pod_name",
    "files",
}
FUNCTION_CALLS = [
    {"type": "function_call", "input": [1, 2], "output": [3], "fn_name": "add"},
    {"type": "function_call", "input": [3, 4], "output": [7], "fn_name": "add"},
]
STDIO_TEST = [
    {"input": {"stdin": "1 2"}, "output": {"stdout": "3"}},
    {"input": {"stdin": "3 4"}, "output": {"stdout": "7"}},
]


def _fenced(code: str, tag: str = "python") -> str:
    return f"```{tag}\n{code}\n```"


def _payload(completion: str, provided_data: dict[str, Any], **config: Any) -> dict[str, Any]:
    return {
        "completion": completion,
        "config": {
            "language": config.pop("language", "python"),
            "compile_timeout": 10,
            "run_timeout": config.pop("run_timeout", 10),
            "provided_data": provided_data,
            "extra": config.pop("extra", {"run_all_cases": True}),
            **config,
        },
    }


def _post(
    client: APIClient, payload: Any, status: int = 200, path: str = "/common_evaluate"
) -> Any:
    response = client.post(path, payload, format="json")
    assert response.status_code == status, response.content
    return response.json()


# --- the peer's shapes ------------------------------------------------------------------


def test_function_call_cases_as_the_peers_suite_sends_them(client: APIClient) -> None:
    body = _post(client, _payload(_fenced(ADD), {"test_cases": FUNCTION_CALLS}))
    assert set(body) == ANSWER_KEYS
    assert body["accepted"] is True
    assert body["verdict"] == "AC"
    assert body["id"] == 0
    assert body["extracted_code"] == ADD
    assert body["extracted_type"] == "fenced"
    assert [t["passed"] for t in body["tests"]] == [True, True]
    first = body["tests"][0]
    assert set(first["exec_info"]) == EXEC_INFO_KEYS
    assert first["exec_info"]["status"] == "Success"
    assert first["test_info"] == FUNCTION_CALLS[0]
    assert Submission.objects.get(id=body["submission_id"]).problem.kind == "function_call"


def test_stdio_test_pairs_as_sandbox_fusion_writes_them(client: APIClient) -> None:
    body = _post(client, {"id": "q-7", **_payload(_fenced(APLUSB), {"test": STDIO_TEST})})
    assert body["accepted"] is True
    assert body["id"] == "q-7"
    assert [t["test_info"] for t in body["tests"]] == STDIO_TEST
    run = body["tests"][1]["exec_info"]["run_result"]
    assert (run["status"], run["stdout"], run["return_code"]) == ("Finished", "7\n", 0)


def test_stdin_stdout_cases_in_a_list(client: APIClient) -> None:
    cases = [
        {"type": "stdin_stdout", "input": "1 2", "output": "3"},
        {"type": "stdin_stdout", "input": "3 4", "output": "7"},
    ]
    body = _post(client, _payload(_fenced(APLUSB), {"test_cases": cases}))
    assert body["accepted"] is True
    assert body["tests"][0]["test_info"] == STDIO_TEST[0]


def test_a_case_without_type_is_a_function_call_when_it_names_one(client: APIClient) -> None:
    calls = [{"fn_name": "add", "input": [2, 2], "output": [4]}]
    assert _post(client, _payload(_fenced(ADD), {"test_cases": calls}))["accepted"] is True
    pairs = [{"input": "2 2", "output": "4", "fn_name": None}]
    body = _post(client, _payload(_fenced(APLUSB), {"test_cases": pairs}))
    assert body["accepted"] is True
    assert body["tests"][0]["test_info"] == {"input": {"stdin": "2 2"}, "output": {"stdout": "4"}}


def test_the_batch_endpoints_dict_of_lists_is_accepted_too(client: APIClient) -> None:
    cases = {"type": "function_call", "fn_name": "add", "input": [[1, 2]], "output": [[3]]}
    assert _post(client, _payload(_fenced(ADD), {"test_cases": cases}))["accepted"] is True


def test_json_input_function_calls(client: APIClient) -> None:
    cases = [{"fn_name": "add", "input": "1\n2", "output": "3", "json_input": True}]
    body = _post(client, _payload(_fenced(ADD), {"test_cases": cases}))
    assert body["accepted"] is True


def test_a_solution_class_may_use_the_livecodebench_prelude(client: APIClient) -> None:
    code = (
        "class Solution:\n"
        "    def pairs(self, nums: List[int]) -> List[List[int]]:\n"
        "        return [list(p) for p in combinations(sorted(nums), 2)]"
    )
    calls = [{"fn_name": "pairs", "input": [[3, 1, 2]], "output": [[[1, 2], [1, 3], [2, 3]]]}]
    body = _post(client, _payload(_fenced(code), {"test_cases": calls}))
    assert body["accepted"] is True, body["tests"]
    gcd = [{"type": "stdin_stdout", "input": "4 6", "output": "2"}]
    stdio = "print(gcd(*map(int, input().split())))"
    assert _post(client, _payload(_fenced(stdio), {"test_cases": gcd}))["accepted"] is False


def test_an_assert_case(client: APIClient) -> None:
    case = {
        "type": "assert",
        "test": "def check(candidate):\n    assert candidate(1, 2) == 3\n",
        "entry_point": "add",
    }
    assert _post(client, _payload(_fenced(ADD), {"test_cases": [case]}))["accepted"] is True
    wrong = _post(client, _payload(_fenced("def add(a, b):\n    return a"), {"test_cases": [case]}))
    assert wrong["accepted"] is False


def test_a_wrong_answer_and_stopping_at_the_first_failure(client: APIClient) -> None:
    calls = [
        {"fn_name": "add", "input": [1, 1], "output": [2]},
        {"fn_name": "add", "input": [2, 2], "output": [5]},
        {"fn_name": "add", "input": [3, 3], "output": [6]},
    ]
    full = _post(client, _payload(_fenced(ADD), {"test_cases": calls}))
    assert full["accepted"] is False
    assert full["verdict"] == "WA"
    assert [t["passed"] for t in full["tests"]] == [True, False, True]
    stopped = _post(
        client, _payload(_fenced(ADD), {"test_cases": calls}, extra={"run_all_cases": False})
    )
    assert [t["passed"] for t in stopped["tests"]] == [True, False]


def test_a_language_name_of_the_peers(client: APIClient) -> None:
    code = "a, b = map(int, input().split())\nprint(a + b)"
    body = _post(
        client, _payload(_fenced(code, "python3"), {"test": STDIO_TEST}, language="python3")
    )
    assert body["accepted"] is True


# --- total_timeout ----------------------------------------------------------------------

SLOW_ADD = "import time\ntime.sleep(0.4)\n" + ADD


def _total_timeout_tests(tests: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [t for t in tests if t["exec_info"]["message"] == "Total Timeout"]


@pytest.mark.parametrize("path", ["/common_evaluate", "/common_evaluate_batch"])
# Ten batches, two at a time: each batch's solver takes 0.4 s to load, so the last batches
# start after the 1 s budget, on any machine.
@override_settings(SCALEBOX_BATCH_SIZE=4, SCALEBOX_LOCAL_POOL_SIZE=2)
def test_the_cases_left_when_the_budget_runs_out_are_not_run(client: APIClient, path: str) -> None:
    calls = [{"fn_name": "add", "input": [i, 1], "output": [i + 1]} for i in range(40)]
    if path == "/common_evaluate":
        data: dict[str, Any] = {"test_cases": calls}
    else:
        data = {
            "test_cases": {
                "type": "function_call",
                "fn_name": "add",
                "input": [c["input"] for c in calls],
                "output": [c["output"] for c in calls],
            }
        }
    payload = _payload(_fenced(SLOW_ADD), data, extra={"run_all_cases": True, "total_timeout": 1})
    started = time.monotonic()
    body = _post(client, payload, path=path)
    took = time.monotonic() - started
    assert took < 8, took  # 40 cases of 0.4 s each were not all run
    assert body["accepted"] is False
    assert body["verdict"] == "TLE"
    assert len(body["tests"]) == 40
    last = body["tests"][-1]
    assert last["passed"] is False
    assert last["verdict"] == "TLE"
    assert last["exec_info"] == {
        "status": "SandboxError",
        "message": "Total Timeout",
        "compile_result": None,
        "run_result": None,
        "executor_pod_name": None,
        "files": {},
    }
    assert last["test_info"]["input"] == [39, 1]
    left = _total_timeout_tests(body["tests"])
    assert left
    # Cases before the budget ran out keep their own results.
    assert all(t["passed"] for t in body["tests"] if t not in left)


def test_a_running_program_is_stopped_at_the_budget(client: APIClient) -> None:
    """The first test runs to its own limit (the peer awaits its first test whatever
    the budget); the later ones stop at the budget, running or not."""
    pairs = [{"input": {"stdin": ""}, "output": {"stdout": "1"}}] * 3
    payload = _payload(
        _fenced("while True:\n    pass"),
        {"test": pairs},
        run_timeout=2,
        extra={"run_all_cases": True, "total_timeout": 1},
    )
    started = time.monotonic()
    body = _post(client, payload)
    assert time.monotonic() - started < 12  # not three runs of 2 s CPU (5 s wall) each
    assert body["accepted"] is False
    first, *later = body["tests"]
    assert first["verdict"] == "TLE"
    assert first["exec_info"]["run_result"]["status"] == "TimeLimitExceeded"
    assert [t["exec_info"]["status"] for t in later] == ["SandboxError"] * 2
    assert {t["exec_info"]["message"] for t in later} == {"Total Timeout"}


def test_the_first_test_runs_whatever_the_budget(client: APIClient) -> None:
    """A budget shorter than the program's load (or a compile) still judges one test."""
    calls = [{"fn_name": "add", "input": [1, 2], "output": [3]}]
    payload = _payload(_fenced(SLOW_ADD), {"test_cases": calls}, extra={"total_timeout": 0.05})
    assert _post(client, payload)["accepted"] is True


def test_the_default_budget_is_the_peers_1000_seconds(client: APIClient) -> None:
    before = time.time()
    body = _post(client, _payload(_fenced(ADD), {"test_cases": FUNCTION_CALLS}))
    deadline_at = Submission.objects.get(id=body["submission_id"]).options["deadline_at"]
    assert before + 999 < deadline_at < time.time() + 1001
    assert _total_timeout_tests(body["tests"]) == []


def test_a_judging_unfinished_at_the_budget_is_answered_total_timeout(
    client: APIClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workers elsewhere (the distributed set-up) that have not reported by the budget:
    every case is answered as the peer answers a case it stopped waiting for."""
    real_wait = selectors.judging_wait

    def never_done(*, judging_id: int, timeout_s: float, poll_s: float = 0.05) -> Any:
        judging = real_wait(judging_id=judging_id, timeout_s=0)
        time.sleep(min(timeout_s, 5))
        judging.status = "RUNNING"
        return judging

    monkeypatch.setattr(selectors, "judging_wait", never_done)
    payload = _payload(
        _fenced(ADD),
        {"test_cases": FUNCTION_CALLS},
        extra={"run_all_cases": True, "total_timeout": 0.5},
    )
    body = _post(client, payload)
    assert body["accepted"] is False
    assert [t["exec_info"]["message"] for t in body["tests"]] == ["Total Timeout"] * 2


# --- errors -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("provided_data", "says"),
    [
        ({}, "exactly one of 'test_cases'"),
        ({"test_cases": FUNCTION_CALLS, "test": STDIO_TEST}, "exactly one of 'test_cases'"),
        ({"test_cases": []}, "test_cases is empty"),
        ({"test": []}, "test is empty"),
        (
            {
                "test_cases": [
                    FUNCTION_CALLS[0],
                    {"type": "stdin_stdout", "input": "", "output": ""},
                ]
            },
            "one kind of test",
        ),
        (
            {"test_cases": [FUNCTION_CALLS[0], {**FUNCTION_CALLS[1], "fn_name": "sub"}]},
            "different functions (add, sub)",
        ),
        ({"test_cases": [{"fn_name": "add", "input": [1, 2]}]}, "test_cases[0] has no output"),
        ({"test_cases": [{"type": "function_call", "input": [1], "output": [1]}]}, "fn_name"),
        ({"test_cases": [{"type": "bogus", "input": 1, "output": 1}]}, "unknown test case type"),
        ({"test": [{"input": {}, "output": {"stdout": "3"}}]}, "test[0].input has no 'stdin'"),
        (
            {"test": [{"input": {"stdin": "", "data.txt": "x"}, "output": {"stdout": ""}}]},
            "'data.txt'; only 'stdin'",
        ),
        ({"test_cases": "add(1, 2) == 3"}, "test_cases must be a list of cases or one object"),
        ({"test": [{"input": {"stdin": 1}, "output": {"stdout": "1"}}]}, "test.0.input.stdin"),
        (
            {"test_cases": [{"type": "assert", "test": "x"}, {"type": "assert", "test": "y"}]},
            "one case holding all the asserts",
        ),
    ],
)
def test_malformed_tests_are_a_400_saying_what_is_wrong(
    client: APIClient, provided_data: dict[str, Any], says: str
) -> None:
    body = _post(client, _payload(_fenced(ADD), provided_data), status=400)
    assert says in body["detail"], body
    assert body["error"]["code"] == "invalid"
    assert not Submission.objects.exists()


@pytest.mark.parametrize("value", ["10", 0, -1, True, [1]])
def test_total_timeout_must_be_a_positive_number(client: APIClient, value: Any) -> None:
    payload = _payload(_fenced(ADD), {"test_cases": FUNCTION_CALLS}, extra={"total_timeout": value})
    body = _post(client, payload, status=400)
    assert "total_timeout must be a number of seconds greater than 0" in body["detail"]


def test_a_body_that_is_not_an_object_or_lacks_fields(client: APIClient) -> None:
    assert "JSON object" in _post(client, [1, 2], status=400)["detail"]
    assert "completion" in _post(client, {"config": {}}, status=400)["detail"]
    no_language = _payload(_fenced(ADD), {"test_cases": FUNCTION_CALLS}, language=None)
    assert "config.language" in _post(client, no_language, status=400)["detail"]


def test_an_unknown_language_is_a_422_naming_it(client: APIClient) -> None:
    payload = _payload(_fenced(ADD), {"test_cases": FUNCTION_CALLS}, language="brainfuck")
    body = _post(client, payload, status=422)
    assert "'brainfuck'" in body["detail"]


@pytest.mark.parametrize("language", ["swift", "julia"])
def test_a_language_without_a_runtime_here_is_a_422_naming_it(
    client: APIClient, language: str
) -> None:
    payload = _payload(_fenced(ADD), {"test_cases": FUNCTION_CALLS}, language=language)
    body = _post(client, payload, status=422)
    assert f"language '{language}' has no runtime here" in body["detail"]


@override_settings(SCALEBOX_MAX_CASES=3)
def test_too_many_cases_is_a_413(client: APIClient) -> None:
    payload = _payload(_fenced(APLUSB), {"test": STDIO_TEST * 2})
    body = _post(client, payload, status=413)
    assert "4 test cases; the limit is 3" in body["detail"]


def test_an_empty_completion_is_a_compile_error_without_a_run(client: APIClient) -> None:
    body = _post(client, _payload("", {"test_cases": FUNCTION_CALLS}))
    assert (body["accepted"], body["verdict"], body["tests"]) == (False, "CE", [])
    assert not Submission.objects.exists()
