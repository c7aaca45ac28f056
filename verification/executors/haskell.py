from .base import FUNCTION_CALL, STDIN_STDOUT, Executor


class HaskellExecutor(Executor):
    name = "haskell"
    aliases = ("hs",)
    extensions = (".hs",)
    source_name = "main.hs"
    test_modes = (STDIN_STDOUT, FUNCTION_CALL)
    compile_argv = ("/usr/bin/ghc", "-O2", "-o", "main", "main.hs")
    run_argv = ("/prog/main",)
    native_binary = True
    version_argv = ("/usr/bin/ghc", "--version")
    extra_ro_paths = ("/var/lib/ghc",)
    self_test_source = (
        b"main :: IO ()\nmain = do\n"
        b"  [a, b] <- fmap (map read . words) getLine :: IO [Integer]\n  print (a + b)\n"
    )
