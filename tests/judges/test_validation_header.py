"""Validators that include ``validation.h`` compile against ScaleBox's own header and
judge by its interface: exit 42/43, the reason in the feedback directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from judges.custom import judge_run
from judges.headers import LIBRARY, headers_for
from judges.models import Judge, JudgeKind
from tests.problem_package.conftest import write_tree
from verification.problem_package import load_package
from verification.services_import import problem_import
from verification.services_verify import problem_verify

# The case's input gives n; the output must be n distinct integers in [1, 100] with an
# even sum, then "yes" or "no", then a float in [-1, 1].
VALIDATOR = r"""
#include "validation.h"

int main(int argc, char** argv) {
    std::ifstream in(argv[1]);
    long long n;
    in >> n;
    OutputValidator v(argc, argv);
    std::vector<long long> xs = v.read_integers("x", n, 1, 100, Unique);
    long long sum = 0;
    for (long long x : xs) sum += x;
    v.check(sum % 2 == 0, "the sum ", sum, " is odd");
    v.test_strings({"yes", "no"}, "word");
    v.space();
    v.read_float("f", -1, 1);
    v.newline();
}
"""


def test_the_header_is_added_only_to_sources_that_include_it() -> None:
    assert headers_for({"v.cpp": b'#include "validation.h"\nint main() {}\n'}) == LIBRARY
    assert headers_for({"v.cc": b"#include <validation.h>\n"}) == LIBRARY
    assert headers_for({"v.cpp": b"#include <cstdio>\nint main() {}\n"}) == {}
    assert headers_for({"v.py": b'# include "validation.h"\n'}) == {}
    own = {"v.cpp": b'#include "validation.h"\n', "validation.h": b"// the package's own\n"}
    assert headers_for(own) == {}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("output", "args", "verdict", "message"),
    [
        (b"1 2 3\nyes 0.5\n", [], "AC", ""),
        (b"  1 2   3 YES\n\n.5", [], "AC", ""),
        (b"1 1 4\nyes 0\n", [], "WA", "appears twice"),
        (b"1 2 4\nyes 0\n", [], "WA", "the sum 7 is odd"),
        (b"1 2 3\nmaybe 0\n", [], "WA", 'Expected "yes|no", found "maybe"'),
        (b"1 2 3\nyes 2\n", [], "WA", "is not in [-1, 1]"),
        (b"1 2 3\nyes 0 more\n", [], "WA", "Expected EOF"),
        (b"1 2 03\nyes 0\n", [], "WA", "leading zero"),
        (b"1 2\n", [], "WA", "x: Expected integer, found EOF"),
        (b"1  2 3\nyes 0\n", ["space_change_sensitive"], "WA", "found space"),
        (b"1 2 3\nyes 0\n", ["space_change_sensitive"], "AC", ""),
        (b"1 2 3\nYES 0\n", ["case_sensitive"], "WA", 'found "YES"'),
    ],
)
def test_a_validator_using_validation_h(
    output: bytes, args: list[str], verdict: str, message: str
) -> None:
    judge = Judge.objects.create(
        key="validation-h",
        kind=JudgeKind.KATTIS,
        language="cpp",
        files={"validate.cpp": VALIDATOR},
        entry="validate.cpp",
    )
    result = judge_run(judge=judge, input=b"3\n", output=output, answer=b"", case_args=args)
    assert result.verdict == verdict, result.message
    assert message in result.message


@pytest.mark.django_db(transaction=True)
def test_a_package_whose_validator_includes_validation_h(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "evensum",
        {
            "problem.yaml": "name: Even sum\nvalidation: custom\nlimits:\n  time_limit: 2\n",
            "data/sample/1.in": "3\n",
            "data/sample/1.ans": "2 4 6\nyes 0\n",
            "data/secret/1.in": "2\n",
            "data/secret/1.ans": "1 3\nno 0\n",
            "output_validators/evensum/validate.cpp": VALIDATOR,
            "output_validators/evensum/validate.ctd.template": "INT(1, 100, n) NEWLINE EOF\n",
            "submissions/accepted/odd.py": (
                "n = int(input())\nprint(*range(1, 2 * n, 2) if n % 2 == 0 else [2 * i + 2 "
                "for i in range(n)])\nprint('yes', 0)\n"
            ),
            "submissions/wrong_answer/same.py": "n = int(input())\nprint(*[2] * n, 'no', 0)\n",
        },
    )
    problem = problem_import(package=load_package(root))
    assert problem.judge is not None
    outcomes = {outcome.path: outcome for outcome in problem_verify(problem=problem)}
    assert outcomes["accepted/odd.py"].case_verdicts == ["AC", "AC"]
    assert outcomes["wrong_answer/same.py"].actual == "WA"
    assert all(outcome.ok for outcome in outcomes.values()), outcomes
