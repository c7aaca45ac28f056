"""The peers' language names, mapped to ScaleBox's."""

from __future__ import annotations

from verification.errors import LanguageUnavailable

# SandboxFusion and icip-cas/ScaleBox names that differ from ours. Names that are the same
# (python, cpp, go, java, rust, bash, typescript, lua, perl, php, ruby, c, ...) pass through.
_ALIASES = {
    "nodejs": "javascript",
    "js": "javascript",
    "node": "javascript",
    "python3": "python",
    "py": "python",
    "c++": "cpp",
    "sh": "bash",
    "ts": "typescript",
    "rs": "rust",
    "kt": "kotlin",
    "hs": "haskell",
}


def language_resolve(name: str) -> str:
    """Our name for a peer's language name, or LanguageUnavailable (HTTP 422)."""
    from verification.executors import known_languages

    cleaned = (name or "").strip()
    ours = _ALIASES.get(cleaned.lower(), cleaned.lower())
    if ours not in known_languages():
        raise LanguageUnavailable(
            f"unsupported language {name!r}; supported: "
            f"{', '.join(sorted({*known_languages(), *_ALIASES}))}",
            field="language",
        )
    return ours


def fence_language(tag: str) -> str:
    """The language a markdown fence tag names ('' when unknown)."""
    cleaned = tag.strip().split()[0].lower() if tag.strip() else ""
    if cleaned in ("python", "python3", "py"):
        return "python"
    if cleaned in ("javascript", "js", "nodejs", "node"):
        return "javascript"
    return _ALIASES.get(cleaned, cleaned)
