"""Scored problems: the groups' points and aggregation read from each format, and the
scores a judging gets from them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from verification.problem_package import PackageError, load_package
from verification.problem_package.scoring import (
    CaseScoreInput,
    ScoreGroup,
    Scoring,
    aggregate_grader,
)

from .conftest import PackageBuilder

V2025 = "problem_format_version: 2025-09\nname: Walk\ntype: scoring\n"
V2023 = "problem_format_version: 2023-07-draft\nname: Walk\ntype: scoring\n"


def _cases(prefix: str, count: int) -> dict[str, str]:
    files: dict[str, str] = {}
    for i in range(1, count + 1):
        files[f"data/{prefix}/{i}.in"] = f"{i}\n"
        files[f"data/{prefix}/{i}.ans"] = f"{i}\n"
    return files


# A legacy package laid out as contest subtasks: samples worth nothing, then two groups.
LEGACY_SUBTASKS = {
    "problem.yaml": "name: Walk\ntype: scoring\ngrading:\n  objective: max\n",
    "data/testdata.yaml": "on_reject: continue\ngrader_flags: ignore_sample\nrange: 0 100\n",
    "data/sample/testdata.yaml": "accept_score: 0\nrange: 0 0\ngrader_flags: first_error\n",
    "data/secret/testdata.yaml": "on_reject: continue\ngrader_flags: sum\n",
    "data/secret/a/testdata.yaml": "on_reject: break\naccept_score: 30\ngrader_flags: min\n",
    "data/secret/b/testdata.yaml": "accept_score: 70\ngrader_flags: first_error min\n",
    **_cases("sample", 1),
    **_cases("secret/a", 2),
    **_cases("secret/b", 3),
}


def test_legacy_groups_inherit_and_keep_test_order(make_package: PackageBuilder) -> None:
    package = load_package(make_package(LEGACY_SUBTASKS, base={}))
    assert package.warnings == ()
    scoring = package.scoring
    assert scoring is not None
    assert (scoring.rules, scoring.root, scoring.objective) == ("grader", "data", "max")
    groups = {g.path: g for g in scoring.groups}
    assert groups["data"].ignore_sample
    assert groups["data"].score_range == (0.0, 100.0)
    assert groups["secret/a"].items == (("case", "secret/a/1"), ("case", "secret/a/2"))
    assert (groups["secret/a"].aggregation, groups["secret/a"].on_reject) == ("min", "break")
    # b names no on_reject: it inherits secret's "continue".
    assert (groups["secret/b"].on_reject, groups["secret/b"].verdict_mode) == (
        "continue",
        "first_error",
    )
    assert Scoring.from_json(scoring.to_json()) == scoring


def _legacy_scoring(make_package: PackageBuilder) -> Scoring:
    package = load_package(make_package(LEGACY_SUBTASKS, base={}))
    assert package.scoring is not None
    return package.scoring


def _results(verdicts: dict[str, str]) -> dict[str, CaseScoreInput]:
    return {name: CaseScoreInput(verdict) for name, verdict in verdicts.items()}


ALL_CASES = ["sample/1", "secret/a/1", "secret/a/2", "secret/b/1", "secret/b/2", "secret/b/3"]


@pytest.mark.parametrize(
    ("failing", "total", "a", "b"),
    [
        ({}, 100.0, 30.0, 70.0),
        # The sample is ignored at the root (ignore_sample), whatever its verdict.
        ({"sample/1": "WA"}, 100.0, 30.0, 70.0),
        ({"secret/a/2": "TLE"}, 70.0, 0.0, 70.0),
        ({"secret/b/3": "WA"}, 30.0, 30.0, 0.0),
        ({"secret/a/1": "RE", "secret/b/1": "WA"}, 0.0, 0.0, 0.0),
    ],
)
def test_legacy_subtasks_score(
    make_package: PackageBuilder, failing: dict[str, str], total: float, a: float, b: float
) -> None:
    verdicts = {name: failing.get(name, "AC") for name in ALL_CASES}
    graded = _legacy_scoring(make_package).grade(_results(verdicts))
    assert graded.score == total
    assert (graded.groups["secret/a"].score, graded.groups["secret/b"].score) == (a, b)
    assert graded.groups["data"].problem == ""


def test_legacy_break_and_first_and_worst_error() -> None:
    subs = [("AC", 1.0), ("WA", 0.0), ("TLE", 0.0), ("AC", 1.0)]
    group = ScoreGroup(path="g", items=())
    # on_reject: break (the default) keeps sub-results up to the first rejected one.
    assert aggregate_grader(group, subs) == ("WA", 1.0)
    cont = ScoreGroup(path="g", items=(), on_reject="continue")
    assert aggregate_grader(cont, subs) == ("TLE", 2.0)  # worst_error: TLE is worse than WA
    first = ScoreGroup(path="g", items=(), on_reject="continue", verdict_mode="first_error")
    assert aggregate_grader(first, subs) == ("WA", 2.0)
    anyone = ScoreGroup(path="g", items=(), on_reject="continue", accept_if_any_accepted=True)
    assert aggregate_grader(anyone, subs)[0] == "AC"
    always = ScoreGroup(path="g", items=(), verdict_mode="always_accept", aggregation="max")
    assert aggregate_grader(always, subs) == ("AC", 1.0)


def test_accept_and_reject_scores_and_validator_score() -> None:
    group = ScoreGroup(
        path="secret",
        items=(("case", "1"), ("case", "2"), ("case", "3")),
        on_reject="continue",
        accept_score=5.0,
        reject_score=-1.0,
    )
    results = {"1": CaseScoreInput("AC"), "2": CaseScoreInput("WA"), "3": CaseScoreInput("AC", 2)}
    plain = Scoring(rules="grader", root="secret", groups=(group,))
    assert plain.grade(results).score == 5 - 1 + 5  # the validator's score is not used
    scored = Scoring(rules="grader", root="secret", groups=(group,), validator_scores=True)
    assert scored.grade(results).score == 5 - 1 + 2  # legacy: the validator's score replaces
    multiplied = Scoring(
        rules="grader",
        root="secret",
        groups=(ScoreGroup(**{**group.__dict__, "multiply_validator_score": True}),),
        validator_scores=True,
    )
    assert multiplied.grade(results).score == 5 - 1 + 10  # 2023-07-draft: it multiplies


_verdicts = st.sampled_from(["AC", "AC", "WA", "TLE", "RE"])


@given(
    st.lists(st.tuples(_verdicts, st.floats(0, 100)), min_size=1, max_size=12),
    st.sampled_from(["sum", "min", "max", "avg"]),
)
def test_continue_aggregates_every_score(subs: list[tuple[str, float]], mode: str) -> None:
    group = ScoreGroup(path="g", items=(), aggregation=mode, on_reject="continue")
    verdict, score = aggregate_grader(group, subs)
    scores = [s for _, s in subs]
    expected = {
        "sum": sum(scores),
        "min": min(scores),
        "max": max(scores),
        "avg": sum(scores) / len(scores),
    }
    assert score == pytest.approx(expected[mode])
    assert (verdict == "AC") == all(v == "AC" for v, _ in subs)


@given(st.lists(st.tuples(_verdicts, st.floats(0, 100)), min_size=1, max_size=12))
def test_break_ignores_everything_after_the_first_rejection(
    subs: list[tuple[str, float]],
) -> None:
    group = ScoreGroup(path="g", items=(), on_reject="break", verdict_mode="first_error")
    cut = next((i for i, (v, _) in enumerate(subs) if v != "AC"), len(subs) - 1)
    verdict, score = aggregate_grader(group, subs)
    assert score == pytest.approx(sum(s for _, s in subs[: cut + 1]))
    assert verdict == subs[cut][0]  # the first rejection's, or AC when there is none


def test_2023_07_draft_scoring_mapping(make_package: PackageBuilder) -> None:
    files = {
        "problem.yaml": V2023,
        "data/secret/g1/testdata.yaml": "scoring:\n  score: 20\n",
        "data/secret/g2/testdata.yaml": "scoring:\n  score: 10\n  aggregation: sum\n",
        **_cases("sample", 1),
        **_cases("secret/g1", 2),
        **_cases("secret/g2", 2),
    }
    scoring = load_package(make_package(files, base={})).scoring
    assert scoring is not None
    groups = {g.path: g for g in scoring.groups}
    assert (groups["sample"].accept_score, groups["secret/g1"].aggregation) == (0.0, "min")
    verdicts = {
        "sample/1": "AC",
        "secret/g1/1": "AC",
        "secret/g1/2": "AC",
        "secret/g2/1": "AC",
        "secret/g2/2": "WA",
    }
    graded = scoring.grade(_results(verdicts))
    # g1: min(20, 20); g2: 10 + 0; sample scores 0.
    assert (graded.groups["secret/g1"].score, graded.groups["secret/g2"].score) == (20, 10)
    assert graded.score == 30


V2025_GROUPS = {
    "problem.yaml": V2025,
    "data/secret/test_group.yaml": "max_score: 100\n",
    "data/secret/g1/test_group.yaml": "max_score: 40\n",
    "data/secret/g2/test_group.yaml": (
        "max_score: 60\nscore_aggregation: sum\nrequire_pass: [sample]\n"
    ),
    **_cases("sample", 1),
    **_cases("secret/g1", 2),
    **_cases("secret/g2", 3),
}


def test_2025_09_max_score_and_aggregation(make_package: PackageBuilder) -> None:
    scoring = load_package(make_package(V2025_GROUPS, base={})).scoring
    assert scoring is not None
    assert (scoring.rules, scoring.root) == ("2025-09", "secret")
    groups = {g.path: g for g in scoring.groups}
    assert (groups["secret/g1"].aggregation, groups["secret/g1"].max_score) == ("pass-fail", 40)
    assert groups["secret/g2"].require_pass == ("sample",)
    names = ["sample/1", "secret/g1/1", "secret/g1/2", "secret/g2/1", "secret/g2/2", "secret/g2/3"]
    verdicts = {name: "AC" for name in names}
    assert scoring.grade(_results(verdicts)).score == 100
    graded = scoring.grade(_results({**verdicts, "secret/g1/2": "WA", "secret/g2/3": "TLE"}))
    assert graded.groups["secret/g1"].score == 0
    assert graded.groups["secret/g2"].score == pytest.approx(40)  # 2 of 3 cases of 60
    assert graded.score == pytest.approx(40)
    # A failed sample blocks the group that requires it.
    graded = scoring.grade(_results({**verdicts, "sample/1": "WA"}))
    assert (graded.groups["secret/g2"].score, graded.score) == (0, 40)
    # A validator's score.txt is the case's score.
    graded = scoring.grade({**_results(verdicts), "secret/g2/1": CaseScoreInput("AC", 5.0)})
    assert graded.groups["secret/g2"].score == pytest.approx(45)


def test_2025_draft_scoring_spelling_reads_the_same(make_package: PackageBuilder) -> None:
    files = {
        **V2025_GROUPS,
        "data/secret/g1/test_group.yaml": "scoring:\n  score: 40\n",
        "data/secret/g2/test_group.yaml": (
            "scoring:\n  score: 60\n  aggregation: sum\n  require_pass: sample\n"
        ),
    }
    drafted = load_package(make_package(files, base={}, name="drafted")).scoring
    final = load_package(make_package(V2025_GROUPS, base={})).scoring
    assert drafted == final


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (
            {"data/secret/g1/test_group.yaml": "max_score: -3\n"},
            r"^data/secret/g1/test_group\.yaml max_score must be a non-negative integer",
        ),
        (
            {"data/secret/g1/test_group.yaml": "max_score: 40\nscore_aggregation: avg\n"},
            r"^data/secret/g1/test_group\.yaml score_aggregation must be one of",
        ),
        (
            {"data/secret/g1/test_group.yaml": "score_aggregation: sum\n"},
            r"^data/secret/g1/test_group\.yaml: max_score must be given",
        ),
        (
            {"data/sample/test_group.yaml": "max_score: 5\n"},
            r"^data/sample/test_group\.yaml: .* not permitted in sample",
        ),
        (
            {"data/secret/g1/test_group.yaml": "max_score: 40\nrequire_pass: secret/g2\n"},
            r"^data/secret/g1/test_group\.yaml require_pass: 'secret/g2' is not sample or an "
            r"earlier group",
        ),
    ],
)
def test_2025_09_invalid_scoring_is_refused(
    make_package: PackageBuilder, files: dict[str, str], message: str
) -> None:
    with pytest.raises(PackageError, match=message):
        load_package(make_package({**V2025_GROUPS, **files}, base={}))


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (
            {"data/secret/a/testdata.yaml": "on_reject: maybe\n"},
            r"^data/secret/a/testdata\.yaml on_reject must be one of break, continue",
        ),
        (
            {"data/secret/a/testdata.yaml": "grader_flags: sum bogus\n"},
            r"^data/secret/a/testdata\.yaml grader_flags: unknown grader flag 'bogus'",
        ),
        (
            {"data/secret/a/testdata.yaml": "accept_score: lots\n"},
            r"^data/secret/a/testdata\.yaml accept_score must be a number",
        ),
        (
            {"data/secret/a/testdata.yaml": "range: 10 0\n"},
            r"^data/secret/a/testdata\.yaml range: the low end is above the high end",
        ),
        (
            {"data/secret/a/testdata.yaml": "grading: custom\n"},
            r"^data/secret/a/testdata\.yaml grading: custom graders .* not supported",
        ),
        (
            {"data/secret/a/testdata.yaml": "grader_flags: ignore_sample\n"},
            r"ignore_sample is allowed only in data/",
        ),
        (
            {"problem.yaml": "type: scoring\ngrading:\n  objective: most\n"},
            r"^problem\.yaml: grading\.objective must be 'min' or 'max'",
        ),
    ],
)
def test_legacy_invalid_scoring_is_refused(
    make_package: PackageBuilder, files: dict[str, str], message: str
) -> None:
    with pytest.raises(PackageError, match=message):
        load_package(make_package({**LEGACY_SUBTASKS, **files}, base={}))


def test_pass_fail_problems_have_no_scoring(make_package: PackageBuilder) -> None:
    files = {**LEGACY_SUBTASKS, "problem.yaml": "name: Walk\n"}
    package = load_package(make_package(files, base={}))
    assert package.scoring is None
    assert any("accept_score ignored: the problem is pass-fail" in w for w in package.warnings)


def test_expected_scores_from_header_and_submissions_yaml(make_package: PackageBuilder) -> None:
    files = {
        **V2025_GROUPS,
        "submissions/accepted/full.py": "print(input())\n",
        "submissions/partially_accepted/half.py": "# @EXPECTED_SCORE@: 40\nprint(input())\n",
        "submissions/partially_accepted/some.py": "print(input())\n",
        "submissions/submissions.yaml": "partially_accepted/some.py:\n  score: [30, 50]\n",
    }
    package = load_package(make_package(files, base={}))
    scores = {s.path: s.expected_score for s in package.submissions}
    assert scores == {
        "accepted/full.py": None,
        "partially_accepted/half.py": (40.0, 40.0),
        "partially_accepted/some.py": (30.0, 50.0),
    }
