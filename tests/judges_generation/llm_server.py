"""A small OpenAI-compatible chat-completions server on 127.0.0.1 serving scripted replies.

Replies are queued per (problem slug, purpose): the slug is read from the "Problem slug:"
line every prompt carries, the purpose from the system message (classify or generate).
A reply is the text to answer with, or a ``Reply`` that delays it or fails with an HTTP
status. Every request received is kept in ``requests`` for the tests to inspect.
"""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

API_KEY = "test-key"
MODEL = "scripted-model-1"
_SLUG = re.compile(r"Problem slug: (\S+)")


@dataclass(frozen=True)
class Reply:
    content: str = ""
    delay_s: float = 0.0
    status: int = 200


class ScriptedLLM:
    def __init__(self) -> None:
        self.queues: dict[tuple[str, str], list[Reply]] = {}
        self.requests: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def start(self) -> ScriptedLLM:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def script(self, slug: str, purpose: str, *replies: Reply | str) -> None:
        with self._lock:
            queue = self.queues.setdefault((slug, purpose), [])
            queue.extend(r if isinstance(r, Reply) else Reply(r) for r in replies)

    def reset(self) -> None:
        with self._lock:
            self.queues.clear()
            self.requests.clear()

    def requests_for(self, slug: str, purpose: str | None = None) -> list[dict[str, Any]]:
        return [
            r
            for r in self.requests
            if r["slug"] == slug and (purpose is None or r["purpose"] == purpose)
        ]

    def _next(self, body: dict[str, Any]) -> Reply:
        messages = body.get("messages") or []
        text = "\n".join(str(m.get("content", "")) for m in messages)
        found = _SLUG.search(text)
        slug = found.group(1) if found else ""
        system = str(messages[0].get("content", "")) if messages else ""
        purpose = "classify" if system.startswith("You classify") else "generate"
        with self._lock:
            self.requests.append({"slug": slug, "purpose": purpose, "body": body})
            queue = self.queues.get((slug, purpose)) or []
            if not queue:
                return Reply(f"no scripted reply for {slug} {purpose}", status=500)
            return queue.pop(0)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        llm = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                return

            def do_POST(self) -> None:
                if self.headers.get("Authorization") != f"Bearer {API_KEY}":
                    self._send(401, {"error": {"message": "bad key"}})
                    return
                if self.path != "/v1/chat/completions":
                    self._send(404, {"error": {"message": f"no route {self.path}"}})
                    return
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length))
                reply = llm._next(body)
                if reply.delay_s:
                    time.sleep(reply.delay_s)
                if reply.status != 200:
                    self._send(reply.status, {"error": {"message": reply.content}})
                    return
                prompt = sum(len(str(m.get("content", "")).split()) for m in body["messages"])
                completion = len(reply.content.split())
                self._send(
                    200,
                    {
                        "id": "chatcmpl-scripted",
                        "object": "chat.completion",
                        "model": MODEL,
                        "choices": [
                            {
                                "index": 0,
                                "message": {"role": "assistant", "content": reply.content},
                                "finish_reason": "stop",
                            }
                        ],
                        "usage": {
                            "prompt_tokens": prompt,
                            "completion_tokens": completion,
                            "total_tokens": prompt + completion,
                        },
                    },
                )

            def _send(self, status: int, payload: dict[str, Any]) -> None:
                data = json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting (the timeout case)

        return Handler
