"""Function calls in C and Haskell: the values each refuses, the declarations C reads,
and the shapes of program beyond those of ``programs/``."""

from __future__ import annotations

import re
from typing import Any

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import make_user
from verification.harness.calls import CallUnsupported, call_problem, solver_source


@pytest.mark.parametrize(
    ("language", "args", "expected", "why"),
    [
        ("c", [1], None, "expected value: C has no null value"),
        ("c", [[1, None]], 1, "argument 1: C has no null value"),
        ("c", ["a\0b"], 1, "argument 1: a C string cannot hold the NUL character"),
        ("c", [[[[1]]]], 1, "argument 1: C function calls take arrays nested at most two"),
        ("c", [{"a": 1}], 1, "argument 1: objects have no map type here"),
        ("c", [2**63], 1, "argument 1: 9223372036854775808 does not fit in 64 bits"),
        ("c", [[1, "x"]], 1, "argument 1: a list mixing number, string"),
        ("haskell", [2**64], 1, "argument 1: 18446744073709551616 does not fit in 64 bits"),
        ("haskell", [1], [1, "x"], "expected value: a list mixing number, string"),
        ("haskell", [{"a": 1, "b": True}], 1, "argument 1: an object whose values mixing"),
    ],
)
def test_values_refused(language: str, args: list[Any], expected: Any, why: str) -> None:
    problem = call_problem(language, args, expected)
    assert problem is not None and problem.startswith(why), problem


@pytest.mark.parametrize(
    ("language", "value"),
    [
        ("c", [[1, 2], [3]]),
        ("c", ["é😀\u0001", ""]),
        ("c", [-(2**63), 2**63 - 1]),
        ("haskell", {"a": [1.5, None], "b": []}),
        ("haskell", ["\u0000é😀", ""]),
    ],
)
def test_values_held(language: str, value: Any) -> None:
    assert call_problem(language, [value], value) is None


@pytest.mark.parametrize(
    ("code", "arity", "why"),
    [
        ("int g(int x) { return x; }", 1, "no definition of the C function 'f' found"),
        ("int f(int x);", 1, "no definition of the C function 'f' found"),
        ("void f(int x) { }", 1, "f returns nothing"),
        ("struct p { int x; };\nint f(struct p v) { return v.x; }", 1, "do not handle the type"),
        ("float f(float x) { return x; }", 1, "do not handle the type 'float'"),
        ("int f(int* xs) { return 0; }", 1, "an array must be followed by its length"),
        ("int f(int** g, int n) { return 0; }", 1, "a 2-D array must be followed by"),
        ("int* f(int n) { return 0; }", 1, "its last parameters must be int* returnSize"),
        (
            "int** f(int n, int* returnSize) { return 0; }",
            1,
            "int* returnSize, int** returnColumnSizes",
        ),
        ("int f(int a, int b) { return a; }", 1, "f takes 2 arguments in C, the call passes 1"),
    ],
)
def test_c_declarations_refused(code: str, arity: int, why: str) -> None:
    with pytest.raises(CallUnsupported, match=re.escape(why)):
        solver_source("c", code, "f", arity)


def test_c_reads_the_definition_not_a_prototype_or_comment() -> None:
    code = (
        "#include <stdbool.h>\n// void f(int x) { }\nstatic long long f(const int* xs, "
        "int n, char c);\n/* f(int) */\nstatic long long f(const int* xs, int n, char c)\n{\n"
        "    return n + c;\n}\nint main(void) { return 0; }\n"
    )
    source = solver_source("c", code, "f", 2)
    assert "scalebox_r = f(scalebox_a0, scalebox_a0n, scalebox_a1);" in source
    assert "char scalebox_a1 = scalebox_read_char(" in source
    assert '#define main scalebox_user_main\n#line 1 "solution.c"\n#include' in source


def test_haskell_program_is_split_around_the_stub() -> None:
    code = (
        "{-# LANGUAGE TupleSections #-}\nmodule Solution\n  ( f\n  ) where\n\n"
        "import Data.List\n  (sort)\n\nf :: Int -> Int\nf = id\n\nmain :: IO ()\n"
        "main = print (f 1)\n"
    )
    source = solver_source("haskell", code, "f", 1)
    assert source.index("TupleSections") < source.index("module Main (main) where")
    assert "module Solution" not in source
    assert source.index("import Data.List\n  (sort)") < source.index("data ScaleboxValue")
    body = source[source.index('{-# LINE 9 "solution.hs" #-}') :]
    assert body.startswith('{-# LINE 9 "solution.hs" #-}\nf :: Int -> Int\nf = id\n')
    assert "\nscaleboxUserMain :: IO ()\nscaleboxUserMain = print (f 1)\n" in body
    assert source.endswith("\nmain :: IO ()\nmain = scaleboxRun Main.f\n")


# -- through the API ---------------------------------------------------------------------


@pytest.fixture
def client() -> APIClient:
    token, _ = Token.objects.get_or_create(user=make_user("caller7"))
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


_C_WORDS = """
char** f(char** words, int wordsSize, char first, bool* keep, int keepSize, int* returnSize) {
    char** out = malloc(sizeof(char*) * wordsSize);
    int n = 0;
    for (int i = 0; i < wordsSize && i < keepSize; i++)
        if (keep[i] && words[i][0] == first) out[n++] = words[i];
    *returnSize = n;
    return out;
}
"""


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("language", "source", "args", "expected"),
    [
        # Arrays of strings and of booleans, a char, an array result.
        ("c", _C_WORDS, [["ab", "ac", "b", "añ"], "a", [True, False, True, True]], ["ab", "añ"]),
        # The program's names may be those of POSIX functions the stub does not declare.
        ("c", "int link(int a) { return a + 1; }\nint f(int x) { return link(x); }", [41], 42),
        # long is 64 bits; bool results; a 2-D array of doubles.
        ("c", "long f(long a) { return a - 1; }", [-(2**63) + 1], -(2**63)),
        (
            "c",
            "double f(double** g, int n, int* cols) { return g[n - 1][cols[n - 1] - 1]; }",
            [[[1], [2.5, 0.1]]],
            0.1,
        ),
        # No signature: the numbers default to Integer.
        ("haskell", "f a b = a * b", [3037000499, 3037000499], 9223372030926249001),
        # Pairs, sets, Maybe arguments, Char, Int64.
        (
            "haskell",
            "import qualified Data.Set as S\nimport Data.Int (Int64)\n"
            "f :: [(Int64, Maybe Int64)] -> Char -> (String, String)\n"
            "f xs c = (show (S.toList (S.fromList [n | (_, Just n) <- xs])), [c])\n",
            [[[1, 3], [2, None], [3, 3]], "😀"],
            ["[3]", "😀"],
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
    ("language", "source", "args", "why"),
    [
        # An argument beyond the parameter's type is raised, never wrapped around.
        ("c", "int f(int x) { return x; }", [2**31], "2147483648 is out of range"),
        ("c", "int* f(int x, int* returnSize) { return 0; }", [1], "set *returnSize to -1"),
        ("c", "char f(char c) { return c; }", ["ab"], "expected a string of one byte"),
        ("haskell", "f :: Int -> Int\nf = id\n", [1, 2], "takes 1 arguments, not 2"),
        ("haskell", 'f :: Int -> Int\nf x = error ("no such " ++ show x)\n', [1], "no such 1"),
        ("haskell", "import Data.Int\nf :: Int32 -> Int32\nf = id\n", [2**31], "out of range"),
        ("haskell", "f :: [Int] -> Int\nf = head\n", [[]], "raised"),
    ],
)
def test_failures_are_wrong_answers(
    client: APIClient, language: str, source: str, args: list[Any], why: str
) -> None:
    body = _judged(client, language, source, args, 1)
    assert body["verdict"] == "WA", body
    assert why in str(body), body


@pytest.mark.django_db(transaction=True)
def test_c_declaration_it_cannot_call_is_a_compile_error(client: APIClient) -> None:
    body = _judged(client, "c", "float f(float x) { return x; }", [1], 1)
    assert body["verdict"] == "CE", body
    assert "C function calls do not handle the type 'float'" in str(body), body
