"""R: the submitted code, then the stub (``r_stub.R``), which calls the function. The
arguments are read before the code runs: its top-level code cannot take them.

R has no 64-bit integers: JSON integers arrive as R integers when they fit 32 bits, as
doubles up to 2^53 beyond that, and larger ones are refused. A non-empty JSON list of
numbers, strings or booleans arrives as an atomic vector, any other list (the empty one
too) as a list, an object as a named list, null as NULL. R cannot tell a one-item vector
from a scalar: ``[7]`` arrives as ``7L``. Returned length-1 vectors are scalars, longer
(or empty) ones lists, named vectors and named lists objects, NA null, a matrix the list
of its rows: a one-item list is returned as ``list(7)``. A function ``fn_name`` is
called, else the method of that name of ``Solution`` (a reference class, a constructor
function, or a list of functions).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

STUB = Path(__file__).with_name("r_stub.R").read_text()
EXACT = 1 << 53
# Before the program's first line, on that line, so its line numbers stay.
_READ_REQUEST = (
    ".scalebox_request <- local({ stdin <- base::file('stdin'); "
    "on.exit(base::close(stdin)); base::readLines(stdin, warn = FALSE, encoding = 'UTF-8') }); "
)


def solver_source(user_code: str, fn_name: str, arity: int) -> str:
    stub = STUB.replace("@FN_NAME@", fn_name).replace("@ARITY@", str(arity))
    return f"{_READ_REQUEST}{user_code}\n{stub}"


def value_problem(value: Any, depth: int = 0) -> str | None:
    if depth > 100:
        return "nested too deeply"
    if type(value) is int and abs(value) > EXACT:
        return f"{value} is beyond the integers R holds exactly (2^53)"
    texts = list(value) if isinstance(value, dict) else [value]
    for text in texts:
        if isinstance(text, str):
            if "\0" in text:
                return "R strings cannot hold the NUL character"
            if any("\ud800" <= c <= "\udfff" for c in text):
                return "a string holds a lone surrogate, which is not UTF-8"
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    for item in items:
        why = value_problem(item, depth + 1)
        if why:
            return why
    return None
