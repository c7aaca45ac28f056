"""manage.py priority_queues [--migrate] [QUEUE ...]: list ScaleBox's RabbitMQ queues
declared before they were priority queues; with --migrate, declare them again with
x-max-priority, keeping their messages. Exits non-zero while such a queue is left."""

from __future__ import annotations

from typing import Any

from celery import current_app
from django.core.management.base import BaseCommand, CommandError, CommandParser

from verification import broker_queues


class Command(BaseCommand):
    help = (
        "Find ScaleBox's RabbitMQ queues declared without x-max-priority; with --migrate, "
        "declare them again as priority queues, keeping their messages."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "queues", nargs="*", help="queue names (default: scalebox and every lang.* queue)"
        )
        parser.add_argument(
            "--migrate",
            action="store_true",
            help="declare the old queues again with x-max-priority (stop their workers first)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        app = current_app
        if not broker_queues.declares_queues(app):
            self.stdout.write("the broker keeps no queue arguments: nothing to migrate")
            return
        names = options["queues"] or broker_queues.scalebox_queue_names()
        old = broker_queues.queues_without_priority(app, names)
        left = broker_queues.migrations_left(app, names)
        if left and not options["migrate"]:
            raise CommandError(
                f"the migration of {', '.join(left)} was cut short: run it again with --migrate"
            )
        old += [name for name in left if name not in old]
        if not old:
            self.stdout.write(f"every queue present is a priority queue: {', '.join(names)}")
            return
        if not options["migrate"]:
            raise CommandError(broker_queues.old_queue_message(old))
        for name in old:
            try:
                done = broker_queues.queue_migrate(app, name)
            except RuntimeError as exc:
                raise CommandError(str(exc)) from None
            self.stdout.write(f"{done.name}: a priority queue now, {done.messages} message(s) kept")
        left = broker_queues.queues_without_priority(app, names)
        if left:
            raise CommandError(broker_queues.old_queue_message(left))
