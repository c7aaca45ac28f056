"""Evaluation runs: prepare, create, judge, finish; resume an interrupted run; rerun one.

The command, tests and benchmark call these functions; they call the verification
services for problems and submissions like every other client.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from eval_suites.config import (
    CheckerPolicy,
    ConfigError,
    EndpointSamples,
    FileSamples,
    SuiteConfig,
)
from eval_suites.endpoint import EndpointError, completion_request, endpoint_client
from eval_suites.extraction import program_for
from eval_suites.judging import JudgingPolicy, Progress, judge_samples
from eval_suites.loaders import Dataset, Task, loader_get
from eval_suites.manifest import (
    code_version,
    environment_describe,
    judges_describe,
    limits_describe,
)
from eval_suites.metrics import metrics_compute
from eval_suites.models import EvalRun, EvalSample, EvalTask, RunStatus, SampleStatus
from eval_suites.samples import (
    SampleIn,
    Samples,
    samples_canonical,
    samples_digest,
    samples_from_file,
)
from eval_suites.selectors import run_tallies
from judges.checkers import HARNESS_CHECKERS, OUTPUT_CHECKERS
from judges.services import judge_builtin_get_or_create
from verification.executors import known_languages, languages_supporting
from verification.models import Problem, ProblemKind
from verification.services import problem_upsert
from verification.services_import import problem_import

logger = logging.getLogger(__name__)

GENERATION_FAILED = "generation failed: "


class RunError(Exception):
    """A run that cannot be started, resumed or repeated as asked."""


@dataclass
class Prepared:
    config: SuiteConfig
    dataset: Dataset
    samples: Samples | None
    """None when samples come from an endpoint during the run."""


# --- preparing: everything that can be refused is refused before anything is judged --------


def run_prepare(*, config: SuiteConfig, samples_path: Path | None = None) -> Prepared:
    if samples_path is not None:
        samples = FileSamples(source="file", path=samples_path.resolve())
        config = config.model_copy(update={"samples": samples})
    dataset = loader_get(config.dataset.loader).load(config.dataset)
    _check_checker(config.judging.checker, dataset)
    prepared_samples: Samples | None = None
    if isinstance(config.samples, FileSamples):
        prepared_samples = samples_from_file(config.samples.path, dataset)
    elif config.samples.source == "canonical":
        prepared_samples = samples_canonical(dataset)
    _check_languages(config, dataset, prepared_samples)
    return Prepared(config, dataset, prepared_samples)


def _check_checker(policy: CheckerPolicy | None, dataset: Dataset) -> None:
    """Refuse a checker that is unknown or judges none of the dataset's tasks."""
    if policy is None:
        return
    kinds = {t.kind for t in dataset.tasks}
    if policy.name in HARNESS_CHECKERS:
        if policy.name not in kinds:
            raise ConfigError(
                f"judging.checker.name: {policy.name!r} judges {policy.name} tests, and the "
                f"dataset has only {', '.join(sorted(kinds))} tests"
            )
    elif policy.name not in OUTPUT_CHECKERS:
        raise ConfigError(
            f"judging.checker.name: unknown checker {policy.name!r}; known: "
            f"{', '.join(sorted(OUTPUT_CHECKERS | HARNESS_CHECKERS))}"
        )
    elif ProblemKind.STDIN_STDOUT not in kinds:
        raise ConfigError(
            f"judging.checker.name: {policy.name!r} judges stdin/stdout tests, and the "
            f"dataset has only {', '.join(sorted(kinds))} tests, which are judged by their "
            f"own checker; give name: {sorted(kinds)[0]} (with tolerance args) or leave "
            "checker out"
        )


def checker_of(
    task: Task, policy: CheckerPolicy | None, stdin_checker: str | None = None
) -> CheckerPolicy | None:
    """The suite's checker when it judges tasks of ``task``'s kind; else, for a
    stdin/stdout task, the loader's ``stdin_checker``; else None (the problem's own)."""
    if policy is not None:
        if policy.name == task.kind:
            return policy
        if task.kind == ProblemKind.STDIN_STDOUT and policy.name in OUTPUT_CHECKERS:
            return policy
        return None
    if task.kind == ProblemKind.STDIN_STDOUT and stdin_checker is not None:
        return CheckerPolicy(name=stdin_checker)
    return None


def _check_languages(config: SuiteConfig, dataset: Dataset, samples: Samples | None) -> None:
    kinds = {t.task_id: t.kind for t in dataset.tasks}
    languages = {config.extraction.language}
    if samples is not None:
        languages |= {s.language for s in samples.items if s.language}
    unknown = sorted(languages - set(known_languages()))
    if unknown:
        raise ConfigError(f"unknown language {unknown[0]!r}; known: {', '.join(known_languages())}")
    if samples is None:
        return
    for sample in samples.items:
        language = sample.language or config.extraction.language
        supporting = languages_supporting(kinds[sample.task_id])
        if kinds[sample.task_id] != ProblemKind.STDIN_STDOUT and language not in supporting:
            raise ConfigError(
                f"task {sample.task_id!r} has {kinds[sample.task_id]} tests, which run in "
                f"{', '.join(supporting)} only, not {language!r}"
            )


# --- problems for tasks ------------------------------------------------------------------------


def task_problem_sync(*, loader: str, task: Task, checker: CheckerPolicy | None) -> Problem:
    """The stored problem judging ``task``; created once per distinct content and checker."""
    task_hash = task.content_hash()
    policy = checker.model_dump() if checker else None
    key = hashlib.sha256(json.dumps([task_hash, policy]).encode()).hexdigest()[:12]
    slug = f"eval-{slugify(loader) or 'suite'}-{slugify(task.task_id)[:80] or 'task'}-{key}"
    existing = Problem.objects.filter(slug=slug).first()
    if existing is not None and existing.provenance.get("eval_task_hash") == task_hash:
        return existing
    provenance = {"eval_loader": loader, "eval_task_id": task.task_id, "eval_task_hash": task_hash}
    updates: dict[str, Any] = {}
    if task.package is not None:
        problem = problem_import(package=task.package, slug=slug)
        # The package's own provenance, with the task's added.
        updates["provenance"] = {**problem.provenance, **provenance}
    else:
        problem = problem_upsert(
            slug=slug,
            title=task.task_id,
            statement=task.prompt,
            cases=task.cases,
            time_limit_s=task.time_limit_s,
            time_limit_source="the dataset" if task.time_limit_s else "",
            memory_limit_mb=task.memory_limit_mb,
            validator_flags=task.validator_flags,
            kind=task.kind,
            provenance=provenance,
        )
    if checker is not None:
        updates["judge"] = judge_builtin_get_or_create(name=checker.name, args=checker.args)
    if updates:
        Problem.objects.filter(id=problem.id).update(**updates)
        problem.refresh_from_db()
    return problem


# --- creating a run ----------------------------------------------------------------------------


def _sample_row(
    run: EvalRun, task_row: EvalTask, task: Task, sample: SampleIn, config: SuiteConfig
) -> EvalSample:
    language = sample.language or config.extraction.language
    program, how = program_for(
        task, sample.completion, mode=config.extraction.mode, language=language
    )
    if language == "python" and task.kind == ProblemKind.STDIN_STDOUT:
        language = config.judging.python
    return EvalSample(
        run=run,
        task=task_row,
        index=sample.index,
        completion=sample.completion,
        extra=sample.extra,
        language=language,
        program=program,
        extraction=how,
    )


def run_create(
    *,
    prepared: Prepared,
    suite_path: str = "",
    output_dir: Path | None = None,
    rerun_of: EvalRun | None = None,
) -> EvalRun:
    config, dataset = prepared.config, prepared.dataset
    stdin_checker = loader_get(dataset.loader).stdin_checker
    problems = {
        task.task_id: task_problem_sync(
            loader=dataset.loader,
            task=task,
            checker=checker_of(task, config.judging.checker, stdin_checker),
        )
        for task in dataset.tasks
    }
    samples_info = prepared.samples.info if prepared.samples else {"source": "endpoint"}
    if rerun_of is not None:
        samples_info = {
            "source": "recorded",
            "rerun_of": rerun_of.id,
            "recorded": rerun_of.samples_info,
        }
    with transaction.atomic():
        run = EvalRun.objects.create(
            name=config.name,
            suite_path=suite_path,
            config=config.resolved(),
            config_hash=config.digest(),
            dataset={
                "loader": dataset.loader,
                "source": dataset.source,
                "tasks": len(dataset.tasks),
                "tasks_in_source": len(dataset.all_task_ids),
            },
            dataset_hash=dataset.content_hash(),
            samples_info=samples_info,
            code_version=code_version(),
            rerun_of=rerun_of,
        )
        out = output_dir or config.output.dir or Path(settings.SCALEBOX_EVAL_DIR) / f"run-{run.id}"
        EvalRun.objects.filter(id=run.id).update(output_dir=str(Path(out).resolve()))
        EvalTask.objects.bulk_create(
            EvalTask(
                run=run,
                task_id=task.task_id,
                order=order,
                problem=problems[task.task_id],
                kind=task.kind,
                difficulty=task.difficulty,
                task_hash=task.content_hash(),
                metadata=task.metadata,
            )
            for order, task in enumerate(dataset.tasks)
        )
        if prepared.samples is not None:
            rows = {t.task_id: t for t in run.tasks.all()}
            by_id = {t.task_id: t for t in dataset.tasks}
            EvalSample.objects.bulk_create(
                (
                    _sample_row(run, rows[s.task_id], by_id[s.task_id], s, config)
                    for s in prepared.samples.items
                ),
                batch_size=500,
            )
    run.refresh_from_db()
    return run


# --- samples from an endpoint ---------------------------------------------------------------


def samples_generate(
    *, run: EvalRun, dataset: Dataset, config: SuiteConfig, progress: Progress | None = None
) -> None:
    """Ask the endpoint for every sample the run lacks; each is stored as it arrives."""
    endpoint = config.samples
    assert isinstance(endpoint, EndpointSamples)
    have = {
        (task_id, index)
        for task_id, index, status, error in run.samples.values_list(
            "task__task_id", "index", "status", "error"
        )
        if not (status == SampleStatus.EXCLUDED and error.startswith(GENERATION_FAILED))
    }
    needed = [
        (task, i)
        for task in dataset.tasks
        for i in range(endpoint.n)
        if (task.task_id, i) not in have
    ]
    if not needed:
        return
    rows = {t.task_id: t for t in run.tasks.all()}
    base_seed = endpoint.seed if endpoint.seed is not None else config.seed
    try:
        client = endpoint_client(endpoint)
    except EndpointError as exc:
        raise RunError(str(exc)) from None

    def ask(task: Task, index: int) -> tuple[Task, int, str | None, str]:
        try:
            return task, index, completion_request(client, endpoint, task, base_seed + index), ""
        except EndpointError as exc:
            return task, index, None, str(exc)

    with client, ThreadPoolExecutor(max_workers=endpoint.concurrency) as pool:
        futures = [pool.submit(ask, task, i) for task, i in needed]
        for future in as_completed(futures):
            task, index, text, error = future.result()
            _store_generated(
                run=run,
                task_row=rows[task.task_id],
                task=task,
                index=index,
                text=text,
                error=error,
                config=config,
            )
            if progress is not None:
                progress(1)


def _store_generated(
    *,
    run: EvalRun,
    task_row: EvalTask,
    task: Task,
    index: int,
    text: str | None,
    error: str,
    config: SuiteConfig,
) -> None:
    if text is None:
        defaults: dict[str, Any] = {
            "language": config.extraction.language,
            "status": SampleStatus.EXCLUDED,
            "error": GENERATION_FAILED + error,
            "finished_at": timezone.now(),
        }
    else:
        row = _sample_row(run, task_row, task, SampleIn(task.task_id, index, text), config)
        defaults = {
            "completion": text,
            "language": row.language,
            "program": row.program,
            "extraction": row.extraction,
            "status": SampleStatus.PENDING,
            "error": "",
            "finished_at": None,
        }
    EvalSample.objects.update_or_create(run=run, task=task_row, index=index, defaults=defaults)


# --- running ------------------------------------------------------------------------------------


def run_execute(
    *,
    run: EvalRun,
    dataset: Dataset | None = None,
    progress: Progress | None = None,
    on_total: Callable[[int, int], None] | None = None,
) -> EvalRun:
    """Generate missing samples (endpoint runs), judge every open sample, then finish.

    ``on_total(total, already_finished)`` is told the size of the work before it starts.
    """
    config = SuiteConfig.model_validate(run.config)
    EvalRun.objects.filter(id=run.id, started_at=None).update(started_at=timezone.now())
    EvalRun.objects.filter(id=run.id).update(status=RunStatus.RUNNING)
    if run.samples_info.get("source") == "endpoint":
        assert isinstance(config.samples, EndpointSamples)
        if dataset is None:
            dataset = _dataset_checked(run, config)
        total = len(dataset.tasks) * config.samples.n
        if on_total is not None:
            on_total(total, run.samples.exclude(status=SampleStatus.EXCLUDED).count())
        samples_generate(run=run, dataset=dataset, config=config, progress=progress)
    open_ids = list(
        run.samples.filter(status__in=[SampleStatus.PENDING, SampleStatus.SUBMITTED])
        .order_by("task__order", "index")
        .values_list("id", flat=True)
    )
    if on_total is not None:
        total = run.samples.count()
        on_total(total, total - len(open_ids))
    judge_samples(open_ids, JudgingPolicy.from_config(run.config["judging"]), progress)
    return run_finish(run=run)


def run_finish(*, run: EvalRun) -> EvalRun:
    config = SuiteConfig.model_validate(run.config)
    metrics, detail = metrics_compute(
        run_tallies(run=run), config.metrics.pass_at_k, by_difficulty=config.metrics.by_difficulty
    )
    excluded = [
        {"task_id": task_id, "index": index, "reason": error}
        for task_id, index, error in run.samples.filter(status=SampleStatus.EXCLUDED)
        .order_by("task__order", "index")
        .values_list("task__task_id", "index", "error")
    ]
    unfinished = run.samples.filter(
        status__in=[SampleStatus.PENDING, SampleStatus.SUBMITTED]
    ).count()
    detail["samples_excluded"] = len(excluded)
    detail["samples_unfinished"] = unfinished
    languages = sorted(set(run.samples.values_list("language", flat=True)))
    problem_ids = list(run.tasks.values_list("problem_id", flat=True))
    EvalRun.objects.filter(id=run.id).update(
        metrics=metrics,
        metrics_detail=detail,
        excluded=excluded,
        status=RunStatus.INCOMPLETE if excluded or unfinished else RunStatus.COMPLETE,
        judges=judges_describe(problem_ids),
        limits=limits_describe(run),
        environment=environment_describe(run, languages),
        samples_hash=_stored_samples_hash(run),
        finished_at=timezone.now(),
    )
    run.refresh_from_db()
    return run


def _stored_samples_hash(run: EvalRun) -> str:
    items = [
        SampleIn(task_id, index, completion, language)
        for task_id, index, completion, language in run.samples.values_list(
            "task__task_id", "index", "completion", "language"
        )
    ]
    return samples_digest(items)


# --- resuming and repeating ----------------------------------------------------------------


def run_get(*, run_id: int) -> EvalRun:
    run = EvalRun.objects.filter(id=run_id).first()
    if run is None:
        raise RunError(f"there is no run {run_id}")
    return run


def _dataset_checked(run: EvalRun, config: SuiteConfig) -> Dataset:
    dataset = loader_get(config.dataset.loader).load(config.dataset)
    if dataset.content_hash() != run.dataset_hash:
        raise RunError(
            f"the dataset of run {run.id} has changed since it was recorded "
            f"(content hash {dataset.content_hash()[:16]}…, recorded {run.dataset_hash[:16]}…)"
        )
    return dataset


def run_resume_prepare(*, run_id: int) -> EvalRun:
    """Reopen an interrupted or incomplete run: excluded samples are tried again."""
    run = run_get(run_id=run_id)
    if run.status == RunStatus.COMPLETE:
        raise RunError(f"run {run_id} is complete; use --rerun {run_id} to repeat it")
    # No judging linked: the sample's submission is judged again when the run goes on.
    run.samples.filter(status=SampleStatus.EXCLUDED).exclude(submission=None).update(
        status=SampleStatus.SUBMITTED, judging=None, error=""
    )
    return run


def run_rerun_prepare(*, run_id: int, output_dir: Path | None = None) -> EvalRun:
    """A new run of a recorded run's config over its recorded samples, on the same data."""
    original = run_get(run_id=run_id)
    config = SuiteConfig.model_validate(original.config)
    dataset = _dataset_checked(original, config)
    items = [
        SampleIn(task_id, index, completion, language, extra)
        for task_id, index, completion, language, extra in original.samples.exclude(
            status=SampleStatus.EXCLUDED, submission=None
        )
        .order_by("task__order", "index")
        .values_list("task__task_id", "index", "completion", "language", "extra")
    ]
    if not items:
        raise RunError(f"run {run_id} has no recorded samples to judge again")

    samples = Samples(items, dict(original.samples_info), samples_digest(items))
    prepared = Prepared(config, dataset, samples)
    return run_create(
        prepared=prepared, suite_path=original.suite_path, output_dir=output_dir, rerun_of=original
    )
