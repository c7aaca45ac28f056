"""The API answers as its schema says: schemathesis against a real server.

A bounded, seeded run (schemathesis's coverage, fuzzing and stateful phases, positive
and negative data) against the schema served at /api/v1/schema/, which includes the
compatibility endpoints: no answer may be a server error, and every answer's status,
content type and body must be the ones the schema describes. The server is a real
process on a free port (tests/schema/server.py), in the embedded default, so
submissions are judged for real.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.schema.server import Server, call, running_server

pytestmark = pytest.mark.integration

CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
    ]
)
MAX_EXAMPLES = 25
SEED = 20261207
SCHEMATHESIS = Path(sys.executable).with_name("st")


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    # The sandbox's uids must reach the caches under the var directory: not below
    # pytest's private temporary directories.
    var_dir = Path(tempfile.mkdtemp(prefix="scalebox-schema-"))
    var_dir.chmod(0o755)
    try:
        with running_server(var_dir) as running:
            yield running
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)


def schemathesis_run(server: Server, token: str, workdir: Path, *selection: str) -> str:
    """Run schemathesis; return its report, failing the test if it found anything."""
    command = [
        str(SCHEMATHESIS),
        "run",
        f"{server.base_url}/api/v1/schema/?format=json",
        "--header",
        f"Authorization: Token {token}",
        "--checks",
        CHECKS,
        "--max-examples",
        str(MAX_EXAMPLES),
        "--seed",
        str(SEED),
        "--workers",
        "1",
        "--request-timeout",
        "120",
        "--generation-database",
        "none",
        "--generation-with-security-parameters",
        "false",
        "--no-color",
        *selection,
    ]
    done = subprocess.run(
        command, check=False, cwd=workdir, capture_output=True, text=True, timeout=900
    )
    report = done.stdout + done.stderr
    if done.returncode != 0:
        server_log = server.log.read_text(errors="replace")[-6000:]
        pytest.fail(
            f"schemathesis found failures:\n{report[-20000:]}\n--- server log:\n{server_log}"
        )
    return report


def test_the_server_judges_for_real(server: Server) -> None:
    # Answers that conform only because every run failed would prove little.
    submission = call(f"{server.base_url}/api/v1/submissions/{server.submission_id}/", server.token)
    assert submission["verdict"] == "AC"
    body = {"code": "print(input()[::-1])", "language": "python", "stdin": "olleh\n"}
    answer = call(f"{server.base_url}/run_code", server.token, body)
    assert (answer["status"], answer["run_result"]["stdout"]) == ("Success", "hello\n")


def test_every_operation_answers_as_the_schema_says(server: Server, tmp_path: Path) -> None:
    report = schemathesis_run(server, server.token, tmp_path)
    assert " passed" in report


def test_staff_judge_operations_answer_as_the_schema_says(server: Server, tmp_path: Path) -> None:
    # As staff, the judge endpoints get past their permission check; generation is left
    # out (it would call the configured language model for every problem).
    report = schemathesis_run(
        server,
        server.staff_token,
        tmp_path,
        "--include-path-regex",
        "^/api/v1/judges/",
        "--exclude-path",
        "/api/v1/judges/generate/",
    )
    assert " passed" in report
