"""PHP: the submitted code (given ``<?php`` when it lacks it), then the stub
(``php_stub.php``) in the code's namespace.

The function is a method of a ``class Solution`` (static, or called on a new object) or a
function the code declares; arguments are converted to the parameters' declared ``int``
or ``float`` types (by reflection). A PHP array is a list when its keys are 0..n-1 and a
map otherwise, so an empty object, or one whose keys are "0".."n-1", cannot be told from a
list: such values are refused. A ``stdClass`` object is answered as a map.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from verification.harness.calls import is_int64

STUB = Path(__file__).with_name("php_stub.php").read_text()
_OPEN_TAG = re.compile(r"\s*<\?(php\b|=)?", re.IGNORECASE)
_TAG = re.compile(r"<\?(?:php\b|=)?|\?>", re.IGNORECASE)


def solver_source(user_code: str, fn_name: str, arity: int) -> str:
    # The opening tag goes on the code's first line, so its line numbers stay as they were.
    code = user_code if _OPEN_TAG.match(user_code) else f"<?php {user_code}"
    # Code that ends after a closing tag (outside PHP) has the stub's opening tag added.
    tags = _TAG.findall(code)
    reopen = "<?php\n" if tags and tags[-1] == "?>" else ""
    return f"{code}\n{reopen}{STUB}ScaleboxCall::run('{fn_name}', __NAMESPACE__);\n"


def value_problem(value: Any, depth: int = 0) -> str | None:
    if depth > 100:
        return "nested too deeply"
    if type(value) is int and not is_int64(value):
        return f"{value} does not fit in 64 bits"
    items: list[Any] = []
    if isinstance(value, list):
        items = value
    elif isinstance(value, dict):
        if not value:
            return "PHP arrays cannot tell an empty object from an empty list"
        if list(value) == [str(i) for i in range(len(value))]:
            return "PHP arrays cannot tell an object with keys 0..n-1 from a list"
        items = list(value.values())
    for item in items:
        why = value_problem(item, depth + 1)
        if why:
            return why
    return None
