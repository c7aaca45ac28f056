from .base import Executor


class LuaExecutor(Executor):
    name = "lua"
    interpreted = True
    extensions = (".lua",)
    source_name = "main.lua"
    compile_argv = ("/usr/bin/luac5.4", "-p", "main.lua")
    run_argv = ("/usr/bin/lua5.4", "/prog/main.lua")
    version_argv = ("/usr/bin/lua5.4", "-v")
    self_test_source = b'local a, b = io.read("n", "n")\nprint(math.tointeger(a + b))\n'
