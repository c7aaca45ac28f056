"""Common Lisp (SBCL): the stub (``commonlisp_stub.lisp``) joined into one line before the
submitted code, so its line numbers stay, and the call after it.

The function is the one named ``fn_name`` (as written, upcased, or with ``_`` as ``-``)
in the package the program ends in, else in ``CL-USER``; Common Lisp's own functions are
never taken. When the program defines a class ``SOLUTION`` and the function is a generic
function with a method for it, it is called on a new instance.

NIL is false, the empty list and null at once, so values are told apart thus: ``T`` and
``NIL`` are true and false, JSON null is the keyword ``:NULL``, lists are lists (an empty
list arrives as NIL; return an empty vector ``#()`` for it, since a returned NIL is
false), objects are EQUAL hash tables with string keys, integers are integers of any
size, floats double-floats. An argument holding both ``false`` and ``[]`` cannot be told
apart and is refused.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

_STUB_LINES = Path(__file__).with_name("commonlisp_stub.lisp").read_text().splitlines()
# One line: the stub has no comments but whole-line ones.
STUB = " ".join(line.strip() for line in _STUB_LINES if not line.lstrip().startswith(";"))


def solver_source(user_code: str, fn_name: str, arity: int) -> str:
    return f'{STUB} {user_code}\n(scalebox-call:run "{fn_name}" {arity})\n'


def value_problem(value: Any) -> str | None:
    kinds: set[str] = set()
    why = _walk(value, kinds, 0)
    if why:
        return why
    if {"false", "empty list"} <= kinds:
        return "it holds both false and an empty list, which are both NIL in Common Lisp"
    return None


def _walk(value: Any, kinds: set[str], depth: int) -> str | None:
    if depth > 100:
        return "nested too deeply"
    if value is False:
        kinds.add("false")
    if value == []:
        kinds.add("empty list")
    texts = list(value) if isinstance(value, dict) else [value]
    for text in texts:
        if isinstance(text, str) and any("\ud800" <= c <= "\udfff" for c in text):
            return "a string holds a lone surrogate, which SBCL cannot read from UTF-8"
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    for item in items:
        why = _walk(item, kinds, depth + 1)
        if why:
            return why
    return None
