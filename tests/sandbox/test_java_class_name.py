"""Java sources whose classes are not all named Main: file and main class come from the source."""

from __future__ import annotations

import pytest

from verification.executors import CompileError, executor_for
from verification.executors.java import java_names
from verification.sandbox import Limits, RunStatus

from .test_executors import require_installed

# The JVM starts slowly on a loaded machine: generous time, the usual memory.
LIMITS = Limits(cpu_time_s=10.0, wall_time_s=30.0, memory_bytes=512 << 20, output_bytes=1 << 20)

SUM_BODY = (
    b"public static void main(String[] args) {\n"
    b"  java.util.Scanner in = new java.util.Scanner(System.in);\n"
    b"  System.out.println(in.nextLong() + in.nextLong());\n"
    b"}\n"
)

PUBLIC_NAMED_AFTER_PROBLEM = b"public class Different {\n" + SUM_BODY + b"}\n"

NON_PUBLIC_WITH_HELPER = (
    b"class Adder { static long add(long a, long b) { return a + b; } }\n"
    b"class Solution {\n"
    b"  public static void main(String[] args) {\n"
    b"    java.util.Scanner in = new java.util.Scanner(System.in);\n"
    b"    System.out.println(Adder.add(in.nextLong(), in.nextLong()));\n"
    b"  }\n"
    b"}\n"
)

DECOYS_IN_COMMENTS_AND_STRINGS = (
    b"// public class Fake { public static void main(String[] a) {} }\n"
    b"/* public class Fake2 { */\n"
    b"import java.util.*;\n"
    b"public final class Real {\n"
    b'  static final String DECOY = "public class Decoy { static void main( }";\n'
    b"  static final char BRACE = '{';\n"
    b'  static final String BLOCK = """\n    } class Hidden { static void main(\n    """;\n'
    + SUM_BODY
    + b"}\n"
)

NESTED_CLASSES_BEFORE_MAIN = (
    b"class Outer {\n"
    b"  static class Pair { long a, b; Pair(long a, long b) { this.a = a; this.b = b; } }\n"
    b"  static final class Decoy { public static void main(String[] args) {} }\n"
    b"  public static void main(String[] args) {\n"
    b"    java.util.Scanner in = new java.util.Scanner(System.in);\n"
    b"    Pair p = new Pair(in.nextLong(), in.nextLong());\n"
    b"    System.out.println(p.a + p.b);\n"
    b"  }\n"
    b"}\n"
)


@pytest.mark.parametrize(
    ("source", "names"),
    [
        (PUBLIC_NAMED_AFTER_PROBLEM, ("Different.java", "Different")),
        (NON_PUBLIC_WITH_HELPER, ("Main.java", "Solution")),
        (DECOYS_IN_COMMENTS_AND_STRINGS, ("Real.java", "Real")),
        (NESTED_CLASSES_BEFORE_MAIN, ("Main.java", "Outer")),
        (
            b"public record Point(int x) { public static void main(String[] a) {} }",
            ("Point.java", "Point"),
        ),
        (
            b"public class Lib {}\nclass Runner { public static void main(String[] a) {} }",
            ("Lib.java", "Runner"),
        ),
        (b"class A {}", ("Main.java", "Main")),
        (
            "public class Über { public static void main(String[] a) {} }".encode(),
            ("Main.java", "Main"),
        ),
    ],
)
def test_java_names_come_from_top_level_declarations(source: bytes, names: tuple[str, str]) -> None:
    assert java_names(source) == names


@pytest.mark.parametrize(
    "source",
    [
        PUBLIC_NAMED_AFTER_PROBLEM,
        NON_PUBLIC_WITH_HELPER,
        DECOYS_IN_COMMENTS_AND_STRINGS,
        NESTED_CLASSES_BEFORE_MAIN,
    ],
    ids=["public-named", "non-public-solution", "decoys", "nested-classes"],
)
def test_java_class_not_named_main_runs(source: bytes) -> None:
    require_installed("java")
    result = executor_for("java").compile(source).run(b"2 40\n", LIMITS)
    assert (result.status, result.stdout) == (RunStatus.OK, b"42\n"), result


def test_java_broken_source_with_named_class_is_a_compile_error() -> None:
    require_installed("java")
    source = b"public class Broken { public static void main(String[] a) { int x = ; } }\n"
    with pytest.raises(CompileError) as caught:
        executor_for("java").compile(source)
    assert "Broken.java" in caught.value.message
