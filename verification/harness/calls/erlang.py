"""Erlang: the submitted module with the stub (``erlang_stub.erl``) after its code.

The function is one of the module's own (exported or not), or of an escript's; the
module's ``main`` is renamed away so that the stub's ``main/0`` runs. JSON strings arrive
as binaries, lists as lists, objects as maps with binary keys, null as the atom ``null``;
a returned binary is a string (a charlist is a list of integers), a tuple a list, ``null``
and ``undefined`` null, any other atom a string. The BEAM has no NaN or infinite floats.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .elixir import value_problem as beam_value_problem

STUB = Path(__file__).with_name("erlang_stub.erl").read_text()

# The end of the -module attribute: the stub's main/0 is exported there, on the same line.
_MODULE = re.compile(r"^[ \t]*-[ \t]*module[ \t]*\([^)]*\)[ \t]*\.", re.MULTILINE)
# The program's own main: its clauses, calls, funs and exports (not other modules' main).
_MAIN = re.compile(r"(?<![\w:?'@$])main(?=\s*[(/])")


def solver_source(user_code: str, fn_name: str, arity: int) -> str:
    code = _MAIN.sub("scalebox_user_main", user_code)
    module = _MODULE.search(code)
    if module:
        code = f"{code[: module.end()]} -export([main/0]).{code[module.end() :]}"
    params = ", ".join(f"A{i}" for i in range(1, arity + 1))
    invoke = (
        f"scalebox_call_invoke([{params}]) -> {fn_name}({params});\n"
        "scalebox_call_invoke(Args) -> scalebox_call_refuse(io_lib:format("
        f'"{fn_name}/{arity} called with ~b arguments", [length(Args)])).\n'
    )
    return f"{code}\n{STUB}\n{invoke}"


def value_problem(value: Any) -> str | None:
    return beam_value_problem(value)
