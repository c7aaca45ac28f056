"""Rust: the submitted code first, then the stub (``rust_stub.rs``) and ``main``.

The parameters' types are the function's own: the stub's ``Call`` trait is implemented
for every ``Fn(A, B, ...) -> R`` whose arguments are ``FromToken`` and result is
``ToToken``, so the compiler picks each conversion. They cover integers (range-checked),
floats, bool, char, String and ``&str``, Vec/VecDeque/LinkedList/HashSet/BTreeSet, arrays
and slices, HashMap/BTreeMap (keys from JSON strings), tuples, Option (null), Box and
references; an ``Err`` result is raised. A LeetCode-style ``impl Solution`` is called as
``Solution::fn_name``, with ``struct Solution;`` added when the program has none. The
submitted code's own ``main`` is renamed away.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from verification.harness.calls import typed_value_problem

STUB = Path(__file__).with_name("rust_stub.rs").read_text()
_MAIN = re.compile(r"\bfn\s+main\s*\(")
_IMPL = re.compile(r"\bimpl\s+Solution\b")
_STRUCT = re.compile(r"\b(struct|enum|type)\s+Solution\b")


def solver_source(user_code: str, fn_name: str, arity: int) -> str:
    free = re.compile(rf"^(pub(\([\w\s:]+\))?\s+)?fn\s+{fn_name}\b", re.MULTILINE)
    method = _IMPL.search(user_code) and not free.search(user_code)
    target = f"Solution::{fn_name}" if method else fn_name
    extra = "pub struct Solution;\n" if method and not _STRUCT.search(user_code) else ""
    code = _MAIN.sub("fn scalebox_user_main(", user_code)
    return f"{code}\n{extra}{STUB}\nfn main() {{\n    scalebox_call::run({target});\n}}\n"


def value_problem(value: Any) -> str | None:
    return typed_value_problem(value)
