"""Function calls in R, Racket and Verilog: the values each refuses, where the program
goes in its solver, and the shapes of program beyond those of ``programs/``."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import make_user
from verification.harness.calls import CallUnsupported, call_problem, solver_source


@pytest.mark.parametrize(
    ("language", "args", "expected", "why"),
    [
        ("r", [2**53 + 1], 1, "argument 1: 9007199254740993 is beyond the integers R holds"),
        ("r", [1], {"k": ["a\0b"]}, "expected value: R strings cannot hold the NUL character"),
        ("r", [{"a\0": 1}], 1, "argument 1: R strings cannot hold the NUL character"),
        ("racket", ["\ud800"], 1, "argument 1: a string holds a lone surrogate"),
        ("verilog", [2**63], 1, "argument 1: 9223372036854775808 does not fit in 64 bits"),
        ("verilog", [1], None, "expected value: Verilog functions take and return integers"),
        ("verilog", [1], 1.5, "expected value: Verilog functions take and return integers"),
        ("verilog", [True], 1, "argument 1: Verilog functions take and return integers"),
    ],
)
def test_values_refused(language: str, args: list[Any], expected: Any, why: str) -> None:
    problem = call_problem(language, args, expected)
    assert problem is not None and problem.startswith(why), problem


@pytest.mark.parametrize(
    ("language", "value"),
    [
        ("r", [2**53, -(2**53), [1, "mixed", None, True], {}, [], "é😀\u0001"]),
        ("racket", [2**80, -(2**100), {}, [], {"a": [1.5, None]}, "\u0000"]),
        ("verilog", -(2**63)),
        ("verilog", 2**63 - 1),
    ],
)
def test_values_held(language: str, value: Any) -> None:
    assert call_problem(language, [value], value) is None


def test_values_nested_too_deeply_are_refused() -> None:
    deep: list[Any] = []
    for _ in range(150):
        deep = [deep]
    for language in ("r", "racket"):
        assert call_problem(language, [deep], 1) == "argument 1: nested too deeply"


def test_racket_program_keeps_its_line_numbers() -> None:
    code = ";; first\n#lang racket/base\n(define (f) 1)\n"
    source = solver_source("racket", code, "f", 0)
    assert source.startswith("#lang racket/base ;; first\n(module scalebox-user racket/base\n")
    assert source.splitlines()[2] == "(define (f) 1)"
    bare = solver_source("racket", "(define (f) 1)\n", "f", 0)
    assert bare.startswith("#lang racket/base (module scalebox-user racket (define (f) 1)\n")


def test_verilog_function_goes_into_tb_on_its_own_line() -> None:
    code = "function integer f;\n  input integer a;\n  f = a;\nendfunction\n"
    source = solver_source("verilog", code, "f", 1)
    assert source.startswith("module tb; function integer f;\n")
    assert "scalebox_result = f(scalebox_arg0);" in source
    directed = solver_source("verilog", "`timescale 1ns/1ps\n// f\n" + code, "f", 1)
    assert directed.startswith("`timescale 1ns/1ps\n// f\nmodule tb; function integer f;\n")


def test_verilog_module_without_the_function_is_refused() -> None:
    with pytest.raises(CallUnsupported, match="no module of the program declares"):
        solver_source("verilog", "module m;\n  // function f\nendmodule\n", "f", 0)


def test_r_program_comes_before_the_stub() -> None:
    source = solver_source("r", "f <- function() 1", "f", 0)
    assert source.startswith(".scalebox_request <- local(")
    assert "}); f <- function() 1\n" in source
    assert 'FN_NAME <- "f"' in source and "ARITY <- 0L" in source


# -- through the API ---------------------------------------------------------------------


@pytest.fixture
def client() -> APIClient:
    token, _ = Token.objects.get_or_create(user=make_user("caller3"))
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return api


def _judged(
    client: APIClient, language: str, source: str, args: list[Any], expected: Any
) -> dict[str, Any]:
    response = client.post(
        "/api/v1/submissions/?wait=120",
        {
            "kind": "function_call",
            "tests": [{"fn_name": "f", "args": args, "expected": expected}],
            "language": language,
            "source": source,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body: dict[str, Any] = response.json()
    return body


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("language", "source", "args", "expected"),
    [
        # Named vectors are objects, NA is null, a matrix is its rows, integers beyond
        # 32 bits are doubles.
        (
            "r",
            "f <- function(n) list(c(a = 1L, b = NA), matrix(1:4, 2), n + 1)",
            [3000000000],
            [{"a": 1, "b": None}, [[1, 3], [2, 4]], 3000000001],
        ),
        # A shebang line, the class solution%, integers beyond 64 bits.
        (
            "racket",
            "#!/usr/bin/env racket\n#lang racket\n(define solution%\n  (class object%\n"
            "    (super-new)\n    (define/public (f a b) (+ a b))))\n",
            [2**80, 1],
            2**80 + 1,
        ),
        # An unsigned result is zero-extended, a signed one sign-extended.
        ("verilog", "function [7:0] f;\n  input [7:0] a;\n  f = a - 1;\nendfunction\n", [0], 255),
        (
            "verilog",
            "function signed [7:0] f;\n  input signed [7:0] a;\n  f = a - 1;\nendfunction\n",
            [0],
            -1,
        ),
    ],
)
def test_program_shapes(
    client: APIClient, language: str, source: str, args: list[Any], expected: Any
) -> None:
    body = _judged(client, language, source, args, expected)
    assert body["verdict"] == "AC", body


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("language", "source", "why"),
    [
        # Errors are raised, never answered.
        ("r", 'f <- function(x) stop("no such thing")', "raised no such thing"),
        (
            "racket",
            '#lang racket\n(define (f x) (error "no such thing"))\n',
            "raised no such thing",
        ),
        # Values with no JSON form: an environment, a procedure, unknown bits.
        ("r", "f <- function(x) environment()", "returned an environment, which has no JSON"),
        ("racket", "#lang racket\n(define (f x) (lambda () x))\n", "returned a procedure"),
        (
            "verilog",
            "function integer f;\n  input integer a;\n  f = 'bx;\nendfunction\n",
            "unknown (x or z) bits",
        ),
    ],
)
def test_failures_are_wrong_answers(
    client: APIClient, language: str, source: str, why: str
) -> None:
    body = _judged(client, language, source, [1], 1)
    assert body["verdict"] == "WA", body
    assert why in str(body), body
