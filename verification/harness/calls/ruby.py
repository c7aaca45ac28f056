"""Ruby: the submitted code, then the stub (``ruby_stub.rb``; before an ``__END__`` line).

The function is a method of a ``class Solution`` (called on a new object), a method of
``Solution``'s own, a method defined at the top level, or a lambda in a top-level variable. The
code's ``if __FILE__ == $0`` main does not run. Ruby holds every JSON value
(nested up to 100 deep).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

STUB = Path(__file__).with_name("ruby_stub.rb").read_text()
_END = re.compile(r"^__END__\r?$", re.MULTILINE)


def solver_source(user_code: str, fn_name: str, arity: int) -> str:
    end = _END.search(user_code)
    code, data = (user_code[: end.start()], user_code[end.start() :]) if end else (user_code, "")
    return f'{code}\n{STUB}  "{fn_name}", binding\n)\n{data}'


def value_problem(value: Any, depth: int = 0) -> str | None:
    if depth > 100:
        return "nested too deeply"
    items = value if isinstance(value, list) else []
    if isinstance(value, dict):
        items = list(value.values())
    for item in items:
        why = value_problem(item, depth + 1)
        if why:
            return why
    return None
