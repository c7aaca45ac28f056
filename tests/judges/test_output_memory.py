"""A judging's memory does not grow with what the program writes.

Past ``SPILL_BYTES`` a program's stdout is kept in an unlinked file and handed to the
checkers as a read-only map of it, which they read a chunk at a time: its pages are the
file's (page cache, reclaimable), not the worker's own. The slow test runs programs that
write about 200 MB in the real sandbox and judges them in a fresh process, sampling the
process's anonymous memory (``RssAnon``) throughout (``tracemalloc`` would be as honest
but makes this test several times slower); the fast ones check that every checker gives
the same verdict and message on a map as on bytes, and that a judging lets go of each map.
"""

from __future__ import annotations

import json
import mmap
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Generator, Iterator
from pathlib import Path

import pytest
from django.test import override_settings

from judges.checkers import CHECKERS, run_checker
from judges.checkers.base import Example
from judges.checkers.streams import (
    CHUNK_SIZE,
    WHITESPACE,
    count_byte,
    first_difference,
    same_bytes,
    same_layout,
    skeleton_difference,
    stripped_end,
    whitespace_layout,
    whitespace_skeleton,
)
from tests.factories import make_problem
from tests.judges.test_registry import examples
from verification.models import CaseResult
from verification.sandbox.supervise import SPILL_BYTES, OutputBuffer
from verification.services import submission_create

ROOT = Path(__file__).resolve().parents[2]
OUTPUT_BYTES = 200_000_000
OUTPUT_LIMIT = 256_000_000

MEASURE = """
import json, mmap, os, sys, threading
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scalebox_site.settings")
import django
django.setup()
from judges.models import Judge, JudgeKind
from judges.services import judge_check
from verification.executors import executor_for
from verification.sandbox import Limits

LINE = b"0.25000000000000000000000000000000000000000 abcdefghijabcdefghijabcdefghijabcdefghij\\n"
NUDGED = LINE.replace(b"00000 ", b"00001 ")  # the same double, written differently
LAST = LINE.replace(b"j\\n", b"X\\n")  # one changed token at the end
CRLF = LINE.replace(b"\\n", b"\\r\\n")
count = int(sys.argv[1]) // len(LINE)
output_limit = int(sys.argv[2])
answer = LINE * count

def limits():
    return Limits(cpu_time_s=60, wall_time_s=120, memory_bytes=1 << 30, output_bytes=output_limit)

def program(body, last, extra=0):
    source = (
        "import sys\\n"
        f"body, last, count, extra = {body!r}, {last!r}, {count}, {extra}\\n"
        "write = sys.stdout.buffer.write\\n"
        "block = body * 10000\\n"
        "for _ in range((count - 1) // 10000): write(block)\\n"
        "write(body * ((count - 1) % 10000) + last)\\n"
        "if extra: write(b' ' * extra)\\n"
    )
    return executor_for("python").compile(source.encode())

def judge(name):
    return None if name == "default" else Judge(kind=JudgeKind.BUILTIN, builtin_name=name)

def anon_kb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("RssAnon:"):
                return int(line.split()[1])

# Everything a judging loads, loaded once with a small output, before measuring.
warm = executor_for("python").compile(b"print(1)\\n").run(b"", limits())
for name in ("default", "tokens", "lines"):
    judge_check(judge=judge(name), input=b"", output=warm.output, answer=b"1\\n")
programs = {
    "same": program(LINE, LINE),
    "last": program(LINE, LAST),
    "nudged": program(NUDGED, NUDGED),
    "crlf": program(CRLF, CRLF),
    "too_long": program(LINE, LINE, extra=output_limit - count * len(LINE) + (1 << 20)),
}
checks = {
    "same": [("default", []), ("default", ["float_tolerance", "1e-6"]), ("tokens", []),
             ("lines", [])],
    "last": [("default", []), ("default", ["float_tolerance", "1e-6"]), ("tokens", []),
             ("lines", [])],
    "nudged": [("default", []), ("default", ["float_tolerance", "1e-6"])],
    "crlf": [("default", []), ("tokens", []), ("lines", [])],
    "too_long": [],
}
peak = {"anon": 0}
done = threading.Event()
def sample():
    while not done.is_set():
        peak["anon"] = max(peak["anon"], anon_kb())
        done.wait(0.001)
before = anon_kb()
sampler = threading.Thread(target=sample)
sampler.start()
report = {}
for variant, program in programs.items():
    run = program.run(b"", limits())
    verdicts = {}
    for name, args in checks[variant]:
        checked = judge_check(judge=judge(name), input=b"", output=run.output, answer=answer,
                              case_args=args)
        verdicts[" ".join([name, *args])] = checked.verdict
    report[variant] = {"status": str(run.status), "bytes": len(run.output),
                       "mapped": isinstance(run.output, mmap.mmap), "verdicts": verdicts}
    run.close()
done.set()
sampler.join()
report["anon_growth_kb"] = peak["anon"] - before
print(json.dumps(report))
"""


@pytest.mark.slow
def test_judging_a_huge_output_does_not_grow_anonymous_memory_with_it() -> None:
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(OUTPUT_BYTES), str(OUTPUT_LIMIT)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    for variant in ("same", "last", "nudged", "crlf"):
        assert report[variant]["status"] == "OK", report
        assert report[variant]["mapped"], report
        assert report[variant]["bytes"] > 0.99 * OUTPUT_BYTES, report
    assert report["same"]["verdicts"] == {
        "default": "AC",
        "default float_tolerance 1e-6": "AC",
        "tokens": "AC",
        "lines": "AC",
    }
    assert report["last"]["verdicts"] == {
        "default": "WA",
        "default float_tolerance 1e-6": "WA",
        "tokens": "WA",
        "lines": "WA",
    }
    assert report["nudged"]["verdicts"] == {"default": "WA", "default float_tolerance 1e-6": "AC"}
    assert report["crlf"]["verdicts"] == {"default": "AC", "tokens": "AC", "lines": "AC"}
    assert report["too_long"]["status"] == "OLE", report
    # Reading the output into bytes cost one copy, 195,313 KiB, at the least; now the
    # worker's own memory holds a chunk of it at a time.
    assert report["anon_growth_kb"] < 0.25 * OUTPUT_BYTES / 1024, report


def test_output_buffer_keeps_bytes_in_order_across_the_spill() -> None:
    buffer = OutputBuffer()
    pieces = [bytes([i % 251]) * 65536 for i in range(2 * SPILL_BYTES // 65536 + 3)]
    for piece in pieces:
        buffer.append(piece)
    whole = b"".join(pieces)
    assert len(buffer) == len(whole)
    taken = buffer.take(len(whole) - 5)
    assert isinstance(taken, mmap.mmap)
    assert taken[:] == whole[:-5]
    assert len(buffer) == 0
    taken.close()


def test_output_buffer_spilled_but_cut_below_the_spill_gives_bytes() -> None:
    buffer = OutputBuffer()
    buffer.append(b"x" * (SPILL_BYTES + 10))
    assert buffer.take(7) == b"xxxxxxx"


def test_output_buffer_in_memory_is_cut_at_the_limit() -> None:
    buffer = OutputBuffer()
    buffer.append(b"abcdef")
    assert buffer.take(4) == b"abcd"
    assert buffer.take(4) == b""


def mapped(data: bytes) -> Generator[mmap.mmap, None, None]:
    with tempfile.TemporaryFile() as file:
        file.write(data)
        file.flush()
        with mmap.mmap(file.fileno(), len(data), access=mmap.ACCESS_READ) as view:
            yield view


Mapper = Callable[[bytes], mmap.mmap]


@pytest.fixture
def as_map() -> Iterator[Mapper]:
    opened: list[Generator[mmap.mmap, None, None]] = []

    def make(data: bytes) -> mmap.mmap:
        generator = mapped(data)
        opened.append(generator)
        return next(generator)

    yield make
    for generator in opened:
        generator.close()


@pytest.mark.parametrize(
    ("name", "example"), [(n, e) for n, e in examples() if e.output], ids=lambda v: str(v)[:30]
)
def test_every_checker_judges_a_map_as_it_judges_bytes(name: str, example: Example, as_map: Mapper):
    on_bytes = CHECKERS[name](example.input, example.output, example.answer, example.args)
    on_map = CHECKERS[name](example.input, as_map(example.output), example.answer, example.args)
    assert on_map == on_bytes


LINE = b"1234567 abcdefg 0.5\n"
LARGE = LINE * (3 * CHUNK_SIZE // len(LINE))  # three chunks and more


def _variants() -> list[tuple[str, bytes]]:
    middle = len(LARGE) // 2 - len(LARGE) // 2 % len(LINE)
    return [
        ("same", LARGE),
        ("last token changed", LARGE[:-2] + b"5\n"),
        ("first token changed", b"0" + LARGE[1:]),
        ("one line short", LARGE[: -len(LINE)]),
        ("one token more", LARGE + b"extra\n"),
        ("crlf", LARGE.replace(b"\n", b"\r\n")),
        ("trailing blank lines", LARGE + b"\n \n\t\n"),
        ("a space doubled", LARGE[:middle] + b"1234567  abcdefg 0.5\n" + LARGE[middle + 20 :]),
        ("a number rewritten", LARGE[:middle] + b"1234567 abcdefg 5e-1\n" + LARGE[middle + 20 :]),
        ("lines joined", LARGE[:middle] + LARGE[middle:].replace(b"\n", b" ", 1)),
        ("yes", b"yes\n" + b" " * (2 * CHUNK_SIZE)),
    ]


@pytest.mark.parametrize(("variant", "output"), _variants(), ids=[v for v, _ in _variants()])
@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("default", ()),
        ("default", ("float_tolerance", "1e-6")),
        ("default", ("space_change_sensitive",)),
        ("default", ("space_change_sensitive", "float_tolerance", "1e-6")),
        ("tokens", ()),
        ("lines", ()),
        ("bytes", ()),
        ("floats", ()),
        ("unordered_tokens", ()),
        ("unordered_lines", ()),
        ("yesno", ()),
        ("livecodebench", ()),
    ],
)
def test_a_large_map_gets_the_verdict_and_message_of_its_bytes(
    name: str, args: tuple[str, ...], variant: str, output: bytes, as_map: Mapper
) -> None:
    answer = b"YES\n" if name == "yesno" else LARGE
    on_bytes = run_checker(name, b"", output, answer, args)
    on_map = run_checker(name, b"", as_map(output), answer, args)
    assert on_map == on_bytes
    assert on_bytes.verdict != "JE", on_bytes.message


@pytest.mark.parametrize(
    "data",
    [b"a b\n", b"a b \r\n\t", b" \n\n ", b"x" + b" " * (200_000), LARGE, LARGE + b" \n" * 50_000],
)
def test_stream_helpers_agree_with_their_whole_buffer_forms(data: bytes, as_map: Mapper) -> None:
    view = as_map(data)
    assert stripped_end(view) == stripped_end(data) == len(data.rstrip(WHITESPACE))
    end = len(data) - 3
    assert count_byte(view, b"\n", end) == count_byte(data, b"\n", end) == data.count(b"\n", 0, end)
    assert same_bytes(view, data) and same_bytes(data, view)
    assert not same_bytes(view, data + b"x")
    assert not same_bytes(view, data[:-1] + b"\x00")
    assert first_difference(view, data) is None
    assert first_difference(data[:-1], view) == len(data) - 1
    assert same_layout(view, data)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (b"a b\n", b"a  b\n"),
        (b"a b\n", b"a b"),
        (b"a b", b"a b\n"),
        (b"a\nb c\n", b"a\nb\tc\n"),
        (LARGE, LARGE[:-1]),
        (LARGE, LARGE.replace(b"0.5\n", b"0.50\n")),
        (LARGE, LARGE[:-5] + b"0.5 \n"),
        (LARGE, LARGE[: len(LARGE) // 2] + b"\n" + LARGE[len(LARGE) // 2 :]),
    ],
)
def test_skeleton_difference_is_first_difference_of_whole_skeletons(a: bytes, b: bytes) -> None:
    judge, team = whitespace_skeleton(a), whitespace_skeleton(b)
    position = first_difference(judge, team)
    difference = skeleton_difference(a, b)
    assert (difference is None) == (position is None)
    assert same_layout(a, b) == (whitespace_layout(a) == whitespace_layout(b))
    if difference is not None and position is not None:
        assert difference.expected == judge[position : position + 1]
        assert difference.got == team[position : position + 1]
        assert difference.newlines_before == judge.count(b"\n", 0, position)
        assert difference.tokens_before == judge.count(b"x", 0, position)


SPILLED = 3 * SPILL_BYTES // 2


def _open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def _deleted_mappings() -> int:
    with open("/proc/self/maps") as maps:
        return sum(1 for line in maps if line.rstrip().endswith("(deleted)"))


@pytest.mark.django_db(transaction=True)
@override_settings(SCALEBOX_LOCAL_POOL_SIZE=1)
def test_a_judging_lets_go_of_every_spilled_output() -> None:
    """Each case's stdout past SPILL_BYTES is a map of a file; a judging of many such
    cases ends with no more open descriptors and no more mapped files than it began."""
    line = b"1234567 abcdefg\n"
    answer = (line * (SPILLED // len(line))).decode()
    problem = make_problem("spilled", [(f"{i}\n", answer) for i in range(12)])
    source = f"import sys\nsys.stdout.buffer.write({line!r} * {SPILLED // len(line)})\n"
    warm = submission_create(problem=problem, language="python", source=source)
    assert warm.judgings.get().verdict == "AC"
    fds, maps = _open_fds(), _deleted_mappings()
    submission = submission_create(problem=problem, language="python", source=source)
    judging = submission.judgings.get()
    assert judging.verdict == "AC"
    assert CaseResult.objects.filter(judging=judging, verdict="AC").count() == 12
    assert _open_fds() <= fds
    assert _deleted_mappings() <= maps
