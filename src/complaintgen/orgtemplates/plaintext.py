"""The shipped Markdown dialect (phrases, snippets) as plain text for a DOCX template."""

from __future__ import annotations

from functools import cache
from typing import Any

from markdown_it import MarkdownIt
from markupsafe import Markup

from .sandbox import PARAGRAPH_BREAK, Paragraphs


@cache
def _markdown() -> MarkdownIt:
    """A parser for the shipped dialect's text (snippets, phrases): paragraphs, lists, emphasis."""
    md = MarkdownIt("commonmark", {"html": False})
    md.disable(["code", "fence", "html_block", "html_inline", "image", "link", "autolink"])
    md.disable(["reference", "lheading", "hr", "blockquote", "entity", "backticks"])
    return md


def _inline_text(children: list) -> str:
    out = []
    for child in children or []:
        if child.type == "text":
            out.append(child.content)
        elif child.type == "softbreak":
            out.append(" ")
        elif child.type == "hardbreak":
            out.append("\n")
    return "".join(out)


def plain_inline(text: str) -> str:
    """A phrase (one line of the dialect) as plain text: escapes resolved, ** and * dropped."""
    tokens = _markdown().parseInline(str(text))
    return "".join(_inline_text(t.children) for t in tokens).strip()


def _plain_blocks(text: str) -> str:
    """A snippet (paragraphs of the dialect) as plain text, paragraphs separated by \\a."""
    paragraphs: list[str] = []
    lists: list[list] = []
    marker = ""
    for tok in _markdown().parse(str(text)):
        if tok.type in ("ordered_list_open", "bullet_list_open"):
            lists.append([tok.type == "ordered_list_open", int(tok.attrGet("start") or 1) - 1])
        elif tok.type in ("ordered_list_close", "bullet_list_close"):
            lists.pop()
        elif tok.type == "list_item_open" and lists:
            lists[-1][1] += 1
            marker = f"{lists[-1][1]}) " if lists[-1][0] else "– "
        elif tok.type == "inline":
            line = _inline_text(tok.children).strip()
            if line:
                paragraphs.append(marker + line)
            marker = ""
    return Paragraphs(PARAGRAPH_BREAK.join(paragraphs))


def _docx_value(value: Any) -> Any:
    if isinstance(value, Markup):
        return plain_inline(value)
    if isinstance(value, dict):
        return {k: _docx_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_docx_value(v) for v in value]
    return value


def docx_context(ctx: dict[str, Any]) -> dict[str, Any]:
    """The shipped context, with Markdown-escaped text (Markup) turned into plain text."""
    phrase, snippet = ctx["phrase"], ctx["snippet"]
    out = {k: _docx_value(v) for k, v in ctx.items() if k not in ("phrase", "snippet")}

    def plain_phrase(key: str) -> str:
        return plain_inline(phrase(key))

    def plain_snippet(snippet_id: str) -> str:
        return _plain_blocks(snippet(snippet_id))

    out["phrase"] = plain_phrase
    out["snippet"] = plain_snippet
    return out
