"""Free Pascal: the program's declarations, then the stub (``pascal_stub.pas``) and a main
block that calls the function.

The function is found among the program's top-level routines (``function add(a, b:
Int64): Int64;``, any letter case; of overloads, the one taking as many parameters as
the call passes). Each parameter's declared type becomes a type of the glue's, and the
stub converts the arguments and the result by that type's RTTI: integers of every size
(range-checked), Boolean, Single/Double/Extended, Char, AnsiString/UTF8String (bytes,
so any string), ShortString (at most its length), UnicodeString, dynamic and open
arrays (``array of Int64``, ``TMatrix = array of array of Int64``, ``specialize
TArray<Int64>``), nested to any depth, and one-dimensional static arrays. A procedure,
an untyped or ``array of const`` parameter, or a unit is refused with the reason; a
type the stub cannot convert (records, classes, enumerations) is raised when the call
runs. Pascal has no null and no map type, so those values are refused at submit.

The program's ``program`` line stays; its uses clause gains SysUtils and TypInfo (added
first, so the program's own units still win name clashes), and its main block is
replaced by the stub's: it never runs. The program's lines keep their numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from verification.harness.calls import CallUnsupported, typed_value_problem

STUB = Path(__file__).with_name("pascal_stub.pas").read_text()

_UNITS = ("SysUtils", "TypInfo")
# Units that must come first in a uses clause (memory and thread managers).
_FIRST_UNITS = {"cmem", "cthreads", "heaptrc", "cwstring", "clocale", "lineinfo", "lnfodwrf"}
_MODIFIERS = {"const", "var", "out", "constref"}
# What precedes the keyword of a class type (``TFoo = class``, ``= packed class``).
_CLASS_TYPE_AFTER = {"=", "packed", "sealed", "abstract"}
_ROUTINES = {"function", "procedure", "constructor", "destructor", "operator"}
# Directives that may follow a routine heading, each ended by its own semicolon.
_DIRECTIVES = {
    "abstract", "alias", "assembler", "cdecl", "cppdecl", "deprecated", "dispid",
    "experimental", "export", "external", "far", "final", "forward", "hardfloat", "inline",
    "interrupt", "iocheck", "local", "message", "ms_abi_default", "ms_abi_cdecl", "mwpascal",
    "near", "noreturn", "nostackframe", "overload", "override", "pascal", "platform",
    "public", "register", "reintroduce", "safecall", "saveregisters", "softfloat", "static",
    "stdcall", "sysv_abi_default", "sysv_abi_cdecl", "unimplemented", "varargs", "vectorcall",
    "virtual", "winapi",
}  # fmt: skip
# Syntax modes without nested comments.
_FLAT_COMMENTS = re.compile(
    r"\{\$mode\s+(delphi|delphiunicode|tp|macpas|iso|extendedpascal)\b", re.I
)
_LEXEME = re.compile(
    r"(?P<space>\s+)|(?P<slash>//[^\n]*)|(?P<string>'(?:[^'\n]|'')*'?)"
    r"|(?P<char>#\$?[0-9A-Fa-f]+)|(?P<word>&?[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<number>[$%&]?[0-9A-Fa-f]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)"
    r"|(?P<symbol>:=|\.\.|<=|>=|<>|[^\s])"
)


@dataclass(frozen=True)
class _Token:
    text: str  # a word in lower case (an escaped ``&word`` keeps its ``&``), or a symbol
    start: int
    end: int


def _tokens(code: str) -> list[_Token]:
    """The code's words and symbols, without comments, directives and string literals'
    contents (a literal is one token ``'``)."""
    nested = not _FLAT_COMMENTS.search(code)
    tokens: list[_Token] = []
    pos = 0
    while pos < len(code):
        if code.startswith("{", pos) or code.startswith("(*", pos):
            pos = _comment_end(code, pos, nested)
            continue
        match = _LEXEME.match(code, pos)
        assert match is not None  # the last alternative takes any character
        kind = match.lastgroup
        if kind in ("word", "symbol", "number", "char"):
            tokens.append(_Token(match[0].lower(), match.start(), match.end()))
        elif kind == "string":
            tokens.append(_Token("'", match.start(), match.end()))
        pos = match.end()
    return tokens


def _comment_end(code: str, pos: int, nested: bool) -> int:
    opener, closer = ("{", "}") if code[pos] == "{" else ("(*", "*)")
    depth = 0
    while pos < len(code):
        if code.startswith(opener, pos):
            depth = depth + 1 if nested or depth == 0 else depth
            pos += len(opener)
        elif code.startswith(closer, pos):
            depth -= 1
            pos += len(closer)
            if depth == 0:
                return pos
        else:
            pos += 1
    return pos


@dataclass(frozen=True)
class _Heading:
    params: list[tuple[str, str, bool]]  # (name, type's text, has a default)
    result: str  # the result type's text; empty for a procedure
    text: str  # the heading as written


class _Program:
    """Where the parts of a program are: its uses clause, its top-level routines' headings
    and its main block."""

    def __init__(self, code: str) -> None:
        self.code = code
        self.tokens = _tokens(code)
        self.uses_at = 0  # where the uses clause is, or would go
        self.uses_index = -1  # the index of the word ``uses``, -1 when there is none
        self.uses_end = -1  # the index of the uses clause's semicolon
        self.main_at: int | None = None  # where the main block begins
        self.headings: dict[str, list[_Heading]] = {}
        self._scan()

    def _word(self, i: int) -> str:
        return self.tokens[i].text if i < len(self.tokens) else ""

    def _scan(self) -> None:
        toks = self.tokens
        i = 0
        first = self._word(0)
        if first in ("unit", "library", "package"):
            raise CallUnsupported(
                f"a Pascal {first} cannot be called: submit a program, or its declarations alone"
            )
        if first == "program":
            while i < len(toks) and toks[i].text != ";":
                i += 1
            i += 1
        self.uses_at = toks[i].start if i < len(toks) else len(self.code)
        if self._word(i) == "uses":
            self.uses_index = i
            j = i
            while j < len(toks) and toks[j].text != ";":
                j += 1
            self.uses_end = j
            i = j + 1
        blocks: list[str] = []  # the open begin/case/record/class ... blocks
        routines = 0  # routines whose body is still to come
        while i < len(toks):
            word = toks[i].text
            previous = toks[i - 1].text if i else ""
            if not blocks and word in _ROUTINES and previous not in ("=", ":", "of"):
                name_at = i + 1
                i, heading, body = self._heading(i)
                name = self._word(name_at)
                if routines == 0 and heading is not None and self._word(name_at + 1) != ".":
                    self.headings.setdefault(name.lstrip("&"), []).append(heading)
                routines += body
                continue
            if not blocks and word == "class" and previous not in _CLASS_TYPE_AFTER:
                i += 1  # a class method's implementation: its heading follows
                continue
            if word in ("begin", "asm") and not blocks:
                if routines == 0:
                    self.main_at = toks[i].start
                    return
                blocks.append("body")
            elif word in ("begin", "try", "asm"):
                blocks.append(word)
            elif word == "case":
                if not blocks or blocks[-1] not in ("record", "object", "class"):
                    blocks.append(word)
            elif word == "record" or (word == "object" and previous != "of"):
                blocks.append("record" if word == "record" else "object")
            elif word in ("class", "interface", "objcclass", "objcprotocol"):
                if previous in _CLASS_TYPE_AFTER and self._opens_class(i + 1):
                    blocks.append("class")
            elif word == "end" and blocks:
                routines -= blocks.pop() == "body"
            i += 1

    def _opens_class(self, i: int) -> bool:
        """Whether a class type whose keyword ends before token ``i`` has a body (not
        ``class;``, ``class of T``, ``class(TBase);``)."""
        word = self._word(i)
        if word in (";", "of"):
            return False
        if word == "(":
            depth = 0
            while i < len(self.tokens):
                if self.tokens[i].text == "(":
                    depth += 1
                elif self.tokens[i].text == ")":
                    depth -= 1
                    if depth == 0:
                        return self._word(i + 1) != ";"
                i += 1
        return True

    def _heading(self, i: int) -> tuple[int, _Heading | None, int]:
        """The heading starting at token ``i``: the index after it and its directives, the
        heading (None for an operator or a method), and 1 when a body follows."""
        toks = self.tokens
        kind = toks[i].text
        start = toks[i].start
        i += 1
        while i < len(toks) and toks[i].text not in ("(", ":", ";"):
            i += 1
        params: list[tuple[str, str, bool]] = []
        if self._word(i) == "(":
            i, params = self._params(i)
        result = ""
        if self._word(i) == ":":
            j = i + 1
            while j < len(toks) and toks[j].text != ";":
                j += 1
            result = self.code[toks[i + 1].start : toks[j - 1].end] if j > i + 1 else ""
        while i < len(toks) and toks[i].text != ";":
            i += 1  # an operator's named result
        text = self.code[start : toks[i].end if i < len(toks) else len(self.code)]
        i += 1
        body = 1
        while self._word(i) in _DIRECTIVES:
            if self._word(i) in ("forward", "external"):
                body = 0
            while i < len(toks) and toks[i].text != ";":
                i += 1
            i += 1
        heading = _Heading(params, result if kind == "function" else "", " ".join(text.split()))
        return i, heading if kind in ("function", "procedure") else None, body

    def _params(self, i: int) -> tuple[int, list[tuple[str, str, bool]]]:
        """The parameter list opening at token ``i``: the index after it, the parameters."""
        toks = self.tokens
        groups: list[list[_Token]] = [[]]
        depth = 0
        i += 1
        while i < len(toks):
            text = toks[i].text
            if text in ("(", "["):
                depth += 1
            elif text in (")", "]"):
                if depth == 0:
                    break
                depth -= 1
            elif text == ";" and depth == 0:
                groups.append([])
                i += 1
                continue
            groups[-1].append(toks[i])
            i += 1
        params: list[tuple[str, str, bool]] = []
        for tokens in groups:
            group = tokens[1:] if tokens and tokens[0].text in _MODIFIERS else tokens
            if not group:
                continue
            words = [t.text for t in group]
            colon = words.index(":") if ":" in words else len(words)
            names = [w for w in words[:colon] if w != ","]
            kind = group[colon + 1 :]
            default = next((k for k, t in enumerate(kind) if t.text in ("=", ":=")), len(kind))
            type_text = self.code[kind[0].start : kind[default - 1].end] if default > 0 else ""
            for name in names:
                params.append((name, " ".join(type_text.split()), default < len(kind)))
        return i + 1, params


def _declaration(program: _Program, fn_name: str, arity: int) -> _Heading:
    found = program.headings.get(fn_name.lower(), [])
    if not found:
        raise CallUnsupported(f"no top-level Pascal function named {fn_name} found")
    fits = {
        tuple(p[1].lower() for p in h.params): h
        for h in found
        if sum(not p[2] for p in h.params) <= arity <= len(h.params)
    }
    if not fits:
        counts = sorted({len(h.params) for h in found})
        takes = " or ".join(str(n) for n in counts)
        raise CallUnsupported(f"{fn_name} takes {takes} parameters, the call passes {arity}")
    if len(fits) > 1:
        raise CallUnsupported(
            f"more than one Pascal function named {fn_name} takes {arity} parameters"
        )
    heading = next(iter(fits.values()))
    if not heading.result:
        raise CallUnsupported(f"{fn_name} is a procedure: a function call needs a result")
    for name, type_text, _ in heading.params[:arity]:
        if not type_text:
            raise CallUnsupported(
                f"parameter {name} of {fn_name} has no type: the call cannot convert to it"
            )
        if re.fullmatch(r"array\s+of\s+const", type_text, re.I):
            raise CallUnsupported(f"parameter {name} of {fn_name} is an array of const")
    return heading


def _with_units(program: _Program) -> str:
    """The code with the stub's units in its uses clause (or a uses clause of them)."""
    code = program.code
    if program.uses_end < 0:
        return f"{code[: program.uses_at]}uses {', '.join(_UNITS)}; {code[program.uses_at :]}"
    toks = program.tokens
    names: list[str] = []
    after = program.uses_index  # the token after which the units go
    leading = True
    for k in range(program.uses_index + 1, program.uses_end):
        if toks[k].text == "," or toks[k - 1].text not in ("uses", ","):
            continue
        names.append(toks[k].text)
        if leading and toks[k].text in _FIRST_UNITS:
            after = k + 1 if toks[k + 1].text == "," else k
        else:
            leading = False
    missing = ", ".join(u for u in _UNITS if u.lower() not in names)
    if not missing:
        return code
    at = toks[after].end
    if toks[after].text in ("uses", ","):
        return f"{code[:at]} {missing},{code[at:]}"
    return f"{code[:at]}, {missing}{code[at:]}"


def solver_source(user_code: str, fn_name: str, arity: int) -> str:
    program = _Program(user_code)
    heading = _declaration(program, fn_name, arity)
    head = _with_units(program)
    cut = len(head) - len(user_code)
    body = head if program.main_at is None else head[: program.main_at + cut]
    types = [f"  TScaleboxArg{k} = {p[1]};" for k, p in enumerate(heading.params[:arity], 1)]
    types.append(f"  TScaleboxResult = {heading.result};")
    names = [f"ScaleboxArg{k}" for k in range(1, arity + 1)]
    variables = [f"  {n}: TScaleboxArg{k};" for k, n in enumerate(names, 1)]
    reads = [
        f"  ScaleboxRead(TypeInfo(TScaleboxArg{k}), @{n}, 'argument {k}');"
        for k, n in enumerate(names, 1)
    ]
    call = f"{fn_name}({', '.join(names)})" if names else fn_name
    main = [
        f"  ScaleboxStart({arity}, '{fn_name}');",
        *reads,
        f"  ScaleboxValue := {call};",
        "  ScaleboxWrite(TypeInfo(TScaleboxResult), @ScaleboxValue);",
        "  ScaleboxDone;",
    ]
    glue = ["type", *types, "var", *variables, "  ScaleboxValue: TScaleboxResult;"]
    return f"{body}\n\n{STUB}\n" + "\n".join([*glue, "begin", *main, "end."]) + "\n"


def value_problem(value: Any, depth: int = 0) -> str | None:
    """Null and objects are refused (Pascal has neither); strings are byte strings
    (AnsiString), which hold any text."""
    if depth > 100:
        return "nested too deeply"
    if value is None:
        return "Pascal has no null value"
    if isinstance(value, dict):
        return "objects have no map type here"
    if isinstance(value, list):
        for item in value:
            why = value_problem(item, depth + 1)
            if why:
                return why
    return typed_value_problem(value, maps=False) if depth == 0 else None
