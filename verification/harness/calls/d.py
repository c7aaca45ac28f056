"""D: the submitted code as a template of its own (``ScaleboxUser``), then the stub
(``d_stub.d``) and a ``main`` that calls the function through it.

The parameters' types are the function's own (std.traits): integers (range-checked),
floating point, bool, characters, strings, dynamic and static arrays, associative arrays
(keys from JSON strings), Nullable, Tuple and BigInt; of overloaded functions, the one
taking as many parameters as the call passes. A method of a ``class Solution`` (or
struct) is called on a new object. The code's own ``main`` is renamed away and its
``module`` declaration dropped; its unit tests run first, as in any D program here.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from verification.harness.calls import typed_value_problem

STUB = Path(__file__).with_name("d_stub.d").read_text()
_MODULE = re.compile(r"^(\s*)module\s+[\w.]+\s*;", re.MULTILINE)
# The code's own main, outside comments, strings and characters (kept as they are).
_MAIN = re.compile(
    r"//[^\n]*|/\*.*?\*/|/\+.*?\+/|r\"[^\"]*\"|`[^`]*`|\"(?:\\.|[^\"\\])*\""
    r"|'(?:\\.|[^'\\])*'|\b(main)\b",
    re.DOTALL,
)


def solver_source(user_code: str, fn_name: str, arity: int) -> str:
    user_code = _MODULE.sub(r"\1", user_code, count=1)
    if fn_name != "main":
        user_code = _MAIN.sub(lambda m: "scalebox_user_main" if m[1] else m[0], user_code)
    call = f'"{fn_name}", {arity}'
    return (
        f'template ScaleboxUser() {{\n#line 1 "solution.d"\n{user_code}\n}}\n'
        f'#line 1 "scalebox_stub.d"\n{STUB}\n'
        "alias ScaleboxUserCode = ScaleboxUser!();\n\n"
        "int main() {\n"
        "    static if (__traits(compiles, ScaleboxUserCode.Solution)\n"
        f'               && __traits(hasMember, ScaleboxUserCode.Solution, "{fn_name}"))\n'
        f"        return ScaleboxCall.run!(ScaleboxUserCode.Solution, {call})();\n"
        "    else\n"
        f"        return ScaleboxCall.run!(ScaleboxUserCode, {call})();\n"
        "}\n"
    )


def value_problem(value: Any) -> str | None:
    return typed_value_problem(value)
