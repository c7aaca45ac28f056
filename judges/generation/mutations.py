"""Wrong outputs made from a correct one, that every sound checker must reject.

Which mutations are certainly wrong depends on the kinds: swapping lines is wrong only
where order matters, and a small change of one number only where the answer is unique
(with several valid answers a number is moved far out of any valid range instead).
"""

from __future__ import annotations

import math
import re

from judges.generation import kinds as k

_INT = re.compile(rb"^[-+]?\d+$")
_FLOAT = re.compile(rb"^[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?$")
FAR = 1_000_003


def mutations(
    output: bytes, *, kinds: list[str], float_tolerance: float | None, full: bool = True
) -> list[tuple[str, bytes]]:
    """(name, mutant) pairs; ``full=False`` gives the few that matter for a second source."""
    tokens = output.split()
    found: list[tuple[str, bytes]] = []
    if full:
        found.append(("empty output", b""))
        found.append(("truncated output", _truncated(output, tokens)))
        found.append(("token added", output.rstrip() + b"\n" + (tokens[-1] if tokens else b"0")))
    if len(tokens) >= 2:
        found.append(("token dropped", b" ".join(tokens[:-1]) + b"\n"))
    numeric = [i for i, t in enumerate(tokens) if _FLOAT.match(t)]
    if numeric:
        last = _perturbed(output, tokens, numeric[-1], kinds, float_tolerance)
        found.append(("last number perturbed", last))
        if full and numeric[0] != numeric[-1]:
            found.append(
                (
                    "first number perturbed",
                    _perturbed(output, tokens, numeric[0], kinds, float_tolerance),
                )
            )
    if full and k.order_matters(kinds):
        swapped = _lines_swapped(output)
        if swapped is not None:
            found.append(("lines swapped", swapped))
        elif len(set(tokens)) >= 2:
            found.append(("tokens swapped", _tokens_swapped(tokens)))
    unique: list[tuple[str, bytes]] = []
    seen = {output}
    for name, mutant in found:
        if mutant not in seen and not equivalent(mutant, output, kinds, float_tolerance):
            seen.add(mutant)
            unique.append((name, mutant))
    return unique


def equivalent(a: bytes, b: bytes, kinds: list[str], tolerance: float | None) -> bool:
    """Whether ``a`` and ``b`` could both be right: equal up to case, tolerance and order."""
    left, right = a.split(), b.split()
    if len(left) != len(right):
        return False
    if not k.order_matters(kinds):
        left, right = sorted(left), sorted(right)
    tol = max(tolerance or 0.0, 1e-9)
    return all(_same_token(x, y, tol) for x, y in zip(left, right, strict=True))


def _same_token(x: bytes, y: bytes, tol: float) -> bool:
    if x.lower() == y.lower():
        return True
    if _FLOAT.match(x) and _FLOAT.match(y):
        fx, fy = float(x), float(y)
        return abs(fx - fy) <= tol or abs(fx - fy) <= tol * abs(fy)
    return False


def _truncated(output: bytes, tokens: list[bytes]) -> bytes:
    if len(tokens) >= 2:
        return b" ".join(tokens[: len(tokens) // 2]) + b"\n"
    stripped = output.strip()
    return stripped[: len(stripped) // 2]


def _perturbed(
    output: bytes, tokens: list[bytes], index: int, kinds: list[str], tolerance: float | None
) -> bytes:
    token = tokens[index]
    if _INT.match(token):
        step = 1 if k.answer_is_unique(kinds) else FAR
        replacement = str(int(token) + step).encode()
    else:
        value = float(token)
        tol = tolerance if k.FLOAT_TOLERANCE in kinds and tolerance else 0.0
        delta = max(1e-3, 1000 * tol) * max(1.0, abs(value))
        if not k.answer_is_unique(kinds):
            delta = FAR * max(1.0, abs(value))
        shifted = value + delta
        replacement = repr(shifted).encode() if math.isfinite(shifted) else b"0"
    return _replace_token(output, index, replacement)


def _replace_token(output: bytes, index: int, replacement: bytes) -> bytes:
    """``output`` with its ``index``-th token replaced, keeping the whitespace around it."""
    count = -1
    for match in re.finditer(rb"\S+", output):
        count += 1
        if count == index:
            return output[: match.start()] + replacement + output[match.end() :]
    return output


def _lines_swapped(output: bytes) -> bytes | None:
    lines = output.split(b"\n")
    filled = [i for i, line in enumerate(lines) if line.strip()]
    for a in filled:
        for b in filled:
            if b > a and lines[a].split() != lines[b].split():
                swapped = list(lines)
                swapped[a], swapped[b] = swapped[b], swapped[a]
                return b"\n".join(swapped)
    return None


def _tokens_swapped(tokens: list[bytes]) -> bytes:
    first = 0
    second = next(i for i, t in enumerate(tokens) if t != tokens[first])
    swapped = list(tokens)
    swapped[first], swapped[second] = swapped[second], swapped[first]
    return b" ".join(swapped) + b"\n"
