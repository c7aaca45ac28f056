"""JavaScript (Node.js): the submitted code, then the stub (``javascript_stub.js``).

The function is a method of a ``class Solution`` (called on a new object, or a static
method), a function the code declares (``function f``, ``const f = ...``), or one it
exports. A ``require.main === module`` guard the code brings around its own main does not
fire. Numbers are doubles: integers beyond 2**53 are refused, and a whole number is
answered as an integer (it matches an expected integer or float alike).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

STUB = Path(__file__).with_name("javascript_stub.js").read_text()

# Largest integer a double holds exactly together with its neighbours.
SAFE_INTEGER = (1 << 53) - 1

# Words a JavaScript program cannot declare as a function's name.
_RESERVED_WORDS = (
    "await break case catch class const continue debugger default delete do else enum "
    "export extends false finally for function if implements import in instanceof "
    "interface let new null package private protected public return static super switch "
    "this throw true try typeof var void while with yield"
)
_RESERVED = frozenset(_RESERVED_WORDS.split())
_DIRECTIVES = re.compile(r"""\A(\s*#![^\n]*\n)?(\s*(['"])use strict\3\s*;?)?""")


def solver_source(user_code: str, fn_name: str, arity: int) -> str:
    # The line disarming a main guard goes on the code's first line (after a shebang and
    # a "use strict" directive), so the code's line numbers stay as they were.
    head = _DIRECTIVES.match(user_code)
    cut = head.end() if head else 0
    code = f"{user_code[:cut]}require.main = undefined;{user_code[cut:]}"
    free = (
        "undefined"
        if fn_name in _RESERVED
        else f"typeof {fn_name} === 'function' ? {fn_name} : undefined"
    )
    return (
        f"{code}\n{STUB}"
        f"  typeof Solution === 'function' ? Solution : undefined,\n"
        f"  {free},\n  '{fn_name}');\n"
    )


def value_problem(value: Any, depth: int = 0) -> str | None:
    if depth > 100:
        return "nested too deeply"
    if type(value) is int and abs(value) > SAFE_INTEGER:
        return f"{value} is beyond the integers JavaScript numbers hold exactly (2**53 - 1)"
    items = (
        value
        if isinstance(value, list)
        else list(value.values())
        if isinstance(value, dict)
        else []
    )
    for item in items:
        why = value_problem(item, depth + 1)
        if why:
            return why
    return None
