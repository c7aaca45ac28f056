"""manage.py verify_problem SLUG: judge every reference solution and compare with its
expected verdict; exits non-zero when any solution does not get what it expects."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from verification.errors import ScaleBoxError
from verification.selectors import problem_get
from verification.services_verify import PYTHONS, problem_verify


class Command(BaseCommand):
    help = "Judge a problem's reference solutions on every case and check their verdicts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument(
            "--time-multiplier",
            type=float,
            default=1.0,
            help="scale the time limit, e.g. 2 on hardware twice as slow as the reference",
        )
        parser.add_argument(
            "--python",
            choices=PYTHONS,
            default="python",
            help="run the Python solutions with CPython (python) or with PyPy (pypy), "
            "the Python 3 that problemtools and BAPCtools run",
        )
        parser.add_argument("--json", action="store_true", help="one JSON object per solution")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["time_multiplier"] <= 0:
            raise CommandError("--time-multiplier must be positive")
        try:
            problem = problem_get(slug=options["slug"])
            outcomes = problem_verify(
                problem=problem,
                time_multiplier=options["time_multiplier"],
                python=options["python"],
            )
        except ScaleBoxError as exc:
            raise CommandError(exc.message) from None
        if not outcomes:
            raise CommandError(f"problem {problem.slug!r} has no reference solutions")
        for outcome in outcomes:
            if options["json"]:
                self.stdout.write(json.dumps(outcome.as_dict()))
                continue
            mark = "OK  " if outcome.ok else "FAIL"
            line = f"{mark} {outcome.path:<45} expected {outcome.expected:<20} got {outcome.actual}"
            if outcome.score is not None:
                line += f" score {outcome.score:g}"
            self.stdout.write(line + (f"  ({outcome.detail})" if outcome.detail else ""))
        failed = [o.path for o in outcomes if not o.ok]
        if failed:
            raise CommandError(f"{len(failed)} reference solution(s) not as expected")
