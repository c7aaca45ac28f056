"""The stored test of a function-call or assert case, as every door stores it."""

from __future__ import annotations

from verification.harness.tests_json import HarnessTest, assert_test, function_call_test


def test_function_call_test_is_the_json_every_door_stores():
    test = function_call_test("f", [1, "a", [None]], {"k": [1.5]})
    assert test == HarnessTest(b'{"fn_name": "f", "args": [1, "a", [null]]}', b'{"k": [1.5]}')


def test_assert_test_is_the_json_every_door_stores():
    assert assert_test("assert f(1) == 2\n", "f") == HarnessTest(
        b'{"test": "assert f(1) == 2\\n", "entry_point": "f"}', b""
    )
    assert assert_test("assert g()", None).input == b'{"test": "assert g()", "entry_point": null}'
