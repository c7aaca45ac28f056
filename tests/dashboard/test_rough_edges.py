"""What a researcher reads on the dashboard: task order, labels, units, words, errors."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import override_settings

from tests.dashboard.factories import TaskSpec, judged_submission, make_run, problem_for
from tests.factories import make_problem
from verification.dashboard.charts import Bar, bar_chart
from verification.models import (
    CaseResult,
    Judging,
    JudgingStatus,
    Problem,
    ProblemKind,
    ReferenceSolution,
    Submission,
)
from verification.templatetags.dashboard import kilobytes, megabytes, size

pytestmark = pytest.mark.django_db


def _between(html: str, start: str, end: str) -> str:
    at = html.index(start)
    return html[at : html.index(end, at)]


def test_compare_orders_tasks_naturally_and_pages_them(alice: User, alice_client: Client) -> None:
    ids = [f"HumanEval/{i}" for i in (0, 1, 2, 10, 100, 11, 3)]
    a = make_run(owner=alice, model="base", tasks=[TaskSpec(t, ["WA"]) for t in ids])
    b = make_run(owner=alice, model="tuned", tasks=[TaskSpec(t, ["AC"]) for t in ids])
    html = alice_client.get(f"/runs/compare/?a={a.id}&b={b.id}").content.decode()
    gained = _between(html, 'id="gained"', "</section>")
    order = re.findall(r">(HumanEval/\d+)</a>", gained)
    assert order == [f"HumanEval/{i}" for i in (0, 1, 2, 3, 10, 11, 100)]

    many = [f"t/{i}" for i in range(120)]
    c = make_run(owner=alice, tasks=[TaskSpec(t, ["WA"], "") for t in many])
    d = make_run(owner=alice, tasks=[TaskSpec(t, ["AC"], "") for t in many])
    first = alice_client.get(f"/runs/compare/?a={c.id}&b={d.id}").content.decode()
    gained = _between(first, 'id="gained"', "</section>")
    assert "Solved in B, not in A (120)" in gained
    assert re.findall(r">(t/\d+)</a>", gained)[:3] == ["t/0", "t/1", "t/2"]
    assert len(re.findall(r">(t/\d+)</a>", gained)) == 50
    assert "page 1 of 3" in gained
    third = alice_client.get(f"/runs/compare/?a={c.id}&b={d.id}&gp=3").content.decode()
    rows = re.findall(r">(t/\d+)</a>", _between(third, 'id="gained"', "</section>"))
    assert rows[0] == "t/100" and len(rows) == 20


def test_compare_defaults_to_two_different_runs_and_says_when_they_are_one(
    alice: User, alice_client: Client
) -> None:
    older = make_run(owner=alice, model="")
    newer = make_run(owner=alice, model="")
    html = alice_client.get("/runs/compare/").content.decode()
    a_select = _between(html, 'name="a"', "</select>")
    b_select = _between(html, 'name="b"', "</select>")
    assert f'value="{older.id}" selected' in a_select
    assert f'value="{newer.id}" selected' in b_select
    assert 'id="compare-metrics"' in html  # the two newest runs, compared at once
    # Two runs of one suite with no model: told apart by id, "no model" and date.
    when = older.created_at.strftime("%Y-%m-%d")
    assert f"#{older.id} humaneval · no model · {when}" in a_select
    assert f"#{newer.id} humaneval · no model · {when}" in a_select
    same = alice_client.get(f"/runs/compare/?a={older.id}&b={older.id}").content.decode()
    assert "A and B are the same run" in same
    assert 'id="compare-metrics"' not in same


def test_a_dataset_without_difficulties_gets_no_difficulty_chart_or_row(
    alice: User, alice_client: Client
) -> None:
    flat = make_run(owner=alice, tasks=[TaskSpec("t/0", ["AC"], ""), TaskSpec("t/1", ["WA"], "")])
    html = alice_client.get(f"/runs/{flat.id}/").content.decode()
    assert "pass rate by difficulty" not in html
    assert "(none)" not in html
    assert html.count("<svg") == 2
    graded = make_run(owner=alice, tasks=[TaskSpec("t/0", ["AC"], "easy")])
    html = alice_client.get(f"/runs/{graded.id}/").content.decode()
    assert "pass rate by difficulty" in html
    assert "<td>easy</td>" in _between(html, 'id="metrics"', "</table>")


def test_sizes_read_in_human_units() -> None:
    assert kilobytes(65536) == "64 MB"
    assert kilobytes(9001) == "8.8 MB"
    assert kilobytes(900) == "900 KB"
    assert megabytes(512) == "512 MB"
    assert megabytes(2048) == "2 GB"
    assert size(10) == "10 B"
    assert size(1536) == "1.5 KB"


def test_the_problem_page_renders_its_statement_and_limits(alice_client: Client) -> None:
    problem = make_problem("alpha", [("1 2\n", "3\n")])
    statement = (
        "# Sum\n\nGiven $a_1$ and $a_2$ ($1 \\le a_i \\le 10^9$), print **their** sum:\n\n"
        "$$s = a_1 + a_2$$\n\n<script>alert('x')</script> [link](javascript:alert(1))\n"
    )
    Problem.objects.filter(id=problem.id).update(statement=statement, output_limit_kb=65536)
    html = alice_client.get("/problems/alpha/").content.decode()
    body = _between(html, 'id="statement"', "</div>")
    assert "<h1>Sum</h1>" in body and "<strong>their</strong>" in body
    assert '<span class="math math-inline">1 \\le a_i \\le 10^9</span>' in body
    assert '<span class="math math-display">s = a_1 + a_2</span>' in body
    assert "<script>" not in body and "&lt;script&gt;" in body
    assert 'href="javascript' not in body
    assert "/static/dashboard/katex/katex.min.js" in html
    limits = _between(html, 'id="limits"', "</table>")
    assert "64 MB" in limits and "65536 KB" not in limits
    assert "256 MB" in limits


def test_a_problem_tex_statement_reads_as_sections_and_lists(alice_client: Client) -> None:
    problem = make_problem("beta", [("1\n", "1\n")])
    tex = (
        "\\problemname{Beta}\n\\section*{Input}\nOne line with $n$. % a comment\n"
        "\\begin{itemize}\n\\item \\textbf{first}\n\\item second\n\\end{itemize}\n"
    )
    Problem.objects.filter(id=problem.id).update(statement=tex)
    body = _between(
        alice_client.get("/problems/beta/").content.decode(), 'id="statement"', "</div>"
    )
    assert "<h2>Input</h2>" in body
    assert "<li><strong>first</strong></li>" in body
    assert "problemname" not in body and "a comment" not in body


def test_katex_is_served_from_our_own_static_files(alice_client: Client) -> None:
    script = alice_client.get("/static/dashboard/katex/katex.min.js")
    assert script.status_code == 200
    font = alice_client.get("/static/dashboard/katex/fonts/KaTeX_Main-Regular.woff2")
    assert font.status_code == 200
    assert alice_client.get("/static/dashboard/katex/../../dashboard.css").status_code != 200


def _reference(problem: Problem) -> ReferenceSolution:
    return ReferenceSolution.objects.create(
        problem=problem,
        path="submissions/accepted/sum.py",
        language="python",
        source="a, b = map(int, input().split())\nprint(a + b)\n",
        expected="accepted",
    )


def test_staff_verify_reference_solutions_from_the_page(
    staff_client: Client, alice_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    problem = make_problem("gamma", [("1 2\n", "3\n"), ("10 20\n", "30\n")])
    ref = _reference(problem)
    assert "not verified" in staff_client.get("/problems/gamma/").content.decode()
    assert "Verify now" not in alice_client.get("/problems/gamma/").content.decode()
    refused = alice_client.post("/problems/gamma/verify/")
    assert refused.status_code == 403
    assert "Not allowed" in refused.content.decode()

    with django_capture_on_commit_callbacks(execute=True):  # judged here, in this process
        response = staff_client.post("/problems/gamma/verify/")
    assert response.status_code == 302
    html = staff_client.get(response["Location"]).content.decode()
    assert "Judging 1 reference solution;" in html
    solutions = _between(html, 'id="solutions"', "</table>")
    assert '<span class="good">yes</span>' in solutions
    assert "verdict-AC" in solutions
    ref.refresh_from_db()
    assert ref.last_verified_ok is True and ref.last_submission is not None


def test_a_verification_still_running_says_so(staff_client: Client) -> None:
    problem = make_problem("delta", [("1 2\n", "3\n")])
    _reference(problem)
    staff_client.post("/problems/delta/verify/")  # its judging never starts in this test
    solutions = _between(
        staff_client.get("/problems/delta/").content.decode(), 'id="solutions"', "</table>"
    )
    assert "being judged" in solutions
    assert '<meta http-equiv="refresh"' in staff_client.get("/problems/delta/").content.decode()


def test_counts_of_one_are_singular(alice: User, alice_client: Client) -> None:
    submission = Submission.objects.create(
        problem=problem_for("sum"), language="python", owner=alice
    )
    Judging.objects.create(submission=submission, status=JudgingStatus.RUNNING, case_ids=[7])
    status = alice_client.get("/status/").content.decode()
    assert "1</span> judging running" in status
    assert "judgings running" not in status
    progress = alice_client.get(f"/submissions/{submission.id}/progress/").content.decode()
    assert "1 test case\n" in progress or "1 test case " in progress
    run = make_run(owner=alice, tasks=[TaskSpec("t/0", ["AC"])])
    html = alice_client.get(f"/runs/{run.id}/").content.decode()
    assert "1 task\n" in html or "1 task<" in html
    assert "1 tasks" not in html


def test_the_status_chart_has_a_y_axis_and_room_for_its_first_label() -> None:
    svg = str(bar_chart([Bar("12:00", 3), Bar("12:01", 0)], title="t", width=300))
    assert 'class="tick"' in svg and ">0</text>" in svg and ">3</text>" in svg
    first = re.search(r'<text class="label" x="([\d.]+)"', svg)
    assert first is not None and float(first.group(1)) > 30  # "12:00" is not cut at x = 0


def test_error_pages_are_the_sites_own(alice_client: Client, client: Client) -> None:
    missing = alice_client.get("/runs/999999/")
    assert missing.status_code == 404
    assert 'id="error"' in missing.content.decode()
    assert "/static/dashboard/dashboard.css" in missing.content.decode()
    anonymous = client.get("/no/such/page/")
    assert anonymous.status_code == 404 and "Log in" in anonymous.content.decode()
    assert "Something went wrong on our side" in render_to_string("500.html")
    assert client.get("/api/v1/no-such-endpoint/").json()["error"]["code"] == "not_found"


def test_the_status_page_links_flower_only_with_a_broker(alice_client: Client) -> None:
    with override_settings(SCALEBOX_EMBEDDED=True, SCALEBOX_FLOWER_URL="http://f:5555/"):
        assert "Flower" not in alice_client.get("/status/").content.decode()


def _harnessed_failure(owner: User) -> Judging:
    """An assert-mode submission whose program raised: its one case holds the harness's
    report (with its nonce) as the output, as the pipeline stores it."""
    problem = problem_for("assert-add")
    Problem.objects.filter(id=problem.id).update(kind=ProblemKind.ASSERT)
    judging = judged_submission(problem, "RE", owner=owner)
    report = {"nonce": "f" * 32, "status": "raised", "error": "ZeroDivisionError: division"}
    CaseResult.objects.filter(judging=judging, verdict="RE").update(
        stdout_excerpt=json.dumps(report) + "\n",
        checker_message="the program raised ZeroDivisionError: division by zero",
        stderr_excerpt='Traceback (most recent call last):\n  File "solution.py", line 2\n',
    )
    return judging


def test_a_harnessed_submission_shows_messages_not_the_harness_report(
    alice: User, alice_client: Client
) -> None:
    judging = _harnessed_failure(alice)
    html = alice_client.get(f"/submissions/{judging.submission_id}/").content.decode()
    cases = _between(html, 'id="cases"', "</table>")
    assert "the program raised ZeroDivisionError: division by zero" in cases
    assert "f" * 32 not in html and "nonce" not in html
    assert 'class="diff"' not in cases
    assert "File &quot;solution.py&quot;, line 2" in cases
