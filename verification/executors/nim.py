import shutil
from pathlib import Path

from .base import FUNCTION_CALL, STDIN_STDOUT, Executor


class NimExecutor(Executor):
    """Nim, compiled through C; its cache stays in the scratch directory and is dropped."""

    name = "nim"
    test_modes = (STDIN_STDOUT, FUNCTION_CALL)
    extensions = (".nim",)
    source_name = "main.nim"
    compile_argv = (
        "/usr/bin/nim",
        "compile",
        "-d:release",
        "--hints:off",
        "--nimcache:/box/.nimcache",
        "-o:main",
        "main.nim",
    )
    run_argv = ("/prog/main",)
    native_binary = True
    version_argv = ("/usr/bin/nim", "--version")
    extra_ro_paths = ("/etc/nim",)
    self_test_source = (
        b"import strutils\nlet xs = stdin.readAll.splitWhitespace\n"
        b"echo parseBiggestInt(xs[0]) + parseBiggestInt(xs[1])\n"
    )

    def compiled_ok(self, staging: Path) -> bool:
        shutil.rmtree(staging / ".nimcache", ignore_errors=True)
        return (staging / "main").is_file()
