import shutil
from pathlib import Path

from .base import FUNCTION_CALL, STDIN_STDOUT, Executor

# gnatchop splits the file into one file per unit, named as GNAT wants; the main
# subprogram is the last body (a unit's dependencies come before it).
_BUILD = """
mkdir .ada && cd .ada || exit 1
units=$(/usr/bin/gnatchop -w ../main.ada .) || { printf '%s\\n' "$units"; exit 1; }
pattern='s|^ *\\(.*/\\)\\{0,1\\}\\([^/ ]*\\.adb\\)$|\\2|p'
main=$(printf '%s\\n' "$units" | sed -n "$pattern" | tail -n 1)
[ -n "$main" ] || { echo "main.ada: no subprogram body to run" >&2; exit 1; }
exec /usr/bin/gnatmake -q -O2 -o ../main "$main"
"""


class AdaExecutor(Executor):
    """Ada (GNAT): the program's units in one file, the main procedure last."""

    name = "ada"
    aliases = ("gnat",)
    extensions = (".adb", ".ada")
    source_name = "main.ada"
    test_modes = (STDIN_STDOUT, FUNCTION_CALL)
    compile_argv = ("/bin/sh", "-c", _BUILD)
    run_argv = ("/prog/main",)
    native_binary = True
    version_argv = ("/usr/bin/gnatmake", "--version")
    self_test_source = (
        b"with Ada.Text_IO; use Ada.Text_IO;\n"
        b"with Ada.Long_Long_Integer_Text_IO; use Ada.Long_Long_Integer_Text_IO;\n"
        b"procedure Main is\n   A, B : Long_Long_Integer;\nbegin\n   Get (A);\n   Get (B);\n"
        b"   Put (A + B, Width => 0);\n   New_Line;\nend Main;\n"
    )

    def required_binaries(self) -> list[str]:
        return ["/usr/bin/gnatchop", "/usr/bin/gnatmake"]

    def compiled_ok(self, staging: Path) -> bool:
        shutil.rmtree(staging / ".ada", ignore_errors=True)
        return (staging / "main").is_file()
