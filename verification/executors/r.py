from .base import FUNCTION_CALL, STDIN_STDOUT, Executor

# Parsing without running: syntax errors show before any test runs.
_CHECK = 'invisible(parse(file = "main.r", encoding = "UTF-8"))'


class RExecutor(Executor):
    name = "r"
    interpreted = True
    aliases = ("rscript",)
    extensions = (".r",)
    source_name = "main.r"
    test_modes = (STDIN_STDOUT, FUNCTION_CALL)
    compile_argv = ("/usr/bin/Rscript", "--vanilla", "-e", _CHECK)
    run_argv = ("/usr/bin/Rscript", "--vanilla", "/prog/main.r")
    version_argv = ("/usr/bin/Rscript", "--version")
    extra_ro_paths = ("/etc/R",)
    min_processes = 8
    self_test_source = (
        b'numbers <- scan(file("stdin"), what = numeric(), quiet = TRUE)\n'
        b'cat(format(sum(numbers), scientific = FALSE), "\\n", sep = "")\n'
    )
