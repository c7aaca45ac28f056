"""Scheme (GNU Guile): the stub (``scheme_stub.scm``) joined into one line before the
submitted code, so its line numbers stay, and the call after it.

The function is the procedure by its name in the module the program ends in; a generic
function with a method for the program's GOOPS class (``Solution``, ``<Solution>`` or
``<solution>``) is called on a new instance of it. JSON null is the symbol ``null`` (an
unspecified value is returned as null too); lists are lists, so ``'()`` is the empty list
and never null or false; objects are hash tables (``make-hash-table``) with string keys;
integers are exact (of any size), floats inexact reals; booleans are ``#t`` and ``#f``.
Vectors are returned as lists.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

_STUB_LINES = Path(__file__).with_name("scheme_stub.scm").read_text().splitlines()
# One line: the stub has no comments but whole-line ones.
STUB = " ".join(line.strip() for line in _STUB_LINES if not line.lstrip().startswith(";"))


def solver_source(user_code: str, fn_name: str, arity: int) -> str:
    return f"{STUB} {user_code}\n((@@ (guile-user) %scalebox-call) '{fn_name} {arity})\n"


def value_problem(value: Any, depth: int = 0) -> str | None:
    if depth > 100:
        return "nested too deeply"
    texts = list(value) if isinstance(value, dict) else [value]
    for text in texts:
        if isinstance(text, str) and any("\ud800" <= c <= "\udfff" for c in text):
            return "a string holds a lone surrogate, which Guile strings cannot"
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    for item in items:
        why = value_problem(item, depth + 1)
        if why:
            return why
    return None
