"""The shipped Markdown dialect (phrases, snippets) as plain text for a DOCX template."""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup

from .. import dialect
from ..rendering import Foreign, finish
from .sandbox import PARAGRAPH_BREAK, Paragraphs


def plain_inline(text: str) -> str:
    """A phrase (one line of the dialect) as plain text: escapes resolved, ** and * dropped."""
    return dialect.plain(dialect.inline(str(text))).strip()


class Numbering:
    """The numbers of ordered list items said one at a time. The shipped layout reads the
    items of a decided list (the body's listed items, one say() each; an attachment list, one
    line each) as one Markdown list numbered 1), 2), 3); said apart, each item alone would be
    1). Items number on while they follow each other; anything else ends the list."""

    def __init__(self) -> None:
        self.last: int | None = None

    def marker(self, block: dialect.Block) -> str:
        number = block.marker[:-2] if block.marker.endswith(") ") else ""
        if not number.isdigit():
            self.last = None
            return block.marker
        self.last = int(number) if self.last is None else self.last + 1
        return f"{self.last}) "


def _plain_blocks(text: str, numbering: Numbering | None = None) -> str:
    """A snippet (paragraphs of the dialect) as plain text, paragraphs separated by \\a."""
    numbering = numbering or Numbering()
    paragraphs: list[str] = []
    for block in dialect.blocks(str(text)):
        runs = block.runs if block.kind != "signature" else [r for c in block.cells for r in c]
        line = dialect.plain(runs).strip()
        if line:
            paragraphs.append(numbering.marker(block) + line)
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


_ORDERED = re.compile(r"^ {0,3}(\d{1,9})[.)]( |$)")
_ITEM = re.compile(r"^ {0,3}([-+*]|\d{1,9}[.)])( |$)")


def _plain_lines(text: str, numbering: Numbering) -> str:
    """An item's words (lines of the dialect) as plain text, one paragraph per line. A line
    that starts with a number other than 1 does not begin a list inside a paragraph (as in
    Markdown): «… upheld in\\n2014. The …» goes on the line before."""
    lines: list[str] = []
    follows = False  # the line before was text of a paragraph, not blank and not an item
    for line in str(text).split("\n"):
        item = _ORDERED.match(line)
        if follows and item and item[1] != "1":
            lines[-1] += " " + dialect.plain(dialect.inline(line)).strip()
            continue
        plain = _plain_blocks(line, numbering) if line.strip() else ""
        if plain:
            lines.append(plain)
        follows = bool(plain) and not item and not _ITEM.match(line)
    if len(lines) == 1:  # one paragraph: it keeps the template paragraph's own formatting
        return str(lines[0])
    return Paragraphs(PARAGRAPH_BREAK.join(lines))


def docx_context(ctx: dict[str, Any]) -> dict[str, Any]:
    """The shipped context, with Markdown-escaped text (Markup) turned into plain text."""
    phrase, snippet, say = ctx["phrase"], ctx["snippet"], ctx.get("say")
    skip = ("phrase", "snippet", "say")
    out = {k: _docx_value(v) for k, v in ctx.items() if k not in skip}

    numbering = Numbering()  # the items of one list are said one after another

    def plain_say(item: Any, **extra: Any) -> str:
        return _plain_lines(finish(say(item, **extra), ctx["_state"]), numbering)

    if say is not None:
        out["say"] = plain_say

    def plain_phrase(key: str) -> str:
        return plain_inline(phrase(key))

    def plain_snippet(snippet_id: str) -> str:
        return _plain_blocks(snippet(snippet_id))

    out["phrase"] = plain_phrase
    out["snippet"] = plain_snippet
    return out
