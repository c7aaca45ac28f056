"""Ada: the submitted code is the declarative part of the solver's main procedure.

The solver is one file of three units: the stub package ``Scalebox_Calls``
(``ada_stub.ada``), then ``procedure Scalebox_Solver is <the code> <the call's glue>
begin <the call> end``. So the code is a list of declarations: a function body, types,
packages (``package Solution is ... end Solution;`` and its body, called as
``Solution.Add``), and procedures, which never run. Its ``with`` clauses move to the
solver's own context clause (those naming the code's own units are dropped, as the units
are now nested). A function declared inside a parameterless top-level procedure (a
program's ``procedure Main``) is called too: that procedure's header and statements are
removed, so its declarations stand alone and its statements never run. Lines keep their
numbers, for the compiler's messages.

The function's declaration, read from the source, decides the conversions: signed integer
types (range-checked), floating-point types, Boolean, Character (a string of one byte),
String and Unbounded_String (UTF-8 bytes), and the code's unconstrained array types of
those, one-dimensional (``array (Positive range <>) of Long_Long_Integer``, indexed from
the index type's first value) or two-dimensional (``array (Positive range <>, Positive
range <>) of ...``: a list of lists of one length). Ada has no null value and the core
language no map type: those values are refused, as are declarations the stub cannot call,
with the reason naming them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from verification.harness.calls import CallUnsupported, lone_surrogate_problem, typed_value_problem

STUB = Path(__file__).with_name("ada_stub.ada").read_text()

_TOKEN = re.compile(
    r"(?P<space>\s+)|(?P<comment>--[^\n]*)|(?P<id>[^\W\d_]\w*)"
    r"|(?P<num>\d[\d_]*(?:#[\w.]+#)?(?:\.\d[\d_]*)?(?:[eE][+-]?\d+)?)"
    r'|(?P<str>"(?:[^"\n]|"")*")|(?P<chr>\'.\')'
    r"|(?P<op>=>|\.\.|\*\*|:=|/=|>=|<=|<<|>>|<>|[&'()*+,\-./:;<=>|])",
)
_RESERVED_WORDS = (
    "abort abs abstract accept access aliased all and array at begin body case constant "
    "declare delay delta digits do else elsif end entry exception exit for function "
    "generic goto if in interface is limited loop mod new not null of or others out "
    "overriding package parallel pragma private procedure protected raise range record "
    "rem renames requeue return reverse select separate some subtype synchronized tagged "
    "task terminate then type until use when while with xor"
)
_RESERVED = frozenset(_RESERVED_WORDS.split())
# Constructs closed by ``end``: those opened by a keyword (not after ``end``).
_OPENERS = frozenset({"if", "loop", "case", "select", "record", "do", "declare"})
_BODIES = frozenset(
    {"subprogram", "package", "package body", "task", "task body", "protected", "protected body"}
)
_BEGIN_OWNERS = frozenset({"subprogram", "package body", "task body", "entry", "declare"})
# Library-unit pragmas, which a nested package cannot have.
_LIBRARY_PRAGMAS = frozenset(
    {"pure", "preelaborate", "elaborate_body", "remote_types", "shared_passive"}
)

# The standard types by their last name: (kind, the name the glue uses).
_STANDARD: dict[str, tuple[str, str]] = {
    **{
        name.lower(): ("int", f"Standard.{name}")
        for name in (
            "Integer",
            "Natural",
            "Positive",
            "Short_Short_Integer",
            "Short_Integer",
            "Long_Integer",
            "Long_Long_Integer",
            "Long_Long_Long_Integer",
        )
    },
    **{f"integer_{n}": ("int", f"Interfaces.Integer_{n}") for n in (8, 16, 32, 64)},
    **{
        name.lower(): ("float", f"Standard.{name}")
        for name in ("Short_Float", "Float", "Long_Float", "Long_Long_Float")
    },
    "boolean": ("bool", "Standard.Boolean"),
    "character": ("char", "Standard.Character"),
    "string": ("string", "Standard.String"),
    "unbounded_string": ("ustring", "Ada.Strings.Unbounded.Unbounded_String"),
}
_SOLVER_CONTEXT = (
    "with Ada.Exceptions; with Ada.Strings.Unbounded; with Interfaces; with Scalebox_Calls;"
)


@dataclass(frozen=True)
class _Token:
    kind: str  # id, num, str, chr, op
    text: str
    start: int
    end: int

    @property
    def low(self) -> str:
        return self.text.lower() if self.kind == "id" else self.text


def _tokens(code: str) -> list[_Token]:
    tokens: list[_Token] = []
    pos = 0
    while pos < len(code):
        match = _TOKEN.match(code, pos)
        if not match:
            raise CallUnsupported(f"cannot read the Ada code at {code[pos : pos + 20]!r}")
        kind = match.lastgroup or ""
        if kind == "chr" and tokens:
            # A tick after a name or a closing parenthesis is an attribute's.
            last = tokens[-1]
            if last.text == ")" or (
                last.kind == "id" and (last.low not in _RESERVED or last.low == "all")
            ):
                match = re.compile("'").match(code, pos)
                assert match
                kind = "op"
        if kind not in ("space", "comment"):
            tokens.append(_Token(kind, match.group(), match.start(), match.end()))
        pos = match.end()
    return tokens


@dataclass
class _Scope:
    kind: str  # a kind of _BODIES, "entry", or an opener's keyword, or "block"
    name: str
    header: int  # the token starting the construct
    generic: bool = False
    begin: int | None = None
    end: int | None = None  # the token ending it (``;`` after ``end ...``)


@dataclass
class _Declaration:
    """A function (or procedure) of the wanted name, or a type."""

    tokens: list[_Token]  # a function's: from its name on; a type's: after ``is``
    name: str
    scopes: list[_Scope]
    kind: str = "function"


@dataclass
class _Code:
    tokens: list[_Token]
    subprograms: list[_Declaration] = field(default_factory=list)
    types: dict[str, list[_Declaration]] = field(default_factory=dict)
    # ``with`` clauses: (first token, last token, the units named)
    withs: list[tuple[int, int, list[str]]] = field(default_factory=list)
    units: set[str] = field(default_factory=set)  # the code's top-level units
    blanks: list[tuple[int, int]] = field(default_factory=list)  # token spans to remove
    # Configuration pragmas (before any declaration): token spans, moved before the solver
    pragmas: list[tuple[int, int]] = field(default_factory=list)
    top: list[_Scope] = field(default_factory=list)  # the top-level bodies


def _dotted(tokens: list[_Token], i: int) -> tuple[str, int]:
    """The (dotted) name starting at tokens[i] and the index after it."""
    if i >= len(tokens) or tokens[i].kind not in ("id", "str"):
        return "", i
    parts = [tokens[i].text]
    i += 1
    while i + 1 < len(tokens) and tokens[i].text == "." and tokens[i + 1].kind == "id":
        parts.append(tokens[i + 1].text)
        i += 2
    return ".".join(parts), i


def _until_semicolon(tokens: list[_Token], i: int) -> int:
    depth = 0
    while i < len(tokens):
        if tokens[i].text == "(":
            depth += 1
        elif tokens[i].text == ")":
            depth -= 1
        elif tokens[i].text == ";" and depth <= 0:
            return i
        i += 1
    return len(tokens) - 1


def _scan(code: str, fn_name: str) -> _Code:
    """The code's structure: what the stub needs of it."""
    tokens = _tokens(code)
    out = _Code(tokens)
    stack: list[_Scope] = []
    head: _Scope | None = None  # the body a coming ``is`` opens
    generic = False
    declared = False  # whether a declaration came yet (configuration pragmas come first)
    paren = 0
    i = 0
    while i < len(tokens):
        token = tokens[i]
        word = token.low
        if word == "(":
            paren += 1
        elif word == ")":
            paren -= 1
        if paren > 0 or token.kind != "id":
            if word == ";" and paren == 0:
                head = None
            i += 1
            continue
        prev = tokens[i - 1].low if i else ";"
        after = tokens[i + 1].low if i + 1 < len(tokens) else ""
        if word == "with" and not stack and head is None and prev in (";", "limited", "private"):
            first = i
            while first and tokens[first - 1].low in ("limited", "private"):
                first -= 1
            end = _until_semicolon(tokens, i)
            out.withs.append((first, end, _with_names(tokens[i + 1 : end])))
            i = end + 1
            continue
        if word == "pragma" and not stack and head is None and not declared:
            end = _until_semicolon(tokens, i)
            out.pragmas.append((i, end))
            i = end + 1
            continue
        if word == "use" and not stack and head is None and prev == ";":
            i = _until_semicolon(tokens, i) + 1
            continue
        declared = declared or not stack
        if word == "pragma" and tokens[i + 1 : i + 2] and tokens[i + 1].low in _LIBRARY_PRAGMAS:
            out.blanks.append((i, _until_semicolon(tokens, i)))
        if word in ("procedure", "function") and prev not in ("access", "with"):
            name, _ = _dotted(tokens, i + 1)
            head = _Scope("subprogram", name, i, generic=generic)
            generic = False
            if name.lower() == fn_name.lower():
                out.subprograms.append(
                    _Declaration(
                        tokens[i + 1 : _until_semicolon(tokens, i)], name, list(stack), word
                    )
                )
                if head.generic:
                    out.subprograms[-1].kind = "generic"
        elif word in ("procedure", "function"):
            head = _Scope("formal", "", i)
        elif word == "package":
            kind = "package body" if after == "body" else "package"
            name, _ = _dotted(tokens, i + 2 if after == "body" else i + 1)
            head = _Scope(kind, name, i, generic=generic)
            generic = False
        elif word in ("task", "protected"):
            skip = 2 if after in ("body", "type") else 1
            name, _ = _dotted(tokens, i + skip)
            head = _Scope(word + (" body" if after == "body" else ""), name, i)
        elif word == "entry":
            head = _Scope("entry", tokens[i + 1].text if i + 1 < len(tokens) else "", i)
        elif word == "generic":
            generic = True
        elif word in ("type", "subtype") and prev not in ("use", "all", "task", "protected"):
            head = _Scope("type", "", i)
            end = _until_semicolon(tokens, i)
            depth = 0
            for j in range(i + 2, end):
                depth += {"(": 1, ")": -1}.get(tokens[j].text, 0)
                if depth == 0 and tokens[j].low == "is":
                    name = tokens[i + 1].text
                    declaration = _Declaration(tokens[j + 1 : end], name, list(stack), word)
                    out.types.setdefault(name.lower(), []).append(declaration)
                    break
        elif word == "is" and head is not None and head.kind in _BODIES | {"entry"}:
            if after not in ("new", "abstract", "null", "separate", "(", "<>"):
                if not stack:
                    out.top.append(head)
                    out.units.add(head.name.lower())
                stack.append(head)
            head = None
        elif word in _OPENERS and prev != "end" and not (word == "record" and prev == "null"):
            stack.append(_Scope(word, "", i))
            if word == "case":
                head = _Scope("case", "", i)
        elif word == "begin":
            top = stack[-1] if stack else None
            if top is not None and top.kind in _BEGIN_OWNERS and top.begin is None:
                top.begin = i
            else:
                stack.append(_Scope("block", "", i, begin=i))
        elif word == "end":
            end = _until_semicolon(tokens, i)
            if stack:
                stack.pop().end = end
            if after in ("if", "loop", "case", "select", "record", "return"):
                i += 1
        i += 1
    return out


def _with_names(tokens: list[_Token]) -> list[str]:
    names: list[str] = []
    i = 0
    while i < len(tokens):
        name, i = _dotted(tokens, i)
        if name:
            names.append(name)
        i += 1
    return names


# -- the types ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Type:
    kind: str  # int, float, bool, char, string, ustring, array, matrix
    ada: str  # its name in the glue
    indexes: tuple[_Type, ...] = ()
    element: _Type | None = None
    standard: bool = False


class _Types:
    def __init__(self, code: _Code, lifted: _Scope | None) -> None:
        self.code = code
        self.lifted = lifted

    def path(self, scopes: list[_Scope], what: str) -> list[str]:
        """The packages to name ``what`` by, from its enclosing scopes."""
        path: list[str] = []
        for k, scope in enumerate(scopes):
            if k == 0 and scope is self.lifted:
                continue
            if scope.kind == "package" and not scope.generic:
                path.append(scope.name)
            elif scope.kind == "package" or scope.generic:
                raise CallUnsupported(f"{what} is declared in the generic unit {scope.name}")
            elif scope.kind == "package body":
                raise CallUnsupported(
                    f"{what} is declared in the body of package {scope.name}, out of the "
                    "call's reach: declare it in the package's specification"
                )
            elif scope.kind == "subprogram":
                raise CallUnsupported(
                    f"{what} is declared inside the subprogram {scope.name}, out of the "
                    "call's reach"
                )
            else:
                raise CallUnsupported(f"{what} is declared inside a {scope.kind}")
        return path

    def resolve(self, mark: str, where: list[_Scope], depth: int = 0) -> _Type:
        """The type a subtype mark (as written where it is used) names."""
        if depth > 20:
            raise CallUnsupported(f"the type {mark} is declared in a circle")
        last = mark.rsplit(".", maxsplit=1)[-1]
        candidates = self.code.types.get(last.lower(), [])
        # The innermost declaration around the use, else the first.
        around = [d for d in candidates if all(any(s is w for w in where) for s in d.scopes)]
        if around or candidates:
            chosen = max(around, key=lambda d: len(d.scopes)) if around else candidates[0]
            name = ".".join([*self.path(chosen.scopes, f"the type {chosen.name}"), chosen.name])
            return self.define(chosen, name, depth)
        if last.lower() in _STANDARD:
            kind, ada = _STANDARD[last.lower()]
            return _Type(kind, ada, standard=True)
        raise CallUnsupported(f"Ada function calls do not handle the type {mark!r}")

    def define(self, declaration: _Declaration, name: str, depth: int) -> _Type:
        tokens = declaration.tokens
        words = [t.low for t in tokens]
        what = f"the type {declaration.name}"
        first = words[0] if words else ""
        if declaration.kind == "subtype" or first == "new":
            at = 0 if declaration.kind == "subtype" else 1
            while words[at : at + 1] and words[at] in ("not", "null"):
                at += 1
            mark, after = _dotted(tokens, at)
            parent = self.resolve(mark, declaration.scopes, depth + 1)
            rest = words[after:]
            if rest[:1] == ["with"] or (rest[:1] == ["("] and parent.kind != "int"):
                raise CallUnsupported(
                    f"Ada function calls do not handle {what}: "
                    + ("a constrained array" if rest[:1] == ["("] else "a record extension")
                )
            return _Type(parent.kind, name, parent.indexes, parent.element)
        if first == "range":
            return _Type("int", name)
        if first == "digits":
            return _Type("float", name)
        if first == "array":
            return self.array(declaration, name, depth)
        description = {
            "mod": "a modular type",
            "delta": "a fixed-point type",
            "(": "an enumeration",
            "access": "an access type",
        }.get(first, "not a scalar, string or array type")
        raise CallUnsupported(f"Ada function calls do not handle {what}: {description}")

    def array(self, declaration: _Declaration, name: str, depth: int) -> _Type:
        tokens = declaration.tokens
        what = f"the array type {declaration.name}"
        close = next((k for k, t in enumerate(tokens) if t.text == ")"), len(tokens))
        specs: list[list[_Token]] = [[]]
        for token in tokens[2:close]:
            if token.text == ",":
                specs.append([])
            else:
                specs[-1].append(token)
        indexes: list[_Type] = []
        for spec in specs:
            mark, after = _dotted(spec, 0)
            if [t.low for t in spec[after:]] != ["range", "<>"]:
                raise CallUnsupported(
                    f"Ada function calls do not handle {what}: a constrained array (declare it "
                    "unconstrained, as array (Positive range <>) of ...)"
                )
            index = self.resolve(mark, declaration.scopes, depth + 1)
            if index.kind != "int":
                raise CallUnsupported(f"{what} is indexed by {mark}, not an integer type")
            indexes.append(index)
        if len(indexes) > 2:
            raise CallUnsupported(
                f"Ada function calls take arrays of at most two dimensions, not {what}"
            )
        at = close + 1
        if [t.low for t in tokens[at : at + 1]] != ["of"]:
            raise CallUnsupported(f"cannot read {what}")
        at += 1 + (tokens[at + 1].low == "aliased" if at + 1 < len(tokens) else 0)
        mark, after = _dotted(tokens, at)
        if after != len(tokens):
            raise CallUnsupported(f"Ada function calls do not handle the components of {what}")
        element = self.resolve(mark, declaration.scopes, depth + 1)
        if element.kind in ("array", "matrix", "string"):
            raise CallUnsupported(
                f"Ada function calls do not handle {what}: its components are arrays (a 2-D "
                "array type holds a list of lists)"
            )
        kind = "array" if len(indexes) == 1 else "matrix"
        return _Type(kind, name, tuple(indexes), element)


# -- the glue ----------------------------------------------------------------------------


# Characters and strings: the standard type, the stub's reader and writer.
_TEXTS = {
    "char": ("Standard.Character", "Char", "Put_Char"),
    "string": ("Standard.String", "Str", "Put_Str"),
    "ustring": ("Ada.Strings.Unbounded.Unbounded_String", "Unbounded", "Put_Unbounded"),
}


class _Glue:
    """Instantiations of the stub's generics for the call's types, one per type."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.readers: dict[str, str] = {}
        self.writers: dict[str, str] = {}
        self.count = 0

    def _name(self, what: str) -> str:
        self.count += 1
        return f"Scalebox_{what}_{self.count}"

    def reader(self, t: _Type) -> str:
        if t.ada in self.readers:
            return self.readers[t.ada]
        name = self._name("Read")
        if t.kind in _TEXTS:
            reader = f"Scalebox_Calls.{_TEXTS[t.kind][1]}"
            if t.standard:
                name = reader
            else:
                self.lines.append(
                    f"function {name} (What : String) return {t.ada} is "
                    f"({t.ada} ({reader} (What)));"
                )
        elif t.kind in ("int", "float", "bool"):
            scalar = {"int": "Read_Signed", "float": "Read_Float", "bool": "Read_Boolean"}[t.kind]
            self.lines.append(f"function {name} is new Scalebox_Calls.{scalar} ({t.ada});")
        else:
            assert t.element is not None
            element = self.reader(t.element)
            generic = "Read_Array" if t.kind == "array" else "Read_Matrix"
            actuals = ", ".join([*(i.ada for i in t.indexes), t.element.ada, t.ada, element])
            self.lines.append(f"function {name} is new Scalebox_Calls.{generic} ({actuals});")
        self.readers[t.ada] = name
        return name

    def writer(self, t: _Type) -> str:
        if t.ada in self.writers:
            return self.writers[t.ada]
        name = self._name("Write")
        if t.kind in _TEXTS:
            base, _, writer = _TEXTS[t.kind]
            if t.standard:
                name = f"Scalebox_Calls.{writer}"
            else:
                self.lines.append(
                    f"procedure {name} (X : {t.ada}) is begin Scalebox_Calls.{writer} "
                    f"({base} (X)); end {name};"
                )
        elif t.kind in ("int", "float", "bool"):
            scalar = {"int": "Write_Signed", "float": "Write_Float", "bool": "Write_Boolean"}
            self.lines.append(f"procedure {name} is new Scalebox_Calls.{scalar[t.kind]} ({t.ada});")
        else:
            assert t.element is not None
            element = self.writer(t.element)
            generic = "Write_Array" if t.kind == "array" else "Write_Matrix"
            actuals = ", ".join([*(i.ada for i in t.indexes), t.element.ada, t.ada, element])
            self.lines.append(f"procedure {name} is new Scalebox_Calls.{generic} ({actuals});")
        self.writers[t.ada] = name
        return name


@dataclass
class _Signature:
    declaration: _Declaration
    params: list[str]  # each parameter's subtype mark
    result: str


def _signature(declaration: _Declaration) -> _Signature:
    tokens = declaration.tokens
    name = declaration.name
    _, at = _dotted(tokens, 0)
    params: list[str] = []
    if at < len(tokens) and tokens[at].text == "(":
        depth = 0
        groups: list[list[_Token]] = [[]]
        for token in tokens[at + 1 :]:
            at += 1
            depth += {"(": 1, ")": -1}.get(token.text, 0)
            if depth < 0:
                break
            if token.text == ";" and depth == 0:
                groups.append([])
            else:
                groups[-1].append(token)
        at += 1
        for group in groups:
            words = [t.low for t in group]
            if ":" not in words:
                raise CallUnsupported(f"cannot read the parameters of {name}")
            colon = words.index(":")
            names = [t.text for t in group[:colon] if t.text != ","]
            k = colon + 1
            while k < len(words) and words[k] in ("aliased", "in"):
                k += 1
            if k < len(words) and words[k] in ("out", "access", "not"):
                what = "an access parameter" if words[k] != "out" else "an out parameter"
                raise CallUnsupported(
                    f"parameter {names[0]} of {name} is {what}: a function call passes values"
                )
            mark, _ = _dotted(group, k)
            params += [mark] * len(names)
    words = [t.low for t in tokens[at:]]
    if words[:1] != ["return"]:
        raise CallUnsupported(f"cannot read the result type of {name}")
    at += 1
    while at < len(tokens) and tokens[at].low in ("not", "null"):
        at += 1
    if at < len(tokens) and tokens[at].low == "access":
        raise CallUnsupported(f"{name} returns an access value, which has no JSON form")
    result, _ = _dotted(tokens, at)
    return _Signature(declaration, params, result)


def _blank(code: str, spans: list[tuple[int, int]]) -> str:
    """``code`` with each character span replaced by spaces (lines kept)."""
    chars = list(code)
    for start, end in spans:
        for k in range(start, end):
            if chars[k] != "\n":
                chars[k] = " "
    return "".join(chars)


def _choose(code: _Code, fn_name: str, arity: int) -> tuple[_Signature, _Scope | None]:
    """The function to call and the top-level procedure to lift (or None)."""
    found = [d for d in code.subprograms if d.kind == "function"]
    if not found:
        procedures = [d.name for d in code.subprograms if d.kind == "procedure"]
        if procedures:
            raise CallUnsupported(
                f"{procedures[0]} is a procedure: a function call needs an Ada function "
                "returning a value"
            )
        if code.subprograms:
            raise CallUnsupported(f"{fn_name} is a generic function: it cannot be called")
        raise CallUnsupported(f"no declaration of the Ada function {fn_name!r} found")
    reasons: list[str] = []
    callable_: list[tuple[_Signature, _Scope | None, list[str]]] = []
    for declaration in found:
        lifted = None
        outer = declaration.scopes[0] if declaration.scopes else None
        if outer is not None and outer.kind == "subprogram" and _is_main(code, outer):
            lifted = outer
        try:
            path = _Types(code, lifted).path(declaration.scopes, declaration.name)
            callable_.append((_signature(declaration), lifted, path))
        except CallUnsupported as exc:
            reasons.append(str(exc))
    if not callable_:
        raise CallUnsupported(reasons[0])
    fits = [c for c in callable_ if len(c[0].params) == arity]
    if not fits:
        counts = sorted({len(c[0].params) for c in callable_})
        takes = " or ".join(str(n) for n in counts)
        raise CallUnsupported(
            f"{found[0].name} takes {takes} arguments in Ada, the call passes {arity}"
        )
    # A specification and its body are one function.
    kinds = {
        (tuple(c[2]), tuple(p.lower() for p in c[0].params), c[0].result.lower()) for c in fits
    }
    if len(kinds) > 1:
        raise CallUnsupported(f"more than one Ada function {fn_name} takes {arity} arguments")
    signature, lifted, _ = fits[0]
    return signature, lifted


def _is_main(code: _Code, scope: _Scope) -> bool:
    """Whether a top-level subprogram is a parameterless procedure (a main program)."""
    tokens = code.tokens
    return (
        scope in code.top
        and tokens[scope.header].low == "procedure"
        and scope.header + 2 < len(tokens)
        and tokens[scope.header + 2].low == "is"
    )


def solver_source(user_code: str, fn_name: str, arity: int) -> str:
    code = _scan(user_code, fn_name)
    signature, lifted = _choose(code, fn_name, arity)
    declaration = signature.declaration
    types = _Types(code, lifted)
    path = types.path(declaration.scopes, declaration.name)
    where = declaration.scopes
    params = [types.resolve(p, where) for p in signature.params]
    result = types.resolve(signature.result, where)
    tokens = code.tokens
    spans = [(tokens[a].start, tokens[b].end) for a, b in code.blanks]
    pragmas = [user_code[tokens[a].start : tokens[b].end] for a, b in code.pragmas]
    spans += [(tokens[a].start, tokens[b].end) for a, b in code.pragmas]
    withs: list[str] = []
    for first, last, names in code.withs:
        spans.append((tokens[first].start, tokens[last].end))
        kept = [n for n in names if n.lower() not in code.units]
        if kept:
            withs.append(f"with {', '.join(kept)};")
    if lifted is not None:
        assert lifted.begin is not None and lifted.end is not None
        spans.append((tokens[lifted.header].start, tokens[lifted.header + 2].end))
        spans.append((tokens[lifted.begin].start, tokens[lifted.end].end))
    body = _blank(user_code, spans)
    glue = _Glue()
    readers = [glue.reader(p) for p in params]
    writer = glue.writer(result)
    call = ".".join([*path, declaration.name])
    lines = [
        "begin",
        f'   if Scalebox_Calls.List ("the arguments") /= {arity} then',
        f'      Scalebox_Calls.Fail ("{declaration.name} takes {arity} arguments");',
        "   end if;",
        "   declare",
    ]
    args = []
    for k, (param, reader) in enumerate(zip(params, readers, strict=True), start=1):
        lines.append(f'      Scalebox_A{k} : constant {param.ada} := {reader} ("argument {k}");')
        args.append(f"Scalebox_A{k}")
    if args:
        call += f" ({', '.join(args)})"
    lines += [
        "   begin",
        f"      {writer} ({call});",
        "   end;",
        "   Scalebox_Calls.Done;",
        "exception",
        "   when Scalebox_E : Scalebox_Calls.Failure =>",
        "      Scalebox_Calls.Raised (Ada.Exceptions.Exception_Message (Scalebox_E));",
        "   when Scalebox_E : others =>",
        "      Scalebox_Calls.Raised (Ada.Exceptions.Exception_Name (Scalebox_E) & "
        '": " & Ada.Exceptions.Exception_Message (Scalebox_E));',
        "end Scalebox_Solver;",
    ]
    header = " ".join([*pragmas, _SOLVER_CONTEXT, *withs, "procedure Scalebox_Solver is "])
    instances = "".join(f"   {line}\n" for line in glue.lines)
    return f"{STUB}{header}{body}\n{instances}" + "\n".join(lines) + "\n"


# -- values ------------------------------------------------------------------------------


def value_problem(value: Any) -> str | None:
    why = _shape_problem(value, 0)
    if why:
        return why
    why = lone_surrogate_problem(
        value, "an Ada String holds UTF-8 bytes, which cannot encode a lone surrogate"
    )
    return why or typed_value_problem(value, maps=False)


def _shape_problem(value: Any, depth: int) -> str | None:
    if value is None:
        return "Ada has no null value"
    if isinstance(value, dict):
        return "objects have no map type here"
    if not isinstance(value, list):
        return None
    if depth == 2:
        return "Ada function calls take arrays of at most two dimensions"
    rows = [len(item) for item in value if isinstance(item, list)]
    if len(set(rows)) > 1:
        return "a 2-D Ada array is rectangular: these lists differ in length"
    for item in value:
        why = _shape_problem(item, depth + 1)
        if why:
            return why
    return None
