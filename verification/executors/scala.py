import re
from dataclasses import replace
from pathlib import Path

from .base import FUNCTION_CALL, STDIN_STDOUT, CompileError, Executor, Program
from .java import _COMMENTS_AND_LITERALS, JVM_RUN_FLAGS, _blocks

SCALA_LIBRARY = "/usr/share/scala-2.11/lib/scala-library.jar"
# Written into the compiled directory: the object `java` starts.
MAIN_OBJECT_MARKER = ".main-object"

_IDENTIFIER = r"[A-Za-z_][A-Za-z0-9_]{0,199}"
_OBJECT = re.compile(rf"\bobject\s+({_IDENTIFIER})")
_APP = re.compile(r"\b(?:extends|with)\s+App\b")
_MAIN_METHOD = re.compile(r"\bdef\s+main\s*\(")


def main_object(source: bytes) -> str | None:
    """The top-level object the program starts from: one with a main method or extending
    App, else the first top-level object; None when there is no top-level object."""
    code = _COMMENTS_AND_LITERALS.sub(" ", source.decode("utf-8", errors="replace"))
    objects = []
    for header, body in _blocks(code):
        declared = _OBJECT.search(header)
        if declared is None:
            continue
        if _APP.search(header) or _MAIN_METHOD.search(body):
            return declared[1]
        objects.append(declared[1])
    return objects[0] if objects else None


class ScalaExecutor(Executor):
    """Scala 2.11: scalac compiles to classes, run on the JVM with the Scala library."""

    name = "scala"
    extensions = (".scala",)
    test_modes = (STDIN_STDOUT, FUNCTION_CALL)
    source_name = "main.scala"
    compile_argv = ("/usr/bin/scalac", "-encoding", "UTF-8", "-d", ".", "main.scala")
    # The scalac script passes JAVA_OPTS to the JVM; user.home keeps any file it writes
    # in the scratch directory (there is no passwd entry to find a home in).
    compile_env = (("JAVA_OPTS", "-Xmx768m -Xss16m -XX:-UsePerfData -Duser.home=/box"),)
    run_argv = (
        "/usr/bin/java",
        *JVM_RUN_FLAGS,
        "-Duser.home=/box",
        "-cp",
        f"/prog:{SCALA_LIBRARY}",
        "Main",
    )
    version_argv = ("/usr/bin/scalac", "-version")
    min_processes = 64
    self_test_source = (
        b"object Main {\n  def main(args: Array[String]): Unit = {\n"
        b'    val Array(a, b) = scala.io.StdIn.readLine().trim.split("\\\\s+").map(_.toLong)\n'
        b"    println(a + b)\n  }\n}\n"
    )

    def _compile_in_sandbox(self, source: bytes, flags: tuple[str, ...], staging: Path) -> None:
        name = main_object(source)
        if name is None:
            raise CompileError(
                "no top-level object to run: declare `object Main { def main(args: "
                "Array[String]): Unit = ... }` or `object Main extends App { ... }`"
            )
        super()._compile_in_sandbox(source, flags, staging)
        (staging / MAIN_OBJECT_MARKER).write_text(name)

    def compiled_ok(self, staging: Path) -> bool:
        return any(staging.glob("*.class"))

    def program_for(self, directory: Path) -> Program:
        program = super().program_for(directory)
        try:
            name = (directory / MAIN_OBJECT_MARKER).read_text().strip()
        except OSError:
            return program
        if not re.fullmatch(_IDENTIFIER, name):
            return program
        return replace(program, argv=(*program.argv[:-1], name))
