"""Reading outputs as tokens or lines in bounded memory.

Outputs may be tens of MiB. Splitting one into a list of tokens at once can cost many
times its size, so tokens and lines are split one chunk (about ``CHUNK_SIZE`` bytes,
cut at a separator) at a time. Every pass is linear in the size of the data.

Every function here takes an output as ``bytes`` or as a read-only ``mmap`` (``Output``)
and reads it only through slices, ``find`` and regular expressions, so a mapped output is
never copied whole.

Whitespace is the ASCII set of C's ``isspace`` in the "C" locale and of
``bytes.split()``: space, tab, newline, carriage return, vertical tab, form feed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import zip_longest

from judges.checkers.base import Output, quote

WHITESPACE = b" \t\n\r\x0b\x0c"
CHUNK_SIZE = 1 << 20

_WHITESPACE_BYTE = re.compile(rb"[ \t\n\r\x0b\x0c]")
_TOKEN = re.compile(rb"[^ \t\n\r\x0b\x0c]+")
_DIFF_BLOCK = 1 << 16
TOKEN_PLACEHOLDER = b"x"


def token_chunks(data: Output, chunk_size: int = CHUNK_SIZE) -> Iterator[tuple[int, int]]:
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

    def __init__(self, data: Output, chunk_size: int = CHUNK_SIZE) -> None:
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
        return count_byte(self.data, b"\n", self.offset_of(index)) + 1


def count_byte(data: Output, byte: bytes, end: int) -> int:
    """How many times the single byte ``byte`` occurs in ``data[:end]``."""
    if isinstance(data, bytes):
        return data.count(byte, 0, end)
    return sum(
        data[start : min(start + CHUNK_SIZE, end)].count(byte)
        for start in range(0, end, CHUNK_SIZE)
    )


def same_bytes(a: Output, b: Output) -> bool:
    """Whether ``a`` and ``b`` hold the same bytes (``==`` compares a map by identity)."""
    if isinstance(a, bytes) and isinstance(b, bytes):
        return a == b
    return len(a) == len(b) and all(
        a[start : start + CHUNK_SIZE] == b[start : start + CHUNK_SIZE]
        for start in range(0, len(a), CHUNK_SIZE)
    )


def stripped_end(data: Output) -> int:
    """``len(data.rstrip(WHITESPACE))``, without copying ``data``."""
    end = len(data)
    while end > 0:
        start = max(0, end - _DIFF_BLOCK)
        kept = len(data[start:end].rstrip(WHITESPACE))
        if kept:
            return start + kept
        end = start
    return 0


def iter_lines(
    data: Output, chunk_size: int = CHUNK_SIZE, end: int | None = None
) -> Iterator[bytes]:
    """The lines of ``data[:end]`` split at ``\\n``; empty data has no lines."""
    size = len(data) if end is None else end
    start = 0
    while start < size:
        limit = start + chunk_size
        newline = data.find(b"\n", limit, size) if limit < size else -1
        if newline < 0:
            yield from data[start:size].split(b"\n")
            return
        yield from data[start:newline].split(b"\n")
        start = newline + 1
        if start == size:
            yield b""


def normalized_lines(data: Output) -> Iterator[bytes]:
    """Lines without trailing whitespace, trailing blank lines dropped (CRLF = LF)."""
    for line in iter_lines(data, end=stripped_end(data)):
        yield line.rstrip(WHITESPACE)


def skeleton_pieces(data: Output, chunk_size: int = CHUNK_SIZE) -> Iterator[bytes]:
    """``whitespace_skeleton(data)`` in consecutive pieces, one per chunk of ``data``."""
    for start, end in token_chunks(data, chunk_size):
        yield _TOKEN.sub(TOKEN_PLACEHOLDER, data[start:end])


def whitespace_skeleton(data: Output, chunk_size: int = CHUNK_SIZE) -> bytes:
    """``data`` with every token replaced by ``TOKEN_PLACEHOLDER``: its whitespace layout."""
    return b"".join(skeleton_pieces(data, chunk_size))


_TOKEN_BYTES_TO_PLACEHOLDER = bytes(
    byte if byte in WHITESPACE else TOKEN_PLACEHOLDER[0] for byte in range(256)
)


def whitespace_layout(data: Output) -> bytes:
    """``data`` with every non-whitespace byte replaced by ``TOKEN_PLACEHOLDER``.

    Cheaper than ``whitespace_skeleton`` and equal for two outputs whenever their
    whitespace and the lengths of their tokens agree.
    """
    return data[:].translate(_TOKEN_BYTES_TO_PLACEHOLDER)


def same_layout(a: Output, b: Output) -> bool:
    """``whitespace_layout(a) == whitespace_layout(b)``, a chunk at a time."""
    return len(a) == len(b) and all(
        a[start : start + CHUNK_SIZE].translate(_TOKEN_BYTES_TO_PLACEHOLDER)
        == b[start : start + CHUNK_SIZE].translate(_TOKEN_BYTES_TO_PLACEHOLDER)
        for start in range(0, len(a), CHUNK_SIZE)
    )


def first_difference(a: Output, b: Output) -> int | None:
    """Index of the first byte where ``a`` and ``b`` differ (or the shorter's length)."""
    if isinstance(a, bytes) and isinstance(b, bytes) and a == b:
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
    return None if len(a) == len(b) else common


@dataclass(frozen=True)
class SkeletonDifference:
    """Where two whitespace skeletons first differ: the byte of each there (``b""`` past
    its end) and the newlines and tokens of the first skeleton before it."""

    expected: bytes
    got: bytes
    newlines_before: int
    tokens_before: int


def _blocks(pieces: Iterable[bytes], size: int) -> Iterator[bytes]:
    """The concatenation of ``pieces`` cut into blocks of ``size`` bytes (the last shorter)."""
    pending = b""
    for piece in pieces:
        pending = pending + piece if pending else piece
        offset = 0
        while len(pending) - offset >= size:
            yield pending[offset : offset + size]
            offset += size
        pending = pending[offset:]
    if pending:
        yield pending


def skeleton_difference(a: Output, b: Output) -> SkeletonDifference | None:
    """The first difference of the whitespace skeletons of ``a`` and ``b``, or None;
    reads both a block at a time rather than building either skeleton whole."""
    newlines = tokens = 0
    for block_a, block_b in zip_longest(
        _blocks(skeleton_pieces(a), _DIFF_BLOCK),
        _blocks(skeleton_pieces(b), _DIFF_BLOCK),
        fillvalue=b"",
    ):
        offset = first_difference(block_a, block_b)
        if offset is not None:
            return SkeletonDifference(
                expected=block_a[offset : offset + 1],
                got=block_b[offset : offset + 1],
                newlines_before=newlines + block_a.count(b"\n", 0, offset),
                tokens_before=tokens + block_a.count(TOKEN_PLACEHOLDER, 0, offset),
            )
        newlines += block_a.count(b"\n")
        tokens += block_a.count(TOKEN_PLACEHOLDER)
    return None


@dataclass(frozen=True)
class Mismatch:
    """Where two token streams first disagree: the answer's token ``index`` (0-based)."""

    index: int
    message: str


TokenProblem = Callable[[bytes, bytes], "str | None"]


def token_mismatch(answer: bytes, output: Output, problem: TokenProblem) -> Mismatch | None:
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


def _missing_output(output: Output, index: int, expected: bytes) -> str:
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
