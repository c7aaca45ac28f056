from .base import FUNCTION_CALL, STDIN_STDOUT, Executor
from .erlang import BEAM_ENV, BEAM_PROCESSES

_CHECK = 'Code.string_to_quoted!(File.read!("main.exs"), file: "main.exs")'


class ElixirExecutor(Executor):
    """Elixir scripts, run from their source after a syntax check."""

    name = "elixir"
    test_modes = (STDIN_STDOUT, FUNCTION_CALL)
    interpreted = True
    aliases = ("ex", "exs")
    extensions = (".ex", ".exs")
    source_name = "main.exs"
    compile_argv = ("/usr/bin/elixir", "-e", _CHECK)
    compile_env = BEAM_ENV
    run_argv = ("/usr/bin/elixir", "/prog/main.exs")
    env = BEAM_ENV
    min_processes = BEAM_PROCESSES
    version_argv = ("/usr/bin/elixir", "-e", 'IO.puts("Elixir " <> System.version())')
    self_test_source = (
        b"[a, b] = IO.read(:stdio, :eof) |> String.split() |> Enum.map(&String.to_integer/1)\n"
        b"IO.puts(a + b)\n"
    )
