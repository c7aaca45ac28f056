"""C++ with precompiled standard headers: used when a program includes them, built once
per host in the background, never the cause of a compile error (verification/executors/cpp.py).

Real g++ in the real sandbox; each test's programs are made distinct so the compile cache
never answers for the compiler.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from verification.executors import CompileError, executor_for
from verification.executors.cpp import (
    PCH_HEADERS,
    PCH_INSIDE,
    PCH_SWITCH,
    PRECOMPILED_HEADERS,
    CppExecutor,
    PrecompiledHeaders,
    includes_pch_header,
)
from verification.sandbox import Limits, RunStatus
from verification.sandbox.config import load_config

LIMITS = Limits(cpu_time_s=2.0, wall_time_s=5.0, memory_bytes=256 << 20, output_bytes=1 << 16)

# Sorts, counts with a map and a union-find; 5 numbers in, their answer out.
WITH_STDCPP = """#include <bits/stdc++.h>
using namespace std;
struct Dsu {
    vector<int> p;
    explicit Dsu(int n) : p(n) { iota(p.begin(), p.end(), 0); }
    int find(int x) { return p[x] == x ? x : p[x] = find(p[x]); }
    bool unite(int a, int b) {
        a = find(a); b = find(b);
        if (a == b) return false;
        p[a] = b; return true;
    }
};
int main() {
    int n; cin >> n;
    vector<long long> v(n);
    for (auto& x : v) cin >> x;
    sort(v.begin(), v.end());
    map<long long, int> seen;
    for (auto x : v) seen[x % 3]++;
    Dsu d(n);
    int joined = 0;
    for (int i = 0; i + 1 < n; ++i) joined += d.unite(i, i + 1);
    cout << accumulate(v.begin(), v.end(), 0LL) << ' ' << seen.size() << ' ' << joined << '\\n';
}
"""
INPUT = b"5\n4 1 3 9 7\n"
EXPECTED = b"24 2 4\n"

WITHOUT = """#include <cstdio>
#include <vector>
int main() {
    int n; if (std::scanf("%d", &n) != 1) return 1;
    std::vector<long long> v(n); long long s = 0;
    for (auto& x : v) { std::scanf("%lld", &x); s += x; }
    std::printf("%lld\\n", s);
}
"""

BROKEN = """#include <bits/stdc++.h>
struct Point { int x; };
int main() { std::set<Point> s; s.insert(Point{1}); std::vector<int> v; v.push_back("a"); }
"""


def distinct(source: str) -> bytes:
    return f"{source}// {uuid.uuid4().hex}\n".encode()


@pytest.fixture(scope="module")
def built() -> Iterator[Path]:
    """The session's precompiled headers, built (waiting for it) in its own cache."""
    directory = PRECOMPILED_HEADERS.build(wait=True)
    assert directory is not None
    yield directory


def copy_of(built: Path, name: str) -> PrecompiledHeaders:
    """Precompiled headers of their own: a copy of the built ones, for a test to spoil."""
    target = load_config().cache_dir / "pch-copies" / name / "headers"
    shutil.rmtree(target.parent, ignore_errors=True)
    target.parent.mkdir(parents=True)
    for directory in (target.parent.parent, target.parent):
        os.chmod(directory, 0o755)
    shutil.copytree(built, target)

    class Copy(PrecompiledHeaders):
        def directory(self) -> Path:
            return target

    return Copy(PRECOMPILED_HEADERS.compiler, PRECOMPILED_HEADERS.flags, PCH_HEADERS)


def executor_with(headers: PrecompiledHeaders) -> CppExecutor:
    executor = CppExecutor()
    executor.precompiled_headers = headers
    return executor


def run(executor: CppExecutor, source: bytes) -> bytes:
    result = executor.compile(source).run(INPUT, LIMITS)
    assert result.status is RunStatus.OK, result
    return result.stdout


def test_which_programs_ask_for_them() -> None:
    assert includes_pch_header(b"#include <bits/stdc++.h>\nint main(){}")
    assert includes_pch_header(b'# include "bits/stdc++.h"\n')
    assert includes_pch_header(b"#include<iostream>\n")
    assert not includes_pch_header(b"#include <cstdio>\n#include <iostreams>\n")
    assert not includes_pch_header(WITHOUT.encode())


def test_a_program_with_bits_stdcpp_is_compiled_with_the_precompiled_header(
    built: Path, tmp_path: Path
) -> None:
    gch = built / "bits" / "stdc++.h.gch"
    assert gch.is_file() and gch.stat().st_size > 1 << 20
    assert (built / "iostream.gch").is_file()
    assert built.parent == load_config().cache_dir / "pch"
    executor = executor_for("cpp")
    assert isinstance(executor, CppExecutor)
    source = distinct(WITH_STDCPP)
    assert executor.pch_for(source) == built
    assert executor.compile_argv_with_pch()[:3] == ["/usr/bin/g++", "-I", PCH_INSIDE]
    assert run(executor, source) == EXPECTED

    # g++ -H in the same sandbox with the same binding says which header it read: "!"
    # marks a precompiled header used ("x" one found unusable).
    staging = tmp_path / "traced"
    traced = executor._compile_with_pch(source, ("-H", "-Winvalid-pch"), staging, built)
    assert traced.status is RunStatus.OK, traced
    inside = f"{PCH_INSIDE}/bits/stdc++.h.gch"
    assert f"! {inside}".encode() in traced.stderr, traced.stderr[:2000]
    assert f"x {inside}".encode() not in traced.stderr


def test_the_binary_is_the_same_with_or_without_it(built: Path, tmp_path: Path) -> None:
    executor = executor_for("cpp")
    assert isinstance(executor, CppExecutor)
    source = distinct(WITH_STDCPP)
    executor._compile_in_sandbox(source, (), tmp_path / "with")
    os.environ[PCH_SWITCH] = "0"
    try:
        assert executor.pch_for(source) is None
        executor._compile_in_sandbox(source, (), tmp_path / "without")
    finally:
        del os.environ[PCH_SWITCH]
    with_pch = (tmp_path / "with" / "main").read_bytes()
    assert with_pch == (tmp_path / "without" / "main").read_bytes()


def test_programs_without_the_headers_or_that_cannot_use_them_compile_as_before(
    built: Path,
) -> None:
    executor = executor_for("cpp")
    assert isinstance(executor, CppExecutor)
    plain = distinct(WITHOUT)
    assert executor.pch_for(plain) is None
    assert run(executor, plain) == b"24\n"
    # A macro the header uses, defined before it: g++ reads the header itself.
    redefined = distinct("#define _GLIBCXX_DEBUG\n" + WITH_STDCPP)
    assert executor.pch_for(redefined) == built
    assert run(executor, redefined) == EXPECTED
    # Optimisation pragmas before the include, as competitive programs often have.
    pragmas = distinct('#pragma GCC optimize("O3,unroll-loops")\n' + WITH_STDCPP)
    assert run(executor, pragmas) == EXPECTED


def test_a_compile_error_reads_the_same_with_or_without_it(built: Path) -> None:
    executor = executor_for("cpp")
    assert isinstance(executor, CppExecutor)
    source = distinct(BROKEN)
    assert executor.pch_for(source) == built
    with pytest.raises(CompileError) as with_pch:
        executor.compile(source)
    os.environ[PCH_SWITCH] = "0"
    try:
        with pytest.raises(CompileError) as without:
            executor.compile(source)
    finally:
        del os.environ[PCH_SWITCH]
    assert "push_back" in with_pch.value.message
    assert with_pch.value.message == without.value.message
    assert (built / ".complete").is_file()  # the program's fault, not the header's


@pytest.mark.parametrize("spoil", ["truncated", "garbage", "empty"])
def test_a_corrupt_precompiled_header_falls_back_to_the_header(built: Path, spoil: str) -> None:
    headers = copy_of(built, spoil)
    directory = headers.directory()
    gch = directory / "bits" / "stdc++.h.gch"
    if spoil == "truncated":  # g++ stops with a fatal error reading it
        with open(gch, "r+b") as f:
            f.truncate(gch.stat().st_size // 3)
    elif spoil == "garbage":  # g++ passes over it ("not a PCH file")
        gch.write_bytes(os.urandom(1 << 16))
    else:
        gch.write_bytes(b"")
    executor = executor_with(headers)
    source = distinct(WITH_STDCPP)
    assert executor.pch_for(source) == directory
    assert run(executor, source) == EXPECTED
    # A compile error is the program's own, nothing about the header.
    with pytest.raises(CompileError) as error:
        executor.compile(distinct(BROKEN))
    assert "push_back" in error.value.message
    assert "PCH" not in error.value.message and ".gch" not in error.value.message
    if spoil == "truncated":
        # It failed a compile that succeeded without it: removed, to be built again.
        assert not directory.exists()
        assert executor.pch_for(distinct(WITH_STDCPP)) is None
    else:
        assert (directory / ".complete").is_file()


def test_the_first_program_starts_the_build_and_does_not_wait_for_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cache = load_config().cache_dir / f"lazy-{uuid.uuid4().hex[:8]}"
    cache.mkdir(mode=0o755)
    monkeypatch.setenv("SCALEBOX_WORKER_CACHE_DIR", str(cache))
    headers = PrecompiledHeaders(
        PRECOMPILED_HEADERS.compiler, PRECOMPILED_HEADERS.flags, PCH_HEADERS
    )
    executor = executor_with(headers)
    directory = headers.directory()
    assert directory.parent == cache / "pch"
    # A build under way elsewhere (the lock held): compiles go on without it.
    directory.parent.mkdir(parents=True)
    with open(directory.parent / ".lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        assert headers.build(wait=False) is None
        source = distinct(WITH_STDCPP)
        # Not there yet: compiled without it (a build started in the background finds
        # the lock taken and leaves it to its holder).
        assert executor.pch_for(source) is None
        assert run(executor, source) == EXPECTED
        assert not (directory / ".complete").exists()
    # The lock free, a compile starts the build in the background and does not wait.
    assert executor.pch_for(distinct(WITH_STDCPP)) is None
    deadline = time.monotonic() + 900  # a bound on waiting, not on its speed
    while headers.ready() is None:  # (starts a build again if none is under way)
        assert time.monotonic() < deadline, "the precompiled headers were never built"
        time.sleep(0.5)
    assert executor.pch_for(distinct(WITH_STDCPP)) == directory
    assert not [p for p in directory.parent.iterdir() if p.name.startswith(".build-")]
    assert run(executor, distinct(WITH_STDCPP)) == EXPECTED
    shutil.rmtree(cache / "pch", ignore_errors=True)
