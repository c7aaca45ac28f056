"""C++ (g++), with precompiled standard headers.

Most C++ programs that reach a judge start with ``#include <bits/stdc++.h>``, whose
parsing is most of their compile: about 1.2 s of CPU here, 0.4 s with a precompiled
header. So each worker host keeps precompiled headers (``.gch``) of ``bits/stdc++.h``
and ``iostream`` (the header programs that name their headers most often include first)
in ``SCALEBOX_WORKER_CACHE_DIR/pch/<identity>/``, where ``<identity>`` hashes the
compiler's ``-v`` output, the compiler proper's and the headers' sizes and modification
times, and the flags: a new compiler or new headers get a new directory.

- **Built on the host, once.** The first compile of a program that includes one of the
  headers starts the build on a background thread and compiles without it: no compile
  waits for it. The build runs g++ with the compile step's flags on the system's own
  headers, outside the sandbox (it reads nothing a user sent, and so takes no sandbox
  slot from programs), under ``nice``. It writes into a temporary directory renamed into
  place when complete, under an exclusive lock (``pch/.lock``): of processes that race,
  one builds and the others compile without it until it is there. A failed build is
  tried again by the process after ``PCH_RETRY_AFTER_S``.
- **Used only where it can be.** A program whose source includes one of the headers is
  compiled with ``-I /scalebox-pch``, the directory bound read-only there in the
  sandbox (a fixed path: the cache may lie under /tmp, the sandbox's scratch); g++
  itself decides whether to use a ``.gch`` (it must be the first include,
  with no macro defined before it that the header uses, and no ``#pragma`` such as
  ``GCC optimize`` before it), and else reads the header as always. The precompiled
  header was built with the same compiler and flags, so the binary is the same
  byte for byte and the compile cache's key does not change.
- **Never a verdict of its own.** A compile that fails with the precompiled header is
  compiled again without it, and that compile's result is the verdict and its message
  the compile error shown: a corrupt or stale ``.gch`` (which g++ ignores or, truncated,
  refuses with a fatal error) never turns into a CE, and the compile error of a program
  does not depend on whether the header was ready. When the second compile succeeds the
  precompiled header was at fault: it is removed, to be built again.

``SCALEBOX_CPP_PCH=0`` turns it off (the benchmark ``benchmarks/compile.py`` compares).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import re
import shutil
import subprocess
import threading
import time
from pathlib import Path

from verification.sandbox import RunResult, RunStatus, run_sandboxed
from verification.sandbox.config import load_config

from .base import (
    FUNCTION_CALL,
    STDIN_STDOUT,
    Executor,
    raise_for_compile_result,
    switch_enabled,
)

logger = logging.getLogger(__name__)

GXX = "/usr/bin/g++"
# The compile step's flags; a precompiled header is only valid with the same ones.
CXX_FLAGS = ("-O2", "-std=gnu++17", "-pipe")
PCH_SWITCH = "SCALEBOX_CPP_PCH"
PCH_HEADERS = ("bits/stdc++.h", "iostream")
PCH_BUILD_TIMEOUT_S = 600
PCH_RETRY_AFTER_S = 600.0
HOST_ENV = {"PATH": "/usr/bin:/bin", "LANG": "C"}

_INCLUDES_PCH_HEADER = re.compile(rb'#[ \t]*include[ \t]*[<"](?:bits/stdc\+\+\.h|iostream)[>"]')
# Failures where compiling again could not tell another story (success, and the limits;
# a sandbox failure is tried again without the headers too).
_NOT_RETRIED = (RunStatus.OK, RunStatus.TLE, RunStatus.MLE)
# Where the precompiled headers' directory is bound inside the compile's sandbox.
PCH_INSIDE = "/scalebox-pch"


def pch_enabled() -> bool:
    """SCALEBOX_CPP_PCH (default on): compile C++ with precompiled standard headers."""
    return switch_enabled(PCH_SWITCH)


def includes_pch_header(source: bytes) -> bool:
    """Whether the source includes a header that is precompiled (a plain text search)."""
    return _INCLUDES_PCH_HEADER.search(source) is not None


class PchBuildError(Exception):
    pass


class PrecompiledHeaders:
    """The host's precompiled headers for one compiler and set of flags."""

    def __init__(self, compiler: str, flags: tuple[str, ...], headers: tuple[str, ...]) -> None:
        self.compiler = compiler
        self.flags = flags
        self.headers = headers
        self._lock = threading.Lock()
        self._identity: tuple[str, dict[str, Path]] | None = None
        self._building = False
        self._retry_at = 0.0
        os.register_at_fork(after_in_child=self._after_fork)

    def _after_fork(self) -> None:
        # A build thread of the parent does not exist in the child.
        self._lock = threading.Lock()
        self._building = False

    # -- where ------------------------------------------------------------------------

    def identity(self) -> tuple[str, dict[str, Path]]:
        """(key, header name -> its file), from the compiler itself; cached per process."""
        if self._identity is None:
            self._identity = self._find_identity()
        return self._identity

    def _find_identity(self) -> tuple[str, dict[str, Path]]:
        argv = [self.compiler, *self.flags, "-x", "c++", "-E", "-v", "/dev/null", "-o", "/dev/null"]
        try:
            done = subprocess.run(
                argv,
                capture_output=True,
                timeout=60,
                check=False,
                env=HOST_ENV,
                stdin=subprocess.DEVNULL,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PchBuildError(f"{self.compiler} -v failed: {exc}") from exc
        report = done.stderr.decode(errors="replace")
        if done.returncode != 0:
            raise PchBuildError(f"{self.compiler} -v failed: {report[-1000:]}")
        lines = report.splitlines()
        try:
            start = lines.index("#include <...> search starts here:") + 1
            end = lines.index("End of search list.", start)
        except ValueError:
            raise PchBuildError(f"no include search list in {self.compiler} -v") from None
        search = [Path(line.strip()) for line in lines[start:end]]
        digest = hashlib.sha256(report.encode())
        digest.update(repr((self.compiler, self.flags)).encode())
        proper = [ln.split()[0] for ln in lines if ln.startswith(" ") and "cc1plus" in ln]
        files: dict[str, Path] = {}
        for header in self.headers:
            found = next((d / header for d in search if (d / header).is_file()), None)
            if found is None:
                raise PchBuildError(f"{header} is not in {self.compiler}'s include path")
            files[header] = found
        for path in [*map(Path, proper[:1]), *files.values()]:
            info = os.stat(path)
            digest.update(f"{path} {info.st_size} {info.st_mtime_ns}\n".encode())
        return digest.hexdigest()[:24], files

    def root(self) -> Path:
        return load_config().cache_dir / "pch"

    def directory(self) -> Path:
        """Where this compiler's precompiled headers are (or will be) on this host."""
        return self.root() / self.identity()[0]

    # -- use --------------------------------------------------------------------------

    def ready(self, *, build: bool = True) -> Path | None:
        """The directory of the precompiled headers when they are built, else None (and,
        with ``build``, a build started in the background). Never waits for a build."""
        if self._identity is None and time.monotonic() < self._retry_at:
            return None  # the compiler could not say where they are, a moment ago
        try:
            directory = self.directory()
        except (PchBuildError, OSError) as exc:
            self._note_failure(exc)
            return None
        if (directory / ".complete").is_file():
            return directory
        if build:
            self._start_build()
        return None

    def _note_failure(self, exc: Exception) -> None:
        with self._lock:
            if time.monotonic() >= self._retry_at:
                logger.warning("C++ precompiled headers unavailable: %s", exc)
            self._retry_at = time.monotonic() + PCH_RETRY_AFTER_S

    def _start_build(self) -> None:
        with self._lock:
            if self._building or time.monotonic() < self._retry_at:
                return
            self._building = True
        threading.Thread(target=self._build_in_background, name="cpp-pch", daemon=True).start()

    def _build_in_background(self) -> None:
        try:
            self.build(wait=False)
        except Exception as exc:  # a failed build only means compiling without it
            self._note_failure(exc)
        finally:
            with self._lock:
                self._building = False

    def discard(self, directory: Path) -> None:
        """Remove precompiled headers found at fault; they are built again later."""
        logger.warning("C++ precompiled headers at %s failed a compile: removed", directory)
        with self._lock:
            self._retry_at = time.monotonic() + PCH_RETRY_AFTER_S
        trash = directory.with_name(f".discarded-{directory.name}-{os.getpid()}")
        try:
            os.rename(directory, trash)
        except OSError:
            return  # already gone
        shutil.rmtree(trash, ignore_errors=True)

    # -- build ------------------------------------------------------------------------

    def build(self, *, wait: bool = True) -> Path | None:
        """Build the precompiled headers unless they are there; their directory. Without
        ``wait``, None when another process is building them."""
        final = self.directory()
        if (final / ".complete").is_file():
            return final
        root = final.parent
        root.mkdir(parents=True, exist_ok=True)
        for directory in (root.parent, root):
            with contextlib.suppress(OSError):
                os.chmod(directory, 0o755)
        with open(root / ".lock", "a") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError:
                return None
            if (final / ".complete").is_file():
                return final
            # Under the lock, anything left in the way is a dead builder's.
            for stale in (*root.glob(".build-*"), *root.glob(".discarded-*")):
                shutil.rmtree(stale, ignore_errors=True)
            staging = root / f".build-{final.name}-{os.getpid()}"
            try:
                self._build_into(staging)
                os.rename(staging, final)
            finally:
                shutil.rmtree(staging, ignore_errors=True)
            for other in root.iterdir():  # another compiler's, or headers since updated
                if other != final and not other.name.startswith("."):
                    shutil.rmtree(other, ignore_errors=True)
        return final

    def _build_into(self, staging: Path) -> None:
        staging.mkdir(mode=0o755)
        started = time.monotonic()
        files = self.identity()[1]
        for header, path in files.items():
            target = staging / f"{header}.gch"
            target.parent.mkdir(parents=True, exist_ok=True)
            argv = ["/usr/bin/nice", "-n", "10", self.compiler, *self.flags]
            argv += ["-x", "c++-header", str(path), "-o", str(target)]
            try:
                done = subprocess.run(
                    argv,
                    capture_output=True,
                    timeout=PCH_BUILD_TIMEOUT_S,
                    check=False,
                    env=HOST_ENV,
                    stdin=subprocess.DEVNULL,
                )
            except (OSError, subprocess.TimeoutExpired) as exc:
                raise PchBuildError(f"precompiling {header} failed: {exc}") from exc
            if done.returncode != 0 or not target.is_file():
                message = done.stderr.decode(errors="replace")[-2000:]
                raise PchBuildError(f"precompiling {header} failed: {message}")
            os.chmod(target, 0o644)
        for directory in (staging, *(p for p in staging.rglob("*") if p.is_dir())):
            os.chmod(directory, 0o755)
        manifest = {
            "compiler": self.compiler,
            "flags": list(self.flags),
            "headers": {header: str(path) for header, path in files.items()},
            "seconds": round(time.monotonic() - started, 2),
        }
        (staging / ".complete").write_text(json.dumps(manifest, indent=1) + "\n")
        os.chmod(staging / ".complete", 0o644)


PRECOMPILED_HEADERS = PrecompiledHeaders(GXX, CXX_FLAGS, PCH_HEADERS)


class CppExecutor(Executor):
    name = "cpp"
    aliases = ("c++", "cplusplus")
    extensions = (".cc", ".cpp", ".cxx", ".c++")
    test_modes = (STDIN_STDOUT, FUNCTION_CALL)
    source_name = "main.cpp"
    compile_argv = (GXX, *CXX_FLAGS, "-o", "main", "main.cpp")
    run_argv = ("/prog/main",)
    native_binary = True
    version_argv = (GXX, "--version")
    self_test_source = (
        b"#include <iostream>\nint main() { long long a, b; std::cin >> a >> b;\n"
        b"std::cout << a + b << std::endl; return 0; }\n"
    )
    precompiled_headers = PRECOMPILED_HEADERS

    def pch_for(self, source: bytes, flags: tuple[str, ...] = ()) -> Path | None:
        """The precompiled headers' directory to compile ``source`` with, if any."""
        if flags or not pch_enabled() or not includes_pch_header(source):
            return None
        return self.precompiled_headers.ready()

    def compile_argv_with_pch(self, flags: tuple[str, ...] = ()) -> list[str]:
        assert self.compile_argv is not None
        return [self.compile_argv[0], "-I", PCH_INSIDE, *self.compile_argv[1:], *flags]

    def _compile_in_sandbox(self, source: bytes, flags: tuple[str, ...], staging: Path) -> None:
        pch = self.pch_for(source, flags)
        if pch is not None:
            result = self._compile_with_pch(source, flags, staging, pch)
            if result.status in _NOT_RETRIED:
                raise_for_compile_result(result)
                return
            # Failed with it: the compile without it decides, verdict and message.
            shutil.rmtree(staging, ignore_errors=True)
        super()._compile_in_sandbox(source, flags, staging)
        if pch is not None:
            self.precompiled_headers.discard(pch)

    def _compile_with_pch(
        self, source: bytes, flags: tuple[str, ...], staging: Path, pch: Path
    ) -> RunResult:
        return run_sandboxed(
            self.compile_argv_with_pch(flags),
            stdin=b"",
            limits=self.compile_limits,
            files={**dict(self.compile_files), self.source_name: source},
            env=dict(self.compile_env),
            extra_ro_paths=self.extra_ro_paths,
            # At a fixed path inside: the cache (and so the headers) may lie under /tmp.
            ro_binds=((str(pch), PCH_INSIDE),),
            harvest_to=staging,
        )
