"""Function calls in languages other than Python: a solver stub per language.

A language's module here builds the *solver*: the submitted code with a small ``main``
of that language around it, compiled by the language's own executor. The solver reads
the call's arguments as tokens on its stdin, calls the function with them converted to
its parameters' types, and answers on file descriptor 3 (``ok`` and the returned value
as tokens, or ``raised`` and the hex of a message). The Python tester
(``verification/harness/python_template.py``) runs it: the tester alone knows the run's
nonce and writes the report the ``function_call`` checker reads, so a solver that exits
early, prints, or answers falsely cannot make a report that passes.

Tokens, one a line: ``n`` (null), ``b 0`` / ``b 1``, ``i <decimal>``, ``f <float>``
(Python's repr; ``nan``, ``inf``, ``-inf``), ``s <hex of the UTF-8 bytes>``,
``l <count>`` followed by the items, ``m <count>`` followed by each entry's key and
value. The request is a list of the arguments.

Each module offers ``solver_source(user_code, fn_name, arity) -> str`` and
``value_problem(value) -> str | None``: why the language cannot take or give a JSON
value (a list of mixed types where lists hold one type, an integer beyond 64 bits, ...),
or None.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from verification.executors import Program, executor_for
from verification.harness import TEMPLATE_PATH
from verification.sandbox import Limits, RunResult
from verification.sandbox.runner import SCRATCH

# Languages with a solver stub, each a module of this package by the same name.
SOLVER_LANGUAGES = (
    "ada",
    "bash",
    "clojure",
    "commonlisp",
    "c",
    "cpp",
    "crystal",
    "csharp",
    "d",
    "elixir",
    "erlang",
    "fortran",
    "go",
    "haskell",
    "java",
    "javascript",
    "kotlin",
    "kotlin_script",
    "lua",
    "nim",
    "ocaml",
    "pascal",
    "perl",
    "php",
    "prolog",
    "r",
    "racket",
    "ruby",
    "rust",
    "scala",
    "scheme",
    "tcl",
    "typescript",
    "verilog",
)

# The tester runs on the system's Python, isolated and without site, as Python's own
# harness does.
# The tester goes into each run's scratch directory (it starts before the solver, so the
# solver's writes there come too late to matter): the checkout it comes from need not be
# visible inside the sandbox.
TESTER_NAME = ".scalebox_tester.py"
TESTER_ARGV = ("/usr/bin/python3", "-I", "-S", f"{SCRATCH}/{TESTER_NAME}")
_TESTER = TEMPLATE_PATH.read_bytes()

INT64_MIN = -(1 << 63)
INT64_MAX = (1 << 63) - 1


class CallUnsupported(ValueError):
    """A call this language's solver cannot make: the reason names the value."""


def _module(language: str) -> ModuleType:
    if language not in SOLVER_LANGUAGES:
        raise CallUnsupported(f"function calls do not run in {language!r}")
    return importlib.import_module(f"{__name__}.{language}")


def solver_source(language: str, user_code: str, fn_name: str, arity: int) -> str:
    """The solver's source: ``user_code`` with the stub that calls ``fn_name``."""
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", fn_name):
        raise CallUnsupported(f"function name {fn_name!r} is not an identifier")
    source: str = _module(language).solver_source(user_code, fn_name, arity)
    return source


def call_problem(language: str, args: list[Any], expected: Any) -> str | None:
    """Why ``language`` cannot make this call (its arguments or its expected value), or
    None when it can."""
    module = _module(language)
    for i, arg in enumerate(args):
        why = module.value_problem(arg)
        if why:
            return f"argument {i + 1}: {why}"
    why = module.value_problem(expected)
    return f"expected value: {why}" if why else None


def call_program(language: str, user_code: str, fn_name: str, arity: int) -> Program:
    """The solver compiled (CompileError for the program's errors), run by the tester."""
    solver = executor_for(language).compile(
        solver_source(language, user_code, fn_name, arity).encode("utf-8")
    )
    return CallProgram(
        language=solver.language,
        directory=solver.directory,
        argv=(*TESTER_ARGV, *solver.argv),
        env=solver.env,
        extra_ro_paths=solver.extra_ro_paths,
        min_processes=solver.min_processes + 4,
    )


@dataclass(frozen=True)
class CallProgram(Program):
    """A solver under the tester, which each run brings into its scratch directory."""

    def run(
        self,
        stdin: bytes,
        limits: Limits,
        *,
        files: dict[str, bytes] | None = None,
        fetch_files: list[str] | None = None,
    ) -> RunResult:
        return super().run(
            stdin, limits, files={**(files or {}), TESTER_NAME: _TESTER}, fetch_files=fetch_files
        )


# -- what the stubs share ----------------------------------------------------------------


def is_int64(value: Any) -> bool:
    return type(value) is int and INT64_MIN <= value <= INT64_MAX


def lone_surrogate_problem(value: Any, why: str, depth: int = 0) -> str | None:
    """``why`` when a string anywhere in ``value`` (object keys too) holds a lone
    surrogate, which a language whose strings are Unicode text cannot take; None when
    none does."""
    if depth > 100:
        return "nested too deeply"
    texts = list(value) if isinstance(value, dict) else [value]
    for text in texts:
        if isinstance(text, str) and any("\ud800" <= c <= "\udfff" for c in text):
            return why
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    for item in items:
        found = lone_surrogate_problem(item, why, depth + 1)
        if found:
            return found
    return None


def typed_value_problem(value: Any, *, maps: bool = True, depth: int = 0) -> str | None:
    """Why a statically typed language cannot hold ``value``: integers beyond 64 bits,
    lists or objects mixing types (integers with floats are numbers; null goes with
    anything, as an optional value), objects when it has no maps; None when it can."""
    if depth > 100:
        return "nested too deeply"
    if type(value) is int and not is_int64(value):
        return f"{value} does not fit in 64 bits"
    items: list[Any] = []
    if isinstance(value, list):
        items = value
    elif isinstance(value, dict):
        if not maps:
            return "objects have no map type here"
        items = list(value.values())
    kinds = {_kind(item) for item in items} - {"null"}
    if len(kinds) > 1:
        what = "a list" if isinstance(value, list) else "an object whose values"
        return f"{what} mixing {', '.join(sorted(kinds))}"
    for item in items:
        why = typed_value_problem(item, maps=maps, depth=depth + 1)
        if why:
            return why
    return None


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "object"
    return "null"


def hex_escape(text: str) -> str:
    return text.encode("utf-8").hex()


__all__ = [
    "SOLVER_LANGUAGES",
    "CallUnsupported",
    "call_problem",
    "call_program",
    "solver_source",
    "typed_value_problem",
]
