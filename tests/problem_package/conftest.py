"""Builders for small problem packages written into tmp_path."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "packages"

PackageBuilder = Callable[..., Path]

MINIMAL = {
    "problem.yaml": "name: Tiny\n",
    "data/sample/1.in": "1\n",
    "data/sample/1.ans": "1\n",
    "data/secret/1.in": "2\n",
    "data/secret/1.ans": "2\n",
}


def write_tree(root: Path, files: Mapping[str, str | bytes | None]) -> Path:
    for relative, content in files.items():
        if content is None:
            continue
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    return root


def zip_directory(root: Path) -> bytes:
    """The package directory as an uploaded zip holds it: its files under ``root.name/``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for file in sorted(root.rglob("*")):
            if file.is_file():
                archive.write(file, f"{root.name}/{file.relative_to(root).as_posix()}")
    return buffer.getvalue()


@pytest.fixture
def make_package(tmp_path: Path) -> PackageBuilder:
    """``make_package({...}, name="tiny", base=MINIMAL)``: files over a base tree;
    a value of None removes that base file."""

    def build(
        files: Mapping[str, str | bytes | None] | None = None,
        *,
        name: str = "tiny",
        base: Mapping[str, str | bytes] = MINIMAL,
    ) -> Path:
        merged: dict[str, str | bytes | None] = dict(base)
        merged.update(files or {})
        return write_tree(tmp_path / name, merged)

    return build
