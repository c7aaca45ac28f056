"""End to end in a real browser: Debian's chromium driven by Playwright.

Log in, filter the runs, open a run, compare two runs, open a failing submission and
see its diff, watch a running submission finish, upload a package. Screenshots of each
step are written to test-artifacts/dashboard/.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import sync_playwright

from eval_suites.models import EvalRun
from tests.dashboard.factories import EXCLUDED, TaskSpec, judged_submission, make_run, problem_for
from tests.dashboard.test_problems import package_zip
from tests.factories import make_user
from verification.models import Judging, JudgingStatus, Problem, Submission

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "dashboard"

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


@pytest.fixture
def page(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("CI must install Debian's chromium package for the browser tests")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")

    # Playwright's sync API runs an event loop in this thread; the ORM calls the test
    # makes between browser steps are still plain synchronous calls.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(15_000)
        tab = context.new_page()
        try:
            yield tab
        finally:
            context.close()
            browser.close()


def shot(page: Any, name: str) -> Path:
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def two_runs(owner: User) -> tuple[EvalRun, EvalRun]:
    base = make_run(
        name="humaneval",
        model="base-7b",
        owner=owner,
        pass_at_k=(1, 2),
        tasks=[
            TaskSpec("HumanEval/0", ["AC", "AC"], "easy"),
            TaskSpec("HumanEval/1", ["WA", "WA"], "easy"),
            TaskSpec("HumanEval/2", ["AC", "TLE"], "medium"),
            TaskSpec("HumanEval/3", ["RE", "WA"], "hard"),
            TaskSpec("HumanEval/4", ["AC", EXCLUDED], "hard"),
        ],
    )
    tuned = make_run(
        name="humaneval",
        model="tuned-7b",
        owner=owner,
        pass_at_k=(1, 2),
        tasks=[
            TaskSpec("HumanEval/0", ["AC", "AC"], "easy"),
            TaskSpec("HumanEval/1", ["AC", "WA"], "easy"),
            TaskSpec("HumanEval/2", ["AC", "AC"], "medium"),
            TaskSpec("HumanEval/3", ["AC", "WA"], "hard"),
            TaskSpec("HumanEval/4", ["WA", "WA"], "hard"),
        ],
    )
    return base, tuned


def log_in(page: Any, base_url: str, next_path: str) -> None:
    page.goto(base_url + next_path)
    assert "/login/" in page.url
    page.fill("input[name=username]", "alice")
    page.fill("input[name=password]", "pw")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(re.escape(next_path) + "$"))


def test_a_researcher_browses_runs_submissions_and_uploads(page: Any, live_server: Any) -> None:
    alice = make_user("alice")
    base, tuned = two_runs(alice)
    url = live_server.url

    log_in(page, url, "/runs/")
    assert page.locator("#runs tbody tr").count() == 2
    shot(page, "01-runs")

    page.select_option("select[name=model]", "tuned-7b")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"model=tuned-7b"))
    rows = page.locator("#runs tbody tr")
    assert rows.count() == 1
    assert f"#{tuned.id}" in rows.first.inner_text()
    shot(page, "02-runs-filtered")

    page.click("text=clear")
    page.wait_for_url(f"{url}/runs/")
    page.click(f"a[href='/runs/{base.id}/']")
    page.wait_for_url(f"{url}/runs/{base.id}/")
    assert "1" in page.locator("#sandbox-errors .big").first.inner_text()
    assert page.locator("svg.chart").count() == 3
    assert "pass@2" in page.locator("#metrics").inner_text()
    shot(page, "03-run")

    page.goto(url + "/runs/")
    page.check(f"input[name=a][value='{base.id}']")
    page.check(f"input[name=b][value='{tuned.id}']")
    page.click("text=Compare A with B")
    page.wait_for_url(
        re.compile(rf"/runs/compare/\?(b={tuned.id}&a={base.id}|a={base.id}&b={tuned.id})$")
    )
    gained = page.locator("#gained").inner_text()
    lost = page.locator("#lost").inner_text()
    assert "HumanEval/1" in gained
    assert "HumanEval/3" in gained
    assert "HumanEval/4" in lost
    shot(page, "04-compare")

    page.goto(f"{url}/runs/{base.id}/")
    page.click("#tasks >> text=HumanEval/1")
    page.locator("#samples a", has_text="submission").first.click()
    page.wait_for_url(re.compile(r"/submissions/\d+/"))
    diff = page.locator(".diff").first
    assert "-42" in diff.inner_text()
    assert "+41" in diff.inner_text()
    assert "expected 42, got 41" in page.locator("#cases").inner_text()
    shot(page, "05-failing-submission")

    problem = problem_for("sum")
    submission = Submission.objects.create(problem=problem, language="python", owner=alice)
    running = Judging.objects.create(
        submission=submission, status=JudgingStatus.RUNNING, case_ids=[]
    )
    page.goto(f"{url}/submissions/{submission.id}/")
    assert "RUNNING" in page.locator("#progress").inner_text()
    finished = judged_submission(problem, "WA", owner=alice)
    finished.case_results.update(judging=running)
    Judging.objects.filter(id=running.id).update(
        status=JudgingStatus.DONE, verdict="WA", case_ids=finished.case_ids
    )
    page.wait_for_selector("#cases", timeout=20_000)
    assert page.locator("#progress").count() == 0
    assert "+41" in page.locator(".diff").first.inner_text()

    package = ARTIFACTS / "echo.zip"
    package.write_bytes(package_zip())
    page.goto(url + "/problems/upload/")
    page.set_input_files("input[name=package]", str(package))
    page.click("form.stacked button[type=submit]")
    page.wait_for_url(f"{url}/problems/echo/")
    assert "Imported echo." in page.content()
    assert "sample" in page.locator("#groups").inner_text()
    shot(page, "06-uploaded-problem")
    assert Problem.objects.get(slug="echo").owner == alice


def test_readme_screenshots_come_from_the_run_and_compare_pages(
    page: Any, live_server: Any
) -> None:
    """Writes the README's screenshots when SCALEBOX_UPDATE_SCREENSHOTS is set."""
    alice = make_user("alice")
    base, tuned = two_runs(alice)
    log_in(page, live_server.url, f"/runs/{base.id}/")
    run_png = shot(page, "readme-run")
    page.goto(f"{live_server.url}/runs/compare/?a={base.id}&b={tuned.id}")
    compare_png = shot(page, "readme-compare")
    assert run_png.stat().st_size > 10_000
    assert compare_png.stat().st_size > 10_000
    if os.environ.get("SCALEBOX_UPDATE_SCREENSHOTS"):
        docs = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
        docs.mkdir(parents=True, exist_ok=True)
        shutil.copy(run_png, docs / "run.png")
        shutil.copy(compare_png, docs / "compare.png")
