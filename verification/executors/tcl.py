from .base import FUNCTION_CALL, STDIN_STDOUT, Executor

# Tcl parses a command only when it runs it: before that, only unbalanced braces,
# brackets and quotes are known errors.
_CHECK = (
    "set f [open main.tcl]; set script [read $f]; close $f\n"
    "if {![info complete $script]} {\n"
    '    puts stderr "main.tcl: missing close-brace, close-bracket or quote"; exit 1\n'
    "}\n"
)


class TclExecutor(Executor):
    name = "tcl"
    interpreted = True
    aliases = ("tclsh",)
    extensions = (".tcl",)
    source_name = "main.tcl"
    test_modes = (STDIN_STDOUT, FUNCTION_CALL)
    # tclsh runs the script its standard input holds.
    compile_argv = ("/bin/sh", "-c", 'printf %s "$1" | exec /usr/bin/tclsh8.6', "sh", _CHECK)
    run_argv = ("/usr/bin/tclsh8.6", "/prog/main.tcl")
    version_argv = ("/bin/sh", "-c", "echo 'puts \"Tcl [info patchlevel]\"' | /usr/bin/tclsh8.6")
    self_test_source = b"scan [read stdin] {%d %d} a b\nputs [expr {$a + $b}]\n"
