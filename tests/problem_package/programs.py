"""Building and running fixture programs directly (no sandbox): enough to show the
fixtures' validators and reference solutions behave as their packages claim."""

from __future__ import annotations

import math
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from verification.problem_package import PackageTestCase, ReferenceSolution, ValidatorSource

COMPILERS = {"cpp": ["g++", "-std=c++17", "-O2"], "c": ["gcc", "-std=c11", "-O2"]}


def compile_source(language: str, source: Path, binary: Path, include: Path | None = None) -> None:
    command = [*COMPILERS[language], "-o", str(binary), str(source)]
    if include is not None:
        command.insert(1, f"-I{include}")
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, f"{source.name} does not compile:\n{result.stderr}"


def build_validator(validator: ValidatorSource, workdir: Path) -> list[str]:
    """Write the validator's files into ``workdir``, build it, return its command."""
    for relative, content in validator.files.items():
        target = workdir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    entry = workdir / validator.entry
    if validator.language == "python":
        return [sys.executable, str(entry)]
    if validator.language == "script":
        if (workdir / "build").exists():
            (workdir / "build").chmod(0o755)
            result = subprocess.run(
                ["./build"], cwd=workdir, capture_output=True, text=True, timeout=120, check=False
            )
            assert result.returncode == 0, f"build failed:\n{result.stderr}"
        run = workdir / "run"
        run.chmod(run.stat().st_mode | 0o111)
        return [str(run)]
    binary = workdir / "validator.bin"
    compile_source(validator.language, entry, binary, include=workdir)
    return [str(binary)]


@dataclass
class Judged:
    accepted: bool | None
    """True/False for the verdict; None when the validator itself failed."""
    message: str
    exit_code: int


def run_kattis(command: list[str], case: PackageTestCase, output: bytes, workdir: Path) -> Judged:
    workdir.mkdir(parents=True, exist_ok=True)
    input_file, answer_file = workdir / "input", workdir / "answer"
    input_file.write_bytes(case.input)
    answer_file.write_bytes(case.answer)
    feedback = workdir / "feedback"
    shutil.rmtree(feedback, ignore_errors=True)
    feedback.mkdir()
    result = subprocess.run(
        [*command, str(input_file), str(answer_file), f"{feedback}/", *case.validator_args],
        input=output,
        capture_output=True,
        timeout=60,
        check=False,
    )
    message_file = feedback / "judgemessage.txt"
    message = message_file.read_text() if message_file.exists() else ""
    verdict = {42: True, 43: False}.get(result.returncode)
    return Judged(verdict, message, result.returncode)


def run_testlib(command: list[str], case: PackageTestCase, output: bytes, workdir: Path) -> Judged:
    workdir.mkdir(parents=True, exist_ok=True)
    paths = {"input": case.input, "output": output, "answer": case.answer}
    for name, content in paths.items():
        (workdir / name).write_bytes(content)
    result = subprocess.run(
        [*command, *(str(workdir / name) for name in paths)],
        capture_output=True,
        timeout=60,
        check=False,
    )
    verdict = {0: True, 1: False, 2: False}.get(result.returncode)
    return Judged(verdict, result.stderr.decode(errors="replace"), result.returncode)


def _parse_float(token: bytes) -> float | None:
    try:
        value = float(token)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def default_validate(case: PackageTestCase, output: bytes) -> bool:
    """A compact model of the default output validator, for the flags the fixtures use."""
    args = list(case.validator_args)
    case_sensitive = "case_sensitive" in args
    absolute = relative = None
    for flag, target in (
        ("float_tolerance", "both"),
        ("float_absolute_tolerance", "absolute"),
        ("float_relative_tolerance", "relative"),
    ):
        if flag in args:
            value = float(args[args.index(flag) + 1])
            if target in ("both", "absolute"):
                absolute = value
            if target in ("both", "relative"):
                relative = value
    expected, got = case.answer.split(), output.split()
    if len(expected) != len(got):
        return False
    for want, have in zip(expected, got, strict=True):
        want_number = _parse_float(want) if absolute is not None or relative is not None else None
        if want_number is not None:
            have_number = _parse_float(have)
            if have_number is None:
                return False
            error = abs(have_number - want_number)
            if not (
                (absolute is not None and error <= absolute)
                or (relative is not None and error <= relative * abs(want_number))
            ):
                return False
        elif (want if case_sensitive else want.lower()) != (
            have if case_sensitive else have.lower()
        ):
            return False
    return True


def build_solution(solution: ReferenceSolution, workdir: Path) -> list[str]:
    source = workdir / Path(solution.path).name
    source.write_bytes(solution.source)
    if solution.language == "python":
        return [sys.executable, str(source)]
    if solution.language == "bash":
        return ["sh", str(source)]
    binary = workdir / (source.name + ".bin")
    compile_source(solution.language, source, binary)
    return [str(binary)]


@dataclass
class Run:
    status: str
    """``ok``, ``TLE`` or ``RE``."""
    output: bytes
    seconds: float


def run_solution(command: list[str], case: PackageTestCase, time_limit_s: float) -> Run:
    started = time.monotonic()
    try:
        result = subprocess.run(
            command,
            input=case.input,
            capture_output=True,
            timeout=time_limit_s,
            check=False,
            env={"PATH": os.environ.get("PATH", "/usr/bin:/bin")},
        )
    except subprocess.TimeoutExpired:
        return Run("TLE", b"", time.monotonic() - started)
    elapsed = time.monotonic() - started
    return Run("ok" if result.returncode == 0 else "RE", result.stdout, elapsed)
