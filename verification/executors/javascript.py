from .base import FUNCTION_CALL, STDIN_STDOUT, Executor

_CHECK_ARGV = ("/usr/bin/node", "--check", "main.js")


class JavaScriptExecutor(Executor):
    """Node.js; the program reads stdin itself (e.g. fs.readFileSync(0))."""

    name = "javascript"
    interpreted = True
    test_modes = (STDIN_STDOUT, FUNCTION_CALL)
    aliases = ("nodejs", "js", "node")
    extensions = (".js",)
    source_name = "main.js"
    compile_argv = _CHECK_ARGV
    run_argv = ("/usr/bin/node", "--stack-size=65500", "/prog/main.js")
    version_argv = ("/usr/bin/node", "--version")
    min_processes = 32
    self_test_source = (
        b"const [a, b] = require('fs').readFileSync(0, 'utf8').trim().split(/\\s+/).map(BigInt);\n"
        b"console.log((a + b).toString());\n"
    )
