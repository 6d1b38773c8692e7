"""The shipped Markdown dialect (phrases, snippets) as plain text for a DOCX template."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from .. import dialect
from ..rendering import Foreign, finish
from .sandbox import PARAGRAPH_BREAK, Paragraphs


def plain_inline(text: str) -> str:
    """A phrase (one line of the dialect) as plain text: escapes resolved, ** and * dropped."""
    return dialect.plain(dialect.inline(str(text))).strip()


def _plain_blocks(text: str) -> str:
    """A snippet (paragraphs of the dialect) as plain text, paragraphs separated by \\a."""
    paragraphs: list[str] = []
    for block in dialect.blocks(str(text)):
        runs = block.runs if block.kind != "signature" else [r for c in block.cells for r in c]
        line = dialect.plain(runs).strip()
        if line:
            paragraphs.append(block.marker + line)
    return Paragraphs(PARAGRAPH_BREAK.join(paragraphs))


def _docx_value(value: Any) -> Any:
    if isinstance(value, Foreign):
        return value.plain()
    if isinstance(value, Markup):
        return plain_inline(value)
    if isinstance(value, dict):
        return {k: _docx_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_docx_value(v) for v in value]
    return value


def _plain_lines(text: str) -> str:
    """An item's words (lines of the dialect) as plain text, one paragraph per line."""
    lines = [_plain_blocks(line) for line in str(text).split("\n") if line.strip()]
    lines = [line for line in lines if line]
    if len(lines) == 1:  # one paragraph: it keeps the template paragraph's own formatting
        blocks = dialect.blocks(str(text).strip())
        return blocks[0].marker + dialect.plain(blocks[0].runs).strip() if blocks else ""
    return Paragraphs(PARAGRAPH_BREAK.join(lines))


def docx_context(ctx: dict[str, Any]) -> dict[str, Any]:
    """The shipped context, with Markdown-escaped text (Markup) turned into plain text."""
    phrase, snippet, say = ctx["phrase"], ctx["snippet"], ctx.get("say")
    skip = ("phrase", "snippet", "say")
    out = {k: _docx_value(v) for k, v in ctx.items() if k not in skip}

    def plain_say(item: Any, **extra: Any) -> str:
        return _plain_lines(finish(say(item, **extra), ctx["_state"]))

    if say is not None:
        out["say"] = plain_say

    def plain_phrase(key: str) -> str:
        return plain_inline(phrase(key))

    def plain_snippet(snippet_id: str) -> str:
        return _plain_blocks(snippet(snippet_id))

    out["phrase"] = plain_phrase
    out["snippet"] = plain_snippet
    return out
