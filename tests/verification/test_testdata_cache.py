"""A worker's copy of test data: memory, disk and database, and the bound on the disk copy."""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from verification import testdata_cache
from verification.models import TestData as StoredData
from verification.testdata_cache import MEMORY

# Not named test_*: pytest would collect them.
read = testdata_cache.testdata_read
prefetch = testdata_cache.testdata_prefetch

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def cache_dir(settings, tmp_path: Path) -> Iterator[Path]:
    settings.SCALEBOX_WORKER_CACHE_DIR = tmp_path
    MEMORY.clear()
    yield tmp_path / "tests"
    testdata_cache.BOUND.wait()
    MEMORY.clear()


def _stored(data: bytes) -> str:
    digest = hashlib.sha256(data).hexdigest()
    StoredData.objects.create(sha256=digest, data=data, size=len(data))
    return digest


def _on_disk(cache_dir: Path, digest: str) -> Path:
    return cache_dir / digest[:2] / digest


def test_a_read_comes_from_the_database_once_then_from_memory(cache_dir, django_assert_num_queries):
    digest = _stored(b"1 2 3\n")
    with django_assert_num_queries(1):
        assert read(digest) == b"1 2 3\n"
    assert _on_disk(cache_dir, digest).read_bytes() == b"1 2 3\n"
    _on_disk(cache_dir, digest).unlink()
    with django_assert_num_queries(0):
        assert read(digest) == b"1 2 3\n"


def test_a_file_on_disk_serves_a_new_process(cache_dir, django_assert_num_queries):
    digest = _stored(b"from disk\n")
    read(digest)
    MEMORY.clear()  # as a new process would start
    StoredData.objects.filter(sha256=digest).delete()
    with django_assert_num_queries(0):
        assert read(digest) == b"from disk\n"


def test_a_corrupt_file_is_read_again_from_the_database(cache_dir):
    digest = _stored(b"right\n")
    read(digest)
    MEMORY.clear()
    _on_disk(cache_dir, digest).write_bytes(b"wrong\n")
    assert read(digest) == b"right\n"
    assert _on_disk(cache_dir, digest).read_bytes() == b"right\n"


def test_stored_bytes_that_do_not_match_their_hash_are_refused(cache_dir):
    digest = hashlib.sha256(b"claimed").hexdigest()
    StoredData.objects.create(sha256=digest, data=b"other", size=5)
    with pytest.raises(RuntimeError, match="does not match its hash"):
        read(digest)
    assert not _on_disk(cache_dir, digest).exists()


def test_a_name_that_is_not_a_digest_is_refused():
    with pytest.raises(ValueError, match="not a SHA-256"):
        read("../../etc/passwd")


def test_prefetch_fetches_what_is_missing_in_one_query(cache_dir, django_assert_num_queries):
    digests = [_stored(f"{i}\n".encode()) for i in range(30)]
    read(digests[0])
    with django_assert_num_queries(1):
        prefetch(digests + digests)  # repeated names are fetched once
    with django_assert_num_queries(0):
        assert [read(d) for d in digests] == [f"{i}\n".encode() for i in range(30)]
    with django_assert_num_queries(0):
        prefetch(digests)
    assert all(_on_disk(cache_dir, d).exists() for d in digests)


def test_entries_too_large_for_memory_are_read_from_disk(cache_dir, monkeypatch):
    monkeypatch.setattr(testdata_cache, "MEMORY_ENTRY_BYTES", 10)
    digest = _stored(b"x" * 11)
    assert read(digest) == b"x" * 11
    assert MEMORY.get(digest) is None
    assert read(digest) == b"x" * 11


def test_memory_keeps_its_bound_in_bytes():
    memory = testdata_cache._Memory(100)
    for i in range(10):
        memory.put(f"{i:064x}", b"y" * 30)
    kept = [i for i in range(10) if memory.get(f"{i:064x}") is not None]
    assert kept == [7, 8, 9]


def test_the_disk_copy_stays_within_its_bound_dropping_least_recently_used(cache_dir, settings):
    settings.SCALEBOX_TEST_CACHE_BYTES = 10_000
    old = [_stored(f"{i:04d}".encode() * 250) for i in range(8)]  # 1,000 bytes each
    for digest in old:
        read(digest)
    testdata_cache.BOUND.wait()
    long_ago = time.time() - 3600
    for n, digest in enumerate(old):
        os.utime(_on_disk(cache_dir, digest), (long_ago + n, long_ago + n))
    new = [_stored(f"n{i:03d}".encode() * 250) for i in range(6)]
    for digest in new:
        read(digest)
        testdata_cache.BOUND.wait()
    kept = {d for d in old + new if _on_disk(cache_dir, d).exists()}
    size = sum(_on_disk(cache_dir, d).stat().st_size for d in kept)
    assert size <= 10_000
    assert set(new) <= kept
    assert old[0] not in kept and old[-1] in kept  # the oldest went first


def test_bytes_just_stored_are_read_from_memory(cache_dir, django_assert_num_queries):
    from verification.services import testdata_store_many  # noqa: PLC0415

    digests = testdata_store_many([b"in\n", b"out\n"])
    with django_assert_num_queries(0):
        prefetch(digests)
        assert [read(d) for d in digests] == [b"in\n", b"out\n"]
    assert not any(_on_disk(cache_dir, d).exists() for d in digests)
