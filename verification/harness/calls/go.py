"""Go: the stub's imports (``go_stub.go``) before the submitted code, its functions after.

The parameters' types are the function's own, read by reflection: integers, floats, bool,
string, slices, arrays, maps (keys from JSON strings), pointers (nil for null) and
``interface{}`` (which takes any value, so lists may mix types). A method of a
``type Solution`` is called on a new value. The submitted code's ``package`` clause is
dropped (completions often have none) and its own ``main`` renamed away. A function
whose last result is an ``error`` raises when that error is not nil; several results are
returned as a list. Nil slices and maps are returned as empty ones.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from verification.harness.calls import INT64_MAX, INT64_MIN

_HEADER, _MARKER, _BODY = (
    Path(__file__).with_name("go_stub.go").read_text().partition("// scalebox: declarations\n")
)
_PACKAGE = re.compile(r"^(\s*(?://[^\n]*\n\s*|/\*.*?\*/\s*)*)package\s+\w+[ \t]*;?", re.DOTALL)
_MAIN = re.compile(r"^func\s+main\s*\(", re.MULTILINE)


def solver_source(user_code: str, fn_name: str, arity: int) -> str:
    method = re.compile(rf"^func\s*\(\s*\w*\s*\*?\s*Solution\s*\)\s*{fn_name}\s*[\[(]", re.M)
    target = f"new(Solution).{fn_name}" if method.search(user_code) else fn_name
    code = _MAIN.sub("func scaleboxUserMain(", _PACKAGE.sub(r"\1", user_code, count=1))
    return (
        f"{_HEADER}//line solution.go:1\n{code}\n{_BODY}\nfunc main() {{ scaleboxRun({target}) }}\n"
    )


def value_problem(value: Any, depth: int = 0) -> str | None:
    # interface{} holds any JSON value, lists of mixed types too: only integers beyond 64
    # bits have no Go type.
    if depth > 100:
        return "nested too deeply"
    if type(value) is int and not INT64_MIN <= value <= INT64_MAX:
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
