"""Clojure: the submitted code, then the stub (``clojure_stub.clj``).

The function is a ``defn`` of the program's namespace (the one current at the end of
its code), else of another namespace the program creates. JSON lists arrive as vectors,
objects as maps with string keys, integers as longs (beyond 64 bits: BigInt), null as
``nil``; returned lists, seqs, sets and arrays are lists, keywords strings.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

STUB = Path(__file__).with_name("clojure_stub.clj").read_text()


def solver_source(user_code: str, fn_name: str, arity: int) -> str:
    return f'{user_code}\n{STUB} "{fn_name}")\n'


def value_problem(value: Any, depth: int = 0) -> str | None:
    if depth > 100:
        return "nested too deeply"
    texts = list(value) if isinstance(value, dict) else [value]
    for text in texts:
        if isinstance(text, str) and any("\ud800" <= c <= "\udfff" for c in text):
            return "a string holds a lone surrogate, which UTF-8 cannot carry"
    items = value if isinstance(value, list) else []
    if isinstance(value, dict):
        items = list(value.values())
    for item in items:
        why = value_problem(item, depth + 1)
        if why:
            return why
    return None
