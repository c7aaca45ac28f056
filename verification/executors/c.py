from .base import FUNCTION_CALL, STDIN_STDOUT, Executor


class CExecutor(Executor):
    name = "c"
    extensions = (".c",)
    source_name = "main.c"
    test_modes = (STDIN_STDOUT, FUNCTION_CALL)
    compile_argv = (
        "/usr/bin/gcc",
        *("-O2", "-std=gnu17", "-pipe"),
        *("-o", "main", "main.c", "-lm"),
    )
    run_argv = ("/prog/main",)
    native_binary = True
    version_argv = ("/usr/bin/gcc", "--version")
    self_test_source = (
        b"#include <stdio.h>\nint main(void) { long a, b;\n"
        b'if (scanf("%ld %ld", &a, &b) != 2) return 1;\n'
        b'printf("%ld\\n", a + b); return 0; }\n'
    )
