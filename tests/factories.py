"""Model factories and small builders shared by the tests."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

import factory
from django.contrib.auth.models import User

from verification.models import Problem
from verification.services import CaseSpec, problem_upsert


def make_problem(
    slug: str,
    cases: Sequence[tuple[str, str]],
    *,
    time_limit_s: float = 2.0,
    memory_limit_mb: int = 256,
    validator_flags: Sequence[str] = (),
) -> Problem:
    """A stdin/stdout problem whose cases are (input, answer) pairs named secret/NN."""
    specs = [
        CaseSpec(name=f"secret/{i:03d}", group="secret", input=inp.encode(), answer=ans.encode())
        for i, (inp, ans) in enumerate(cases, 1)
    ]
    return problem_upsert(
        slug=slug,
        title=slug,
        cases=specs,
        time_limit_s=time_limit_s,
        memory_limit_mb=memory_limit_mb,
        validator_flags=validator_flags,
    )


def make_user(username: str, **fields: Any) -> User:
    """A saved user (typed, unlike the factory's own return value)."""
    return cast(User, UserFactory(username=username, **fields))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "auth.User"
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pw")
