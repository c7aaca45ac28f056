from pathlib import Path

from .base import FUNCTION_CALL, STDIN_STDOUT, Executor
from .java import JVM_RUN_FLAGS


class KotlinExecutor(Executor):
    name = "kotlin"
    aliases = ("kt",)
    extensions = (".kt",)
    test_modes = (STDIN_STDOUT, FUNCTION_CALL)
    source_name = "main.kt"
    compile_argv = ("/usr/bin/kotlinc", "main.kt", "-include-runtime", "-d", "main.jar")
    compile_env = (("JAVA_OPTS", "-Xmx768m -XX:-UsePerfData"),)
    run_argv = ("/usr/bin/java", *JVM_RUN_FLAGS, "-jar", "/prog/main.jar")
    version_argv = ("/usr/bin/kotlinc", "-version")
    min_processes = 64
    self_test_source = (
        b'fun main() {\n    val (a, b) = readLine()!!.trim().split(" ").map { it.toLong() }\n'
        b"    println(a + b)\n}\n"
    )

    def compiled_ok(self, staging: Path) -> bool:
        return (staging / "main.jar").is_file()
