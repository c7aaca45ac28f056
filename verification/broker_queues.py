"""ScaleBox's queues on RabbitMQ: finding those declared before they were priority queues,
and declaring them again with x-max-priority.

RabbitMQ refuses to declare an existing queue with other arguments (PRECONDITION_FAILED),
so a queue made by an older ScaleBox, without x-max-priority, stops every worker that
consumes it. ``queues_without_priority`` finds such queues (a worker checks its own at
start and refuses to run); ``queue_migrate`` moves the old queue's messages aside,
deletes it, declares it again as a priority queue and puts the messages back.
Redis keeps no queue arguments: nothing there needs migrating.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass
from typing import Any

from amqp import Message
from amqp.exceptions import NotFound, PreconditionFailed
from django.conf import settings

from verification.executors import known_languages
from verification.priorities import MAX_PRIORITY
from verification.workers import language_queue

logger = logging.getLogger(__name__)

MIGRATION_SUFFIX = ".priority-migration"


def scalebox_queue_names() -> list[str]:
    """The default queue and every language's queue."""
    return [settings.CELERY_TASK_DEFAULT_QUEUE, *map(language_queue, known_languages())]


def declares_queues(app: Any) -> bool:
    """Whether the broker keeps queue arguments (AMQP); Redis and memory do not."""
    with app.connection_for_write() as conn:
        return conn.transport.driver_type == "amqp"


def old_queue_message(names: list[str]) -> str:
    return (
        f"queue(s) {', '.join(names)} were declared without x-max-priority (before ScaleBox "
        "used priority queues), and RabbitMQ refuses to declare them again with it "
        "(PRECONDITION_FAILED). Stop the workers that read them, then run "
        "`python manage.py priority_queues --migrate` (it keeps their messages), and "
        "start the workers again."
    )


def queues_without_priority(app: Any, names: list[str]) -> list[str]:
    """Those of ``names`` that exist on the broker without ScaleBox's x-max-priority."""
    if not declares_queues(app):
        return []
    old = []
    with app.connection_for_write() as conn:
        for name in names:
            if not _exists(conn, name):
                continue
            channel = conn.channel()
            try:
                # The same declaration the worker makes: a no-op on a priority queue.
                app.amqp.queues[name](channel).queue_declare()
            except PreconditionFailed:
                old.append(name)
            finally:
                with contextlib.suppress(Exception):
                    channel.close()
    return old


@dataclass(frozen=True)
class Migrated:
    name: str
    messages: int


def migrations_left(app: Any, names: list[str]) -> list[str]:
    """Those of ``names`` whose migration was cut short (their side queue exists)."""
    if not declares_queues(app):
        return []
    with app.connection_for_write() as conn:
        return [name for name in names if _exists(conn, name + MIGRATION_SUFFIX)]


def queue_migrate(app: Any, name: str) -> Migrated:
    """Declare ``name`` again as a priority queue, keeping its messages.

    The messages go to a queue of their own (``name`` + MIGRATION_SUFFIX), the old queue
    is deleted and declared again with x-max-priority, and the messages are put back.
    Refused while a consumer reads the queue. A migration cut short is completed by
    running it again: messages found in the side queue are put back.
    """
    queue = app.amqp.queues[name]
    side = name + MIGRATION_SUFFIX
    moved = back = 0
    with app.connection_for_write() as conn:
        if _exists(conn, name) and queues_without_priority(app, [name]):
            channel = conn.channel()
            _, _, consumers = channel.queue_declare(queue=name, passive=True)
            if consumers:
                raise RuntimeError(
                    f"queue {name} has {consumers} consumer(s): stop the workers reading it"
                )
            channel.queue_declare(queue=side, durable=True, auto_delete=False)
            moved = _move(channel, name, side)
            channel.queue_delete(queue=name)
        channel = conn.channel()
        queue(channel).declare()
        if _exists(conn, side):
            channel = conn.channel()
            back = _move(channel, side, name)
            channel.queue_delete(queue=side)
    logger.warning(
        "queue %s declared again with x-max-priority %s; %d message(s) kept",
        name,
        MAX_PRIORITY,
        back,
    )
    return Migrated(name=name, messages=max(moved, back))


def _move(channel: Any, source: str, target: str) -> int:
    """Every message of ``source`` into ``target``, each acknowledged once published."""
    count = 0
    while True:
        message = channel.basic_get(queue=source, no_ack=False)
        if message is None:
            return count
        channel.basic_publish(
            Message(message.body, **message.properties), exchange="", routing_key=target
        )
        channel.basic_ack(message.delivery_tag)
        count += 1


def _exists(conn: Any, name: str) -> bool:
    channel = conn.channel()
    try:
        channel.queue_declare(queue=name, passive=True)
    except NotFound:
        return False
    finally:
        with contextlib.suppress(Exception):
            channel.close()
    return True
