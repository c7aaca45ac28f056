import shutil
from pathlib import Path

from .base import COMPILE_LIMITS, FUNCTION_CALL, STDIN_STDOUT, Executor


class GoExecutor(Executor):
    name = "go"
    aliases = ("golang",)
    extensions = (".go",)
    test_modes = (STDIN_STDOUT, FUNCTION_CALL)
    source_name = "main.go"
    compile_argv = ("/usr/bin/go", "build", "-o", "main", "main.go")
    compile_env = (
        ("GOCACHE", "/box/.gocache"),
        ("GOPATH", "/box/.gopath"),
        ("GO111MODULE", "off"),
        ("CGO_ENABLED", "0"),
        ("GOFLAGS", "-trimpath"),
    )
    compile_limits = COMPILE_LIMITS
    run_argv = ("/prog/main",)
    native_binary = True
    version_argv = ("/usr/bin/go", "version")
    min_processes = 32
    self_test_source = (
        b'package main\n\nimport "fmt"\n\nfunc main() {\n\tvar a, b int64\n'
        b"\tfmt.Scan(&a, &b)\n\tfmt.Println(a + b)\n}\n"
    )

    def compiled_ok(self, staging: Path) -> bool:
        for cache in (".gocache", ".gopath"):
            shutil.rmtree(staging / cache, ignore_errors=True)
        return (staging / "main").is_file()
