"""manage.py judge --problem SLUG --language LANG FILE: judge a file, print JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from verification import selectors, services
from verification.errors import ScaleBoxError


class Command(BaseCommand):
    help = "Judge a source file against a stored problem and print the result as JSON."
    # A command run once per program: Django's system checks (a third of its start-up)
    # belong to `manage.py check` and the servers.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="source file to judge")
        parser.add_argument("--problem", required=True, help="problem slug")
        parser.add_argument("--language", required=True, help="language name, e.g. python")
        parser.add_argument(
            "--stop-on-first-failure", action="store_true", help="skip cases after a failure"
        )
        parser.add_argument(
            "--timeout", type=float, default=3600.0, help="seconds to wait for the verdict"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            source = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}") from None
        try:
            problem = selectors.problem_get(slug=options["problem"])
            submission = services.submission_create(
                problem=problem,
                language=options["language"],
                source=source,
                stop_on_first_failure=options["stop_on_first_failure"],
            )
            judging = submission.judgings.order_by("-id").first()
            assert judging is not None
            judging = selectors.judging_wait(judging_id=judging.id, timeout_s=options["timeout"])
        except ScaleBoxError as exc:
            raise CommandError(exc.message) from None
        summary = selectors.judging_summary(judging=judging)
        if summary["verdict"] is None:
            raise CommandError(
                f"judging {judging.id} did not finish within {options['timeout']} s "
                f"(status {judging.status})"
            )
        self.stdout.write(json.dumps(summary))
