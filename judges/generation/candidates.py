"""Candidate judges: a built-in checker when one suffices, else the model's checker."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from judges.generation import kinds as k
from judges.generation.schemas import CheckerReply
from judges.models import Judge, JudgeKind

PYTHON_ENTRY = "checker.py"
CPP_ENTRY = "validator.cpp"


def builtin_candidates(
    *, kinds: list[str], float_tolerance: float | None, answers: Iterable[bytes]
) -> list[dict[str, Any]]:
    """Built-in checkers with parameters that may judge these kinds, likeliest first."""
    wanted = set(kinds)
    if not wanted or wanted & {k.MULTIPLE_ANSWERS, k.INTERACTIVE}:
        return []
    if wanted <= {k.FLOAT_TOLERANCE, k.CASE_INSENSITIVE}:
        args: list[str] = []
        if k.FLOAT_TOLERANCE in wanted:
            tolerance = float_tolerance or k.DEFAULT_FLOAT_TOLERANCE
            args = ["float_tolerance", f"{tolerance:g}"]
        # The default validator compares letters in any case unless told case_sensitive.
        return [_builtin("default", args)]
    if wanted == {k.UNORDERED_OUTPUT}:
        multi_line = any(len([ln for ln in a.splitlines() if ln.strip()]) > 1 for a in answers)
        names = ["unordered_lines", "unordered_tokens"]
        return [_builtin(name, []) for name in (names if multi_line else names[::-1])]
    return []


def _builtin(name: str, args: list[str]) -> dict[str, Any]:
    return {"kind": JudgeKind.BUILTIN, "builtin_name": name, "args": args}


def reply_candidate(reply: CheckerReply) -> dict[str, Any]:
    if reply.language == "python":
        return {
            "kind": JudgeKind.PYTHON,
            "language": "python",
            "files": {PYTHON_ENTRY: reply.source},
            "entry": PYTHON_ENTRY,
        }
    return {
        "kind": JudgeKind.KATTIS,
        "language": "cpp",
        "files": {CPP_ENTRY: reply.source},
        "entry": CPP_ENTRY,
    }


def unsaved_judge(candidate: dict[str, Any], *, key: str) -> Judge:
    """A Judge row not yet saved, enough to validate (judges are built by content)."""
    return Judge(
        key=key,
        kind=candidate["kind"],
        builtin_name=candidate.get("builtin_name", ""),
        args=list(candidate.get("args", [])),
        language=candidate.get("language", ""),
        files=dict(candidate.get("files", {})),
        entry=candidate.get("entry", ""),
    )
