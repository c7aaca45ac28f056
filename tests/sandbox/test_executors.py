from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from verification.executors import (
    CompileError,
    UnknownLanguage,
    executor_for,
    known_languages,
)
from verification.executors.base import MAX_SOURCE_BYTES, enforce_cache_bound
from verification.executors.cache import LOW_WATER, MARKER, CacheBound, ProgramMemo, tree_size
from verification.sandbox import Limits, RunStatus
from verification.sandbox.config import load_config

REQUIRED = [
    "python",
    "pypy",
    "c",
    "cpp",
    "java",
    "kotlin",
    "haskell",
    "javascript",
    "typescript",
    "go",
    "rust",
    "bash",
    "csharp",
    "d",
    "r",
    "racket",
    "scala",
    "verilog",
    "kotlin_script",
    "ada",
    "clojure",
    "commonlisp",
    "crystal",
    "elixir",
    "erlang",
    "fortran",
    "nim",
    "ocaml",
    "pascal",
    "prolog",
    "scheme",
    "tcl",
]
LIMITS = Limits(cpu_time_s=2.0, wall_time_s=4.0, memory_bytes=512 << 20, output_bytes=1 << 20)


def require_installed(language: str) -> None:
    executor = executor_for(language)
    if not executor.is_installed():
        if os.environ.get("SCALEBOX_REQUIRE_ALL_LANGUAGES"):
            pytest.fail(f"{language} runtime missing: {executor.required_binaries()}")
        pytest.skip(f"{language} runtime not installed (scripts/install_runtimes.sh)")


def test_required_languages_are_registered() -> None:
    assert set(REQUIRED) <= set(known_languages())


def test_unknown_language_names_itself_and_the_known_ones() -> None:
    with pytest.raises(UnknownLanguage) as caught:
        executor_for("cobol")
    assert "'cobol'" in str(caught.value)
    assert "python" in str(caught.value) and "rust" in str(caught.value)


@pytest.mark.parametrize("language", sorted(known_languages()))
def test_self_test(language: str) -> None:
    require_installed(language)
    executor = executor_for(language)
    passed, detail = executor.self_test()
    assert passed, detail
    assert executor.version() and "unavailable" not in executor.version()


def test_compile_error_carries_trimmed_compiler_message() -> None:
    source = b"int main(void) { return undefined_name; }\n" + b"int x = ;\n" * 2000
    with pytest.raises(CompileError) as caught:
        executor_for("c").compile(source)
    message = caught.value.message
    assert "undefined_name" in message
    assert len(message) < 5000


def test_compile_is_cached_per_source_and_flags() -> None:
    executor = executor_for("c")
    source = b'#include <stdio.h>\nint main(void) { printf("%d\\n", VALUE); return 0; }\n'
    one = executor.compile(source, flags=("-DVALUE=1",))
    again = executor.compile(source, flags=("-DVALUE=1",))
    two = executor.compile(source, flags=("-DVALUE=2",))
    assert one.directory == again.directory != two.directory
    assert one.run(b"", LIMITS).stdout == b"1\n"
    assert two.run(b"", LIMITS).stdout == b"2\n"


def test_cache_is_size_bounded() -> None:
    executor = executor_for("c")
    programs = [
        executor.compile(f'#include <stdio.h>\nint main(void){{puts("{i}");}}\n'.encode())
        for i in range(3)
    ]
    enforce_cache_bound(load_config().compiled_dir, 0, keep=programs[-1].directory)
    assert not programs[0].directory.exists()
    assert programs[-1].directory.exists()
    # A program evicted by another process is rebuilt on demand.
    again = executor.compile(b'#include <stdio.h>\nint main(void){puts("0");}\n')
    assert again.run(b"", LIMITS).stdout == b"0\n"


def _fake_program(root: Path, name: str, size: int, used: float) -> Path:
    directory = root / "lang" / name
    directory.mkdir(parents=True)
    (directory / "binary").write_bytes(b"x" * size)
    (directory / MARKER).write_text("")
    os.utime(directory / MARKER, (used, used))
    return directory


def test_the_bound_is_kept_by_background_sweeps_not_a_scan_per_program(tmp_path: Path) -> None:
    now = time.time()
    # Ten programs of 1,000 bytes, last used long ago, oldest first.
    old = [_fake_program(tmp_path, f"old{i}", 1000, now - 3600 + i) for i in range(10)]
    bound = CacheBound(lambda: tmp_path, lambda: 12_000)
    # The first program a process builds starts one sweep, to learn the cache's size.
    first = _fake_program(tmp_path, "new0", 1000, now)
    bound.added(first)
    bound.wait()
    assert bound.sweeps == 1
    assert all(d.exists() for d in old)  # 11,000 bytes: within the bound
    # Small additions within the bound start no sweep (no scan per program).
    bound.added(_fake_program(tmp_path, "new1", 100, now))
    bound.wait()
    assert bound.sweeps == 1
    # Passing the bound starts one, which drops the least recently used programs down to
    # LOW_WATER of the bound; what was used just now is kept.
    big = _fake_program(tmp_path, "new2", 2000, now)
    bound.added(big)
    bound.wait()
    assert bound.sweeps == 2
    left = sum(tree_size(d) for d in tmp_path.glob("lang/*"))
    assert left <= 12_000 * LOW_WATER
    assert not old[0].exists() and not old[1].exists()
    assert first.exists() and big.exists() and old[-1].exists()


def test_a_process_remembers_a_bounded_number_of_programs() -> None:
    memo: ProgramMemo[int] = ProgramMemo(3)
    for i in range(5):
        memo.put(str(i), i)
    assert memo.get("0") is None and memo.get("1") is None
    assert memo.get("2") == 2  # now the most recently used
    memo.put("5", 5)
    assert memo.get("3") is None
    assert [memo.get(k) for k in ("2", "4", "5")] == [2, 4, 5]


def test_a_checked_python_program_is_not_written_to_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCALEBOX_PYTHON_FAST_PATH", "1")
    executor = executor_for("python")
    source = f"# {time.time_ns()}\nprint(int(input()) * 2)\n".encode()
    program = executor.compile(source)
    assert program.run(b"21\n", LIMITS).stdout == b"42\n"
    assert not program.directory.exists()
    with pytest.raises(CompileError, match="SyntaxError"):
        executor.compile(b"print(\n")


@pytest.mark.parametrize(
    ("language", "source"),
    [
        ("c", b""),
        ("cpp", b""),
        ("c", b"\x7fELF\x00\x01\x02\xff" * 100),
        ("python", b"\x00\xff\xfe binary"),
    ],
)
def test_empty_or_binary_source_is_a_compile_error(language: str, source: bytes) -> None:
    with pytest.raises(CompileError):
        executor_for(language).compile(source)


def test_empty_python_source_runs_and_prints_nothing() -> None:
    result = executor_for("python").compile(b"").run(b"", LIMITS)
    assert result.status is RunStatus.OK
    assert result.stdout == b""


def test_oversized_source_is_refused() -> None:
    with pytest.raises(CompileError, match="over the"):
        executor_for("python").compile(b"#" * (MAX_SOURCE_BYTES + 1))


def test_program_files_and_fetch() -> None:
    program = executor_for("python").compile(b"open('out', 'w').write(open('in').read()[::-1])\n")
    result = program.run(b"", LIMITS, files={"in": b"abc"}, fetch_files=["out"])
    assert result.status is RunStatus.OK
    assert result.files == {"out": b"cba"}


@pytest.mark.parametrize(
    "language", ["java", "javascript", "go", "csharp", "scala", "kotlin_script", "r", "racket"]
)
def test_managed_runtimes_hit_mle_not_crash(language: str) -> None:
    require_installed(language)
    sources = {
        "java": b"import java.util.*;\npublic class Main { public static void main(String[] a) {\n"
        b"List<long[]> l = new ArrayList<>(); while (true) l.add(new long[1 << 20]); } }\n",
        "javascript": b"const a = []; while (true) a.push(new Array(1 << 20).fill(1));\n",
        "go": b"package main\nfunc main() { var s [][]byte\n for { b := make([]byte, 1<<24)\n"
        b" for i := range b { b[i] = 1 }\n s = append(s, b) } }\n",
        "csharp": b"using System.Collections.Generic;\nclass P { static void Main() {\n"
        b"var l = new List<long[]>(); while (true) l.Add(new long[1 << 20]); } }\n",
        "scala": b"object Main extends App {\n"
        b"val l = scala.collection.mutable.ArrayBuffer[Array[Long]]()\n"
        b"while (true) l += new Array[Long](1 << 20) }\n",
        "kotlin_script": b"val l = ArrayList<LongArray>()\n"
        b"while (true) l.add(LongArray(1 shl 20))\n",
        "r": b"l <- list()\nwhile (TRUE) l[[length(l) + 1]] <- numeric(1e6) + 1\n",
        "racket": b"(let loop ([l '()]) (loop (cons (make-vector 1000000 1) l)))\n",
    }
    limits = Limits(cpu_time_s=5.0, wall_time_s=10.0, memory_bytes=256 << 20, output_bytes=1 << 20)
    result = executor_for(language).compile(sources[language]).run(b"", limits)
    assert result.status is RunStatus.MLE, result


# What each compiler leaves for its runs: the program and its source, no cache or object.
PROGRAM_FILES = {
    "ada": {"main", "main.ada"},
    "commonlisp": {"main.fasl", "main.lisp"},
    "crystal": {"main", "main.cr"},
    "erlang": {"main.beam", "main.erl"},
    "nim": {"main", "main.nim"},
    "ocaml": {"main", "main.ml"},
    "pascal": {"main", "main.pas"},
    "scheme": {"main.go", "main.scm"},
}


@pytest.mark.parametrize("language", sorted(PROGRAM_FILES))
def test_compilers_leave_only_the_program(language: str) -> None:
    require_installed(language)
    executor = executor_for(language)
    program = executor.compile(executor.self_test_source)
    assert set(os.listdir(program.directory)) - {".complete"} == PROGRAM_FILES[language]


@pytest.mark.parametrize(
    ("source", "stdout"),
    [
        (b":- initialization(main).\nmain :- writeln(once).\n", b"once\n"),
        (b":- initialization(main, main).\nmain :- writeln(once).\n", b"once\n"),
        (b"main :- writeln(once).\n:- main.\n", b"once\n"),
        (b"main :- writeln(once).\n", b"once\n"),
        (b"go :- writeln(once).\n:- initialization(go).\n", b"once\n"),
    ],
)
def test_a_prolog_program_runs_once_however_it_starts(source: bytes, stdout: bytes) -> None:
    require_installed("prolog")
    result = executor_for("prolog").compile(source).run(b"", LIMITS)
    assert (result.status, result.stdout) == (RunStatus.OK, stdout), result.stderr


def test_a_prolog_program_without_main_says_so() -> None:
    require_installed("prolog")
    result = executor_for("prolog").compile(b"helper :- true.\n").run(b"", LIMITS)
    assert result.status is RunStatus.RE
    assert b"main/0" in result.stderr


@pytest.mark.parametrize(
    "source",
    [
        b'-module(other).\n-export([main/1]).\nmain(_) -> io:format("~p~n", [io:get_line("")]).\n',
        b'#!/usr/bin/env escript\nmain(_) ->\n    io:format("~p~n", [io:get_line("")]).\n',
        b'main(_) -> io:format("~p~n", [io:get_line("")]).\n',
    ],
)
def test_erlang_runs_a_module_of_any_name_or_an_escript(source: bytes) -> None:
    require_installed("erlang")
    result = executor_for("erlang").compile(source).run(b"line\n", LIMITS)
    assert (result.status, result.stdout) == (RunStatus.OK, b'"line\\n"\n'), result.stderr


def test_an_escript_keeps_its_line_numbers_in_compile_errors() -> None:
    require_installed("erlang")
    source = b"#!/usr/bin/env escript\n%% a comment\nmain(_) -> 1 +.\n"
    with pytest.raises(CompileError, match=r"main\.erl:3:"):
        executor_for("erlang").compile(source)


# A syntax error in each language whose check or compiler runs before any test does.
SYNTAX_ERRORS = {
    "ada": b"procedure Main is\nbegin\n  X := ;\nend Main;\n",
    "clojure": b"(println (+ 1 2)\n",
    "commonlisp": b"(defun f (x) (+ x 1)\n",
    "crystal": b"puts (1 +\n",
    "elixir": b"IO.puts(1 +)\n",
    "erlang": b"-module(m).\nmain() -> 1 +.\n",
    "fortran": b"program p\n  x = \nend program\n",
    "nim": b"echo (1 +\n",
    "ocaml": b"let () = print_int (1 + )\n",
    "pascal": b"begin writeln(1 +); end.\n",
    "prolog": b"main :- X is 1 +, print(X).\n",
    "scheme": b"(define (f x) (+ x 1)\n",
    "tcl": b"puts {abc\n",
}


@pytest.mark.parametrize("language", sorted(SYNTAX_ERRORS))
def test_a_syntax_error_is_a_compile_error(language: str) -> None:
    require_installed(language)
    with pytest.raises(CompileError) as caught:
        executor_for(language).compile(SYNTAX_ERRORS[language])
    assert caught.value.message.strip()


def test_a_deep_lisp_recursion_has_the_stack_it_needs() -> None:
    require_installed("commonlisp")
    source = b"(defun depth (n) (if (= n 0) 0 (+ 1 (depth (- n 1)))))\n(print (depth 1000000))\n"
    result = executor_for("commonlisp").compile(source).run(b"", LIMITS)
    assert (result.status, result.stdout.split()) == (RunStatus.OK, [b"1000000"]), result.stderr


def test_pypy_runs_with_exit_and_quit_available() -> None:
    require_installed("pypy")
    executor = executor_for("pypy")
    ok = executor.compile(b"import sys\nprint(sum(range(int(input()))))\nexit(0)\n")
    result = ok.run(b"1000000\n", LIMITS)
    assert (result.status, result.stdout) == (RunStatus.OK, b"499999500000\n")
    stopped = executor.compile(b"print('bye')\nquit(3)\nprint('never')\n").run(b"", LIMITS)
    assert (stopped.status, stopped.exit_code, stopped.stdout) == (RunStatus.RE, 3, b"bye\n")
    with pytest.raises(CompileError, match="SyntaxError"):
        executor.compile(b"print 'python 2'\n")
