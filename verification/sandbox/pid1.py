"""The sandbox's PID 1 (init.c): built once per host from its source, cached by its hash.

Runs under bubblewrap start it in place of bubblewrap's own init, so that the runner can
tell bubblewrap's late setup steps (seccomp, chdir, exec) failing from the program
failing, and read the program's exact wait status.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

from .limits import SandboxUnavailable

SOURCE = Path(__file__).with_name("init.c")
COMPILE_TIMEOUT_S = 120

_lock = threading.Lock()


def _compiler() -> str:
    for name in ("cc", "gcc", "clang"):
        found = shutil.which(name)
        if found:
            return found
    raise SandboxUnavailable(
        "building the sandbox's init needs a C compiler and static libc "
        "(apt-get install gcc libc6-dev)"
    )


def init_binary(cache_dir: Path) -> Path:
    """The built init for this source, building it on first use (root-owned, 0755)."""
    source = SOURCE.read_bytes()
    digest = hashlib.sha256(source).hexdigest()[:16]
    directory = cache_dir / "init"
    final = directory / f"scalebox-init-{digest}"
    if final.is_file():
        return final
    with _lock:
        if final.is_file():
            return final
        # Executed through /proc/self/fd: only the file's own mode matters to the slot uids.
        directory.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=directory, prefix=f".{final.name}.")
        os.close(handle)
        staging = Path(name)
        command = [_compiler(), "-O2", "-static", "-o", str(staging), str(SOURCE)]
        try:
            done = subprocess.run(
                command,
                capture_output=True,
                timeout=COMPILE_TIMEOUT_S,
                check=False,
                stdin=subprocess.DEVNULL,
            )
            if done.returncode != 0:
                message = (done.stderr or done.stdout).decode(errors="replace").strip()
                raise SandboxUnavailable(
                    f"building the sandbox's init failed ({' '.join(command)}): {message[:2000]}"
                )
            os.chmod(staging, 0o755)
            os.rename(staging, final)
        except subprocess.TimeoutExpired:
            raise SandboxUnavailable(
                f"building the sandbox's init took over {COMPILE_TIMEOUT_S} s"
            ) from None
        finally:
            with contextlib.suppress(FileNotFoundError):
                staging.unlink()
        return final


def parse_report(report: bytes) -> tuple[bool, str | None, int | None]:
    """(init started, its setup failure if any, the program's wait status if it exited)."""
    started = False
    failure: str | None = None
    status: int | None = None
    for line in report.split(b"\n"):
        if line == b"R":
            started = True
        elif line.startswith(b"F ") and failure is None:
            failure = line[2:].decode(errors="replace")
        elif line.startswith(b"W "):
            with contextlib.suppress(ValueError):
                status = int(line[2:])
    return started, failure, status
