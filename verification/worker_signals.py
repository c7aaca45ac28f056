"""Celery worker start-up and shutdown: self-tests, language queues, the worker record,
and the worker's timer (heartbeat and reconciliation sweep)."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from celery.signals import celeryd_after_setup, celeryd_init, worker_ready, worker_shutdown
from django.conf import settings
from django.db import connection

from verification import broker_queues, services_reconcile, workers
from verification.sandbox import isolation_level

logger = logging.getLogger(__name__)


@celeryd_init.connect
def worker_init(sender: str, conf: Any, **kwargs: Any) -> None:
    # A worker rides out a result backend restart (a result it cannot store fails the
    # whole chord); the web process keeps its short retries to answer 503 quickly.
    options = dict(conf.result_backend_transport_options or {})
    policy = dict(options.get("retry_policy") or {})
    policy["max_retries"] = settings.SCALEBOX_WORKER_RESULT_BACKEND_RETRIES
    options["retry_policy"] = policy
    conf.result_backend_transport_options = options


@celeryd_after_setup.connect
def worker_setup(sender: str, instance: Any, **kwargs: Any) -> None:
    passed, failed = workers.self_test_all(settings.SCALEBOX_WORKER_LANGUAGES or None)
    for language in sorted(passed):
        instance.app.amqp.queues.select_add(workers.language_queue(language))
    for language, reason in sorted(failed.items()):
        logger.warning("language %s unavailable on %s: %s", language, sender, reason)
    old = broker_queues.queues_without_priority(
        instance.app, sorted(instance.app.amqp.queues.consume_from)
    )
    if old:
        # RabbitMQ would refuse the worker's declarations, and the worker would retry
        # them for ever: it stops here instead, saying what to do.
        message = f"worker {sender} cannot start: {broker_queues.old_queue_message(old)}"
        logger.error(message)
        raise SystemExit(message)
    try:
        isolation = isolation_level()
    except Exception as exc:
        isolation = f"unavailable: {exc}"[:64]
    workers.worker_register(name=sender, passed=passed, failed=failed, isolation=isolation)
    logger.warning("worker %s serves: %s", sender, ", ".join(sorted(passed)) or "nothing")


class WorkerTimer(threading.Thread):
    """In the worker's main process: a heartbeat every SCALEBOX_WORKER_HEARTBEAT_S and a
    reconciliation sweep every SCALEBOX_RECONCILE_INTERVAL_S.

    Its database connection is closed after every tick: pool processes are forked from
    this process at any time, and must not inherit an open connection of this thread.
    """

    def __init__(self, name: str) -> None:
        super().__init__(name="scalebox-worker-timer", daemon=True)
        self.worker_name = name
        self.stopped = threading.Event()

    def run(self) -> None:
        next_sweep = time.monotonic()
        while not self.stopped.wait(settings.SCALEBOX_WORKER_HEARTBEAT_S):
            try:
                workers.worker_heartbeat(name=self.worker_name, every_s=0)
                if time.monotonic() >= next_sweep:
                    next_sweep = time.monotonic() + settings.SCALEBOX_RECONCILE_INTERVAL_S
                    report = services_reconcile.judgings_reconcile()
                    if report.sent or report.failed or report.claims_expired:
                        logger.warning("reconciliation on %s: %s", self.worker_name, report)
            except Exception:  # a database or broker outage: try again next tick
                logger.exception("worker timer tick failed on %s", self.worker_name)
            finally:
                connection.close()


_timers: dict[str, WorkerTimer] = {}


@worker_ready.connect
def worker_started(sender: Any, **kwargs: Any) -> None:
    name = getattr(sender, "hostname", None)
    if name and name not in _timers:
        _timers[name] = WorkerTimer(name)
        _timers[name].start()


@worker_shutdown.connect
def worker_stopped(sender: Any, **kwargs: Any) -> None:
    name = getattr(sender, "hostname", None)
    timer = _timers.pop(name, None) if name else None
    if timer is not None:
        timer.stopped.set()
    if name:
        workers.worker_offline(name=name)
