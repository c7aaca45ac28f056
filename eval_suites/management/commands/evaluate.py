"""manage.py evaluate SUITE.yaml [--samples FILE] [--output DIR] | --resume RUN | --rerun RUN"""

from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from eval_suites.config import ConfigError, config_load
from eval_suites.endpoint import EndpointError
from eval_suites.exports import run_export
from eval_suites.loaders import LoaderError
from eval_suites.models import EvalRun, RunStatus
from eval_suites.progress import RunProgress
from eval_suites.samples import SamplesError
from eval_suites.selectors import run_pass_tally, run_summary_rows, run_verdict_counts
from eval_suites.services import (
    RunError,
    run_create,
    run_execute,
    run_prepare,
    run_rerun_prepare,
    run_resume_prepare,
)
from verification.errors import ScaleBoxError

INCOMPLETE_EXIT = 3
DEFAULT_PROGRESS_EVERY_S = 15.0


class _NoProgress:
    def total(self, total: int, done: int) -> None:
        pass

    def __call__(self, count: int) -> None:
        pass

    def close(self) -> None:
        pass


class Command(BaseCommand):
    help = "Run an evaluation suite (a YAML config) and write its metrics and results."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("suite", nargs="?", help="suite config (YAML)")
        parser.add_argument("--samples", type=Path, help="JSONL of {task_id, completion}")
        parser.add_argument("--output", type=Path, help="directory for metrics and results")
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--resume", type=int, metavar="RUN", help="continue an interrupted run")
        group.add_argument("--rerun", type=int, metavar="RUN", help="repeat a recorded run")
        parser.add_argument(
            "--no-progress", action="store_true", help="no progress bar or progress lines"
        )
        parser.add_argument(
            "--progress-every",
            type=float,
            default=DEFAULT_PROGRESS_EVERY_S,
            metavar="SECONDS",
            help="when stderr is not a terminal (a log, nohup), print a progress line this "
            f"often (default {DEFAULT_PROGRESS_EVERY_S:g})",
        )
        parser.add_argument(
            "--owner", metavar="USERNAME", help="the user who owns the run in the dashboard"
        )
        parser.add_argument(
            "--model", metavar="NAME", help="model name to record (default: the endpoint's)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        every_s = options["progress_every"]
        if not (math.isfinite(every_s) and every_s > 0):
            raise CommandError(
                f"--progress-every must be a number of seconds above 0, not {every_s}"
            )
        progress: RunProgress | _NoProgress = _NoProgress()
        try:
            run = self._start(options)
            self.stdout.write(f"run {run.id}: {run.name} ({run.dataset.get('tasks')} tasks)")
            if not options["no_progress"]:
                progress = self._progress(run, every_s)
            run = run_execute(run=run, progress=progress, on_total=progress.total)
        except (ConfigError, LoaderError, SamplesError, RunError, EndpointError) as exc:
            raise CommandError(str(exc)) from None
        except ScaleBoxError as exc:
            raise CommandError(exc.message) from None
        finally:
            progress.close()
        out = run_export(run=run, directory=options["output"])
        self._summary(run, out)
        if run.status != RunStatus.COMPLETE:
            shown = "; ".join(
                f"{e['task_id']}#{e['index']}: {e['reason']}" for e in run.excluded[:5]
            )
            raise CommandError(
                f"run {run.id} is incomplete: {len(run.excluded)} sample(s) excluded from the "
                f"metrics ({shown}); resume it with --resume {run.id}",
                returncode=INCOMPLETE_EXIT,
            )

    def _progress(self, run: EvalRun, every_s: float) -> RunProgress:
        terminal = self.stderr.isatty()
        endpoint = run.samples_info.get("source") == "endpoint"
        return RunProgress(
            # tqdm redraws its line in place: it gets the raw stream, not Django's wrapper.
            stream=sys.stderr if terminal else self.stderr,  # type: ignore[arg-type]
            terminal=terminal,
            tally=lambda: run_pass_tally(run_id=run.id),
            every_s=every_s,
            phases=("generating", "judging") if endpoint else ("judging",),
        )

    def _start(self, options: dict[str, Any]) -> EvalRun:
        if options["resume"] is not None or options["rerun"] is not None:
            if options["suite"] or options["samples"]:
                raise CommandError("--resume and --rerun take no suite file or --samples")
            if options["resume"] is not None:
                run = run_resume_prepare(run_id=options["resume"])
                if options["output"]:
                    EvalRun.objects.filter(id=run.id).update(
                        output_dir=str(options["output"].resolve())
                    )
                return run
            return run_rerun_prepare(run_id=options["rerun"], output_dir=options["output"])
        if not options["suite"]:
            raise CommandError("give a suite config, or --resume RUN / --rerun RUN")
        owner = self._owner(options)
        suite = Path(options["suite"])
        config = config_load(suite)
        prepared = run_prepare(config=config, samples_path=options["samples"])
        run = run_create(
            prepared=prepared, suite_path=str(suite.resolve()), output_dir=options["output"]
        )
        return self._label(run, owner, options)

    def _owner(self, options: dict[str, Any]) -> Any:
        if not options.get("owner"):
            return None
        owner = get_user_model().objects.filter(username=options["owner"]).first()
        if owner is None:
            raise CommandError(f"no user named {options['owner']!r}")
        return owner

    def _label(self, run: EvalRun, owner: Any, options: dict[str, Any]) -> EvalRun:
        updates: dict[str, Any] = {}
        if owner is not None:
            updates["owner"] = owner
        if options.get("model"):
            updates["model_name"] = options["model"]
        if updates:
            EvalRun.objects.filter(id=run.id).update(**updates)
            run.refresh_from_db()
        return run

    def _summary(self, run: EvalRun, out: Path) -> None:
        rows = run_summary_rows(run=run)
        keys = [k for k in rows[0] if k.startswith("pass@")]
        header = f"{'scope':<12} {'tasks':>6} {'samples':>8}" + "".join(f" {k:>9}" for k in keys)
        self.stdout.write(header)
        for row in rows:
            values = "".join(
                f" {row[k]:>9.2f}" if row[k] is not None else f" {'-':>9}" for k in keys
            )
            self.stdout.write(f"{row['scope']:<12} {row['tasks']:>6} {row['samples']:>8}{values}")
        counts = ", ".join(f"{v} {n}" for v, n in run_verdict_counts(run=run).items())
        self.stdout.write(f"verdicts: {counts or 'none'}; excluded: {len(run.excluded)}")
        if run.rerun_of is not None:
            same = run.rerun_of.metrics == run.metrics
            self.stdout.write(
                f"rerun of run {run.rerun_of_id}: metrics "
                + ("identical" if same else f"differ (recorded {run.rerun_of.metrics})")
            )
        for key in keys:
            self.stdout.write(f"{key} = {run.metrics[key]}")
        self.stdout.write(f"outputs: {out}")
