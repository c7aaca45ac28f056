"""Problem statements as HTML: Markdown, LaTeX maths, and the common parts of a Kattis
``problem.tex``.

Statements are untrusted (anyone may upload a package), so the Markdown renderer is run
with raw HTML off (every ``<`` in the source comes out escaped), images off (a statement
cannot make the reader's browser fetch a URL) and markdown-it's link check (no
``javascript:`` links). Maths is cut out before Markdown sees it and put back escaped,
in an element the page's KaTeX (served from our own static files, ``trust`` off) renders;
without script it reads as its TeX source.
"""

from __future__ import annotations

import re
import secrets
from html import escape

from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

# $$…$$ and \[…\] are displayed, \(…\) and $…$ inline. A $ escaped as \$ is a dollar.
_MATH = re.compile(
    r"\$\$(?P<d1>.+?)\$\$"
    r"|\\\[(?P<d2>.+?)\\\]"
    r"|\\\((?P<i1>.+?)\\\)"
    r"|(?<![\\$])\$(?!\s)(?P<i2>[^$\n]+?)(?<![\s\\])\$",
    re.DOTALL,
)

# problem.tex: what a reader needs of it, as Markdown.
_TEX_BLOCKS = [
    (re.compile(r"(?<!\\)%[^\n]*"), ""),
    (re.compile(r"\\problemname\{[^{}]*\}"), ""),
    (re.compile(r"\\illustration\{[^{}]*\}\{[^{}]*\}\{[^{}]*\}"), ""),
    (re.compile(r"\\(?:sub)?section\*?\{([^{}]*)\}"), r"\n## \1\n"),
    (re.compile(r"\\begin\{verbatim\}\n?(.*?)\\end\{verbatim\}", re.DOTALL), r"\n```\n\1```\n"),
    (re.compile(r"\\begin\{(?:itemize|enumerate|problemdescription|center)\}"), "\n"),
    (re.compile(r"\\end\{(?:itemize|enumerate|problemdescription|center)\}"), "\n"),
    (re.compile(r"^\s*\\item\s*", re.MULTILINE), "- "),
    (re.compile(r"\\textbf\{([^{}]*)\}"), r"**\1**"),
    (re.compile(r"\\(?:emph|textit)\{([^{}]*)\}"), r"*\1*"),
    (re.compile(r"\\texttt\{([^{}]*)\}"), r"`\1`"),
    (re.compile(r"``(.*?)''"), r"“\1”"),
]
_LOOKS_LIKE_TEX = re.compile(r"\\(?:problemname|section|begin\{)")


def _tex_to_markdown(source: str) -> str:
    for pattern, replacement in _TEX_BLOCKS:
        source = pattern.sub(replacement, source)
    return source


def _renderer() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    md.disable("image")
    return md


def statement_html(source: str) -> SafeString:
    """``source`` (Markdown, or LaTeX of a problem.tex) as safe HTML; maths in elements
    of class ``math`` (``math-display`` or ``math-inline``) holding the escaped TeX."""
    if not source.strip():
        return mark_safe("")
    if _LOOKS_LIKE_TEX.search(source):
        source = _tex_to_markdown(source)
    # Letters and digits only: Markdown leaves the placeholder as it is.
    tag = "sbxmath" + secrets.token_hex(6)
    maths: list[tuple[bool, str]] = []

    def cut(match: re.Match[str]) -> str:
        display = match.group("d1") or match.group("d2")
        maths.append((display is not None, display or match.group("i1") or match.group("i2")))
        return f"{tag}n{len(maths) - 1}e"

    html = _renderer().render(_MATH.sub(cut, source))
    for index, (display, tex) in enumerate(maths):
        kind = "display" if display else "inline"
        # A span either way: displayed maths often sits inside a paragraph.
        html = html.replace(
            f"{tag}n{index}e", f'<span class="math math-{kind}">{escape(tex.strip())}</span>'
        )
    return mark_safe(html)  # raw HTML off in the renderer; the maths went through escape()
