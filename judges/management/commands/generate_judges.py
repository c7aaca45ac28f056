"""``manage.py generate_judges [--problems SLUG ...]``: classify, generate, validate judges.

Uses the model endpoint named by SCALEBOX_LLM_BASE_URL (including /v1),
SCALEBOX_LLM_API_KEY and SCALEBOX_LLM_MODEL. Prints one JSON line per problem as it
finishes::

    {"problem": SLUG, "needs_special_judge": true, "kinds": ["multiple_answers"],
     "state": "validated", "attempts": 2, "judge": "SLUG-special v1"}

``state`` is ``validated`` (waiting for review), ``active`` (auto-approved),
``not_needed`` or ``failed`` (with ``error``: the problem could not be decided). Without
``--problems``, every listed problem still judged by a built-in checker is taken.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from judges.generation.pipeline import generation_outcome, judges_generate_many
from judges.models import JudgeGeneration
from verification.errors import ScaleBoxError
from verification.selectors import problems_for_generation


class Command(BaseCommand):
    help = "Classify problems and generate and validate their special judges."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--problems", nargs="+", metavar="SLUG", help="problem slugs")
        parser.add_argument(
            "--concurrency", type=int, help="problems at a time (SCALEBOX_JUDGEGEN_CONCURRENCY)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            problems = problems_for_generation(slugs=options.get("problems"))
        except ScaleBoxError as exc:
            raise CommandError(exc.message) from None
        if options.get("concurrency") is not None and options["concurrency"] < 1:
            raise CommandError("--concurrency must be at least 1")

        def emit(generation: JudgeGeneration) -> None:
            self.stdout.write(json.dumps(generation_outcome(generation)))
            self.stdout.flush()

        judges_generate_many(
            problems=problems, concurrency=options.get("concurrency"), on_result=emit
        )
