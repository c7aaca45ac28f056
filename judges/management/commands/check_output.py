"""``manage.py check_output --batch FILE.jsonl``: judge outputs with the built-in checkers.

Each input line is one JSON object::

    {"checker": "default", "args": ["float_tolerance", "1e-6"],
     "input": "...", "answer": "...", "output": "..."}

``checker``, ``answer`` and ``output`` are required; ``args`` (a list of strings) and
``input`` default to empty. A text that is not UTF-8 comes base64-encoded as
``input_b64``, ``answer_b64`` or ``output_b64`` instead. ``--batch -`` reads standard
input.

Each input line gets exactly one output line, in order:
``{"verdict": "AC"|"WA"|"JE", "message": "..."}``. A line that cannot be judged (not
JSON, a missing or malformed field, an unknown checker) gets a JE line naming the
problem, is reported on standard error, and makes the command exit with status 1 after
every line is done. A JE from the checker itself (bad checker arguments) is a verdict,
not a malformed line.
"""

from __future__ import annotations

import base64
import binascii
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from judges.checkers import CheckResult, UnknownChecker, checker_for, run_checker

TEXT_FIELDS = ("input", "answer", "output")
REQUIRED_TEXT_FIELDS = ("answer", "output")


class MalformedLine(ValueError):
    """A batch line that cannot be judged; the message says why."""


@dataclass(frozen=True)
class BatchItem:
    checker: str
    args: tuple[str, ...]
    input: bytes
    answer: bytes
    output: bytes


def parse_line(line: bytes) -> BatchItem:
    try:
        row = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise MalformedLine(f"not valid JSON: {error}") from None
    if not isinstance(row, dict):
        raise MalformedLine("not a JSON object")
    checker = row.get("checker")
    if not isinstance(checker, str):
        raise MalformedLine('missing or non-string field "checker"')
    try:
        checker_for(checker)
    except UnknownChecker as error:
        raise MalformedLine(str(error)) from None
    args = row.get("args", [])
    if not isinstance(args, list) or not all(isinstance(arg, str) for arg in args):
        raise MalformedLine('field "args" must be a list of strings')
    texts = {field: _text(row, field) for field in TEXT_FIELDS}
    return BatchItem(checker, tuple(args), texts["input"], texts["answer"], texts["output"])


def _text(row: dict[str, Any], field: str) -> bytes:
    encoded_field = f"{field}_b64"
    if field in row and encoded_field in row:
        raise MalformedLine(f'both "{field}" and "{encoded_field}" given')
    if encoded_field in row:
        value = row[encoded_field]
        if not isinstance(value, str):
            raise MalformedLine(f'field "{encoded_field}" must be a base64 string')
        try:
            return base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            raise MalformedLine(f'field "{encoded_field}" is not valid base64') from None
    if field not in row:
        if field in REQUIRED_TEXT_FIELDS:
            raise MalformedLine(f'missing field "{field}" (or "{encoded_field}")')
        return b""
    value = row[field]
    if not isinstance(value, str):
        raise MalformedLine(f'field "{field}" must be a string')
    try:
        return value.encode("utf-8")
    except UnicodeEncodeError:
        raise MalformedLine(
            f'field "{field}" is not valid Unicode text; send bytes as "{encoded_field}"'
        ) from None


def judge_line(line: bytes) -> CheckResult:
    """The result for one batch line; raises ``MalformedLine``."""
    if not line.strip():
        raise MalformedLine("empty line")
    item = parse_line(line)
    return run_checker(item.checker, item.input, item.output, item.answer, item.args)


def judge_lines(lines: Iterable[bytes]) -> Iterable[tuple[int, CheckResult, bool]]:
    """``(line number, result, malformed)`` for each line, in order."""
    for number, line in enumerate(lines, start=1):
        try:
            yield number, judge_line(line), False
        except MalformedLine as error:
            yield number, CheckResult("JE", f"malformed batch line {number}: {error}"), True


class Command(BaseCommand):
    help = (
        "Judge outputs with the built-in checkers: one JSON object per line of FILE.jsonl "
        '({"checker", "args", "input", "answer", "output"}), one verdict line each.'
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch",
            required=True,
            metavar="FILE.jsonl",
            help="JSON lines to judge; - reads standard input",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: str = options["batch"]
        if path == "-":
            malformed = self._judge_stream(sys.stdin.buffer)
        else:
            try:
                stream = open(path, "rb")  # noqa: SIM115 - closed below, errors reported apart
            except OSError as error:
                raise CommandError(f"cannot read batch file {path}: {error.strerror}") from None
            with stream:
                malformed = self._judge_stream(stream)
        if malformed:
            raise CommandError(
                f"{len(malformed)} malformed batch line(s): {_summary(malformed)}", returncode=1
            )

    def _judge_stream(self, stream: IO[bytes]) -> list[int]:
        malformed: list[int] = []
        for number, result, bad in judge_lines(stream):
            if bad:
                malformed.append(number)
                self.stderr.write(result.message)
            self.stdout.write(json.dumps({"verdict": result.verdict, "message": result.message}))
            self.stdout.flush()
        return malformed


def _summary(numbers: Sequence[int], limit: int = 10) -> str:
    shown = ", ".join(str(number) for number in numbers[:limit])
    return shown + (", ..." if len(numbers) > limit else "")
