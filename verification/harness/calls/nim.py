"""Nim: the submitted code first, then the stub (``nim_stub.nim``) and the call.

The parameters' types are the proc's own: a macro reads them from the proc's type and
generic procs, resolved at compile time (``when T is seq`` ...), convert each argument:
integers (range-checked), floats, bool, char, string, seq, array, Table/OrderedTable
(keys from JSON strings), Option (null) and tuples; of overloaded procs, the one taking
as many parameters as the call passes. A proc whose first parameter is a ``Solution``
(LeetCode style) is called on a new ``Solution()``. The code's ``when isMainModule``
blocks do not run.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from verification.harness.calls import typed_value_problem

STUB = Path(__file__).with_name("nim_stub.nim").read_text()
# isMainModule outside comments and strings (kept as they are).
_MAIN_MODULE = re.compile(
    r'#\[.*?\]#|#[^\n]*|"""[\s\S]*?"""|r"[^"\n]*"|"(?:\\.|[^"\\\n])*"'
    r"|'(?:\\[^']+|[^'\\])'|\b(isMainModule)\b",
    re.DOTALL,
)


def solver_source(user_code: str, fn_name: str, arity: int) -> str:
    code = _MAIN_MODULE.sub(lambda m: "false" if m[1] else m[0], user_code)
    return f'{code}\n\n{STUB}\nscaleboxRun({fn_name}, {arity}, "{fn_name}")\n'


def value_problem(value: Any) -> str | None:
    return typed_value_problem(value)
