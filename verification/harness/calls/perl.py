"""Perl: the stub (``perl_stub.pl``) before the submitted code, the call after it.

The arguments are Perl values: numbers, strings (of UTF-8 bytes, as Perl reads them
from stdin; character strings returned are encoded), undef, array and hash references.
The sub is ``main``'s, or else a method of a ``Solution`` package called on a new object
(``Solution->new`` when it has one). A returned scalar is a string, an integer or a
float by its own flags; several returned values are a list. Perl has no booleans: calls
passing or expecting true or false are refused (its truth values are returned as 1 and
0).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from verification.harness.calls import is_int64

STUB = Path(__file__).with_name("perl_stub.pl").read_text()
# Perl stops reading the program at __END__ or __DATA__: the call goes before them.
_DATA = re.compile(r"^__(?:END|DATA)__\b", re.MULTILINE)


def solver_source(user_code: str, fn_name: str, arity: int) -> str:
    data = _DATA.search(user_code)
    code, tail = (user_code[: data.start()], user_code[data.start() :]) if data else (user_code, "")
    return (
        f'{STUB}\npackage main;\n#line 1 "solution.pl"\n{code}\n;\n'
        f"package main;\nScaleBox::Call::run('{fn_name}', {arity});\n{tail}"
    )


def value_problem(value: Any, depth: int = 0) -> str | None:
    if depth > 100:
        return "nested too deeply"
    if isinstance(value, bool):
        return "Perl has no booleans (its truth values are 1 and 0)"
    if type(value) is int and not is_int64(value):
        return f"{value} does not fit in 64 bits"
    items = list(value.values()) if isinstance(value, dict) else value
    if not isinstance(items, list):
        return None
    for item in items:
        why = value_problem(item, depth + 1)
        if why:
            return why
    return None
