"""What a package import ignored reaches the user: on the command's stderr, in the REST
upload's response and as messages of the dashboard's upload form."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import make_user
from tests.problem_package.conftest import PackageBuilder, zip_directory
from verification.models import Problem, ReferenceSolution

pytestmark = pytest.mark.django_db

WARNING = "submissions/accepted/sol.swift: unknown language, ignored"

FILES = {
    # A time limit, so that the import does not judge the accepted solution to derive one.
    "problem.yaml": "name: Tiny\nlimits:\n  time_limit: 1.0\n",
    "submissions/accepted/sol.py": "print(input())\n",
    "submissions/accepted/sol.swift": "print(readLine()!)\n",
}


@pytest.fixture
def package_dir(make_package: PackageBuilder) -> Path:
    return make_package(FILES, name="tiny")


def _only_the_python_solution_is_kept(slug: str) -> None:
    paths = ReferenceSolution.objects.filter(problem__slug=slug).values_list("path", flat=True)
    assert list(paths) == ["accepted/sol.py"]


def test_the_command_prints_the_slug_on_stdout_and_warnings_on_stderr(package_dir: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_problem", str(package_dir), "--slug", "tiny", stdout=out, stderr=err)
    assert out.getvalue() == "tiny\n"
    assert f"warning: {WARNING}\n" in err.getvalue()
    assert all(line.startswith("warning: ") for line in err.getvalue().splitlines())
    _only_the_python_solution_is_kept("tiny")


def test_the_command_is_quiet_on_stderr_without_warnings(make_package: PackageBuilder) -> None:
    root = make_package({"problem.yaml": FILES["problem.yaml"]}, name="clean")
    out, err = io.StringIO(), io.StringIO()
    call_command("import_problem", str(root), stdout=out, stderr=err)
    assert out.getvalue() == "clean\n"
    assert err.getvalue() == ""


def test_the_api_upload_returns_the_warnings(package_dir: Path) -> None:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=make_user("alice"))
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    data = io.BytesIO(zip_directory(package_dir))
    data.name = "tiny.zip"
    response = client.post("/api/v1/problems/upload/", {"package": data}, format="multipart")
    assert response.status_code == 201, response.content
    body = response.json()
    assert WARNING in body["warnings"]
    assert body["slug"] == "tiny" and body["test_case_count"] == 2
    assert {"statement", "groups", "time_limit_s"} <= set(body)
    _only_the_python_solution_is_kept("tiny")


def test_the_dashboard_upload_shows_the_warnings(package_dir: Path) -> None:
    client = Client()
    client.force_login(make_user("alice"))
    upload = SimpleUploadedFile(
        "tiny.zip", zip_directory(package_dir), content_type="application/zip"
    )
    response = client.post("/problems/upload/", {"package": upload}, follow=True)
    assert response.redirect_chain == [("/problems/tiny/", 302)]
    assert Problem.objects.filter(slug="tiny").exists()
    html = response.content.decode()
    assert "Imported tiny." in html
    assert f'<li class="warning">{WARNING}</li>' in html
    _only_the_python_solution_is_kept("tiny")
