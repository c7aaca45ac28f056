"""Sandbox settings, read from the environment on each use (cheap, and tests can override)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .slots import DEFAULT_LOCK_DIR, LOCK_DIR_SETTING

REPO_ROOT = Path(__file__).resolve().parents[2]
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"", "0", "false", "no", "off"}


def _env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(f"{name} must be a boolean (true/false), got {raw!r}")


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ValueError(f"{name} must be an integer, got {raw!r}") from None


def _default_scratch_root() -> Path:
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        return shm / "scalebox"
    return cache_dir() / "scratch"


def var_dir() -> Path:
    """SCALEBOX_VAR_DIR, ScaleBox's own files on this host (as in the Django settings)."""
    raw = os.environ.get("SCALEBOX_VAR_DIR", "")
    return Path(raw) if raw else REPO_ROOT / "var"


def cache_dir() -> Path:
    raw = os.environ.get("SCALEBOX_WORKER_CACHE_DIR", "")
    return Path(raw) if raw else var_dir() / "cache"


def slot_lock_dir() -> Path:
    """The host's slot lock directory: one for every ScaleBox process on the host."""
    raw = os.environ.get(LOCK_DIR_SETTING, "").strip()
    if not raw:
        return DEFAULT_LOCK_DIR
    path = Path(raw)
    if not path.is_absolute():
        raise ValueError(f"{LOCK_DIR_SETTING} must be an absolute path, got {raw!r}")
    return path


def _env_time_factor() -> float:
    name = "SCALEBOX_TIME_FACTOR"
    raw = os.environ.get(name, "").strip()
    if not raw:
        return 1.0
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{name} must be a number, got {raw!r}") from None
    if not (0.1 <= value <= 1000.0):
        raise ValueError(f"{name} must be between 0.1 and 1000, got {raw!r}")
    return value


@dataclass(frozen=True)
class SandboxConfig:
    cache_dir: Path
    scratch_root: Path
    unsafe_no_isolation: bool
    slots: int
    uid_base: int
    bwrap: str
    compile_cache_bytes: int
    slot_lock_dir: Path
    time_factor: float = 1.0

    @property
    def compiled_dir(self) -> Path:
        return self.cache_dir / "compiled"


def load_config() -> SandboxConfig:
    """Current configuration.

    SCALEBOX_WORKER_CACHE_DIR: the sandbox's caches: compiled programs, its init, the
    fast paths' program directories (default SCALEBOX_VAR_DIR/cache, SCALEBOX_VAR_DIR
    itself defaulting to the checkout's var/). Programs are bound into runs from it as
    the slot uids, so every directory above it must be searchable by other users.
    SCALEBOX_SLOT_LOCK_DIR: the slot lock files, one directory per host shared by every
    ScaleBox process on it (default /run/scalebox/slots).
    SCALEBOX_SCRATCH_DIR: per-slot scratch directories (default /dev/shm/scalebox, so a
    program's files count against its own memory limit).
    SCALEBOX_UNSAFE_NO_ISOLATION: run without namespaces (development only).
    SCALEBOX_SANDBOX_SLOTS / SCALEBOX_SANDBOX_UID_BASE: parallel slots, one uid each.
    SCALEBOX_TIME_FACTOR: how many times slower this host runs programs than the machine
    the time limits are meant for (default 1). CPU and wall limits are multiplied by it
    and reported times divided by it, so verdicts and times are in the reference
    machine's seconds.
    """
    scratch = os.environ.get("SCALEBOX_SCRATCH_DIR")
    return SandboxConfig(
        cache_dir=cache_dir(),
        scratch_root=Path(scratch) if scratch else _default_scratch_root(),
        unsafe_no_isolation=_env_bool("SCALEBOX_UNSAFE_NO_ISOLATION", False),
        slots=_env_int("SCALEBOX_SANDBOX_SLOTS", 32),
        uid_base=_env_int("SCALEBOX_SANDBOX_UID_BASE", 60000),
        bwrap=os.environ.get("SCALEBOX_BWRAP", "/usr/bin/bwrap"),
        compile_cache_bytes=_env_int("SCALEBOX_COMPILE_CACHE_BYTES", 2 * 1024**3),
        slot_lock_dir=slot_lock_dir(),
        time_factor=_env_time_factor(),
    )
