from pathlib import Path

from .base import Executor

_CHECK = "import sys; compile(open(sys.argv[1], 'rb').read(), 'main.py', 'exec')"


class PythonExecutor(Executor):
    """CPython 3 from the system, isolated mode (-I) and no site imports (-S): fast to start."""

    name = "python"
    source_name = "main.py"
    compile_argv = ("/usr/bin/python3", "-I", "-S", "-c", _CHECK, "main.py")
    run_argv = ("/usr/bin/python3", "-I", "-S", "/prog/main.py")
    version_argv = ("/usr/bin/python3", "--version")
    self_test_source = b"a, b = map(int, input().split())\nprint(a + b)\n"

    def compiled_ok(self, staging: Path) -> bool:
        return (staging / self.source_name).is_file()
