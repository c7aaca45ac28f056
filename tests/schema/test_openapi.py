"""What the OpenAPI schema says about the API's shapes (the schemathesis run checks the
server against it: tests/schema/test_schemathesis.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

LIST_OPERATIONS = ["/api/v1/problems/", "/api/v1/submissions/"]


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return dict(SchemaGenerator().get_schema(request=None, public=True))


def component(schema: dict[str, Any], ref: str) -> dict[str, Any]:
    assert ref.startswith("#/components/schemas/"), ref
    return dict(schema["components"]["schemas"][ref.rsplit("/", 1)[1]])


def json_body(schema: dict[str, Any], path: str, method: str, code: str) -> dict[str, Any]:
    response = schema["paths"][path][method]["responses"][code]
    return component(schema, response["content"]["application/json"]["schema"]["$ref"])


def test_the_schema_is_valid_openapi(schema: dict[str, Any]) -> None:
    validate_schema(schema)


@pytest.mark.parametrize("path", LIST_OPERATIONS)
def test_lists_are_described_as_pages(schema: dict[str, Any], path: str) -> None:
    page = json_body(schema, path, "get", "200")
    assert set(page["properties"]) == {"count", "next", "previous", "results"}
    assert page["properties"]["results"]["type"] == "array"
    parameters = {p["name"] for p in schema["paths"][path]["get"]["parameters"]}
    assert "page" in parameters


def test_the_submission_list_describes_its_filters(schema: dict[str, Any]) -> None:
    parameters = {p["name"] for p in schema["paths"]["/api/v1/submissions/"]["get"]["parameters"]}
    assert {"problem", "language", "verdict", "created_after", "created_before"} <= parameters


def test_run_code_describes_its_request_and_answer(schema: dict[str, Any]) -> None:
    operation = schema["paths"]["/run_code"]["post"]
    body = component(
        schema, operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    )
    assert {"code", "language", "stdin", "run_timeout", "memory_limit_MB"} <= set(
        body["properties"]
    )
    assert set(body["required"]) == {"code", "language"}
    answer = json_body(schema, "/run_code", "post", "200")
    assert {"status", "run_result", "compile_result", "verdict"} <= set(answer["properties"])
    run_result = answer["properties"]["run_result"]
    assert run_result["nullable"] is True
    step = component(schema, run_result["allOf"][0]["$ref"])
    assert {"stdout", "stderr", "return_code", "stdout_truncated"} <= set(step["properties"])


def test_common_evaluate_batch_describes_its_request_and_answer(schema: dict[str, Any]) -> None:
    operation = schema["paths"]["/common_evaluate_batch"]["post"]
    body = component(
        schema, operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    )
    assert {"id", "completion", "config"} <= set(body["properties"])
    config = component(schema, body["properties"]["config"]["$ref"])
    data = component(schema, config["properties"]["provided_data"]["$ref"])
    cases = component(schema, data["properties"]["test_cases"]["$ref"])
    assert {"input", "output", "fn_name"} <= set(cases["properties"])
    # The native TestCasesIn serializer keeps its own component.
    assert "test_cases" in schema["components"]["schemas"]["TestCasesIn"]["properties"]
    answer = json_body(schema, "/common_evaluate_batch", "post", "200")
    assert {"accepted", "tests", "verdict"} <= set(answer["properties"])


def test_common_evaluate_describes_its_request_and_answer(schema: dict[str, Any]) -> None:
    operation = schema["paths"]["/common_evaluate"]["post"]
    assert "compat" in operation["tags"]
    body = component(
        schema, operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    )
    assert {"id", "completion", "config"} <= set(body["properties"])
    assert set(body["required"]) == {"completion", "config"}
    config = component(schema, body["properties"]["config"]["$ref"])
    assert {"language", "run_timeout", "provided_data", "extra"} <= set(config["properties"])
    data = component(schema, config["properties"]["provided_data"]["$ref"])
    assert set(data["properties"]) == {"test_cases", "test"}
    # test_cases: a list of cases, or the batch endpoint's one dict of lists.
    kinds = data["properties"]["test_cases"]["oneOf"]
    case = component(schema, kinds[0]["items"]["$ref"])
    assert {"type", "fn_name", "input", "output"} <= set(case["properties"])
    assert kinds[1]["$ref"].endswith("/CompatTestCasesIn")
    stdio = component(schema, data["properties"]["test"]["items"]["$ref"])
    assert set(stdio["required"]) == {"input", "output"}
    answer = json_body(schema, "/common_evaluate", "post", "200")
    assert {"id", "accepted", "extracted_code", "tests", "verdict"} <= set(answer["properties"])
    test = component(schema, answer["properties"]["tests"]["items"]["$ref"])
    exec_info = component(schema, test["properties"]["exec_info"]["$ref"])
    status = component(schema, exec_info["properties"]["status"]["$ref"])
    assert "SandboxError" in status["enum"]  # a test the total_timeout ran out before
    assert set(operation["responses"]) >= {"200", "400", "413", "422", "504"}


def test_ping_is_described(schema: dict[str, Any]) -> None:
    answer = schema["paths"]["/v1/ping"]["get"]["responses"]["200"]
    assert answer["content"]["application/json"]["schema"]["enum"] == ["pong"]


def test_every_error_answer_has_the_error_shape(schema: dict[str, Any]) -> None:
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert {"400", "401", "403", "413"} <= codes or path == "/v1/ping", (path, method)
            for code, response in operation["responses"].items():
                if int(code) >= 400:
                    ref = response["content"]["application/json"]["schema"]["$ref"]
                    assert ref == "#/components/schemas/ErrorOut", (path, method, code)


def test_a_path_no_api_url_matches_answers_the_json_error() -> None:
    response = Client().get("/api/v1/submissions/not-a-number/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "not_found"


def test_a_site_page_that_does_not_exist_stays_a_page() -> None:
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_ping_answers_get_and_head_only() -> None:
    assert Client().get("/v1/ping").json() == "pong"
    assert Client().head("/v1/ping").status_code == 200
    assert Client().generic("TRACE", "/v1/ping").status_code == 405


def test_wait_is_described_as_never_negative(schema: dict[str, Any]) -> None:
    operation = schema["paths"]["/api/v1/submissions/{id}/"]["get"]
    wait = next(p for p in operation["parameters"] if p["name"] == "wait")
    assert wait["schema"] == {"type": "number", "minimum": 0}


@pytest.mark.parametrize(
    "name",
    ["SubmissionIn", "SubmissionBatchIn", "TestCaseIn", "ProblemIn", "TokenIn", "GenerateIn"],
)
def test_request_bodies_say_they_take_no_other_keys(schema: dict[str, Any], name: str) -> None:
    assert schema["components"]["schemas"][name]["additionalProperties"] is False


def test_the_compat_bodies_take_other_keys_as_the_peers_do(schema: dict[str, Any]) -> None:
    for name in ("CompatRunCodeIn", "CompatEvaluateBatchIn"):
        assert schema["components"]["schemas"][name].get("additionalProperties") is not False
