"""``manage.py check_output --batch``: the command-line contract of DESIGN.md."""

from __future__ import annotations

import base64
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

REPO_ROOT = Path(__file__).resolve().parents[2]


def run_batch(tmp_path: Path, lines: list[str]) -> tuple[list[dict], str, CommandError | None]:
    batch = tmp_path / "batch.jsonl"
    batch.write_text("".join(line + "\n" for line in lines))
    stdout, stderr = io.StringIO(), io.StringIO()
    error = None
    try:
        call_command("check_output", "--batch", str(batch), stdout=stdout, stderr=stderr)
    except CommandError as raised:
        error = raised
    return [json.loads(line) for line in stdout.getvalue().splitlines()], stderr.getvalue(), error


def row(**fields) -> str:
    return json.dumps({"checker": "default", "args": [], "input": "", **fields})


def test_one_verdict_line_per_input_line(tmp_path):
    results, stderr, error = run_batch(
        tmp_path,
        [
            row(answer="hello world\n", output="Hello World"),
            row(answer="hello world\n", output="hello there\n"),
            row(checker="floats", args=["abs=0.1"], answer="1\n", output="1.05\n"),
            row(checker="integers", answer="9007199254740993\n", output="9007199254740992\n"),
            row(args=["float_tolerance"], answer="1\n", output="1\n"),
        ],
    )
    assert error is None
    assert stderr == ""
    assert [result["verdict"] for result in results] == ["AC", "WA", "AC", "WA", "JE"]
    assert all(set(result) == {"verdict", "message"} for result in results)
    assert results[0]["message"] == ""
    assert "there" in results[1]["message"]
    assert "float_tolerance" in results[4]["message"]


def test_base64_fields_carry_bytes_that_are_not_utf8(tmp_path):
    answer = b"\xff\xfe 1\n"
    encoded = base64.b64encode(answer).decode()
    results, _, error = run_batch(
        tmp_path,
        [
            json.dumps({"checker": "bytes", "answer_b64": encoded, "output_b64": encoded}),
            json.dumps({"checker": "bytes", "answer_b64": encoded, "output": "\u00ff\u00fe 1\n"}),
            json.dumps({"checker": "tokens", "input_b64": encoded, "answer": "a", "output": "a"}),
        ],
    )
    assert error is None
    assert [result["verdict"] for result in results] == ["AC", "WA", "AC"]


def test_args_and_input_are_optional(tmp_path):
    results, _, error = run_batch(
        tmp_path, [json.dumps({"checker": "tokens", "answer": "1", "output": "1"})]
    )
    assert error is None
    assert results == [{"verdict": "AC", "message": ""}]


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("{not json", "JSON"),
        ("[1, 2]", "object"),
        ("", "empty"),
        (json.dumps({"answer": "1", "output": "1"}), "checker"),
        (row(checker="fuzzy", answer="1", output="1"), "unknown checker 'fuzzy'"),
        (row(answer="1"), '"output"'),
        (row(output="1"), '"answer"'),
        (row(args="case_sensitive", answer="1", output="1"), '"args"'),
        (row(args=[1], answer="1", output="1"), '"args"'),
        (row(answer=1, output="1"), '"answer"'),
        (row(answer="1", output="1", output_b64="MQ=="), "both"),
        (row(answer="1", output_b64="not base64!"), "base64"),
        (row(answer="1", output="\ud800"), "output_b64"),
    ],
)
def test_malformed_line_gets_a_je_line_and_fails_the_command(tmp_path, line, problem):
    good = row(answer="1\n", output="1\n")
    results, stderr, error = run_batch(tmp_path, [good, line, good])
    assert [result["verdict"] for result in results] == ["AC", "JE", "AC"]
    assert problem in results[1]["message"]
    assert "line 2" in results[1]["message"]
    assert "line 2" in stderr
    assert error is not None
    assert error.returncode == 1
    assert "1 malformed" in str(error)


def test_unknown_checker_message_lists_the_known_ones(tmp_path):
    results, _, _ = run_batch(tmp_path, [row(checker="fuzzy", answer="1", output="1")])
    assert "unordered_lines" in results[0]["message"]
    assert "yesno" in results[0]["message"]


def test_missing_batch_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match=r"cannot read batch file .*missing\.jsonl"):
        call_command("check_output", "--batch", str(tmp_path / "missing.jsonl"))


def test_batch_is_required():
    with pytest.raises(CommandError, match="--batch"):
        call_command("check_output")


def test_dash_reads_standard_input(monkeypatch):
    lines = row(answer="1\n", output="1\n") + "\n" + row(answer="1\n", output="2\n") + "\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(lines.encode())))
    stdout = io.StringIO()
    call_command("check_output", "--batch", "-", stdout=stdout)
    verdicts = [json.loads(line)["verdict"] for line in stdout.getvalue().splitlines()]
    assert verdicts == ["AC", "WA"]


def test_command_line_exit_status(tmp_path):
    batch = tmp_path / "batch.jsonl"
    batch.write_text(row(answer="1", output="1") + "\n{bad\n")
    process = subprocess.run(
        [sys.executable, "manage.py", "check_output", "--batch", str(batch)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert process.returncode == 1
    assert [json.loads(line)["verdict"] for line in process.stdout.splitlines()] == ["AC", "JE"]
    assert "malformed" in process.stderr

    missing = subprocess.run(
        [sys.executable, "manage.py", "check_output", "--batch", str(tmp_path / "nope.jsonl")],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert missing.returncode == 1
    assert missing.stdout == ""
    assert "cannot read batch file" in missing.stderr
