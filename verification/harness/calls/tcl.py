"""Tcl: the stub (``tcl_stub.tcl``), hex-encoded on the first line so the submitted code
keeps its line numbers, runs in the namespace ``::scalebox_call``; the call follows the
code.

The function is the proc by its name, else that method of a new object of the TclOO
class ``Solution``. Every Tcl value is a string, so the arguments are: integers and
floats as their decimal text, strings as they are, booleans 1 and 0, lists as lists and
objects as dicts. The returned value is a list when it was built as one (``list``,
``lappend``, ``lmap``, ...), an object when built as a dict (``dict create``,
``dict set``, ...), and otherwise an integer or a float when its text reads as one, else a
string; an empty value is the empty string. What cannot be told apart this way is
refused: null and booleans (Tcl has neither), empty lists and objects, and strings that
read as numbers.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

STUB = Path(__file__).with_name("tcl_stub.tcl").read_text()

# The texts the stub reads as numbers.
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?|-?Inf|NaN")


def solver_source(user_code: str, fn_name: str, arity: int) -> str:
    prelude = f"namespace eval ::scalebox_call [binary decode hex {STUB.encode().hex()}]"
    return f"{prelude};{user_code}\n::scalebox_call::run {fn_name} {arity}\n"


def value_problem(value: Any, depth: int = 0) -> str | None:
    if depth > 100:
        return "nested too deeply"
    if value is None:
        return "Tcl has no null"
    if isinstance(value, bool):
        return "Tcl has no booleans (true and false are the numbers 1 and 0)"
    if isinstance(value, list | dict) and not value:
        return "an empty Tcl list or dict is the empty string"
    texts = list(value) if isinstance(value, dict) else [value]
    for text in texts:
        if isinstance(text, str) and any("\ud800" <= c <= "\udfff" for c in text):
            return "a string holds a lone surrogate, which Tcl cannot read from UTF-8"
    if isinstance(value, str) and _NUMBER.fullmatch(value):
        return f"the string {value!r} reads as a number in Tcl"
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    for item in items:
        why = value_problem(item, depth + 1)
        if why:
            return why
    return None
