"""The compatibility endpoints answer a wrong request with a 4xx that says what is wrong,
never a 500 or a 504, and never run a program under limits beyond the server's; what a
reply carries and whom the rate limit counts are bounded too."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from scalebox_site.env import env_networks
from verification import runs
from verification.compat.run_code import output_cap, run_code_response
from verification.runs import CodeRunResult, StepResult

from .conftest import patch_program_run

pytestmark = pytest.mark.django_db(transaction=True)


def run_code_body(**fields: Any) -> dict[str, Any]:
    return {"code": "print(1)", "language": "python", "run_timeout": 2, **fields}


def batch_body(completion: str = "print(input())", **config: Any) -> dict[str, Any]:
    test_cases = config.pop("test_cases", {"type": "stdin_stdout", "input": ["1"], "output": ["1"]})
    return {
        "completion": completion,
        "config": {
            "language": "python",
            "provided_data": {"test_cases": test_cases},
            **config,
        },
    }


def post_raw(client: APIClient, url: str, body: str) -> Any:
    """Post a body exactly as given (json.dumps escapes a lone surrogate as \\ud800)."""
    return client.post(url, data=body, content_type="application/json")


def error_of(response: Any, status: int = 400) -> dict[str, Any]:
    assert response.status_code == status, response.content
    body = response.json()
    assert body["detail"] == body["error"]["message"]
    return dict(body["error"])


@pytest.fixture
def runs_seen(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Programs that reached the sandbox (none should, for a refused request)."""
    seen: list[Any] = []

    def run(self: Any, *args: Any, **kwargs: Any) -> Any:
        seen.append(args)
        raise AssertionError("a refused request must not run")

    patch_program_run(monkeypatch, run)
    return seen


# --- text that is not Unicode --------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (run_code_body(code="print(1)\ud800"), "code"),
        (run_code_body(stdin="\udfff"), "stdin"),
        (run_code_body(files={"a.txt\ud800": None}), "files.a.txt\\ud800"),
    ],
)
def test_run_code_refuses_a_lone_surrogate(
    client: APIClient, runs_seen: list[Any], body: dict[str, Any], field: str
) -> None:
    error = error_of(post_raw(client, "/run_code", json.dumps(body)))
    assert error["field"] == field and "lone surrogate" in error["message"]
    assert runs_seen == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (batch_body(completion="print(1)\ud800"), "completion"),
        (batch_body(language="py\ud800"), "config.language"),
        (
            batch_body(test_cases={"type": "stdin_stdout", "input": ["\ud800"], "output": ["1"]}),
            "config.provided_data.test_cases.input.0",
        ),
        (
            batch_body(extra={"special_judge_program": "print(1)\udc00"}),
            "config.extra.special_judge_program",
        ),
        ({**batch_body(), "id": "\ud800"}, "id"),
    ],
)
def test_common_evaluate_batch_refuses_a_lone_surrogate(
    client: APIClient, runs_seen: list[Any], body: dict[str, Any], field: str
) -> None:
    error = error_of(post_raw(client, "/common_evaluate_batch", json.dumps(body)))
    assert error["field"] == field and "lone surrogate" in error["message"]
    assert runs_seen == []


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    depth=st.integers(min_value=101, max_value=200_000),
    opener=st.sampled_from(["[", '{"a":']),
)
def test_deep_nesting_is_a_400(client: APIClient, depth: int, opener: str) -> None:
    closer = "]" if opener == "[" else "}"
    body = '{"code": "x", "language": "python", "files": ' + opener * depth + "1"
    body += closer * depth + "}"
    error = error_of(post_raw(client, "/run_code", body))
    assert "deeper than 100 levels" in error["message"]


def test_json_inside_a_case_is_held_to_the_depth_limit(
    client: APIClient, runs_seen: list[Any]
) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    test_cases = {
        "type": "function_call",
        "fn_name": "f",
        "json_input": True,
        "input": [deep],
        "output": ["1"],
    }
    response = client.post("/common_evaluate_batch", batch_body(test_cases=test_cases), "json")
    error = error_of(response)
    assert "deeper than 100 levels" in error["message"]
    assert runs_seen == []


# --- numbers: types and server ranges -------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "field", "text"),
    [
        ({"memory_limit_MB": 1}, "memory_limit_MB", "from 16 to 8192 MB, got 1"),
        ({"memory_limit_MB": 10**30}, "memory_limit_MB", "from 16 to 8192 MB"),
        ({"memory_limit_MB": 1_000_000}, "memory_limit_MB", "from 16 to 8192 MB"),
        ({"memory_limit_MB": "1024"}, "memory_limit_MB", "valid integer"),
        ({"memory_limit_MB": True}, "memory_limit_MB", "valid integer"),
        ({"run_timeout": 10**6}, "run_timeout", "from 0.01 to 600 seconds"),
        ({"run_timeout": "10"}, "run_timeout", "valid number"),
        ({"compile_timeout": False}, "compile_timeout", "valid number"),
        ({"code": 5}, "code", "valid string"),
        ({"stdin": 5}, "stdin", "valid string"),
        ({"priority": 2**70}, "priority", "less than or equal to 9"),
        ({"files": {"a": 5}}, "files.a", "valid string"),
    ],
)
def test_run_code_numbers_out_of_range_or_of_the_wrong_type(
    client: APIClient, runs_seen: list[Any], fields: dict[str, Any], field: str, text: str
) -> None:
    response = client.post("/run_code", run_code_body(**fields), format="json")
    error = error_of(response)
    assert error["field"] == field and text in error["message"], error
    assert runs_seen == []


def test_the_memory_cap_follows_the_setting(client: APIClient, runs_seen: list[Any]) -> None:
    with override_settings(SCALEBOX_MAX_MEMORY_LIMIT_MB=256):
        response = client.post("/run_code", run_code_body(memory_limit_MB=512), format="json")
    assert "from 16 to 256 MB, got 512" in error_of(response)["message"]
    assert runs_seen == []


def test_a_file_over_the_file_limit_is_refused(client: APIClient, runs_seen: list[Any]) -> None:
    files = {"data.bin": base64.b64encode(b"x" * 2048).decode()}
    with override_settings(SCALEBOX_MAX_FILE_BYTES=1024):
        response = client.post("/run_code", run_code_body(files=files), format="json")
    error = error_of(response, 413)
    assert error["field"] == "files" and "1024 byte limit" in error["message"]
    assert runs_seen == []


def test_a_memory_limit_within_range_runs_under_it(client: APIClient) -> None:
    code = "x = bytearray(300 * 1024 * 1024)\nprint(len(x))"
    response = client.post("/run_code", run_code_body(code=code, memory_limit_MB=128), "json")
    assert response.status_code == 200, response.content
    assert response.json()["verdict"] == "MLE"


@pytest.mark.parametrize(
    ("config", "field", "text"),
    [
        ({"memory_limit_mb": 10**6}, "config.memory_limit_mb", "from 16 to 8192 MB"),
        ({"run_timeout": 1e6}, "config.run_timeout", "600 seconds"),
        ({"run_timeout": "5"}, "config.run_timeout", "valid number"),
        (
            {"extra": {"special_judge_program": 5}},
            "config.extra",
            "special_judge_program must be a string",
        ),
        (
            {"extra": {"run_all_cases": "yes"}},
            "config.extra",
            "run_all_cases must be true or false",
        ),
        ({"extra": {"run_all_cases": 1}}, "config.extra", "run_all_cases must be true or false"),
        (
            {"test_cases": {"type": "function_call", "fn_name": 5, "input": [], "output": []}},
            "config.provided_data.test_cases.fn_name",
            "valid string",
        ),
        (
            {"test_cases": {"input": ["1"], "output": ["1"], "json_input": "true"}},
            "config.provided_data.test_cases.json_input",
            "valid boolean",
        ),
    ],
)
def test_common_evaluate_batch_wrong_types_and_ranges(
    client: APIClient, runs_seen: list[Any], config: dict[str, Any], field: str, text: str
) -> None:
    response = client.post("/common_evaluate_batch", batch_body(**config), format="json")
    error = error_of(response)
    assert error["field"] == field and text in error["message"], error
    assert runs_seen == []


@pytest.mark.parametrize("bad_id", [2**70, -(2**60), True, "x" * 201])
def test_common_evaluate_batch_id_is_bounded(
    client: APIClient, runs_seen: list[Any], bad_id: Any
) -> None:
    body = {**batch_body(), "id": bad_id}
    error = error_of(client.post("/common_evaluate_batch", body, format="json"))
    assert error["field"].startswith("id")


# --- what a reply carries -----------------------------------------------------------------


@override_settings(SCALEBOX_RUN_CODE_MAX_OUTPUT_BYTES=1024)
def test_run_code_output_is_cut_at_the_cap_and_flagged(client: APIClient) -> None:
    code = "import sys\nsys.stdout.write('a' * 5000)\nsys.stderr.write('e' * 3000)"
    body = client.post("/run_code", run_code_body(code=code), format="json").json()
    run = body["run_result"]
    assert body["status"] == "Success"
    assert run["stdout"] == "a" * 1024 and run["stdout_truncated"] is True
    assert run["stderr"] == "e" * 1024 and run["stderr_truncated"] is True
    short = client.post("/run_code", run_code_body(code="print('a' * 1024, end='')"), "json")
    assert short.json()["run_result"]["stdout"] == "a" * 1024
    assert short.json()["run_result"]["stdout_truncated"] is False


@override_settings(SCALEBOX_RUN_CODE_MAX_OUTPUT_BYTES=1024)
def test_a_worker_sends_back_no_more_than_the_cap() -> None:
    big = StepResult("OK", exit_code=0, stdout=b"a" * 100_000, stderr=b"e" * 100_000)
    capped = output_cap(CodeRunResult(compile=None, run=big))
    through_broker = runs.code_run_from_json(runs.code_run_to_json(capped))
    assert through_broker.run is not None
    assert len(through_broker.run.stdout) == 1025 and len(through_broker.run.stderr) == 1025
    reply = run_code_response(through_broker)["run_result"]
    assert len(reply["stdout"]) == 1024 and reply["stdout_truncated"] is True


# --- the anonymous rate limit -------------------------------------------------------------


def _spend(anonymous: APIClient, count: int, **headers: Any) -> list[int]:
    return [
        anonymous.post("/run_code", {}, format="json", **headers).status_code for _ in range(count)
    ]


@override_settings(SCALEBOX_COMPAT_ALLOW_ANONYMOUS=True, SCALEBOX_COMPAT_ANON_RATE="2/min")
def test_a_forged_forwarded_for_does_not_reset_the_rate_limit(anonymous: APIClient) -> None:
    codes = [
        anonymous.post(
            "/run_code", {}, format="json", HTTP_X_FORWARDED_FOR=f"10.0.0.{i}"
        ).status_code
        for i in range(3)
    ]
    assert codes == [400, 400, 429]


@override_settings(
    SCALEBOX_COMPAT_ALLOW_ANONYMOUS=True,
    SCALEBOX_COMPAT_ANON_RATE="2/min",
    SCALEBOX_TRUSTED_PROXIES=["127.0.0.0/8"],
)
def test_behind_a_trusted_proxy_the_client_is_the_last_untrusted_hop(
    anonymous: APIClient,
) -> None:
    # The test client connects from 127.0.0.1, the trusted proxy; it appended the
    # address it saw (198.51.100.7) after whatever the client itself wrote.
    first = _spend(anonymous, 2, HTTP_X_FORWARDED_FOR="1.1.1.1, 198.51.100.7")
    forged = _spend(anonymous, 1, HTTP_X_FORWARDED_FOR="2.2.2.2, 198.51.100.7")
    other = _spend(anonymous, 1, HTTP_X_FORWARDED_FOR="198.51.100.8, 127.0.0.2")
    assert (first, forged, other) == ([400, 400], [429], [400])


def test_trusted_proxies_must_be_addresses_or_networks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCALEBOX_TRUSTED_PROXIES", "10.0.0.0/8, ::1")
    assert env_networks("SCALEBOX_TRUSTED_PROXIES") == ["10.0.0.0/8", "::1"]
    monkeypatch.setenv("SCALEBOX_TRUSTED_PROXIES", "10.0.0.0/8,proxy.internal")
    with pytest.raises(ImproperlyConfigured, match=r"SCALEBOX_TRUSTED_PROXIES.*proxy\.internal"):
        env_networks("SCALEBOX_TRUSTED_PROXIES")
