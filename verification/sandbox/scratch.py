"""The per-run scratch directory: created fresh, filled, read back without following links."""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
from collections.abc import Mapping, Sequence
from pathlib import Path, PurePosixPath


class BadFileName(ValueError):
    pass


def _parts(name: str) -> list[str]:
    path = PurePosixPath(name)
    parts = list(path.parts)
    if not parts or path.is_absolute() or any(p in ("..", ".", "") for p in parts):
        raise BadFileName(
            f"file name must be a relative path inside the scratch directory: {name!r}"
        )
    return parts


def make_fresh(directory: Path, uid: int) -> None:
    root = directory.parent
    root.mkdir(parents=True, exist_ok=True)
    os.chmod(root, 0o711)
    if directory.exists() or directory.is_symlink():
        remove(directory)
        if directory.exists():
            shutil.rmtree(directory)
    directory.mkdir(mode=0o700)
    os.chown(directory, uid, uid)


def remove(directory: Path) -> None:
    """Remove a run's scratch directory, however deep the program nested it (shutil's
    recursion stops at Python's recursion limit, and would leave the slot unusable)."""
    with contextlib.suppress(RecursionError):
        shutil.rmtree(directory, ignore_errors=True)
    if directory.exists() and not directory.is_symlink():
        _remove_deep(directory)


_DIRECTORY_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


def _remove_deep(directory: Path) -> None:
    """Remove a tree with one directory descriptor open at a time and no recursion:
    down into the first subdirectory left, up through ".." once one is empty. Nothing
    of the run is alive any more, so nothing moves the tree meanwhile."""
    fd = os.open(directory, _DIRECTORY_FLAGS)
    names: list[str] = []
    stuck: set[int] = set()  # inodes of directories that could not be removed
    try:
        while True:
            below: str | None = None
            with os.scandir(fd) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        if entry.inode() not in stuck:
                            below = entry.name
                            break
                    else:
                        with contextlib.suppress(OSError):
                            os.unlink(entry.name, dir_fd=fd)
            if below is not None:
                try:
                    child = os.open(below, _DIRECTORY_FLAGS, dir_fd=fd)
                except OSError:
                    stuck.add(os.stat(below, dir_fd=fd, follow_symlinks=False).st_ino)
                    continue
                os.close(fd)
                fd, names = child, [*names, below]
                continue
            if not names:
                break
            parent = os.open("..", _DIRECTORY_FLAGS, dir_fd=fd)
            os.close(fd)
            fd = parent
            name = names.pop()
            try:
                os.rmdir(name, dir_fd=fd)
            except OSError:
                stuck.add(os.stat(name, dir_fd=fd, follow_symlinks=False).st_ino)
    finally:
        os.close(fd)
    with contextlib.suppress(OSError):
        os.rmdir(directory)


def write_files(directory: Path, files: Mapping[str, bytes], uid: int) -> None:
    for name, data in files.items():
        parts = _parts(name)
        current = directory
        for part in parts[:-1]:
            current = current / part
            if not current.exists():
                current.mkdir(mode=0o755)
                os.chown(current, uid, uid)
        target = current / parts[-1]
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
        try:
            with os.fdopen(fd, "wb", closefd=False) as handle:
                handle.write(data)
            os.fchown(fd, uid, uid)
        finally:
            os.close(fd)


def _open_no_follow(directory: Path, parts: list[str]) -> int:
    """Open a regular file below directory, refusing symlinks at every step."""
    flags_dir = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
    current = os.open(directory, flags_dir)
    try:
        for part in parts[:-1]:
            following = os.open(part, flags_dir, dir_fd=current)
            os.close(current)
            current = following
        fd = os.open(
            parts[-1], os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, dir_fd=current
        )
    finally:
        os.close(current)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OSError(f"not a regular file: {'/'.join(parts)}")
    return fd


def read_files(directory: Path, names: Sequence[str], max_bytes: int) -> dict[str, bytes]:
    """Read the named files the program left; missing, linked or special files are skipped."""
    found: dict[str, bytes] = {}
    for name in names:
        try:
            fd = _open_no_follow(directory, _parts(name))
        except OSError:
            continue
        try:
            with os.fdopen(fd, "rb", closefd=False) as handle:
                data = handle.read(max_bytes + 1)
        finally:
            os.close(fd)
        if len(data) <= max_bytes:
            found[name] = data
    return found


def harvest(directory: Path, destination: Path, subdir: str = "") -> int:
    """Copy the regular files and directories under directory (links skipped); return bytes.
    With ``subdir`` (one name), only that directory's, to the same place under
    destination; nothing when the program left it as anything but a directory."""
    total = 0
    destination.mkdir(parents=True, exist_ok=True)
    if subdir:
        parts = _parts(subdir)
        if len(parts) != 1:
            raise BadFileName(f"harvest: {subdir!r} is not one directory name")
        try:
            if not stat.S_ISDIR(os.lstat(directory / parts[0]).st_mode):
                return 0
        except FileNotFoundError:
            return 0
        destination = destination / parts[0]
        destination.mkdir(mode=0o755, exist_ok=True)
        directory = directory / parts[0]
    for root, dirs, files in os.walk(directory, followlinks=False):
        rel = Path(root).relative_to(directory)
        for name in list(dirs):
            if (Path(root) / name).is_symlink():
                dirs.remove(name)
                continue
            (destination / rel / name).mkdir(mode=0o755, exist_ok=True)
        for name in files:
            parts = [*rel.parts, name]
            try:
                fd = _open_no_follow(directory, parts)
            except OSError:
                continue
            try:
                mode = os.fstat(fd).st_mode
                target = destination / rel / name
                with os.fdopen(fd, "rb", closefd=False) as src, open(target, "wb") as dst:
                    shutil.copyfileobj(src, dst)
                    total += dst.tell()
                os.chmod(target, 0o755 if mode & 0o111 else 0o644)
            finally:
                os.close(fd)
    return total


def largest_file(directory: Path) -> int:
    largest = 0
    for root, _, files in os.walk(directory, followlinks=False):
        for name in files:
            try:
                info = os.lstat(os.path.join(root, name))
            except OSError:
                continue
            if stat.S_ISREG(info.st_mode):
                largest = max(largest, info.st_size)
    return largest
