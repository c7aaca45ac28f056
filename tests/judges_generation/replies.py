"""Scripted model replies: good checkers from the fixtures, and the bad kinds validation
must catch."""

from __future__ import annotations

import json

from tests.judges_generation.llm_server import Reply
from tests.judges_generation.problems import fixture


def checker_reply(source: str, language: str = "python") -> str:
    return json.dumps({"language": language, "source": source, "explanation": "checks it"})


def classification_reply(needs: bool, kinds: list[str], tolerance: float | None = None) -> str:
    return json.dumps(
        {
            "needs_special_judge": needs,
            "kinds": kinds,
            "float_tolerance": tolerance,
            "reason": "scripted",
        }
    )


def good(slug: str) -> str:
    source = fixture(slug).checker
    assert source is not None, f"fixture {slug} has no checker"
    return checker_reply(source)


ACCEPT_ALL = checker_reply("def check(input, output, answer):\n    return True, 'fine'\n")
REJECT_CORRECT = checker_reply(
    "def check(input, output, answer):\n"
    "    same = output.split() == answer.split()\n"
    "    return same, 'compared with the answer'\n"
)
CRASHING = checker_reply(
    "def check(input, output, answer):\n"
    "    tokens = output.split()\n"
    "    return tokens[99] == b'x'\n"
)
HANGING = checker_reply("def check(input, output, answer):\n    while True:\n        pass\n")
MALFORMED = "Sure! Here is a checker:\n```python\ndef check(i, o, a):\n    return True\n```"


BAD_KINDS = ("accept_all", "reject_correct", "crashing", "hanging", "malformed", "timeout")


def bad(kind: str, *, slug: str, delay_s: float) -> Reply:
    if kind == "timeout":
        return Reply(good(slug), delay_s=delay_s)
    text = {
        "accept_all": ACCEPT_ALL,
        "reject_correct": REJECT_CORRECT,
        "crashing": CRASHING,
        "hanging": HANGING,
        "malformed": MALFORMED,
    }[kind]
    return Reply(text)
