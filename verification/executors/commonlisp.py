from pathlib import Path

from .base import Executor

# A file that does not read (or whose compilation is aborted) leaves no fasl: a compile
# error. An error inside a form is SBCL's to signal when the form runs, as --script does.
_COMPILE = '(compile-file "main.lisp" :output-file "main.fasl" :verbose nil :print nil)'


class CommonLispExecutor(Executor):
    """Common Lisp (SBCL): compiled to a fasl once, which each run loads."""

    name = "commonlisp"
    aliases = ("lisp", "sbcl", "cl", "common-lisp")
    extensions = (".lisp", ".lsp", ".cl")
    source_name = "main.lisp"
    compile_argv = (
        "/usr/bin/sbcl",
        *("--noinform", "--non-interactive", "--no-sysinit", "--no-userinit"),
        *("--eval", _COMPILE),
    )
    run_argv = ("/usr/bin/sbcl", "--script", "/prog/main.fasl")
    version_argv = ("/usr/bin/sbcl", "--version")
    self_test_source = b'(let ((a (read)) (b (read)))\n  (format t "~d~%" (+ a b)))\n'

    def compiled_ok(self, staging: Path) -> bool:
        return (staging / "main.fasl").is_file()
