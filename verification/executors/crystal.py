import shutil
from dataclasses import replace
from pathlib import Path

from .base import COMPILE_LIMITS, FUNCTION_CALL, STDIN_STDOUT, Executor


class CrystalExecutor(Executor):
    """Crystal in release mode; its cache stays in the scratch directory and is dropped."""

    name = "crystal"
    test_modes = (STDIN_STDOUT, FUNCTION_CALL)
    aliases = ("cr",)
    extensions = (".cr",)
    source_name = "main.cr"
    compile_argv = ("/usr/bin/crystal", "build", "--release", "--no-debug", "-o", "main", "main.cr")
    compile_env = (("CRYSTAL_CACHE_DIR", "/box/.crystal-cache"),)
    # A release build optimises the whole standard library with the program: 10-20 s.
    compile_limits = replace(COMPILE_LIMITS, cpu_time_s=60.0, wall_time_s=90.0)
    run_argv = ("/prog/main",)
    native_binary = True
    # The garbage collector marks in one thread, not in one per core.
    env = (("GC_MARKERS", "1"),)
    version_argv = ("/usr/bin/crystal", "--version")
    self_test_source = b"a, b = STDIN.gets_to_end.split.map(&.to_i64)\nputs a + b\n"

    def compiled_ok(self, staging: Path) -> bool:
        shutil.rmtree(staging / ".crystal-cache", ignore_errors=True)
        return (staging / "main").is_file()
