"""The problem statement text and the title it may carry."""

from __future__ import annotations

import re
from pathlib import Path

from .files import read_inside

_DIRECTORIES = ("statement", "problem_statement")
_EXTENSIONS = (".tex", ".md", ".html")
_PROBLEM_NAME = re.compile(r"\\problemname\{([^{}]*)\}")


def find_statement(root: Path) -> tuple[str, str | None]:
    """The statement source and the title from its ``\\problemname``, if any.

    Looks in ``statement/`` (2025-09) then ``problem_statement/`` (legacy) for
    ``problem.en.<ext>``, then ``problem.<ext>``, then any ``problem.<lang>.<ext>``, with
    extensions in the order .tex, .md, .html. Empty when there is none (a PDF only).
    """
    for directory in (root / name for name in _DIRECTORIES):
        if not directory.is_dir():
            continue
        candidates = [directory / f"problem.en{ext}" for ext in _EXTENSIONS]
        candidates += [directory / f"problem{ext}" for ext in _EXTENSIONS]
        for ext in _EXTENSIONS:
            candidates += sorted(directory.glob(f"problem.*{ext}"))
        for candidate in candidates:
            if candidate.is_file():
                text = read_inside(root, candidate).decode("utf-8", errors="replace")
                match = _PROBLEM_NAME.search(text) if candidate.suffix == ".tex" else None
                return text, match.group(1).strip() if match else None
    return "", None
