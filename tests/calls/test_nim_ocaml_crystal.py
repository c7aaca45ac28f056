"""Function calls in Nim, OCaml and Crystal: what each stub makes of the program's
declarations and values, beyond the standard problems of ``problems.py``."""

from __future__ import annotations

import pytest

from verification.executors import CompileError
from verification.harness.calls import call_problem, nim
from verification.harness.calls.ocaml import call_code, signature


def test_crystal_lists_may_mix_types_but_integers_fit_in_64_bits() -> None:
    assert call_problem("crystal", [[1, "x", None, 1.5, [True]]], {"a": [1, "b"]}) is None
    problem = call_problem("crystal", [[1, 1 << 64]], 1)
    assert problem == "argument 1: 18446744073709551616 does not fit in 64 bits"


def test_nim_lists_hold_one_type() -> None:
    assert call_problem("nim", [[1, "x"]], 1) == "argument 1: a list mixing number, string"


def test_nim_main_module_blocks_do_not_run_but_strings_and_comments_stay() -> None:
    code = (
        "let x = 1'i64\n# isMainModule\nlet c = '\\n'\nwhen isMainModule: echo \"isMainModule\"\n"
    )
    source = nim.solver_source(code, "f", 1)
    assert source.startswith(
        "let x = 1'i64\n# isMainModule\nlet c = '\\n'\nwhen false: echo \"isMainModule\"\n"
    )
    assert source.rstrip().endswith('scaleboxRun(f, 1, "f")')


def test_ocaml_conversions_follow_the_interface() -> None:
    code = call_code(
        "f",
        " x:int -> ?y:int64 -> int * string -> float array ->\n  (string, bool list) Hashtbl.t",
        "f",
        4,
    )
    assert "let a1 = S.arg 1 S.d_int input in" in code
    assert "let a2 = S.arg 2 (S.d_option S.d_int64) input in" in code
    assert "S.d_tuple 2 input; let x0 = S.d_int input in let x1 = S.d_string input in" in code
    assert "let a4 = S.arg 4 (S.d_array S.d_float) input in" in code
    assert "(S.e_hashtbl S.ke_string (S.e_list S.e_bool)) out (f ~x:a1 ?y:a2 a3 a4)" in code


def test_ocaml_types_of_the_program_are_refused_when_the_call_runs() -> None:
    code = call_code("g", "point -> point option", "g", 1)
    assert 'S.arg 1 (S.d_none "point") input' in code
    assert '(S.e_option (S.e_none "point")) out (g a1)' in code


@pytest.mark.parametrize(
    ("type_text", "arity", "why"),
    [
        ("'a list -> 'a -> int option", 2, "find is polymorphic ('a list -> 'a -> int option)"),
        ("int -> int -> int", 1, "find takes 2 parameters (int -> int -> int), the call passes 1"),
    ],
)
def test_ocaml_calls_that_cannot_be_made(type_text: str, arity: int, why: str) -> None:
    with pytest.raises(CompileError, match=r"^" + why.replace("(", r"\(").replace(")", r"\)")):
        call_code("find", type_text, "find", arity)


def test_ocaml_finds_the_function_at_top_level_or_in_module_solution() -> None:
    text = "type t = int\nval other : int\nval f :\n  int ->\n  string\nval g : t\n"
    assert signature(text, "f") == ("f", "\n  int ->\n  string")
    nested = "module Solution :\n  sig\n    val a : int\n    val f : string -> string\n  end\n"
    assert signature(nested, "f") == ("Solution.f", " string -> string\n  ")
    assert signature("module Solution : sig val f : int -> int end\n", "f") == (
        "Solution.f",
        " int -> int ",
    )
    assert signature(text, "missing") is None
