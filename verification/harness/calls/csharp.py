"""C#: the submitted code, then the stub (``csharp_stub.cs``), which finds the method by
reflection and converts the arguments to its parameters' types.

Parameters may be integers (range-checked), floating point, decimal, bool, char, string,
arrays, List/IList/IEnumerable/HashSet/..., Dictionary/IDictionary (keys from JSON
strings), tuples, nullable value types and object. A method of a class named
``Solution`` is preferred, and an instance method is called on a new object. Methods with
no class around them (the peers' completions are a bare ``public static`` method) are
put in a class of their own, after the ``using`` directives that open the code. The
code's own ``Main`` is renamed, so the stub's is the entry point.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from verification.executors.java import _COMMENTS_AND_LITERALS
from verification.harness.calls import typed_value_problem

STUB = Path(__file__).with_name("csharp_stub.cs").read_text()

_USING = re.compile(
    r"(?:\s|//[^\n]*|/\*.*?\*/)*using\s+(?:static\s+)?[\w.]+(?:\s*=\s*[\w.<>, ]+)?\s*;",
    re.DOTALL,
)
_TYPE = re.compile(r"\b(?:class|struct|interface|enum|namespace|delegate)\b")
_ATTRIBUTE_OR_USING = re.compile(r"\s*(?:\[[^\]]*\]\s*)*(?:using\b[^;]*)?")
# The code's own Main, outside comments, strings and characters (kept as they are).
_MAIN = re.compile(
    r"//[^\n]*|/\*.*?\*/|\$?@\$?\"(?:\"\"|[^\"])*\"|\$?\"(?:\\.|[^\"\\\n])*\""
    r"|'(?:\\.|[^'\\\n])*'|\b(Main)\b",
    re.DOTALL,
)


def _usings(code: str) -> int:
    """Where the ``using`` directives that open the code end."""
    end = 0
    while match := _USING.match(code, end):
        end = match.end()
    return end


def _has_bare_members(code: str) -> bool:
    """Whether the code declares methods or fields outside any type."""
    code = _COMMENTS_AND_LITERALS.sub(" ", code)
    depth = 0
    start = 0
    for index, char in enumerate(code):
        if char == "{":
            if depth == 0 and not _TYPE.search(code[start:index]):
                return True
            depth += 1
        elif char == "}":
            depth = max(depth - 1, 0)
            if depth == 0:
                start = index + 1
        elif char == ";" and depth == 0:
            if not _ATTRIBUTE_OR_USING.fullmatch(code[start:index]):
                return True
            start = index + 1
    return False


def solver_source(user_code: str, fn_name: str, arity: int) -> str:
    if fn_name != "Main":
        user_code = _MAIN.sub(lambda m: "ScaleboxUserMain" if m[1] else m[0], user_code)
    if _has_bare_members(user_code):
        head = _usings(user_code)
        line = user_code.count("\n", 0, head) + 1
        user_code = (
            f"{user_code[:head]}\npublic class ScaleboxProgram {{\n#line {line}\n"
            f"{user_code[head:]}\n}}"
        )
    entry = (
        "public static partial class ScaleboxCallStub {\n"
        f'    public static int Main() {{ return Run("{fn_name}", {arity}); }}\n}}\n'
    )
    return f"{user_code}\n#line default\n{STUB}\n{entry}"


def value_problem(value: Any) -> str | None:
    return typed_value_problem(value)
