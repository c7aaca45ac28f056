"""Fortran: the function's declarations, read from the source, decide the glue around it.

The stub (``fortran_stub.f90``, a module) comes first, then the submitted code, then a
main program that reads each argument into a local of the parameter's type, calls the
function and writes its result. The function is a module procedure (the main program
``use``s its module), a top-level external function (wrapped in a module of its own so
that it has an explicit interface), or an internal function of the program (the program
becomes a module: its executable statements are dropped, its declarations kept). The
program's own main program never runs.

Parameters and results, read from the type declarations of the function (kinds as
literals, ``int64``-style names of ``iso_fortran_env`` and ``iso_c_binding``, the
program's own named constants, or ``selected_*_kind``):
``integer`` of 8 to 64 bits (range-checked), ``real`` (``double precision``),
``logical``, ``character(len=*)`` / ``character(len=:), allocatable`` (UTF-8 bytes) and
``character(len=1)`` (one byte); each as a scalar, an assumed-shape or allocatable array
``xs(:)``, or a 2-D array ``grid(:, :)`` whose first index is the row. An array of
strings has one length: its items are blank-padded, and the blanks are trimmed from the
items of a returned one. Fortran has no null and no maps: those values are refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from verification.harness.calls import CallUnsupported, lone_surrogate_problem, typed_value_problem

STUB = Path(__file__).with_name("fortran_stub.f90").read_text()
SOURCE_NAME = "solution.f90"
PROGRAM_MODULE = "scalebox_program"

# Kinds of the intrinsic modules' named constants.
_KNOWN_KINDS = {
    "int8": 1,
    "int16": 2,
    "int32": 4,
    "int64": 8,
    "real32": 4,
    "real64": 8,
    "real128": 16,
    "c_signed_char": 1,
    "c_short": 2,
    "c_int": 4,
    "c_long": 8,
    "c_long_long": 8,
    "c_int8_t": 1,
    "c_int16_t": 2,
    "c_int32_t": 4,
    "c_int64_t": 8,
    "c_size_t": 8,
    "c_intptr_t": 8,
    "c_intmax_t": 8,
    "c_ptrdiff_t": 8,
    "c_float": 4,
    "c_double": 8,
    "c_long_double": 10,
    "c_bool": 1,
    "c_char": 1,
}
_KINDS_HELD = {"integer": (1, 2, 4, 8), "real": (4, 8, 10, 16), "logical": (1, 2, 4, 8)}
_DEFAULT_KIND = {"integer": 4, "real": 4, "logical": 4, "complex": 4, "character": 1}
_SPEC_WORDS = {
    "use", "import", "implicit", "parameter", "format", "entry", "data", "integer", "real",
    "double", "doubleprecision", "complex", "logical", "character", "type", "class",
    "procedure", "dimension", "allocatable", "asynchronous", "bind", "codimension",
    "contiguous", "external", "intent", "intrinsic", "optional", "pointer", "protected",
    "save", "target", "value", "volatile", "common", "equivalence", "namelist", "interface",
    "abstract", "enum", "generic", "private", "public", "sequence", "include",
}  # fmt: skip
_ATTRIBUTES = re.compile(
    r"(intent\s*\(\s*(?:in\s*out|in|out)\s*\)|dimension\s*\(|(?:dimension|allocatable|pointer"
    r"|value|optional|target|contiguous|asynchronous|volatile|external)(?![\w$]))\s*(?:::)?\s*"
)
_END = re.compile(
    r"end\s*(?:(program|module|submodule|function|subroutine|interface|type|block\s*data|enum)"
    r"\b.*)?$"
)


# -- statements --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Statement:
    text: str  # lower case, comments dropped, lines joined, string literals emptied, no label
    start: int  # its first character in the source
    end: int  # after its last character
    after: int  # after the ``;`` that ends it, or ``end``


def _line_rest_blank(code: str, i: int) -> bool:
    """Whether only blanks or a comment follow position ``i`` on its line."""
    end = code.find("\n", i)
    rest = code[i : len(code) if end < 0 else end]
    return rest.strip() == "" or rest.lstrip().startswith("!")


def _continue(code: str, i: int) -> int:
    """Where a statement continued by the ``&`` at ``i`` goes on (past a leading ``&``)."""
    while True:
        i = code.find("\n", i)
        if i < 0:
            return len(code)
        i += 1
        j = i
        while j < len(code) and code[j] in " \t\r":
            j += 1
        if j < len(code) and code[j] not in "\n!":
            return j + 1 if code[j] == "&" else j


def _statements(code: str) -> list[_Statement]:
    """The free-form source's statements, literal-aware."""
    out: list[_Statement] = []
    text: list[str] = []
    start = end = -1
    quote = ""

    def finish(after: int) -> None:
        nonlocal text, start
        body = re.sub(r"^\d+\s+", "", "".join(text).strip()).lower()
        if body:
            out.append(_Statement(body, start, end, max(after, end)))
        text, start = [], -1

    i, n = 0, len(code)
    while i < n:
        c = code[i]
        if quote:
            if c == quote and code.startswith(quote * 2, i):
                i += 2
            elif c == quote:
                quote = ""
                text.append(c)
                end = i = i + 1
            elif c == "&" and _line_rest_blank(code, i + 1):
                i = _continue(code, i)
            elif c == "\n":  # an unterminated string
                quote = ""
                finish(i)
                i += 1
            else:
                i += 1
            continue
        if c == "!":
            newline = code.find("\n", i)
            i = n if newline < 0 else newline
            continue
        if c == "&" and _line_rest_blank(code, i + 1):
            i = _continue(code, i)
            text.append(" ")
            continue
        if c in ";\n":
            finish(i + 1 if c == ";" else i)
            i += 1
            continue
        if not c.isspace():
            if start < 0:
                start = i
            end = i + 1
            quote = c if c in "'\"" else ""
        text.append(c)
        i += 1
    finish(n)
    return out


def _closing(text: str, i: int) -> int:
    """The position after the parenthesis that closes the one at ``i``."""
    depth = 0
    for j in range(i, len(text)):
        if text[j] == "(":
            depth += 1
        elif text[j] == ")":
            depth -= 1
            if depth == 0:
                return j + 1
    raise CallUnsupported(f"unbalanced parentheses in {text!r}")


def _split(text: str) -> list[str]:
    """``text`` split at its commas outside parentheses."""
    items, depth, last = [], 0, 0
    for j, c in enumerate(text):
        depth += c in "(["
        depth -= c in ")]"
        if c == "," and depth == 0:
            items.append(text[last:j].strip())
            last = j + 1
    items.append(text[last:].strip())
    return [item for item in items if item]


def _top_level(text: str) -> str:
    """``text`` with what stands inside parentheses dropped."""
    out, depth = [], 0
    for c in text:
        depth -= c == ")"
        if depth == 0:
            out.append(c)
        depth += c == "("
    return "".join(out)


# -- types -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Type:
    base: str  # integer, real, logical, character, complex, derived
    kind: int | str  # a number, or the kind's expression as the program spells it
    length: str  # a character's length: "*", ":", a number or an expression; else ""
    text: str  # as declared


_TYPE_WORD = re.compile(
    r"(integer|real|double\s*precision|double\s*complex|complex|logical|character|type|class)"
    r"(?![\w$])\s*"
)


def _type_spec(text: str, kinds: dict[str, str]) -> tuple[_Type, int] | None:
    """The type at the start of ``text`` and where it ends, or None."""
    match = _TYPE_WORD.match(text)
    if not match:
        return None
    word = re.sub(r"\s+", "", match[1])
    pos = match.end()
    selector = ""
    star = ""
    if text.startswith("(", pos):
        close = _closing(text, pos)
        selector, pos = text[pos + 1 : close - 1].strip(), close
    elif text.startswith("*", pos) and word not in ("type", "class"):
        star_match = re.compile(r"\*\s*(\(\s*[^()]*\)|\d+)\s*").match(text, pos)
        if not star_match:
            return None
        star, pos = star_match[1], star_match.end()
    elif word in ("type", "class"):
        return None  # a derived type's definition, not a declaration
    spelled = text[:pos].strip()
    pos = len(text) - len(text[pos:].lstrip())
    if word == "doubleprecision":
        return _Type("real", 8, "", spelled), pos
    if word in ("doublecomplex", "complex", "type", "class"):
        return _Type("derived" if word in ("type", "class") else "complex", 0, "", spelled), pos
    if word == "character":
        length, kind = "1", "1"
        if star:
            length = star.strip("() ").replace(" ", "")
        items = _split(selector)
        for j, item in enumerate(items):
            key, eq, value = item.partition("=")
            if not eq:
                key, value = ("len" if j == 0 else "kind"), item
            if key.strip() == "len":
                length = value.replace(" ", "")
            else:
                kind = value.strip()
        return _Type(word, _kind(kind, kinds), length, spelled), pos
    if star:
        return _Type(word, int(star), "", spelled), pos
    if selector:
        key, eq, value = selector.partition("=")
        if eq and key.strip() != "kind":
            return None
        return _Type(word, _kind(value if eq else selector, kinds), "", spelled), pos
    return _Type(word, _DEFAULT_KIND[word], "", spelled), pos


def _kind(expr: str, kinds: dict[str, str], depth: int = 0) -> int | str:
    """A kind's number when it is known here, else its expression as written."""
    expr = expr.strip()
    if re.fullmatch(r"\d+", expr):
        return int(expr)
    if expr in _KNOWN_KINDS:
        return _KNOWN_KINDS[expr]
    if expr in kinds and depth < 10:
        value = _kind(kinds[expr], kinds, depth + 1)
        return value if isinstance(value, int) else expr
    literal = re.fullmatch(r"kind\s*\(([^()]*)\)", expr)
    if literal:
        number = literal[1].replace(" ", "")
        suffix = re.fullmatch(r"[+-]?[\d.]+(?:[ed][+-]?\d+)?_(\w+)", number)
        if suffix:
            return _kind(suffix[1], kinds, depth + 1)
        if re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)d[+-]?\d+", number):
            return 8
        if re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?|\.(true|false)\.", number):
            return 4
        if number in ("''", '""'):
            return 1
    selected = re.fullmatch(r"selected_(int|real)_kind\s*\(([^()]*)\)", expr)
    if selected:
        args: list[int] = []
        for item in _split(selected[2]):
            value = _kind(item.partition("=")[2] if "=" in item else item, kinds, depth + 1)
            if not isinstance(value, int):
                return expr
            args.append(value)
        if selected[1] == "int" and len(args) == 1:
            r = args[0]
            return 1 if r <= 2 else 2 if r <= 4 else 4 if r <= 9 else 8 if r <= 18 else 16
        if selected[1] == "real" and 1 <= len(args) <= 2:
            p, r = args[0], args[1] if len(args) > 1 else 0
            if p <= 6 and r <= 37:
                return 4
            if p <= 15 and r <= 307:
                return 8
            return 10 if p <= 18 and r <= 4931 else 16
    return expr


def _named_kinds(statements: list[_Statement]) -> dict[str, str]:
    """The program's integer named constants (``integer, parameter :: dp = ...``)."""
    kinds: dict[str, str] = {}
    for statement in statements:
        head, sep, tail = statement.text.partition("::")
        if sep and re.match(r"integer\b", head) and re.search(r"\bparameter\b", head):
            for item in _split(tail):
                name, eq, value = item.partition("=")
                if eq and re.fullmatch(r"\w+", name.strip()):
                    kinds.setdefault(name.strip(), value.strip())
    return kinds


# -- program units -----------------------------------------------------------------------


@dataclass
class _Unit:
    kind: str  # program, module, submodule, function, subroutine, interface, type, ...
    name: str
    first: int  # index of its first statement
    parent: _Unit | None
    header: bool = True  # False for a main program without a program statement
    last: int = -1
    contains: int = -1
    children: list[_Unit] = field(default_factory=list)


@dataclass(frozen=True)
class _Header:
    kind: str  # function or subroutine
    name: str
    params: list[str]
    result: str
    type: _Type | None


def _header(text: str, kinds: dict[str, str]) -> _Header | None:
    pos = 0
    found: _Type | None = None
    while True:
        prefix = re.compile(
            r"(pure|impure|elemental|recursive|non_recursive|module)(?![\w$])\s*"
        ).match(text, pos)
        if prefix:
            pos = prefix.end()
            continue
        spec = _type_spec(text[pos:], kinds)
        if spec and found is None:
            found = spec[0]
            pos += spec[1]
            continue
        break
    match = re.compile(r"(function|subroutine)\s+(\w+)\s*").match(text, pos)
    if not match:
        return None
    pos = match.end()
    params: list[str] = []
    if text.startswith("(", pos):
        close = _closing(text, pos)
        params = _split(text[pos + 1 : close - 1])
        pos = close
    elif match[1] == "function":
        return None
    suffix = text[pos:]
    if suffix.strip() and not re.match(r"\s*(result|bind)\s*\(", suffix):
        return None
    result = re.search(r"\bresult\s*\(\s*(\w+)\s*\)", suffix)
    return _Header(match[1], match[2], params, result[1] if result else match[2], found)


def _units(statements: list[_Statement], kinds: dict[str, str]) -> list[_Unit]:
    """The program units and the scopes within them, in order."""
    units: list[_Unit] = []
    stack: list[_Unit] = []

    def push(kind: str, name: str, i: int, header: bool = True) -> None:
        unit = _Unit(kind, name, i, stack[-1] if stack else None, header)
        if stack:
            stack[-1].children.append(unit)
        units.append(unit)
        stack.append(unit)

    for i, statement in enumerate(statements):
        text = statement.text
        header = _header(text, kinds)
        if header:
            push(header.kind, header.name, i)
        elif re.fullmatch(r"module\s+\w+", text) and text.split()[1] != "procedure":
            push("module", text.split()[1], i)
        elif re.match(r"submodule\s*\(", text):
            push("submodule", "", i)
        elif re.match(r"program\s+\w+", text):
            push("program", text.split()[1], i)
        elif re.match(r"block\s*data\b", text):
            push("blockdata", "", i)
        elif re.match(r"(abstract\s+)?interface\b", text):
            push("interface", "", i)
        elif re.match(r"type(\s*,[^:]*)?\s*::\s*\w+|type\s+(?!is\b)\w+", text):
            push("type", "", i)
        elif re.match(r"enum\s*,", text):
            push("enum", "", i)
        elif _END.match(text) and not re.match(r"end\s*block\b(?!\s*data)", text):
            if stack:
                stack.pop().last = i
        elif text == "contains":
            if stack:
                stack[-1].contains = i
        elif not stack:
            push("program", "", i, header=False)
    for unit in stack:
        unit.last = len(statements) - 1
    return units


def _executable(text: str) -> bool:
    """Whether a statement of a program's own part belongs to its executable part."""
    if "::" not in text and re.search(r"(?<![=<>/])=(?!=)", _top_level(text)):
        return True  # an assignment
    word = re.match(r"[a-z_]\w*", text)
    return not word or word[0] not in _SPEC_WORDS


# -- the source's edits ------------------------------------------------------------------


class _Edits:
    """Changes to the submitted code; line markers keep its line numbers in messages."""

    def __init__(self, code: str) -> None:
        self.code = code if code.endswith("\n") else code + "\n"
        self.changes: list[tuple[int, int, str]] = []

    def _line(self, pos: int) -> int:
        return self.code.count("\n", 0, pos) + 1

    def _marker(self, line: int) -> str:
        return f'# {line} "{SOURCE_NAME}"\n'

    def blank(self, start: int, end: int) -> None:
        self.changes.append((start, end, re.sub(r"[^\n]", " ", self.code[start:end])))

    def before(self, pos: int, lines: list[str]) -> None:
        """``lines`` on lines of their own before the statement at ``pos``."""
        line_start = self.code.rfind("\n", 0, pos) + 1
        text = "".join(line + "\n" for line in lines) + self._marker(self._line(pos))
        if self.code[line_start:pos].strip():
            self.changes.append((pos, pos, "\n" + text + " " * (pos - line_start)))
        else:
            self.changes.append((line_start, line_start, text))

    def after(self, statement: _Statement, lines: list[str]) -> None:
        """``lines`` on lines of their own after ``statement``."""
        pos = statement.after
        line_end = self.code.find("\n", pos)
        text = "".join(line + "\n" for line in lines)
        if _line_rest_blank(self.code, pos):
            self.changes.append(
                (line_end + 1, line_end + 1, text + self._marker(self._line(pos) + 1))
            )
        else:
            line_start = self.code.rfind("\n", 0, pos) + 1
            marker = self._marker(self._line(pos))
            self.changes.append((pos, pos, "\n" + text + marker + " " * (pos - line_start)))

    def apply(self) -> str:
        code = self.code
        for start, end, text in sorted(self.changes, key=lambda c: (c[0], c[1]), reverse=True):
            code = code[:start] + text + code[end:]
        return code


def _rewrite(
    code: str, statements: list[_Statement], units: list[_Unit]
) -> tuple[str, dict[int, str]]:
    """The code with its main program made a module (or gone) and its external procedures
    wrapped in modules; and the module each top-level unit's procedures are in."""
    edits = _Edits(code)
    homes: dict[int, str] = {}
    top = [unit for unit in units if unit.parent is None]
    group = 0
    for j, unit in enumerate(top):
        first, last = statements[unit.first], statements[unit.last]
        if unit.kind == "program":
            if unit.contains < 0:
                edits.blank(first.start, last.after)
                continue
            nested = {i for child in unit.children for i in range(child.first, child.last + 1)}
            body = range(unit.first + unit.header, unit.contains)
            run = next((i for i in body if i not in nested and _executable(statements[i].text)), -1)
            if run >= 0:
                edits.blank(statements[run].start, statements[unit.contains].start)
            if unit.header:
                edits.blank(first.start, first.after)
            edits.before(first.start, [f"module {PROGRAM_MODULE}"])
            edits.blank(last.start, last.after)
            edits.after(last, [f"end module {PROGRAM_MODULE}"])
            homes[id(unit)] = PROGRAM_MODULE
        elif unit.kind in ("function", "subroutine"):
            previous = top[j - 1] if j else None
            if not previous or previous.kind not in ("function", "subroutine"):
                group += 1
                edits.before(first.start, [f"module scalebox_external_{group}", "contains"])
            following = top[j + 1] if j + 1 < len(top) else None
            if not following or following.kind not in ("function", "subroutine"):
                edits.after(last, [f"end module scalebox_external_{group}"])
            homes[id(unit)] = f"scalebox_external_{group}"
        elif unit.kind == "module":
            homes[id(unit)] = unit.name
    return edits.apply(), homes


# -- the function's declarations ---------------------------------------------------------


@dataclass
class _Entity:
    type: _Type | None = None
    shape: list[str] | None = None
    attributes: set[str] = field(default_factory=set)


def _entities(text: str) -> list[tuple[str, list[str] | None, str]]:
    """An entity list's names, each with its array shape and character length, if any."""
    out = []
    for item in _split(text):
        match = re.match(r"(\w+)\s*", item)
        if not match:
            continue
        pos, shape, length = match.end(), None, ""
        if item.startswith("(", pos):
            close = _closing(item, pos)
            shape, pos = _split(item[pos + 1 : close - 1]), close
        star = re.compile(r"\s*\*\s*(\(\s*[^()]*\)|\d+)").match(item, pos)
        if star:
            length = star[1].strip("() ").replace(" ", "")
        out.append((match[1], shape, length))
    return out


def _declarations(
    statements: list[_Statement], unit: _Unit, names: set[str], kinds: dict[str, str]
) -> dict[str, _Entity]:
    """What the function's specification part says of ``names``."""
    found = {name: _Entity() for name in names}
    nested = {i for child in unit.children for i in range(child.first, child.last + 1)}
    stop = unit.contains if unit.contains >= 0 else unit.last
    for i in range(unit.first + 1, stop):
        if i in nested:
            continue
        text = statements[i].text
        spec = _type_spec(text, kinds)
        if spec:
            kind, pos = spec
            rest = text[pos:].strip()
            attributes: list[str] = []
            if rest.startswith(","):
                head, sep, rest = rest[1:].partition("::")
                if not sep:
                    continue
                attributes = _split(head)
            elif rest.startswith("::"):
                rest = rest[2:]
            for name, shape, length in _entities(rest):
                if name not in found:
                    continue
                entity = found[name]
                entity.type = _Type(kind.base, kind.kind, length, kind.text) if length else kind
                for attribute in attributes:
                    _attribute(entity, attribute)
                if shape is not None:
                    entity.shape = shape
            continue
        match = _ATTRIBUTES.match(text)
        if match:
            attribute, rest = match[1], text[match.end() :]
            if attribute.endswith("("):
                close = _closing(text, match.end(1) - 1)
                attribute, rest = text[:close], re.sub(r"^\s*(::)?", "", text[close:])
            for name, shape, _ in _entities(rest):
                if name in found:
                    _attribute(found[name], attribute)
                    if shape is not None:
                        found[name].shape = shape
    return found


def _attribute(entity: _Entity, attribute: str) -> None:
    dimension = re.fullmatch(r"dimension\s*\((.*)\)", attribute.strip(), re.S)
    if dimension:
        entity.shape = _split(dimension[1])
    else:
        entity.attributes.add(re.sub(r"\s*\(.*", "", attribute.strip()))


def _check_type(kind: _Type, what: str) -> None:
    if kind.base in ("complex", "derived"):
        raise CallUnsupported(
            f"Fortran function calls do not handle the type {kind.text!r} ({what})"
        )
    if kind.base == "character":
        if kind.kind != 1:
            raise CallUnsupported(
                f"{what}: Fortran function calls take strings of the default character kind"
            )
    elif isinstance(kind.kind, int) and kind.kind not in _KINDS_HELD[kind.base]:
        if kind.base == "integer":
            raise CallUnsupported(f"{what}: integers of more than 64 bits are not held")
        raise CallUnsupported(
            f"Fortran function calls do not handle the type {kind.text!r} ({what})"
        )


def _rank(entity: _Entity, what: str, argument: bool) -> int:
    shape = entity.shape or []
    if len(shape) > 2:
        raise CallUnsupported(f"{what}: Fortran function calls take arrays of rank at most 2")
    if argument and any(extent != ":" for extent in shape):
        raise CallUnsupported(
            f"{what}: an array parameter must be assumed-shape or allocatable, as xs(:) "
            "or grid(:, :)"
        )
    return len(shape)


# -- the solver --------------------------------------------------------------------------


def _definition(units: list[_Unit], fn_name: str) -> _Unit:
    name = fn_name.lower()
    subroutine = False
    for unit in units:
        if unit.name != name or unit.kind not in ("function", "subroutine"):
            continue
        if unit.parent is not None and unit.parent.kind not in ("module", "program"):
            continue
        if unit.kind == "subroutine":
            subroutine = True
            continue
        return unit
    if subroutine:
        raise CallUnsupported(
            f"{fn_name} is a subroutine: a Fortran function call needs a function, whose "
            "result is compared"
        )
    raise CallUnsupported(f"no definition of the Fortran function {fn_name!r} found")


def _kind_text(kind: _Type) -> str:
    return str(kind.kind)


def _kind_names(kind: _Type) -> set[str]:
    if isinstance(kind.kind, int):
        return set()
    words = set(re.findall(r"[a-z_]\w*", kind.kind))
    return words - {"kind", "selected_int_kind", "selected_real_kind", "p", "r", "radix"}


def solver_source(user_code: str, fn_name: str, arity: int) -> str:
    statements = _statements(user_code)
    kinds = _named_kinds(statements)
    units = _units(statements, kinds)
    unit = _definition(units, fn_name)
    header = _header(statements[unit.first].text, kinds)
    assert header is not None
    params = [p for p in header.params if p != "*"]
    if len(params) != arity:
        raise CallUnsupported(
            f"{fn_name} takes {len(params)} arguments in Fortran, the call passes {arity}"
        )
    found = _declarations(statements, unit, {*params, header.result}, kinds)
    result = found[header.result]
    result_type = result.type or header.type
    if result_type is None:
        raise CallUnsupported(f"the result of {fn_name} has no declared type")
    _check_type(result_type, f"the result of {fn_name}")
    _rank(result, f"the result of {fn_name}", argument=False)
    imports = {fn_name, *_kind_names(result_type)}
    lines: list[str] = []
    reads: list[str] = []
    for k, name in enumerate(params):
        entity = found[name]
        what = f"parameter {name} of {fn_name}"
        if entity.type is None:
            raise CallUnsupported(f"{what} has no declared type")
        if {"pointer", "external"} & entity.attributes:
            raise CallUnsupported(
                f"{what}: Fortran function calls do not pass pointers or procedures"
            )
        _check_type(entity.type, what)
        rank = _rank(entity, what, argument=True)
        imports |= _kind_names(entity.type)
        local = f"scalebox_a{k}"
        shape = ("", "(:)", "(:, :)")[rank]
        suffix = ("", "s", "s2")[rank]
        label = f'"argument {k + 1}"'
        if entity.type.base == "character":
            if entity.type.length in ("*", ":"):
                width = -1
            elif entity.type.length == "1":
                width = 1
            else:
                raise CallUnsupported(
                    f"{what}: a string parameter has the length of its argument, character(len=*)"
                )
            lines.append(
                f"character(len={'1' if width == 1 else ':'}), allocatable :: {local}{shape}"
            )
            reads.append(f"{local} = scalebox_str{suffix}({label}, {width})")
            continue
        lines.append(
            f"{entity.type.base}({_kind_text(entity.type)}), allocatable :: {local}{shape}"
        )
        if entity.type.base == "integer":
            top = f"int(huge(int(0, {_kind_text(entity.type)})), 8)"
            reads.append(f"{local} = scalebox_int{suffix}({label}, &\n    -{top} - 1_8, {top})")
        elif entity.type.base == "real":
            reads.append(f"{local} = scalebox_real{suffix}({label})")
        else:
            reads.append(f"{local} = scalebox_bool{suffix}({label})")
    locals_ = ", &\n      ".join(f"scalebox_a{k}" for k in range(arity))
    call = f"{fn_name}({locals_})"
    convert = {"integer": "int({}, 8)", "real": "real({}, 8)", "logical": "logical({})"}
    value = convert.get(result_type.base, "{}").format(call)
    code, homes = _rewrite(user_code, statements, units)
    home = unit.parent if unit.parent is not None else unit
    module = homes[id(home)]
    uses = ", ".join([fn_name, *sorted(imports - {fn_name})])
    main = "\n".join(
        [
            "program scalebox_main",
            "  use scalebox_stub",
            f"  use {module}, only: {uses}",
            "  implicit none",
            *(f"  {line}" for line in lines),
            f"  call scalebox_args({arity})",
            *(f"  {line}" for line in reads),
            f"  call scalebox_put({value})",
            "  call scalebox_done()",
            "end program scalebox_main",
        ]
    )
    return f'{STUB}\n# 1 "{SOURCE_NAME}"\n{code}# 1 "scalebox_main.f90"\n{main}\n'


def value_problem(value: Any, depth: int = 0) -> str | None:
    if value is None:
        return "Fortran has no null value"
    if isinstance(value, dict):
        return "objects have no map type here"
    if isinstance(value, str):
        return lone_surrogate_problem(
            value, "a Fortran string holds UTF-8 bytes: a lone surrogate has none"
        )
    if isinstance(value, list):
        if depth == 2:
            return "Fortran function calls take arrays of rank at most 2"
        for item in value:
            why = value_problem(item, depth + 1)
            if why:
                return why
            if isinstance(item, str) and item.endswith(" "):
                return (
                    "a string in a Fortran array cannot end in a blank: the items are "
                    "blank-padded to one length"
                )
        rows = {len(item) for item in value if isinstance(item, list)}
        if len(rows) > 1:
            return "a Fortran 2-D array is rectangular: these rows differ in length"
    return typed_value_problem(value, maps=False) if depth == 0 else None
