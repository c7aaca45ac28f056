from .base import FUNCTION_CALL, STDIN_STDOUT, Executor


class CppExecutor(Executor):
    name = "cpp"
    aliases = ("c++", "cplusplus")
    extensions = (".cc", ".cpp", ".cxx", ".c++")
    test_modes = (STDIN_STDOUT, FUNCTION_CALL)
    source_name = "main.cpp"
    compile_argv = ("/usr/bin/g++", "-O2", "-std=gnu++17", "-pipe", "-o", "main", "main.cpp")
    run_argv = ("/prog/main",)
    native_binary = True
    version_argv = ("/usr/bin/g++", "--version")
    self_test_source = (
        b"#include <iostream>\nint main() { long long a, b; std::cin >> a >> b;\n"
        b"std::cout << a + b << std::endl; return 0; }\n"
    )
