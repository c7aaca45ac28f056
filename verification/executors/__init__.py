"""Language executors: one small module per language, registered by name below.

Each executor declares what is known about its language (names and aliases, source file
extensions, markdown fence tags, the test modes it runs); the lookups here answer from
those declarations, so adding a language is one module and one line in the registry.
"""

from __future__ import annotations

from collections.abc import Callable

from .ada import AdaExecutor
from .base import (
    ASSERT,
    FUNCTION_CALL,
    STDIN_STDOUT,
    CompileError,
    CompileSystemError,
    Executor,
    Program,
    UnknownLanguage,
)
from .bash import BashExecutor
from .c import CExecutor
from .clojure import ClojureExecutor
from .commonlisp import CommonLispExecutor
from .cpp import CppExecutor
from .crystal import CrystalExecutor
from .csharp import CSharpExecutor
from .d import DExecutor
from .elixir import ElixirExecutor
from .erlang import ErlangExecutor
from .fortran import FortranExecutor
from .go import GoExecutor
from .haskell import HaskellExecutor
from .java import JavaExecutor
from .javascript import JavaScriptExecutor
from .kotlin import KotlinExecutor
from .kotlin_script import KotlinScriptExecutor
from .lua import LuaExecutor
from .nim import NimExecutor
from .ocaml import OCamlExecutor
from .pascal import PascalExecutor
from .perl import PerlExecutor
from .php import PhpExecutor
from .prolog import PrologExecutor
from .pypy import PyPyExecutor
from .python import PythonExecutor
from .r import RExecutor
from .racket import RacketExecutor
from .ruby import RubyExecutor
from .rust import RustExecutor
from .scala import ScalaExecutor
from .scheme import SchemeExecutor
from .tcl import TclExecutor
from .typescript import TypeScriptExecutor
from .verilog import VerilogExecutor

# The registry: one line per language.
_EXECUTOR_CLASSES: dict[str, type[Executor]] = {
    cls.name: cls
    for cls in (
        PythonExecutor,
        PyPyExecutor,
        CExecutor,
        CppExecutor,
        BashExecutor,
        CSharpExecutor,
        DExecutor,
        AdaExecutor,
        ClojureExecutor,
        CommonLispExecutor,
        CrystalExecutor,
        ElixirExecutor,
        ErlangExecutor,
        FortranExecutor,
        GoExecutor,
        HaskellExecutor,
        JavaExecutor,
        JavaScriptExecutor,
        KotlinExecutor,
        KotlinScriptExecutor,
        LuaExecutor,
        NimExecutor,
        OCamlExecutor,
        PascalExecutor,
        PerlExecutor,
        PhpExecutor,
        RExecutor,
        RacketExecutor,
        RubyExecutor,
        RustExecutor,
        ScalaExecutor,
        PrologExecutor,
        SchemeExecutor,
        TclExecutor,
        TypeScriptExecutor,
        VerilogExecutor,
    )
}
_instances: dict[str, Executor] = {}

# Languages the peers run that no Debian package provides a runtime for.
_WITHOUT_RUNTIME = ("julia", "swift")


def _index(
    classes: dict[str, type[Executor]],
    keys_of: Callable[[type[Executor]], tuple[str, ...]],
    what: str,
) -> dict[str, str]:
    """Our language name by each key the executors declare; a key claimed twice is a bug."""
    index: dict[str, str] = {}
    for name, cls in classes.items():
        for key in dict.fromkeys(k.lower() for k in keys_of(cls)):
            if index.setdefault(key, name) != name:
                raise ValueError(f"{what} {key!r} is claimed by {index[key]} and {name}")
    return index


_BY_NAME = _index(_EXECUTOR_CLASSES, lambda cls: (cls.name, *cls.aliases), "language name")
_BY_EXTENSION = _index(_EXECUTOR_CLASSES, lambda cls: cls.extensions, "file extension")
_BY_FENCE_TAG = _index(
    _EXECUTOR_CLASSES, lambda cls: (cls.name, *cls.aliases, *cls.fence_tags), "fence tag"
)


def known_languages() -> list[str]:
    return sorted(_EXECUTOR_CLASSES)


def language_names() -> list[str]:
    """Every name a language is asked for by: our names and their aliases."""
    return sorted({name for cls in _EXECUTOR_CLASSES.values() for name in (cls.name, *cls.aliases)})


def language_named(name: str) -> str | None:
    """Our name for a language name or alias (any case), or None when no executor has it."""
    return _BY_NAME.get(name.strip().lower())


def no_runtime_reason(name: str) -> str | None:
    """Why ``name`` cannot run here when it names a language the peers run that has no
    runtime here (Swift, Julia); None for any other name."""
    key = name.strip().lower()
    if key not in _WITHOUT_RUNTIME:
        return None
    return (
        f"language {key!r} has no runtime here (no Debian package provides one); "
        f"languages that run here: {', '.join(known_languages())}"
    )


def language_for_extension(extension: str) -> str | None:
    """The language of source files ending in ``extension`` (".cpp", any case), or None."""
    return _BY_EXTENSION.get(extension.lower())


def language_for_fence(info: str) -> str | None:
    """The language a markdown fence's info string names by its first word, or None."""
    words = info.split()
    return _BY_FENCE_TAG.get(words[0].lower()) if words else None


def languages_supporting(mode: str) -> list[str]:
    """The languages that can run tests of ``mode`` (stdin_stdout, function_call, assert)."""
    return sorted(name for name, cls in _EXECUTOR_CLASSES.items() if mode in cls.test_modes)


def executor_for(language: str) -> Executor:
    cls = _EXECUTOR_CLASSES.get(language)
    if cls is None:
        raise UnknownLanguage(
            f"unknown language {language!r}; known: {', '.join(known_languages())}"
        )
    executor = _instances.get(language)
    if executor is None:
        executor = _instances.setdefault(language, cls())
    return executor


__all__ = [
    "ASSERT",
    "FUNCTION_CALL",
    "STDIN_STDOUT",
    "CompileError",
    "CompileSystemError",
    "Executor",
    "Program",
    "UnknownLanguage",
    "executor_for",
    "known_languages",
    "language_for_extension",
    "language_for_fence",
    "language_named",
    "language_names",
    "languages_supporting",
    "no_runtime_reason",
]
