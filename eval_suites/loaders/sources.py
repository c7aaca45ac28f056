"""Reading a dataset's rows: local JSONL / JSON / Parquet files (optionally gzipped) or
a hub dataset through the ``datasets`` library."""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

from eval_suites.dataset_config import DatasetSource, HubSource
from eval_suites.loaders.errors import LoaderError


def file_rows(path: Path) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Rows of one local file, and a description with the sha256 of its bytes."""
    if not path.exists():
        raise LoaderError(f"dataset file {path} does not exist")
    if path.is_dir():
        raise LoaderError(f"dataset path {path} is a directory; name a file")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise LoaderError(f"cannot read dataset file {path}: {exc.strerror}") from None
    name = path.name.lower()
    data = raw
    if name.endswith(".gz"):
        try:
            data = gzip.decompress(raw)
        except (OSError, EOFError) as exc:
            raise LoaderError(f"{path} is not valid gzip: {exc}") from None
        name = name[:-3]
    if name.endswith(".parquet"):
        rows = _parquet_rows(path, data)
    elif name.endswith(".json"):
        rows = _json_rows(path, data)
    else:
        rows = jsonl_rows(path, data)
    return rows, {"kind": "path", "path": str(path), "sha256": hashlib.sha256(raw).hexdigest()}


def jsonl_rows(path: Path, data: bytes) -> list[dict[str, Any]]:
    rows = []
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise LoaderError(f"{path} is not UTF-8 (byte {exc.start})") from None
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError as exc:
            raise LoaderError(f"{path}:{number}: not valid JSON ({exc})") from None
        if not isinstance(row, dict):
            raise LoaderError(f"{path}:{number}: expected a JSON object")
        rows.append(row)
    return rows


def _json_rows(path: Path, data: bytes) -> list[dict[str, Any]]:
    try:
        value = json.loads(data)
    except ValueError as exc:
        raise LoaderError(f"{path}: not valid JSON ({exc})") from None
    if isinstance(value, dict) and isinstance(value.get("data"), list):
        value = value["data"]
    if not isinstance(value, list) or not all(isinstance(r, dict) for r in value):
        raise LoaderError(f"{path}: expected a JSON list of objects")
    return value


def _parquet_rows(path: Path, data: bytes) -> list[dict[str, Any]]:
    try:
        # pyarrow is optional: it is needed for Parquet files only.
        import pyarrow as pa  # noqa: PLC0415
        import pyarrow.parquet as pq  # noqa: PLC0415
    except ImportError:
        raise LoaderError(f"reading {path} needs pyarrow (installed with datasets)") from None
    try:
        table = pq.read_table(pa.BufferReader(data))
    except Exception as exc:
        raise LoaderError(f"{path} is not a readable Parquet file: {exc}") from None
    return [dict(r) for r in table.to_pylist()]


def hub_rows(hub: HubSource) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Rows of a hub dataset at a fixed revision, through the ``datasets`` library."""
    try:
        # datasets is optional: it is needed for hub datasets only.
        import datasets  # noqa: PLC0415
    except ImportError:
        raise LoaderError("loading from the hub needs the datasets package") from None
    try:
        loaded = datasets.load_dataset(
            hub.id,
            hub.name,
            revision=hub.revision,
            split=hub.split,
            data_files=hub.data_files,
        )
    except Exception as exc:
        raise LoaderError(
            f"cannot load {hub.id}@{hub.revision} (split {hub.split}) from the hub: {exc}"
        ) from None
    rows = [dict(r) for r in loaded]
    digest = hashlib.sha256(
        json.dumps(rows, sort_keys=True, default=str, ensure_ascii=False).encode()
    ).hexdigest()
    return rows, {
        "kind": "hub",
        "id": hub.id,
        "name": hub.name,
        "revision": hub.revision,
        "split": hub.split,
        "data_files": hub.data_files,
        "sha256": digest,
    }


def rows_read(
    source: DatasetSource, *, bundled: Path | None = None
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    if source.bundled:
        if bundled is None:
            raise LoaderError("this loader has no bundled data; give a path or a hub dataset")
        rows, info = file_rows(bundled)
        return rows, {**info, "kind": "bundled"}
    if source.path is not None:
        return file_rows(source.path)
    assert source.hub is not None
    return hub_rows(source.hub)
