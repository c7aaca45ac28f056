import re
from pathlib import Path

from .base import FUNCTION_CALL, STDIN_STDOUT, Executor, Program

# Whitespace, line and block comments, and a "#!/..." line: what may precede a #lang line.
_PREAMBLE = re.compile(rb"(?:\s+|;[^\n]*|#\|.*?\|#|#![ /][^\n]*\n)*", re.DOTALL)
# "#lang name", its short form "#!name", "#reader", or a module form.
_MODULE_START = re.compile(rb"#lang\b|#![A-Za-z]|#reader\b|\(module\b")


def as_module(source: bytes) -> bytes:
    """The source as a module: a program without a #lang line is read as #lang racket."""
    start = _PREAMBLE.match(source)
    if _MODULE_START.match(source, start.end() if start else 0):
        return source
    return b"#lang racket\n" + source


class RacketExecutor(Executor):
    """Racket CS. raco make compiles the module once (errors show before any test);
    the runs load the compiled form."""

    name = "racket"
    interpreted = True
    aliases = ("rkt",)
    extensions = (".rkt",)
    source_name = "main.rkt"
    test_modes = (STDIN_STDOUT, FUNCTION_CALL)
    compile_argv = ("/usr/bin/raco", "make", "main.rkt")
    run_argv = ("/usr/bin/racket", "/prog/main.rkt")
    version_argv = ("/usr/bin/racket", "--version")
    extra_ro_paths = ("/etc/racket",)
    self_test_source = b"(define a (read))\n(define b (read))\n(displayln (+ a b))\n"

    def compile(self, source: bytes, *, flags: tuple[str, ...] = ()) -> Program:
        return super().compile(as_module(source), flags=flags)

    def compiled_ok(self, staging: Path) -> bool:
        return (staging / "compiled" / "main_rkt.zo").is_file()
