"""What HumanEval+ and MBPP+ (EvalPlus) share.

Their ``test`` code imports numpy only for ``np.allclose`` (and an ``ndarray`` type
test) in its ``assertion`` helper. The sandbox's interpreter runs without site
packages, so that import is replaced by a small pure-Python stand-in with numpy's
``allclose`` semantics (|a - b| <= atol + rtol * |b|, element-wise); the tests are
otherwise run as shipped.
"""

from __future__ import annotations

import re

NUMPY_IMPORT = re.compile(r"^import numpy as np[ \t]*$", re.MULTILINE)

NUMPY_STAND_IN = """
class np:  # ScaleBox: numpy's allclose/isclose, for EvalPlus's assertion helper
    class ndarray:
        pass

    float64 = float
    float32 = float

    @staticmethod
    def _flat(value):
        if isinstance(value, (list, tuple)):
            out = []
            for item in value:
                out.extend(np._flat(item))
            return out
        return [value]

    @staticmethod
    def isclose(a, b, rtol=1e-05, atol=1e-08):
        a, b = float(a), float(b)
        if a == b:
            return True
        if a != a or b != b:
            return False
        return abs(a - b) <= atol + rtol * abs(b)

    @staticmethod
    def allclose(a, b, rtol=1e-05, atol=1e-08):
        left, right = np._flat(a), np._flat(b)
        if len(right) == 1 and len(left) != 1:
            right = right * len(left)
        if len(left) == 1 and len(right) != 1:
            left = left * len(right)
        if len(left) != len(right):
            raise ValueError("operands could not be broadcast together")
        return all(np.isclose(x, y, rtol, atol) for x, y in zip(left, right))
"""


def without_numpy(test: str) -> str:
    """The test code with ``import numpy as np`` replaced by the stand-in."""
    if not NUMPY_IMPORT.search(test):
        return test
    return NUMPY_IMPORT.sub(lambda _: NUMPY_STAND_IN, test, count=1)
