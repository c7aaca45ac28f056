"""What a parsed problem package is: plain frozen values, no Django, no database."""

from __future__ import annotations

from dataclasses import dataclass, field

from .scoring import Scoring


class PackageError(Exception):
    """A problem package that cannot be imported; the message is one line naming the
    file (or directory) at fault and what is wrong with it."""


@dataclass(frozen=True)
class PackageTestCase:
    name: str
    """Path under ``data/`` without the extension, e.g. ``secret/group1/03``."""
    group: str
    """The directory holding the case, under ``data/``: ``sample``, ``secret/group1``."""
    order: int
    """0-based position in the format's order (lexicographic, nested groups in place)."""
    input: bytes
    answer: bytes
    validator_args: tuple[str, ...]
    """Output validator arguments for this case: problem-level flags followed by the
    group's (legacy ``testdata.yaml`` ``output_validator_flags``; 2025-09
    ``test_group.yaml`` / ``<case>.yaml`` ``output_validator_args``)."""


@dataclass(frozen=True)
class ValidatorSource:
    protocol: str
    """``kattis`` or ``testlib`` (testlib iff a source file includes ``testlib.h``)."""
    language: str
    """``cpp``, ``c``, ``python`` or ``script`` (the directory has ``build``/``run``)."""
    files: dict[str, bytes]
    """Every file of the validator directory, by path relative to it."""
    entry: str
    """The main source file (``build`` or ``run`` for scripts), relative path."""


@dataclass(frozen=True)
class ReferenceSolution:
    path: str
    """Path under ``submissions/``, e.g. ``accepted/sol.py``."""
    language: str
    source: bytes
    expected: str
    """``accepted``, ``wrong_answer``, ``time_limit_exceeded``, ``run_time_error``,
    ``rejected``, ... : the directory name, or the name implied by an
    ``@EXPECTED_RESULTS@`` header."""
    expected_verdicts: tuple[str, ...]
    """The overall verdicts (our vocabulary) this solution may get, ICPC style; empty
    when the package does not say (an unknown directory name)."""
    expected_score: tuple[float, float] | None = None
    """The score range [low, high] the package states for a scoring problem (2025-09
    ``submissions.yaml`` ``score``; legacy and 2023-07-draft ``@EXPECTED_SCORE@`` in the
    source), or None."""
    permitted: tuple[str, ...] = ()
    """2025-09 ``permitted``: every case verdict must be one of these (empty: any)."""
    required: tuple[tuple[str, ...], ...] = ()
    """2025-09 ``required``: for each tuple, some case verdict must be in it."""


@dataclass(frozen=True)
class ProblemPackage:
    short_name: str
    title: str
    statement: str
    format_version: str
    """``legacy``, ``2023-07-draft`` or ``2025-09``."""
    time_limit_s: float | None
    time_limit_source: str
    """``.timelimit``, ``problem.yaml limits.time_limit``,
    ``domjudge-problem.ini timelimit``, or ``""`` when no limit is given (derive it
    with :func:`verification.problem_package.derive_time_limit`)."""
    time_multiplier: float
    """legacy ``limits.time_multiplier`` (default 5); 2025-09
    ``limits.time_multipliers.ac_to_time_limit`` (default 2.0)."""
    time_safety_margin: float
    """legacy ``limits.time_safety_margin`` (default 2); 2025-09
    ``limits.time_multipliers.time_limit_to_tle`` (default 1.5)."""
    memory_limit_mb: int | None
    """problem.yaml ``limits.memory``, or the format's default (2048 MiB) when it gives none."""
    output_limit_kb: int | None
    validation: str
    """``default`` or ``custom``."""
    validator_flags: tuple[str, ...]
    """Problem-level flags (legacy ``validator_flags``); per-case arguments, which
    include these, are on each test case."""
    validator: ValidatorSource | None
    tests: tuple[PackageTestCase, ...]
    submissions: tuple[ReferenceSolution, ...]
    provenance: dict[str, str]
    interactive: bool = False
    """The submission talks to the output validator over pipes (type ``interactive``;
    legacy ``validation: custom interactive``)."""
    validation_passes: int = 1
    """The most passes of a multi-pass problem (``limits.validation_passes``, default
    2); 1 for a problem judged in one pass."""
    time_resolution_s: float = 1.0
    """2025-09 ``limits.time_resolution`` (default 1.0); derived limits are multiples."""
    scoring: Scoring | None = None
    """The test groups' points and aggregation of a scoring problem; None for pass-fail."""
    warnings: tuple[str, ...] = field(default=())
    """Things in the package that were ignored, one line each."""
