from pathlib import Path

from .base import FUNCTION_CALL, STDIN_STDOUT, Executor


class VerilogExecutor(Executor):
    """Icarus Verilog: iverilog compiles (IEEE 1800-2012, so the SystemVerilog it knows
    too) to main.vvp, which vvp simulates. Standard input is the descriptor 0x8000_0000
    ($fscanf, $fgets); $display writes standard output."""

    name = "verilog"
    aliases = ("systemverilog",)
    extensions = (".v", ".sv")
    fence_tags = ("sv",)
    source_name = "main.v"
    test_modes = (STDIN_STDOUT, FUNCTION_CALL)
    compile_argv = ("/usr/bin/iverilog", "-g2012", "-o", "main.vvp", "main.v")
    # -n: $stop ends the simulation instead of waiting for commands on standard input.
    run_argv = ("/usr/bin/vvp", "-n", "/prog/main.vvp")
    version_argv = ("/usr/bin/iverilog", "-V")
    self_test_source = (
        b"module main;\n  integer a, b, count;\n  initial begin\n"
        b'    count = $fscanf(32\'h8000_0000, "%d %d", a, b);\n'
        b'    $display("%0d", a + b);\n    $finish;\n  end\nendmodule\n'
    )

    def compiled_ok(self, staging: Path) -> bool:
        return (staging / "main.vvp").is_file()
