"""What passes between the trusted side and the harness: its stdin and its report.

The harness's stdin is the submitted code (its length in bytes on a line, then the
code), then the stored test (see ``tests_json``) with the run's ``mode`` and a fresh
``nonce``. The harness answers with exactly one stdout line: a JSON object carrying that
nonce and a ``status`` (``returned`` with a type-tagged ``value``, ``raised``,
``passed`` with a count of ``asserts``, ``failed`` or ``unconfined``, with an ``error``;
``uncompiled``, with Python's ``error``, when the submitted code does not compile, which
the trusted side reports as a compile error). The submitted code cannot read the nonce,
so a report without it was not written by the harness.
"""

from __future__ import annotations

import json
from typing import Any

# The harness's report, as it wrote it; see the module docstring for its fields.
Report = dict[str, Any]


def harness_stdin(*, mode: str, payload: bytes, user_code: str, nonce: str) -> bytes:
    """The harness's stdin: ``user_code``, then the stored test ``payload`` with ``mode``
    and ``nonce`` added. A run's nonce must be fresh (``runner.run_stdin`` makes one)."""
    body = json.loads(payload)
    body["mode"] = mode
    body["nonce"] = nonce
    code = user_code.encode("utf-8")
    return b"%d\n" % len(code) + code + json.dumps(body).encode()


def _test_of(stdin: bytes) -> dict[str, Any]:
    """The test part of a harness's stdin (what follows the submitted code)."""
    head, _, rest = stdin.partition(b"\n")
    body = json.loads(rest[int(head) :])
    if not isinstance(body, dict):
        raise ValueError("harness input is not an object")
    return body


def harness_report(stdin: bytes, output: bytes) -> tuple[Report | None, str]:
    """The report the harness run on ``stdin`` wrote as ``output``, or None and why
    ``output`` is not one: not a single JSON line, or not carrying the run's nonce."""
    try:
        nonce = _test_of(stdin)["nonce"]
    except (ValueError, KeyError, TypeError):
        return None, "harness input carries no nonce"
    lines = output.decode("utf-8", errors="replace").strip().splitlines()
    if len(lines) != 1:
        return None, f"expected one harness report line, got {len(lines)}"
    try:
        report = json.loads(lines[0])
    except ValueError:
        return None, "the harness report is not JSON"
    if not isinstance(report, dict) or report.get("nonce") != nonce:
        return None, "the harness report does not carry this run's nonce"
    return report, ""
