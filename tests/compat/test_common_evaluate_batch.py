"""POST /common_evaluate_batch: the three test types, special judges, early stop,
extraction, limits and failures."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from judges import custom
from verification.compat.extraction import code_extract
from verification.executors import STDIN_STDOUT, executor_for
from verification.models import Submission
from verification.sandbox.limits import system_error

from .conftest import patch_program_run

pytestmark = pytest.mark.django_db(transaction=True)

APLUSB = "a, b = map(int, input().split())\nprint(a + b)"


def _payload(completion: str, test_cases: dict[str, Any], **config: Any) -> dict[str, Any]:
    extra = config.pop("extra", {})
    return {
        "completion": completion,
        "config": {
            "language": config.pop("language", "python"),
            "run_timeout": config.pop("run_timeout", 5),
            "provided_data": {"test_cases": test_cases},
            "extra": extra,
            **config,
        },
    }


def _post(client: APIClient, payload: dict[str, Any], status: int = 200) -> Any:
    response = client.post("/common_evaluate_batch", payload, format="json")
    assert response.status_code == status, response.content
    return response.json()


def _fenced(code: str) -> str:
    return f"```python\n{code}\n```"


STDIO = {"type": "stdin_stdout", "input": ["1 2", "3 4"], "output": ["3", "7"], "fn_name": None}


def test_stdin_stdout_accepted(client: APIClient) -> None:
    body = _post(client, _payload(_fenced(APLUSB), STDIO, extra={"run_all_cases": True}))
    assert body["accepted"] is True
    assert body["extracted_code"] == APLUSB
    assert body["extracted_type"] == "fenced"
    assert [t["passed"] for t in body["tests"]] == [True, True]
    first = body["tests"][0]
    assert first["test_info"] == {"input": {"stdin": "1 2"}, "output": {"stdout": "3"}}
    assert first["exec_info"]["status"] == "Success"
    assert first["exec_info"]["run_result"]["status"] == "Finished"
    assert first["exec_info"]["run_result"]["stdout"] == "3\n"
    assert first["exec_info"]["run_result"]["return_code"] == 0
    assert first["verdict"] == "AC"
    submission = Submission.objects.get(id=body["submission_id"])
    judge = submission.problem.judge
    assert judge is not None
    assert judge.builtin_name == "default"
    assert list(judge.args) == []


def test_run_all_cases_false_stops_at_the_first_failure(client: APIClient) -> None:
    cases = {"type": "stdin_stdout", "input": ["1 1", "2 2", "3 3"], "output": ["2", "5", "6"]}
    stopped = _post(client, _payload(_fenced(APLUSB), cases, extra={"run_all_cases": False}))
    assert stopped["accepted"] is False
    assert [t["passed"] for t in stopped["tests"]] == [True, False]
    assert stopped["tests"][-1]["verdict"] == "WA"
    assert stopped["tests"][-1]["exec_info"]["status"] == "Success"  # the run itself was fine
    full = _post(client, _payload(_fenced(APLUSB), cases, extra={"run_all_cases": True}))
    assert [t["passed"] for t in full["tests"]] == [True, False, True]
    assert Submission.objects.get(id=stopped["submission_id"]).stop_on_first_failure is True


def test_default_checker_rejects_a_prefix_and_accepts_whitespace(client: APIClient) -> None:
    cases = {"type": "stdin_stdout", "input": ["2"], "output": ["1\n2\n"]}
    assert _post(client, _payload(_fenced("print(1)"), cases))["accepted"] is False
    spaced = _payload(_fenced("print(' 1 ')\nprint('2  ')\n"), cases)
    assert _post(client, spaced)["accepted"] is True


def test_runtime_error_and_time_limit_verdicts(client: APIClient) -> None:
    cases = {"type": "stdin_stdout", "input": ["1"], "output": ["1"]}
    crash = _post(client, _payload(_fenced("raise SystemExit(4)"), cases))["tests"][0]
    assert crash["verdict"] == "RE"
    assert crash["exec_info"]["status"] == "Failed"
    assert crash["exec_info"]["run_result"]["status"] == "Finished"
    assert crash["exec_info"]["run_result"]["return_code"] == 4
    loop = _post(client, _payload(_fenced("while True: pass"), cases, run_timeout=0.5))
    assert loop["tests"][0]["verdict"] == "TLE"
    assert loop["tests"][0]["exec_info"]["run_result"]["status"] == "TimeLimitExceeded"


def test_memory_limit_mb_is_honoured(client: APIClient) -> None:
    cases = {"type": "stdin_stdout", "input": [""], "output": ["ok"]}
    code = _fenced("x = bytearray(300 << 20)\nprint('ok')")
    small = _post(client, _payload(code, cases, memory_limit_mb=128))
    assert small["tests"][0]["verdict"] == "MLE"
    assert small["tests"][0]["exec_info"]["run_result"]["return_code"] != 0
    assert _post(client, _payload(code, cases))["accepted"] is True  # default 1024 MB


def test_function_call(client: APIClient) -> None:
    cases = {
        "type": "function_call",
        "input": [[1, 2], [3, 4]],
        "output": [[3], [7]],
        "fn_name": "add",
        "json_input": False,
    }
    body = _post(client, _payload(_fenced("def add(a, b):\n    return a + b"), cases))
    assert body["accepted"] is True
    assert body["tests"][0]["test_info"] == {
        "type": "function_call",
        "fn_name": "add",
        "input": [1, 2],
        "output": [3],
    }
    wrong = _post(client, _payload(_fenced("def add(a, b):\n    return a - b"), cases))
    assert wrong["accepted"] is False
    assert "expected 3" in wrong["tests"][0]["message"]


def test_function_call_solution_class_and_json_input(client: APIClient) -> None:
    code = (
        "class Solution:\n"
        "    def twoSum(self, nums, target):\n"
        "        seen = {}\n"
        "        for i, x in enumerate(nums):\n"
        "            if target - x in seen:\n"
        "                return [seen[target - x], i]\n"
        "            seen[x] = i\n"
    )
    cases = {
        "type": "function_call",
        "fn_name": "twoSum",
        "json_input": True,
        "input": ["[2, 7, 11, 15]\n9", "[3, 2, 4]\n6"],
        "output": ["[0, 1]", "[1, 2]"],
    }
    body = _post(client, _payload(_fenced(code), cases, extra={"run_all_cases": True}))
    assert body["accepted"] is True, body["tests"]
    assert len(body["tests"]) == 2


def test_a_solution_class_runs_after_the_livecodebench_prelude(client: APIClient) -> None:
    """As the peer runs it: ``List`` and ``Counter`` need no import in a ``class Solution``,
    and the answer shows the program as extracted, without the prelude."""
    code = (
        "class Solution:\n"
        "    def mostCommon(self, words: List[str]) -> Optional[str]:\n"
        "        return Counter(words).most_common(1)[0][0] if words else None\n"
    )
    cases = {
        "type": "function_call",
        "fn_name": "mostCommon",
        "input": [[["b", "a", "b"]], [[]]],
        "output": [["b"], [None]],
    }
    body = _post(client, _payload(_fenced(code), cases, extra={"run_all_cases": True}))
    assert body["accepted"] is True, body["tests"]
    assert body["extracted_code"] == code.rstrip("\n")


def test_other_programs_run_without_the_prelude(client: APIClient) -> None:
    plain = "def first(words: List[str]) -> str:\n    return words[0]"
    cases = {"type": "function_call", "fn_name": "first", "input": [[["x"]]], "output": [["x"]]}
    body = _post(client, _payload(_fenced(plain), cases))
    assert body["accepted"] is False
    assert "NameError" in body["tests"][0]["message"]
    stdio = {"type": "stdin_stdout", "input": ["12 18"], "output": ["6"]}
    gcd = "a, b = map(int, input().split())\nprint(gcd(a, b))"
    stdio_body = _post(client, _payload(_fenced(gcd), stdio))
    assert stdio_body["accepted"] is False
    assert stdio_body["tests"][0]["verdict"] == "RE"


def test_function_call_tuples_and_type_strictness(client: APIClient) -> None:
    cases = {"type": "function_call", "fn_name": "f", "input": [[1]], "output": [[[1, 2]]]}
    assert _post(client, _payload(_fenced("def f(x):\n    return (1, 2)"), cases))["accepted"]
    cases_bool = {"type": "function_call", "fn_name": "f", "input": [[1]], "output": [[True]]}
    assert not _post(client, _payload(_fenced("def f(x):\n    return 1"), cases_bool))["accepted"]


HUMANEVAL_TEST = (
    "\n\nMETADATA = {}\n\n\ndef check(candidate):\n"
    "    assert candidate(6) == False\n    assert candidate(101) == True\n"
    "    assert candidate(13441) == True\n    assert candidate(1) == False\n"
)
IS_PRIME = (
    "def is_prime(n):\n    if n < 2:\n        return False\n"
    "    return all(n % d for d in range(2, int(n ** 0.5) + 1))\n"
)


def test_assert_humaneval(client: APIClient) -> None:
    cases = {"type": "assert", "test": HUMANEVAL_TEST, "entry_point": "is_prime"}
    body = _post(client, _payload(_fenced(IS_PRIME), cases))
    assert body["accepted"] is True
    assert body["tests"][0]["test_info"] is None
    assert "4 assertions held" in body["tests"][0]["message"]
    lazy = _post(client, _payload(_fenced("def is_prime(n):\n    return n > 1"), cases))
    assert lazy["accepted"] is False


def test_assert_mbpp_style_from_the_icip_client_self_test(client: APIClient) -> None:
    payload = {
        "completion": "```python\nimport re\ndef text_match_three(text):\n"
        "        patterns = 'ab{3}?'\n        return re.search(patterns,  text)\n```",
        "config": {
            "language": "python",
            "provided_data": {
                "test_cases": {
                    "type": "assert",
                    "test": 'def check(text_match_three):\n    assert not text_match_three("ac")',
                    "entry_point": "text_match_three",
                },
            },
        },
    }
    assert _post(client, payload)["accepted"] is True


def test_assert_multiple_e_python(client: APIClient) -> None:
    tests = (
        "def check(candidate):\n    assert candidate([1, 2, 3]) == 6\n"
        "    assert candidate([]) == 0\n\ndef test_check():\n    check(total)\n\ntest_check()\n"
    )
    cases = {"type": "assert", "tests": tests, "stop_tokens": ["\ndef", "\n#", "\nif"]}
    code = "def helper(xs):\n    return sum(xs)\n\ndef total(xs):\n    return helper(xs)\n"
    assert _post(client, _payload(_fenced(code), cases))["accepted"] is True
    assert not _post(client, _payload(_fenced("def total(xs):\n    return 0"), cases))["accepted"]


def test_assert_multiple_e_cpp_single_process(client: APIClient) -> None:
    if not executor_for("cpp").is_installed():
        pytest.skip("no C++ compiler")
    completion = (
        "```cpp\n#include <bits/stdc++.h>\nusing namespace std;\n"
        "bool is_not_prime(long n) {\n    if (n <= 1) return true;\n"
        "    for (long i = 2; i * i <= n; i++) if (n % i == 0) return true;\n"
        "    return false;\n}\n```"
    )
    tests = (
        "}\nint main() {\n    auto candidate = is_not_prime;\n"
        "    assert(candidate((2)) == (false));\n    assert(candidate((10)) == (true));\n}\n"
    )
    cases = {"type": "assert", "tests": tests, "stop_tokens": ["\n}"]}
    body = _post(client, _payload(completion, cases, language="cpp"))
    assert body["accepted"] is True, body["tests"]
    wrong = completion.replace("return false;\n}", "return true;\n}")
    assert _post(client, _payload(wrong, cases, language="cpp"))["accepted"] is False


JUDGE_SUM = """import sys
stdin = open("stdin.txt").read().split()
expected = open("stdout.txt").read().split()
answer = open("answer.txt").read().split()
assert len(sys.argv) == 1
if len(answer) != 2:
    sys.exit(1)
a, b = map(int, answer)
sys.exit(0 if a + b == int(stdin[0]) and len(expected) == 2 else 1)
"""


def test_special_judge(client: APIClient) -> None:
    cases = {"type": "stdin_stdout", "output": ["1 2", "3 4"], "input": ["3", "7"]}
    extra = {
        "run_all_cases": True,
        "special_judge_program": JUDGE_SUM,
        "special_judge_language": "python",
    }
    body = _post(client, _payload(_fenced("c = int(input())\nprint(c - 1, 1)"), cases, extra=extra))
    assert body["accepted"] is True, body["tests"]
    assert [t["passed"] for t in body["tests"]] == [True, True]
    assert body["tests"][0]["test_info"] == {"input": {"stdin": "3"}, "output": {"stdout": "1 2"}}
    wrong = _post(client, _payload(_fenced("print(0, 0)"), cases, extra=extra))
    assert wrong["accepted"] is False
    assert wrong["tests"][0]["verdict"] == "WA"


def test_special_judge_is_an_exit_code_judge_row_shared_by_identical_judges(
    client: APIClient,
) -> None:
    cases = {"type": "stdin_stdout", "output": ["1 2"], "input": ["3"]}
    extra = {"special_judge_program": JUDGE_SUM, "special_judge_language": "python3"}
    first = _post(client, _payload(_fenced("print(1, 2)"), cases, extra=extra))
    second = _post(client, _payload(_fenced("print(2, 1)"), cases, extra=extra))
    assert first["accepted"] is True and second["accepted"] is True
    judges = {
        Submission.objects.get(id=body["submission_id"]).problem.judge for body in (first, second)
    }
    [judge] = judges
    assert judge is not None
    assert (judge.kind, judge.language, judge.source) == ("exit_code", "python", JUDGE_SUM)


def test_special_judge_with_a_nul_byte_is_refused(client: APIClient) -> None:
    cases = {"type": "stdin_stdout", "output": ["1"], "input": ["1"]}
    extra = {"special_judge_program": "import sys\x00"}
    body = _post(client, _payload(_fenced("print(1)"), cases, extra=extra), 400)
    assert body["error"]["field"] == "config.extra.special_judge_program"


def test_special_judge_other_exit_is_judge_error(client: APIClient) -> None:
    cases = {"type": "stdin_stdout", "output": ["x"], "input": ["1"]}
    extra = {"special_judge_program": "import sys\nsys.exit(2)"}
    body = _post(client, _payload(_fenced("print(1)"), cases, extra=extra))
    assert body["accepted"] is False
    assert body["tests"][0]["verdict"] == "JE"
    broken = {"special_judge_program": "def (:"}
    assert _post(client, _payload(_fenced("print(1)"), cases, extra=broken))["verdict"] == "JE"


def test_special_judge_sees_the_expected_output_in_stdout_txt(client: APIClient) -> None:
    judge = "import sys\nsys.exit(0 if open('stdout.txt').read() == 'EXPECTED' else 1)"
    cases = {"type": "stdin_stdout", "output": ["EXPECTED"], "input": [""]}
    body = _post(
        client,
        _payload(_fenced("print('anything')"), cases, extra={"special_judge_program": judge}),
    )
    assert body["accepted"] is True


def test_compile_error(client: APIClient) -> None:
    body = _post(client, _payload(_fenced("def f(:\n  pass"), STDIO))
    assert body["accepted"] is False
    assert body["verdict"] == "CE"
    test = body["tests"][0]
    assert test["exec_info"]["compile_result"]["return_code"] != 0
    assert test["exec_info"]["run_result"] is None


def test_empty_completion_is_not_accepted(client: APIClient) -> None:
    body = _post(client, _payload("", STDIO))
    assert body["accepted"] is False
    assert body["tests"] == []


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"language": None}, 400),
        ({"language": "cobol-77"}, 422),
        ({"test_cases": {"type": "stdin_stdout", "input": ["1"], "output": []}}, 400),
        ({"test_cases": {"type": "unknown", "input": ["1"], "output": ["1"]}}, 400),
        ({"test_cases": {"type": "function_call", "input": [[1]], "output": [[1]]}}, 400),
        ({"test_cases": {"type": "assert"}}, 400),
        ({"test_cases": {"type": "stdin_stdout", "input": [1], "output": ["1"]}}, 400),
        (
            {
                "test_cases": {
                    "type": "function_call",
                    "fn_name": "f",
                    "input": [[1]],
                    "output": [[]],
                }
            },
            400,
        ),
        ({"run_timeout": 0}, 400),
    ],
)
def test_bad_requests(client: APIClient, change: dict[str, Any], status: int) -> None:
    payload = _payload(_fenced(APLUSB), change.pop("test_cases", STDIO))
    payload["config"].update(change)
    body = _post(client, payload, status)
    assert body["error"]["message"] and body["detail"]


@pytest.mark.parametrize("language", ["swift", "julia"])
def test_a_language_without_a_runtime_here_is_a_422_naming_it(
    client: APIClient, language: str
) -> None:
    body = _post(client, _payload(f"```{language}\nprint(1)\n```", STDIO, language=language), 422)
    assert f"language '{language}' has no runtime here" in body["error"]["message"]
    assert body["error"]["code"] == "language_unavailable"
    assert not Submission.objects.exists()


@override_settings(SCALEBOX_EMBEDDED=True)
def test_a_language_whose_runtime_is_missing_is_a_422_naming_it(
    client: APIClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(type(executor_for("verilog")), "is_installed", lambda self: False)
    completion = "```verilog\nmodule main; initial $display(1); endmodule\n```"
    body = _post(client, _payload(completion, STDIO, language="verilog"), 422)
    assert "language 'verilog' has no runtime installed here" in body["error"]["message"]
    assert not Submission.objects.exists()


def test_function_call_in_a_language_without_a_solver_is_refused(
    client: APIClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every installed language has function calls: Fortran is made one without.
    monkeypatch.setattr(type(executor_for("fortran")), "test_modes", (STDIN_STDOUT,))
    cases = {"type": "function_call", "fn_name": "f", "input": [[1]], "output": [[1]]}
    fortran = "```fortran\nprogram f\nend program f\n```"
    body = _post(client, _payload(fortran, cases, language="fortran"), 422)
    assert "fortran" in body["error"]["message"]


def test_function_call_in_cpp_is_judged(client: APIClient) -> None:
    cases = {"type": "function_call", "fn_name": "f", "input": [[1], [2]], "output": [[1], [3]]}
    body = _post(client, _payload("```cpp\nint f(int x){return x;}\n```", cases, language="cpp"))
    assert [t["passed"] for t in body["tests"]] == [True, False]


def test_too_many_cases(client: APIClient) -> None:
    cases = {"type": "stdin_stdout", "input": ["1"] * 3, "output": ["1"] * 3}
    with override_settings(SCALEBOX_MAX_CASES=2):
        _post(client, _payload(_fenced("print(1)"), cases), 413)


def test_sandbox_failure_is_retried_then_504(
    client: APIClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []

    def broken(self: Any, stdin: bytes, limits: Any, **kwargs: Any) -> Any:
        calls.append(stdin)
        return system_error("slot lost", isolation="full")

    patch_program_run(monkeypatch, broken)
    with override_settings(SCALEBOX_COMPAT_SANDBOX_RETRIES=1):
        response = client.post(
            "/common_evaluate_batch", _payload(_fenced(APLUSB), STDIO), format="json"
        )
    assert response.status_code == 504
    assert response.json()["error"]["code"] == "sandbox_error"
    # run_all_cases is off: each attempt stops at the first case, first try and one retry,
    # each run alone after the batch's run (which reported nothing usable).
    batch_runs = [stdin for stdin in calls if stdin.startswith(b"S")]
    assert [stdin for stdin in calls if stdin not in batch_runs] == [b"1 2", b"1 2"]
    assert len(batch_runs) == 2


def test_sandbox_failure_in_special_judge_path_is_504(
    client: APIClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    patch_program_run(monkeypatch, lambda *a, **k: system_error("gone", isolation="full"))
    extra = {"special_judge_program": "import sys\nsys.exit(0)"}
    response = client.post(
        "/common_evaluate_batch", _payload(_fenced(APLUSB), STDIO, extra=extra), format="json"
    )
    assert response.status_code == 504


def test_sandbox_failure_running_the_special_judge_is_504(
    client: APIClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Failing:
        def compile(self, source: bytes) -> Any:
            return self

        def run(self, stdin: bytes, limits: Any, **kwargs: Any) -> Any:
            return system_error("gone", isolation="full")

    monkeypatch.setattr(custom, "executor_for", lambda language: Failing())
    extra = {"special_judge_program": "import sys\nsys.exit(0)"}
    response = client.post(
        "/common_evaluate_batch", _payload(_fenced(APLUSB), STDIO, extra=extra), format="json"
    )
    assert response.status_code == 504


def test_token_required_by_default(anonymous: APIClient) -> None:
    response = anonymous.post(
        "/common_evaluate_batch", _payload(_fenced(APLUSB), STDIO), format="json"
    )
    assert response.status_code == 401


@override_settings(SCALEBOX_COMPAT_ALLOW_ANONYMOUS=True)
def test_anonymous_when_enabled(anonymous: APIClient) -> None:
    body = _post(anonymous, _payload(_fenced(APLUSB), STDIO))
    assert body["accepted"] is True
    assert Submission.objects.get(id=body["submission_id"]).owner is None


# --- extraction ----------------------------------------------------------------------


def test_extraction_prefers_the_first_block_of_the_language() -> None:
    text = (
        "Plan:\n```text\nsteps\n```\nCode:\n```py\nprint(1)\n```\nAlso:\n```python\nprint(2)\n```"
    )
    assert code_extract(text, "python").code == "print(1)"
    assert code_extract("```\nprint(3)\n```", "python").code == "print(3)"
    assert code_extract("```js\nconsole.log(1)\n```", "javascript").code == "console.log(1)"


def test_extraction_of_unclosed_fence_and_bare_code() -> None:
    unclosed = code_extract("Sure:\n```python\nprint(1)\n", "python")
    assert (unclosed.code, unclosed.kind) == ("print(1)\n", "incomplete_fenced")
    bare = code_extract("print(2)\n", "python")
    assert (bare.code, bare.kind) == ("print(2)\n", "heuristic")
    assert code_extract("   ", "python").code == ""


def test_function_call_failures_read_as_the_peers(client: APIClient) -> None:
    code = (
        "def half(n):\n"
        "    print('thinking about', n)\n"
        "    if n < 0:\n"
        "        raise ValueError('negative input')\n"
        "    return n // 2\n"
    )
    cases = {
        "type": "function_call",
        "fn_name": "half",
        "input": [[4], [5], [-1]],
        "output": [[2], [3], [0]],
    }
    body = _post(client, _payload(_fenced(code), cases, extra={"run_all_cases": True}))
    right, wrong, raised = (t["exec_info"] for t in body["tests"])
    assert right["status"] == "Success" and right["run_result"]["return_code"] == 0
    for info in (wrong, raised):
        assert info["status"] == "Failed"
        run = info["run_result"]
        assert run["return_code"] == 1
        # The harness's report (and its nonce) is never shown; the program's output is.
        assert run["stdout"] == ""
        assert "thinking about" in run["stderr"]
    assert "expected 3, got 2" in wrong["run_result"]["stderr"]
    stderr = raised["run_result"]["stderr"]
    assert "ValueError: negative input" in stderr
    assert 'File "solution.py", line 4, in half' in stderr
    assert "_solver" not in stderr and "python_template" not in stderr
