"""Trusted comparison of a type-tagged value from the sandbox with an expected value.

The sandbox reports a return value as type-tagged JSON (see ``python_template.py``);
it is decoded here, outside the sandbox, into plain data and never compared through
an object the program made. The rule, for an expected value given as JSON:

- ``null`` matches only None; ``true``/``false`` only a bool (1 is not True).
- An integer matches an int or float of exactly that value (big integers exactly).
- A float matches an int or float: exactly, or within the tolerance when one is given
  (absolute or relative, either suffices). NaN matches only NaN.
- A string matches only a str with the same characters.
- A list matches a list or tuple of the same length, element by element; a set returned
  by the program matches a list holding the same elements in any order.
- An object matches a dict with the same keys (compared as JSON keys: the program's
  int key 1 is the expected key "1") and matching values.
- bytes and complex values match nothing a JSON expectation can hold.
"""

from __future__ import annotations

import math
from typing import Any

MAX_DEPTH = 200


class BadValue(ValueError):
    pass


def _key(node: dict[str, Any]) -> str:
    t = node.get("t")
    v: Any = node.get("v")
    if t == "str":
        return str(v)
    if t == "int":
        return str(int(v))
    if t == "float":
        return repr(float(v))
    if t == "bool":
        return "true" if v else "false"
    if t == "none":
        return "null"
    raise BadValue(f"a {t} cannot be a JSON object key")


def _number(node: dict[str, Any]) -> int | float | None:
    if node.get("t") == "int":
        return int(node["v"])
    if node.get("t") == "float":
        return float(node["v"])
    return None


def matches(
    actual: dict[str, Any],
    expected: Any,
    *,
    abs_tol: float | None = None,
    rel_tol: float | None = None,
    depth: int = 0,
) -> tuple[bool, str]:
    """Whether ``actual`` (tagged) matches ``expected`` (plain JSON), and why not."""
    if depth > MAX_DEPTH:
        return False, "value nested too deeply"
    if not isinstance(actual, dict) or "t" not in actual:
        return False, "malformed value from the harness"
    t = actual["t"]
    kw = {"abs_tol": abs_tol, "rel_tol": rel_tol, "depth": depth + 1}
    if expected is None:
        return (t == "none"), f"expected None, got a {t}"
    if isinstance(expected, bool):
        ok = t == "bool" and bool(actual["v"]) is expected
        return ok, f"expected {expected}, got {_show(actual)}"
    if isinstance(expected, int | float):
        value = _number(actual)
        if value is None:
            return False, f"expected a number, got a {t}"
        return _numbers_match(value, expected, abs_tol, rel_tol), (
            f"expected {expected!r}, got {value!r}"
        )
    if isinstance(expected, str):
        ok = t == "str" and actual["v"] == expected
        return ok, f"expected {expected[:80]!r}, got {_show(actual)}"
    if isinstance(expected, list):
        if t in ("list", "tuple"):
            items = actual["v"]
            if len(items) != len(expected):
                return False, f"expected {len(expected)} items, got {len(items)}"
            for i, (a, e) in enumerate(zip(items, expected, strict=True)):
                ok, why = matches(a, e, **kw)  # type: ignore[arg-type]
                if not ok:
                    return False, f"item {i}: {why}"
            return True, ""
        if t == "set":
            return _set_matches(actual["v"], expected, kw)
        return False, f"expected a list, got a {t}"
    if isinstance(expected, dict):
        if t != "dict":
            return False, f"expected a dict, got a {t}"
        try:
            got = {_key(k): v for k, v in actual["v"]}
        except BadValue as exc:
            return False, str(exc)
        if set(got) != set(expected):
            return False, f"expected keys {sorted(expected)[:10]}, got {sorted(got)[:10]}"
        for key, e in expected.items():
            ok, why = matches(got[key], e, **kw)  # type: ignore[arg-type]
            if not ok:
                return False, f"key {key!r}: {why}"
        return True, ""
    return False, f"cannot compare with an expected {type(expected).__name__}"


def _set_matches(items: list[Any], expected: list[Any], kw: dict[str, Any]) -> tuple[bool, str]:
    if len(items) != len(expected):
        return False, f"expected {len(expected)} items, got a set of {len(items)}"
    unmatched = list(items)
    for e in expected:
        for i, a in enumerate(unmatched):
            if matches(a, e, **kw)[0]:
                del unmatched[i]
                break
        else:
            return False, f"set lacks {e!r}"
    return True, ""


def _numbers_match(
    value: int | float, expected: int | float, abs_tol: float | None, rel_tol: float | None
) -> bool:
    if isinstance(value, float) and math.isnan(value):
        return isinstance(expected, float) and math.isnan(expected)
    if isinstance(expected, float) and math.isnan(expected):
        return False
    if value == expected:
        return True
    if abs_tol is None and rel_tol is None:
        return False
    if math.isinf(value) or math.isinf(expected):
        return False
    diff = abs(float(value) - float(expected))
    if abs_tol is not None and diff <= abs_tol:
        return True
    return rel_tol is not None and diff <= rel_tol * abs(float(expected))


def _show(node: dict[str, Any]) -> str:
    v = node.get("v")
    text = repr(v) if node.get("t") != "none" else "None"
    return f"{node.get('t')} {text[:80]}"
