"""The web process's connections to the Redis of admission and of the cache are a bounded
pool that its threads wait on, not one that fails once 100 of them are busy: gunicorn
gives each worker hundreds of threads (scalebox_site/gunicorn_conf.py)."""

from __future__ import annotations

import os
import subprocess
import sys

import redis
from django.conf import settings
from django.test import override_settings

from verification.compat import leases

UNREACHABLE = "redis://127.0.0.1:1/0"


@override_settings(SCALEBOX_CACHE_POOL_SIZE=7)
def test_admission_threads_wait_for_one_of_a_bounded_set_of_connections() -> None:
    pool = leases._Store(UNREACHABLE).client.connection_pool
    assert isinstance(pool, redis.BlockingConnectionPool)
    assert pool.max_connections == 7
    assert pool.timeout == settings.SCALEBOX_BROKER_CONNECT_TIMEOUT_S


def test_the_cache_threads_wait_for_one_of_a_bounded_set_of_connections() -> None:
    """The settings, read afresh with SCALEBOX_CACHE_URL set, give Django's cache such a
    pool too (the rate limits count there)."""
    probe = (
        "import django; django.setup(); from django.core.cache import cache; "
        "pool = cache._cache._get_connection_pool(write=True); "
        "print(type(pool).__name__, pool.max_connections)"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "scalebox_site.settings",
        "SCALEBOX_CACHE_URL": UNREACHABLE,
        "SCALEBOX_CACHE_POOL_SIZE": "9",
    }
    out = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert out.stdout.split() == ["BlockingConnectionPool", "9"]
