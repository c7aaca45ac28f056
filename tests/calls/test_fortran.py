"""Function calls in Fortran: the values it refuses, what the stub reads from the
function's declarations, how the program's own main program is kept from running, and
shapes of program beyond those of ``programs/fortran``."""

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
        ([1], None, "expected value: Fortran has no null value"),
        ([[1, None]], 1, "argument 1: Fortran has no null value"),
        ([{"a": 1}], 1, "argument 1: objects have no map type here"),
        ([2**63], 1, "argument 1: 9223372036854775808 does not fit in 64 bits"),
        ([[1, "x"]], 1, "argument 1: a list mixing number, string"),
        ([[[[1]]]], 1, "argument 1: Fortran function calls take arrays of rank at most 2"),
        ([[[1, 2], [3]]], 1, "argument 1: a Fortran 2-D array is rectangular"),
        ([["a", "b "]], 1, "argument 1: a string in a Fortran array cannot end in a blank"),
        ([1], [["x "]], "expected value: a string in a Fortran array cannot end in a blank"),
        (["\ud800"], 1, "argument 1: a Fortran string holds UTF-8 bytes"),
    ],
)
def test_values_refused(args: list[Any], expected: Any, why: str) -> None:
    problem = call_problem("fortran", args, expected)
    assert problem is not None and problem.startswith(why), problem


@pytest.mark.parametrize(
    "value",
    [
        [[1, 2], [3, 4]],
        [[], []],
        ["é😀\u0000", "", " a"],
        "trailing blanks ",
        [-(2**63), 2**63 - 1],
        [[True], [False]],
        [1, 2.5],
    ],
)
def test_values_held(value: Any) -> None:
    assert call_problem("fortran", [value], value) is None


def _module(declarations: str, header: str = "function f(x) result(r)") -> str:
    return f"module m\ncontains\n{header}\n{declarations}\nr = 0\nend function\nend module m\n"


@pytest.mark.parametrize(
    ("code", "arity", "why"),
    [
        ("integer function g(x)\ninteger :: x\ng = x\nend\n", 1, "no definition of the Fortran"),
        (
            "module m\ninterface\ninteger function f(x)\ninteger :: x\nend function\n"
            "end interface\nend module\n",
            1,
            "no definition of the Fortran function 'f' found",
        ),
        ("subroutine f(x)\ninteger :: x\nend subroutine\n", 1, "f is a subroutine"),
        (_module("integer :: x\ninteger :: r"), 2, "f takes 1 arguments in Fortran, the call"),
        (_module("complex(8) :: x\ninteger :: r"), 1, "do not handle the type 'complex(8)'"),
        (_module("type(point) :: x\ninteger :: r"), 1, "do not handle the type 'type(point)'"),
        (_module("integer :: x\ntype(point) :: r"), 1, "the result of f"),
        (_module("integer :: r", "function f(x) result(r)"), 1, "parameter x of f has no declared"),
        (_module("integer :: x", "function f(x) result(r)"), 1, "the result of f has no declared"),
        (_module("integer :: x(10)\ninteger :: r"), 1, "must be assumed-shape or allocatable"),
        (_module("integer :: x(*)\ninteger :: r"), 1, "must be assumed-shape or allocatable"),
        (_module("integer :: x(:, :, :)\ninteger :: r"), 1, "arrays of rank at most 2"),
        (_module("integer, pointer :: x(:)\ninteger :: r"), 1, "do not pass pointers"),
        (_module("integer(16) :: x\ninteger :: r"), 1, "integers of more than 64 bits"),
        (_module("character(len=10) :: x\ninteger :: r"), 1, "character(len=*)"),
        (_module("character(kind=4, len=*) :: x\ninteger :: r"), 1, "the default character"),
    ],
)
def test_declarations_refused(code: str, arity: int, why: str) -> None:
    with pytest.raises(CallUnsupported, match=re.escape(why)):
        solver_source("fortran", code, "f", arity)


def _main(source: str) -> str:
    return source[source.index("program scalebox_main") :]


def test_kinds_are_read_from_the_declarations() -> None:
    code = (
        "module kinds\n  integer, parameter :: dp = kind(1.0d0), ik = selected_int_kind(9)\n"
        "end module kinds\nmodule m\n  use kinds\n  use, intrinsic :: iso_fortran_env\n"
        "  integer, parameter :: wp = precision(1.0)\ncontains\n"
        "  pure integer*8 function F(a, b, c, d, e, g)\n"
        "    integer(kind=int64), intent(in) :: a\n    real(dp) b\n"
        "    integer(ik), value :: c\n    logical(c_bool) :: d(:)\n"
        "    real(wp), intent(in) :: e\n    character, intent(in) :: g\n"
        "    dimension :: e(:, :)\n    f = a\n  end function f\nend module m\n"
    )
    main = _main(solver_source("fortran", code, "F", 6))
    assert "use m, only: F, wp\n" in main
    assert "integer(8), allocatable :: scalebox_a0\n" in main
    assert "real(8), allocatable :: scalebox_a1\n" in main
    assert "integer(4), allocatable :: scalebox_a2\n" in main
    assert "logical(1), allocatable :: scalebox_a3(:)\n" in main
    assert "real(wp), allocatable :: scalebox_a4(:, :)\n" in main
    assert "character(len=1), allocatable :: scalebox_a5\n" in main
    assert 'scalebox_a5 = scalebox_str("argument 6", 1)' in main
    assert 'scalebox_a3 = scalebox_bools("argument 4")' in main
    assert "call scalebox_put(int(F(scalebox_a0," in main


def test_the_program_becomes_a_module_without_its_statements() -> None:
    code = (
        "! program notes: end program\nprogram solve\n  implicit none\n"
        '  character(len=*), parameter :: tag = "end program; contains" ! contains\n'
        "  integer :: count = 0\n  print *, f(1); stop 1\n  count = 2\ncontains\n"
        "  integer function f(x)\n    integer, intent(in) :: x\n"
        "    f = x + len(tag) + count\n  end function f\nend program solve\n"
    )
    source = solver_source("fortran", code, "f", 1)
    body = source[source.index('# 1 "solution.f90"') : source.index("program scalebox_main")]
    assert "module scalebox_program\n" in body and "end module scalebox_program\n" in body
    assert "program solve" not in body and "print" not in body and "stop" not in body
    assert "count = 2" not in body and "integer :: count = 0" in body
    assert 'tag = "end program; contains" ! contains' in body
    # Line markers keep the program's own line numbers in the compiler's messages.
    assert body.startswith('# 1 "solution.f90"\n! program notes: end program\nmodule scalebox')
    assert 'module scalebox_program\n# 2 "solution.f90"\n' in body
    assert "use scalebox_program, only: f\n" in _main(source)


def test_a_main_program_without_functions_is_dropped_and_externals_are_wrapped() -> None:
    code = (
        "integer function g(x)\n  integer :: x\n  g = x\nend function g\n"
        "integer function f(x); integer :: x; f = g(x); end function f\n"
        "print *, f(1)\nend\n"
    )
    source = solver_source("fortran", code, "f", 1)
    body = source[source.index('# 1 "solution.f90"') : source.index("program scalebox_main")]
    assert body.count("module scalebox_external_1\ncontains\n") == 1
    assert "end function f\nend module scalebox_external_1\n" in body
    assert "print" not in body
    assert "use scalebox_external_1, only: f\n" in _main(source)


# -- through the API ---------------------------------------------------------------------


@pytest.fixture
def client() -> APIClient:
    token, _ = Token.objects.get_or_create(user=make_user("caller-fortran"))
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return api


def _judged(client: APIClient, source: str, args: list[Any], expected: Any) -> dict[str, Any]:
    response = client.post(
        "/api/v1/submissions/?wait=120",
        {
            "kind": "function_call",
            "tests": [{"fn_name": "f", "args": args, "expected": expected}],
            "language": "fortran",
            "source": source,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body: dict[str, Any] = response.json()
    return body


_WORDS = """
module words
  implicit none
contains
  ! Arrays of strings (blank-padded), a character, logicals of kind 1.
  function f(words, first, keep) result(out)
    character(len=*), intent(in) :: words(:)
    character, intent(in) :: first
    logical(1), intent(in) :: keep(:)
    character(len=:), allocatable :: out(:)
    integer :: i, n
    allocate (character(len=len(words)) :: out(size(words)))
    n = 0
    do i = 1, size(words)
      if (words(i)(1:1) == first .and. keep(i)) then
        n = n + 1
        out(n) = words(i)
      end if
    end do
    out = out(:n)
  end function f
end module words
"""

_GRID = """
module grid
  implicit none
  integer, parameter :: wp = selected_real_kind(15, 307)
contains
  real(wp) function f(g, s) ; real(kind=wp), intent(in) :: g(:, :) ; real(8) :: s
    f = g(size(g, 1), size(g, 2)) * s
  end function
end module
"""

_NAKED = """implicit none
integer :: calls = 0
print *, f(2_8)
stop 3
contains
  function f(x) result(y)
    integer(8), value :: x
    integer(8) :: y
    calls = calls + 1
    y = x * 2 + calls
  end function
end
"""


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("source", "args", "expected"),
    [
        (_WORDS, [["ab", "ac", "b", "añ"], "a", [True, False, True, True]], ["ab", "añ"]),
        (_GRID, [[[1.5, 2], [3, 0.25]], 2], 0.5),
        # A main program without a program statement: its statements do not run.
        (_NAKED, [5], 11),
        ("logical function f(s)\ncharacter(len=*) :: s\nf = s == 'a  '\nend\n", ["a"], True),
    ],
)
def test_program_shapes(client: APIClient, source: str, args: list[Any], expected: Any) -> None:
    body = _judged(client, source, args, expected)
    assert body["verdict"] == "AC", body


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("source", "args", "why"),
    [
        # An argument beyond the parameter's kind is raised, never wrapped around.
        ("integer function f(x)\ninteger :: x\nf = x\nend\n", [2**31], "is out of range"),
        ("integer function f(c)\ncharacter :: c\nf = 1\nend\n", ["ab"], "a string of one byte"),
        ("integer function f(x)\nreal :: x(:, :)\nf = 1\nend\n", [[1]], "expected a list"),
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
    body = _judged(client, "complex function f(x)\ncomplex :: x\nf = x\nend\n", [1], 1)
    assert body["verdict"] == "CE", body
    assert "do not handle the type 'complex'" in str(body), body
