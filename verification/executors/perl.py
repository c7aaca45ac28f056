from .base import FUNCTION_CALL, STDIN_STDOUT, Executor


class PerlExecutor(Executor):
    name = "perl"
    interpreted = True
    extensions = (".pl",)
    test_modes = (STDIN_STDOUT, FUNCTION_CALL)
    fence_tags = ("pl",)
    source_name = "main.pl"
    compile_argv = ("/usr/bin/perl", "-c", "main.pl")
    run_argv = ("/usr/bin/perl", "/prog/main.pl")
    version_argv = ("/usr/bin/perl", "-e", "print qq(perl $^V)")
    self_test_source = b'my ($a, $b) = split " ", <STDIN>;\nprint $a + $b, "\\n";\n'
