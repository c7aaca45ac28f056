import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from scalebox_site.env import (
    database_from_url,
    env_bool,
    env_float,
    env_int,
    env_list,
    env_redis_url,
)


def test_env_int_parses_and_rejects(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SB_X", "12")
    assert env_int("SB_X", 3) == 12
    monkeypatch.setenv("SB_X", "")
    assert env_int("SB_X", 3) == 3
    monkeypatch.setenv("SB_X", "twelve")
    with pytest.raises(ImproperlyConfigured, match="SB_X must be an integer"):
        env_int("SB_X", 3)
    monkeypatch.setenv("SB_X", "0")
    with pytest.raises(ImproperlyConfigured, match="at least 1"):
        env_int("SB_X", 3, minimum=1)


def test_env_bool(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SB_B", "yes")
    assert env_bool("SB_B") is True
    monkeypatch.setenv("SB_B", "0")
    assert env_bool("SB_B", True) is False
    monkeypatch.setenv("SB_B", "maybe")
    with pytest.raises(ImproperlyConfigured, match="SB_B must be a boolean"):
        env_bool("SB_B")


def test_env_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SB_L", " a, b ,,c ")
    assert env_list("SB_L") == ["a", "b", "c"]


def test_database_url_postgres() -> None:
    db = database_from_url("postgres://u:p%40ss@db.example:6543/scalebox?sslmode=require")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"]) == ("scalebox", "u", "p@ss")
    assert (db["HOST"], db["PORT"]) == ("db.example", "6543")
    assert db["OPTIONS"] == {"sslmode": "require"}


def test_database_url_sqlite_paths() -> None:
    assert database_from_url("sqlite:////abs/x.db")["NAME"] == "/abs/x.db"
    assert database_from_url("sqlite:///rel.db")["NAME"] == "rel.db"


def test_database_url_errors() -> None:
    with pytest.raises(ImproperlyConfigured, match="unsupported scheme 'mysql'"):
        database_from_url("mysql://x/y")
    with pytest.raises(ImproperlyConfigured, match="must name a database"):
        database_from_url("postgres://u@host/")


def test_env_numbers_refuse_out_of_range_and_non_finite(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SB_N", "61")
    with pytest.raises(ImproperlyConfigured, match="SB_N must be at most 60"):
        env_int("SB_N", 3, maximum=60)
    with pytest.raises(ImproperlyConfigured, match="SB_N must be at most 60"):
        env_float("SB_N", 3.0, maximum=60)
    for raw in ("nan", "inf", "-inf"):
        monkeypatch.setenv("SB_N", raw)
        with pytest.raises(ImproperlyConfigured, match="SB_N must be a finite number"):
            env_float("SB_N", 3.0, minimum=0.1)
    monkeypatch.setenv("SB_N", "2.5")
    assert env_float("SB_N", 3.0, minimum=0.1, maximum=60) == 2.5


def test_env_redis_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SB_R", "rediss://:secret@cache:6380/2")
    assert env_redis_url("SB_R") == "rediss://:secret@cache:6380/2"
    monkeypatch.setenv("SB_R", "local")
    assert env_redis_url("SB_R", "redis://h:6379/0") == ""
    monkeypatch.setenv("SB_R", "")
    assert env_redis_url("SB_R", "redis://h:6379/0") == "redis://h:6379/0"
    monkeypatch.setenv("SB_R", "memcached://user:secret@cache:11211")
    with pytest.raises(ImproperlyConfigured, match="SB_R must be a redis://") as refused:
        env_redis_url("SB_R")
    assert "secret" not in str(refused.value)


def _cache_settings(tmp_path: Path, **env: str) -> list[str]:
    """SCALEBOX_CACHE_URL and the cache backend that settings derive from ``env``."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("CELERY_", "SCALEBOX_"))}
    keep.pop("DATABASE_URL", None)
    code = (
        "import json, scalebox_site.settings as s; "
        "print(json.dumps([s.SCALEBOX_CACHE_URL, s.CACHES['default']['BACKEND']]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={**keep, "SCALEBOX_VAR_DIR": str(tmp_path), **env},
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        check=True,
    )
    return list(json.loads(done.stdout))


def test_the_cache_is_the_result_backends_redis_unless_told_otherwise(tmp_path: Path) -> None:
    redis_cache = "verification.cache.PrefixedRedisCache"
    local = "django.core.cache.backends.locmem.LocMemCache"
    assert _cache_settings(tmp_path) == ["", local]
    backend = {"CELERY_BROKER_URL": "amqp://mq//", "CELERY_RESULT_BACKEND": "redis://r:6379/0"}
    assert _cache_settings(tmp_path, **backend) == ["redis://r:6379/0", redis_cache]
    assert _cache_settings(tmp_path, **backend, SCALEBOX_CACHE_URL="local") == ["", local]
    assert _cache_settings(tmp_path, **backend, SCALEBOX_CACHE_URL="redis://c:6379/3") == [
        "redis://c:6379/3",
        redis_cache,
    ]
    rpc = {"CELERY_BROKER_URL": "amqp://mq//", "CELERY_RESULT_BACKEND": "rpc://"}
    assert _cache_settings(tmp_path, **rpc) == ["", local]
