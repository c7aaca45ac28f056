import re
from pathlib import Path

from .base import FUNCTION_CALL, STDIN_STDOUT, Executor

# One scheduler of each kind and no busy waiting: BEAM starts a thread per core otherwise.
ERL_FLAGS = "+S 1:1 +SDcpu 1:1 +SDio 1 +A 1 +sbwt none +sbwtdcpu none +sbwtdio none"
BEAM_ENV = (("ERL_FLAGS", ERL_FLAGS), ("ERL_CRASH_DUMP_SECONDS", "0"))
BEAM_PROCESSES = 32

_MODULE_ATTRIBUTE = re.compile(rb"^[ \t]*-[ \t]*module[ \t]*\(", re.MULTILINE)
# What an escript leaves implicit; put on its first line so that line numbers hold.
_ESCRIPT_HEADER = b"-module(main). -compile([export_all, nowarn_export_all]). "

# Loads main.beam whatever module it holds, then calls main/0, or main/1 as escript does.
_LAUNCH = (
    '{ok, Beam} = file:read_file("/prog/main.beam"), '
    "{ok, {Module, _}} = beam_lib:version(Beam), "
    '{module, Module} = code:load_binary(Module, "/prog/main.beam", Beam), '
    "case erlang:function_exported(Module, main, 0) of "
    "true -> Module:main(); false -> Module:main([]) end, "
    "halt()."
)


def as_module(source: bytes) -> bytes:
    """The source as a module: an escript (no -module attribute) gets one, with its
    functions exported, in place of its #! line."""
    if _MODULE_ATTRIBUTE.search(source):
        return source
    if source.startswith(b"#!"):
        _, newline, rest = source.partition(b"\n")
        return _ESCRIPT_HEADER.rstrip() + newline + rest
    return _ESCRIPT_HEADER + source


class ErlangExecutor(Executor):
    """Erlang: a module exporting main/0 or main/1 (any module name), or an escript."""

    name = "erlang"
    test_modes = (STDIN_STDOUT, FUNCTION_CALL)
    aliases = ("erl",)
    extensions = (".erl",)
    source_name = "main.erl"
    compile_argv = ("/usr/bin/erlc", "+no_error_module_mismatch", "main.erl")
    compile_env = BEAM_ENV
    run_argv = ("/usr/bin/erl", "-noshell", "-eval", _LAUNCH)
    env = BEAM_ENV
    min_processes = BEAM_PROCESSES
    version_argv = (
        "/usr/bin/erl",
        "-noshell",
        "-eval",
        'io:format("Erlang/OTP ~s~n", [erlang:system_info(otp_release)]), halt().',
    )
    self_test_source = (
        b"-module(main).\n-export([main/0]).\n\nmain() ->\n"
        b'    {ok, [A, B]} = io:fread("", "~d ~d"),\n    io:format("~p~n", [A + B]).\n'
    )

    def required_binaries(self) -> list[str]:
        return ["/usr/bin/erl", "/usr/bin/erlc"]

    def _compile_in_sandbox(self, source: bytes, flags: tuple[str, ...], staging: Path) -> None:
        super()._compile_in_sandbox(as_module(source), flags, staging)

    def compiled_ok(self, staging: Path) -> bool:
        return (staging / "main.beam").is_file()
