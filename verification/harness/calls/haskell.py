"""Haskell: the stub's classes convert the arguments to the function's parameter types
and its result to tokens; the compiler picks the conversions from the function's type.

Parameters and results may be Int, Int64, Int32, Integer, Double, Bool, Char, String,
lists, Maybe, Data.Set, Data.Map with String keys, pairs and triples, and the result may
be an IO action. The program's LANGUAGE pragmas go first, its module header is dropped
(the solver is module Main), its imports precede the stub's definitions, and its own
``main`` is renamed away.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from verification.harness.calls import typed_value_problem

STUB = Path(__file__).with_name("haskell_stub.hs").read_text()
_PRAGMAS = (
    "{-# LANGUAGE FlexibleInstances, FlexibleContexts, UndecidableInstances, "
    "ExtendedDefaultRules #-}\n"
)
_FILE_PRAGMA = re.compile(r"\{-#\s*(LANGUAGE|OPTIONS_GHC|OPTIONS)\b.*?#-\}", re.S)
_MODULE = re.compile(r"^module\s+[\w.']+\s*(\(.*?\))?\s*where\b", re.S | re.M)
_IMPORT = re.compile(r"^import\b", re.M)
_MAIN = re.compile(r"^main(?=[\s:=])", re.M)


def _split(user_code: str) -> tuple[str, str, str, int]:
    """The program's file pragmas, its imports, its body and the body's first line."""
    pragmas = " ".join(m.group(0) for m in _FILE_PRAGMA.finditer(user_code))
    code = _FILE_PRAGMA.sub(lambda m: "\n" * m.group(0).count("\n"), user_code)
    code = _MODULE.sub(lambda m: "\n" * m.group(0).count("\n"), code, count=1)
    lines = code.split("\n")
    end = 0
    for i, line in enumerate(lines):
        if _IMPORT.match(line):
            end = i + 1
            while end < len(lines) and (not lines[end].strip() or lines[end][0] in " \t"):
                end += 1
    return pragmas, "\n".join(lines[:end]), "\n".join(lines[end:]), end + 1


def solver_source(user_code: str, fn_name: str, arity: int) -> str:
    pragmas, imports, body, first = _split(user_code)
    body = _MAIN.sub("scaleboxUserMain", body)
    return (
        f"{_PRAGMAS}{pragmas}\nmodule Main (main) where\n"
        f'{{-# LINE 1 "solution.hs" #-}}\n{imports}\n{STUB}\n'
        f'{{-# LINE {first} "solution.hs" #-}}\n{body}\n\n'
        f"main :: IO ()\nmain = scaleboxRun Main.{fn_name}\n"
    )


def value_problem(value: Any) -> str | None:
    return typed_value_problem(value)
