"""In distributed mode the compat endpoints run their programs on the Celery workers, never
in the web process: every way into the sandbox is closed in this (the web) process, and
/run_code, /common_evaluate and /common_evaluate_batch still judge, on a real worker over
a real broker."""

from __future__ import annotations

from typing import Any, NoReturn

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import make_user
from verification.compat.admission import admission_reset
from verification.executors.base import Executor
from verification.sandbox.fastpath import Zygote
from verification.sandbox.runner import Sandbox

pytestmark = pytest.mark.integration


def _not_here(*args: object, **kwargs: object) -> NoReturn:
    raise AssertionError("a program was compiled or run in the web process")


@pytest.fixture
def web_without_sandbox(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Executor, "compile", _not_here)
    monkeypatch.setattr(Sandbox, "run", _not_here)
    monkeypatch.setattr(Zygote, "__init__", _not_here)


@pytest.fixture
def client() -> APIClient:
    admission_reset()
    api = APIClient()
    token = Token.objects.create(user=make_user("rl-trainer"))
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return api


def _post(client: APIClient, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = client.post(path, body, format="json")
    assert response.status_code == 200, response.content
    return dict(response.json())


def test_run_code_runs_on_a_worker(
    start_worker: Any, web_without_sandbox: None, client: APIClient
) -> None:
    start_worker("compat@itest")
    python = _post(
        client,
        "/run_code",
        {"code": "print(int(input()) * 2)", "language": "python", "stdin": "21\n"},
    )
    assert python["status"] == "Success", python
    assert python["run_result"]["stdout"] == "42\n"
    cpp = _post(
        client,
        "/run_code",
        {
            "code": '#include <cstdio>\nint main(){int a; scanf("%d",&a); printf("%d\\n", a+1);}',
            "language": "cpp",
            "stdin": "41",
        },
    )
    assert cpp["status"] == "Success", cpp
    assert cpp["compile_result"]["status"] == "Finished"
    assert cpp["run_result"]["stdout"] == "42\n"
    wrong = _post(client, "/run_code", {"code": "print(", "language": "python"})
    assert wrong["status"] == "Failed", wrong


def test_common_evaluate_runs_on_a_worker(
    start_worker: Any, web_without_sandbox: None, client: APIClient
) -> None:
    start_worker("compat@itest")
    one = _post(
        client,
        "/common_evaluate",
        {
            "completion": "```python\ndef add(a, b):\n    return a + b\n```",
            "config": {
                "language": "python",
                "provided_data": {
                    "test_cases": [
                        {"type": "function_call", "fn_name": "add", "input": [1, 2], "output": 3},
                        {"type": "function_call", "fn_name": "add", "input": [2, 2], "output": 5},
                    ]
                },
                "extra": {"run_all_cases": True},
            },
        },
    )
    assert one["accepted"] is False
    assert [t["passed"] for t in one["tests"]] == [True, False], one["tests"]
    batch = _post(
        client,
        "/common_evaluate_batch",
        {
            "completion": "```cpp\n#include <iostream>\nint main(){long long n; std::cin >> n;"
            " std::cout << n * n << std::endl;}\n```",
            "config": {
                "language": "cpp",
                "provided_data": {
                    "test_cases": {
                        "type": "stdin_stdout",
                        "input": ["3", "-4", "100000"],
                        "output": ["9", "16", "10000000000"],
                    }
                },
                "extra": {"run_all_cases": True},
            },
        },
    )
    assert batch["accepted"] is True, batch["tests"]
    assert [t["passed"] for t in batch["tests"]] == [True, True, True]
