"""Telling a Python 2 submission from a Python 3 one, by its ``#!`` line or its content.

Packages from contest archives hold Python 2 solutions without a ``#!`` line. A source is
Python 2 when its first line names python2, or when it is not Python 3 and shows Python 2
(a ``print x`` statement, ``except E, e:``, backquotes, ``<>``, ``ur''``/``0777``
literals), or when it parses as Python 3 but calls ``raw_input``, ``xrange`` or
``unichr`` without defining them (a NameError under Python 3 on its first use) or writes
``print >>stream, x``.
"""

from __future__ import annotations

import ast
import re
import warnings

_SHEBANG = re.compile(rb"#![^\n]*\bpython2(?:\.\d+)?\b")
_PY2_ONLY_NAMES = ("raw_input", "xrange", "unichr")
_PY2_SYNTAX = (
    re.compile(rb"^[ \t]*print[ \t]+[^ \t\n(=#][^\n]*$", re.M),  # print x, print "x"
    re.compile(rb"^[ \t]*print[ \t]*$", re.M),  # a bare print
    re.compile(rb"^[ \t]*print[ \t]*>>", re.M),  # print >>sys.stderr, x
    re.compile(rb"^[ \t]*except[ \t]+[\w.]+[ \t]*,[ \t]*\w+[ \t]*:", re.M),  # except E, e:
    re.compile(rb"^[ \t]*exec[ \t]+[\"'\w]", re.M),  # exec code
    re.compile(rb"\b(?:raw_input|xrange|unichr)[ \t]*\("),
    re.compile(rb"<>"),
    re.compile(rb"`[^`\n]+`"),
)


def python2_reason(source: bytes) -> str | None:
    """Why ``source`` is taken for Python 2 ("its #! line", ...), or None for Python 3."""
    if _SHEBANG.match(source):
        return "by its #! line"
    tree = _python3_tree(source)
    if tree is None:
        if any(pattern.search(source) for pattern in _PY2_SYNTAX):
            return "not Python 3, and written in Python 2"
        return None
    undefined = sorted(_called_undefined(tree))
    if undefined:
        return f"uses {', '.join(undefined)}, which Python 3 does not have"
    return None


def _python3_tree(source: bytes) -> ast.Module | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # invalid escape sequences and the like
            return ast.parse(source)
    # A source too deep or too large for the parser is not judged Python 2 here either.
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return None


def _called_undefined(tree: ast.Module) -> set[str]:
    called: set[str] = set()
    bound: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id in _PY2_ONLY_NAMES:
                called.add(node.func.id)
        elif (
            isinstance(node, ast.BinOp)
            and isinstance(node.op, ast.RShift)
            and isinstance(node.left, ast.Name)
            and node.left.id == "print"
        ):
            called.add("print >>")  # print >>sys.stderr, x: a TypeError under Python 3
        elif isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            bound.add(node.id)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            bound.add(node.name)
        elif isinstance(node, ast.alias):
            bound.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
    return called - bound
