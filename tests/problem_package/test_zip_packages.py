"""Zipped packages: unpacked like directories, and hostile archives refused."""

from __future__ import annotations

import re
import stat
import tempfile
import zipfile
from pathlib import Path

import pytest

from verification.problem_package import PackageError, load_package

from .conftest import FIXTURES, MINIMAL


def zip_tree(archive: Path, root: Path, *, prefix: str) -> Path:
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for path in sorted(root.rglob("*")):
            if path.is_file():
                zipped.write(path, prefix + path.relative_to(root).as_posix())
    return archive


def zip_entries(archive: Path, entries: dict[str, str | bytes]) -> Path:
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for name, content in entries.items():
            zipped.writestr(name, content)
    return archive


@pytest.fixture
def private_tempdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    return scratch


def test_zip_with_one_top_level_directory_matches_the_directory(
    tmp_path: Path, private_tempdir: Path
) -> None:
    archive = zip_tree(tmp_path / "Two-Sum.zip", FIXTURES / "twosum", prefix="twosum/")
    from_zip = load_package(archive)
    from_dir = load_package(FIXTURES / "twosum")
    assert from_zip.short_name == "two-sum"
    assert from_zip.tests == from_dir.tests
    assert from_zip.submissions == from_dir.submissions
    assert from_zip.validator == from_dir.validator
    assert from_zip.title == from_dir.title
    assert list(private_tempdir.iterdir()) == []


def test_zip_with_files_at_the_root_and_kpp_suffix(tmp_path: Path, private_tempdir: Path) -> None:
    entries: dict[str, str | bytes] = {**MINIMAL, "__MACOSX/._problem.yaml": "junk"}
    archive = zip_entries(tmp_path / "tiny.kpp", entries)
    package = load_package(archive)
    assert package.short_name == "tiny"
    assert [t.name for t in package.tests] == ["sample/1", "secret/1"]
    assert list(private_tempdir.iterdir()) == []


def test_dot_timelimit_survives_zipping(tmp_path: Path) -> None:
    archive = zip_tree(tmp_path / "aplusb.zip", FIXTURES / "aplusb", prefix="aplusb/")
    package = load_package(archive)
    assert (package.time_limit_s, package.time_limit_source) == (1.0, ".timelimit")


def test_parent_directory_entry_is_refused(tmp_path: Path) -> None:
    archive = zip_entries(tmp_path / "evil.zip", {**MINIMAL, "data/../../evil.txt": "owned"})
    with pytest.raises(PackageError, match=r"evil\.zip: zip entry 'data/\.\./\.\./evil\.txt'"):
        load_package(archive)
    assert not (tmp_path / "evil.txt").exists()


def test_backslash_parent_entry_is_refused(tmp_path: Path) -> None:
    archive = zip_entries(tmp_path / "evil.zip", {**MINIMAL, "..\\evil.txt": "owned"})
    with pytest.raises(PackageError, match=r"points outside the package"):
        load_package(archive)


@pytest.mark.parametrize("name", ["/etc/evil.txt", "C:/evil.txt"])
def test_absolute_entry_is_refused(tmp_path: Path, name: str) -> None:
    archive = tmp_path / "abs.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for entry, content in MINIMAL.items():
            zipped.writestr(entry, content)
        info = zipfile.ZipInfo("placeholder")
        info.filename = name
        zipped.writestr(info, "owned")
    with pytest.raises(PackageError, match=r"has an absolute path"):
        load_package(archive)


def zip_with_links(archive: Path, links: dict[str, str], *, prefix: str = "") -> Path:
    """MINIMAL, plus symbolic link entries (name: target), as `zip --symlinks` stores them."""
    with zipfile.ZipFile(archive, "w") as zipped:
        for entry, content in MINIMAL.items():
            zipped.writestr(prefix + entry, content)
        for name, target in links.items():
            link = zipfile.ZipInfo(prefix + name)
            link.create_system = 3
            link.external_attr = (stat.S_IFLNK | 0o777) << 16
            zipped.writestr(link, target)
    return archive


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("/etc/passwd", "links to '/etc/passwd', outside the package"),
        ("../../../etc/passwd", "outside the package"),
        ("../../..", "outside the package"),
        ("../secret/nothing.in", "links to missing 'data/secret/nothing.in'"),
    ],
)
def test_symlink_out_of_the_package_or_to_nothing_is_refused(
    tmp_path: Path, target: str, message: str
) -> None:
    archive = zip_with_links(tmp_path / "link.zip", {"data/secret/2.in": target})
    with pytest.raises(PackageError, match=re.escape(message)):
        load_package(archive)


def test_symlinks_inside_the_package_become_copies(tmp_path: Path) -> None:
    """Packages link cases shared between groups: files, directories and chains of links."""
    archive = zip_with_links(
        tmp_path / "links.zip",
        {
            "data/secret/2.in": "../sample/1.in",
            "data/secret/2.ans": "3.ans",  # a link to a link
            "data/secret/3.ans": "../sample/1.ans",
            "data/secret/3.in": "../sample/1.in",
            "data/secret/again": "../sample",  # a directory
        },
        prefix="pkg/",
    )
    package = load_package(archive)
    inputs = {case.name: case.input for case in package.tests}
    assert inputs["secret/2"] == inputs["secret/3"] == inputs["sample/1"] == b"1\n"
    assert inputs["secret/again/1"] == b"1\n"
    answers = {case.name: case.answer for case in package.tests}
    assert answers["secret/2"] == answers["sample/1"] == b"1\n"


def test_symlink_cycle_is_refused(tmp_path: Path) -> None:
    archive = zip_with_links(
        tmp_path / "cycle.zip", {"data/secret/a.in": "b.in", "data/secret/b.in": "a.in"}
    )
    with pytest.raises(PackageError, match=r"symbolic links in a cycle: data/secret/a\.in"):
        load_package(archive)


def test_symlink_to_its_own_parent_is_refused(tmp_path: Path) -> None:
    archive = zip_with_links(tmp_path / "self.zip", {"data/secret/loop": ".."})
    with pytest.raises(PackageError, match=r"links to its own parent"):
        load_package(archive)


def test_device_entry_is_refused(tmp_path: Path) -> None:
    archive = tmp_path / "device.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for entry, content in MINIMAL.items():
            zipped.writestr(entry, content)
        fifo = zipfile.ZipInfo("data/secret/pipe")
        fifo.create_system = 3
        fifo.external_attr = (stat.S_IFIFO | 0o644) << 16
        zipped.writestr(fifo, "")
    with pytest.raises(PackageError, match=r"is not a regular file"):
        load_package(archive)


def test_size_bomb_is_refused(tmp_path: Path, private_tempdir: Path) -> None:
    bomb: dict[str, str | bytes] = {**MINIMAL, "data/secret/2.in": b"\0" * (4 << 20)}
    archive = zip_entries(tmp_path / "bomb.zip", bomb)
    assert archive.stat().st_size < 64 << 10
    with pytest.raises(PackageError, match=r"bomb\.zip: unpacks to \d+ bytes, more than the limit"):
        load_package(archive, max_unpacked_bytes=1 << 20)
    assert list(private_tempdir.iterdir()) == []


def test_declared_sizes_that_lie_are_refused(tmp_path: Path) -> None:
    archive = zip_entries(tmp_path / "liar.zip", {**MINIMAL, "data/secret/2.in": b"\0" * (2 << 20)})
    data = bytearray(archive.read_bytes())
    real = (2 << 20).to_bytes(4, "little")
    fake = (10).to_bytes(4, "little")
    assert data.count(real) >= 2
    archive.write_bytes(bytes(data).replace(real, fake))
    with pytest.raises(PackageError, match=r"liar\.zip: (not a valid zip file|unpacks to more)"):
        load_package(archive, max_unpacked_bytes=1 << 20)


def test_too_many_entries_are_refused(tmp_path: Path) -> None:
    entries: dict[str, str | bytes] = dict(MINIMAL)
    entries.update({f"data/secret/extra/{i}.in": "1\n" for i in range(20)})
    archive = zip_entries(tmp_path / "many.zip", entries)
    with pytest.raises(PackageError, match=r"many\.zip: 25 zip entries, more than the limit of 10"):
        load_package(archive, max_files=10)


def test_an_interactive_zip_loads_with_its_interactor(tmp_path: Path) -> None:
    archive = zip_tree(tmp_path / "guess.zip", FIXTURES / "interactive", prefix="guess/")
    package = load_package(archive)
    assert package.interactive is True
    assert package.validation_passes == 1
    assert package.validator is not None
    assert package.validator.entry == "interactor.py"


def test_links_cannot_multiply_files_or_bytes_past_the_limits(tmp_path: Path) -> None:
    """Many links to one directory of empty files, or to one large file, are zip bombs."""
    many = tmp_path / "many.zip"
    with zipfile.ZipFile(many, "w") as zipped:
        for entry, content in MINIMAL.items():
            zipped.writestr(entry, content)
        for index in range(50):
            zipped.writestr(f"data/secret/pool/{index}.in", "")
        for index in range(10):
            link = zipfile.ZipInfo(f"data/secret/copy{index}")
            link.create_system = 3
            link.external_attr = (stat.S_IFLNK | 0o777) << 16
            zipped.writestr(link, "pool")
    with pytest.raises(PackageError, match=r"more than its file limit with links"):
        load_package(many, max_files=200)
    big = zip_with_links(
        tmp_path / "big.zip", {f"data/secret/big{index}.in": "../sample/1.in" for index in range(8)}
    )
    with pytest.raises(PackageError, match=r"more than its size limit with links"):
        load_package(big, max_unpacked_bytes=sum(len(c) for c in MINIMAL.values()) + 4)


def test_a_long_chain_of_links_resolves_in_one_pass(tmp_path: Path) -> None:
    """c0.in -> c1.in -> ... -> 1.in, stored in the worst order for a round-by-round resolver."""
    chain = {f"data/secret/c{i}.in": f"c{i + 1}.in" for i in range(1500)}
    chain["data/secret/c1500.in"] = "1.in"
    chain.update({f"data/secret/c{i}.ans": "1.ans" for i in range(1501)})
    package = load_package(zip_with_links(tmp_path / "chain.zip", chain))
    inputs = {case.name: case.input for case in package.tests}
    assert inputs["secret/c0"] == inputs["secret/c1500"] == inputs["secret/1"] == b"2\n"
    too_many = zip_with_links(
        tmp_path / "too-many.zip", {f"x{i}": "problem.yaml" for i in range(10_001)}
    )
    with pytest.raises(PackageError, match=r"10001 symbolic links, more than the limit of 10000"):
        load_package(too_many)


def test_a_link_entry_is_read_no_further_than_a_link_can_be(tmp_path: Path) -> None:
    archive = zip_with_links(tmp_path / "long.zip", {"data/secret/2.in": "a/" * 3000})
    with pytest.raises(PackageError, match=r"is a link of over 4 KiB"):
        load_package(archive)
