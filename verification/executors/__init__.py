"""Language executors: one small module per language, registered by name below."""

from __future__ import annotations

from .base import (
    CompileError,
    CompileSystemError,
    Executor,
    Program,
    UnknownLanguage,
)
from .bash import BashExecutor
from .c import CExecutor
from .cpp import CppExecutor
from .go import GoExecutor
from .haskell import HaskellExecutor
from .java import JavaExecutor
from .javascript import JavaScriptExecutor
from .kotlin import KotlinExecutor
from .lua import LuaExecutor
from .perl import PerlExecutor
from .php import PhpExecutor
from .python import PythonExecutor
from .ruby import RubyExecutor
from .rust import RustExecutor
from .typescript import TypeScriptExecutor

_EXECUTOR_CLASSES: dict[str, type[Executor]] = {
    cls.name: cls
    for cls in (
        PythonExecutor,
        CExecutor,
        CppExecutor,
        BashExecutor,
        GoExecutor,
        HaskellExecutor,
        JavaExecutor,
        JavaScriptExecutor,
        KotlinExecutor,
        LuaExecutor,
        PerlExecutor,
        PhpExecutor,
        RubyExecutor,
        RustExecutor,
        TypeScriptExecutor,
    )
}
_instances: dict[str, Executor] = {}


def known_languages() -> list[str]:
    return sorted(_EXECUTOR_CLASSES)


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
    "CompileError",
    "CompileSystemError",
    "Executor",
    "Program",
    "UnknownLanguage",
    "executor_for",
    "known_languages",
]
