"""POST /run_code: SandboxFusion's fields, our verdicts, limits, files, failures."""

from __future__ import annotations

import base64
import threading
from typing import Any

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from verification import runs
from verification.compat import admission, tasks
from verification.compat.admission import DeadlineUnreachable, admitted, request_deadline_s
from verification.compat.run_code import run_code_response
from verification.executors import executor_for
from verification.runs import CodeRunResult, StepResult

pytestmark = pytest.mark.django_db(transaction=True)


def _run(client: APIClient, **body: Any) -> Any:
    payload = {"language": "python", "compile_timeout": 10, "run_timeout": 2, **body}
    return client.post("/run_code", payload, format="json")


def _ok(client: APIClient, **body: Any) -> dict[str, Any]:
    response = _run(client, **body)
    assert response.status_code == 200, response.content
    return response.json()


def test_success(client: APIClient) -> None:
    body = _ok(client, code="print(input()[::-1])", stdin="abc")
    assert body["status"] == "Success"
    assert body["message"] == ""
    assert body["verdict"] == "OK"
    run = body["run_result"]
    assert run["status"] == "Finished"
    assert run["return_code"] == 0
    assert run["stdout"] == "cba\n"
    assert run["stderr"] == ""
    assert run["execution_time"] > 0
    assert body["compile_result"]["status"] == "Finished"
    assert body["compile_result"]["return_code"] == 0
    assert body["files"] == {}


def test_non_zero_exit_is_failed_and_finished(client: APIClient) -> None:
    body = _ok(client, code="import sys\nprint('x')\nsys.exit(3)")
    assert body["status"] == "Failed"
    assert body["run_result"]["status"] == "Finished"
    assert body["run_result"]["return_code"] == 3
    assert body["run_result"]["stdout"] == "x\n"
    assert body["verdict"] == "RE"


def test_crash_by_signal(client: APIClient) -> None:
    body = _ok(client, code="import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)")
    assert body["status"] == "Failed"
    assert body["run_result"]["status"] == "Finished"
    assert body["run_result"]["return_code"] == 128 + 11
    assert body["verdict"] == "RE"


def test_raised_exception_reports_stderr(client: APIClient) -> None:
    body = _ok(client, code="raise ValueError('boom')")
    assert body["status"] == "Failed"
    assert body["run_result"]["return_code"] == 1
    assert "ValueError: boom" in body["run_result"]["stderr"]


def test_time_limit(client: APIClient) -> None:
    body = _ok(client, code="while True:\n    pass", run_timeout=0.5)
    assert body["status"] == "Failed"
    assert body["run_result"]["status"] == "TimeLimitExceeded"
    assert body["verdict"] == "TLE"


def test_memory_limit_is_enforced(client: APIClient) -> None:
    code = "x = bytearray(300 << 20)\nprint(len(x))"
    body = _ok(client, code=code, memory_limit_MB=128)
    assert body["status"] == "Failed"
    assert body["run_result"]["status"] == "Finished"
    assert body["run_result"]["return_code"] != 0
    assert body["verdict"] == "MLE"
    # The same program fits the default (1024 MB) when the limit is absent or -1.
    for extra in ({}, {"memory_limit_MB": -1}):
        assert _ok(client, code=code, **extra)["status"] == "Success"


def test_output_limit_maps_to_finished_and_non_zero() -> None:
    result = CodeRunResult(
        compile=StepResult("OK", exit_code=0),
        run=StepResult("OLE", wall_time_s=0.2, exit_code=None, stdout=b"y" * 10),
    )
    body = run_code_response(result)
    assert body["status"] == "Failed"
    assert body["run_result"]["status"] == "Finished"
    assert body["run_result"]["return_code"] != 0
    assert body["verdict"] == "OLE"


def test_compile_error(client: APIClient) -> None:
    if not executor_for("cpp").is_installed():
        pytest.skip("no C++ compiler")
    body = _ok(client, language="cpp", code="int main( { return 0; }")
    assert body["status"] == "Failed"
    assert body["verdict"] == "CE"
    assert body["run_result"] is None
    assert body["compile_result"]["status"] == "Finished"
    assert body["compile_result"]["return_code"] != 0
    assert "error" in body["compile_result"]["stderr"]


def test_python_syntax_error_is_a_compile_failure(client: APIClient) -> None:
    body = _ok(client, code="def f(:\n  pass")
    assert body["status"] == "Failed"
    assert body["compile_result"]["return_code"] != 0


@pytest.mark.parametrize(
    ("name", "ours"), [("nodejs", "javascript"), ("cpp", "cpp"), ("bash", "bash")]
)
def test_sandboxfusion_language_names(client: APIClient, name: str, ours: str) -> None:
    if not executor_for(ours).is_installed():
        pytest.skip(f"{ours} not installed")
    code = {
        "javascript": "console.log(require('fs').readFileSync(0, 'utf8').trim() + '!')",
        "cpp": '#include <iostream>\nint main(){std::string s;std::cin>>s;std::cout<<s<<"!\\n";}',
        "bash": 'read s; echo "$s!"',
    }[ours]
    body = _ok(client, language=name, code=code, stdin="hi\n")
    assert body["status"] == "Success", body
    assert body["run_result"]["stdout"] == "hi!\n"


def test_files_in_and_fetch_files_out(client: APIClient) -> None:
    code = (
        "data = open('in/data.txt').read()\n"
        "open('out.txt', 'w').write(data.upper())\n"
        "print(len(data))"
    )
    files = {"in/data.txt": base64.b64encode(b"hello").decode()}
    body = _ok(client, code=code, files=files, fetch_files=["out.txt"])
    assert body["status"] == "Success", body
    assert body["run_result"]["stdout"] == "5\n"
    assert base64.b64decode(body["files"]["out.txt"]) == b"HELLO"


@pytest.mark.parametrize(
    "files",
    [
        {"../escape.txt": base64.b64encode(b"x").decode()},
        {"/etc/passwd": base64.b64encode(b"x").decode()},
        {"a/../../b": base64.b64encode(b"x").decode()},
        {"ok.txt": "not base64!!"},
    ],
)
def test_unsafe_or_bad_files_are_refused(client: APIClient, files: dict[str, str]) -> None:
    response = _run(client, code="print(1)", files=files)
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "files"
    assert response.json()["detail"]


def test_oversized_file_is_refused(client: APIClient) -> None:
    big = base64.b64encode(b"x" * (runs.MAX_FILE_BYTES + 1)).decode()
    with override_settings(SCALEBOX_MAX_REQUEST_BYTES=64 << 20):
        response = _run(client, code="print(1)", files={"big.bin": big})
    assert response.status_code == 400


def test_fetch_files_must_stay_inside(client: APIClient) -> None:
    assert _run(client, code="print(1)", fetch_files=["../../etc/passwd"]).status_code == 400


def test_bad_requests(client: APIClient) -> None:
    assert _run(client, language="cobol-77", code="x").status_code == 422
    response = client.post("/run_code", {"language": "python"}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "code"
    assert _run(client, code="print(1)", run_timeout=-1).status_code == 400
    assert client.post("/run_code", [1, 2], format="json").status_code == 400


def _sandbox_error() -> CodeRunResult:
    return CodeRunResult(
        compile=StepResult("OK", exit_code=0), run=StepResult("SE", message="slot lost")
    )


def test_sandbox_failure_is_retried_then_504(
    client: APIClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []

    def failing(**kwargs: Any) -> CodeRunResult:
        calls.append(kwargs)
        return _sandbox_error()

    monkeypatch.setattr(runs, "code_run", failing)
    with override_settings(SCALEBOX_COMPAT_SANDBOX_RETRIES=2):
        response = _run(client, code="print(1)")
    assert response.status_code == 504
    assert response.json()["error"]["code"] == "sandbox_error"
    assert len(calls) == 3


def test_sandbox_failure_then_success_is_200(
    client: APIClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = runs.code_run
    outcomes = [_sandbox_error()]

    def flaky(**kwargs: Any) -> CodeRunResult:
        return outcomes.pop() if outcomes else real(**kwargs)

    monkeypatch.setattr(runs, "code_run", flaky)
    body = _ok(client, code="print(6 * 7)")
    assert body["status"] == "Success"
    assert body["run_result"]["stdout"] == "42\n"


def test_distributed_mode_uses_one_plain_task(
    client: APIClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent = []
    real = tasks.compat_run_code.apply_async

    def spy(*args: Any, **kwargs: Any) -> Any:
        sent.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(tasks.compat_run_code, "apply_async", spy)
    with override_settings(SCALEBOX_EMBEDDED=False):
        body = _ok(client, code="print(input())", stdin="through the task")
    assert len(sent) == 1
    assert sent[0]["kwargs"]["args"]["language"] == "python"
    assert body["run_result"]["stdout"] == "through the task\n"


# --- authentication, throttling, admission ------------------------------------------------


def test_token_required_by_default(anonymous: APIClient, client: APIClient) -> None:
    response = anonymous.post(
        "/run_code", {"code": "print(1)", "language": "python"}, format="json"
    )
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
    bad = APIClient()
    bad.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert (
        bad.post("/run_code", {"code": "1", "language": "python"}, format="json").status_code == 401
    )
    assert _run(client, code="print(1)").status_code == 200


@override_settings(SCALEBOX_COMPAT_ALLOW_ANONYMOUS=True, SCALEBOX_COMPAT_ANON_RATE="2/min")
def test_anonymous_when_enabled_and_rate_limited_per_client(
    anonymous: APIClient, client: APIClient
) -> None:
    for _ in range(2):
        assert _run(anonymous, code="print(1)").status_code == 200
    limited = _run(anonymous, code="print(1)")
    assert limited.status_code == 429
    other = APIClient(REMOTE_ADDR="10.9.8.7")
    assert _run(other, code="print(1)").status_code == 200
    assert _run(client, code="print(1)").status_code == 200  # token holders: their own rate


@override_settings(SCALEBOX_COMPAT_MAX_IN_FLIGHT=1, SCALEBOX_COMPAT_MAX_QUEUED=0)
def test_full_queue_answers_504_at_once(client: APIClient) -> None:
    with admitted(priority=5, deadline_s=30):
        response = _run(client, code="print(1)")
    assert response.status_code == 504
    assert response.json()["error"]["code"] == "deadline_unreachable"
    assert _run(client, code="print(1)").status_code == 200


@override_settings(SCALEBOX_COMPAT_MAX_IN_FLIGHT=1, SCALEBOX_COMPAT_MAX_QUEUED=4)
def test_request_that_cannot_meet_its_deadline_is_refused_early() -> None:
    with admitted(priority=3, deadline_s=60):
        pass  # one completed request: the lane learns its service time
    admission._lane(3).mean_service_s = 20.0
    holder = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with admitted(priority=3, deadline_s=60):
            holder.set()
            release.wait(5)

    thread = threading.Thread(target=hold)
    thread.start()
    holder.wait(5)
    try:
        with pytest.raises(DeadlineUnreachable), admitted(priority=3, deadline_s=15):
            pass
        # Another priority has its own lane and is not held up.
        with admitted(priority=4, deadline_s=15) as left:
            assert left > 14
    finally:
        release.set()
        thread.join()


def test_deadline_is_compile_plus_run_plus_margin() -> None:
    with override_settings(SCALEBOX_COMPAT_DEADLINE_MARGIN_S=5.0):
        assert request_deadline_s(compile_timeout_s=10, run_timeout_s=3) == 10 + 3 + 1 + 5


def test_ping(anonymous: APIClient) -> None:
    response = anonymous.get("/v1/ping")
    assert response.status_code == 200
    assert response.content == b"pong"
