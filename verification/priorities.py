"""What a ScaleBox priority means, and the priority a broker is sent for it.

A ScaleBox priority is 0..9; the higher, the sooner its work is served. Submissions of
the API and requests of the compatibility endpoints default to ``INTERACTIVE``, the
submissions of an evaluation run to ``BULK``: an RL reward request or a user's
submission overtakes the queued case batches of a suite run.

RabbitMQ serves a priority queue's higher numbers first; Celery's Redis transport serves
lower numbers first (its priority 0 is the most urgent). ``broker_priority`` is the one
place a ScaleBox priority becomes the broker's: every task sent with a priority goes
through it, and Celery's default priority is set from it.

This module imports nothing of Django at import time: the settings use it.
"""

from __future__ import annotations

from urllib.parse import urlsplit

LOWEST = 0
HIGHEST = 9
INTERACTIVE = 5
BULK = 1
# RabbitMQ's x-max-priority of every ScaleBox queue (one level per ScaleBox priority).
MAX_PRIORITY = HIGHEST
REDIS_SCHEMES = frozenset({"redis", "rediss", "redis+socket", "sentinel"})


def broker_serves_low_first(broker_url: str) -> bool:
    """Whether the broker of ``broker_url`` serves lower priority numbers first (Redis)."""
    schemes = {urlsplit(url.strip()).scheme.lower() for url in broker_url.split(";") if url}
    return bool(schemes & REDIS_SCHEMES)


def broker_priority(priority: int, broker_url: str | None = None) -> int:
    """The priority to send the broker for ScaleBox's ``priority`` (clamped to 0..9).

    ``broker_url`` defaults to the settings' CELERY_BROKER_URL.
    """
    if broker_url is None:
        from django.conf import settings  # noqa: PLC0415  (settings import this module)

        broker_url = settings.CELERY_BROKER_URL
    level = min(max(int(priority), LOWEST), HIGHEST)
    if broker_serves_low_first(broker_url):
        return HIGHEST - level
    return level
