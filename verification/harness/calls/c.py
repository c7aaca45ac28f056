"""C: the function's declaration, read from the source, decides the glue around it.

Parameters and results follow LeetCode's C conventions: scalars (int, long, long long,
int64_t, double, bool, char), a string as ``char*``, an array as a pointer followed by
its length (``int* nums, int numsSize``), a 2-D array as ``int** grid, int gridSize,
int* gridColSize``; an array result is the returned pointer with an ``int* returnSize``
out-parameter (and ``int** returnColumnSizes`` for 2-D). The submitted code's own
``main`` is renamed away. Any other declaration is refused with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from verification.harness.calls import CallUnsupported, typed_value_problem

STUB = Path(__file__).with_name("c_stub.h").read_text()

# Scalar types: (C type, reader, writer).
_SCALARS = {
    "int": ("int", "scalebox_read_int", "scalebox_write_int"),
    "long": ("long", "scalebox_read_long", "scalebox_write_int"),
    "long int": ("long", "scalebox_read_long", "scalebox_write_int"),
    "long long": ("long long", "scalebox_read_llong", "scalebox_write_int"),
    "long long int": ("long long", "scalebox_read_llong", "scalebox_write_int"),
    "int64_t": ("long long", "scalebox_read_llong", "scalebox_write_int"),
    "double": ("double", "scalebox_read_double", "scalebox_write_double"),
    "bool": ("bool", "scalebox_read_bool", "scalebox_write_bool"),
    "_Bool": ("bool", "scalebox_read_bool", "scalebox_write_bool"),
    "char": ("char", "scalebox_read_char", "scalebox_write_char"),
    "string": ("char*", "scalebox_read_str", "scalebox_write_str"),
}
_COMMENTS = re.compile(r"//[^\n]*|/\*.*?\*/", re.S)
_PREPROCESSOR = re.compile(r"^\s*#[^\n]*(?:\\\n[^\n]*)*", re.M)
_QUALIFIERS = re.compile(r"\b(const|volatile|restrict|static|inline|extern|register)\b")


@dataclass(frozen=True)
class _Type:
    base: str  # a key of _SCALARS
    depth: int  # 0 scalar, 1 array, 2 array of arrays

    @property
    def c(self) -> str:
        return _SCALARS[self.base][0]


def _parse_type(text: str) -> tuple[_Type, str]:
    """A declaration's type and name (the name may be empty)."""
    text = _QUALIFIERS.sub(" ", text)
    stars = text.count("*")
    words = text.replace("*", " ").split()
    name = ""
    if len(words) > 1 and " ".join(words) not in _SCALARS:
        name = words.pop()
    base = " ".join(words)
    if base == "char" and stars:
        base, stars = "string", stars - 1
    if base not in _SCALARS or stars > 2:
        raise CallUnsupported(f"C function calls do not handle the type {text.strip()!r}")
    return _Type(base, stars), name


def _declaration(user_code: str, fn_name: str) -> tuple[str, list[str]]:
    """The return type's text and the parameters' texts of ``fn_name``'s definition."""
    code = _PREPROCESSOR.sub("", _COMMENTS.sub(" ", user_code))
    for match in re.finditer(rf"\b{fn_name}\s*\(([^()]*)\)\s*\{{", code):
        start = max(code.rfind(c, 0, match.start()) for c in ";{}")
        result = code[start + 1 : match.start()].strip()
        if result and re.fullmatch(r"[\w\s*]+", result):
            params = [p.strip() for p in match.group(1).split(",")]
            if params in ([""], ["void"]):
                params = []
            return result, params
    raise CallUnsupported(f"no definition of the C function {fn_name!r} found")


def _is_int(text: str, stars: int) -> bool:
    kind, _ = _parse_type(text)
    return kind == _Type("int", stars)


def solver_source(user_code: str, fn_name: str, arity: int) -> str:
    result_text, params = _declaration(user_code, fn_name)
    if result_text == "void":
        raise CallUnsupported(f"{fn_name} returns nothing: a C function call needs a result")
    result, _ = _parse_type(result_text)
    lines: list[str] = []
    extra: list[str] = []
    if result.depth >= 1:
        need = result.depth
        tail = params[-need:] if len(params) >= need else []
        if not (tail and _is_int(tail[0], 1) and (need == 1 or _is_int(tail[1], 2))):
            outs = "int* returnSize" + (", int** returnColumnSizes" if need == 2 else "")
            raise CallUnsupported(f"{fn_name} returns an array: its last parameters must be {outs}")
        params = params[:-need]
        lines.append("int scalebox_size = -1;")
        extra.append("&scalebox_size")
        if need == 2:
            lines.append("int* scalebox_cols = NULL;")
            extra.append("&scalebox_cols")
    args: list[str] = []
    i = k = 0
    while i < len(params):
        kind, name = _parse_type(params[i])
        what = f'"argument {k + 1}"'
        reader = _SCALARS[kind.base][1]
        a = f"scalebox_a{k}"
        if kind.depth == 0:
            lines.append(f"{kind.c} {a} = {reader}({what});")
            args.append(a)
            i, k = i + 1, k + 1
            continue
        sizes = params[i + 1 : i + 1 + kind.depth]
        if kind.depth == 1 and not (sizes and _is_int(sizes[0], 0)):
            raise CallUnsupported(
                f"parameter {name or k + 1} of {fn_name}: an array must be followed by "
                "its length as an int"
            )
        if kind.depth == 2 and not (
            len(sizes) == 2 and _is_int(sizes[0], 0) and _is_int(sizes[1], 1)
        ):
            raise CallUnsupported(
                f"parameter {name or k + 1} of {fn_name}: a 2-D array must be followed by "
                "int size and int* colSize"
            )
        lines.append(f"int {a}n = scalebox_list({what});")
        if kind.depth == 1:
            lines.append(f"{kind.c}* {a} = scalebox_alloc({a}n, sizeof({kind.c}));")
            lines.append(f"for (int i = 0; i < {a}n; ++i) {a}[i] = {reader}({what});")
            args += [a, f"{a}n"]
        else:
            lines += [
                f"{kind.c}** {a} = scalebox_alloc({a}n, sizeof({kind.c}*));",
                f"int* {a}c = scalebox_alloc({a}n, sizeof(int));",
                f"for (int i = 0; i < {a}n; ++i) {{",
                f"    {a}c[i] = scalebox_list({what});",
                f"    {a}[i] = scalebox_alloc({a}c[i], sizeof({kind.c}));",
                f"    for (int j = 0; j < {a}c[i]; ++j) {a}[i][j] = {reader}({what});",
                "}",
            ]
            args += [a, f"{a}n", f"{a}c"]
        i, k = i + 1 + kind.depth, k + 1
    if k != arity:
        raise CallUnsupported(f"{fn_name} takes {k} arguments in C, the call passes {arity}")
    call = f"{fn_name}({', '.join(args + extra)})"
    writer = _SCALARS[result.base][2]
    if result.depth == 0:
        lines.append(f"{result.c} scalebox_r = {call};")
        lines.append(f"{writer}(scalebox_r);")
    elif result.depth == 1:
        lines += [
            f"{result.c}* scalebox_r = {call};",
            'scalebox_length(scalebox_size, "*returnSize");',
            "scalebox_write_list(scalebox_size);",
            f"for (int i = 0; i < scalebox_size; ++i) {writer}(scalebox_r[i]);",
        ]
    else:
        lines += [
            f"{result.c}** scalebox_r = {call};",
            'scalebox_length(scalebox_size, "*returnSize");',
            "scalebox_write_list(scalebox_size);",
            "for (int i = 0; i < scalebox_size; ++i) {",
            '    if (!scalebox_cols) scalebox_raise("the function did not set '
            '*returnColumnSizes");',
            '    scalebox_length(scalebox_cols[i], "a column size");',
            "    scalebox_write_list(scalebox_cols[i]);",
            f"    for (int j = 0; j < scalebox_cols[i]; ++j) {writer}(scalebox_r[i][j]);",
            "}",
        ]
    body = "\n    ".join(lines)
    return (
        f'{STUB}\n#define main scalebox_user_main\n#line 1 "solution.c"\n{user_code}\n'
        f"#undef main\nint main(void) {{\n    scalebox_read_all();\n"
        f'    scalebox_list("the arguments");\n    {body}\n    scalebox_done();\n}}\n'
    )


def value_problem(value: Any, depth: int = 0) -> str | None:
    if value is None:
        return "C has no null value"
    if isinstance(value, str) and "\0" in value:
        return "a C string cannot hold the NUL character"
    if isinstance(value, list):
        if depth == 2:
            return "C function calls take arrays nested at most two deep"
        for item in value:
            why = value_problem(item, depth + 1)
            if why:
                return why
    return typed_value_problem(value, maps=False)
