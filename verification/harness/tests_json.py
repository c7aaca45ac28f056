"""The stored test of a function-call or assert case: the JSON the harness reads.

Every door that makes such a case (the native API's inline tests, the compat endpoints,
the evaluation-suite loaders) builds it here, so all of them store the same bytes for
the same test (the suites' content hashes depend on them).
"""

from __future__ import annotations

import json
from typing import Any, NamedTuple


class HarnessTest(NamedTuple):
    """A case's stored ``input`` (what the harness reads after the submitted code) and
    its ``answer`` (what the checker compares the harness's report with)."""

    input: bytes
    answer: bytes


def function_call_test(fn_name: str, args: list[Any], expected: Any) -> HarnessTest:
    """One call of ``fn_name`` with ``args``, which must return ``expected`` (JSON)."""
    payload = json.dumps({"fn_name": fn_name, "args": args})
    return HarnessTest(payload.encode(), json.dumps(expected).encode())


def assert_test(test: str, entry_point: str | None) -> HarnessTest:
    """Test code run against the program: HumanEval's ``check(candidate)`` applied to
    ``entry_point``, or, without one, asserts that call the program's functions by name.
    The harness's report alone decides, so the answer is empty."""
    payload = json.dumps({"test": test, "entry_point": entry_point})
    return HarnessTest(payload.encode(), b"")
