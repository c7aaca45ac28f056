"""Preludes: lines a benchmark's grader runs before every Python program it judges.

``livecodebench`` is the import prelude of LiveCodeBench's grader (stdin and
function-call programs alike): star imports of the standard modules its problems lean
on, the modules themselves, and a recursion limit of 50000. So a program that uses
``List``, ``defaultdict`` or ``gcd`` without importing it runs as it runs there.

A prelude is one line, put before the program (after its ``from __future__`` imports,
which must come first), so the program's own lines move down by exactly one: an error
at the program's line N is reported at line N + 1 of the source that runs. A program
that does not parse is left as it is.
"""

from __future__ import annotations

import ast
import re

# The order is the grader's: later star imports shadow earlier ones (``builtins`` puts
# back ``open``, ``pow`` and the rest), and the plain imports rebind the module names
# (``datetime``, ``copy``) that the star imports shadowed.
_LIVECODEBENCH_STAR = (
    "string",
    "re",
    "datetime",
    "collections",
    "heapq",
    "bisect",
    "copy",
    "math",
    "random",
    "statistics",
    "itertools",
    "functools",
    "operator",
    "io",
    "sys",
    "json",
    "builtins",
    "typing",
)
_LIVECODEBENCH_MODULES = (
    "string",
    "re",
    "datetime",
    "collections",
    "heapq",
    "bisect",
    "copy",
    "math",
    "random",
    "statistics",
    "itertools",
    "functools",
    "operator",
    "io",
    "sys",
    "json",
)
LIVECODEBENCH_RECURSION_LIMIT = 50000

LIVECODEBENCH = "; ".join(
    [
        *(f"from {module} import *" for module in _LIVECODEBENCH_STAR),
        "import " + ", ".join(_LIVECODEBENCH_MODULES),
        f"sys.setrecursionlimit({LIVECODEBENCH_RECURSION_LIMIT})",
    ]
)

_NEWLINE = re.compile(r"\r\n|\r|\n")

NONE = "none"
PRELUDES: dict[str, str] = {NONE: "", "livecodebench": LIVECODEBENCH}
"""Every prelude by name; ``none`` adds nothing."""


class UnknownPrelude(ValueError):
    def __init__(self, name: str) -> None:
        super().__init__(f"unknown prelude {name!r}; known: {', '.join(sorted(PRELUDES))}")
        self.name = name


def prelude_check(name: str) -> str:
    """``name`` if it names a prelude; raises ``UnknownPrelude`` otherwise."""
    if name not in PRELUDES:
        raise UnknownPrelude(name)
    return name


def prelude_apply(name: str, source: str) -> str:
    """``source`` with the prelude ``name`` put before it, as one line of its own.

    A program that does not parse gets no prelude: it fails as it is, and its error
    names its own line numbers.
    """
    text = PRELUDES[prelude_check(name)]
    if not text:
        return source
    try:
        body = ast.parse(source).body
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return source
    at = _line_offset(source, _future_imports_end(body))
    head = source[:at]
    if head and not head.endswith(("\n", "\r")):
        head += "\n"
    return head + text + "\n" + source[at:]


def _future_imports_end(body: list[ast.stmt]) -> int:
    """The last line of the ``from __future__`` imports (after the module docstring, if
    any) the program starts with; 0 when it has none."""
    end = 0
    for index, node in enumerate(body):
        if isinstance(node, ast.ImportFrom) and node.module == "__future__":
            end = node.end_lineno or node.lineno
        elif not (
            index == 0
            and isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            break
    return end


def _line_offset(source: str, lines: int) -> int:
    """Where the line after the first ``lines`` lines of ``source`` starts (line ends as
    Python's tokenizer counts them)."""
    offset = 0
    for _ in range(lines):
        end = _NEWLINE.search(source, offset)
        if end is None:
            return len(source)
        offset = end.end()
    return offset
