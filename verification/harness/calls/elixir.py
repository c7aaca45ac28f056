"""Elixir: the submitted code, then the stub (``elixir_stub.exs``).

The function is a public ``def`` of a module of the program (``Solution`` first), or a
bare ``def`` with no module around it, which then goes into a module ``Solution``. JSON
strings are binaries, lists lists (a returned tuple is a list too), objects maps with
string keys (atoms are returned as strings), null ``nil``. The BEAM has no NaN or
infinite floats.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

STUB = Path(__file__).with_name("elixir_stub.exs").read_text()
_DEFMODULE = re.compile(r"^\s*defmodule\s", re.MULTILINE)


def solver_source(user_code: str, fn_name: str, arity: int) -> str:
    if not _DEFMODULE.search(user_code):
        user_code = f"defmodule Solution do {user_code}\nend"
    return f'{user_code}\n{STUB} "{fn_name}", {arity})\n'


def value_problem(value: Any, depth: int = 0) -> str | None:
    if depth > 100:
        return "nested too deeply"
    if isinstance(value, float) and not math.isfinite(value):
        return f"{value} is not a float the BEAM holds"
    items = value if isinstance(value, list) else []
    if isinstance(value, dict):
        items = list(value.values())
    for item in items:
        why = value_problem(item, depth + 1)
        if why:
            return why
    return None
