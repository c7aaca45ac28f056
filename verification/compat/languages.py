"""The peers' language names, mapped to ScaleBox's through the executors' aliases."""

from __future__ import annotations

from verification.errors import LanguageUnavailable
from verification.executors import language_named, language_names, no_runtime_reason


def language_resolve(name: str) -> str:
    """Our name for a peer's language name, or LanguageUnavailable (HTTP 422)."""
    ours = language_named(name or "")
    reason = no_runtime_reason(name or "")
    if reason is not None:
        raise LanguageUnavailable(reason, field="language")
    if ours is None:
        raise LanguageUnavailable(
            f"unsupported language {name!r}; supported: {', '.join(language_names())}",
            field="language",
        )
    return ours
