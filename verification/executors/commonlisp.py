from pathlib import Path

from .base import FUNCTION_CALL, STDIN_STDOUT, Executor

# A file that does not read (or whose compilation is aborted) leaves no fasl: a compile
# error. An error inside a form is SBCL's to signal when the form runs, as --script does.
_COMPILE = '(compile-file "main.lisp" :output-file "main.fasl" :verbose nil :print nil)'


class CommonLispExecutor(Executor):
    """Common Lisp (SBCL): compiled to a fasl once, which each run loads."""

    name = "commonlisp"
    aliases = ("lisp", "sbcl", "cl", "common-lisp")
    extensions = (".lisp", ".lsp", ".cl")
    source_name = "main.lisp"
    test_modes = (STDIN_STDOUT, FUNCTION_CALL)
    compile_argv = (
        "/usr/bin/sbcl",
        *("--noinform", "--non-interactive", "--no-sysinit", "--no-userinit"),
        *("--eval", _COMPILE),
    )
    # A deep recursion gets the stack other runtimes give it (SBCL's default is 2 MB).
    run_argv = ("/usr/bin/sbcl", "--control-stack-size", "64MB", "--script", "/prog/main.fasl")
    version_argv = ("/usr/bin/sbcl", "--version")
    self_test_source = b'(let ((a (read)) (b (read)))\n  (format t "~d~%" (+ a b)))\n'

    def cache_key(self, source: bytes, flags: tuple[str, ...]) -> str:
        # A fasl loads only into the SBCL that wrote it.
        return super().cache_key(source, (self.version(), *flags))

    def compiled_ok(self, staging: Path) -> bool:
        return (staging / "main.fasl").is_file()
