"""Reading outputs as tokens or lines in bounded memory.

Outputs may be tens of MiB. Splitting one into a list of tokens at once can cost many
times its size, so tokens and lines are split one chunk (about ``CHUNK_SIZE`` bytes,
cut at a separator) at a time. Every pass is linear in the size of the data.

Whitespace is the ASCII set of C's ``isspace`` in the "C" locale and of
``bytes.split()``: space, tab, newline, carriage return, vertical tab, form feed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from judges.checkers.base import quote

WHITESPACE = b" \t\n\r\x0b\x0c"
CHUNK_SIZE = 1 << 20

_WHITESPACE_BYTE = re.compile(rb"[ \t\n\r\x0b\x0c]")
_TOKEN = re.compile(rb"[^ \t\n\r\x0b\x0c]+")
_DIFF_BLOCK = 1 << 16
TOKEN_PLACEHOLDER = b"x"


def token_chunks(data: bytes, chunk_size: int = CHUNK_SIZE) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of consecutive pieces of ``data``, each cut just before a
    whitespace byte, so that no token is split between two pieces."""
    size = len(data)
    start = 0
    while start < size:
        end = start + chunk_size
        if end >= size:
            end = size
        else:
            separator = _WHITESPACE_BYTE.search(data, end)
            end = separator.start() if separator else size
        yield start, end
        start = end


class Tokens:
    """The whitespace-separated tokens of ``data``, iterated lazily.

    While an iteration runs, ``line_of(i)`` gives the line of token ``i`` for any token of
    the chunk being read (in particular the token yielded last and the one after it).
    """

    def __init__(self, data: bytes, chunk_size: int = CHUNK_SIZE) -> None:
        self.data = data
        self._chunk_size = chunk_size
        self._chunk = (0, 0, 0)  # start, end, index of its first token

    def __iter__(self) -> Iterator[bytes]:
        index = 0
        for start, end in token_chunks(self.data, self._chunk_size):
            tokens = self.data[start:end].split()
            self._chunk = (start, end, index)
            index += len(tokens)
            yield from tokens

    def offset_of(self, index: int) -> int:
        """Byte offset of token ``index``; the end of the data if it has no such token."""
        start, end, first = self._chunk
        if index >= first:
            for position, match in enumerate(_TOKEN.finditer(self.data, start, end)):
                if first + position == index:
                    return match.start()
        return len(self.data)

    def line_of(self, index: int) -> int:
        return self.data.count(b"\n", 0, self.offset_of(index)) + 1


def iter_lines(data: bytes, chunk_size: int = CHUNK_SIZE) -> Iterator[bytes]:
    """The lines of ``data`` split at ``\\n``; empty data has no lines."""
    size = len(data)
    start = 0
    while start < size:
        limit = start + chunk_size
        newline = data.find(b"\n", limit) if limit < size else -1
        if newline < 0:
            yield from data[start:].split(b"\n")
            return
        yield from data[start:newline].split(b"\n")
        start = newline + 1
        if start == size:
            yield b""


def normalized_lines(data: bytes) -> Iterator[bytes]:
    """Lines without trailing whitespace, trailing blank lines dropped (CRLF = LF)."""
    for line in iter_lines(data.rstrip(WHITESPACE)):
        yield line.rstrip(WHITESPACE)


def whitespace_skeleton(data: bytes, chunk_size: int = CHUNK_SIZE) -> bytes:
    """``data`` with every token replaced by ``TOKEN_PLACEHOLDER``: its whitespace layout."""
    return b"".join(
        _TOKEN.sub(TOKEN_PLACEHOLDER, data[start:end])
        for start, end in token_chunks(data, chunk_size)
    )


_TOKEN_BYTES_TO_PLACEHOLDER = bytes(
    byte if byte in WHITESPACE else TOKEN_PLACEHOLDER[0] for byte in range(256)
)


def whitespace_layout(data: bytes) -> bytes:
    """``data`` with every non-whitespace byte replaced by ``TOKEN_PLACEHOLDER``.

    Cheaper than ``whitespace_skeleton`` and equal for two outputs whenever their
    whitespace and the lengths of their tokens agree.
    """
    return data.translate(_TOKEN_BYTES_TO_PLACEHOLDER)


def first_difference(a: bytes, b: bytes) -> int | None:
    """Index of the first byte where ``a`` and ``b`` differ (or the shorter's length)."""
    if a == b:
        return None
    common = min(len(a), len(b))
    low = 0
    while low < common:
        high = min(low + _DIFF_BLOCK, common)
        if a[low:high] != b[low:high]:
            for position in range(low, high):
                if a[position] != b[position]:
                    return position
        low = high
    return common


@dataclass(frozen=True)
class Mismatch:
    """Where two token streams first disagree: the answer's token ``index`` (0-based)."""

    index: int
    message: str


TokenProblem = Callable[[bytes, bytes], "str | None"]


def token_mismatch(answer: bytes, output: bytes, problem: TokenProblem) -> Mismatch | None:
    """Compare answer and output token by token.

    ``problem(answer_token, output_token)`` says what is wrong with a pair of tokens, or
    None when the output token is right; it is called only for pairs that differ as bytes.
    The output must have exactly as many tokens as the answer.
    """
    judge = Tokens(answer)
    team = Tokens(output)
    team_tokens = iter(team)
    count = 0
    for index, expected in enumerate(judge):
        count = index + 1
        got = next(team_tokens, None)
        if got is None:
            return Mismatch(index, _missing_output(output, index, expected))
        if got != expected:
            reason = problem(expected, got)
            if reason is not None:
                where = _where(team.line_of(index), judge.line_of(index), index)
                return Mismatch(index, f"{where}: {reason}")
    extra = next(team_tokens, None)
    if extra is not None:
        where = _where(team.line_of(count), None, count)
        return Mismatch(count, f"{where}: trailing output, first extra token {quote(extra)!r}")
    return None


def _where(output_line: int, answer_line: int | None, index: int) -> str:
    text = f"Wrong answer on line {output_line} of output, token {index + 1}"
    if answer_line is not None:
        text += f" (line {answer_line} of answer)"
    return text


def _missing_output(output: bytes, index: int, expected: bytes) -> str:
    if index == 0 and not output:
        detail = "; output was empty"
    elif index == 0:
        detail = "; output contained only whitespace"
    else:
        detail = ""
    return (
        f"Output ended after {index} token(s) while the answer has more{detail} "
        f"(next answer token {quote(expected)!r})"
    )
