"""Kotlin: the submitted code, then the stub (``kotlin_stub.kt``) with the file's ``main``.

The parameters' types are the function's JVM signature, read by reflection: ``Long``,
``Int``, ``Short``, ``Byte`` (range-checked), ``Double``, ``Float``, ``Boolean``,
``Char``, ``String``, ``LongArray`` and the other arrays, ``List``/``Set``/``Collection``
(mutable or not), ``Map`` (keys from JSON strings), nullable types for null and ``Any``.
The function is looked up in ``Solution`` first, then among the file's top-level
functions, then in every other top-level class; a method is called on the ``object``'s
instance or on a new object. ``Pair`` and ``Triple`` are returned as lists. The code's own
``main`` is renamed, so the stub's is the one the jar starts.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from verification.harness.calls import typed_value_problem

STUB = Path(__file__).with_name("kotlin_stub.kt").read_text()

_COMMENTS_AND_LITERALS = re.compile(
    r"//[^\n]*"
    r"|/\*.*?\*/"
    r'|""".*?"""'
    r'|"(?:\\.|[^"\\\n])*"'
    r"|'(?:\\.|[^'\\\n])*'",
    re.DOTALL,
)
_CLASS = re.compile(r"\b(?:class|object|interface)\s+([A-Za-z_][A-Za-z0-9_]*)")
_MAIN = re.compile(r"\bfun\s+(main)\s*\(")


def _blank(code: str) -> str:
    """The code with comments and literals blanked out, every offset kept."""
    return _COMMENTS_AND_LITERALS.sub(lambda m: re.sub(r"[^\n]", " ", m[0]), code)


def solver_source(user_code: str, fn_name: str, arity: int) -> str:
    blanked = _blank(user_code)
    code = user_code
    for match in reversed(list(_MAIN.finditer(blanked))):
        code = code[: match.start(1)] + "scalebox_user_main" + code[match.end(1) :]
    classes = list(dict.fromkeys(_CLASS.findall(blanked)))
    if "Solution" in classes:
        classes.remove("Solution")
        classes.insert(0, "Solution")
    names = ", ".join(f'"{name}"' for name in classes)
    call = f'"{fn_name}", {arity}, arrayOf<String>({names})'
    stub = STUB.replace("FN_NAME, ARITY, CLASSES", call)
    return f"{code}\n{stub}"


def value_problem(value: Any) -> str | None:
    return typed_value_problem(value)
