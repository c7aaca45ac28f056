"""Function calls in Free Pascal: the values refused, what the stub reads from the
program (its routines' headings, uses clause and main block), and the shapes of program
beyond those of ``programs/``."""

from __future__ import annotations

import re
from typing import Any

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import make_user
from verification.harness.calls import CallUnsupported, call_problem, solver_source


@pytest.mark.parametrize(
    ("args", "expected", "why"),
    [
        ([1], None, "expected value: Pascal has no null value"),
        ([[1, None]], 1, "argument 1: Pascal has no null value"),
        ([{"a": 1}], 1, "argument 1: objects have no map type here"),
        ([[[{"a": 1}]]], 1, "argument 1: objects have no map type here"),
        ([2**63], 1, "argument 1: 9223372036854775808 does not fit in 64 bits"),
        ([[-(2**63) - 1]], 1, "argument 1: -9223372036854775809 does not fit in 64 bits"),
        ([[1, "x"]], 1, "argument 1: a list mixing number, string"),
        ([1], [True, 1], "expected value: a list mixing bool, number"),
    ],
)
def test_values_refused(args: list[Any], expected: Any, why: str) -> None:
    problem = call_problem("pascal", args, expected)
    assert problem is not None and problem.startswith(why), problem


@pytest.mark.parametrize(
    "value",
    [
        ["\u0000é😀\u0001", ""],  # AnsiStrings are bytes: any string
        [[[1, 2], []], [[3]]],
        [-(2**63), 2**63 - 1],
        [1.5, 2, float("nan"), float("-inf")],
        [True, False],
    ],
)
def test_values_held(value: Any) -> None:
    assert call_problem("pascal", [value], value) is None


@pytest.mark.parametrize(
    ("code", "arity", "why"),
    [
        ("function g(x: Int64): Int64; begin g := x end;", 1, "no top-level Pascal function"),
        (
            "function g(x: Int64): Int64;\n  function f(y: Int64): Int64; begin f := y end;\n"
            "begin g := f(x) end;",
            1,
            "no top-level Pascal function named f",
        ),
        (
            "{$mode objfpc}\ntype T = class function f(x: Int64): Int64; end;\n"
            "function T.f(x: Int64): Int64; begin Result := x end;",
            1,
            "no top-level Pascal function named f",
        ),
        ("{ function f(x: Int64): Int64; }\nbegin end.", 1, "no top-level Pascal function"),
        ("procedure f(x: Int64); begin end;", 1, "f is a procedure: a function call needs"),
        ("function f(a, b: Int64): Int64; begin f := a end;", 1, "f takes 2 parameters, the"),
        (
            "function f(a: Int64): Int64; overload; begin f := a end;\n"
            "function f(a: Double): Double; overload; begin f := a end;",
            1,
            "more than one Pascal function named f takes 1 parameters",
        ),
        ("function f(var x): Int64; begin f := 0 end;", 1, "parameter x of f has no type"),
        ("function f(xs: array of const): Int64; begin f := 0 end;", 1, "an array of const"),
        ("unit u;\ninterface\nfunction f: Int64;\nimplementation\nend.", 0, "a Pascal unit"),
    ],
)
def test_declarations_refused(code: str, arity: int, why: str) -> None:
    with pytest.raises(CallUnsupported, match=re.escape(why)):
        solver_source("pascal", code, "f", arity)


def _glue(source: str) -> str:
    return source[source.index("\ntype\n  TScalebox") :]


def test_the_heading_gives_the_glue_its_types() -> None:
    code = (
        "{$mode objfpc}{$H+}\ntype TGrid = array of array of Int64;\n"
        "function F(const Grid: TGrid; var Names: array of AnsiString; c: Char = 'x';\n"
        "  n: LongInt = 3): specialize TArray<Double>; inline;\n"
        "begin\n  SetLength(Result, 0);\nend;\n"
    )
    glue = _glue(solver_source("pascal", code, "f", 3))
    assert "  TScaleboxArg1 = TGrid;\n  TScaleboxArg2 = array of AnsiString;\n" in glue
    assert "  TScaleboxArg3 = Char;\n  TScaleboxResult = specialize TArray<Double>;\n" in glue
    assert "TScaleboxArg4" not in glue  # a parameter with a default the call leaves out
    assert "  ScaleboxValue := f(ScaleboxArg1, ScaleboxArg2, ScaleboxArg3);\n" in glue


def test_a_forward_declaration_is_the_same_function() -> None:
    code = (
        "function f(a: Int64): Int64; forward;\nfunction g(a: Int64): Int64;\n"
        "begin g := f(a) end;\nfunction f(a: Int64): Int64;\nbegin f := a end;\n"
    )
    assert "ScaleboxValue := f(ScaleboxArg1);" in solver_source("pascal", code, "f", 1)


def test_no_arguments_call_the_function_bare() -> None:
    source = solver_source("pascal", "function f: Int64;\nbegin f := 1 end;\n", "f", 0)
    assert "  ScaleboxStart(0, 'f');\n  ScaleboxValue := f;\n" in source


def test_the_main_block_is_replaced_and_the_lines_keep_their_numbers() -> None:
    code = (
        "program P(input, output);\n{$mode objfpc}\nuses\n  Math;\n"
        "const Words: array[0..1] of string = ('begin', 'end.');\n"
        "type TRec = record case Tag: Integer of 0: (a: Int64); 1: (b: Double); end;\n"
        "function f(x: Int64): Int64;\n  function g(y: Int64): Int64;\n  begin\n"
        "    case y of 0: g := 0; else g := y; end;\n  end;\n"
        "begin\n  try Result := g(x); finally end;\nend;\n"
        "(* the main block { nested } *)\nbegin\n  writeln(f(1));\nend.\ntrailing text\n"
    )
    source = solver_source("pascal", code, "f", 1)
    lines = code.splitlines()
    assert source.splitlines()[:15] == [*lines[:2], "uses SysUtils, TypInfo,", *lines[3:15]]
    assert "writeln(f(1))" not in source and "trailing text" not in source
    assert source.rstrip().endswith("ScaleboxDone;\nend.")


@pytest.mark.parametrize(
    ("code", "uses"),
    [
        ("function f: Int64; begin f := 1 end;", "uses SysUtils, TypInfo; function f"),
        ("program P;\n{$H+}\nfunction f", "program P;\n{$H+}\nuses SysUtils, TypInfo; function"),
        ("uses cthreads, Classes;\nfunction f", "uses cthreads, SysUtils, TypInfo, Classes;"),
        ("uses cmem;\nfunction f", "uses cmem, SysUtils, TypInfo;"),
        ("uses sysutils, Math;\nfunction f", "uses TypInfo, sysutils, Math;"),
        ("uses TypInfo, SysUtils;\nfunction f", "uses TypInfo, SysUtils;\nfunction f"),
    ],
)
def test_the_uses_clause_gains_the_stubs_units(code: str, uses: str) -> None:
    code = code if code.endswith(";") else f"{code}: Int64; begin f := 1 end;"
    assert uses in solver_source("pascal", code, "f", 0)


# -- through the API ---------------------------------------------------------------------


@pytest.fixture
def client() -> APIClient:
    token, _ = Token.objects.get_or_create(user=make_user("caller-pascal"))
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return api


def _judged(client: APIClient, source: str, args: list[Any], expected: Any) -> dict[str, Any]:
    response = client.post(
        "/api/v1/submissions/?wait=120",
        {
            "kind": "function_call",
            "tests": [{"fn_name": "f", "args": args, "expected": expected}],
            "language": "pascal",
            "source": source,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body: dict[str, Any] = response.json()
    return body


_WORDS = """{$mode objfpc}{$H+}
type
  TWords = array of UTF8String;
  TKeep = array[0..3] of Boolean;

function F(const Words: TWords; First: WideChar; Keep: TKeep): TWords;
var
  I: Integer;
begin
  SetLength(Result, 0);
  for I := 0 to High(Words) do
    if Keep[I] and (UTF8Decode(Words[I])[1] = First) then
    begin
      SetLength(Result, Length(Result) + 1);
      Result[High(Result)] := Words[I];
    end;
end;
"""


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("source", "args", "expected"),
    [
        # UTF-8 strings, a WideChar, a static array of Booleans, an array result.
        (_WORDS, [["éa", "b", "éb", "é"], "é", [True, True, False, True]], ["éa", "é"]),
        # Default (fpc) mode: Integer is 16 bits, the result is set by the function's name.
        (
            "function f(a: Integer; b: Byte): LongInt;\nbegin\n  f := a * b;\nend;\n",
            [-3, 255],
            -765,
        ),
        # Single and Extended; an integer where a float is expected.
        ("function f(a: Single; b: Extended): Double;\nbegin\n  f := a * b;\nend;", [0.5, 3], 1.5),
        # UnicodeString: UTF-16 inside, UTF-8 on the way in and out.
        (
            "{$mode objfpc}{$H+}\nuses SysUtils;\n"
            "function f(n: Int64; const s: UnicodeString): UnicodeString;\n"
            "begin\n  Result := s + UnicodeString(IntToStr(n));\nend;\n",
            [7, "😀é"],
            "😀é7",
        ),
    ],
)
def test_program_shapes(client: APIClient, source: str, args: list[Any], expected: Any) -> None:
    body = _judged(client, source, args, expected)
    assert body["verdict"] == "AC", body


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("source", "args", "why"),
    [
        # An argument beyond the parameter's type is raised, never wrapped around.
        ("function f(x: Integer): Integer;\nbegin f := x end;", [40000], "not fit in SmallInt"),
        ("function f(x: QWord): QWord;\nbegin f := x end;", [-1], "-1 does not fit in QWord"),
        (
            "function f(s: string): Int64;\nbegin f := Length(s) end;",
            ["x" * 300],
            "a string of 300 bytes does not fit in ShortString",
        ),
        (
            "{$mode objfpc}\nuses SysUtils;\nfunction f(x: Int64): Int64;\n"
            "begin\n  raise EArgumentException.Create('no such ' + IntToStr(x));\nend;",
            [1],
            "EArgumentException: no such 1",
        ),
        ("function f(x: Int64): Int64;\nbegin f := 1 div x end;", [0], "EDivByZero"),
        (
            "type TP = record x: Int64; end;\nfunction f(x: Int64): TP;\nbegin f.x := x end;",
            [1],
            "returned a value of type TP, which has no JSON form",
        ),
    ],
)
def test_failures_are_wrong_answers(
    client: APIClient, source: str, args: list[Any], why: str
) -> None:
    body = _judged(client, source, args, 1)
    assert body["verdict"] == "WA", body
    assert why in str(body), body


@pytest.mark.django_db(transaction=True)
def test_a_declaration_it_cannot_call_is_a_compile_error(client: APIClient) -> None:
    body = _judged(client, "procedure f(x: Int64);\nbegin\nend;\n", [1], 1)
    assert body["verdict"] == "CE", body
    assert "f is a procedure: a function call needs a result" in str(body), body
