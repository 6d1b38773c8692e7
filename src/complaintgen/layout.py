"""Lay out the Markdown dialect of docs/templates.md as a filing-ready DOCX.

A4, Times New Roman 14, margins 30/10/20/20 mm, header block top right, centred title,
justified paragraphs with a first-line indent, numbered requests, page numbers from page 2.
The package around the body (styles, section, page-number header) is built once per process;
per document only the body is added and the zip written with fixed timestamps.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
import zipfile
from datetime import datetime
from functools import cache
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.container import container_plugin

from .rendering import GAP_RE

FONT = "Times New Roman"
SIZE = Pt(14)
INDENT = Cm(1.25)
TEXT_WIDTH = Mm(210 - 30 - 10)
HEADER_BLOCK_INDENT = Mm(90)  # the header block takes the right ~8 cm of the text width
FIXED_TIME = datetime(2000, 1, 1)
LOCALES = {"ru": "ru-RU", "kk": "kk-KZ", "en": "en-GB"}


@cache
def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False})
    for name in ("header", "signature"):
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


@cache
def _base_package(lang: str) -> bytes:
    """The empty document with our styles and section set-up, built once per process."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(30), Mm(10)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.header_distance = Mm(10)
    section.different_first_page_header_footer = True

    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = SIZE
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    lang_el = OxmlElement("w:lang")
    lang_el.set(qn("w:val"), LOCALES.get(lang, "ru-RU"))
    rpr.append(lang_el)
    pf = normal.paragraph_format
    pf.space_before = pf.space_after = Pt(0)
    pf.line_spacing = 1.0

    # Page number, top centre, from page 2 (the first page has its own empty header).
    para = section.header.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _add_field(para, "PAGE")

    props = doc.core_properties
    props.author = props.last_modified_by = props.title = props.subject = ""
    props.keywords = props.comments = props.category = ""
    props.revision = 1
    props.created = props.modified = FIXED_TIME
    props.language = LOCALES.get(lang, "")
    buf = io.BytesIO()
    doc.save(buf)
    return _scrub_package(buf.getvalue())


APP_XML = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    b"<Application>complaintgen</Application></Properties>"
)


def _scrub_package(data: bytes) -> bytes:
    """Drop what python-docx's default package carries about its author's machine."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            blob = src.read(name)
            if name == "docProps/thumbnail.jpeg":
                continue
            if name == "_rels/.rels":
                blob = re.sub(rb"<Relationship [^>]*thumbnail[^>]*/>", b"", blob)
            if name == "docProps/app.xml":
                blob = APP_XML
            dst.writestr(name, blob)
    return out.getvalue()


def _add_field(paragraph, instr: str) -> None:
    run = paragraph.add_run()
    for kind, text in (
        ("begin", None),
        (None, instr),
        ("separate", None),
        (None, "2"),
        ("end", None),
    ):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == instr:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {instr} "
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._r.append(el)


class _Builder:
    def __init__(self, doc):
        self.doc = doc
        self.body_paragraph = doc.paragraphs[0] if doc.paragraphs else None
        self.container: str | None = None
        self.signature: list[list[Token]] = []
        self.list_stack: list[dict] = []

    def para(self, kind: str):
        if self.body_paragraph is not None and not self.body_paragraph.text:
            p, self.body_paragraph = self.body_paragraph, None  # reuse the empty first paragraph
        else:
            p = self.doc.add_paragraph()
            self.body_paragraph = None
        fmt = p.paragraph_format
        if kind == "header":
            fmt.left_indent = HEADER_BLOCK_INDENT
            p.alignment = WD_ALIGN_PARAGRAPH.LEFT
        elif kind == "h1":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            fmt.space_before = Pt(18)
        elif kind == "h2":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            fmt.space_after = Pt(12)
        elif kind == "h3":
            p.alignment = WD_ALIGN_PARAGRAPH.LEFT
            fmt.space_before = Pt(6)
            fmt.keep_with_next = True
        else:
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            fmt.first_line_indent = INDENT
        fmt.widow_control = True
        return p

    def build(self, tokens: list[Token]) -> None:
        heading: str | None = None
        for i, tok in enumerate(tokens):
            t = tok.type
            if t.startswith("container_") and t.endswith("_open"):
                self.container = t.removeprefix("container_").removesuffix("_open")
            elif t.startswith("container_") and t.endswith("_close"):
                if self.container == "signature":
                    self._signature()
                self.container = None
            elif t == "heading_open":
                heading = tok.tag
            elif t == "heading_close":
                heading = None
            elif t in ("ordered_list_open", "bullet_list_open"):
                start = int(tok.attrGet("start") or 1)
                self.list_stack.append({"ordered": t == "ordered_list_open", "n": start - 1})
            elif t in ("ordered_list_close", "bullet_list_close"):
                self.list_stack.pop()
            elif t == "list_item_open":
                self.list_stack[-1]["n"] += 1
                self.list_stack[-1]["fresh"] = True
            elif t == "inline":
                self._inline(tok, heading, tokens[i - 1] if i else None)

    def _inline(self, tok: Token, heading: str | None, prev: Token | None) -> None:
        if self.container == "signature":
            self.signature.append(tok.children or [])
            return
        kind = heading or ("header" if self.container == "header" else "body")
        p = self.para(kind)
        bold = kind in ("h1", "h3")
        if self.list_stack and self.list_stack[-1].get("fresh"):
            item = self.list_stack[-1]
            item["fresh"] = False
            marker = f"{item['n']}) " if item["ordered"] else "– "
            self._run(p, marker, bold=False, italic=False)
        self._runs(p, tok.children or [], bold=bold, softbreak_is_line=kind == "header")

    def _runs(self, p, children: list[Token], bold=False, softbreak_is_line=False) -> None:
        b, i = bold, False
        for child in children:
            if child.type == "strong_open":
                b = True
            elif child.type == "strong_close":
                b = bold
            elif child.type == "em_open":
                i = True
            elif child.type == "em_close":
                i = False
            elif child.type == "text":
                self._run(p, child.content, b, i)
            elif child.type == "hardbreak" or (child.type == "softbreak" and softbreak_is_line):
                p.add_run().add_break()
            elif child.type == "softbreak":
                self._run(p, " ", b, i)

    @staticmethod
    def _run(p, text: str, bold: bool, italic: bool) -> None:
        # Gaps ([УТОЧНИТЬ: …]) are highlighted so a lawyer cannot miss them.
        pos = 0
        for m in GAP_RE.finditer(text):
            if m.start() > pos:
                _styled(p.add_run(text[pos : m.start()]), bold, italic)
            run = _styled(p.add_run(m.group()), True, italic)
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
            pos = m.end()
        if pos < len(text):
            _styled(p.add_run(text[pos:]), bold, italic)

    def _signature(self) -> None:
        table = self.doc.add_table(rows=1, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        half = TEXT_WIDTH // 2
        for cell in table.rows[0].cells:
            cell.width = half
        for cell, children, align in zip(
            table.rows[0].cells,
            self.signature[:2],
            (WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT),
            strict=False,
        ):
            p = cell.paragraphs[0]
            p.alignment = align
            self._runs(p, children, softbreak_is_line=True)
        self.signature = []
        spacer = self.doc.add_paragraph()  # Word needs a paragraph after a final table
        spacer.paragraph_format.space_before = Pt(0)


def _styled(run, bold: bool, italic: bool):
    run.bold = bold or None
    run.italic = italic or None
    return run


def build_docx(markdown_text: str, lang: str) -> bytes:
    """The DOCX bytes for a rendered template; the same text gives the same bytes."""
    doc = Document(io.BytesIO(_base_package(lang)))
    before = doc.paragraphs[0] if doc.paragraphs else None
    builder = _Builder(doc)
    builder.build(_markdown().parse(markdown_text))
    if (
        before is not None
        and not before.text
        and len(doc.paragraphs) > 1
        and before is builder.body_paragraph
    ):
        before._element.getparent().remove(before._element)
    buf = io.BytesIO()
    doc.save(buf)
    return normalise_zip(buf.getvalue())


def normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps and order, so output is byte-for-byte reproducible."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in sorted(src.namelist(), key=lambda n: (n != "[Content_Types].xml", n)):
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            dst.writestr(info, src.read(name))
    return out.getvalue()


def write_atomic(path: Path, data: bytes) -> None:
    """Write via a private temporary file and rename: no partial file, not readable by others."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def extract_text(data: bytes) -> str:
    """The document's text in reading order (paragraphs, then table cells row by row): what
    golden tests compare, so they survive changes that do not change what a reader sees."""
    doc = Document(io.BytesIO(data))
    lines: list[str] = []
    for block in doc.element.body.iterchildren():
        if block.tag == qn("w:p"):
            lines.append(_para_text(block))
        elif block.tag == qn("w:tbl"):
            for row in block.iter(qn("w:tr")):
                cells = [
                    " / ".join(_para_text(p) for p in tc.iter(qn("w:p")))
                    for tc in row.iter(qn("w:tc"))
                ]
                lines.append(" | ".join(cells))
    return "\n".join(lines).rstrip() + "\n"


def _para_text(p) -> str:
    out = []
    for el in p.iter(qn("w:t"), qn("w:br"), qn("w:tab")):
        out.append(
            el.text or "" if el.tag == qn("w:t") else ("\n" if el.tag == qn("w:br") else "\t")
        )
    return "".join(out)
