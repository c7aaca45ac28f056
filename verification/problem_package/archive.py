"""Unpacking a zipped problem package without trusting it."""

from __future__ import annotations

import posixpath
import shutil
import stat
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from .model import PackageError

MAX_FILES = 100_000
MAX_LINK_TARGET_BYTES = 4096
MAX_LINKS = 10_000
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


def _is_link(info: zipfile.ZipInfo) -> bool:
    return stat.S_IFMT(info.external_attr >> 16) == stat.S_IFLNK


def _check_mode(info: zipfile.ZipInfo, archive: Path) -> None:
    mode = info.external_attr >> 16
    if mode == 0:
        return
    kind = stat.S_IFMT(mode)
    if kind not in (0, stat.S_IFREG, stat.S_IFDIR, stat.S_IFLNK):
        raise PackageError(f"{archive}: zip entry {info.filename!r} is not a regular file")
    if info.flag_bits & 0x1:
        raise PackageError(f"{archive}: zip entry {info.filename!r} is encrypted")


def unpack_zip(
    archive: Path, destination: Path, *, max_unpacked_bytes: int, max_files: int = MAX_FILES
) -> Path:
    """Unpack ``archive`` into ``destination`` and return the package root.

    Refuses absolute paths, ``..`` components, special entries, more than ``max_files``
    entries, and more than ``max_unpacked_bytes`` in total, counting the bytes actually
    inflated (a zip's declared sizes may lie). A symbolic link (packages link test cases
    shared between groups) becomes a copy of what it names, which must be a file or
    directory of the archive itself. A zip whose entries all sit in one top-level
    directory is rooted at that directory.
    """
    try:
        with zipfile.ZipFile(archive) as zipped:
            infos = zipped.infolist()
            if len(infos) > max_files:
                raise PackageError(
                    f"{archive}: {len(infos)} zip entries, more than the limit of {max_files}"
                )
            members: list[tuple[zipfile.ZipInfo, PurePosixPath]] = []
            links: dict[str, str] = {}
            declared = 0
            for info in infos:
                relative = _member_path(info, archive)
                _check_mode(info, archive)
                if relative is None:
                    continue
                if _is_link(info):
                    links[str(relative)] = _link_target(zipped, info, relative, archive)
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
            _materialize_links(
                links,
                destination,
                archive,
                bytes_left=max_unpacked_bytes - written,
                files_left=max_files - len(members),
            )
    except zipfile.BadZipFile as error:
        raise PackageError(f"{archive}: not a valid zip file ({error})") from error
    except (RuntimeError, NotImplementedError, OSError, zlib.error, EOFError) as error:
        raise PackageError(f"{archive}: cannot unpack ({error})") from error
    return _package_root(destination)


def _link_target(
    zipped: zipfile.ZipFile, info: zipfile.ZipInfo, relative: PurePosixPath, archive: Path
) -> str:
    """The archive path a symbolic link entry names (it must stay inside the archive)."""
    with zipped.open(info) as entry:  # read no more than a link may hold, whatever it says
        raw = entry.read(MAX_LINK_TARGET_BYTES + 1)
    if info.file_size > MAX_LINK_TARGET_BYTES or len(raw) > MAX_LINK_TARGET_BYTES:
        raise PackageError(f"{archive}: zip entry {info.filename!r} is a link of over 4 KiB")
    try:
        target = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise PackageError(
            f"{archive}: zip entry {info.filename!r} links to a non-UTF-8 name"
        ) from None
    if target.startswith("/") or "\0" in target:
        raise PackageError(
            f"{archive}: zip entry {info.filename!r} links to {target!r}, outside the package"
        )
    joined = posixpath.normpath(posixpath.join(str(relative.parent), target))
    if joined == ".." or joined.startswith("../") or joined == ".":
        raise PackageError(
            f"{archive}: zip entry {info.filename!r} links to {target!r}, outside the package"
        )
    return joined


def _materialize_links(
    links: dict[str, str], destination: Path, archive: Path, *, bytes_left: int, files_left: int
) -> None:
    """Each link becomes a copy of its target, after the links its target depends on (a
    link to a link, or to a directory holding links): one depth-first pass.

    The copies count against the archive's byte and file limits, so that links to one
    large file or to a directory of many (empty) files cannot multiply what is unpacked.
    """
    if len(links) > MAX_LINKS:
        raise PackageError(
            f"{archive}: {len(links)} symbolic links, more than the limit of {MAX_LINKS}"
        )
    under: dict[str, list[str]] = {}
    for link in links:
        parent = posixpath.dirname(link)
        while parent:
            under.setdefault(parent, []).append(link)
            parent = posixpath.dirname(parent)

    def needs(link: str) -> list[str]:
        target = links[link]
        found = list(under.get(target, ()))
        ancestor = target
        while ancestor:
            if ancestor in links:
                found.append(ancestor)
            ancestor = posixpath.dirname(ancestor)
        return [other for other in found if other != link]

    order: list[str] = []
    state: dict[str, bool] = {}  # False: being visited, True: ordered
    for start in links:
        if start in state:
            continue
        state[start] = False
        stack = [(start, iter(needs(start)))]
        while stack:
            link, pending = stack[-1]
            other = next(pending, None)
            if other is None:
                stack.pop()
                state[link] = True
                order.append(link)
            elif other not in state:
                state[other] = False
                stack.append((other, iter(needs(other))))
            elif state[other] is False:
                cycle = [each for each, _ in stack]
                cycle = cycle[cycle.index(other) :]
                raise PackageError(
                    f"{archive}: symbolic links in a cycle: {', '.join(sorted(cycle))}"
                )
    for link in order:
        target = links[link]
        source = destination / target
        if not source.exists():
            raise PackageError(f"{archive}: zip entry {link!r} links to missing {target!r}")
        copy = destination / link
        if source.is_dir() and (copy == source or source in copy.parents):
            raise PackageError(f"{archive}: zip entry {link!r} links to its own parent")
        size, files = _tree_size(source)
        bytes_left -= size
        files_left -= files
        if bytes_left < 0:
            raise PackageError(f"{archive}: unpacks to more than its size limit with links")
        if files_left < 0:
            raise PackageError(f"{archive}: unpacks to more than its file limit with links")
        copy.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, copy, symlinks=False, dirs_exist_ok=True)
        else:
            shutil.copyfile(source, copy)


def _tree_size(path: Path) -> tuple[int, int]:
    """(bytes, files and directories) of what copying ``path`` makes."""
    if path.is_file():
        return path.stat().st_size, 1
    size, count = 0, 1
    for each in path.rglob("*"):
        count += 1
        if each.is_file():
            size += each.stat().st_size
    return size, count


def _package_root(destination: Path) -> Path:
    entries = [entry for entry in destination.iterdir() if not entry.name.startswith(".")]
    if len(entries) == 1 and entries[0].is_dir():
        return entries[0]
    return destination
