"""Samples from an OpenAI-compatible endpoint: requests, and failures kept per sample."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from eval_suites.config import EndpointSamples
from eval_suites.models import RunStatus, SampleStatus
from eval_suites.services import RunError, run_create, run_execute, run_prepare, run_resume_prepare
from tests.eval_suites.conftest import FIXTURES, suite

pytestmark = pytest.mark.django_db(transaction=True)

ANSWERS = {
    "add": "```python\ndef add(a: int, b: int) -> int:\n    return a + b\n```",
    "shout": '    return word.upper() + "!"\n',
}


def endpoint_suite(**samples: Any) -> Any:
    return suite(
        "humaneval",
        FIXTURES / "humaneval_mini.jsonl.gz",
        filters={"task_ids": ["Mini/0", "Mini/1"]},
        samples={
            "source": "endpoint",
            "base_url": "http://model.invalid/v1",
            "model": "tiny",
            "n": 2,
            "seed": 100,
            "retries": 1,
            "timeout_s": 5,
            **samples,
        },
        metrics={"pass_at_k": [1, 2]},
    )


class Server:
    """A fake server behind httpx.MockTransport; ``broken`` names tasks it fails."""

    def __init__(self, broken: dict[str, str] | None = None) -> None:
        self.broken = broken or {}
        self.requests: list[dict[str, Any]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        self.requests.append({"path": request.url.path, **body})
        text = body["messages"][-1]["content"] if "messages" in body else body["prompt"]
        name = "add" if "def add" in text else "shout"
        failure = self.broken.get(name)
        if failure == "timeout":
            raise httpx.ReadTimeout("too slow", request=request)
        if failure == "garbage":
            return httpx.Response(200, text="<html>proxy error</html>")
        if failure == "no-choices":
            return httpx.Response(200, json={"choices": []})
        if "messages" in body:
            return httpx.Response(200, json={"choices": [{"message": {"content": ANSWERS[name]}}]})
        return httpx.Response(200, json={"choices": [{"text": ANSWERS[name]}]})


def use(monkeypatch: pytest.MonkeyPatch, server: Server) -> None:
    def client(config: EndpointSamples) -> httpx.Client:
        return httpx.Client(base_url=config.base_url + "/", transport=httpx.MockTransport(server))

    monkeypatch.setattr("eval_suites.services.endpoint_client", client)


def test_chat_samples_are_generated_and_judged(monkeypatch: pytest.MonkeyPatch) -> None:
    server = Server()
    use(monkeypatch, server)
    run = run_execute(run=run_create(prepared=run_prepare(config=endpoint_suite(temperature=0.8))))
    assert run.status == RunStatus.COMPLETE
    assert run.metrics == {"pass@1": 100.0, "pass@2": 100.0}
    assert len(server.requests) == 4
    first = server.requests[0]
    assert first["path"] == "/v1/chat/completions"
    assert (first["model"], first["temperature"], first["n"]) == ("tiny", 0.8, 1)
    assert sorted(r["seed"] for r in server.requests) == [100, 100, 101, 101]
    assert (
        "```python\ndef add" in server.requests[0]["messages"][0]["content"]
        or "def shout" in (server.requests[0]["messages"][0]["content"])
    )
    extraction = dict(run.samples.values_list("task__task_id", "extraction").distinct())
    assert extraction == {"Mini/0": "fenced", "Mini/1": "prompt+completion"}


def test_completions_api_sends_the_prompt(monkeypatch: pytest.MonkeyPatch) -> None:
    server = Server()
    use(monkeypatch, server)
    config = endpoint_suite(api="completions", stop=["\ndef "], n=1)
    run = run_execute(run=run_create(prepared=run_prepare(config=config)))
    assert run.metrics["pass@1"] == 100.0
    assert {r["path"] for r in server.requests} == {"/v1/completions"}
    assert all(r["prompt"].startswith(("def add", "def shout")) for r in server.requests)
    assert all(r["stop"] == ["\ndef "] for r in server.requests)


@pytest.mark.parametrize("failure", ["timeout", "garbage", "no-choices"])
def test_endpoint_failures_are_kept_per_sample_and_resumed(
    monkeypatch: pytest.MonkeyPatch, failure: str
) -> None:
    server = Server(broken={"shout": failure})
    use(monkeypatch, server)
    run = run_execute(run=run_create(prepared=run_prepare(config=endpoint_suite())))
    assert run.status == RunStatus.INCOMPLETE
    failed = run.samples.filter(status=SampleStatus.EXCLUDED)
    assert sorted(failed.values_list("task__task_id", "index")) == [("Mini/1", 0), ("Mini/1", 1)]
    assert all(
        e.startswith("generation failed: endpoint") for e in failed.values_list("error", flat=True)
    )
    assert run.metrics["pass@1"] == 100.0, "only the generated samples are scored"
    assert run.metrics_detail["tasks_scored"] == 1
    judged = run.samples.filter(status=SampleStatus.DONE).count()
    assert judged == 2

    fixed = Server()
    use(monkeypatch, fixed)
    run = run_execute(run=run_resume_prepare(run_id=run.id))
    assert run.status == RunStatus.COMPLETE
    assert len(fixed.requests) == 2, "only the missing samples are requested again"
    assert run.samples.filter(status=SampleStatus.DONE).count() == 4
    assert run.metrics == {"pass@1": 100.0, "pass@2": 100.0}


def test_missing_api_key_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SCALEBOX_TEST_NO_SUCH_KEY", raising=False)
    config = endpoint_suite(api_key_env="SCALEBOX_TEST_NO_SUCH_KEY")
    run = run_create(prepared=run_prepare(config=config))
    with pytest.raises(RunError, match=r"\$SCALEBOX_TEST_NO_SUCH_KEY is not set"):
        run_execute(run=run)
