from dataclasses import replace
from pathlib import Path

from .base import FUNCTION_CALL, STDIN_STDOUT, Executor, Program

# Written into the checked directory when the program leaves running itself to main/0:
# none of its directives is an initialization/1,2 or calls main.
RUN_MAIN_MARKER = ".run-main"

# Reads every clause (applying the operators of op/3 and use_module directives, as
# loading would) without running any, and notes whether a directive starts the program.
_CHECK = (
    "catch(("
    "nb_setval(starts, false), open('main.pl', read, In), "
    "( repeat, read_term(In, T, []), "
    "( T == end_of_file -> ! "
    "; T = (:- D), nonvar(D) -> "
    "( D = op(P, Ty, N) -> op(P, Ty, N) "
    "; ( D = use_module(_) ; D = use_module(_, _) ) -> call(D) ; true ), "
    "( ( D = initialization(_) ; D = initialization(_, _) ; sub_term(S, D), S == main ) "
    "-> nb_setval(starts, true) ; true ), fail "
    "; fail ) ), close(In), "
    f"( nb_getval(starts, true) -> true ; open('{RUN_MAIN_MARKER}', write, Out), close(Out) )"
    "), E, (print_message(error, E), halt(1)))"
)
_SWIPL = ("/usr/bin/swipl", "-q", "--on-error=status")


class PrologExecutor(Executor):
    """SWI-Prolog: the program starts itself by a directive (initialization(main) ...),
    or its main/0 is called once it is loaded."""

    name = "prolog"
    interpreted = True
    test_modes = (STDIN_STDOUT, FUNCTION_CALL)
    aliases = ("swipl", "swi-prolog")
    extensions = (".pro", ".prolog")
    source_name = "main.pl"
    compile_argv = (*_SWIPL, "-g", _CHECK, "-t", "halt")
    run_argv = (*_SWIPL, "-t", "halt", "/prog/main.pl")
    version_argv = ("/usr/bin/swipl", "--version")
    self_test_source = (
        b"main :-\n    read_string(user_input, _, Text),\n"
        b'    split_string(Text, " \\t\\n", " \\t\\n", Words),\n'
        b'    exclude(==(""), Words, [A, B]),\n'
        b"    number_string(X, A),\n    number_string(Y, B),\n"
        b'    Z is X + Y,\n    format("~d~n", [Z]).\n'
    )

    def program_for(self, directory: Path) -> Program:
        program = super().program_for(directory)
        if not (directory / RUN_MAIN_MARKER).exists():
            return program
        return replace(program, argv=(*_SWIPL, "-g", "main", *program.argv[len(_SWIPL) :]))
