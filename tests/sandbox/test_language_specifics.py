"""What the executors do beyond compiling and running: D's unit tests, Racket programs
with and without a #lang line, Scala's main object, Kotlin scripts, and each compiler's
errors reported as compile errors."""

from __future__ import annotations

import pytest

from verification.executors import CompileError, executor_for
from verification.executors.csharp import without_nullable_annotations
from verification.executors.racket import as_module
from verification.executors.scala import main_object
from verification.sandbox import Limits, RunStatus

from .test_executors import require_installed

LIMITS = Limits(cpu_time_s=5.0, wall_time_s=10.0, memory_bytes=512 << 20, output_bytes=1 << 20)
D_UNITTESTS = b"int twice(int x) { return 2 * x; }\n\nunittest { assert(twice(21) == EXPECTED); }\n"


def _run(language: str, source: bytes, stdin: bytes = b""):
    require_installed(language)
    return executor_for(language).compile(source).run(stdin, LIMITS)


def test_d_unit_tests_without_a_main_run_and_pass() -> None:
    result = _run("d", D_UNITTESTS.replace(b"EXPECTED", b"42"))
    assert result.status is RunStatus.OK, result
    assert result.stdout == b""


def test_a_failing_d_unit_test_is_a_runtime_error() -> None:
    result = _run("d", D_UNITTESTS.replace(b"EXPECTED", b"43"))
    assert result.status is RunStatus.RE, result
    assert b"unittest failure" in result.stdout + result.stderr


def test_d_main_runs_after_the_unit_tests() -> None:
    source = D_UNITTESTS.replace(b"EXPECTED", b"42") + (
        b"import std.stdio;\nvoid main() { writeln(twice(4)); }\n"
    )
    result = _run("d", source)
    assert (result.status, result.stdout) == (RunStatus.OK, b"8\n")


@pytest.mark.parametrize(
    "source",
    [
        b"#lang racket\n(displayln (* 6 (read)))\n",
        b";; no #lang line\n(define x (read))\n(displayln (* 6 x))\n",
        b"#!/usr/bin/env racket\n#lang racket/base\n(displayln (* 6 (read)))\n",
    ],
)
def test_racket_runs_with_or_without_a_lang_line(source: bytes) -> None:
    result = _run("racket", source, b"7\n")
    assert (result.status, result.stdout) == (RunStatus.OK, b"42\n"), result


def test_only_a_racket_program_without_a_lang_line_gets_one() -> None:
    assert as_module(b"(displayln 1)\n") == b"#lang racket\n(displayln 1)\n"
    for source in (b"#lang racket/base\n1\n", b"; note\n#| block |#\n#lang racket\n1\n"):
        assert as_module(source) == source
    assert as_module(b"(module main racket 1)\n") == b"(module main racket 1)\n"


def test_a_racket_unbound_identifier_is_a_compile_error() -> None:
    require_installed("racket")
    with pytest.raises(CompileError, match="unbound identifier"):
        executor_for("racket").compile(b"#lang racket\n(displayln no-such-name)\n")


def test_scala_starts_the_object_with_a_main_method_or_app() -> None:
    helper = b"object Helper { def twice(x: Int) = 2 * x }\n"
    assert main_object(helper + b"object Solution extends App { println(1) }\n") == "Solution"
    assert main_object(helper + b"object Run {\n def main(a: Array[String]) = () }\n") == "Run"
    assert main_object(b"// object Commented\nobject Only { val x = 1 }\n") == "Only"
    assert main_object(b"class NoObject { }\n") is None
    result = _run("scala", helper + b"object Solution extends App { println(Helper.twice(21)) }\n")
    assert (result.status, result.stdout) == (RunStatus.OK, b"42\n"), result


def test_a_scala_program_without_an_object_is_a_compile_error() -> None:
    require_installed("scala")
    with pytest.raises(CompileError, match="no top-level object"):
        executor_for("scala").compile(b"class Main { def f = 1 }\n")


def test_a_kotlin_script_exception_is_a_runtime_error() -> None:
    result = _run("kotlin_script", b'println("before")\nthrow IllegalStateException("boom")\n')
    assert result.status is RunStatus.RE, result
    assert result.stdout == b"before\n"
    assert b"IllegalStateException: boom" in result.stderr


def test_a_kotlin_script_declares_functions_and_classes_at_top_level() -> None:
    source = b"data class Pair2(val a: Int, val b: Int)\nfun sum(p: Pair2) = p.a + p.b\n"
    source += b"println(sum(Pair2(40, 2)))\n"
    result = _run("kotlin_script", source)
    assert (result.status, result.stdout) == (RunStatus.OK, b"42\n"), result


def test_csharp_has_big_integers() -> None:
    source = (
        b"using System;\nusing System.Numerics;\n"
        b"class P { static void Main() { Console.WriteLine(BigInteger.Pow(2, 100)); } }\n"
    )
    result = _run("csharp", source)
    assert (result.status, result.stdout) == (RunStatus.OK, b"1267650600228229401496703205376\n")


def test_verilog_reads_standard_input_with_fgets() -> None:
    source = (
        b"module main;\n  reg [8*64-1:0] line;\n  integer count;\n  initial begin\n"
        b"    count = $fgets(line, 32'h8000_0000);\n"
        b'    $write("%0s", line);\n  end\nendmodule\n'
    )
    result = _run("verilog", source, b"hello\n")
    assert (result.status, result.stdout) == (RunStatus.OK, b"hello\n"), result


@pytest.mark.parametrize(
    ("language", "source", "message"),
    [
        ("csharp", b"class P { static void Main() { int x = ; } }\n", "error CS"),
        ("d", b"void main() { undefined_name(); }\n", "undefined_name"),
        ("r", b"x <- (1 + \n", "unexpected end of input"),
        ("scala", b'object Main extends App { val x: Int = "s" }\n', "type mismatch"),
        ("verilog", b"module main; initial begin $display(1) end endmodule\n", "syntax error"),
        ("kotlin_script", b'val x: Int = "s"\n', "type mismatch"),
    ],
)
def test_compiler_errors_are_compile_errors(language: str, source: bytes, message: str) -> None:
    require_installed(language)
    with pytest.raises(CompileError) as caught:
        executor_for(language).compile(source)
    assert message in caught.value.message, caught.value.message


def test_csharp_nullable_annotations_compile_and_literals_keep_them() -> None:
    source = (
        b"using System;\nclass P {\n    static void Main() {\n"
        b"        string? line = Console.ReadLine();\n"
        b"        object? seen = line;\n"
        b'        Console.WriteLine(line!.Trim() + " string? /* kept */");\n'
        b"    }\n}\n"
    )
    result = _run("csharp", source, b"  hi  \n")
    assert result.status is RunStatus.OK, result.stderr
    assert result.stdout == b"hi string? /* kept */\n"


def test_csharp_nullable_annotations_leave_literals_and_comments_alone() -> None:
    literals = 'var a = "x string? y!.z"; // string? c\n'
    verbatim = 'var v = @"q""string? ";'
    source = literals + "string? b = a!.Trim(); " + verbatim
    assert without_nullable_annotations(source) == literals + "string b = a.Trim(); " + verbatim


def _python_paths(monkeypatch: pytest.MonkeyPatch, fast: bool, source: bytes):
    """``source`` as a Python run on the pre-forked interpreter or through bubblewrap."""
    monkeypatch.setenv("SCALEBOX_PYTHON_FAST_PATH", "1" if fast else "0")
    return executor_for("python").compile_for_run(source).run(b"", LIMITS)


@pytest.mark.parametrize("fast", [True, False], ids=["pre-forked", "bubblewrap"])
@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (b"print(1)\nexit()\nprint(2)\n", (RunStatus.OK, 0, b"1\n", b"")),
        (b"print(1)\nquit(3)\n", (RunStatus.RE, 3, b"1\n", b"")),
        (b"exit('bye')\n", (RunStatus.RE, 1, b"", b"bye\n")),
        (
            b"print(repr(quit))\n",
            (RunStatus.OK, 0, b"Use quit() or Ctrl-D (i.e. EOF) to exit\n", b""),
        ),
    ],
)
def test_python_programs_have_exit_and_quit_as_site_defines_them(
    monkeypatch: pytest.MonkeyPatch, fast: bool, source: bytes, expected: tuple[object, ...]
) -> None:
    """Programs call exit() and quit(), which the `site` module defines; the interpreter
    starts without it (-S), so ScaleBox defines them the same way."""
    result = _python_paths(monkeypatch, fast, source)
    assert (result.status, result.exit_code, result.stdout, result.stderr) == expected


@pytest.mark.parametrize("fast", [True, False], ids=["pre-forked", "bubblewrap"])
def test_a_python_traceback_shows_only_the_programs_frames(
    monkeypatch: pytest.MonkeyPatch, fast: bool
) -> None:
    result = _python_paths(monkeypatch, fast, b"def f():\n    raise ValueError('x')\n\nf()\n")
    assert result.status is RunStatus.RE
    frames = [line for line in result.stderr.decode().splitlines() if line.startswith("  File")]
    assert frames == [
        '  File "/prog/main.py", line 4, in <module>',
        '  File "/prog/main.py", line 2, in f',
    ]
    assert result.stderr.endswith(b"ValueError: x\n")
