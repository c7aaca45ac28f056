from pathlib import Path

from .base import FUNCTION_CALL, STDIN_STDOUT, Executor


class OCamlExecutor(Executor):
    """OCaml, compiled to a native binary by ocamlopt (the standard library only)."""

    name = "ocaml"
    test_modes = (STDIN_STDOUT, FUNCTION_CALL)
    aliases = ("ml",)
    extensions = (".ml",)
    source_name = "main.ml"
    compile_argv = ("/usr/bin/ocamlopt", "-o", "main", "main.ml")
    run_argv = ("/prog/main",)
    native_binary = True
    version_argv = ("/usr/bin/ocamlopt", "-v")
    self_test_source = b'let () = Scanf.scanf " %d %d" (fun a b -> Printf.printf "%d\\n" (a + b))\n'

    def compiled_ok(self, staging: Path) -> bool:
        for name in ("main.cmi", "main.cmx", "main.o"):
            (staging / name).unlink(missing_ok=True)
        return (staging / "main").is_file()
