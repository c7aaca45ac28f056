"""Building harnessed programs: the harness's source and each run's stdin (the trusted
side; the checkers ``function_call`` and ``assert`` judge its reports)."""

from __future__ import annotations

import secrets

from verification.harness import TEMPLATE_PATH
from verification.harness.protocol import harness_stdin

_TEMPLATE = TEMPLATE_PATH.read_text()


def harness_source() -> str:
    """The program the sandbox runs for function-call and assert tests (any submission:
    the submitted code comes on its stdin, see ``run_stdin``)."""
    return _TEMPLATE


def run_stdin(*, mode: str, payload: bytes, user_code: str) -> bytes:
    """The harness's stdin for one run: the submitted code (its length in bytes on a
    line, then the code), then the stored test with a fresh nonce."""
    return harness_stdin(
        mode=mode, payload=payload, user_code=user_code, nonce=secrets.token_hex(16)
    )
