"""Requests shaped exactly as the peers' clients send them, read the way they read them.

verl's sandbox_fusion reward posts a JSON string with fixed keys and no credentials,
retries only HTTP 504, and classifies a case from ``status``, ``compile_result`` and
``run_result``. icip-cas/ScaleBox's evaluation client posts ``completion`` + ``config``
and scores ``accepted`` (or the share of ``tests[].passed`` when run_all_cases is on).
The readers below restate that logic; the tests check we feed it the right fields.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client, override_settings

from verification.executors import executor_for
from verification.sandbox.limits import system_error

from .conftest import patch_program_run

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("_anonymous_allowed"),
]


@pytest.fixture
def _anonymous_allowed() -> Any:
    with override_settings(SCALEBOX_COMPAT_ALLOW_ANONYMOUS=True):
        yield


# --- verl -------------------------------------------------------------------------------


def verl_post(
    code: str, stdin: str, timeout: int = 2, language: str = "python", memory_mb: int = 1024
) -> Any:
    """The request verl's sandbox_fusion reward sends (memory_limit_MB defaults to 1024)."""
    payload = json.dumps(
        {
            "compile_timeout": timeout,
            "run_timeout": timeout,
            "code": code,
            "stdin": stdin,
            "memory_limit_MB": memory_mb,
            "language": language,
            "files": {},
            "fetch_files": [],
        }
    )
    return Client().post(
        "/run_code", data=payload, content_type="application/json", HTTP_ACCEPT="application/json"
    )


def verl_case_result(response: Any, expected: str) -> bool | int:
    """True/False, or -1 sandbox/API error, -2 runtime error, -3 timeout, -4 compile error."""
    if response.status_code == 504:
        return -1  # verl retries a 504, then gives up with -1
    body = response.json()
    compile_result, run_result = body.get("compile_result"), body.get("run_result")
    if body["status"] == "SandboxError":
        return -1
    if body["status"] == "Failed":
        if compile_result and (
            compile_result["status"] in ("Error", "TimeLimitExceeded")
            or (compile_result["status"] == "Finished" and compile_result["return_code"] != 0)
        ):
            return -4
        if run_result:
            if run_result["status"] == "TimeLimitExceeded":
                return -3
            if run_result["status"] == "Error" or run_result["return_code"] != 0:
                return -2
        return -1
    if body["status"] == "Success" and run_result and run_result["status"] == "Finished":
        return str(run_result["stdout"] or "").rstrip("\n") == expected.rstrip("\n")
    return -1


SUM = "import sys\nprint(sum(map(int, sys.stdin.read().split())))"


@pytest.mark.parametrize(
    ("code", "expected", "memory_mb"),
    [
        (SUM, True, 1024),
        ("print(0)", False, 1024),
        ("import os\nos._exit(0)", False, 1024),
        ("raise RuntimeError('x')", -2, 1024),
        ("import os\nos.kill(os.getpid(), 9)", -2, 1024),
        # 256 MB: zeroing pages up to a 1 GB limit can take the whole 2 s on a slow host.
        ("x = bytearray(2 << 30)", -2, 256),
        ("while True:\n    pass", -3, 1024),
        # SandboxFusion runs Python with no compile step: a syntax error fails the run.
        ("def broken(:", -2, 1024),
    ],
)
def test_verl_reads_our_run_code(code: str, expected: bool | int, memory_mb: int) -> None:
    assert verl_case_result(verl_post(code, "1 2 3\n", memory_mb=memory_mb), "6\n") == expected


def test_verl_compile_error_in_cpp() -> None:
    if not executor_for("cpp").is_installed():
        pytest.skip("no C++ compiler")
    assert verl_case_result(verl_post("int main( {", "", language="cpp"), "") == -4


def test_verl_nodejs_name() -> None:
    if not executor_for("javascript").is_installed():
        pytest.skip("no node")
    code = (
        "const s=require('fs').readFileSync(0,'utf8');"
        "console.log(s.split(/\\s+/).filter(Boolean).map(Number).reduce((a,b)=>a+b,0))"
    )
    assert verl_case_result(verl_post(code, "1 2 3", language="nodejs"), "6") is True


def test_verl_gets_504_for_a_sandbox_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    patch_program_run(monkeypatch, lambda *a, **k: system_error("lost", isolation="full"))
    response = verl_post(SUM, "1 2")
    assert response.status_code == 504
    assert verl_case_result(response, "3") == -1


# --- icip-cas/ScaleBox ------------------------------------------------------------------


def icip_config(language: str | None = "python", run_all_cases: bool = False) -> dict[str, Any]:
    config: dict[str, Any] = {
        "run_timeout": 10,
        "compile_timeout": 10,
        "extra": {"total_timeout": 300, "run_all_cases": run_all_cases},
    }
    if language:
        config["language"] = language
    return config


def icip_post(completion: str, config: dict[str, Any], test: dict[str, Any]) -> Any:
    payload = {
        "completion": completion,
        "config": {**config, "provided_data": {"test_cases": test}},
    }
    response = Client().post(
        "/common_evaluate_batch", data=json.dumps(payload), content_type="application/json"
    )
    response_ok = response.status_code == 200
    assert response_ok, response.content
    return response.json()


def icip_score(result: Any, run_all_cases: bool) -> float:
    if run_all_cases:
        tests = result.get("tests") if isinstance(result, dict) else None
        if isinstance(tests, list) and tests:
            passed = sum(1 for t in tests if isinstance(t, dict) and t.get("passed") is True)
            return passed / len(tests)
    return 1.0 if isinstance(result, dict) and result.get("accepted") else 0.0


LIVECODEBENCH_STDIO = {
    "type": "stdin_stdout",
    "input": ["1 2\n", "5 5\n", "0 0\n", "10 -3\n"],
    "output": ["3\n", "10\n", "0\n", "7\n"],
    "fn_name": None,
}


def test_icip_livecodebench_stdio() -> None:
    completion = "```python\na, b = map(int, input().split())\nprint(a + b)\n```"
    assert icip_score(icip_post(completion, icip_config(), LIVECODEBENCH_STDIO), False) == 1.0
    half = "```python\na, b = map(int, input().split())\nprint(a + b if a < 5 else 0)\n```"
    result = icip_post(half, icip_config(run_all_cases=True), LIVECODEBENCH_STDIO)
    assert icip_score(result, True) == 0.5
    assert icip_score(icip_post(half, icip_config(), LIVECODEBENCH_STDIO), False) == 0.0


def test_icip_livecodebench_functional() -> None:
    test = {
        "type": "function_call",
        "fn_name": "maxValue",
        "json_input": True,
        "input": ["[1, 5, 3]", "[-2, -7]"],
        "output": ["5", "-2"],
    }
    completion = (
        "```python\nfrom typing import List\nclass Solution:\n"
        "    def maxValue(self, nums: List[int]) -> int:\n        return max(nums)\n```"
    )
    result = icip_post(completion, icip_config(run_all_cases=True), test)
    assert icip_score(result, True) == 1.0
    assert [t["test_info"]["fn_name"] for t in result["tests"]] == ["maxValue", "maxValue"]


def test_icip_humaneval_and_mbpp() -> None:
    humaneval = {
        "type": "assert",
        "test": "\n\ndef check(candidate):\n    assert candidate('abc') == 'cba'\n",
        "entry_point": "reverse",
    }
    good = "```python\ndef reverse(s):\n    return s[::-1]\n```"
    assert icip_score(icip_post(good, icip_config(), humaneval), False) == 1.0
    exits = "```python\nimport sys\ndef reverse(s):\n    sys.exit(0)\n```"
    assert icip_score(icip_post(exits, icip_config(), humaneval), False) == 0.0


def test_icip_aethercode_special_judge() -> None:
    if not executor_for("cpp").is_installed():
        pytest.skip("no C++ compiler")
    checker = (
        '#include <fstream>\nint main(){std::ifstream in("stdin.txt"), ans("answer.txt");'
        "long c,a,b; in>>c; if(!(ans>>a>>b)) return 1; return a+b==c?0:1;}"
    )
    config = icip_config(language="cpp")
    config["extra"].update(
        special_judge_program=checker, special_judge_language="cpp", force_special_judge=True
    )
    test = {"type": "stdin_stdout", "input": ["3", "7"], "output": ["1 2", "3 4"], "fn_name": None}
    solution = (
        "```cpp\n#include <iostream>\nint main(){long c; std::cin>>c; std::cout<<c-1<<' '<<1;}\n```"
    )
    result = icip_post(solution, config, test)
    assert icip_score(result, False) == 1.0, result["tests"]
    assert set(result) >= {"id", "accepted", "extracted_code", "tests", "extracted_type"}
    assert set(result["tests"][0]) >= {"passed", "exec_info", "test_info"}
    assert set(result["tests"][0]["exec_info"]) >= {
        "status",
        "message",
        "compile_result",
        "run_result",
        "files",
    }
