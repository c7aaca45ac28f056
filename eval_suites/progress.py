"""How far an evaluation run has got, while it runs: on a terminal a tqdm bar with the
running pass rate; anywhere else (a log file, nohup, a pipe) one line every so many
seconds, whether or not a sample finished since the last one:

    judging: 120/164 samples (73.2%), 4.1 samples/s, pass rate 87.5% of 120 judged, ETA 11 s

The pass rate is read from the database (samples judged so far, excluded ones not
counted), so it is the same whichever process or worker judged the samples.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TextIO

from django.db import connection
from tqdm import tqdm

PassTally = Callable[[], tuple[int, int]]
"""Samples judged so far, and how many of them passed."""

BAR_REFRESH_S = 1.0


def _duration(seconds: float) -> str:
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def pass_rate(judged: int, passed: int) -> str:
    return f"{100 * passed / judged:.1f}%" if judged else "—"


@dataclass(frozen=True)
class Snapshot:
    phase: str
    done: int
    total: int
    phase_done: int
    """Of ``done``, how many finished in this phase (not before it: a resumed run)."""
    elapsed_s: float
    judged: int
    passed: int

    def line(self) -> str:
        share = f" ({100 * self.done / self.total:.1f}%)" if self.total else ""
        rate = self.phase_done / self.elapsed_s if self.elapsed_s > 0 else 0.0
        left = max(self.total - self.done, 0)
        if not left:
            eta = "done"
        elif rate > 0:
            eta = f"ETA {_duration(left / rate)}"
        else:
            eta = "ETA unknown"
        return (
            f"{self.phase}: {self.done}/{self.total} samples{share}, {rate:.1f} samples/s, "
            f"pass rate {pass_rate(self.judged, self.passed)} of {self.judged} judged, {eta}"
        )


class RunProgress:
    """Told the size of each phase (``total``) and each finished sample (``__call__``,
    from any thread); reports on ``stream`` until ``close``."""

    def __init__(
        self,
        *,
        stream: TextIO,
        terminal: bool,
        tally: PassTally,
        every_s: float,
        phases: tuple[str, ...] = ("judging",),
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = stream
        self.terminal = terminal
        self.tally = tally
        self.every_s = every_s
        self.phases = phases
        self.clock = clock
        self._lock = threading.Lock()
        self._phase = -1
        self._total = 0
        self._done = 0
        self._done_at_start = 0
        self._started = 0.0
        self._bar: Any = None
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None

    def total(self, total: int, done: int) -> None:
        with self._lock:
            self._phase += 1
            self._total, self._done, self._done_at_start = total, done, done
            self._started = self.clock()
            if self._bar is not None:
                self._bar.close()
                self._bar = None
            if self.terminal:
                self._bar = tqdm(
                    total=total,
                    initial=done,
                    unit="sample",
                    desc=self._phase_name(),
                    dynamic_ncols=True,
                    file=self.stream,
                )
        if not self.terminal:
            self._print()
        if self._ticker is None:
            self._ticker = threading.Thread(target=self._tick, name="run-progress", daemon=True)
            self._ticker.start()

    def __call__(self, count: int) -> None:
        with self._lock:
            self._done += count
            if self._bar is not None:
                self._bar.update(count)

    def close(self) -> None:
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join()
        if self._phase < 0:
            return
        if self._bar is not None:
            self._refresh_bar()
            self._bar.close()
        else:
            self._print()

    def snapshot(self) -> Snapshot:
        judged, passed = self.tally()
        with self._lock:
            return Snapshot(
                phase=self._phase_name(),
                done=self._done,
                total=self._total,
                phase_done=self._done - self._done_at_start,
                elapsed_s=self.clock() - self._started,
                judged=judged,
                passed=passed,
            )

    def _phase_name(self) -> str:
        return self.phases[min(max(self._phase, 0), len(self.phases) - 1)]

    def _tick(self) -> None:
        interval = BAR_REFRESH_S if self.terminal else self.every_s
        try:
            while not self._stop.wait(interval):
                if self.terminal:
                    self._refresh_bar()
                else:
                    self._print()
        finally:
            connection.close()  # this thread's own, opened by the tally

    def _refresh_bar(self) -> None:
        judged, passed = self.tally()
        with self._lock:
            if self._bar is not None:
                self._bar.set_postfix_str(f"pass {pass_rate(judged, passed)} of {judged}")

    def _print(self) -> None:
        self.stream.write(self.snapshot().line() + "\n")
        self.stream.flush()
