import re
from pathlib import Path

from .base import FUNCTION_CALL, STDIN_STDOUT, Executor, Program

# C# 8's nullable annotations that mcs (C# 7) rejects, where C# 7 gives them no meaning:
# `string?` / `object?` / `dynamic?` (a class cannot be Nullable<T>) and the
# null-forgiving `x!.y` / `x![i]`.
_NULLABLE_KEYWORD = re.compile(r"\b(string|object|dynamic)\?(?=[\s\[\]>,)])")
_NULL_FORGIVING = re.compile(r"(?<=[\w\)\]])!(?=[.\[])")
# String and character literals and comments, which are left as they are.
_NOT_CODE = re.compile(
    "|".join(
        (
            r'@"(?:[^"]|"")*"',  # verbatim string
            r'\$?"(?:[^"\\\n]|\\.)*"',  # string, interpolated string
            r"'(?:[^'\\\n]|\\.)*'",  # character
            r"//[^\n]*",
            r"/\*.*?\*/",
        )
    ),
    re.S,
)


def without_nullable_annotations(source: str) -> str:
    """``source`` with the C# 8 nullable annotations mcs cannot read taken out of its code
    (never out of its literals or comments): the program means the same in C# 7."""
    out, at = [], 0
    for literal in _NOT_CODE.finditer(source):
        out.append(_strip(source[at : literal.start()]))
        out.append(literal.group(0))
        at = literal.end()
    out.append(_strip(source[at:]))
    return "".join(out)


def _strip(code: str) -> str:
    return _NULL_FORGIVING.sub("", _NULLABLE_KEYWORD.sub(r"\1", code))


class CSharpExecutor(Executor):
    """C# on Mono: mcs compiles to main.exe, which the Mono runtime runs."""

    name = "csharp"
    aliases = ("c#", "cs")
    extensions = (".cs",)
    test_modes = (STDIN_STDOUT, FUNCTION_CALL)
    source_name = "main.cs"
    # System.Numerics (BigInteger) is not among the assemblies mcs references by default.
    compile_argv = (
        "/usr/bin/mcs",
        "-optimize+",
        "-r:System.Numerics.dll",
        "-out:main.exe",
        "main.cs",
    )
    run_argv = ("/usr/bin/mono", "/prog/main.exe")
    version_argv = ("/usr/bin/mono", "--version")
    extra_ro_paths = ("/etc/mono",)
    min_processes = 32
    self_test_source = (
        b"using System;\nclass Program {\n    static void Main() {\n"
        b"        var parts = Console.ReadLine().Split(' ');\n"
        b"        Console.WriteLine(long.Parse(parts[0]) + long.Parse(parts[1]));\n    }\n}\n"
    )

    def compile(self, source: bytes, *, flags: tuple[str, ...] = ()) -> Program:
        try:
            text = source.decode("utf-8")
        except UnicodeDecodeError:
            return super().compile(source, flags=flags)
        return super().compile(without_nullable_annotations(text).encode("utf-8"), flags=flags)

    def compiled_ok(self, staging: Path) -> bool:
        return (staging / "main.exe").is_file()
