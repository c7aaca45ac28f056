"""The read-only judge pages: versions, validation log, audit trail, review links."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from judges.models import Judge, JudgeAction, JudgeEvent, JudgeKind, JudgeOrigin, JudgeState
from tests.factories import make_problem

pytestmark = pytest.mark.django_db


def validation(failed: int) -> dict[str, Any]:
    checks = [
        {
            "ok": i >= failed,
            "case": f"secret/{i:02d}",
            "what": "answer as output",
            "expect": "AC",
            "got": "AC" if i >= failed else "WA",
            "output": "3",
            "message": "" if i >= failed else "rejected the answer",
        }
        for i in range(4)
    ]
    return {
        "ok": failed == 0,
        "summary": {"checks": 4, "must_accept": 4, "must_reject": 0, "failed": failed},
        "failures": [f"secret/{i:02d}: rejected the answer" for i in range(failed)],
        "notes": ["floats compared with tolerance 1e-6"],
        "checks": checks,
    }


@pytest.fixture
def judge_versions() -> list[Judge]:
    problem = make_problem("floaty", [("1\n", "0.5\n")])
    versions = []
    for version, state, failed in ((1, JudgeState.ACTIVE, 0), (2, JudgeState.VALIDATED, 1)):
        judge = Judge.objects.create(
            key="floaty-checker",
            version=version,
            kind=JudgeKind.PYTHON,
            language="python",
            files={"check.py": f"# version {version}\n"},
            entry="check.py",
            state=state,
            origin=JudgeOrigin.GENERATED,
            problem=problem,
            validation=validation(failed),
        )
        JudgeEvent.objects.create(judge=judge, action=JudgeAction.VALIDATED, note=f"v{version}")
        versions.append(judge)
    return versions


def test_a_judge_page_shows_versions_and_the_validation_log(
    judge_versions: list[Judge], alice_client: Client
) -> None:
    html = alice_client.get("/judges/floaty-checker/").content.decode()
    versions = html[html.index('id="versions"') : html.index("</table>", html.index("versions"))]
    assert "v1" in versions
    assert "v2" in versions
    assert "state-active" in versions
    assert "state-validated" in versions
    # The latest version's log is shown by default.
    assert "secret/00: rejected the answer" in html
    assert html[html.index('id="checks"') :].count("✘") == 1
    assert "# version 2" in html
    events = html[html.index('id="events"') :]
    assert "validated" in events
    assert "v1" in events
    first = alice_client.get("/judges/floaty-checker/?version=1").content.decode()
    assert "# version 1" in first
    assert '<span class="good">passed</span>' in first
    # Reviewing is the admin's; a researcher gets no link there.
    assert "/admin/" not in html


def test_staff_get_links_into_the_review_queue(
    judge_versions: list[Judge], staff_client: Client
) -> None:
    html = staff_client.get("/judges/floaty-checker/").content.decode()
    waiting = judge_versions[1]
    assert "/admin/judges/reviewjudge/" in html
    assert f"/admin/judges/reviewjudge/{waiting.id}/change/" in html
    assert staff_client.get(f"/admin/judges/reviewjudge/{waiting.id}/change/").status_code == 200
    listing = staff_client.get("/judges/").content.decode()
    row = listing[listing.index("floaty-checker") : listing.index("</tr>", listing.index("floaty"))]
    assert '<td class="num">2</td>' in row
    assert '<td class="num">v1</td>' in row
    assert '<span class="tag">1</span>' in row


def test_an_unknown_judge_is_not_found(alice_client: Client) -> None:
    assert alice_client.get("/judges/nope/").status_code == 404
