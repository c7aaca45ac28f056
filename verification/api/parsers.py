"""Request body parsers that refuse what would break the code behind them.

Every JSON, form and multipart body of the API and of the compatibility endpoints
enters through these (REST_FRAMEWORK ``DEFAULT_PARSER_CLASSES``):

- a JSON body is read up to ``SCALEBOX_MAX_REQUEST_BYTES`` (413 past it), must be UTF-8,
  and its nesting is measured on the raw text *before* ``json.loads`` runs, because the
  standard parser recurses once per level and a body nested 100,000 deep would end in
  ``RecursionError``;
- no string, key included, may hold a lone surrogate (``"\\ud800"`` is valid JSON but
  no UTF-8 text: it would fail later, when written to a file, a pipe or the database);
- form and multipart text fields must have been valid UTF-8 (Django replaces bad bytes
  with U+FFFD, so a U+FFFD in a field is refused).

Each refusal is a 400 (413 for size) in the API's error shape, naming the field.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

from django.conf import settings
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser

from verification.errors import InvalidInput, TooLarge

# Strings and the brackets that open and close levels; everything else is skipped.
_STRUCTURE = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.DOTALL)
# A \u escape of a surrogate (U+D800..U+DFFF): the only way JSON text read as strict
# UTF-8 can produce one. Its absence spares the walk over the parsed value.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_READ_CHUNK = 1 << 20


def json_depth_exceeds(text: str, max_depth: int) -> bool:
    """Whether ``text`` nests arrays and objects deeper than ``max_depth``, brackets inside
    strings not counted. Runs in a loop, never recursively."""
    if text.count("[") + text.count("{") <= max_depth:
        return False
    depth = 0
    for match in _STRUCTURE.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > max_depth:
                return True
        elif token in "]}":
            depth -= 1
    return False


def _field_path(path: tuple[Any, ...]) -> str:
    # A key may itself hold the surrogate: it is shown escaped, as JSON would write it.
    text = ".".join(str(part) for part in path) or "(body)"
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _walk(value: Any) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Every string in a parsed JSON value (keys too) with its path, iteratively."""
    stack: list[tuple[tuple[Any, ...], Any]] = [((), value)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, str):
            yield path, item
        elif isinstance(item, Mapping):
            for key, child in item.items():
                if isinstance(key, str):
                    yield (*path, key), key
                stack.append(((*path, key), child))
        elif isinstance(item, list):
            stack.extend(((*path, i), child) for i, child in enumerate(item))


def reject_lone_surrogates(value: Any) -> None:
    """Raise InvalidInput naming the first field whose text holds a lone surrogate."""
    for path, text in _walk(value):
        if _SURROGATE.search(text):
            where = _field_path(path)
            raise InvalidInput(
                f"{where}: text holds a lone surrogate (a \\ud800-\\udfff escape not part "
                "of a pair), which is not valid Unicode text",
                field=where,
            )


def _read_bounded(stream: Any, limit: int) -> bytes:
    if stream is None:
        return b""
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = stream.read(min(_READ_CHUNK, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise TooLarge(f"request body is over the {limit} byte limit")
    return b"".join(chunks)


class BoundedJSONParser(JSONParser):
    """DRF's JSON parser with a size cap, a nesting cap and Unicode checks first."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        raw = _read_bounded(stream, settings.SCALEBOX_MAX_REQUEST_BYTES)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InvalidInput(
                f"the request body is not valid UTF-8 (byte {exc.start})", field="(body)"
            ) from None
        max_depth = settings.SCALEBOX_MAX_JSON_DEPTH
        if json_depth_exceeds(text, max_depth):
            raise InvalidInput(
                f"the JSON body nests arrays and objects deeper than {max_depth} levels",
                field="(body)",
            )
        try:
            data = json.loads(text, parse_constant=json_constant_refused)
        except ValueError as exc:
            raise InvalidInput(f"JSON parse error - {exc}", field="(body)") from None
        if _SURROGATE_ESCAPE.search(text):
            reject_lone_surrogates(data)
        return data


def json_constant_refused(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _reject_replaced_text(data: Any) -> None:
    for key in data:
        for value in data.getlist(key) if hasattr(data, "getlist") else [data[key]]:
            if isinstance(value, str) and ("\ufffd" in value or "\ufffd" in key):
                raise InvalidInput(f"{key}: the field is not valid UTF-8 text", field=key)


class StrictFormParser(FormParser):
    """URL-encoded forms whose text fields must be valid UTF-8."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        data = super().parse(stream, media_type, parser_context)
        _reject_replaced_text(data)
        return data


class StrictMultiPartParser(MultiPartParser):
    """Multipart uploads whose text fields must be valid UTF-8 (files are bytes)."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        result = super().parse(stream, media_type, parser_context)
        _reject_replaced_text(result.data)
        return result
