"""Rule-based classification: phrases of the statement and the shape of the answers.

Rules only ever say that a problem needs a special judge; deciding that one is not
needed is left to the model, so a problem the rules cannot place is never silently
judged by exact matching.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from judges.generation import kinds as k

PHRASES: dict[str, tuple[str, ...]] = {
    k.MULTIPLE_ANSWERS: (
        r"\bany of them\b",
        r"\b(?:print|output|find|give) any\b",
        r"\bany (?:valid|correct|possible|such|suitable)\b",
        r"\b(?:several|multiple|many) (?:possible |valid |correct )?(?:answers|solutions)\b",
        r"\bif there (?:are|is) (?:several|multiple|many|more than one)\b",
        r"\bnot (?:necessarily )?unique\b",
    ),
    k.UNORDERED_OUTPUT: (
        r"\bin (?:any|arbitrary) order\b",
        r"\border (?:does not|doesn't|do not) matter\b",
    ),
    k.FLOAT_TOLERANCE: (
        r"\b(?:absolute|relative) (?:or (?:absolute|relative) )?error\b",
        r"\berror (?:of )?(?:at most|less than|not exceeding|within)\b",
        r"\b(?:absolute|relative) tolerance\b",
    ),
    k.CASE_INSENSITIVE: (
        r"\bin any (?:letter )?case\b",
        r"\bcase[- ]insensitive\b",
        r"\b(?:upper|lower)(?:case| case) or (?:upper|lower)(?:case| case)\b",
        r"\bany (?:combination of )?(?:upper|lower)(?:case| case)\b",
    ),
    k.INTERACTIVE: (r"\binteractive\b", r"\binteractor\b", r"\bflush (?:the )?output\b"),
}

_TOLERANCE = (
    re.compile(r"10\s*\^\s*\{?\s*[-\N{MINUS SIGN}]\s*(\d{1,2})\s*\}?"),
    re.compile(r"\b1\s*[eE]\s*[-\N{MINUS SIGN}]\s*(\d{1,2})\b"),
    re.compile(r"10\s*\*\*\s*\(?\s*[-\N{MINUS SIGN}]\s*(\d{1,2})\s*\)?"),
)
_DECIMAL = re.compile(rb"^[-+]?\d+\.\d+(?:[eE][-+]?\d+)?$")


@dataclass
class RuleClassification:
    kinds: list[str] = field(default_factory=list)
    signals: list[str] = field(default_factory=list)
    float_tolerance: float | None = None

    @property
    def decided(self) -> bool:
        """Whether the rules alone are sure enough to skip asking the model."""
        if not self.kinds:
            return False
        return k.FLOAT_TOLERANCE not in self.kinds or self.float_tolerance is not None


def classify_by_rules(*, statement: str, answers: Iterable[bytes]) -> RuleClassification:
    text = " ".join(statement.lower().split())
    result = RuleClassification()
    for kind, patterns in PHRASES.items():
        for pattern in patterns:
            match = re.search(pattern, text)
            if match:
                result.kinds.append(kind)
                result.signals.append(f"{kind}: statement says {match.group(0)!r}")
                break
    result.kinds = [kind for kind in k.ALL if kind in result.kinds]
    if k.FLOAT_TOLERANCE in result.kinds:
        result.float_tolerance = _tolerance(text)
        if result.float_tolerance is not None:
            result.signals.append(f"tolerance {result.float_tolerance:g} from the statement")
    if k.FLOAT_TOLERANCE not in result.kinds and any(_has_decimals(a) for a in answers):
        # Decimal answers alone do not prove a tolerance is meant: evidence for the model.
        result.signals.append("answers hold decimal numbers (no tolerance stated)")
    return result


def _tolerance(text: str) -> float | None:
    for pattern in _TOLERANCE:
        match = pattern.search(text)
        if match:
            return float(f"1e-{int(match.group(1))}")
    return None


def _has_decimals(answer: bytes) -> bool:
    return any(_DECIMAL.match(token) for token in answer.split()[:200])
