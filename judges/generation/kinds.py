"""The kinds of special judge a problem may need."""

from __future__ import annotations

FLOAT_TOLERANCE = "float_tolerance"
UNORDERED_OUTPUT = "unordered_output"
MULTIPLE_ANSWERS = "multiple_answers"
CASE_INSENSITIVE = "case_insensitive"
INTERACTIVE = "interactive"

ALL = (FLOAT_TOLERANCE, UNORDERED_OUTPUT, MULTIPLE_ANSWERS, CASE_INSENSITIVE, INTERACTIVE)
DEFAULT_FLOAT_TOLERANCE = 1e-6


def order_matters(kinds: list[str] | tuple[str, ...]) -> bool:
    """Whether reordering an answer's lines or tokens makes it wrong."""
    return not ({UNORDERED_OUTPUT, MULTIPLE_ANSWERS} & set(kinds))


def answer_is_unique(kinds: list[str] | tuple[str, ...]) -> bool:
    """Whether every valid output equals the answer up to tolerance, order or case."""
    return MULTIPLE_ANSWERS not in kinds
