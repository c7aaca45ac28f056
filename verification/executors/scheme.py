from pathlib import Path

from .base import FUNCTION_CALL, STDIN_STDOUT, Executor

_GUILE = ("/usr/bin/guile-3.0", "--no-auto-compile")
_COMPILE = (
    '(use-modules (system base compile)) (compile-file "main.scm" #:output-file "/box/main.go")'
)


class SchemeExecutor(Executor):
    """Scheme (GNU Guile 3): compiled to Guile bytecode once, which each run loads."""

    name = "scheme"
    aliases = ("guile",)
    extensions = (".scm",)
    source_name = "main.scm"
    test_modes = (STDIN_STDOUT, FUNCTION_CALL)
    compile_argv = (*_GUILE, "-c", _COMPILE)
    run_argv = (*_GUILE, "-c", '(load-compiled "/prog/main.go")')
    env = (("GUILE_AUTO_COMPILE", "0"),)
    compile_env = env
    version_argv = ("/usr/bin/guile-3.0", "--version")
    self_test_source = b"(define a (read))\n(define b (read))\n(display (+ a b))\n(newline)\n"

    def cache_key(self, source: bytes, flags: tuple[str, ...]) -> str:
        # Bytecode loads only into the Guile that wrote it.
        return super().cache_key(source, (self.version(), *flags))

    def compiled_ok(self, staging: Path) -> bool:
        return (staging / "main.go").is_file()
