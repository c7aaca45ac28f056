import shutil
from pathlib import Path

from .base import FUNCTION_CALL, STDIN_STDOUT, Executor
from .java import JVM_RUN_FLAGS

KOTLIN_LIB = "/usr/share/kotlin/kotlinc/lib"

# kotlinc compiles main.kts to a class Main whose constructor runs the script; this
# starts it, and lets an exception the script throws end the run as it would end main.
_LAUNCHER = b"""\
import java.lang.reflect.InvocationTargetException

fun main(args: Array<String>) {
    val script = Class.forName("Main").getConstructor(Array<String>::class.java)
    try {
        script.newInstance(args)
    } catch (e: InvocationTargetException) {
        throw e.cause ?: e
    }
}
"""


class KotlinScriptExecutor(Executor):
    """Kotlin scripts (top-level statements, no main), compiled once and run on the JVM.
    The peers run scripts with no compile step, so its errors are reported as theirs are."""

    name = "kotlin_script"
    interpreted = True
    aliases = ("kotlin-script", "kts")
    extensions = (".kts",)
    test_modes = (STDIN_STDOUT, FUNCTION_CALL)
    source_name = "main.kts"
    compile_argv = ("/usr/bin/kotlinc", "main.kts", "launcher.kt", "-d", ".")
    compile_files = (("launcher.kt", _LAUNCHER),)
    # user.home: where the compiler keeps its caches, in the scratch directory (removed
    # below) rather than in a directory named "?" (there is no passwd entry to find one).
    compile_env = (("JAVA_OPTS", "-Xmx768m -XX:-UsePerfData -Duser.home=/box"),)
    run_argv = (
        "/usr/bin/java",
        *JVM_RUN_FLAGS,
        "-cp",
        f"/prog:{KOTLIN_LIB}/kotlin-stdlib.jar:{KOTLIN_LIB}/kotlin-script-runtime.jar",
        "LauncherKt",
    )
    version_argv = ("/usr/bin/kotlinc", "-version")
    min_processes = 64
    self_test_source = (
        b'val (a, b) = readLine()!!.trim().split(" ").map { it.toLong() }\nprintln(a + b)\n'
    )

    def compiled_ok(self, staging: Path) -> bool:
        shutil.rmtree(staging / ".cache", ignore_errors=True)
        return (staging / "Main.class").is_file() and (staging / "LauncherKt.class").is_file()
