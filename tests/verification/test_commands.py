"""The import_problem and judge commands, as a shell user runs them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "aplusb"


@pytest.fixture
def manage(request: pytest.FixtureRequest):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND")
    }
    # Its cache holds compiled programs, bound into runs as the sandbox's uids: below
    # directories they can search (a pytest tmp_path is private).
    var = Path(tempfile.mkdtemp(prefix="scalebox-var-"))
    var.chmod(0o755)
    request.addfinalizer(lambda: shutil.rmtree(var, ignore_errors=True))
    env["SCALEBOX_VAR_DIR"] = str(var)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            check=False,
            text=True,
            timeout=300,
        )

    assert run("migrate", "--noinput").returncode == 0
    return run


def test_import_then_judge_correct_and_wrong(manage, tmp_path: Path) -> None:
    imported = manage("import_problem", str(EXAMPLE), "--slug", "aplusb")
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.strip() == "aplusb"
    for path, language, want in [
        ("submissions/accepted/sum.py", "python", "AC"),
        ("submissions/accepted/sum.cpp", "cpp", "AC"),
        ("submissions/wrong_answer/float_sum.py", "python", "WA"),
    ]:
        result = manage("judge", "--problem", "aplusb", "--language", language, str(EXAMPLE / path))
        assert result.returncode == 0, result.stderr
        out = json.loads(result.stdout.strip().splitlines()[-1])
        assert out["verdict"] == want, out
        assert len(out["cases"]) == 13
        assert out["cases"][0]["name"] == "sample/1"
        for case in out["cases"]:
            assert {"name", "verdict", "time_s", "memory_kb", "worker"} <= set(case)


def test_reimport_is_an_update(manage) -> None:
    assert manage("import_problem", str(EXAMPLE), "--slug", "twice").returncode == 0
    again = manage("import_problem", str(EXAMPLE), "--slug", "twice")
    assert again.returncode == 0 and again.stdout.strip() == "twice"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--problem", "nope", "--language", "python"], "no problem with slug 'nope'"),
        (["--problem", "aplusb", "--language", "cobol"], "unknown language 'cobol'"),
    ],
)
def test_judge_refuses_bad_arguments(manage, tmp_path: Path, args, message) -> None:
    assert manage("import_problem", str(EXAMPLE), "--slug", "aplusb").returncode == 0
    src = tmp_path / "a.py"
    src.write_text("print(1)\n")
    result = manage("judge", *args, str(src))
    assert result.returncode != 0
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "source is empty"),
        (b"print(1)\xff\xfe\n", "not valid UTF-8"),
        (b"#" * (256 * 1024 + 1), "the limit is 262144 bytes"),
    ],
)
def test_judge_refuses_bad_sources(manage, tmp_path: Path, content: bytes, message: str) -> None:
    assert manage("import_problem", str(EXAMPLE), "--slug", "aplusb").returncode == 0
    src = tmp_path / "bad.py"
    src.write_bytes(content)
    result = manage("judge", "--problem", "aplusb", "--language", "python", str(src))
    assert result.returncode != 0
    assert message in result.stderr


def test_import_errors_leave_nothing_behind(manage, tmp_path: Path) -> None:
    missing = manage("import_problem", str(tmp_path / "nowhere"))
    assert missing.returncode != 0 and missing.stderr.strip()
    empty = tmp_path / "empty"
    (empty / "data" / "secret").mkdir(parents=True)
    (empty / "problem.yaml").write_text("name: Empty\n")
    result = manage("import_problem", str(empty), "--slug", "empty")
    assert result.returncode != 0
    check = manage(
        "shell", "-c", "from verification.models import Problem; print(Problem.objects.count())"
    )
    assert check.stdout.strip().splitlines()[-1] == "0"
