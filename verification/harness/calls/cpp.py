"""C++: the stub (``cpp_stub.hpp``) before the submitted code, ``main`` after it.

The parameters' types are the function's own (read by the compiler from its pointer):
integers, floating point, bool, char, std::string, vector/list/deque/array/set,
map/unordered_map (keys from JSON strings), pair, tuple and optional; a method of a
``class Solution`` is called on a new object. The submitted code's own ``main`` is
renamed away.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from verification.harness.calls import typed_value_problem

STUB = Path(__file__).with_name("cpp_stub.hpp").read_text()
_SOLUTION = re.compile(r"\b(class|struct)\s+Solution\b")


def solver_source(user_code: str, fn_name: str, arity: int) -> str:
    target = f"&Solution::{fn_name}" if _SOLUTION.search(user_code) else f"&{fn_name}"
    return (
        f'{STUB}\n#define main scalebox_user_main\n#line 1 "solution.cpp"\n{user_code}\n'
        f"#undef main\nsigned main() {{ return scalebox_call::run({target}); }}\n"
    )


def value_problem(value: Any) -> str | None:
    return typed_value_problem(value)
