from .base import FUNCTION_CALL, STDIN_STDOUT, Executor


class BashExecutor(Executor):
    name = "bash"
    interpreted = True
    aliases = ("sh",)
    extensions = (".sh",)
    test_modes = (STDIN_STDOUT, FUNCTION_CALL)
    fence_tags = ("shell",)
    source_name = "main.sh"
    compile_argv = ("/usr/bin/bash", "-n", "main.sh")
    run_argv = ("/usr/bin/bash", "/prog/main.sh")
    version_argv = ("/usr/bin/bash", "--version")
    self_test_source = b"read a b\necho $((a + b))\n"
