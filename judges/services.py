"""Judge rows and judging one case's output with a judge."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

from judges.checkers import (
    CheckResult,
    Output,
    checker_args_validate,
    run_checker,
)
from judges.custom import judge_run
from judges.models import Judge, JudgeKind, JudgeOrigin, JudgeState


def judge_builtin_get_or_create(*, name: str, args: Sequence[str] = ()) -> Judge:
    """The judge row for a built-in checker with fixed flags; identical flags share a row."""
    flat = [str(a) for a in args]
    digest = hashlib.sha256(json.dumps([name, flat]).encode()).hexdigest()[:12]
    key = f"builtin-{name}" if not flat else f"builtin-{name}-{digest}"
    judge, _ = Judge.objects.get_or_create(
        key=key,
        version=1,
        defaults={
            "kind": JudgeKind.BUILTIN,
            "builtin_name": name,
            "args": flat,
            "state": JudgeState.ACTIVE,
            "origin": JudgeOrigin.BUILTIN,
        },
    )
    return judge


def judge_builtin_args_validate(*, name: str, args: Sequence[str]) -> None:
    """Raise ``CheckerArgumentError`` when the built-in checker ``name`` would refuse
    ``args`` (every case would end JE), so that a problem is refused when it is created;
    ``UnknownChecker`` when there is no such checker."""
    checker_args_validate(name, args)


def judge_check(
    *,
    judge: Judge | None,
    input: bytes,
    output: Output,
    answer: bytes,
    case_args: Sequence[str] = (),
    limits: dict[str, float] | None = None,
) -> CheckResult:
    """Decide one case from the program's output alone (never from its exit status).

    ``output`` may be a read-only map of a large output: the built-in checkers read it in
    place (the harness checkers copy it); custom judges, which need it whole, get a copy.
    ``limits`` bounds a custom judge's run (the defaults of ``judges.custom`` otherwise).
    """
    if judge is None:
        return run_checker("default", input, output, answer, list(case_args))
    if judge.kind == JudgeKind.BUILTIN:
        args = [*judge.args, *case_args]
        return run_checker(judge.builtin_name, input, output, answer, args)
    return judge_run(
        judge=judge,
        input=input,
        output=_whole(output),
        answer=answer,
        case_args=list(case_args),
        limits=limits,
    )


def _whole(output: Output) -> bytes:
    return output if isinstance(output, bytes) else output[:]


def judge_custom_from_package(*, problem_slug: str, validator: Any, flags: Sequence[str]) -> Judge:
    """A new judge version for a package's own validator, unless the newest one matches.

    Validators that ship with a package are approved on creation.
    """
    kind = JudgeKind.TESTLIB if validator.protocol == "testlib" else JudgeKind.KATTIS
    files = {
        path: data.decode("utf-8", errors="surrogateescape")
        for path, data in validator.files.items()
    }
    key = f"{problem_slug}-validator"
    latest = Judge.objects.filter(key=key).order_by("-version").first()
    if (
        latest is not None
        and latest.kind == kind
        and latest.files == files
        and latest.entry == validator.entry
        and latest.language == validator.language
        and list(latest.args) == [str(f) for f in flags]
    ):
        return latest
    return Judge.objects.create(
        key=key,
        version=(latest.version + 1) if latest else 1,
        kind=kind,
        language=validator.language,
        files=files,
        entry=validator.entry,
        args=[str(f) for f in flags],
        state=JudgeState.ACTIVE,
        origin=JudgeOrigin.PACKAGE,
    )


def judge_exit_code_get_or_create(*, source: str, language: str) -> Judge:
    """The judge row for an exit-code special judge sent with a request (icip-cas/ScaleBox's
    ``special_judge_program``); identical source in the same language shares a row."""
    digest = hashlib.sha256(json.dumps([language, source]).encode()).hexdigest()
    entry = "special_judge"
    judge, _ = Judge.objects.get_or_create(
        key=f"exit-code-{digest}",
        version=1,
        defaults={
            "kind": JudgeKind.EXIT_CODE,
            "language": language,
            "files": {entry: source},
            "entry": entry,
            "state": JudgeState.ACTIVE,
            "origin": JudgeOrigin.REQUEST,
        },
    )
    return judge
