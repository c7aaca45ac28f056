"""The hacks are real: against a harness without one of its guards they are accepted.

Each test weakens a copy of the harness template in one place and shows that a hack of
the suite then passes, so the suite's "not accepted" results come from the guards and
not from a hack that never worked.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rest_framework.test import APIClient

from verification.harness import runner

from .test_reward_hacks import PROGRAMS, _evaluate

pytestmark = pytest.mark.django_db(transaction=True)


def _weakened(monkeypatch: pytest.MonkeyPatch, old: str, new: str) -> None:
    assert old in runner._TEMPLATE, "the guard this test removes has moved"
    monkeypatch.setattr(runner, "_TEMPLATE", runner._TEMPLATE.replace(old, new, 1))


def _source(name: str) -> str:
    return (PROGRAMS / name).read_text()


@pytest.mark.usefixtures("bwrap_path")
def test_tests_read_through_proc_without_landlock(
    client: APIClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without the harness's confinement (the tester dumpable, no Landlock domain) the
    # solver reads the tests through the tester's descriptors in /proc.
    _weakened(monkeypatch, "    confined = _confine()\n", "    confined = True\n")
    result = _evaluate(
        client, "lookup_assert", _source("lookup_assert/read_tests_proc_fd.py"), True
    )
    assert result["accepted"] is True, result["tests"]


def test_builtins_shadowed_without_the_name_filter(
    client: APIClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    _weakened(monkeypatch, "and name not in _BUILTIN_NAMES", "")
    result = _evaluate(client, "mean_assert", _source("mean_assert/shadow_builtins.py"), True)
    assert result["accepted"] is True, result["tests"]


@pytest.mark.usefixtures("bwrap_path")
def test_guarded_harness_rejects_both(client: APIClient) -> None:
    for problem, name in (
        ("lookup_assert", "read_tests_proc_fd.py"),
        ("mean_assert", "shadow_builtins.py"),
    ):
        result = _evaluate(client, problem, _source(f"{problem}/{name}"), True)
        assert result["accepted"] is False, (problem, name)


def test_programs_directory_layout() -> None:
    assert Path(PROGRAMS).is_dir()
