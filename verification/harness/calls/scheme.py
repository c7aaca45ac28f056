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

from verification.harness.calls import lone_surrogate_problem

_STUB_LINES = Path(__file__).with_name("scheme_stub.scm").read_text().splitlines()
# One line: the stub has no comments but whole-line ones.
STUB = " ".join(line.strip() for line in _STUB_LINES if not line.lstrip().startswith(";"))


def solver_source(user_code: str, fn_name: str, arity: int) -> str:
    return f"{STUB} {user_code}\n((@@ (guile-user) %scalebox-call) '{fn_name} {arity})\n"


def value_problem(value: Any) -> str | None:
    return lone_surrogate_problem(
        value, "a string holds a lone surrogate, which Guile strings cannot"
    )
