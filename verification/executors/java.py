from .base import COMPILE_LIMITS, Executor

JVM_RUN_FLAGS = (
    "-XX:+UseSerialGC",
    "-XX:-UsePerfData",
    "-XX:TieredStopAtLevel=1",
    "-Xss64m",
    "-Xshare:auto",
)


class JavaExecutor(Executor):
    """Java 17; the public class must be named Main."""

    name = "java"
    source_name = "Main.java"
    compile_argv = (
        "/usr/bin/javac",
        "-J-Xmx512m",
        "-J-XX:-UsePerfData",
        "-encoding",
        "UTF-8",
        "Main.java",
    )
    run_argv = ("/usr/bin/java", *JVM_RUN_FLAGS, "-cp", "/prog", "Main")
    version_argv = ("/usr/bin/javac", "-version")
    compile_limits = COMPILE_LIMITS
    min_processes = 64
    self_test_source = (
        b"import java.util.Scanner;\npublic class Main { public static void main(String[] args) {\n"
        b"Scanner in = new Scanner(System.in); long a = in.nextLong(), b = in.nextLong();\n"
        b"System.out.println(a + b); } }\n"
    )
