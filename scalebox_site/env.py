"""Typed readers for settings that come from the environment.

Each helper returns the default when the variable is unset or empty and raises
``ImproperlyConfigured`` naming the variable when its value cannot be parsed.
"""

from __future__ import annotations

import ipaddress
import math
import os
from urllib.parse import parse_qs, unquote, urlparse

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_str(name: str, default: str = "") -> str:
    value = os.environ.get(name, "")
    return value if value != "" else default


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    if raw == "":
        return default
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {raw!r}")


def _in_range(name: str, value: float, minimum: float | None, maximum: float | None) -> None:
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {value}")
    if maximum is not None and value > maximum:
        raise ImproperlyConfigured(f"{name} must be at most {maximum}, got {value}")


def env_int(
    name: str, default: int, *, minimum: int | None = None, maximum: int | None = None
) -> int:
    raw = os.environ.get(name, "").strip()
    if raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from None
    _in_range(name, value, minimum, maximum)
    return value


def env_float(
    name: str, default: float, *, minimum: float | None = None, maximum: float | None = None
) -> float:
    raw = os.environ.get(name, "").strip()
    if raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, got {raw!r}") from None
    if not math.isfinite(value):
        raise ImproperlyConfigured(f"{name} must be a finite number, got {raw!r}")
    _in_range(name, value, minimum, maximum)
    return value


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name, "").strip()
    if raw == "":
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_networks(name: str) -> list[str]:
    """A comma-separated list of IP addresses or CIDR networks (``10.0.0.0/8``)."""
    items = env_list(name)
    for item in items:
        try:
            ipaddress.ip_network(item, strict=False)
        except ValueError:
            raise ImproperlyConfigured(
                f"{name} must list IP addresses or networks, got {item!r}"
            ) from None
    return items


_REDIS_SCHEMES = ("redis", "rediss", "unix")


def env_redis_url(name: str, default: str = "") -> str:
    """A Redis URL (``redis://``, ``rediss://`` or ``unix://``); ``local``, or unset with
    an empty default, gives "" (no Redis)."""
    raw = env_str(name, default).strip()
    if raw in ("", "local"):
        return ""
    scheme = urlparse(raw).scheme
    if scheme not in _REDIS_SCHEMES:
        # The URL may hold a password: name only its scheme.
        raise ImproperlyConfigured(
            f"{name} must be a redis://, rediss:// or unix:// URL or 'local', "
            f"got a URL of scheme {scheme!r}"
        )
    return raw


_ENGINES = {
    "postgres": "django.db.backends.postgresql",
    "postgresql": "django.db.backends.postgresql",
    "sqlite": "django.db.backends.sqlite3",
}


def database_from_url(url: str, *, name: str = "DATABASE_URL") -> dict[str, object]:
    """Turn ``postgres://user:pass@host:port/db`` or ``sqlite:///path`` into a
    Django DATABASES entry."""
    parsed = urlparse(url)
    engine = _ENGINES.get(parsed.scheme)
    if engine is None:
        raise ImproperlyConfigured(
            f"{name} has unsupported scheme {parsed.scheme!r}; use postgres:// or sqlite:///"
        )
    if engine.endswith("sqlite3"):
        path = unquote(parsed.path)
        if path.startswith("//"):
            path = path[1:]
        elif path.startswith("/") and not url.startswith("sqlite:////"):
            path = path[1:] or ":memory:"
        return {"ENGINE": engine, "NAME": path or ":memory:"}
    db_name = unquote(parsed.path.lstrip("/"))
    if not db_name:
        raise ImproperlyConfigured(f"{name} must name a database: {url!r}")
    options = {key: values[-1] for key, values in parse_qs(parsed.query).items()}
    return {
        "ENGINE": engine,
        "NAME": db_name,
        "USER": unquote(parsed.username or ""),
        "PASSWORD": unquote(parsed.password or ""),
        "HOST": parsed.hostname or "",
        "PORT": str(parsed.port or ""),
        "OPTIONS": options,
        "CONN_MAX_AGE": 60,
    }
