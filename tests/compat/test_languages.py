"""The peers' language names and fence tags, resolved through the executors' declarations."""

from __future__ import annotations

import pytest

from verification.compat.extraction import code_extract
from verification.compat.languages import language_resolve
from verification.errors import LanguageUnavailable


@pytest.mark.parametrize(
    ("name", "ours"),
    [
        ("python", "python"),
        ("python3", "python"),
        ("Python3", "python"),
        ("py", "python"),
        ("nodejs", "javascript"),
        ("node", "javascript"),
        ("js", "javascript"),
        ("cpp", "cpp"),
        ("c++", "cpp"),
        ("sh", "bash"),
        ("ts", "typescript"),
        ("rs", "rust"),
        ("kt", "kotlin"),
        ("hs", "haskell"),
        (" go ", "go"),
    ],
)
def test_language_resolve(name: str, ours: str) -> None:
    assert language_resolve(name) == ours


def test_unknown_language_names_the_supported_ones() -> None:
    with pytest.raises(LanguageUnavailable) as caught:
        language_resolve("cobol")
    message = str(caught.value)
    assert "'cobol'" in message
    assert "nodejs" in message and "python" in message


@pytest.mark.parametrize(
    ("tag", "language"),
    [
        ("py", "python"),
        ("python3", "python"),
        ("node", "javascript"),
        ("c++", "cpp"),
        ("sh", "bash"),
    ],
)
def test_block_tagged_with_an_alias_wins(tag: str, language: str) -> None:
    completion = f"```text\nfirst\n```\n```{tag}\nchosen\n```"
    assert code_extract(completion, language).code == "chosen"
