"""The JSON replies the model must give, checked strictly (unknown keys are errors)."""

from __future__ import annotations

import ast
import json
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from judges.generation import kinds as k

Kind = Literal[
    "float_tolerance", "unordered_output", "multiple_answers", "case_insensitive", "interactive"
]
MAX_SOURCE_CHARS = 64_000


class MalformedReply(Exception):
    """The model's reply is not the JSON object asked for."""


class ClassificationReply(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    needs_special_judge: bool
    kinds: list[Kind] = Field(default_factory=list)
    float_tolerance: float | None = Field(default=None, gt=0, lt=1)
    reason: str = ""

    @model_validator(mode="after")
    def _kinds_match_need(self) -> ClassificationReply:
        if self.needs_special_judge and not self.kinds:
            raise ValueError("needs_special_judge is true but no kinds are given")
        if not self.needs_special_judge and self.kinds:
            raise ValueError("needs_special_judge is false but kinds are given")
        return self


class CheckerReply(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    language: Literal["python", "cpp"]
    source: str = Field(min_length=1, max_length=MAX_SOURCE_CHARS)
    explanation: str = ""

    @model_validator(mode="after")
    def _python_defines_check(self) -> CheckerReply:
        if self.language == "python":
            try:
                tree = ast.parse(self.source, filename="checker.py")
            except SyntaxError as exc:
                raise ValueError(f"the Python source does not parse: {exc}") from None
            names = {
                node.name
                for node in tree.body
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            }
            if "check" not in names:
                raise ValueError("the Python source defines no top-level check() function")
        return self


_FENCE = re.compile(r"^```(?:json)?\s*\n(.*)\n```\s*$", re.DOTALL)


def _json_object(text: str) -> dict[str, object]:
    stripped = text.strip()
    fenced = _FENCE.match(stripped)
    if fenced:
        stripped = fenced.group(1).strip()
    try:
        value = json.loads(stripped)
    except ValueError as exc:
        raise MalformedReply(f"the reply is not JSON: {exc}") from None
    if not isinstance(value, dict):
        raise MalformedReply(f"the reply is JSON {type(value).__name__}, not an object")
    return value


def _describe(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors()[:5]:
        where = ".".join(str(p) for p in error["loc"]) or "reply"
        parts.append(f"{where}: {error['msg']}")
    return "; ".join(parts)


def parse_classification(text: str) -> ClassificationReply:
    try:
        reply = ClassificationReply.model_validate(_json_object(text))
    except ValidationError as exc:
        raise MalformedReply(
            f"the classification does not follow the schema: {_describe(exc)}"
        ) from None
    reply.kinds = [kind for kind in k.ALL if kind in reply.kinds]
    return reply


def parse_checker(text: str) -> CheckerReply:
    try:
        return CheckerReply.model_validate(_json_object(text))
    except ValidationError as exc:
        raise MalformedReply(
            f"the checker reply does not follow the schema: {_describe(exc)}"
        ) from None
