"""A minimal client for OpenAI-compatible chat completions (``POST {base}/chat/completions``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
from django.conf import settings

ERROR_CHARS = 500


class LLMError(Exception):
    """The endpoint gave no usable reply: unreachable, timed out, an HTTP error, no text."""


@dataclass(frozen=True)
class ChatReply:
    content: str
    model: str
    prompt_tokens: int | None
    completion_tokens: int | None
    total_tokens: int | None


class ChatClient:
    def __init__(
        self, *, base_url: str, api_key: str, model: str, timeout_s: float, json_mode: bool = True
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.json_mode = json_mode
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._http = httpx.Client(headers=headers, timeout=httpx.Timeout(timeout_s))

    @classmethod
    def from_settings(cls) -> ChatClient | None:
        """The configured client, or None when no endpoint or model is set."""
        if not settings.SCALEBOX_LLM_BASE_URL or not settings.SCALEBOX_LLM_MODEL:
            return None
        return cls(
            base_url=settings.SCALEBOX_LLM_BASE_URL,
            api_key=settings.SCALEBOX_LLM_API_KEY,
            model=settings.SCALEBOX_LLM_MODEL,
            timeout_s=settings.SCALEBOX_LLM_TIMEOUT_S,
            json_mode=settings.SCALEBOX_LLM_JSON_MODE,
        )

    def close(self) -> None:
        self._http.close()

    def complete(self, messages: list[dict[str, str]]) -> ChatReply:
        body: dict[str, Any] = {"model": self.model, "messages": messages, "temperature": 0}
        if self.json_mode:
            body["response_format"] = {"type": "json_object"}
        try:
            response = self._http.post(f"{self.base_url}/chat/completions", json=body)
        except httpx.TimeoutException as exc:
            raise LLMError(f"the model endpoint timed out: {type(exc).__name__}") from None
        except httpx.HTTPError as exc:
            raise LLMError(f"the model endpoint is unreachable: {exc}") from None
        if response.status_code != 200:
            raise LLMError(
                f"the model endpoint answered HTTP {response.status_code}: "
                f"{response.text[:ERROR_CHARS]}"
            )
        try:
            data = response.json()
            content = data["choices"][0]["message"]["content"]
        except (ValueError, KeyError, IndexError, TypeError):
            raise LLMError(
                f"the model endpoint's answer is not a chat completion: "
                f"{response.text[:ERROR_CHARS]}"
            ) from None
        if not isinstance(content, str):
            raise LLMError("the chat completion holds no text")
        usage = data.get("usage") or {}
        return ChatReply(
            content=content,
            model=str(data.get("model") or self.model),
            prompt_tokens=_count(usage.get("prompt_tokens")),
            completion_tokens=_count(usage.get("completion_tokens")),
            total_tokens=_count(usage.get("total_tokens")),
        )


def _count(value: Any) -> int | None:
    return value if isinstance(value, int) and value >= 0 else None
