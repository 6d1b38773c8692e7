"""Lay out the Markdown dialect of docs/templates.md as a filing-ready DOCX.

A4, Times New Roman 14, margins 30/10/20/20 mm, header block top right, centred title,
justified paragraphs with a first-line indent, numbered requests, page numbers from page 2.
The package around the body (styles, section, page-number header) is built once per process;
per document only the body is added and the zip written (package.py). Text extraction is
docx_text.py.
"""

from __future__ import annotations

import io
import re
import zipfile
from functools import cache, lru_cache
from typing import Any

from . import dialect, usercache
from .dialect import Block, Run
from .package import FIXED_TIME, Package

FONT = "Times New Roman"
# python-docx builds only the package around the body, once, and the result is kept in the
# user's cache; importing it costs more than rendering a document, so it is imported on use.
_LENGTHS = {
    "SIZE": ("Pt", 14),
    "INDENT": ("Cm", 1.25),
    "TEXT_WIDTH": ("Mm", 210 - 30 - 10),
    "HEADER_BLOCK_INDENT": ("Mm", 90),  # the header block takes the right ~8 cm of the text width
}


def __getattr__(name: str) -> Any:
    """SIZE, INDENT, TEXT_WIDTH, HEADER_BLOCK_INDENT: python-docx lengths, made on first use."""
    if name not in _LENGTHS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import docx.shared

    unit, value = _LENGTHS[name]
    return getattr(docx.shared, unit)(value)


LOCALES = {"ru": "ru-RU", "kk": "kk-KZ", "en": "en-GB"}


@cache
def _base_package(lang: str) -> bytes:
    """The empty document with our styles and section set-up, built once (usercache)."""
    parts = [lang, usercache.package_stamp("docx")]  # python-docx's version, not imported
    return usercache.load(f"docx-base-{lang}", parts, lambda: _build_base(lang))


def _build_base(lang: str) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

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
    normal.font.size = Pt(14)
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


_DROPPED = ("docProps/thumbnail.jpeg", "word/stylesWithEffects.xml", "customXml/")
_USED_STYLES = {
    b"Normal",
    b"DefaultParagraphFont",
    b"TableNormal",
    b"NoList",
    b"Header",
    b"HeaderChar",
}


def _scrub_package(data: bytes) -> bytes:
    """Drop what python-docx's default package carries that a filing does not need: a
    thumbnail, a Word 2010 styles copy, bibliography parts, ~160 unused styles (which every
    reader would otherwise parse) and the name of the application that made it."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            if name.startswith(_DROPPED):
                continue
            blob = src.read(name)
            if name.endswith(".rels") or name == "[Content_Types].xml":
                blob = re.sub(
                    rb"<(?:Relationship|Override) [^>]*(?:thumbnail|stylesWithEffects|customXml"
                    rb"|itemProps)[^>]*/>",
                    b"",
                    blob,
                )
            if name == "word/styles.xml":
                blob = re.sub(rb"<w:latentStyles.*?</w:latentStyles>", b"", blob, flags=re.S)
                blob = re.sub(
                    rb'<w:style [^>]*w:styleId="([^"]+)".*?</w:style>',
                    lambda m: m.group(0) if m.group(1) in _USED_STYLES else b"",
                    blob,
                    flags=re.S,
                )
            if name == "word/settings.xml":
                blob = blob.replace(b"<w:savePreviewPicture/>", b"")
            if name == "docProps/app.xml":
                blob = APP_XML
            dst.writestr(name, blob)
    return out.getvalue()


def _add_field(paragraph, instr: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

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


# --- the per-document path: WordprocessingML written directly, no object model --------------

_TWIPS_PER_MM = 1440 / 25.4
_PPR = {
    # kind: paragraph properties (alignment, indents in twips, spacing in twentieths of a point)
    "body": '<w:pPr><w:widowControl/><w:ind w:firstLine="709"/><w:jc w:val="both"/></w:pPr>',
    "header": f'<w:pPr><w:widowControl/><w:ind w:left="{round(90 * _TWIPS_PER_MM)}"/>'
    '<w:jc w:val="left"/></w:pPr>',
    "h1": '<w:pPr><w:widowControl/><w:spacing w:before="360"/><w:jc w:val="center"/></w:pPr>',
    "h2": '<w:pPr><w:widowControl/><w:spacing w:after="240"/><w:jc w:val="center"/></w:pPr>',
    "h3": '<w:pPr><w:keepNext/><w:widowControl/><w:spacing w:before="120"/>'
    '<w:jc w:val="left"/></w:pPr>',
    "left": '<w:pPr><w:jc w:val="left"/></w:pPr>',
    "right": '<w:pPr><w:jc w:val="right"/></w:pPr>',
}
_HALF = round(85 * _TWIPS_PER_MM)  # each signature column: half the 170 mm text width
_TABLE_OPEN = (
    f'<w:tbl><w:tblPr><w:tblW w:w="{2 * _HALF}" w:type="dxa"/><w:jc w:val="center"/>'
    '<w:tblLayout w:type="fixed"/></w:tblPr>'
    f'<w:tblGrid><w:gridCol w:w="{_HALF}"/><w:gridCol w:w="{_HALF}"/></w:tblGrid><w:tr>'
)
_CELL_OPEN = f'<w:tc><w:tcPr><w:tcW w:w="{_HALF}" w:type="dxa"/></w:tcPr>'
# Control characters are not allowed in XML 1.0; a case file may still carry them.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _runs_xml(runs: tuple[Run, ...], bold: bool = False) -> str:
    return "".join(_run_xml(r, bold) for r in runs)


def _run_xml(r: Run, bold: bool = False) -> str:
    if r.br:
        return "<w:r><w:br/></w:r>"
    # Gaps ([УТОЧНИТЬ: …]) are bold and highlighted so a lawyer cannot miss them.
    props = ("<w:b/>" if r.bold or bold else "") + ("<w:i/>" if r.italic else "")
    props += '<w:highlight w:val="yellow"/>' if r.gap else ""
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    clean = _INVALID_XML.sub("", r.text)
    if "&" in clean or "<" in clean or ">" in clean:
        clean = clean.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f'<w:r>{rpr}<w:t xml:space="preserve">{clean}</w:t></w:r>'


def block_xml(block: Block) -> str:
    """WordprocessingML for one block of the dialect."""
    if block.kind == "signature":
        return _signature_xml(block.cells)
    if block.kind == "heading":
        ppr, bold = _PPR[f"h{block.level}"], block.level in (1, 3)
    else:
        ppr, bold = _PPR["header" if block.kind == "header" else "body"], False
    marker = _run_xml(Run(block.marker)) if block.marker else ""
    return f"<w:p>{ppr}{marker}{_runs_xml(block.runs, bold)}</w:p>"


def _signature_xml(cells: tuple[tuple[Run, ...], ...]) -> str:
    """Date on the left, signature on the right, on one line: a borderless two-cell table."""
    parts = [_TABLE_OPEN]
    for runs, kind in zip(cells, ("left", "right"), strict=True):
        parts.append(f"{_CELL_OPEN}<w:p>{_PPR[kind]}{_runs_xml(runs)}</w:p></w:tc>")
    parts.append("</w:tr></w:tbl><w:p/>")  # Word needs a paragraph after a final table
    return "".join(parts)


@cache
def _package(lang: str) -> Package:
    return Package(_base_package(lang))


def build_docx(markdown_text: str, lang: str) -> bytes:
    """The DOCX bytes for a rendered template; the same text gives the same bytes."""
    return _package(lang).build("".join(map(_chunk_xml, dialect.chunks(markdown_text))))


@lru_cache(maxsize=8192)
def _chunk_xml(chunk: str) -> str:
    # Legal argument paragraphs repeat from document to document; lay each out once.
    text = dialect.plain_paragraph(chunk)
    if text is not None:  # most case-specific paragraphs: straight to XML, no block objects
        return f"<w:p>{_PPR['body']}{_runs_xml(dialect.text_runs(text))}</w:p>"
    return "".join(map(block_xml, dialect.chunk_blocks(chunk)))
