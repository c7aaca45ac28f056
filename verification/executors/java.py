import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from .base import COMPILE_LIMITS, FUNCTION_CALL, STDIN_STDOUT, Executor, Program

JVM_RUN_FLAGS = (
    "-XX:+UseSerialGC",
    "-XX:-UsePerfData",
    "-XX:TieredStopAtLevel=1",
    "-Xss64m",
    "-Xshare:auto",
)

DEFAULT_CLASS = "Main"
# Written into the compiled directory: the class `java` starts.
MAIN_CLASS_MARKER = ".main-class"

_COMMENTS_AND_LITERALS = re.compile(
    r"//[^\n]*"
    r"|/\*.*?\*/"
    r'|"""(?:\\.|[^\\])*?"""'
    r'|"(?:\\.|[^"\\\n])*"'
    r"|'(?:\\.|[^'\\\n])*'",
    re.DOTALL,
)
_DECLARATION = re.compile(r"\b(?:class|interface|enum|record)\s+([\w$]+)")
_PUBLIC = re.compile(r"\bpublic\b")
_MAIN_METHOD = re.compile(r"\bstatic\s+(?:[\w$]+\s+)*void\s+main\s*\(")
_IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]{0,199}")


@dataclass(frozen=True)
class TopLevelType:
    name: str
    public: bool
    declares_main: bool


def _blocks(code: str) -> Iterator[tuple[str, str]]:
    """Each top-level `header { body }`, the body without its nested blocks."""
    depth = 0
    header_start = 0
    header = ""
    body: list[str] = []
    for index, char in enumerate(code):
        if char == "{":
            if depth == 0:
                header, body = code[header_start:index], []
            depth += 1
        elif char == "}":
            if depth == 0:
                continue  # unbalanced: javac will say so
            depth -= 1
            if depth == 0:
                yield header, "".join(body)
                header_start = index + 1
        elif depth == 0 and char == ";":
            header_start = index + 1
        elif depth == 1:
            body.append(char)


def top_level_types(source: bytes) -> list[TopLevelType]:
    """The top-level classes, interfaces, enums and records whose names are identifiers."""
    code = _COMMENTS_AND_LITERALS.sub(" ", source.decode("utf-8", errors="replace"))
    types = []
    for header, body in _blocks(code):
        declaration = _DECLARATION.search(header)
        if declaration is None or not _IDENTIFIER.fullmatch(declaration[1]):
            continue
        types.append(
            TopLevelType(
                name=declaration[1],
                public=bool(_PUBLIC.search(header, 0, declaration.start())),
                declares_main=bool(_MAIN_METHOD.search(body)),
            )
        )
    return types


def java_names(source: bytes) -> tuple[str, str]:
    """(file name, main class): javac wants a public class in a file of its name."""
    types = top_level_types(source)
    public = next((t for t in types if t.public), None)
    with_main = [t for t in types if t.declares_main]
    if public is not None and (public.declares_main or not with_main):
        return f"{public.name}.java", public.name
    file_name = f"{public.name}.java" if public is not None else f"{DEFAULT_CLASS}.java"
    return file_name, with_main[0].name if with_main else DEFAULT_CLASS


class JavaExecutor(Executor):
    """Java 17; the file is named after the public class, the main class is found in it."""

    name = "java"
    extensions = (".java",)
    test_modes = (STDIN_STDOUT, FUNCTION_CALL)
    source_name = "Main.java"
    compile_argv = (
        "/usr/bin/javac",
        "-J-Xmx512m",
        "-J-XX:-UsePerfData",
        "-encoding",
        "UTF-8",
        "Main.java",
    )
    run_argv = ("/usr/bin/java", *JVM_RUN_FLAGS, "-cp", "/prog", DEFAULT_CLASS)
    version_argv = ("/usr/bin/javac", "-version")
    compile_limits = COMPILE_LIMITS
    min_processes = 64
    self_test_source = (
        b"import java.util.Scanner;\npublic class Main { public static void main(String[] args) {\n"
        b"Scanner in = new Scanner(System.in); long a = in.nextLong(), b = in.nextLong();\n"
        b"System.out.println(a + b); } }\n"
    )

    def source_name_for(self, source: bytes) -> str:
        return java_names(source)[0]

    def compile_argv_for(self, source_name: str, flags: tuple[str, ...]) -> list[str]:
        return [*self.compile_argv[:-1], source_name, *flags]

    def _compile_in_sandbox(self, source: bytes, flags: tuple[str, ...], staging: Path) -> None:
        super()._compile_in_sandbox(source, flags, staging)
        (staging / MAIN_CLASS_MARKER).write_text(java_names(source)[1])

    def program_for(self, directory: Path) -> Program:
        program = super().program_for(directory)
        main_class = _read_main_class(directory)
        if main_class == DEFAULT_CLASS:
            return program
        return replace(program, argv=(*program.argv[:-1], main_class))


def _read_main_class(directory: Path) -> str:
    """The class the build recorded; Main for directories built before the marker existed."""
    try:
        recorded = (directory / MAIN_CLASS_MARKER).read_text().strip()
    except OSError:
        return DEFAULT_CLASS
    return recorded if _IDENTIFIER.fullmatch(recorded) else DEFAULT_CLASS
