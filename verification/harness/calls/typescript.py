"""TypeScript: transpiled to JavaScript as the executor does, with JavaScript's stub; the
parameters' declared types are erased, so values arrive as JavaScript values."""

from __future__ import annotations

from typing import Any

from verification.harness.calls import javascript


def solver_source(user_code: str, fn_name: str, arity: int) -> str:
    return javascript.solver_source(user_code, fn_name, arity)


def value_problem(value: Any) -> str | None:
    return javascript.value_problem(value)
