from .base import FUNCTION_CALL, STDIN_STDOUT, Executor


class RubyExecutor(Executor):
    name = "ruby"
    interpreted = True
    test_modes = (STDIN_STDOUT, FUNCTION_CALL)
    extensions = (".rb",)
    fence_tags = ("rb",)
    source_name = "main.rb"
    compile_argv = ("/usr/bin/ruby", "-c", "main.rb")
    run_argv = ("/usr/bin/ruby", "/prog/main.rb")
    version_argv = ("/usr/bin/ruby", "--version")
    self_test_source = b"a, b = gets.split.map(&:to_i)\nputs a + b\n"
