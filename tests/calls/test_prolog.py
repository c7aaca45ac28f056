"""Function calls in Prolog (SWI-Prolog): what the stub reads from the source (the
predicate's clauses, its PlDoc declaration), the values it refuses, and the shapes of
program beyond those of ``programs/``."""

from __future__ import annotations

import re
from typing import Any

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import make_user
from verification.harness.calls import CallUnsupported, call_problem, solver_source
from verification.harness.calls.prolog import declared_types, defined_arities


@pytest.mark.parametrize(
    ("args", "expected", "why"),
    [
        (["a\ud800b"], 1, "argument 1: a string holds a lone surrogate"),
        ([1], {"k\udfff": 1}, "expected value: a string holds a lone surrogate"),
    ],
)
def test_values_refused(args: list[Any], expected: Any, why: str) -> None:
    problem = call_problem("prolog", args, expected)
    assert problem is not None and problem.startswith(why), problem


@pytest.mark.parametrize(
    "value",
    [
        [2**64, -(2**100), 1.5, float("inf")],
        [1, "x", True, None, [[]], {}],
        {"": [None], "k y": {"z": "é😀\u0000"}},
    ],
)
def test_values_held(value: Any) -> None:
    assert call_problem("prolog", [value], value) is None


@pytest.mark.parametrize(
    ("code", "arities"),
    [
        ("f(X, Y) :- Y is X + 1.\nf(a).", {1, 2}),
        # Comments, strings, quoted atoms and character codes hide what they hold.
        ("% f(A, B, C).\n/* f(A, B). */\ng(\"f(A, B).\", 'f(X).', 0'., 0',).", set()),
        ("f(X, [A, B|T], {C, D}, 'x,y') --> [X].", {6}),
        ("m:f(0, 'a,b', \"c.d\") :- true.\nf :- g =.. [h].", {0, 3}),
        (":- dynamic(f/4).\n:- table f/5, g/1.", {4, 5}),
        ("'f'(1, 2).\nf (1, 2).", {2}),
    ],
)
def test_defined_arities(code: str, arities: set[int]) -> None:
    assert defined_arities(code, "f") == arities


def test_declared_types_come_from_the_first_pldoc_declaration_of_that_arity() -> None:
    code = (
        "%!  f(+X:integer, -Y:list(float)) is det.\n"
        "%!  f(+Xs:list(list(int)), +K:atom,\n"
        "%       -R:list(pair)) is det.\n"
        "%!  f(+Xs:codes, +K:chars, -R:string) is det.\n"
        "f(_, _, _).\n"
    )
    assert declared_types(code, "f", 2) == (["list(list(integer))", "atom"], "pairs")
    assert declared_types(code, "f", 1) == (["integer"], "list(float)")
    block = "/** f(?A, B:dict, -C:assoc)\n\n  Docs.\n*/\nf(_, _, _).\n"
    assert declared_types(block, "f", 2) == (["any", "dict"], "assoc")
    assert declared_types("f(_, _, _).", "f", 2) == (["any", "any"], "any")


@pytest.mark.parametrize(
    ("code", "arity", "why"),
    [
        ("g(X, X).", 1, "no clause of the Prolog predicate f/2 found"),
        ("% f(X, Y).\ng(X, X).", 1, "needs the predicate f/2, its last argument the result"),
        ("f(X, Y) :- Y = X.\nf(a).", 2, "the program defines f/1, f/2, not f/3"),
        ("%! f(+X:tree, -Y) is det.\nf(X, X).", 1, "argument 1 of f/2 is declared of the type"),
        ("%! f(+X, -Y:list(foo)) is det.\nf(X, X).", 1, "'foo', which function calls in"),
        ("%! f(+X, +Y) is det.\nf(X, X).", 1, "the last argument of f/2 is the result"),
        ("%! f(+X, -y) is det.\nf(X, X).", 1, "cannot read argument 2 of f/2"),
    ],
)
def test_declarations_refused(code: str, arity: int, why: str) -> None:
    with pytest.raises(CallUnsupported, match=re.escape(why)):
        solver_source("prolog", code, "f", arity)


def test_the_stub_comes_first_on_the_program_s_first_line() -> None:
    code = "#!/usr/bin/env swipl\n:- initialization(main, main).\nf(X, X).\n"
    source = solver_source("prolog", code, "f", 1)
    first, rest = source.split("\n", 1)
    assert first.startswith(":- encoding(utf8).") and first.endswith(" % /usr/bin/env swipl")
    assert rest.startswith(":- initialization(main, main).\nf(X, X).\n")
    assert source.endswith("\n:- initialization(scalebox_call('f', 1, [any], any), main).\n")


# -- through the API ---------------------------------------------------------------------


@pytest.fixture
def client() -> APIClient:
    token, _ = Token.objects.get_or_create(user=make_user("caller-prolog"))
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return api


def _judged(client: APIClient, source: str, args: list[Any], expected: Any) -> dict[str, Any]:
    response = client.post(
        "/api/v1/submissions/?wait=120",
        {
            "kind": "function_call",
            "tests": [{"fn_name": "f", "args": args, "expected": expected}],
            "language": "prolog",
            "source": source,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body: dict[str, Any] = response.json()
    return body


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("source", "args", "expected"),
    [
        # Integers of any size; floats; a dict argument and result.
        ("f(X, Y) :- Y is X * X.", [2**64], 2**128),
        ("f(Xs, Ys) :- maplist([X, Y]>>(Y is -X), Xs, Ys).", [[2.5e-300, -1.5]], [-2.5e-300, 1.5]),
        ("f(D, R) :- get_dict(a, D, V), R = D.put(b, V).", [{"a": [1]}], {"a": [1], "b": [1]}),
        # Declared types: atoms, codes and chars in and out; integers as floats; an assoc.
        (
            "%! f(+A:atom, +C:codes, +Cs:chars, -R:list(string)) is det.\n"
            "f(A, C, Cs, [A, C, Cs]) :- atom(A), C = [0'x], Cs = [y].",
            ["a", "x", "y"],
            ["a", "x", "y"],
        ),
        ("%! f(+X:float, -Y) is det.\nf(X, Y) :- float(X), Y = X.", [3], 3.0),
        (
            "%! f(+A:assoc, -R:assoc) is det.\n"
            'f(A, R) :- get_assoc("k", A, V), W is V + 1, put_assoc("n", A, W, R).',
            [{"k": 1}],
            {"k": 1, "n": 2},
        ),
        # The program's own start, module header and a main of library(main) stay unrun.
        (
            ":- module(m, [f/2]).\n:- use_module(library(main)).\n:- initialization(main, main).\n"
            ":- main.\nmain(_) :- halt(1).\nf(X, Y) :- Y = X.",
            ["ok"],
            "ok",
        ),
    ],
)
def test_program_shapes(client: APIClient, source: str, args: list[Any], expected: Any) -> None:
    body = _judged(client, source, args, expected)
    assert body["verdict"] == "AC", body


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("source", "why"),
    [
        ("f(X, _) :- X > 1.", "f/2 failed: it has no solution for these arguments"),
        ("f(_, _).", "the result is left unbound"),
        ("f(_, Y) :- Y = point(1, 2).", "the result holds point(1,2), which has no JSON form"),
        ("f(X, _) :- atom_length(g(X), _).", "Type error"),
        ("f(_, _) :- throw(gave_up).", "gave_up"),
    ],
)
def test_failures_are_wrong_answers(client: APIClient, source: str, why: str) -> None:
    body = _judged(client, source, [[1]], 1)
    assert body["verdict"] == "WA", body
    assert why in str(body), body


@pytest.mark.django_db(transaction=True)
def test_a_predicate_of_another_arity_is_a_compile_error(client: APIClient) -> None:
    body = _judged(client, "f(X) :- X > 0.", [1], 1)
    assert body["verdict"] == "CE", body
    assert "the program defines f/1, not f/2" in str(body), body
