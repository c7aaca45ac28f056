"""Lua: the stub (``lua_stub.lua``) joined into the submitted code's first line, the call
after its last.

The arguments are Lua values: integers and floats (as JSON has them), strings,
booleans, nil, and tables (lists keyed 1..n, objects keyed by their strings). The
function is the one by its name, local or global, or else a ``Solution`` table's: called
on a new object (``Solution:new()`` or ``Solution.new()`` when it has one) if its first
parameter is ``self``. Several returned values are a list. Lua tables hold no nil, and
an empty table is read as an empty list: calls that need either are refused.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from verification.harness.calls import is_int64

_STUB_LINES = Path(__file__).with_name("lua_stub.lua").read_text().splitlines()
# One line: no line comments may follow the header.
STUB = " ".join(line.strip() for line in _STUB_LINES if not line.lstrip().startswith("--"))


def solver_source(user_code: str, fn_name: str, arity: int) -> str:
    first, newline, rest = user_code.partition("\n")
    if first.startswith("#"):  # Lua skips a first line starting with '#'
        first = ""
    return (
        f"{STUB} {first}{newline}{rest}\n"
        f"scalebox_call.run(function() return {fn_name} end, "
        f'function() return Solution end, "{fn_name}")\n'
    )


def value_problem(value: Any, depth: int = 0) -> str | None:
    if depth > 100:
        return "nested too deeply"
    if type(value) is int and not is_int64(value):
        return f"{value} does not fit in 64 bits"
    if isinstance(value, dict | list):
        items = list(value.values()) if isinstance(value, dict) else value
        if any(item is None for item in items):
            return "a Lua table cannot hold nil (a list or object holding null)"
        if isinstance(value, dict) and not value:
            return "an empty object is an empty Lua table, which is read as an empty list"
        for item in items:
            why = value_problem(item, depth + 1)
            if why:
                return why
    return None
