"""Verilog: the submitted ``function`` inside the testbench module ``tb``, whose
``initial`` block reads the arguments, calls it and answers on file descriptor 3.

Functions take and return integers only: each argument is a 64-bit signed value that
the call converts to the input's declared width, as a Verilog assignment does (so a
value wider than the input is cut to it); the result is read as a 64-bit signed value
(an ``integer`` or other signed result is sign-extended, an unsigned one zero-extended).
A result with unknown (x or z) bits is an error. When the program brings its own
modules, the function is called by its hierarchical name in the module that declares it.
"""

from __future__ import annotations

import re
from typing import Any

from verification.harness.calls import CallUnsupported, hex_escape, is_int64

_COMMENTS = re.compile(r"//[^\n]*|/\*.*?\*/", re.DOTALL)
# Whitespace, comments and compiler directives (`timescale, `include, ...) before the
# function: they stay outside the module tb.
_PREAMBLE = re.compile(r"(?:\s+|//[^\n]*|/\*.*?\*/|`[^\n]*)*", re.DOTALL)
_MODULE = re.compile(
    r"\b(?:module|macromodule)\s+(\\\S+|[A-Za-z_][\w$]*)(.*?)\bendmodule\b", re.DOTALL
)

_STUB = """\
  reg [8*80-1:0] scalebox_line;
  reg [7:0] scalebox_kind;
  reg signed [63:0] scalebox_result;
  integer scalebox_out, scalebox_n, scalebox_count, scalebox_bad;
{declarations}
  initial begin
    scalebox_out = $fopen("/dev/fd/3", "w");
    scalebox_bad = 0;
    scalebox_n = $fgets(scalebox_line, 32'h8000_0000);
    scalebox_n = $sscanf(scalebox_line, "%c %d", scalebox_kind, scalebox_count);
    if (scalebox_n != 2 || scalebox_kind != "l" || scalebox_count != {arity}) scalebox_bad = 1;
{reads}
    if (scalebox_bad) begin
      $fwrite(scalebox_out, "raised {bad}\\n");
    end else begin
      scalebox_result = {target}({args});
      if (^scalebox_result === 1'bx)
        $fwrite(scalebox_out, "raised {unknown}\\n");
      else
        $fwrite(scalebox_out, "ok\\ni %0d\\n", scalebox_result);
    end
    $fclose(scalebox_out);
    $finish;
  end
"""

_READ = """\
    scalebox_n = $fgets(scalebox_line, 32'h8000_0000);
    scalebox_n = $sscanf(scalebox_line, "%c %d", scalebox_kind, scalebox_arg{i});
    if (scalebox_n != 2 || scalebox_kind != "i") scalebox_bad = 1;"""


def _stub(target: str, arity: int) -> str:
    names = [f"scalebox_arg{i}" for i in range(arity)]
    return _STUB.format(
        declarations="".join(f"  reg signed [63:0] {name};\n" for name in names),
        arity=arity,
        reads="\n".join(_READ.format(i=i) for i in range(arity)),
        target=target,
        args=", ".join(names),
        bad=hex_escape(f"the arguments are not {arity} integers"),
        unknown=hex_escape("the function returned a value with unknown (x or z) bits"),
    )


def solver_source(user_code: str, fn_name: str, arity: int) -> str:
    modules = list(_MODULE.finditer(_COMMENTS.sub(" ", user_code)))
    if not modules:
        # On the program's line, so the compiler's line numbers are the program's.
        start = _PREAMBLE.match(user_code)
        at = start.end() if start else 0
        body = f"{user_code[:at]}module tb; {user_code[at:]}"
        return f"{body}\n{_stub(fn_name, arity)}endmodule\n"
    declares = re.compile(rf"\bfunction\b[^;]*?\b{re.escape(fn_name)}\b")
    owners = [m.group(1) for m in modules if declares.search(m.group(2))]
    if not owners:
        raise CallUnsupported(f"no module of the program declares the function {fn_name}")
    target = f"{owners[0]}.{fn_name}"
    return f"{user_code}\nmodule scalebox_tb;\n{_stub(target, arity)}endmodule\n"


def value_problem(value: Any) -> str | None:
    if type(value) is int:
        return None if is_int64(value) else f"{value} does not fit in 64 bits"
    kind = "null" if value is None else type(value).__name__
    kind = {
        "str": "a string",
        "list": "a list",
        "dict": "an object",
        "bool": "a boolean",
        "float": "a float",
    }.get(kind, kind)
    return f"Verilog functions take and return integers only, not {kind}"
