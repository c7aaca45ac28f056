"""Preludes: what LiveCodeBench's prelude brings into scope, and where it goes."""

from __future__ import annotations

import subprocess
import sys

import pytest

from verification.harness.preludes import (
    LIVECODEBENCH,
    PRELUDES,
    UnknownPrelude,
    prelude_apply,
    prelude_check,
)

# What a program may use without importing it once the prelude ran, and what it is.
PROBE = """
import collections as c, datetime as d, math as m, builtins as b, typing as t
checks = {
    "List": List[int] == t.List[int],
    "defaultdict": defaultdict is c.defaultdict,
    "gcd": gcd is m.gcd,
    "heappush": heappush is heapq.heappush,
    "bisect_left": bisect_left is bisect.bisect_left,
    "accumulate": accumulate is itertools.accumulate,
    "lru_cache": lru_cache is functools.lru_cache,
    "mean": mean is statistics.mean,
    "deepcopy": deepcopy is copy.deepcopy,
    "stdin": stdin is sys.stdin,
    "datetime is the module": datetime is d,
    "pow is the builtin": pow is b.pow,
    "open is the builtin": open is b.open,
    "recursion limit": sys.getrecursionlimit() == 50000,
}
print(sorted(k for k, ok in checks.items() if not ok))
"""


def run(source: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-I", "-c", source],
        check=False,
        capture_output=True,
        text=True,
        timeout=30,
    )


def test_livecodebench_prelude_brings_the_graders_names_into_scope() -> None:
    result = run(prelude_apply("livecodebench", PROBE))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_the_program_runs_without_it_as_it_is() -> None:
    result = run(prelude_apply("none", PROBE))
    assert result.returncode != 0
    assert "NameError" in result.stderr


def test_the_prelude_is_one_line_with_the_graders_imports_in_its_order() -> None:
    assert "\n" not in LIVECODEBENCH
    statements = LIVECODEBENCH.split("; ")
    star = [s.split()[1] for s in statements if s.startswith("from ")]
    assert star == [
        *("string", "re", "datetime", "collections", "heapq", "bisect", "copy", "math"),
        *("random", "statistics", "itertools", "functools", "operator", "io", "sys", "json"),
        *("builtins", "typing"),
    ]
    assert statements[-2] == "import " + ", ".join(star[:-2])
    assert statements[-1] == "sys.setrecursionlimit(50000)"


def test_the_program_moves_down_exactly_one_line() -> None:
    program = "n = int(input())\nprint(n)\n"
    applied = prelude_apply("livecodebench", program)
    assert applied == LIVECODEBENCH + "\n" + program
    failing = prelude_apply("livecodebench", "x = 1\nraise ValueError(x)\n")
    assert "line 3, in <module>" in run(failing).stderr


def test_future_imports_stay_first() -> None:
    program = '"""Doc."""\nfrom __future__ import annotations\n\nx: List[int] = [gcd(4, 6)]\n'
    applied = prelude_apply("livecodebench", program + "print(x)\n")
    lines = applied.splitlines()
    assert lines[:2] == ['"""Doc."""', "from __future__ import annotations"]
    assert lines[2] == LIVECODEBENCH
    assert run(applied).stdout == "[2]\n"
    no_newline = prelude_apply("livecodebench", "from __future__ import annotations")
    assert no_newline == "from __future__ import annotations\n" + LIVECODEBENCH + "\n"


def test_a_program_that_does_not_parse_is_left_as_it_is() -> None:
    broken = "from __future__ import annotations\nprint((1)\n"
    assert prelude_apply("livecodebench", broken) == broken
    assert "line 2" in run(broken).stderr


def test_unknown_prelude_names_the_known_ones() -> None:
    assert prelude_check("livecodebench") == "livecodebench"
    with pytest.raises(UnknownPrelude, match="unknown prelude 'lcb'; known: livecodebench, none"):
        prelude_apply("lcb", "print(1)\n")
    assert set(PRELUDES) == {"livecodebench", "none"}
