"""Crystal: the submitted code first, then the stub (``crystal_stub.cr``) and the call.

The parameters' types are the method's own type restrictions, read by a macro
(``@top_level.methods``); one generic method, instantiated for each restriction,
converts the arguments: integers (range-checked), floats, Bool, String, Char, Array,
Set, Hash (keys from JSON strings), Tuple, Nil and unions (the member of the value's
kind), so a list may mix types. The returned value is written by overloads on its type
at run time. A method of a ``class Solution`` is
called on ``Solution.new`` (a class method on the class) when no top-level method of
that name takes as many parameters. Parameters without a type restriction are refused
at compile time: Crystal infers their types from the call, which JSON cannot give.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from verification.harness.calls import is_int64

STUB = Path(__file__).with_name("crystal_stub.cr").read_text()


def solver_source(user_code: str, fn_name: str, arity: int) -> str:
    return f"{user_code}\n\n{STUB}\nscalebox_run({fn_name}, {arity})\n"


def value_problem(value: Any, depth: int = 0) -> str | None:
    """Lists may mix types (unions hold them); integers must fit in 64 bits."""
    if depth > 100:
        return "nested too deeply"
    if type(value) is int and not is_int64(value):
        return f"{value} does not fit in 64 bits"
    items: list[Any] = []
    if isinstance(value, list):
        items = value
    elif isinstance(value, dict):
        items = list(value.values())
    for item in items:
        why = value_problem(item, depth + 1)
        if why:
            return why
    return None
