"""Unpacking a zipped problem package without trusting it."""

from __future__ import annotations

import stat
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from .model import PackageError

MAX_FILES = 100_000
_CHUNK = 1 << 16
_IGNORED_TOP_LEVEL = {"__MACOSX"}


def _member_path(info: zipfile.ZipInfo, archive: Path) -> PurePosixPath | None:
    """The member's safe relative path, or None for entries to skip."""
    raw = info.filename
    name = raw.replace("\\", "/")
    if name.startswith("/") or (len(name) >= 2 and name[1] == ":"):
        raise PackageError(f"{archive}: zip entry {raw!r} has an absolute path")
    parts = [part for part in name.split("/") if part not in ("", ".")]
    if ".." in parts:
        raise PackageError(f"{archive}: zip entry {raw!r} points outside the package ('..')")
    if not parts or parts[0] in _IGNORED_TOP_LEVEL:
        return None
    return PurePosixPath(*parts)


def _check_mode(info: zipfile.ZipInfo, archive: Path) -> None:
    mode = info.external_attr >> 16
    if mode == 0:
        return
    kind = stat.S_IFMT(mode)
    if kind == stat.S_IFLNK:
        raise PackageError(f"{archive}: zip entry {info.filename!r} is a symbolic link")
    if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
        raise PackageError(f"{archive}: zip entry {info.filename!r} is not a regular file")
    if info.flag_bits & 0x1:
        raise PackageError(f"{archive}: zip entry {info.filename!r} is encrypted")


def unpack_zip(
    archive: Path, destination: Path, *, max_unpacked_bytes: int, max_files: int = MAX_FILES
) -> Path:
    """Unpack ``archive`` into ``destination`` and return the package root.

    Refuses absolute paths, ``..`` components, symbolic links and other special
    entries, more than ``max_files`` entries, and more than ``max_unpacked_bytes`` in
    total, counting the bytes actually inflated (a zip's declared sizes may lie). A zip
    whose entries all sit in one top-level directory is rooted at that directory.
    """
    try:
        with zipfile.ZipFile(archive) as zipped:
            infos = zipped.infolist()
            if len(infos) > max_files:
                raise PackageError(
                    f"{archive}: {len(infos)} zip entries, more than the limit of {max_files}"
                )
            members: list[tuple[zipfile.ZipInfo, PurePosixPath]] = []
            declared = 0
            for info in infos:
                relative = _member_path(info, archive)
                _check_mode(info, archive)
                if relative is None:
                    continue
                declared += info.file_size
                members.append((info, relative))
            if declared > max_unpacked_bytes:
                raise PackageError(
                    f"{archive}: unpacks to {declared} bytes, more than the limit of "
                    f"{max_unpacked_bytes}"
                )
            written = 0
            for info, relative in members:
                target = destination.joinpath(*relative.parts)
                if info.is_dir():
                    target.mkdir(parents=True, exist_ok=True)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                with zipped.open(info) as source, target.open("wb") as sink:
                    while chunk := source.read(_CHUNK):
                        written += len(chunk)
                        if written > max_unpacked_bytes:
                            raise PackageError(
                                f"{archive}: unpacks to more than the limit of "
                                f"{max_unpacked_bytes} bytes"
                            )
                        sink.write(chunk)
    except zipfile.BadZipFile as error:
        raise PackageError(f"{archive}: not a valid zip file ({error})") from error
    except (RuntimeError, NotImplementedError, OSError, zlib.error, EOFError) as error:
        raise PackageError(f"{archive}: cannot unpack ({error})") from error
    return _package_root(destination)


def _package_root(destination: Path) -> Path:
    entries = [entry for entry in destination.iterdir() if not entry.name.startswith(".")]
    if len(entries) == 1 and entries[0].is_dir():
        return entries[0]
    return destination
