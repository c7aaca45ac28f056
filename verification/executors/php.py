from .base import FUNCTION_CALL, STDIN_STDOUT, Executor


class PhpExecutor(Executor):
    name = "php"
    interpreted = True
    test_modes = (STDIN_STDOUT, FUNCTION_CALL)
    extensions = (".php",)
    source_name = "main.php"
    compile_argv = ("/usr/bin/php", "-l", "main.php")
    run_argv = ("/usr/bin/php", "-d", "memory_limit=-1", "/prog/main.php")
    version_argv = ("/usr/bin/php", "--version")
    extra_ro_paths = ("/etc/php",)
    self_test_source = (
        b'<?php\n[$a, $b] = array_map("intval", preg_split("/\\\\s+/", trim(fgets(STDIN))));\n'
        b'echo $a + $b, "\\n";\n'
    )
