"""Code out of a model's markdown completion, as icip-cas/ScaleBox's server extracts it.

Complete fenced blocks win; among them the first whose tag names the requested language,
else the first block. Without a complete block, the text after an unclosed fence is the
code. Without any fence the whole completion is taken as code (the peer would try a
Python-only heuristic there and otherwise send nothing to run).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from verification.executors import language_for_fence

_FENCED = re.compile(r"```([^\n]*)\n(.*?)\n\s*```", re.DOTALL)
_UNCLOSED = re.compile(r"```([^\n]*)\n(.*)", re.DOTALL)


@dataclass(frozen=True)
class Extracted:
    code: str
    kind: str  # icip-cas's extracted_type: fenced, incomplete_fenced, heuristic, empty


def code_extract(completion: str, language: str) -> Extracted:
    blocks = [(language_for_fence(tag), body) for tag, body in _FENCED.findall(completion)]
    if blocks:
        for tag, body in blocks:
            if tag == language:
                return Extracted(body, "fenced")
        return Extracted(blocks[0][1], "fenced")
    unclosed = _UNCLOSED.search(completion)
    if unclosed:
        return Extracted(unclosed.group(2), "incomplete_fenced")
    if completion.strip():
        return Extracted(completion, "heuristic")
    return Extracted("", "empty")
