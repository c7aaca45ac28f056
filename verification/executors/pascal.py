from pathlib import Path

from .base import FUNCTION_CALL, STDIN_STDOUT, Executor


class PascalExecutor(Executor):
    """Free Pascal; its configuration in /etc names the unit directories."""

    name = "pascal"
    aliases = ("pas", "fpc", "freepascal")
    extensions = (".pas",)
    source_name = "main.pas"
    test_modes = (STDIN_STDOUT, FUNCTION_CALL)
    compile_argv = ("/usr/bin/fpc", "-O2", "-omain", "main.pas")
    run_argv = ("/prog/main",)
    native_binary = True
    version_argv = ("/usr/bin/fpc", "-l")
    extra_ro_paths = ("/etc/fpc.cfg", "/etc/fpc-3.2.2.cfg")
    self_test_source = (
        b"program Main;\nvar a, b: Int64;\nbegin\n  read(a, b);\n  writeln(a + b);\nend.\n"
    )

    def compiled_ok(self, staging: Path) -> bool:
        (staging / "main.o").unlink(missing_ok=True)
        return (staging / "main").is_file()
