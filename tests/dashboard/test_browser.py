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
from django.utils import timezone
from playwright.sync_api import sync_playwright

from eval_suites.models import EvalRun
from judges.models import Judge, JudgeAction, JudgeEvent, JudgeKind, JudgeOrigin, JudgeState
from tests.dashboard.factories import EXCLUDED, TaskSpec, judged_submission, make_run, problem_for
from tests.dashboard.test_problems import package_zip
from tests.factories import make_user
from verification.models import Judging, JudgingStatus, Problem, ReferenceSolution, Submission

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


def log_in_as(page: Any, base_url: str, username: str, next_path: str) -> None:
    page.goto(base_url + next_path)
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "pw")
    page.click("[type=submit]")
    page.wait_for_url(re.compile(re.escape(next_path) + "$"))


STATEMENT = """# A plus B

Given two integers $a$ and $b$ with $-10^9 \\le a, b \\le 10^9$, print their sum

$$s = \\sum_{i \\in \\{a, b\\}} i.$$

## Input

One line with **two** integers.

<script>document.title = "pwned"</script>
"""


def test_the_pages_a_researcher_reads_have_no_rough_edges(page: Any, live_server: Any) -> None:
    root = make_user("root", is_staff=True, is_superuser=True)
    url = live_server.url
    ids = [f"HumanEval/{i}" for i in range(0, 130)]
    older = make_run(owner=root, model="", tasks=[TaskSpec(t, ["WA"], "") for t in ids])
    newer = make_run(owner=root, model="", tasks=[TaskSpec(t, ["AC"], "") for t in ids])

    log_in_as(page, url, "root", "/runs/compare/")
    assert page.locator("select[name=a]").input_value() == str(older.id)
    assert page.locator("select[name=b]").input_value() == str(newer.id)
    assert "no model" in page.locator("select[name=a] option:checked").inner_text()
    first = page.locator("#gained tbody tr td:first-child").all_inner_texts()
    assert first[:4] == ["HumanEval/0", "HumanEval/1", "HumanEval/2", "HumanEval/3"]
    assert len(first) == 50
    assert "page 1 of 3" in page.locator("#gained nav.pages").inner_text()
    shot(page, "10-compare-default")

    page.goto(f"{url}/runs/{older.id}/")
    assert page.locator("svg.chart").count() == 2  # no difficulty chart
    assert "no difficulty" not in page.locator("#metrics").inner_text()
    shot(page, "11-run-without-difficulties")

    problem = problem_for("aplusb")
    Problem.objects.filter(id=problem.id).update(statement=STATEMENT, output_limit_kb=65536)
    ReferenceSolution.objects.create(
        problem=problem,
        path="submissions/accepted/sum.py",
        language="python",
        source="a, b = map(int, input().split())\nprint(a + b)\n",
        expected="accepted",
    )
    page.goto(f"{url}/problems/aplusb/")
    page.wait_for_selector("#statement .katex")
    assert page.locator("#statement .katex-display").count() == 1
    assert page.locator("#statement .katex").count() >= 3
    assert page.title() != "pwned"
    assert "64 MB" in page.locator("#limits").inner_text()
    assert "not verified" in page.locator("#solutions").inner_text()
    shot(page, "12-problem-statement")
    page.click("#verify-now button")
    page.wait_for_selector("text=Judging 1 reference solution")
    for _ in range(30):
        if "being judged" not in page.locator("#solutions").inner_text():
            break
        page.wait_for_timeout(1000)
        page.reload()
    assert "yes" in page.locator("#solutions").inner_text()
    shot(page, "13-problem-verified")

    page.goto(f"{url}/status/")
    assert "Flower" not in page.content()
    assert page.locator("svg.chart .tick").count() >= 2
    shot(page, "14-status")

    page.goto(f"{url}/runs/999999/")
    assert "Nothing here" in page.locator("#error").inner_text()
    shot(page, "15-not-found")

    judging = judged_submission(problem_for("sum"), "RE", owner=root)
    harnessed = Problem.objects.filter(id=judging.submission.problem_id)
    harnessed.update(kind="assert")
    report = '{"nonce": "' + "f" * 32 + '", "status": "raised", "exception": true}\n'
    judging.case_results.filter(verdict="RE").update(
        stdout_excerpt=report,
        checker_message="the program raised ZeroDivisionError: division by zero",
        stderr_excerpt='Traceback (most recent call last):\n  File "solution.py", line 2, in add\n'
        "ZeroDivisionError: division by zero\n",
    )
    page.goto(f"{url}/submissions/{judging.submission_id}/")
    cases = page.locator("#cases").inner_text()
    assert "the program raised ZeroDivisionError" in cases
    assert "nonce" not in page.content()
    shot(page, "16-assert-submission")


def judge_for_review(problem: Problem, editor: User) -> Judge:
    """A generated checker edited by ``editor``: version 2, validated on 92 checks."""
    checker = "def check(input, output, answer):\n    return output.split() == answer.split(), ''\n"
    checks = [
        {
            "ok": True,
            "case": f"secret/{i:03d}",
            "what": "the answer itself" if i % 2 else "last number perturbed by one",
            "expect": "AC" if i % 2 else "WA",
            "got": "AC" if i % 2 else "WA",
            "output": "x" * 180 if i == 3 else str(i),
            "message": "" if i % 2 else "expected 42, got 43",
        }
        for i in range(92)
    ]
    record = {
        "ok": True,
        "summary": {"checks": 92, "must_accept": 46, "must_reject": 46, "failed": 0},
        "checks": checks,
        "failures": [],
        "notes": [],
        "kinds": ["multiple_answers"],
    }
    common = {
        "key": "sum-special",
        "kind": JudgeKind.PYTHON,
        "language": "python",
        "entry": "checker.py",
        "origin": JudgeOrigin.GENERATED,
        "problem": problem,
        "validation": record,
        "validated_at": timezone.now(),
    }
    first = Judge.objects.create(
        version=1, files={"checker.py": checker}, state=JudgeState.SUPERSEDED, **common
    )
    edited = Judge.objects.create(
        version=2,
        files={"checker.py": checker.replace("''", "'compared as tokens'")},
        state=JudgeState.VALIDATED,
        previous=first,
        created_by=editor,
        args=["float_tolerance", "1e-6"],
        **common,
    )
    JudgeEvent.objects.create(judge=edited, action=JudgeAction.EDITED, actor=editor, note="msg")
    JudgeEvent.objects.create(judge=edited, action=JudgeAction.VALIDATION_FAILED, note="1 failed")
    JudgeEvent.objects.create(judge=edited, action=JudgeAction.VALIDATED, actor=editor)
    return edited


def test_the_review_page_works_for_a_busy_admin(page: Any, live_server: Any) -> None:
    root = make_user("root", is_staff=True, is_superuser=True)
    problem = problem_for("sum")
    Problem.objects.filter(id=problem.id).update(statement="Print a + b.\n" * 40)
    judge = judge_for_review(problem, root)
    path = f"/admin/judges/judge/{judge.id}/change/"
    page.goto(live_server.url + path)
    page.fill("input[name=username]", "root")
    page.fill("input[name=password]", "pw")
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(re.escape(path) + "$"))

    top = page.locator(".review-actions").first
    assert top.locator("input[name=_approve]").is_visible()
    assert top.bounding_box()["y"] < 900  # above the fold, not under the table and form
    assert page.locator(".review-actions").count() == 2
    assert page.locator("details.validation-checks").get_attribute("open") is None
    summary = page.locator(".field-review_summary").inner_text()
    assert "edited by root from sum-special v1" in summary
    args = page.locator(".field-arguments li").all_inner_texts()
    assert args == ["float_tolerance", "1e-6"]
    trail = page.locator("fieldset[aria-labelledby=events-heading]").inner_text()
    assert "root edited it (a new version)" in trail
    assert "validation_failed" not in trail
    shot(page, "20-review-page")

    page.click("details.validation-checks summary")
    fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert fits, "the validation table overflows the page"
    shot(page, "21-review-checks-open")

    # Hold the form back to see the feedback the reviewer gets while the server validates.
    page.evaluate(
        "document.getElementById('judge_form')"
        ".addEventListener('submit', (e) => e.preventDefault())"
    )
    page.locator(".review-actions").first.locator("input[name=_revalidate]").click()
    button = page.locator(".review-actions").first.locator("input[name=_revalidate]")
    page.wait_for_function(
        "() => document.querySelector('.review-actions input[name=_revalidate]').disabled"
    )
    assert button.input_value() == "Validating…"
    assert page.locator("#busy-note").is_visible()
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(ARTIFACTS / "22-review-validating.png"))

    page.goto(live_server.url + path)
    page.locator(".review-actions").first.locator("input[name=_approve]").click()
    page.wait_for_selector("ul.messagelist")
    assert (
        "Approved sum-special v2; it is now active." in page.locator("ul.messagelist").inner_text()
    )
    shot(page, "23-review-approved")
