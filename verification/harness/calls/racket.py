"""Racket: the submitted code as the submodule ``scalebox-user`` of the solver module,
whose body is the stub (``racket_stub.rkt``).

The program's ``#lang`` line names the submodule's language (``racket`` when there is
none) and is replaced in place, so its line numbers stay. Every definition of the
program is exported from the submodule, which is loaded only once the arguments are
read. ``fn_name`` is called, else that method of a new object of the class ``Solution``
(or ``solution%``). JSON null is ``'null`` (``(void)`` is returned as null too), lists
are lists (vectors are returned as lists too), objects immutable hash tables with string
keys, integers exact (of any size).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from verification.harness.calls import lone_surrogate_problem

STUB = Path(__file__).with_name("racket_stub.rkt").read_text()

# Whitespace and comments before the #lang line (as the executor reads them).
_PREAMBLE = re.compile(r"(?:\s+|;[^\n]*|#\|.*?\|#)*", re.DOTALL)
_LANG = re.compile(r"(?:#lang[ \t]+|#!)([A-Za-z][^\s()\[\]{}\"';`]*)")


def solver_source(user_code: str, fn_name: str, arity: int) -> str:
    # A "#!/..." first line is a comment that only the file's start allows.
    if user_code.startswith("#!/") or user_code.startswith("#! "):
        user_code = ";" + user_code
    preamble = _PREAMBLE.match(user_code)
    start = preamble.end() if preamble else 0
    lang = _LANG.match(user_code, start)
    if lang:
        head = f"(module scalebox-user {lang.group(1)}"
        body = user_code[:start] + head + user_code[lang.end() :]
    else:
        body = "(module scalebox-user racket " + user_code
    stub = STUB.replace("@FN_NAME@", fn_name).replace("@ARITY@", str(arity))
    return f"#lang racket/base {body}\n(provide (all-defined-out)))\n{stub}"


def value_problem(value: Any) -> str | None:
    return lone_surrogate_problem(
        value, "a string holds a lone surrogate, which Racket strings cannot"
    )
