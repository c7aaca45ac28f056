"""Clojure: the submitted code, then the stub (``clojure_stub.clj``).

The function is a ``defn`` of the program's namespace (the one current at the end of
its code), else of another namespace the program creates. JSON lists arrive as vectors,
objects as maps with string keys, integers as longs (beyond 64 bits: BigInt), null as
``nil``; returned lists, seqs, sets and arrays are lists, keywords strings.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from verification.harness.calls import lone_surrogate_problem

STUB = Path(__file__).with_name("clojure_stub.clj").read_text()


def solver_source(user_code: str, fn_name: str, arity: int) -> str:
    return f'{user_code}\n{STUB} "{fn_name}")\n'


def value_problem(value: Any) -> str | None:
    return lone_surrogate_problem(
        value, "a string holds a lone surrogate, which UTF-8 cannot carry"
    )
