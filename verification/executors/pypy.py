from .base import STDIN_STDOUT, Executor

_CHECK = "import sys; compile(open(sys.argv[1], 'rb').read(), 'main.py', 'exec')"


class PyPyExecutor(Executor):
    """PyPy 3 (Debian's ``pypy3``), the Python that Kattis, problemtools and BAPCtools
    run: a JIT, so loops that time out on CPython finish. Isolated mode (-I), with the
    ``site`` module (``exit()`` and ``quit()``), as contest judges run it."""

    name = "pypy"
    interpreted = True
    aliases = ("pypy3",)
    extensions = (".pypy",)
    test_modes = (STDIN_STDOUT,)
    source_name = "main.py"
    compile_argv = ("/usr/bin/pypy3", "-I", "-c", _CHECK, "main.py")
    run_argv = ("/usr/bin/pypy3", "-I", "/prog/main.py")
    version_argv = ("/usr/bin/pypy3", "--version")
    self_test_source = b"a, b = map(int, input().split())\nprint(a + b)\n"
