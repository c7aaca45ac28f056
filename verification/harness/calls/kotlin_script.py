"""Kotlin scripts: the submitted script with the stub (``kotlin_script_stub.kts``) after
it. Right after the script's imports, the call's request is taken from stdin (the
script's own statements then read an empty stdin); after its statements, the stub finds
the function by reflection on the script's class (a method of a ``Solution`` class or
object first, else a top-level function) and converts each argument to the parameter's
declared type: Int, Long, Short, Byte (range-checked), Double, Float, Boolean, Char,
String, BigInteger, List/Collection/Set/ArrayList/..., Map/HashMap/... (keys from JSON
strings), Pair, Triple, arrays (IntArray, Array<T>, ...) and their nullable forms.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from verification.harness.calls import typed_value_problem

STUB = Path(__file__).with_name("kotlin_script_stub.kts").read_text()
_HEADER_LINE = re.compile(r"\s*(?:$|//|#!|@file:|import\s|package\s)")

_PROLOGUE = (
    "val scaleboxRequest: ByteArray = System.`in`.readBytes()\n"
    "System.setIn(java.io.ByteArrayInputStream(ByteArray(0)))\n"
)


def _header_end(lines: list[str]) -> int:
    """How many lines open the script with its imports (and comments, annotations)."""
    index = 0
    in_comment = False
    while index < len(lines):
        line = lines[index]
        if in_comment or line.lstrip().startswith("/*"):
            in_comment = "*/" not in line
        elif not _HEADER_LINE.match(line):
            break
        index += 1
    return index


def solver_source(user_code: str, fn_name: str, arity: int) -> str:
    lines = user_code.split("\n")
    head = _header_end(lines)
    header = "\n".join(lines[:head])
    body = "\n".join(lines[head:])
    return (
        f"{header}\n{_PROLOGUE}{body}\n{STUB}\n"
        f'ScaleboxCall.serve(this, "{fn_name}", {arity}, scaleboxRequest)\n'
    )


def value_problem(value: Any) -> str | None:
    return typed_value_problem(value)
