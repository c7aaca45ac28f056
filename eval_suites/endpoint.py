"""Completions from an OpenAI-compatible server (chat or plain completions).

One request per sample, with a per-sample seed (the config's seed plus the sample's
index), so a resumed run asks only for the samples it lacks and a sample's request is
the same every time. A timeout, an HTTP error or a reply that is not a completion is
retried, then reported as an ``EndpointError`` for that sample alone.
"""

from __future__ import annotations

import os
from typing import Any

import httpx

from eval_suites.config import EndpointSamples
from eval_suites.loaders.base import Task

CHAT_TEMPLATE_CONTINUATION = (
    "Complete the following Python function. Reply with the whole function, imports "
    "included, in one fenced Python code block.\n\n```python\n{prompt}```\n"
)


class EndpointError(Exception):
    """The server gave no usable completion for one sample."""


def endpoint_client(config: EndpointSamples) -> httpx.Client:
    """The HTTP client (the one seam tests replace)."""
    headers = {}
    if config.api_key_env:
        key = os.environ.get(config.api_key_env, "")
        if not key:
            raise EndpointError(f"samples.api_key_env: ${config.api_key_env} is not set")
        headers["Authorization"] = f"Bearer {key}"
    return httpx.Client(
        base_url=config.base_url.rstrip("/") + "/", headers=headers, timeout=config.timeout_s
    )


def request_body(config: EndpointSamples, task: Task, seed: int) -> tuple[str, dict[str, Any]]:
    """(path, JSON body) of the request for one sample of ``task``."""
    body: dict[str, Any] = {
        "model": config.model,
        "temperature": config.temperature,
        "top_p": config.top_p,
        "max_tokens": config.max_tokens,
        "seed": seed,
        "n": 1,
    }
    if config.stop:
        body["stop"] = config.stop
    if config.api == "completions":
        template = config.prompt_template or "{prompt}"
        body["prompt"] = template.replace("{prompt}", task.prompt)
        return "completions", body
    default = CHAT_TEMPLATE_CONTINUATION if task.code_prefix else "{prompt}"
    template = config.prompt_template or default
    messages = [{"role": "user", "content": template.replace("{prompt}", task.prompt)}]
    if config.system_prompt:
        messages.insert(0, {"role": "system", "content": config.system_prompt})
    body["messages"] = messages
    return "chat/completions", body


def _completion_of(reply: Any, api: str) -> str:
    try:
        choice = reply["choices"][0]
        text = choice["message"]["content"] if api == "chat" else choice["text"]
    except (KeyError, IndexError, TypeError):
        raise EndpointError("the reply has no completion (no choices[0] text)") from None
    if not isinstance(text, str):
        raise EndpointError("the reply's completion is not a string")
    return text


def completion_request(client: httpx.Client, config: EndpointSamples, task: Task, seed: int) -> str:
    path, body = request_body(config, task, seed)
    last = "no attempt made"
    for _ in range(config.retries + 1):
        try:
            response = client.post(path, json=body)
        except httpx.TimeoutException:
            last = f"timed out after {config.timeout_s:g} s"
            continue
        except httpx.HTTPError as exc:
            last = f"request failed: {type(exc).__name__}: {exc}"
            continue
        if response.status_code >= 400:
            last = f"HTTP {response.status_code}: {response.text[:200]}"
            continue
        try:
            reply = response.json()
        except ValueError:
            last = f"the reply is not JSON: {response.text[:200]!r}"
            continue
        try:
            return _completion_of(reply, config.api)
        except EndpointError as exc:
            last = str(exc)
    raise EndpointError(f"endpoint {config.base_url}: {last} ({config.retries + 1} attempts)")
