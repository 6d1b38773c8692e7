"""The one reader of the Markdown dialect of docs/templates.md.

What a rendered template, a snippet or a phrase says is read here into a small block model, and
every writer works from that model: the DOCX layout (layout.py), plain text for organisation
templates (orgtemplates/plaintext.py) and the export of a shipped template as a DOCX template
(orgtemplates/export_plan.py, which reads template source line by line with `line_start`,
`container` and `inline`).

    blocks(text)  -> [Block]   a document: paragraphs, headings, list items, the ::: header
                               block (its lines stay lines) and the ::: signature table
    inline(text)  -> (Run, …)  one line or paragraph: text with bold, italic and gaps

A Run is text of one formatting; a gap ([УТОЧНИТЬ: …]) is a run of its own, bold, so no writer
can lose it. Parsing is markdown-it (CommonMark) with everything outside the dialect switched
off. Most paragraphs of a document are plain (no marker, no emphasis): those are read without
the parser, which is ten times faster; a property test checks both readings agree.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import TYPE_CHECKING, NamedTuple

from .rendering import GAP_RE

if TYPE_CHECKING:  # markdown-it is imported when a chunk needs it: most need no parser
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

CONTAINERS = ("header", "signature")


class Run(NamedTuple):
    text: str
    bold: bool = False
    italic: bool = False
    gap: bool = False  # a [УТОЧНИТЬ: …] gap: always bold, highlighted where the writer can
    br: bool = False  # a line break (text is empty)


class Block(NamedTuple):
    kind: str  # paragraph | heading | item | header | signature
    runs: tuple[Run, ...] = ()
    level: int = 0  # heading: 1–3
    marker: str = ""  # the first paragraph of a list item: "1) " or "– "
    cells: tuple[tuple[Run, ...], ...] = ()  # signature: (left, right)


@cache
def _markdown() -> MarkdownIt:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.container import container_plugin

    md = MarkdownIt("commonmark", {"html": False})
    for name in CONTAINERS:
        md.use(container_plugin, name=name)
    # Only the dialect of docs/templates.md; everything else would be a surprise in a filing.
    md.disable(
        [
            "code",
            "fence",
            "html_block",
            "html_inline",
            "image",
            "link",
            "autolink",
            "reference",
            "lheading",
            "hr",
            "blockquote",
            "entity",
            "backticks",
        ]
    )
    return md


# --- inline: runs -------------------------------------------------------------------------


def text_runs(text: str, bold: bool = False, italic: bool = False) -> list[Run]:
    """Text of one formatting as runs, each gap a bold run of its own."""
    if "[" not in text:
        return [Run(text, bold, italic)] if text else []
    out, pos = [], 0
    for m in GAP_RE.finditer(text):
        if m.start() > pos:
            out.append(Run(text[pos : m.start()], bold, italic))
        out.append(Run(m.group(), True, italic, gap=True))
        pos = m.end()
    if pos < len(text):
        out.append(Run(text[pos:], bold, italic))
    return out


def _runs(children: list[Token], lines: bool = False) -> tuple[Run, ...]:
    """Runs for inline tokens; text of the same formatting is merged. `lines`: a soft line
    break is a line break (header, signature) rather than a space."""
    out: list[Run] = []
    pending: list[str] = []
    bold = italic = False

    def flush() -> None:
        if pending:
            out.extend(text_runs("".join(pending), bold, italic))
            pending.clear()

    for child in children:
        t = child.type
        if t == "text":
            pending.append(child.content)
        elif t == "softbreak" and not lines:
            pending.append(" ")
        elif t in ("strong_open", "strong_close", "em_open", "em_close"):
            flush()
            if t.startswith("strong"):
                bold = t == "strong_open"
            else:
                italic = t == "em_open"
        elif t in ("hardbreak", "softbreak"):
            flush()
            out.append(Run("", bold, italic, br=True))
    flush()
    return tuple(out)


def inline(text: str) -> tuple[Run, ...]:
    """One line (a phrase) or paragraph of the dialect as runs: escapes resolved, ** and *
    turned into bold and italic, hard breaks as line breaks."""
    tokens = _markdown().parseInline(str(text))
    return tuple(run for tok in tokens for run in _runs(tok.children or []))


def plain(runs: tuple[Run, ...] | list[Run]) -> str:
    """The text of runs, line breaks as newlines."""
    return "".join("\n" if r.br else r.text for r in runs)


# --- blocks ---------------------------------------------------------------------------------


def _parse(chunk: str) -> list[Block]:
    out: list[Block] = []
    container: str | None = None
    heading = 0
    lists: list[list] = []  # [ordered, number, fresh]
    cells: list[tuple[Run, ...]] = []
    for tok in _markdown().parse(chunk):
        t = tok.type
        if t.startswith("container_"):
            if t.endswith("_open"):
                container = t[len("container_") : -len("_open")]
            else:
                if container == "signature":
                    left, right = (*cells, (), ())[:2]
                    out.append(Block("signature", cells=(left, right)))
                    cells = []
                container = None
        elif t == "heading_open":
            heading = int(tok.tag[1:])
        elif t == "heading_close":
            heading = 0
        elif t in ("ordered_list_open", "bullet_list_open"):
            lists.append([t == "ordered_list_open", int(tok.attrGet("start") or 1) - 1, False])
        elif t in ("ordered_list_close", "bullet_list_close"):
            lists.pop()
        elif t == "list_item_open":
            lists[-1][1] += 1
            lists[-1][2] = True
        elif t == "inline":
            children = tok.children or []
            if container == "signature":
                cells.append(_runs(children, lines=True))
                continue
            marker = ""
            if lists and lists[-1][2]:
                lists[-1][2] = False
                marker = f"{lists[-1][1]}) " if lists[-1][0] else "– "
            if heading:
                out.append(Block("heading", _runs(children), level=heading, marker=marker))
            elif container == "header":
                out.append(Block("header", _runs(children, lines=True), marker=marker))
            else:
                out.append(Block("item" if marker else "paragraph", _runs(children), 0, marker))
    return out


def chunk_blocks(chunk: str) -> tuple[Block, ...]:
    """The blocks of one chunk (see chunks); the common shapes without the parser."""
    text = plain_paragraph(chunk)
    if text is not None:
        return (Block("paragraph", tuple(text_runs(text))),)
    simple = simple_blocks(chunk)
    if simple is not None:
        return simple
    return tuple(_parse(chunk))


def blocks(text: str) -> list[Block]:
    """A document of the dialect as blocks, in order."""
    return [b for chunk in chunks(text) for b in chunk_blocks(chunk)]


# A chunk that can only be one plain paragraph: no Markdown markers at the start of a line, no
# emphasis, code or hard breaks. Most case-specific paragraphs are like this.
_PUNCT = r"[\\`*_{}\[\]<>()#+\-.!|~&:\"'$%,/;=?@^]"  # what a backslash escapes in CommonMark
# An underscore between two word characters («order.late_reason» in a gap's label) can neither
# open nor close emphasis in CommonMark, so it does not stop the fast path.
_NOT_PLAIN = re.compile(
    r"(?m)^[ \t]*(?:[#>:=+*-]|\d+[.)])|[*`\t]|(?<!\w)_|_(?!\w)|  \n|\\\n|\\$|\\(?!" + _PUNCT + ")"
)
_ESCAPED = re.compile(r"\\(" + _PUNCT + ")")


def plain_paragraph(chunk: str) -> str | None:
    """The text of a chunk that is one plain paragraph (escapes resolved); None otherwise."""
    if _NOT_PLAIN.search(chunk):
        return None
    lines = [line.strip(" ") for line in chunk.split("\n")]
    if not all(lines) or any(line != line.strip() for line in lines):
        return None  # empty lines, or other whitespace at an edge: leave those to the parser
    return _ESCAPED.sub(r"\1", " ".join(lines))


# The other shapes a rendered document is mostly made of, each line of them plain: a heading
# line, a list of one-line items, a ::: header or ::: signature block, a one-line paragraph with
# *italic* spans. Anything else (bold, other emphasis, items of several lines or paragraphs,
# nesting, indentation) is left to the parser.
_ITEM_LINE = re.compile(r"(?:(\d{1,9})\.|-) (?! )")


def simple_blocks(chunk: str) -> tuple[Block, ...] | None:
    """The blocks of a chunk of one of the simple shapes, read without the parser; None for
    any other chunk. A property test (tests/test_dialect_fast.py) checks both readings agree."""
    lines = chunk.split("\n")
    first = lines[0]
    if first.startswith("#"):
        level = len(first) - len(first.lstrip("#"))
        rest = first[level + 1 :]
        if len(lines) > 1 or level > 3 or first[level : level + 1] != " " or "#" in rest:
            return None
        text = _plain_line(rest)
        return None if text is None else (Block("heading", tuple(text_runs(text)), level=level),)
    if first in ("::: header", "::: signature"):
        return _simple_container(first[4:], lines[1:])
    if len(lines) == 1 and "*" in first and not _ITEM_LINE.match(first):
        runs = _italic_runs(first)
        return None if runs is None else (Block("paragraph", runs),)
    return _simple_list(lines)


# Underscores that can neither open nor close emphasis (CommonMark's flanking rules): a run
# between blanks or line edges (the signature line), or inside a word (a field path in a gap).
_LITERAL_UNDERSCORES = re.compile(r"(?:(?<= )|^)_+(?= |$)|(?<=[^\W_])_+(?=[^\W_])")


def _plain_line(line: str) -> str | None:
    """A line's text if it is plain (see plain_paragraph) with nothing to strip at its edges."""
    if not line or line != line.strip():
        return None
    if "_" in line:
        if plain_paragraph(_LITERAL_UNDERSCORES.sub(lambda m: "x" * len(m[0]), line)) is None:
            return None
        return _ESCAPED.sub(r"\1", line)
    return plain_paragraph(line)


_STARS = re.compile(r"\\.|\*|[^\\*]+", re.S)  # escapes, stars, the rest


def _italic_runs(line: str) -> tuple[Run, ...] | None:
    """The runs of one line (a paragraph or a list item's text) whose only markup is *italic*
    spans (a case name in a legal argument) of the one unambiguous form: each opening star after
    a space, a bracket or the line's start and before a letter or digit, each closing star after
    a letter or digit and before a space, the line's end or . , ; : ) (so none can be read the
    other way)."""
    if "_" in line:
        return None
    stars = [m.start() for m in _STARS.finditer(line) if m[0] == "*"]
    if not stars or len(stars) % 2:
        return None
    for i, p in enumerate(stars):
        before = line[p - 1] if p else " "
        after = line[p + 1] if p + 1 < len(line) else " "
        if i % 2 == 0 and not (before in " (" and after.isalnum()):
            return None
        if i % 2 == 1 and not (before.isalnum() and after in " .,;:)"):
            return None
    masked = list(line)
    for p in stars:
        masked[p] = "x"
    # The rest must be plain; an escaped star is as plain as an escaped full stop.
    if _plain_line("".join(masked).replace("\\*", "\\.")) is None:
        return None
    runs: list[Run] = []
    start = 0
    for i, p in enumerate([*stars, len(line)]):
        runs += text_runs(_ESCAPED.sub(r"\1", line[start:p]), italic=i % 2 == 1)
        start = p + 1
    return tuple(runs)


def _simple_list(lines: list[str]) -> tuple[Block, ...] | None:
    first = _ITEM_LINE.match(lines[0])
    if first is None:
        return None
    ordered = first.group(1) is not None
    number = int(first.group(1)) if ordered else 0
    out = []
    for line in lines:
        m = _ITEM_LINE.match(line)
        if m is None or (m.group(1) is not None) != ordered:
            return None  # a continuation line, or another kind of list
        runs = _item_runs(line[m.end() :])
        if runs is None:
            return None
        marker = f"{number}) " if ordered else "– "
        number += 1
        out.append(Block("item", runs, 0, marker))
    return tuple(out)


@lru_cache(maxsize=8192)
def _item_runs(rest: str) -> tuple[Run, ...] | None:
    """The runs of a list item's text, if plain or with *italic* spans only. Kept per line: a
    list that names one fact of the case is new in every document, its other items are not."""
    text = _plain_line(rest)
    runs = tuple(text_runs(text)) if text is not None else None
    if runs is None and "*" in rest:
        runs = _italic_runs(rest)
    return runs


def _simple_container(name: str, lines: list[str]) -> tuple[Block, ...] | None:
    if not lines or lines[-1] != ":::":
        return None
    paragraphs: list[list[Run]] = []
    fresh = True
    for line in lines[:-1]:
        if line == "":
            fresh = True
            continue
        text = _plain_line(line)
        if text is None:
            return None
        if fresh:
            paragraphs.append([])
            fresh = False
        else:
            paragraphs[-1].append(Run("", br=True))  # the container's lines stay lines
        paragraphs[-1].extend(text_runs(text))
    if name == "signature":
        left, right = (*map(tuple, paragraphs), (), ())[:2]
        return (Block("signature", cells=(left, right)),)
    return tuple(Block("header", tuple(runs)) for runs in paragraphs)


def chunks(text: str) -> list[str]:
    """Split at blank lines, keeping each ::: block whole: the units that are read alone.

    A list split this way keeps its numbering (the parser reads each part's first number).
    """
    out: list[str] = []
    current: list[str] = []
    inside = False
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith(":::"):
            inside = stripped != ":::"
            if not inside:
                current.append(line)
                out.append("\n".join(current))
                current = []
                continue
        if not stripped and not inside:
            if current:
                out.append("\n".join(current))
                current = []
        else:
            current.append(line)
    if current:
        out.append("\n".join(current))
    return out


# --- template source, line by line (orgtemplates/export_plan.py) ----------------------------

_HEADING = re.compile(r"^(#{1,3})\s+")
_ORDERED = re.compile(r"^(\d+)[.)]\s+")
_BULLET = re.compile(r"^[-+*]\s+")
_CONTAINER = re.compile(r"^:::\s*(" + "|".join(CONTAINERS) + r")?\s*$")


def line_start(text: str) -> tuple[str, int, int] | None:
    """What a line's start opens: ("h1"–"h3" | "ol" | "ul", number, where the text begins)."""
    m = _HEADING.match(text)
    if m:
        return f"h{len(m.group(1))}", 1, m.end()
    m = _ORDERED.match(text)
    if m:
        return "ol", int(m.group(1)), m.end()
    m = _BULLET.match(text)
    if m:
        return "ul", 1, m.end()
    return None


def container(line: str) -> str | None:
    """The container a ::: line opens ("header", "signature"), "" for the closing :::,
    None if the line is no container fence."""
    m = _CONTAINER.match(line.strip())
    return (m.group(1) or "") if m else None
