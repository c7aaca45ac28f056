"""The runs pages: list and filters, the run page, exports, sharing, comparing."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from eval_suites.models import EvalRun, RunStatus
from tests.dashboard.factories import EXCLUDED, TaskSpec, make_run

pytestmark = pytest.mark.django_db


def _run_ids(html: str) -> list[int]:
    return [int(x) for x in re.findall(r'href="/runs/(\d+)/"', html)]


def test_pages_need_a_login(client: Client) -> None:
    for name in ("dashboard:run-list", "dashboard:run-compare", "dashboard:status"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith("/login/?next=")


def test_login_with_a_password_leads_to_the_runs(client: Client, alice: User) -> None:
    page = client.get("/login/")
    assert page.status_code == 200
    response = client.post("/login/", {"username": "alice", "password": "pw"})
    assert response.status_code == 302
    assert response["Location"] == "/runs/"
    assert client.get("/runs/").status_code == 200
    bad = Client().post("/login/", {"username": "alice", "password": "wrong"})
    assert bad.status_code == 200
    assert b"did not match" in bad.content


def test_the_root_redirects_to_the_runs_and_old_routes_stay(alice_client: Client) -> None:
    assert alice_client.get("/")["Location"] == "/runs/"
    assert alice_client.get("/v1/ping").json() == "pong"


def test_a_user_sees_own_and_shared_runs_and_staff_sees_all(
    alice: User, bob: User, alice_client: Client, staff_client: Client
) -> None:
    mine = make_run(name="mine", owner=alice)
    shared = make_run(name="shared", owner=bob, shared=True)
    private = make_run(name="private", owner=bob)
    unowned = make_run(name="cli", owner=None)
    seen = _run_ids(alice_client.get("/runs/").content.decode())
    assert sorted(seen) == sorted([mine.id, shared.id])
    assert alice_client.get(f"/runs/{private.id}/").status_code == 404
    assert alice_client.get(f"/runs/{unowned.id}/").status_code == 404
    assert alice_client.get(f"/runs/{private.id}/export/metrics.json").status_code == 404
    every = _run_ids(staff_client.get("/runs/").content.decode())
    assert sorted(every) == sorted([mine.id, shared.id, private.id, unowned.id])


def test_filters_by_suite_model_status_date_and_search(alice: User, alice_client: Client) -> None:
    he_a = make_run(name="humaneval", model="model-a", owner=alice)
    he_b = make_run(name="humaneval", model="model-b", owner=alice, status=RunStatus.INCOMPLETE)
    mbpp = make_run(name="mbpp", model="model-a", owner=alice)
    EvalRun.objects.filter(id=mbpp.id).update(created_at=timezone.now() - timedelta(days=10))

    def ids(query: str) -> list[int]:
        response = alice_client.get("/runs/?" + query)
        assert response.status_code == 200
        return sorted(_run_ids(response.content.decode()))

    assert ids("suite=humaneval") == sorted([he_a.id, he_b.id])
    assert ids("model=model-a") == sorted([he_a.id, mbpp.id])
    assert ids("suite=humaneval&model=model-b") == [he_b.id]
    assert ids("status=INCOMPLETE") == [he_b.id]
    today = timezone.localdate()
    assert ids(f"since={today - timedelta(days=1)}") == sorted([he_a.id, he_b.id])
    assert ids(f"until={today - timedelta(days=5)}") == [mbpp.id]
    assert ids("q=mbp") == [mbpp.id]
    assert ids(f"q={he_b.id}") == [he_b.id]
    assert ids("q=model-b") == [he_b.id]
    page = alice_client.get("/runs/").content.decode()
    assert '<option value="model-b">model-b</option>' in page
    assert '<option value="mbpp">mbpp</option>' in page


def test_the_model_name_comes_from_the_endpoint_config(alice: User) -> None:
    run = make_run(model="qwen-7b", owner=alice)
    assert run.model_name == "qwen-7b"


@pytest.fixture
def judged_run(alice: User) -> EvalRun:
    return make_run(
        owner=alice,
        tasks=[
            TaskSpec("HumanEval/0", ["AC", "AC"], "easy"),
            TaskSpec("HumanEval/1", ["AC", "WA"], "easy"),
            TaskSpec("HumanEval/2", ["WA", "TLE"], "hard"),
            TaskSpec("HumanEval/3", ["AC", EXCLUDED], "hard"),
        ],
    )


def test_the_run_page_shows_metrics_tables_and_charts(
    judged_run: EvalRun, alice_client: Client
) -> None:
    response = alice_client.get(f"/runs/{judged_run.id}/")
    assert response.status_code == 200
    html = response.content.decode()
    # pass@1 over tasks: (1 + 0.5 + 0 + 1) / 4 = 62.5%; easy 75%, hard 50%.
    assert judged_run.metrics["pass@1"] == pytest.approx(62.5)
    metrics = html[html.index('id="metrics"') : html.index("</table>", html.index('id="metrics"'))]
    assert "62.50%" in metrics
    assert "75.00%" in metrics
    assert "50.00%" in metrics
    tasks = html[html.index('id="tasks"') :]
    row1 = tasks[tasks.index("HumanEval/1") : tasks.index("</tr>", tasks.index("HumanEval/1"))]
    assert "50%" in row1
    assert "1 / 2" in row1
    assert "AC\u00d71" in row1
    assert "WA\u00d71" in row1
    row2 = tasks[tasks.index("HumanEval/2") : tasks.index("</tr>", tasks.index("HumanEval/2"))]
    assert "0%" in row2
    assert "TLE\u00d71" in row2
    # The charts are inline SVG with one bar per difficulty, per verdict, per time bucket.
    assert html.count('<svg class="chart"') == 3
    assert "pass rate by difficulty" in html
    # The chart's rate is over judged samples: hard has AC, WA, TLE judged (1 excluded).
    assert "<title>hard: 33.3%</title>" in html
    assert "<title>easy: 75.0%</title>" in html
    assert '<g class="bar verdict-WA"><title>WA: 2</title>' in html
    assert '<g class="bar verdict-EXCLUDED"><title>EXCLUDED: 1</title>' in html
    # Every sample has 2 cases timed 4 ms and 14 ms.
    assert "<title>&lt;5ms: 8</title>" in html
    assert "<title>&lt;20ms: 8</title>" in html
    assert "&quot;model&quot;: &quot;model-a&quot;" in html
    assert "dataset_hash" in html


def test_sandbox_errors_are_shown_prominently(judged_run: EvalRun, alice_client: Client) -> None:
    html = alice_client.get(f"/runs/{judged_run.id}/").content.decode()
    box = html[
        html.index('id="sandbox-errors"') : html.index("</section>", html.index("sandbox-errors"))
    ]
    assert (
        "alarm"
        in html[html.index('id="sandbox-errors"') - 60 : html.index('id="sandbox-errors"') + 60]
    )
    # The excluded sample's judging ended in SE on its last case.
    assert re.search(r'<span class="big">1</span> test case with SE', box)
    assert re.search(r'<span class="big">1</span> sample excluded', box)
    clean = make_run(owner=judged_run.owner, tasks=[TaskSpec("t/0", ["AC"])])
    calm = alice_client.get(f"/runs/{clean.id}/").content.decode()
    assert 'class="sandbox calm"' in calm


def test_the_task_table_sorts_by_pass_rate_and_paginates(alice: User, alice_client: Client) -> None:
    run = make_run(
        owner=alice,
        tasks=[TaskSpec(f"t/{i:03d}", ["AC"] if i % 3 else ["WA"]) for i in range(120)],
    )
    first = alice_client.get(f"/runs/{run.id}/?sort=pass").content.decode()
    assert "page 1 of 2 (120 tasks)" in first
    assert first.index("t/000") < first.index("t/001")
    tasks = first[first.index('id="tasks"') :]
    failing = re.findall(r">(t/\d{3})</a>", tasks)
    assert failing[:40] == [f"t/{i:03d}" for i in range(0, 120, 3)]
    second = alice_client.get(f"/runs/{run.id}/?sort=pass&page=2").content.decode()
    assert "t/119" in second
    found = alice_client.get(f"/runs/{run.id}/?task=t/05").content.decode()
    assert sorted(set(re.findall(r">(t/\d{3})</a>", found))) == [f"t/05{i}" for i in range(10)]


def test_exports_are_the_run_files(judged_run: EvalRun, alice_client: Client) -> None:
    page = alice_client.get(f"/runs/{judged_run.id}/").content.decode()
    for name in ("metrics.json", "metrics.csv", "results.jsonl", "livecodebench.json"):
        assert f'href="/runs/{judged_run.id}/export/{name}"' in page
    metrics = alice_client.get(f"/runs/{judged_run.id}/export/metrics.json").json()
    assert metrics == judged_run.metrics
    results = alice_client.get(f"/runs/{judged_run.id}/export/results.jsonl")
    lines = [json.loads(x) for x in results.getvalue().decode().splitlines()]
    assert len(lines) == 8
    assert [x["passed"] for x in lines[:4]] == [True, True, True, False]
    table = alice_client.get(f"/runs/{judged_run.id}/export/metrics.csv")
    rows = list(csv.reader(io.StringIO(table.getvalue().decode())))
    assert rows[0] == ["scope", "metric", "value", "tasks", "samples"]
    assert ["all", "pass@1", "62.5", "4", "7"] in rows
    manifest = alice_client.get(f"/runs/{judged_run.id}/export/manifest.json").json()
    assert manifest["dataset_hash"] == "d" * 64
    assert alice_client.get(f"/runs/{judged_run.id}/export/other.txt").status_code == 404


def test_the_owner_can_share_a_run_and_others_cannot(
    alice: User, judged_run: EvalRun, alice_client: Client, bob_client: Client
) -> None:
    assert bob_client.get(f"/runs/{judged_run.id}/").status_code == 404
    response = alice_client.post(f"/runs/{judged_run.id}/share/", {"shared": "1"})
    assert response.status_code == 302
    assert bob_client.get(f"/runs/{judged_run.id}/").status_code == 200
    assert b"share with everyone" not in bob_client.get(f"/runs/{judged_run.id}/").content
    assert bob_client.post(f"/runs/{judged_run.id}/share/", {"shared": "0"}).status_code == 403
    judged_run.refresh_from_db()
    assert judged_run.shared is True


def test_a_task_page_lists_samples_with_links_to_submissions(
    judged_run: EvalRun, alice_client: Client
) -> None:
    task = judged_run.tasks.get(task_id="HumanEval/1")
    html = alice_client.get(f"/runs/{judged_run.id}/tasks/{task.id}/").content.decode()
    sample = task.samples.get(index=1)
    assert sample.judging is not None
    assert (
        f'href="/submissions/{sample.judging.submission_id}/?judging={sample.judging_id}"' in html
    )
    assert "secret/002: WA" in html


def test_compare_lists_problems_flipped_each_way(alice: User, alice_client: Client) -> None:
    a = make_run(
        owner=alice,
        model="base",
        tasks=[
            TaskSpec("T/0", ["AC"]),
            TaskSpec("T/1", ["WA"]),
            TaskSpec("T/2", ["WA", "WA"]),
            TaskSpec("T/3", ["AC"]),
            TaskSpec("T/only-a", ["AC"]),
        ],
    )
    b = make_run(
        owner=alice,
        model="tuned",
        tasks=[
            TaskSpec("T/0", ["AC"]),
            TaskSpec("T/1", ["AC"]),
            TaskSpec("T/2", ["WA", "AC"]),
            TaskSpec("T/3", ["RE"]),
            TaskSpec("T/only-b", ["AC"]),
        ],
    )
    response = alice_client.get(f"/runs/compare/?a={a.id}&b={b.id}")
    assert response.status_code == 200
    html = response.content.decode()
    gained = html[html.index('id="gained"') : html.index('id="lost"')]
    lost = html[html.index('id="lost"') :]
    assert re.findall(r">(T/[\w-]+)</a>", gained) == ["T/1", "T/2"]
    assert re.findall(r">(T/[\w-]+)</a>", lost) == ["T/3"]
    assert "4 tasks judged in both runs" in html
    assert "1 only in A, 1 only in B" in html
    b_task = b.tasks.get(task_id="T/1")
    assert f'href="/runs/{b.id}/tasks/{b_task.id}/"' in gained
    assert 'href="/problems/p-t-1/"' in gained
    metrics = html[html.index('id="compare-metrics"') :]
    # pass@1: A = (1 + 0 + 0 + 1 + 1) / 5 = 60, B = (1 + 1 + .5 + 0 + 1) / 5 = 70.
    start = metrics.index("<td>pass@1</td>")
    row = metrics[start : metrics.index("</tr>", start)]
    assert "60.00" in row
    assert "70.00" in row
    assert 'class="num good">10.00' in row


def test_compare_refuses_a_run_the_user_cannot_see(
    alice: User, bob: User, alice_client: Client
) -> None:
    mine = make_run(owner=alice)
    theirs = make_run(owner=bob)
    assert alice_client.get(f"/runs/compare/?a={mine.id}&b={theirs.id}").status_code == 404
    picker = alice_client.get("/runs/compare/").content.decode()
    assert f'value="{mine.id}"' in picker
    assert f'value="{theirs.id}"' not in picker
