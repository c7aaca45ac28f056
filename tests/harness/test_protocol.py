"""The harness's side of the protocol: each run's stdin and the report it answers with."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

import verification.harness
from verification.harness.protocol import harness_report, harness_stdin
from verification.harness.runner import run_stdin
from verification.harness.tests_json import assert_test, function_call_test

HARNESS_DIR = Path(verification.harness.__file__).parent


def test_stdin_is_the_code_then_the_test_with_mode_and_nonce():
    stdin = harness_stdin(
        mode="function_call", payload=b'{"fn_name": "f", "args": []}', user_code="é", nonce="n"
    )
    head, _, rest = stdin.partition(b"\n")
    assert head == b"2" and rest[:2] == "é".encode()
    assert json.loads(rest[2:]) == {
        "fn_name": "f",
        "args": [],
        "mode": "function_call",
        "nonce": "n",
    }


def _nonce(stdin: bytes) -> str:
    head, _, rest = stdin.partition(b"\n")
    return str(json.loads(rest[int(head) :])["nonce"])


def test_every_run_gets_a_fresh_nonce():
    payload = function_call_test("f", [], 1).input
    nonces = {
        _nonce(run_stdin(mode="function_call", payload=payload, user_code="")) for _ in range(3)
    }
    assert len(nonces) == 3 and all(len(n) == 32 for n in nonces)


STDIN = harness_stdin(
    mode="assert", payload=assert_test("assert 1", None).input, user_code="", nonce="abc"
)


def test_a_report_carrying_the_nonce_is_read():
    report, why = harness_report(STDIN, b'{"nonce": "abc", "status": "passed", "asserts": 1}\n')
    assert report == {"nonce": "abc", "status": "passed", "asserts": 1} and why == ""


@pytest.mark.parametrize(
    ("stdin", "output", "why"),
    [
        (
            STDIN,
            b'{"nonce": "abd", "status": "passed"}\n',
            "the harness report does not carry this run's nonce",
        ),
        (STDIN, b'["abc"]\n', "the harness report does not carry this run's nonce"),
        (
            STDIN,
            b'hi\n{"nonce": "abc", "status": "passed"}\n',
            "expected one harness report line, got 2",
        ),
        (STDIN, b"", "expected one harness report line, got 0"),
        (STDIN, b"{nonce\n", "the harness report is not JSON"),
        (b"", b'{"nonce": "abc"}\n', "harness input carries no nonce"),
        (b"0\n[1]", b'{"nonce": "abc"}\n', "harness input carries no nonce"),
    ],
)
def test_anything_else_is_no_report(stdin: bytes, output: bytes, why: str):
    assert harness_report(stdin, output) == (None, why)


def test_the_harness_imports_nothing_above_the_execution_core():
    for path in HARNESS_DIR.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                assert top not in {"judges", "eval_suites", "scalebox_site"}, (path.name, name)
                if top == "verification":
                    assert name.startswith("verification.harness"), (path.name, name)
