"""Problem pages and the package upload form."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from tests.dashboard.factories import judged_submission
from tests.factories import make_problem
from verification.models import Problem, ReferenceSolution
from verification.services import CaseSpec, problem_create_inline

pytestmark = pytest.mark.django_db


def package_zip(short_name: str = "echo", *, time_limit: float = 1.0) -> bytes:
    """A small legacy-format package: two groups, a statement, an accepted solution."""
    files = {
        "problem.yaml": f"name: Echo Back\nlimits:\n  time_limit: {time_limit}\n  memory: 128\n",
        "problem_statement/problem.en.md": "Print the input back.\n",
        "data/sample/1.in": "hello\n",
        "data/sample/1.ans": "hello\n",
        "data/secret/1.in": "x" * 1000 + "\n",
        "data/secret/1.ans": "x" * 1000 + "\n",
        "data/secret/2.in": "y\n",
        "data/secret/2.ans": "y\n",
        "submissions/accepted/echo.py": "print(input())\n",
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path, text in files.items():
            archive.writestr(f"{short_name}/{path}", text)
    return buffer.getvalue()


def test_the_list_shows_problems_with_their_test_counts(alice_client: Client) -> None:
    make_problem("alpha", [("1\n", "1\n"), ("2\n", "2\n"), ("3\n", "3\n")])
    make_problem("beta", [("1\n", "1\n")])
    html = alice_client.get("/problems/").content.decode()
    row = html[html.index('href="/problems/alpha/"') : html.index("</tr>", html.index("alpha"))]
    assert '<td class="num">3</td>' in row
    assert "beta" in html
    assert "alpha" not in alice_client.get("/problems/?q=bet").content.decode()


def test_the_detail_shows_limits_groups_judge_and_reference_solutions(
    staff: User, staff_client: Client
) -> None:
    problem = make_problem("gamma", [("1 2\n", "3\n"), ("10 20\n", "30\n")], time_limit_s=1.5)
    Problem.objects.filter(id=problem.id).update(statement="Add two numbers.")
    judging = judged_submission(problem, "WA")
    assert problem.judge is not None
    ReferenceSolution.objects.create(
        problem=problem,
        path="submissions/wrong_answer/off_by_one.py",
        language="python",
        source="print(1)",
        expected="wrong_answer",
        last_verdict="WA",
        last_verified_ok=True,
        last_verified_at=timezone.now(),
        last_submission=judging.submission,
    )
    html = staff_client.get("/problems/gamma/").content.decode()
    assert "Add two numbers." in html
    assert "1.5 s" in html
    groups = html[html.index('id="groups"') : html.index("</table>", html.index('id="groups"'))]
    # Inputs "1 2\n" and "10 20\n" are 10 bytes; answers "3\n" and "30\n" are 5.
    assert "<td>secret</td>" in groups
    assert '<td class="num">2</td>' in groups
    assert '<td class="num">10 B</td>' in groups
    assert '<td class="num">5 B</td>' in groups
    assert f'href="/judges/{problem.judge.key}/?version={problem.judge.version}"' in html
    solutions = html[html.index('id="solutions"') :]
    assert "off_by_one.py" in solutions
    assert "verdict-WA" in solutions
    assert '<span class="good">yes</span>' in solutions
    assert f'href="/submissions/{judging.submission_id}/"' in solutions


def test_inline_problems_are_not_pages(alice_client: Client) -> None:
    inline = problem_create_inline(cases=[CaseSpec("t", "secret", b"1", b"1")])
    assert alice_client.get(f"/problems/{inline.slug}/").status_code == 404


def test_uploading_a_package_imports_the_problem(alice: User, alice_client: Client) -> None:
    upload = SimpleUploadedFile("echo.zip", package_zip(), content_type="application/zip")
    response = alice_client.post("/problems/upload/", {"package": upload})
    assert response.status_code == 302
    assert response["Location"] == "/problems/echo/"
    problem = Problem.objects.get(slug="echo")
    assert problem.owner == alice
    assert problem.title == "Echo Back"
    assert problem.time_limit_s == 1.0
    assert problem.test_cases.filter(active=True).count() == 3
    page = alice_client.get("/problems/echo/").content.decode()
    assert "Imported echo." in page
    assert "<td>sample</td>" in page
    assert "<td>accepted/echo.py</td>" in page


def test_an_upload_that_is_not_a_package_says_why(alice_client: Client) -> None:
    upload = SimpleUploadedFile("junk.zip", b"not a zip", content_type="application/zip")
    response = alice_client.post("/problems/upload/", {"package": upload})
    assert response.status_code == 200
    assert b"errorlist" in response.content
    assert not Problem.objects.filter(slug="junk").exists()


def test_an_upload_cannot_replace_someone_elses_problem(
    bob: User, alice_client: Client, staff_client: Client
) -> None:
    first = SimpleUploadedFile("echo.zip", package_zip(), content_type="application/zip")
    assert staff_client.post("/problems/upload/", {"package": first}).status_code == 302
    again = SimpleUploadedFile("echo.zip", package_zip(time_limit=3.0))
    response = alice_client.post("/problems/upload/", {"package": again})
    assert response.status_code == 200
    assert b"is not yours to replace" in response.content
    assert Problem.objects.get(slug="echo").time_limit_s == 1.0
    renamed = SimpleUploadedFile("echo.zip", package_zip(time_limit=3.0))
    response = alice_client.post("/problems/upload/", {"package": renamed, "slug": "echo-2"})
    assert response.status_code == 302
    assert Problem.objects.get(slug="echo-2").time_limit_s == 3.0


def test_the_detail_says_how_an_interactive_or_multi_pass_problem_is_judged(
    alice_client: Client,
) -> None:
    make_problem("plain", [("1", "1")])
    make_problem("talks", [("1", "1")])
    make_problem("relay", [("1", "1")])
    Problem.objects.filter(slug="talks").update(interactive=True, validation_passes=3)
    Problem.objects.filter(slug="relay").update(validation_passes=2)
    assert 'id="interaction"' not in alice_client.get("/problems/plain/").content.decode()
    talks = alice_client.get("/problems/talks/").content.decode()
    assert "interactive: the submission talks to the output validator; multi-pass: up to 3" in talks
    relay = alice_client.get("/problems/relay/").content.decode()
    assert "multi-pass: up to 2 passes" in relay
    assert "interactive:" not in relay
