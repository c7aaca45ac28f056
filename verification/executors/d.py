from .base import FUNCTION_CALL, STDIN_STDOUT, Executor


class DExecutor(Executor):
    """D with GDC. Unit tests are compiled in and run before main (the peers' D_ut programs
    are unittest blocks, with or without a main); a failing one ends the run with an error."""

    name = "d"
    aliases = ("d_ut", "dlang")
    extensions = (".d",)
    test_modes = (STDIN_STDOUT, FUNCTION_CALL)
    source_name = "main.d"
    compile_argv = ("/usr/bin/gdc", "-O2", "-funittest", "-fmain", "-o", "main", "main.d")
    # druntime's default runs the unit tests only; run-main runs main after them.
    run_argv = ("/prog/main", "--DRT-testmode=run-main")
    native_binary = True
    version_argv = ("/usr/bin/gdc", "--version")
    self_test_source = (
        b"import std.stdio;\n\nlong add(long a, long b) { return a + b; }\n\n"
        b"unittest { assert(add(2, 40) == 42); }\n\n"
        b'void main() {\n    long a, b;\n    readf(" %d %d", &a, &b);\n    writeln(add(a, b));\n}\n'
    )
