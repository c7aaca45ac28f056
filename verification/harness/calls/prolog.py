"""Prolog (SWI-Prolog): the stub (``prolog_stub.pro``) joined into one line before the
submitted code, so its line numbers stay, and the call (an ``initialization/2``
directive) after it.

A function of N arguments is a predicate of N + 1, its last argument the result
(``add(A, B, C) :- C is A + B.``): its first solution is taken, and a predicate that
fails is an error saying so. Values are SWI-Prolog's own terms: integers (of any size),
floats (``nan``, ``inf``), strings as SWI strings, booleans as the atoms ``true`` and
``false``, null as the atom ``null``, lists as lists, objects as dicts with atom keys. A
result is read the same way, and any other atom as its text (a code list is a list of
integers). A PlDoc declaration of the predicate (``%! add(+A:integer, +B:integer,
-C:integer) is det.``) chooses other conversions: ``atom``, ``codes`` or ``chars`` take
a string as such and give one back, ``float`` takes integers as floats, ``pairs`` (or
``list(pair)``: ``Key-Value`` with string keys) and ``assoc`` stand for objects, and
``list(Type)`` for a list of them. The predicate must have a clause in the source, of
that arity. The program's ``initialization`` directives, a directive calling ``main``
and its ``module/2`` header are dropped as it loads.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from verification.harness.calls import CallUnsupported, lone_surrogate_problem

_STUB_LINES = Path(__file__).with_name("prolog_stub.pro").read_text().splitlines()
# One line: the stub has no comments but whole-line ones.
STUB = " ".join(line.strip() for line in _STUB_LINES if not line.lstrip().startswith("%"))

# The declared types the stub converts, by their PlDoc names.
_TYPES = {
    "any": "any",
    "term": "any",
    "integer": "integer",
    "int": "integer",
    "nonneg": "integer",
    "positive_integer": "integer",
    "negative_integer": "integer",
    "float": "float",
    "number": "number",
    "boolean": "boolean",
    "bool": "boolean",
    "string": "string",
    "text": "text",
    "atom": "atom",
    "codes": "codes",
    "chars": "chars",
    "list": "list(any)",
    "dict": "dict",
    "pairs": "pairs",
    "assoc": "assoc",
}
_KNOWN = (
    "integer, float, number, boolean, string, atom, codes, chars, list(Type), dict, pairs, "
    "assoc, any"
)
# Symbol characters: a "." after one of them is part of an operator, not a clause's end.
_END = re.compile(r"(?<![#$&*+\-./:<=>?@^~\\])\.(?=\s|$)")
_ARGUMENT = re.compile(r"(\+\+|--|[+\-?:@!])?\s*([A-Z_]\w*)\s*(?::\s*(.*))?", re.DOTALL)
_TYPE = re.compile(r"([a-z]\w*)\s*(?:\((.*)\))?", re.DOTALL)


def _scan(code: str) -> tuple[str, list[str]]:
    """The code with comments blanked and quoted text replaced by ``x`` (a quoted name by
    itself), and the comments' texts."""
    out: list[str] = []
    comments: list[str] = []
    i, n = 0, len(code)
    while i < n:
        c = code[i]
        if c == "%" or code.startswith("/*", i):
            j = code.find("\n", i) if c == "%" else code.find("*/", i + 2)
            j = n if j < 0 else j if c == "%" else j + 2
            comments.append(code[i:j])
            out.append(" " * code.count("\n", i, j) or " ")
            i = j
        elif code.startswith("0'", i) and not (i and (code[i - 1].isalnum() or code[i - 1] == "_")):
            # A character code: 0'c, 0'\n, 0''' (or 0'' for the quote).
            j = i + 2
            j += 2 if code.startswith(("\\", "''"), j) else 1
            out.append("0")
            i = j
        elif c in "'\"`":
            j = i + 1
            while (j < n and code[j] != c) or code.startswith(c * 2, j):
                j += 2 if code[j] == "\\" or code.startswith(c * 2, j) else 1
            text = code[i + 1 : j]
            out.append(text if c == "'" and re.fullmatch(r"[A-Za-z_]\w*", text) else "x")
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out), comments


def _top_level(text: str) -> list[str]:
    """``text`` split at its commas outside brackets."""
    parts, depth, start = [], 0, 0
    for i, c in enumerate(text):
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif c == "," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip() for p in parts]


def _call_arguments(text: str, name: str) -> list[str] | None:
    """The arguments of ``text`` when it is the term ``name(...)`` alone (``[]`` for the
    bare atom), else None."""
    text = text.strip()
    if text == name:
        return []
    if not text.startswith(name + "("):
        return None
    depth = 0
    for i in range(len(name), len(text)):
        depth += text[i] in "([{"
        depth -= text[i] in ")]}"
        if depth == 0:
            return _top_level(text[len(name) + 1 : i]) if not text[i + 1 :].strip() else None
    return None


def defined_arities(code: str, name: str) -> set[int]:
    """The arities of ``name`` that have a clause in ``code`` (or are declared dynamic,
    tabled ... in a directive)."""
    clean, _ = _scan(code)
    arities: set[int] = set()
    start = 0
    for end in _END.finditer(clean):
        clause = clean[start : end.start()].strip()
        start = end.end()
        if clause.startswith((":-", "?-")):
            for found in re.finditer(rf"(?<![\w']){name}\s*(//?)\s*(\d+)", clause):
                arities.add(int(found[2]) + (2 if found[1] == "//" else 0))
            continue
        head, dcg = clause, 0
        depth = 0
        for i, c in enumerate(clause):
            depth += c in "([{"
            depth -= c in ")]}"
            if depth == 0 and clause.startswith((":-", "-->"), i):
                head, dcg = clause[:i], 2 if c == "-" else 0
                break
        head = re.sub(r"^\s*\w+\s*:(?![-=])", "", head)
        args = _call_arguments(head, name)
        if args is not None:
            arities.add(len([a for a in args if a]) + dcg)
    return arities


def _type_term(text: str, where: str) -> str:
    """The stub's name for a PlDoc type."""
    text = text.strip()
    match = _TYPE.fullmatch(text)
    if match and match[1] == "list" and match[2] is not None:
        inner = match[2].strip()
        return "pairs" if inner == "pair" else f"list({_type_term(inner, where)})"
    if match and match[2] is None and match[1] in _TYPES:
        return _TYPES[match[1]]
    raise CallUnsupported(
        f"{where} is declared of the type {text!r}, which function calls in Prolog do not "
        f"convert (types: {_KNOWN})"
    )


def _declarations(comments: list[str]) -> list[str]:
    """The texts of the PlDoc declarations (``%!`` lines and ``/**`` comments)."""
    found: list[str] = []
    for i, comment in enumerate(comments):
        if comment.startswith("%!"):
            text = comment[2:]
            # A declaration's parentheses may close on the next comment lines.
            for more in comments[i + 1 :]:
                if text.count("(") <= text.count(")") or more[:2] in ("%!", "/*"):
                    break
                text += " " + more.lstrip("%")
            found.append(text)
        elif comment.startswith("/**"):
            found.append(comment[3:].removesuffix("*/"))
    return found


def declared_types(code: str, name: str, arity: int) -> tuple[list[str], str]:
    """The stub's types of the parameters and the result, from the first PlDoc
    declaration of ``name/arity+1`` (``any`` for all when there is none)."""
    _, comments = _scan(code)
    signature = f"{name}/{arity + 1}"
    for text in _declarations(comments):
        head = re.match(rf"\s*(?:\w+:)?{name}\(", text)
        if not head:
            continue
        rest = text[head.start(0) :].strip()
        close = _closing(rest)
        args = _call_arguments(re.sub(r"^\w+:(?=\w)", "", rest[:close]), name)
        if args is None or len(args) != arity + 1:
            continue
        types: list[str] = []
        modes: list[str] = []
        for k, arg in enumerate(args, start=1):
            where = f"argument {k} of {signature}"
            match = _ARGUMENT.fullmatch(arg)
            if not match:
                raise CallUnsupported(f"cannot read {where} in its PlDoc declaration: {arg!r}")
            modes.append(match[1] or "")
            types.append(_type_term(match[3], where) if match[3] else "any")
        if modes[-1] in ("+", "++", "@", ":"):
            raise CallUnsupported(
                f"the last argument of {signature} is the result, but its PlDoc declaration "
                f"makes it an input ({args[-1]}): declare it -{args[-1].lstrip('+@:')}"
            )
        return types[:-1], types[-1]
    return ["any"] * arity, "any"


def _closing(text: str) -> int:
    """The index after the parenthesis closing the first one opened in ``text``."""
    depth = 0
    for i, c in enumerate(text):
        depth += c in "([{"
        depth -= c in ")]}"
        if depth == 0 and c == ")":
            return i + 1
    return len(text)


def solver_source(user_code: str, fn_name: str, arity: int) -> str:
    found = defined_arities(user_code, fn_name)
    if arity + 1 not in found:
        whole = f"{fn_name}/{arity + 1}"
        why = (
            f"a call of {fn_name} with {arity} arguments needs the predicate {whole}, its "
            "last argument the result"
        )
        if found:
            others = ", ".join(f"{fn_name}/{a}" for a in sorted(found))
            raise CallUnsupported(f"the program defines {others}, not {whole}: {why}")
        raise CallUnsupported(f"no clause of the Prolog predicate {whole} found: {why}")
    params, result = declared_types(user_code, fn_name, arity)
    # Only a file's first line may be "#!": the stub comes first.
    if user_code.startswith("#!"):
        user_code = "% " + user_code[2:]
    call = f"scalebox_call('{fn_name}', {arity}, [{', '.join(params)}], {result})"
    return f"{STUB} {user_code}\n:- initialization({call}, main).\n"


def value_problem(value: Any) -> str | None:
    return lone_surrogate_problem(
        value, "a string holds a lone surrogate, which SWI-Prolog text cannot"
    )
