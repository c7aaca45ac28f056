"""Java: the submitted code, then the stub class (``java_stub.java``) that starts it.

The parameters' types are the method's declared generic types, read by reflection:
``long``/``int``/``short``/``byte`` and their boxes (range-checked), ``double``/``float``,
``boolean``, ``char``, ``String``, arrays, ``List``/``Set``/``Collection``/``Deque`` and
their JDK classes, ``Map`` (keys from JSON strings), ``Optional`` and ``Object``. The
method is looked up in ``Solution`` first, then in every top-level type; an instance
method is called on a new object. Code that is only methods (``public static int add(...)``
with no class around it) is put in a class of its own, the types beside it left as they
are. The code's own ``main`` is renamed and its ``package`` dropped, so the stub's class
is the one ``java`` starts.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from verification.executors.java import top_level_types
from verification.harness.calls import typed_value_problem

STUB = Path(__file__).with_name("java_stub.java").read_text()
WRAPPER = "ScaleboxSolution"

_COMMENTS_AND_LITERALS = re.compile(
    r"//[^\n]*"
    r"|/\*.*?\*/"
    r'|"""(?:\\.|[^\\])*?"""'
    r'|"(?:\\.|[^"\\\n])*"'
    r"|'(?:\\.|[^'\\\n])*'",
    re.DOTALL,
)
_TYPE_KEYWORD = re.compile(r"\b(?:class|interface|enum|record)\s+[\w$]+")
_HEADER = re.compile(r"\s*(?:package\s+[\w.\s]+|import\s+(?:static\s+)?[\w.\s]+(?:\.\s*\*)?)\s*;")
_MAIN = re.compile(r"(\bstatic\s+(?:[\w$]+\s+)*void\s+)main(\s*\()")


def _blank(code: str) -> str:
    """The code with comments and literals blanked out, every offset kept."""
    return _COMMENTS_AND_LITERALS.sub(lambda m: re.sub(r"[^\n]", " ", m[0]), code)


def _pieces(blanked: str, start: int) -> list[tuple[int, int, bool]]:
    """The top-level pieces from ``start`` on: (start, end, whether it declares a type)."""
    pieces = []
    depth = 0
    declares_type = False
    for index in range(start, len(blanked)):
        char = blanked[index]
        if char == "{":
            if depth == 0:
                declares_type = bool(_TYPE_KEYWORD.search(blanked, start, index))
            depth += 1
        elif char == "}" and depth > 0:
            depth -= 1
            if depth == 0:
                pieces.append((start, index + 1, declares_type))
                start = index + 1
        elif char == ";" and depth == 0:
            pieces.append((start, index + 1, False))
            start = index + 1
    pieces.append((start, len(blanked), False))
    return pieces


def _header_end(blanked: str) -> int:
    """Where the leading package and import statements end."""
    end = 0
    while match := _HEADER.match(blanked, end):
        end = match.end()
    return end


def solver_source(user_code: str, fn_name: str, arity: int) -> str:
    code = user_code
    for match in reversed(list(_MAIN.finditer(_blank(code)))):
        code = code[: match.start(2) - 4] + "scalebox_user_main" + code[match.start(2) :]
    blanked = _blank(code)
    end = _header_end(blanked)
    header = re.sub(r"\bpackage\s+[\w.\s]+;", "", code[:end])
    pieces = _pieces(blanked, end)
    types = "".join(code[a:b] for a, b, declares_type in pieces if declares_type)
    members = "".join(code[a:b] for a, b, declares_type in pieces if not declares_type)
    classes = [t.name for t in top_level_types(types.encode("utf-8"))]
    if members.replace(";", "").strip():
        # Methods (or fields) outside any type: a class of their own holds them.
        classes = [WRAPPER, *classes]
        types += f"\nfinal class {WRAPPER} {{\n{members}\n}}\n"
    else:
        types = code[end:]
    if "Solution" in classes:
        classes.remove("Solution")
        classes.insert(0, "Solution")
    names = ", ".join(f'"{name}"' for name in classes)
    stub = STUB.replace(
        "call(FN_NAME, ARITY, CLASSES)",
        f'call("{fn_name}", {arity}, new java.lang.String[] {{{names}}})',
    )
    return f"{header}\n{types}\n{stub}"


def value_problem(value: Any) -> str | None:
    return typed_value_problem(value)
