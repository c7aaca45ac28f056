from pathlib import Path

from .base import FUNCTION_CALL, STDIN_STDOUT, Executor


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

    def compiled_ok(self, staging: Path) -> bool:
        return (staging / "main.exe").is_file()
