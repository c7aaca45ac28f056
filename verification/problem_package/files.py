"""Reading files of a package directory without following links out of it."""

from __future__ import annotations

from pathlib import Path

from .model import PackageError


def relative_label(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def read_inside(root: Path, path: Path) -> bytes:
    """The file's bytes, refusing a symbolic link whose target lies outside ``root``."""
    label = relative_label(root, path)
    resolved = path.resolve()
    if not resolved.is_relative_to(root.resolve()):
        raise PackageError(f"{label}: symbolic link points outside the package")
    try:
        return resolved.read_bytes()
    except OSError as error:
        raise PackageError(f"{label}: cannot be read ({error.strerror})") from error


def visible_children(directory: Path) -> list[Path]:
    """Entries of ``directory`` by name, without hidden ones (``.git``, ``.timelimit``)."""
    return sorted(
        (child for child in directory.iterdir() if not child.name.startswith(".")),
        key=lambda child: child.name,
    )


def walk_files(root: Path, directory: Path) -> list[Path]:
    """Every visible regular file under ``directory``, in name order."""
    found: list[Path] = []
    for child in visible_children(directory):
        if child.is_dir():
            if not child.resolve().is_relative_to(root.resolve()):
                raise PackageError(
                    f"{relative_label(root, child)}: symbolic link points outside the package"
                )
            found.extend(walk_files(root, child))
        elif child.is_file():
            found.append(child)
    return found
