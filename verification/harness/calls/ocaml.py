"""OCaml: the stub (``ocaml_stub.ml``) first, then the submitted code, then the call.

OCaml has no type classes, so the conversions are chosen here, for the function's type:
the submitted code is compiled alone with ``ocamlc -i`` (in the sandbox), which prints
its interface (``val f : int64 -> int list -> string``); the call after it decodes each
argument and encodes the result with the stub's functions for those types: int (63
bits) and int64/int32 (range-checked), float, bool, char, string, unit, list, array,
option (null), tuples and ``Hashtbl.t`` (keys from JSON strings). Labelled parameters
are passed by label, optional ones as ``?label`` (null for None). A function of a
``module Solution`` is called when the code has no top-level one of that name. Types of
the program's own are refused when the call runs; a polymorphic function is refused.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, NamedTuple

from verification.executors import CompileError, executor_for
from verification.executors.base import raise_for_compile_result
from verification.harness.calls import CallUnsupported, typed_value_problem
from verification.sandbox import run_sandboxed

STUB = Path(__file__).with_name("ocaml_stub.ml").read_text()
_TOKEN = re.compile(r"\s*(->|[()*,]|\??[a-z_][\w']*:(?!:)|'[\w']+|[A-Za-z_][\w'.]*)")
_NAMES = {
    "int": "int",
    "int64": "int64",
    "Int64.t": "int64",
    "int32": "int32",
    "Int32.t": "int32",
    "float": "float",
    "Float.t": "float",
    "bool": "bool",
    "Bool.t": "bool",
    "string": "string",
    "String.t": "string",
    "char": "char",
    "Char.t": "char",
    "unit": "unit",
    "option": "option",
    "Option.t": "option",
    "list": "list",
    "List.t": "list",
    "array": "array",
    "Array.t": "array",
    "Hashtbl.t": "hashtbl",
}
_KEYS = ("string", "int", "int64", "int32", "float", "bool", "char")


class Type(NamedTuple):
    name: str  # a constructor of _NAMES' values, "tuple", "var", or what the code named
    args: tuple[Type, ...] = ()

    def __str__(self) -> str:
        if self.name == "tuple":
            return " * ".join(f"({a})" if a.name == "tuple" else str(a) for a in self.args)
        if not self.args:
            return self.name
        inner = ", ".join(str(a) for a in self.args)
        return f"({inner}) {self.name}" if len(self.args) > 1 else f"{inner} {self.name}"


class _Parser:
    """A value's type as ``ocamlc -i`` prints it: ``label:t1 -> ?o:t2 -> t3``."""

    def __init__(self, text: str) -> None:
        self.tokens: list[str] = []
        pos = 0
        text = text.strip()
        while pos < len(text):
            match = _TOKEN.match(text, pos)
            if not match:
                raise CallUnsupported(f"cannot read the type {text!r}")
            self.tokens.append(match[1])
            pos = match.end()
        self.pos = 0

    def peek(self) -> str:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else ""

    def take(self) -> str:
        token = self.peek()
        self.pos += 1
        return token

    def function(self) -> tuple[list[tuple[str, Type]], Type]:
        params: list[tuple[str, Type]] = []
        while True:
            label = self.take() if self.peek().endswith(":") else ""
            item = self.tuple()
            if self.peek() != "->":
                if label:
                    raise CallUnsupported(f"a labelled result in {' '.join(self.tokens)!r}")
                return params, item
            self.take()
            params.append((label, item))

    def tuple(self) -> Type:
        items = [self.applied()]
        while self.peek() == "*":
            self.take()
            items.append(self.applied())
        return items[0] if len(items) == 1 else Type("tuple", tuple(items))

    def applied(self) -> Type:
        if self.peek() == "(":
            self.take()
            args = [self.inner()]
            while self.peek() == ",":
                self.take()
                args.append(self.inner())
            if self.take() != ")":
                raise CallUnsupported(f"cannot read the type {' '.join(self.tokens)!r}")
            base = args[0] if len(args) == 1 else None
            if base is None and not self._constructor_next():
                raise CallUnsupported(f"cannot read the type {' '.join(self.tokens)!r}")
        else:
            token = self.take()
            if not token or token in "()*,->":
                raise CallUnsupported(f"cannot read the type {' '.join(self.tokens)!r}")
            base = Type("var") if token.startswith("'") else Type(_name(token))
            args = [base]
        while self._constructor_next():
            name = _name(self.take())
            base = Type(name, tuple(args))
            args = [base]
        assert base is not None
        return base

    def inner(self) -> Type:
        params, result = self.function()
        return Type("function") if params else result

    def _constructor_next(self) -> bool:
        token = self.peek()
        return bool(token) and token[0].isalpha() and not token.endswith(":")


def _name(token: str) -> str:
    token = token.removeprefix("Stdlib.")
    return _NAMES.get(token, token)


def _has_var(t: Type) -> bool:
    return t.name == "var" or any(_has_var(a) for a in t.args)


def _decoder(t: Type) -> str:
    simple = ("int", "int64", "int32", "float", "bool", "string", "char", "unit")
    if t.name in simple and not t.args:
        return f"S.d_{t.name}"
    if t.name in ("option", "list", "array") and len(t.args) == 1:
        return f"(S.d_{t.name} {_decoder(t.args[0])})"
    if t.name == "hashtbl" and len(t.args) == 2 and t.args[0].name in _KEYS:
        return f"(S.d_hashtbl S.k_{t.args[0].name} {_decoder(t.args[1])})"
    if t.name == "tuple":
        names = [f"x{i}" for i in range(len(t.args))]
        lets = " ".join(
            f"let {n} = {_decoder(a)} input in" for n, a in zip(names, t.args, strict=True)
        )
        return f"(fun input -> S.d_tuple {len(names)} input; {lets} ({', '.join(names)}))"
    return f"(S.d_none {_quote(str(t))})"


def _encoder(t: Type) -> str:
    simple = ("int", "int64", "int32", "float", "bool", "string", "char", "unit")
    if t.name in simple and not t.args:
        return f"S.e_{t.name}"
    if t.name in ("option", "list", "array") and len(t.args) == 1:
        return f"(S.e_{t.name} {_encoder(t.args[0])})"
    if t.name == "hashtbl" and len(t.args) == 2 and t.args[0].name in _KEYS:
        return f"(S.e_hashtbl S.ke_{t.args[0].name} {_encoder(t.args[1])})"
    if t.name == "tuple":
        names = [f"x{i}" for i in range(len(t.args))]
        parts = " ".join(f"{_encoder(a)} out {n};" for n, a in zip(names, t.args, strict=True))
        return f"(fun out ({', '.join(names)}) -> S.e_tuple out {len(names)}; {parts} ())"
    return f"(S.e_none {_quote(str(t))})"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def interface(user_code: str) -> str:
    """The code's interface as ``ocamlc -i`` prints it (CompileError for its errors)."""
    executor = executor_for("ocaml")
    result = run_sandboxed(
        ("/usr/bin/ocamlc", "-i", "main.ml"),
        stdin=b"",
        limits=executor.compile_limits,
        files={"main.ml": user_code.encode("utf-8")},
    )
    raise_for_compile_result(result)
    return result.stdout.decode("utf-8", errors="replace")


def signature(text: str, fn_name: str) -> tuple[str, str] | None:
    """(the path to call, its type) of ``fn_name`` in an interface: a top-level value,
    else one of ``module Solution``; None when neither exists."""
    top = re.search(rf"^val {fn_name} :(.*(?:\n[ \t]+.*)*)", text, re.MULTILINE)
    if top:
        return fn_name, top[1]
    module = re.search(r"^module Solution :\s*sig\b(.*?)\bend\b", text, re.MULTILINE | re.DOTALL)
    if module:
        inner = re.search(
            rf"\bval {fn_name} :(.*?)(?=\b(?:val|type|exception|module|class|external)\b|$)",
            module[1],
            re.DOTALL,
        )
        if inner:
            return f"Solution.{fn_name}", inner[1]
    return None


def call_code(path: str, type_text: str, fn_name: str, arity: int) -> str:
    """The OCaml that reads ``arity`` arguments, calls ``path`` and writes its result."""
    params, result = _Parser(type_text).function()
    if len(params) != arity:
        raise CompileError(
            f"{fn_name} takes {len(params)} parameters ({' '.join(type_text.split())}), "
            f"the call passes {arity}"
        )
    if any(_has_var(t) for _, t in params) or _has_var(result):
        raise CompileError(
            f"{fn_name} is polymorphic ({' '.join(type_text.split())}): give its parameters "
            "and result types"
        )
    lines = []
    args = []
    for i, (label, t) in enumerate(params, start=1):
        decoder = _decoder(Type("option", (t,)) if label.startswith("?") else t)
        lines.append(f"    let a{i} = S.arg {i} {decoder} input in")
        if label.startswith("?"):
            args.append(f"{label[:-1]}:a{i}")
        elif label:
            args.append(f"~{label}a{i}")
        else:
            args.append(f"a{i}")
    lines.append(f"    {_encoder(result)} out ({path} {' '.join(args)})")
    body = "\n".join(lines)
    return (
        f"\nlet () =\n  let module S = Scalebox_stub in\n"
        f"  S.run {_quote(fn_name)} {arity} (fun input out ->\n{body})\n"
    )


def solver_source(user_code: str, fn_name: str, arity: int) -> str:
    found = signature(interface(user_code), fn_name)
    if found is None:
        raise CompileError(f"the program has no function named {fn_name}")
    path, type_text = found
    call = call_code(path, type_text, fn_name, arity)
    return f'{STUB}\n# 1 "main.ml"\n{user_code}\n# 1 "scalebox_call.ml"\n{call}'


def value_problem(value: Any) -> str | None:
    return typed_value_problem(value)
