"""A package judged by the default checker with flags it does not understand is refused
when it is imported (every case would otherwise end JE), through the service, the REST
upload and the import_problem command alike; flags it understands still import."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from judges.checkers.default import KNOWN_FLAGS
from tests.factories import make_user
from tests.problem_package.conftest import PackageBuilder, zip_directory
from verification.errors import InvalidInput
from verification.models import Problem
from verification.models import TestCase as CaseRow
from verification.problem_package import load_package
from verification.services_import import problem_import

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
LEGACY = "name: Tiny\nlimits:\n  time_limit: 1.0\n"
V2025 = "problem_format_version: 2025-09\nname: Tiny\nlimits:\n  time_limit: 1.0\n"

BAD: dict[str, tuple[dict[str, str | None], str]] = {
    "problem.yaml validator_flags": (
        {"problem.yaml": LEGACY + "validator_flags: case_sensitiv\n"},
        "unknown flag 'case_sensitiv'",
    ),
    "problem.yaml tolerance without a value": (
        {"problem.yaml": LEGACY + "validator_flags: float_tolerance\n"},
        "float_tolerance needs a value",
    ),
    "legacy testdata.yaml flags": (
        {
            "problem.yaml": LEGACY,
            "data/secret/testdata.yaml": "output_validator_flags: tolerance 0.1\n",
        },
        "unknown flag 'tolerance'",
    ),
    "2025-09 test_group.yaml args": (
        {
            "problem.yaml": V2025,
            "data/secret/test_group.yaml": "output_validator_args: [float_tolerance, lots]\n",
        },
        "float_tolerance needs a finite number, got 'lots'",
    ),
    "2025-09 per-case yaml args": (
        {"problem.yaml": V2025, "data/secret/1.yaml": "output_validator_args: [exact]\n"},
        "unknown flag 'exact'",
    ),
}


@pytest.mark.parametrize("files", BAD.values(), ids=BAD.keys())
def test_unknown_flags_refuse_the_import(
    make_package: PackageBuilder, files: tuple[dict[str, str | None], str]
) -> None:
    tree, text = files
    package = load_package(make_package(tree, name="flags"))
    with pytest.raises(InvalidInput, match="default output validator") as caught:
        problem_import(package=package, slug="flags")
    assert text in caught.value.message
    assert "unknown flag" not in text or KNOWN_FLAGS in caught.value.message
    assert not Problem.objects.filter(slug="flags").exists()


def test_a_refused_reimport_keeps_the_problem_as_it_was(make_package: PackageBuilder) -> None:
    good = load_package(make_package({"problem.yaml": LEGACY}, name="good"))
    problem = problem_import(package=good, slug="kept")
    before = list(CaseRow.objects.filter(problem=problem, active=True).values_list("id", flat=True))
    bad = load_package(
        make_package({"problem.yaml": LEGACY + "validator_flags: nope\n"}, name="bad")
    )
    with pytest.raises(InvalidInput, match="unknown flag 'nope'"):
        problem_import(package=bad, slug="kept")
    after = list(CaseRow.objects.filter(problem=problem, active=True).values_list("id", flat=True))
    assert after == before


GOOD: dict[str, dict[str, str | None]] = {
    "every default flag": {
        "problem.yaml": LEGACY + "validator_flags: case_sensitive space_change_sensitive "
        "float_absolute_tolerance 1e-6 float_relative_tolerance 1e-4\n",
    },
    "group flags added to the problem's": {
        "problem.yaml": LEGACY + "validator_flags: case_sensitive\n",
        "data/secret/testdata.yaml": "output_validator_flags: float_tolerance 1e-6\n",
    },
    "2025-09 per-case args": {
        "problem.yaml": V2025,
        "data/secret/1.yaml": "output_validator_args: [space_change_sensitive]\n",
    },
}


@pytest.mark.parametrize("tree", GOOD.values(), ids=GOOD.keys())
def test_known_flags_still_import(make_package: PackageBuilder, tree: dict[str, str]) -> None:
    problem = problem_import(package=load_package(make_package(tree, name="ok")), slug="ok")
    assert problem.test_cases.count() == 2


def test_a_package_with_its_own_validator_is_not_held_to_the_default_flags(
    make_package: PackageBuilder,
) -> None:
    """Its flags go to its own validator (built and run in a sandbox), which decides them."""
    tree = {
        "problem.yaml": LEGACY + "validation: custom\nvalidator_flags: --loose\n",
        "output_validators/check/check.py": "import sys\nsys.exit(42)\n",
    }
    problem = problem_import(package=load_package(make_package(tree, name="own")), slug="own")
    assert problem.judge is not None and problem.judge.builtin_name == ""


def test_the_api_upload_answers_400_naming_the_flag(make_package: PackageBuilder) -> None:
    root = make_package({"problem.yaml": LEGACY + "validator_flags: case_sensitiv\n"})
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=make_user("alice"))
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    upload = io.BytesIO(zip_directory(root))
    upload.name = "tiny.zip"
    response = client.post("/api/v1/problems/upload/", {"package": upload}, format="multipart")
    assert response.status_code == 400, response.content
    message = response.json()["error"]["message"]
    assert "unknown flag 'case_sensitiv'" in message and KNOWN_FLAGS in message
    assert not Problem.objects.filter(slug="tiny").exists()


def test_the_command_fails_with_the_reason_and_a_non_zero_status(
    make_package: PackageBuilder, tmp_path: Path
) -> None:
    root = make_package({"problem.yaml": LEGACY + "validator_flags: case_sensitiv\n"})
    var = tmp_path / "var"
    var.mkdir()
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND")
    }
    env["SCALEBOX_VAR_DIR"] = str(var)

    def manage(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            check=False,
            text=True,
            timeout=300,
        )

    assert manage("migrate", "--noinput").returncode == 0
    result = manage("import_problem", str(root))
    assert result.returncode == 1
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert "unknown flag 'case_sensitiv'" in result.stderr
    assert KNOWN_FLAGS in result.stderr
