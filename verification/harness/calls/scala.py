"""Scala: an entry object first (the one the executor runs), the stub
(``scala_stub.scala``), then the submitted code inside ``object ScaleboxUser``.

Each parameter's type is converted by a ``Dec`` the compiler finds for it: Int, Long,
Short, Byte (range-checked), Double, Float, Boolean, Char, String, BigInt, Option,
List, Vector, Seq, IndexedSeq, Set, Array, ArrayBuffer, Map and mutable.Map (keys from
JSON strings), 2- and 3-tuples and Any; a type without one is a compile error that names
it. The returned value is read by its runtime class, the Scala and Java libraries' own
only. The function is a method of ``Solution`` (an object, or a class made with no
arguments) when the code declares one, else of the top-level object or class declaring
it, else a bare ``def`` (the peers' completions are one). Being nested in an object, the
code's own ``main`` or ``App`` never runs.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from verification.executors.java import _COMMENTS_AND_LITERALS, _blocks
from verification.harness.calls import typed_value_problem

STUB = Path(__file__).with_name("scala_stub.scala").read_text()
_OWNER = re.compile(r"\b(object|class)\s+([A-Za-z_][A-Za-z0-9_]*)")


def _target(user_code: str, fn_name: str) -> str:
    """The function, eta-expanded, as the entry object names it."""
    code = _COMMENTS_AND_LITERALS.sub(" ", user_code)
    declares = re.compile(rf"\bdef\s+{fn_name}\b")
    owners = []
    for header, body in _blocks(code):
        owner = _OWNER.search(header)
        if owner and declares.search(body):
            owners.append((owner[2] != "Solution", owner[1], owner[2]))
    if not owners:
        return f"ScaleboxUser.{fn_name} _"
    _, kind, name = min(owners)
    if kind == "class":
        return f"(new ScaleboxUser.{name}).{fn_name} _"
    return f"ScaleboxUser.{name}.{fn_name} _"


def _entry(target: str, arity: int) -> str:
    types = [f"A{i}" for i in range(1, arity + 1)]
    decs = ", ".join(f"d{i}: ScaleboxCall.Dec[A{i}]" for i in range(1, arity + 1))
    args = ", ".join(f"ScaleboxCall.arg(args, {i - 1}, d{i})" for i in range(1, arity + 1))
    implicits = f"(implicit {decs})" if arity else ""
    signature = f"[{', '.join([*types, 'R'])}](f: ({', '.join(types)}) => R){implicits}"
    return (
        "object ScaleboxMain {\n"
        f"  def main(argv: Array[String]): Unit = ScaleboxCall.serve({arity}) {{ args =>\n"
        f"    def call{signature}: Any =\n"
        f"      f({args})\n"
        f"    call({target})\n"
        "  }\n"
        "}\n"
    )


def solver_source(user_code: str, fn_name: str, arity: int) -> str:
    return (
        f"{_entry(_target(user_code, fn_name), arity)}\n{STUB}\n"
        f"object ScaleboxUser {{\n{user_code}\n}}\n"
    )


def value_problem(value: Any) -> str | None:
    return typed_value_problem(value)
