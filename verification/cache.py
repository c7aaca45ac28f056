"""Django's Redis cache, made safe to share a database with Celery's results."""

from __future__ import annotations

import re

from django.core.cache.backends.redis import RedisCache

_GLOB_SPECIAL = re.compile(r"([*?\[\]\\])")
_UNLINK_BATCH = 500


def glob_escape(text: str) -> str:
    """``text`` matched literally in a Redis SCAN/KEYS pattern."""
    return _GLOB_SPECIAL.sub(r"\\\1", text)


class PrefixedRedisCache(RedisCache):
    """Django's RedisCache whose clear() deletes only the keys under its KEY_PREFIX.

    SCALEBOX_CACHE_URL defaults to the result backend's database, where Django's own
    clear() (FLUSHDB) would also delete Celery's results and other deployments' keys.
    """

    def clear(self) -> None:
        client = self._cache.get_client(write=True)
        pattern = glob_escape(self.key_prefix) + ":*"
        batch: list[bytes] = []
        for key in client.scan_iter(match=pattern, count=_UNLINK_BATCH):
            batch.append(key)
            if len(batch) >= _UNLINK_BATCH:
                client.unlink(*batch)
                batch.clear()
        if batch:
            client.unlink(*batch)
