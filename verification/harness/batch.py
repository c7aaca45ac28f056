"""Many function calls in one run: the trusted side of the Python harness's
``function_call_batch`` mode.

The cases of a batch are called in turn on one solver process (as LiveCodeBench calls a
solution's tests), which spares each case a new sandboxed process. Each case gets its own
fresh nonce; the harness writes one report line per call as it goes, with that case's
nonce, and stops at the first call that outlives the case's time or that the solver does
not survive. ``batch_calls`` hands back, for each case, what a run of that case alone
would have given the checker (its stdin and its one report line) and the call's own CPU
and wall time and stderr, or None where the batch says nothing usable; the caller judges
those and runs every other case alone, so a case that fails is always judged from a run
of its own. Code that does not compile is reported once, for the whole batch (the run
checks its syntax: no run of its own is needed for that).

Many stdin/stdout cases in one run, likewise (``stdin_stdout_batch``, ``stdio_batch``):
each case runs in a fresh fork of one process that compiled the Python program once,
with its own streams and limits, nothing left of the case before (its processes killed,
/box emptied). The harness frames each case's stdout and stderr with the case's nonce;
``StdioBatch.runs`` hands back the runs that ended cleanly within every limit, the only
ones the caller may judge from the batch.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from typing import Any

from verification.harness.protocol import harness_stdin

BATCH_MODE = "function_call_batch"
_MARK = b"\n\x00scalebox-case "


@dataclass(frozen=True)
class BatchCall:
    """One case's part of a batch run, as the checker sees a run of it alone."""

    stdin: bytes
    output: bytes
    cpu_s: float
    wall_s: float
    stderr: bytes


@dataclass(frozen=True)
class CallBatch:
    """A batch run's stdin, and the nonces that tell its cases' reports apart."""

    stdin: bytes
    nonce: str
    nonces: list[str]
    payloads: list[bytes]
    user_code: str
    call_cpu_s: float

    def compile_error(self, output: bytes) -> str | None:
        """Python's error when the run says the code does not compile, else None."""
        for line in output.decode("utf-8", errors="replace").splitlines():
            try:
                report = json.loads(line)
            except ValueError:
                continue
            if (
                isinstance(report, dict)
                and report.get("nonce") == self.nonce
                and report.get("status") == "uncompiled"
            ):
                return str(report.get("error") or "the code does not compile")
        return None

    def calls(self, output: bytes, stderr: bytes) -> list[BatchCall | None]:
        """Each case's call, from the run's stdout and stderr; None for a case with no
        report, one not carrying its nonce, or one whose call used more than its CPU."""
        reports: dict[str, dict[str, Any]] = {}
        for line in output.decode("utf-8", errors="replace").splitlines():
            try:
                report = json.loads(line)
            except ValueError:
                continue
            if isinstance(report, dict) and isinstance(report.get("nonce"), str):
                reports.setdefault(report["nonce"], report)
        printed = _stderr_by_nonce(stderr)
        found: list[BatchCall | None] = []
        for nonce, payload in zip(self.nonces, self.payloads, strict=True):
            report = reports.get(nonce)
            cpu_s = report.get("cpu_s") if report else None
            wall_s = report.get("wall_s") if report else None
            if (
                report is None
                or not isinstance(cpu_s, int | float)
                or not isinstance(wall_s, int | float)
                or cpu_s > self.call_cpu_s
            ):
                found.append(None)
                continue
            alone = {k: v for k, v in report.items() if k not in ("cpu_s", "wall_s")}
            found.append(
                BatchCall(
                    stdin=harness_stdin(
                        mode="function_call",
                        payload=payload,
                        user_code=self.user_code,
                        nonce=nonce,
                    ),
                    output=json.dumps(alone).encode() + b"\n",
                    cpu_s=float(cpu_s),
                    wall_s=float(wall_s),
                    stderr=printed.get(nonce, b""),
                )
            )
        return found


def call_batch(*, user_code: str, payloads: list[bytes], call_cpu_s: float) -> CallBatch:
    """The stdin of a batch run calling each stored test of ``payloads`` in turn, each
    call allowed ``call_cpu_s`` seconds."""
    nonces = [secrets.token_hex(16) for _ in payloads]
    cases = [
        {**json.loads(payload), "nonce": nonce}
        for payload, nonce in zip(payloads, nonces, strict=True)
    ]
    body = {"cases": cases, "call_cpu_s": call_cpu_s}
    nonce = secrets.token_hex(16)
    stdin = harness_stdin(
        mode=BATCH_MODE, payload=json.dumps(body).encode(), user_code=user_code, nonce=nonce
    )
    return CallBatch(stdin, nonce, nonces, list(payloads), user_code, call_cpu_s)


def _stderr_by_nonce(stderr: bytes) -> dict[str, bytes]:
    """What the program wrote on stderr during each call, by the call's nonce (the
    harness marks the start of each call; what the program wrote while it loaded goes
    with the first call, as in a run of that case alone)."""
    loading, *parts = stderr.split(_MARK)
    printed: dict[str, bytes] = {}
    for part in parts:
        nonce, _, text = part.partition(b"\n")
        printed.setdefault(nonce.decode("ascii", errors="replace"), loading + text)
        loading = b""
    return printed


# --- many stdin/stdout cases in one run -------------------------------------------------


@dataclass(frozen=True)
class StdioRun:
    """One case's run in a stdin/stdout batch that ended cleanly within every limit: what
    a run of that case alone would have given the checker."""

    output: bytes
    stderr: bytes
    cpu_s: float
    wall_s: float
    memory_kb: int


@dataclass(frozen=True)
class StdioBatch:
    """A stdin/stdout batch run's stdin, and what tells its cases' frames apart and which
    of them count (the harness's ``stdin_stdout_batch`` mode)."""

    stdin: bytes
    nonces: list[str]
    cpu_s: float
    wall_s: float
    output_bytes: int
    memory_bytes: int

    def runs(self, output: bytes) -> list[StdioRun | None]:
        """Each case's run, from the batch run's stdout; None for a case with no frame,
        one whose frame does not carry its nonce, or one that did not end cleanly (exit
        code 0, no signal, nothing left behind, /box emptied after it) within its CPU,
        wall, output and memory limits."""
        frames = _stdio_frames(output)
        found: list[StdioRun | None] = []
        for nonce in self.nonces:
            frame = frames.get(nonce)
            found.append(None if frame is None else self._clean(*frame))
        return found

    def _clean(self, head: dict[str, Any], out: bytes, err: bytes) -> StdioRun | None:
        cpu_s, wall_s, memory_kb = head.get("cpu_s"), head.get("wall_s"), head.get("memory_kb")
        if (
            head.get("code") != 0
            or head.get("signal") is not None
            or head.get("timed_out") is not False
            or head.get("leftovers") is not False
            or head.get("settled") is not True
            or head.get("over") is not False
            or not isinstance(cpu_s, int | float)
            or not isinstance(wall_s, int | float)
            or not isinstance(memory_kb, int)
            or cpu_s > self.cpu_s
            or wall_s > self.wall_s
            or memory_kb * 1024 > self.memory_bytes
            or len(out) > self.output_bytes
        ):
            return None
        return StdioRun(out, err, float(cpu_s), float(wall_s), memory_kb)


def _stdio_frames(output: bytes) -> dict[str, tuple[dict[str, Any], bytes, bytes]]:
    """The frames of a stdin/stdout batch run's stdout, by nonce: a JSON line, then as
    many bytes of stdout and of stderr as it says. Reading stops at the first frame that
    does not parse (the run was cut short)."""
    frames: dict[str, tuple[dict[str, Any], bytes, bytes]] = {}
    at = 0
    while at < len(output):
        end = output.find(b"\n", at)
        if end < 0:
            break
        try:
            head = json.loads(output[at:end])
        except ValueError:
            break
        if not isinstance(head, dict) or not isinstance(head.get("nonce"), str):
            break
        out_size, err_size = head.get("stdout"), head.get("stderr")
        if not isinstance(out_size, int) or not isinstance(err_size, int):
            break
        out_end = end + 1 + out_size
        err_end = out_end + err_size
        if min(out_size, err_size) < 0 or err_end > len(output):
            break
        frames.setdefault(head["nonce"], (head, output[end + 1 : out_end], output[out_end:err_end]))
        at = err_end
    return frames


def stdio_batch(
    *,
    user_code: str,
    inputs: list[bytes],
    cpu_s: float,
    wall_s: float,
    output_bytes: int,
    memory_bytes: int,
    slow_s: float | None = None,
) -> StdioBatch:
    """The stdin of a batch run of ``user_code`` on each of ``inputs`` in turn, each case
    under the limits a run of it alone would have; with ``slow_s``, the run starts no
    case after one whose wall time reached it (the rest run alone)."""
    nonces = [secrets.token_hex(16) for _ in inputs]
    head = {
        "cases": [
            {"nonce": nonce, "size": len(data)} for nonce, data in zip(nonces, inputs, strict=True)
        ],
        "cpu_s": cpu_s,
        "wall_s": wall_s,
        "output_bytes": output_bytes,
        "slow_s": slow_s,
    }
    code = user_code.encode("utf-8")
    stdin = b"S%d\n" % len(code) + code + json.dumps(head).encode() + b"\n" + b"".join(inputs)
    return StdioBatch(stdin, nonces, cpu_s, wall_s, output_bytes, memory_bytes)
