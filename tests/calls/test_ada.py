"""Function calls in Ada: the values refused, the declarations the stub reads or refuses,
how the code is placed in the solver, and the shapes of program beyond ``programs/``."""

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
        ([1], None, "expected value: Ada has no null value"),
        ([[1, None]], 1, "argument 1: Ada has no null value"),
        ([{"a": 1}], 1, "argument 1: objects have no map type here"),
        ([2**63], 1, "argument 1: 9223372036854775808 does not fit in 64 bits"),
        ([[[[1]]]], 1, "argument 1: Ada function calls take arrays of at most two dimensions"),
        ([[[1, 2], [3]]], 1, "argument 1: a 2-D Ada array is rectangular"),
        ([1], ["ok", "\ud800"], "expected value: an Ada String holds UTF-8 bytes"),
        ([[1, "x"]], 1, "argument 1: a list mixing number, string"),
    ],
)
def test_values_refused(args: list[Any], expected: Any, why: str) -> None:
    problem = call_problem("ada", args, expected)
    assert problem is not None and problem.startswith(why), problem


@pytest.mark.parametrize(
    "value",
    [
        ["\u0000é😀\n", ""],
        [[1, 2], [3, 4]],
        [[], []],
        [-(2**63), 2**63 - 1],
        [1.5, float("inf"), 2],
        True,
    ],
)
def test_values_held(value: Any) -> None:
    assert call_problem("ada", [value], value) is None


_INTS = "type Ints is array (Positive range <>) of Integer;\n"


@pytest.mark.parametrize(
    ("code", "arity", "why"),
    [
        ("function G (X : Integer) return Integer is (X);", 1, "no declaration of the Ada"),
        ("-- function F (X : Integer) return Integer\n", 1, "no declaration of the Ada"),
        ("procedure F (X : Integer) is begin null; end F;", 1, "F is a procedure"),
        (
            "generic\n   type T is private;\nfunction F (X : T) return T;",
            1,
            "f is a generic function",
        ),
        (
            "package P is\n   procedure Q;\nend P;\npackage body P is\n"
            "   function F (X : Integer) return Integer is (X);\n"
            "   procedure Q is null;\nend P;\n",
            1,
            "F is declared in the body of package P",
        ),
        (
            "function G return Integer is\n   function F (X : Integer) return Integer is (X);\n"
            "begin\n   return F (1);\nend G;\n",
            1,
            "F is declared inside the subprogram G",
        ),
        (
            "procedure Run (N : Integer) is\n   function F (X : Integer) return Integer is (X);\n"
            "begin\n   null;\nend Run;\n",
            1,
            "F is declared inside the subprogram Run",
        ),
        (
            "function F (X : in out Integer) return Integer is (X);",
            1,
            "parameter X of F is an out parameter",
        ),
        (
            "function F (X : access Integer) return Integer is (X.all);",
            1,
            "parameter X of F is an access parameter",
        ),
        (
            "type Color is (Red, Green);\nfunction F (C : Color) return Integer is (1);",
            1,
            "do not handle the type Color: an enumeration",
        ),
        (
            "type Byte is mod 256;\nfunction F (B : Byte) return Byte is (B);",
            1,
            "do not handle the type Byte: a modular type",
        ),
        (
            "type Point is record\n   X : Integer;\nend record;\n"
            "function F (P : Point) return Integer is (P.X);",
            1,
            "do not handle the type Point: not a scalar, string or array type",
        ),
        (
            "type Three is array (1 .. 3) of Integer;\nfunction F (T : Three) return Integer "
            "is (T (1));",
            1,
            "the array type Three: a constrained array",
        ),
        (
            "type Cube is array (Positive range <>, Positive range <>, Positive range <>) of "
            "Integer;\nfunction F (C : Cube) return Integer is (1);",
            1,
            "take arrays of at most two dimensions",
        ),
        (
            "type Letters is array (Character range <>) of Integer;\n"
            "function F (L : Letters) return Integer is (1);",
            1,
            "the array type Letters is indexed by Character, not an integer type",
        ),
        (
            "subtype Five is String (1 .. 5);\nfunction F (S : Five) return Integer is (1);",
            1,
            "the type Five: a constrained array",
        ),
        ("function F (X : Float_32) return Integer is (1);", 1, "the type 'Float_32'"),
        ("function F (A, B : Integer) return Integer is (A);", 1, "F takes 2 arguments in Ada"),
        (
            "function F (X : Integer) return Integer is (X);\n"
            "function F (X : Float) return Integer is (1);",
            1,
            "more than one Ada function f takes 1 arguments",
        ),
    ],
)
def test_declarations_refused(code: str, arity: int, why: str) -> None:
    with pytest.raises(CallUnsupported, match=re.escape(why)):
        solver_source("ada", code, "f", arity)


def _solver_unit(source: str) -> str:
    return source[source.index("with Ada.Exceptions;") :]


def test_the_code_is_the_solver_procedures_declarative_part() -> None:
    code = (
        "with Ada.Text_IO; use Ada.Text_IO;\n"
        "package Solution is\n"
        "   pragma Preelaborate;\n"
        "   type Ints is array (Natural range <>) of Long_Long_Integer;\n"
        '   S : constant String := "function F (X : Ints) return Boolean;";\n'
        "   function F (X : Ints; N : Natural) return Ints;\n"
        "end Solution;\n"
        "package body Solution is\n"
        "   function F (X : Ints; N : Natural) return Ints is (X (X'First .. N));\n"
        "end Solution;\n"
        "with Solution, Ada.Integer_Text_IO;\n"
        "procedure Main is\nbegin\n   Put_Line (S);\nend Main;\n"
    )
    unit = _solver_unit(solver_source("ada", code, "f", 2))
    lines = unit.split("\n")
    # The with clauses go to the solver's context clause (Solution is now nested), on
    # the first line, so every line of the code keeps its number.
    assert lines[0].startswith("with Ada.Exceptions; ")
    assert "with Ada.Text_IO; with Ada.Integer_Text_IO; procedure Scalebox_Solver is " in lines[0]
    assert lines[0].endswith("use Ada.Text_IO;")
    assert lines[2].strip() == ""  # pragma Preelaborate, a library unit's
    assert lines[3] == code.split("\n")[3]
    assert lines[11:15] == code.split("\n")[11:15]  # procedure Main stays, never called
    assert "with Solution" not in unit
    assert (
        "function Scalebox_Read_1 is new Scalebox_Calls.Read_Array (Standard.Natural, "
        "Standard.Long_Long_Integer, Solution.Ints, Scalebox_Read_2);" in unit
    )
    assert "Scalebox_A2 : constant Standard.Natural := Scalebox_Read_3" in unit
    assert "(Solution.F (Scalebox_A1, Scalebox_A2));" in unit


def test_a_function_inside_the_main_procedure_is_lifted_out_of_it() -> None:
    code = (
        "with Ada.Text_IO;\n"
        "procedure Main is\n"
        "   function F (B : Boolean) return Boolean is\n"
        "   begin\n"
        "      if B then\n         return False;\n      end if;\n"
        "      return True;\n"
        "   end F;\n"
        "begin\n"
        "   for I in 1 .. 3 loop\n      Ada.Text_IO.Put_Line (F (True)'Image);\n"
        "   end loop;\n"
        "end Main;\n"
    )
    unit = _solver_unit(solver_source("ada", code, "f", 1))
    lines = unit.split("\n")
    assert lines[1].strip() == ""  # procedure Main is
    assert lines[2:9] == code.split("\n")[2:9]
    assert all(line.strip() == "" for line in lines[9:14])  # its statements
    assert "Put_Line" not in unit
    assert "Scalebox_Calls.Put_Bool" not in unit  # Boolean goes through the generic
    assert "Scalebox_Write_2 (F (Scalebox_A1));" in unit


# -- through the API ---------------------------------------------------------------------


@pytest.fixture
def client() -> APIClient:
    token, _ = Token.objects.get_or_create(user=make_user("caller_ada"))
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return api


def _judged(
    client: APIClient, source: str, args: list[Any], expected: Any, fn_name: str = "f"
) -> dict[str, Any]:
    response = client.post(
        "/api/v1/submissions/?wait=120",
        {
            "kind": "function_call",
            "tests": [{"fn_name": fn_name, "args": args, "expected": expected}],
            "language": "ada",
            "source": source,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body: dict[str, Any] = response.json()
    return body


_WORDS = """
with Ada.Strings.Unbounded; use Ada.Strings.Unbounded;
package Words_Of is
   subtype Word is Unbounded_String;
   type Words is array (Natural range <>) of Word;
   type Flag is new Boolean;
   type Small is range -5 .. 5;
   function F (W : Words; C : Character; Keep : Flag; S : Small) return Words;
end Words_Of;

package body Words_Of is
   function F (W : Words; C : Character; Keep : Flag; S : Small) return Words is
      Result : Words (W'Range);
   begin
      for I in W'Range loop
         Result (I) := (if Keep then W (I) & C & Small'Image (S) else W (I));
      end loop;
      return Result;
   end F;
end Words_Of;
"""


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("source", "args", "expected"),
    [
        # Unbounded strings in an array indexed from 0, a Character, a derived Boolean, a
        # range type; the function in a package.
        (_WORDS, [["a", "ü"], "!", True, -3], ["a!-3", "ü!-3"]),
        # An Integer and a float type of the code's own.
        (
            "type Real is digits 15;\nfunction F (X : Real; N : Integer) return Real is "
            "(X * Real (N));",
            [0.1, -3],
            -0.30000000000000004,
        ),
        # A configuration pragma goes before the solver's unit.
        (
            "pragma Ada_2022;\ntype V is array (Positive range <>) of Float;\n"
            "function F (X : V; K : Float) return V is (for I in X'Range => X (I) * K);",
            [[1.5, 2], 2],
            [3.0, 4.0],
        ),
        # A 2-D array of Booleans, rows of no columns, a String subtype.
        (
            "subtype Text is String;\ntype Bits is array (Positive range <>, Natural range <>) "
            "of Boolean;\nfunction F (B : Bits; T : Text) return Text is\n   (T & Natural'Image "
            "(B'Length (1)) & Natural'Image (B'Length (2)) & Integer'Image (B'First (2)));",
            [[[], []], "é"],
            "é 2 0 0",
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
        ("function F (X : Integer) return Integer is (X);", [2**31], "2147483648 is out of"),
        ("function F (X : Natural) return Integer is (X);", [-1], "-1 is out of range"),
        ("function F (C : Character) return Integer is (1);", ["ab"], "a string of one byte"),
        (
            "function F (X : Integer) return Integer is\nbegin\n"
            '   raise Program_Error with "no such" & X\'Image;\n   return X;\nend F;',
            [1],
            "PROGRAM_ERROR: no such 1",
        ),
        ("function F (X : Integer) return Integer is (X + 1);", [2**31 - 1], "CONSTRAINT_ERROR"),
    ],
)
def test_failures_are_wrong_answers(
    client: APIClient, source: str, args: list[Any], why: str
) -> None:
    body = _judged(client, source, args, 1)
    assert body["verdict"] == "WA", body
    assert why in str(body), body


@pytest.mark.django_db(transaction=True)
def test_declaration_it_cannot_call_is_a_compile_error(client: APIClient) -> None:
    body = _judged(
        client, "type Byte is mod 256;\nfunction F (B : Byte) return Byte is (B);", [1], 1
    )
    assert body["verdict"] == "CE", body
    assert "do not handle the type Byte: a modular type" in str(body), body


@pytest.mark.django_db(transaction=True)
def test_compile_errors_name_the_codes_own_lines(client: APIClient) -> None:
    body = _judged(client, "\n\nfunction F (X : Integer) return Integer is (X + Y);", [1], 1)
    assert body["verdict"] == "CE", body
    assert ":3:" in str(body) and '"Y" is undefined' in str(body), body
