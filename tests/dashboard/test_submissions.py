"""The submission page: source, per-case results, the diff of failed cases, progress."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tests.dashboard.factories import TaskSpec, judged_submission, make_run, problem_for
from verification import models as vm
from verification import services
from verification.dashboard.selectors import output_diff, submission_sample
from verification.models import Judging, JudgingStatus, Submission

pytestmark = pytest.mark.django_db


def test_a_failing_submission_shows_its_diff_checker_message_and_worker(
    alice: User, alice_client: Client
) -> None:
    judging = judged_submission(problem_for("sum"), "WA", owner=alice, source="print(41)\n")
    response = alice_client.get(f"/submissions/{judging.submission_id}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<span class="verdict verdict-WA large">WA</span>' in html
    cases = html[html.index('id="cases"') :]
    assert cases.count('<tr class="case case-AC">') == 1
    assert cases.count('<tr class="case case-WA">') == 1
    assert "expected 42, got 41" in cases
    assert "w1@host-a" in cases
    assert "bwrap" in cases
    assert "14 ms" in cases
    assert "8.8 MB" in cases
    diff = cases[cases.index('<div class="diff"') : cases.index("</div>\n", cases.index("<pre>"))]
    assert 'data-case="secret/002"' in diff
    assert '<span class="del">-42</span>' in diff
    assert '<span class="add">+41</span>' in diff
    # Pygments highlighted the source.
    source = html[html.index("<h2>Source</h2>") :]
    assert "print" in source
    assert re.search(r'<span style="[^"]+">print</span>', source)


def test_accepted_cases_get_no_diff(alice: User, alice_client: Client) -> None:
    judging = judged_submission(problem_for("sum"), "AC", owner=alice)
    html = alice_client.get(f"/submissions/{judging.submission_id}/").content.decode()
    assert '<div class="diff"' not in html
    assert html.count('<tr class="case case-AC">') == 2


def test_long_outputs_are_cut_sensibly() -> None:
    answer = "".join(f"{i}\n" for i in range(1000)).encode()
    output = "".join(f"{i + 5000}\n" for i in range(1000))
    diff = output_diff(answer=answer, output=output, answer_truncated=False)
    assert diff.truncated
    assert len(diff.lines) == 80
    wide = output_diff(answer=b"x\n", output="y" * 5000 + "\n", answer_truncated=False)
    assert any("more chars" in text and len(text) < 300 for _, text in wide.lines)
    # An answer kept only in part is compared only as far as it was kept.
    cut = output_diff(answer=b"1\n2\n", output="1\n2\n3\n", answer_truncated=True)
    assert cut.identical_shown


def test_the_diff_reads_only_the_head_of_a_large_answer(alice: User, alice_client: Client) -> None:
    judging = judged_submission(problem_for("sum"), "WA", owner=alice)
    # Called through its module: imported by name, pytest would collect it as a test.
    big = services.testdata_store(data=b"7\n" * 100_000)
    case = vm.TestCase.objects.get(id=judging.case_ids[-1])
    vm.TestCase.objects.filter(id=case.id).update(answer=big)
    html = alice_client.get(f"/submissions/{judging.submission_id}/").content.decode()
    assert vm.TestData.objects.get(sha256=big.sha256).size == 200_000
    assert '<span class="del">-7</span>' in html
    assert html.count('<span class="del">-7</span>') <= 80


def test_another_users_submission_is_hidden_unless_its_run_is_shared(
    alice: User, bob: User, alice_client: Client, staff_client: Client
) -> None:
    judging = judged_submission(problem_for("sum"), "WA", owner=bob)
    assert alice_client.get(f"/submissions/{judging.submission_id}/").status_code == 404
    assert staff_client.get(f"/submissions/{judging.submission_id}/").status_code == 200
    private = make_run(owner=bob, tasks=[TaskSpec("T/0", ["WA"])])
    sample = private.samples.get()
    assert alice_client.get(f"/submissions/{sample.submission_id}/").status_code == 404
    shared = make_run(owner=bob, shared=True, tasks=[TaskSpec("T/0", ["WA"])])
    sample = shared.samples.get()
    page = alice_client.get(f"/submissions/{sample.submission_id}/")
    assert page.status_code == 200
    assert f'href="/runs/{shared.id}/tasks/{sample.task_id}/">T/0</a>' in page.content.decode()


def test_a_running_submission_polls_its_progress(alice: User, alice_client: Client) -> None:
    problem = problem_for("sum")
    submission = Submission.objects.create(problem=problem, language="python", owner=alice)
    cases = list(vm.TestCase.objects.filter(problem=problem).values_list("id", flat=True))
    judging = Judging.objects.create(
        submission=submission, status=JudgingStatus.RUNNING, case_ids=cases
    )
    html = alice_client.get(f"/submissions/{submission.id}/").content.decode()
    assert f'data-poll="/submissions/{submission.id}/progress/"' in html
    assert "2 test cases" in html
    fragment = alice_client.get(f"/submissions/{submission.id}/progress/").content.decode()
    assert "RUNNING" in fragment
    assert "data-done" not in fragment
    Judging.objects.filter(id=judging.id).update(first_failure_order=1)
    assert (
        "a case failed (test 2)"
        in alice_client.get(f"/submissions/{submission.id}/progress/").content.decode()
    )
    Judging.objects.filter(id=judging.id).update(status=JudgingStatus.DONE, verdict="WA")
    done = alice_client.get(f"/submissions/{submission.id}/progress/").content.decode()
    assert 'data-done="1"' in done
    assert "WA" in done


def test_an_older_judging_can_be_opened(alice: User, alice_client: Client) -> None:
    first = judged_submission(problem_for("sum"), "WA", owner=alice)
    submission = first.submission
    second = Judging.objects.create(
        submission=submission, status=JudgingStatus.DONE, verdict="AC", case_ids=[]
    )
    latest = alice_client.get(f"/submissions/{submission.id}/").content.decode()
    assert f"<strong>#{second.id} AC</strong>" in latest
    older = alice_client.get(f"/submissions/{submission.id}/?judging={first.id}").content.decode()
    assert f"<strong>#{first.id} WA</strong>" in older
    assert '<span class="add">+41</span>' in older


def test_a_compile_error_shows_the_compiler_message_and_no_diff(
    alice: User, alice_client: Client
) -> None:
    judging = judged_submission(problem_for("sum"), "CE", owner=alice)
    judging.case_results.update(verdict="CE", stdout_excerpt="")
    Judging.objects.filter(id=judging.id).update(
        compile_info={"ok": False, "message": "main.c:1: error: expected ';' before '}'"}
    )
    html = alice_client.get(f"/submissions/{judging.submission_id}/").content.decode()
    assert "<h2>Compile error</h2>" in html
    assert "main.c:1: error: expected &#x27;;&#x27; before &#x27;}&#x27;" in html
    assert '<div class="diff"' not in html


def test_the_submission_page_finds_its_sample_through_the_finder_eval_suites_registers(
    alice: User,
) -> None:
    run = make_run(owner=alice, tasks=[TaskSpec("T/0", ["AC"])])
    sample = run.samples.get()
    assert sample.submission_id is not None
    found = submission_sample(submission_id=sample.submission_id)
    assert found is not None
    assert (found.id, found.run_id, found.task_id) == (sample.id, run.id, sample.task_id)
    lone = judged_submission(problem_for("sum"), "AC", owner=alice)
    assert submission_sample(submission_id=lone.submission_id) is None


def test_a_scored_judging_shows_its_score_and_groups(alice: User, alice_client: Client) -> None:
    judging = judged_submission(problem_for("sum"), "WA", owner=alice)
    Judging.objects.filter(id=judging.id).update(
        score=40.0,
        group_scores={
            "secret": {"verdict": "WA", "score": 40.0, "max_score": 100.0},
            "secret/g2": {"verdict": "WA", "score": 0.0, "max_score": 60.0},
        },
    )
    html = alice_client.get(f"/submissions/{judging.submission_id}/").content.decode()
    score = html[html.index('<section id="score">') :]
    assert '<span class="score large">40</span>' in score
    groups = score[score.index('id="group-scores"') :]
    assert "<td>secret/g2</td>" in groups and "<td>60</td>" in groups


def test_a_pass_fail_judging_shows_no_score(alice: User, alice_client: Client) -> None:
    judging = judged_submission(problem_for("sum"), "AC", owner=alice)
    html = alice_client.get(f"/submissions/{judging.submission_id}/").content.decode()
    assert 'id="score"' not in html
