"""Java: the submitted code, then the stub class (``java_stub.java``) that starts it.

The parameters' types are the method's declared generic types, read by reflection:
``long``/``int``/``short``/``byte`` and their boxes (range-checked), ``double``/``float``,
``boolean``, ``char``, ``String``, arrays, ``List``/``Set``/``Collection``/``Deque`` and
their JDK classes, ``Map`` (keys from JSON strings), ``Optional`` and ``Object``. The
method is looked up in ``Solution`` first, then in every top-level type; an instance
method is called on a new object. Code that is only methods (``public static int add(...)``
with no class around it) is put in a class of its own. The code's own ``main`` is renamed
and its ``package`` dropped, so the stub's class is the one ``java`` starts.
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


def _has_bare_members(code: str) -> bool:
    """Whether a method (or an initializer) stands at the top level, outside any type."""
    depth = 0
    header_start = 0
    for index, char in enumerate(code):
        if char == "{":
            if depth == 0 and not _TYPE_KEYWORD.search(code, header_start, index):
                return True
            depth += 1
        elif char == "}":
            depth = max(depth - 1, 0)
            if depth == 0:
                header_start = index + 1
        elif char == ";" and depth == 0:
            header_start = index + 1
    return False


def _split_header(code: str, blanked: str) -> tuple[str, str]:
    """(the leading package and import statements, the rest)."""
    end = 0
    while match := _HEADER.match(blanked, end):
        end = match.end()
    return code[:end], code[end:]


def solver_source(user_code: str, fn_name: str, arity: int) -> str:
    blanked = _blank(user_code)
    header, body = _split_header(user_code, blanked)
    header = re.sub(r"\bpackage\s+[\w.\s]+;", "", header)
    for match in reversed(list(_MAIN.finditer(blanked, len(header)))):
        start, end = match.start(2) - 4 - len(header), match.start(2) - len(header)
        body = body[:start] + "scalebox_user_main" + body[end:]
    classes = [t.name for t in top_level_types(body.encode("utf-8"))]
    if _has_bare_members(_blank(body)):
        body = f"final class {WRAPPER} {{\n{body}\n}}\n"
        classes = [WRAPPER, *classes]
    if "Solution" in classes:
        classes.remove("Solution")
        classes.insert(0, "Solution")
    names = ", ".join(f'"{name}"' for name in classes)
    stub = STUB.replace(
        "call(FN_NAME, ARITY, CLASSES)",
        f'call("{fn_name}", {arity}, new java.lang.String[] {{{names}}})',
    )
    return f"{header}\n{body}\n{stub}"


def value_problem(value: Any) -> str | None:
    return typed_value_problem(value)
