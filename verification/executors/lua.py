from .base import FUNCTION_CALL, STDIN_STDOUT, Executor


class LuaExecutor(Executor):
    name = "lua"
    interpreted = True
    extensions = (".lua",)
    test_modes = (STDIN_STDOUT, FUNCTION_CALL)
    source_name = "main.lua"
    compile_argv = ("/usr/bin/luac5.4", "-p", "main.lua")
    run_argv = ("/usr/bin/lua5.4", "/prog/main.lua")
    version_argv = ("/usr/bin/lua5.4", "-v")
    self_test_source = b'local a, b = io.read("n", "n")\nprint(math.tointeger(a + b))\n'
