"""POST /run_code: SandboxFusion's fields, our verdicts, limits, files, failures."""

from __future__ import annotations

import base64
import threading
import time
from typing import Any

import pytest
from django.db import connection
from django.test import override_settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import make_user
from verification import runs
from verification.compat import admission, tasks, views
from verification.compat.admission import (
    DeadlineUnreachable,
    admitted,
    request_deadline_s,
    run_code_deadline_s,
)
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


def test_python_syntax_error_is_reported_by_the_run(client: APIClient) -> None:
    """As SandboxFusion, which runs `python main.py` with no compile step: the run ends
    with return code 1 and Python's own report in stderr, so verl scores it -2 (runtime
    error), not -4 (compile error). Our verdict stays CE."""
    body = _ok(client, code="x = 1\ndef f(:\n  pass")
    assert body["status"] == "Failed"
    assert body["message"] == ""
    assert body["compile_result"] is None
    run = body["run_result"]
    assert run["status"] == "Finished"
    assert run["return_code"] == 1
    assert run["stdout"] == ""
    assert run["stderr"].startswith('  File "main.py", line 2\n    def f(:\n')
    assert run["stderr"].rstrip().endswith("SyntaxError: invalid syntax")
    assert body["verdict"] == "CE"


@pytest.mark.parametrize(
    ("language", "code"),
    [
        ("javascript", "let x = ;"),
        ("typescript", "let x: = ;"),
        ("bash", "if then"),
        ("ruby", "def f("),
        ("php", "<?php echo (;"),
        ("perl", "my $x = ;"),
        ("lua", "x = = 1"),
        ("r", "x <- (1 +"),
        ("racket", "(define"),
        ("kotlin_script", "val x = "),
    ],
)
def test_interpreted_syntax_errors_are_reported_by_the_run(
    client: APIClient, language: str, code: str
) -> None:
    if not executor_for(language).is_installed():
        pytest.skip(f"{language} not installed")
    body = _ok(client, language=language, code=code)
    assert body["status"] == "Failed"
    assert body["compile_result"] is None
    assert body["run_result"]["status"] == "Finished"
    assert body["run_result"]["return_code"] == 1
    assert body["run_result"]["stderr"]
    assert body["verdict"] == "CE"


@pytest.mark.parametrize("language", ["python", "cpp"])
def test_a_compile_step_that_times_out_is_time_limit_exceeded(language: str) -> None:
    """Runs put the compiler's report in stderr; a check that ran out of time is no
    syntax error, in an interpreted language either."""
    report = b"compilation time limit exceeded (cpu time limit exceeded)"
    step = StepResult("CE", exit_code=1, stderr=report)
    body = run_code_response(CodeRunResult(compile=step, run=None), language=language)
    assert body["compile_result"]["status"] == "TimeLimitExceeded"
    assert body["compile_result"]["return_code"] is None
    assert body["run_result"] is None


def test_python_traceback_names_only_the_program() -> None:
    """The syntax check runs inside our own launcher: its frames are not the program's."""
    checked = (
        b"Traceback (most recent call last):\n"
        b'  File "/zygote.py", line 267, in _python_child\n'
        b"    exec(compiled, namespace)\n"
        b'  File "/prog/main.py", line 1, in <module>\n'
        b'  File "main.py", line 2\n'
        b"    def f(:\n"
        b"          ^\n"
        b"SyntaxError: invalid syntax"
    )
    step = StepResult("CE", exit_code=1, stderr=checked)
    run = run_code_response(CodeRunResult(compile=step, run=None), language="python")["run_result"]
    assert run["stderr"] == (
        '  File "main.py", line 2\n    def f(:\n          ^\nSyntaxError: invalid syntax\n'
    )


def test_a_python_check_failure_without_a_line_keeps_only_the_error(client: APIClient) -> None:
    run = _ok(client, code="x = 1\0\n")["run_result"]
    assert run["return_code"] == 1
    # SyntaxError or ValueError, as the interpreter's version has it; one line either way.
    assert run["stderr"].endswith("Error: source code string cannot contain null bytes\n")
    assert run["stderr"].count("\n") == 1


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


@pytest.mark.parametrize("language", ["swift", "julia"])
def test_a_language_without_a_runtime_here_is_a_422_naming_it(
    client: APIClient, language: str
) -> None:
    response = _run(client, language=language, code="print(1)")
    assert response.status_code == 422
    assert f"language '{language}' has no runtime here" in response.json()["error"]["message"]


@override_settings(SCALEBOX_EMBEDDED=True)
def test_a_language_whose_runtime_is_missing_is_a_422_naming_it(
    client: APIClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(type(executor_for("scala")), "is_installed", lambda self: False)
    response = _run(client, language="scala", code="object Main extends App { println(1) }")
    assert response.status_code == 422
    message = response.json()["error"]["message"]
    assert "language 'scala' has no runtime installed here" in message


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


VERL_CLIENT_SLACK_S = 10  # verl's request timeout: compile + run timeout + API_TIMEOUT (10 s)


@pytest.mark.parametrize(("compile_s", "run_s"), [(10, 10), (1, 3), (0.5, 0.5), (30, 60)])
def test_run_code_deadline_ends_well_before_verls_timeout(compile_s: float, run_s: float) -> None:
    deadline = run_code_deadline_s(compile_timeout_s=compile_s, run_timeout_s=run_s)
    assert compile_s + run_s + 1 < deadline  # the run's wall-time slack fits
    assert deadline <= compile_s + run_s + VERL_CLIENT_SLACK_S - 3


def test_run_code_deadline_follows_a_smaller_margin() -> None:
    with override_settings(SCALEBOX_COMPAT_DEADLINE_MARGIN_S=0.5):
        assert run_code_deadline_s(compile_timeout_s=2, run_timeout_s=3) == 2 + 3 + 1 + 0.5
    with override_settings(SCALEBOX_COMPAT_MAX_DEADLINE_S=7.0):
        assert run_code_deadline_s(compile_timeout_s=10, run_timeout_s=10) == 7.0


@override_settings(SCALEBOX_COMPAT_MAX_IN_FLIGHT=1)
def test_a_request_waits_for_a_slot_no_longer_than_it_may_start() -> None:
    holder = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with admitted(priority=2, deadline_s=60):
            holder.set()
            release.wait(10)

    thread = threading.Thread(target=hold)
    thread.start()
    holder.wait(5)
    try:
        started = time.monotonic()
        with (
            pytest.raises(DeadlineUnreachable),
            admitted(priority=2, deadline_s=30, start_within_s=0.5),
        ):
            pass
        assert time.monotonic() - started < 5
    finally:
        release.set()
        thread.join()


@override_settings(SCALEBOX_COMPAT_MAX_IN_FLIGHT=1, SCALEBOX_COMPAT_DEFAULT_PRIORITY=5)
def test_a_queued_request_gets_its_504_before_verl_gives_up(client: APIClient) -> None:
    """verl retries a 504; a request still queued when its own timeout passes is lost."""
    holder = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with admitted(priority=5, deadline_s=60):
            holder.set()
            release.wait(30)

    thread = threading.Thread(target=hold)
    thread.start()
    holder.wait(5)
    try:
        started = time.monotonic()
        response = _run(client, code="print(1)", compile_timeout=0.5, run_timeout=0.5)
        took = time.monotonic() - started
    finally:
        release.set()
        thread.join()
    assert response.status_code == 504
    assert response.json()["error"]["code"] == "deadline_unreachable"
    assert took < 0.5 + 0.5 + VERL_CLIENT_SLACK_S - 2


@override_settings(SCALEBOX_COMPAT_MAX_IN_FLIGHT=1, SCALEBOX_COMPAT_DEFAULT_PRIORITY=5)
def test_a_request_whose_slot_comes_too_late_gets_504_instead_of_running(
    client: APIClient,
) -> None:
    """Its deadline is 0.5 + 3 + 6 = 9.5 s and its run may take 4 s of wall time: a slot
    that frees after 7 s comes too late, and it stops waiting at 5.5 s."""
    holder = threading.Event()

    def hold() -> None:
        with admitted(priority=5, deadline_s=60):
            holder.set()
            time.sleep(7)

    thread = threading.Thread(target=hold)
    thread.start()
    holder.wait(5)
    try:
        started = time.monotonic()
        response = _run(client, code="while True:\n    pass", compile_timeout=0.5, run_timeout=3)
        took = time.monotonic() - started
    finally:
        thread.join()
    assert response.status_code == 504, response.content
    assert response.json()["error"]["code"] == "deadline_unreachable"
    assert took < 7


def test_ping(anonymous: APIClient) -> None:
    """Both peers answer their FastAPI handler's return value: the JSON string "pong"."""
    response = anonymous.get("/v1/ping")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.content == b'"pong"'
    assert response.json() == "pong"


@pytest.mark.usefixtures("transactional_db")
def test_run_code_gives_back_its_database_connection_before_it_waits(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A request authenticates with the database, then holds no connection while it waits
    for admission and its run: gunicorn's threads outnumber PostgreSQL's connections."""

    token = Token.objects.create(user=make_user("waits-without-a-connection"))
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    seen: list[bool] = []
    real = views.code_run_execute

    def execute(request: Any) -> dict[str, Any]:
        seen.append(connection.connection is None)
        return real(request)

    monkeypatch.setattr(views, "code_run_execute", execute)
    assert connection.connection is not None  # the token's own query opened it
    body = _ok(api, code="print(2)")
    assert body["run_result"]["stdout"] == "2\n"
    assert seen == [True]


def test_embedded_run_past_its_deadline_is_a_504_while_it_still_runs(
    client: APIClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In the embedded mode a run that has not ended by the request's deadline (here it
    waits until the test lets it go) is answered 504 then, not whenever it ends."""
    release = threading.Event()
    started = threading.Event()
    real = runs.code_run

    def held(**kwargs: Any) -> CodeRunResult:
        started.set()
        release.wait(60)
        return real(**kwargs)

    monkeypatch.setattr(runs, "code_run", held)
    try:
        with override_settings(SCALEBOX_COMPAT_MAX_DEADLINE_S=1.0):
            response = _run(client, code="print(1)")
        assert started.is_set()
        assert response.status_code == 504
        assert response.json()["error"]["code"] == "deadline_unreachable"
    finally:
        release.set()
