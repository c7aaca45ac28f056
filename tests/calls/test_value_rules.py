"""What the dynamic languages without distinct null, false and empty list refuse."""

from __future__ import annotations

from verification.harness.calls import call_problem


def test_common_lisp_refuses_false_and_an_empty_list_in_one_value() -> None:
    why = call_problem("commonlisp", [[False, []]], [])
    assert why == (
        "argument 1: it holds both false and an empty list, which are both NIL in Common Lisp"
    )
    assert call_problem("commonlisp", [[False], []], None) is None
    assert call_problem("commonlisp", [[]], {"a": False}) is None


def test_tcl_refuses_strings_that_read_as_numbers() -> None:
    assert call_problem("tcl", ["12"], "x") == (
        "argument 1: the string '12' reads as a number in Tcl"
    )
    assert call_problem("tcl", ["x"], ["1.5e3"]) == (
        "expected value: the string '1.5e3' reads as a number in Tcl"
    )
    assert call_problem("tcl", ["12a", "-Info"], "1 2") is None
    assert call_problem("tcl", [{"k": 1}], {"": "a b"}) is None
