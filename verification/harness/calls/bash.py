"""Bash: the function is called as ``result=$(fn args...)``, as a Bash program calls one.

The arguments are its positional parameters: strings, and numbers written in decimal.
What it prints, trailing newlines removed, is the value it returns: an integer or a
float when it reads as one, else a string. The request is read from stdin in the
solver's first line (joined to the submitted code's first line, so that its line numbers
hold and its own top-level commands read nothing); ``bash_stub.sh`` and the call follow
the submitted code. Booleans, null, lists and objects cannot be passed or returned.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

STUB = Path(__file__).with_name("bash_stub.sh").read_text()
_READ = "IFS= read -r -d '' __scalebox_request; exec 0< /dev/null;"


def solver_source(user_code: str, fn_name: str, arity: int) -> str:
    return f"{_READ} {user_code}\n{STUB}\n__scalebox_run {fn_name}\n"


def value_problem(value: Any) -> str | None:
    if isinstance(value, bool):
        return "Bash has no booleans"
    if value is None:
        return "Bash has no null"
    if isinstance(value, list):
        return "a Bash function takes and returns strings and numbers, not lists"
    if isinstance(value, dict):
        return "a Bash function takes and returns strings and numbers, not objects"
    if isinstance(value, str) and "\x00" in value:
        return "a Bash string cannot hold a NUL character"
    return None
