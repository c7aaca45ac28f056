"""Celery worker start-up and shutdown: self-tests, language queues, the worker record."""

from __future__ import annotations

import logging
from typing import Any

from celery.signals import celeryd_after_setup, worker_shutdown
from django.conf import settings

from verification import workers

logger = logging.getLogger(__name__)


@celeryd_after_setup.connect
def worker_setup(sender: str, instance: Any, **kwargs: Any) -> None:
    from verification.sandbox import isolation_level

    passed, failed = workers.self_test_all(settings.SCALEBOX_WORKER_LANGUAGES or None)
    for language in sorted(passed):
        instance.app.amqp.queues.select_add(workers.language_queue(language))
    for language, reason in sorted(failed.items()):
        logger.warning("language %s unavailable on %s: %s", language, sender, reason)
    try:
        isolation = isolation_level()
    except Exception as exc:
        isolation = f"unavailable: {exc}"[:64]
    workers.worker_register(name=sender, passed=passed, failed=failed, isolation=isolation)
    logger.warning("worker %s serves: %s", sender, ", ".join(sorted(passed)) or "nothing")


@worker_shutdown.connect
def worker_stopped(sender: Any, **kwargs: Any) -> None:
    name = getattr(sender, "hostname", None)
    if name:
        workers.worker_offline(name=name)
