"""Problems whose tests need a harness refuse languages whose executor has none."""

from __future__ import annotations

import pytest

from verification.errors import LanguageUnavailable
from verification.executors import STDIN_STDOUT, executor_for, languages_supporting
from verification.models import ProblemKind
from verification.services import CaseSpec, SubmissionSpec, problem_upsert, submission_check

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", [ProblemKind.FUNCTION_CALL, ProblemKind.ASSERT])
def test_harnessed_tests_run_in_the_languages_that_declare_them(
    kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every installed language has function calls: Fortran is made one without.
    monkeypatch.setattr(type(executor_for("fortran")), "test_modes", (STDIN_STDOUT,))
    problem = problem_upsert(
        slug=f"harnessed-{kind}".replace("_", "-"),
        title="harnessed",
        cases=[CaseSpec("secret/1", "secret", b'{"fn_name": "f", "args": []}', b"1")],
        kind=kind,
    )
    assert submission_check(SubmissionSpec(problem=problem, language="python", source="x=1"))
    supporting = ", ".join(languages_supporting(kind))
    assert "python" in supporting and "fortran" not in supporting
    refusal = f"{kind} tests run in {supporting} only, not 'fortran'"
    with pytest.raises(LanguageUnavailable, match=refusal):
        submission_check(SubmissionSpec(problem=problem, language="fortran", source="end"))
