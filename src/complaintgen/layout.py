"""Lay out the Markdown dialect of docs/templates.md as a filing-ready DOCX.

A4, Times New Roman 14, margins 30/10/20/20 mm, header block top right, centred title,
justified paragraphs with a first-line indent, numbered requests, page numbers from page 2.
The package around the body (styles, section, page-number header) is built once per process;
per document only the body is added and the zip written with fixed timestamps.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from datetime import datetime
from functools import cache, lru_cache

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
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


def _runs_xml(children: list[Token], bold: bool = False, softbreak_is_line: bool = False) -> str:
    """Runs for inline tokens; text of the same formatting is merged into one run."""
    out: list[str] = []
    pending: list[str] = []
    b, i = bold, False

    def flush() -> None:
        if pending:
            out.append(_text_xml("".join(pending), b, i))
            pending.clear()

    for child in children:
        t = child.type
        if t == "text":
            pending.append(child.content)
        elif t == "softbreak" and not softbreak_is_line:
            pending.append(" ")
        elif t in ("strong_open", "strong_close", "em_open", "em_close"):
            flush()
            if t == "strong_open":
                b = True
            elif t == "strong_close":
                b = bold
            else:
                i = t == "em_open"
        elif t in ("hardbreak", "softbreak"):
            flush()
            out.append("<w:r><w:br/></w:r>")
    flush()
    return "".join(out)


def _text_xml(text: str, bold: bool, italic: bool) -> str:
    # Gaps ([УТОЧНИТЬ: …]) are bold and highlighted so a lawyer cannot miss them.
    out, pos = [], 0
    for m in GAP_RE.finditer(text):
        if m.start() > pos:
            out.append(_run(text[pos : m.start()], bold, italic))
        out.append(_run(m.group(), True, italic, highlight=True))
        pos = m.end()
    if pos < len(text):
        out.append(_run(text[pos:], bold, italic))
    return "".join(out)


def _run(text: str, bold: bool, italic: bool, highlight: bool = False) -> str:
    props = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    props += '<w:highlight w:val="yellow"/>' if highlight else ""
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    clean = _INVALID_XML.sub("", text)
    if "&" in clean or "<" in clean or ">" in clean:
        clean = clean.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f'<w:r>{rpr}<w:t xml:space="preserve">{clean}</w:t></w:r>'


def _body_xml(tokens: list[Token]) -> str:
    out: list[str] = []
    container: str | None = None
    heading: str | None = None
    lists: list[list] = []  # [ordered, number, fresh]
    signature: list[list[Token]] = []
    for tok in tokens:
        t = tok.type
        if t.startswith("container_"):
            if t.endswith("_open"):
                container = t[len("container_") : -len("_open")]
            else:
                if container == "signature":
                    out.append(_signature_xml(signature))
                    signature = []
                container = None
        elif t == "heading_open":
            heading = tok.tag
        elif t == "heading_close":
            heading = None
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
                signature.append(children)
                continue
            kind = heading or ("header" if container == "header" else "body")
            marker = ""
            if lists and lists[-1][2]:
                lists[-1][2] = False
                marker = _run(f"{lists[-1][1]}) " if lists[-1][0] else "– ", False, False)
            runs = _runs_xml(
                children, bold=kind in ("h1", "h3"), softbreak_is_line=kind == "header"
            )
            out.append(f"<w:p>{_PPR[kind]}{marker}{runs}</w:p>")
    return "".join(out)


def _signature_xml(cells: list[list[Token]]) -> str:
    """Date on the left, signature on the right, on one line: a borderless two-cell table."""
    parts = [_TABLE_OPEN]
    for children, kind in zip((*cells, [], [])[:2], ("left", "right"), strict=True):
        runs = _runs_xml(children, softbreak_is_line=True)
        parts.append(f"{_CELL_OPEN}<w:p>{_PPR[kind]}{runs}</w:p></w:tc>")
    parts.append("</w:tr></w:tbl><w:p/>")  # Word needs a paragraph after a final table
    return "".join(parts)


class _Package:
    """The base package split once into what every document shares and where the body goes."""

    def __init__(self, data: bytes):
        src = zipfile.ZipFile(io.BytesIO(data))
        names = sorted(src.namelist(), key=lambda n: (n != "[Content_Types].xml", n))
        document = src.read("word/document.xml").decode("utf-8")
        head, _, tail = document.partition("<w:body>")
        self.head = (head + "<w:body>").encode("utf-8")
        self.tail = tail.encode("utf-8")  # starts with the section properties
        self.members = [(n, _Stored.of(n, src.read(n))) for n in names if n != "word/document.xml"]
        self.index = names.index("word/document.xml")

    def build(self, body: str) -> bytes:
        document = self.head + body.encode("utf-8") + self.tail
        members = list(self.members)
        # Shared parts are compressed hard once; the body, per document, fast (level 1: a few
        # per cent larger, three times quicker).
        body = _Stored.of("word/document.xml", document, level=1)
        members.insert(self.index, ("word/document.xml", body))
        return _write_zip(members)


@cache
def _package(lang: str) -> _Package:
    return _Package(_base_package(lang))


def build_docx(markdown_text: str, lang: str) -> bytes:
    """The DOCX bytes for a rendered template; the same text gives the same bytes."""
    return _package(lang).build("".join(map(_block_xml, _blocks(markdown_text))))


@lru_cache(maxsize=8192)
def _block_xml(block: str) -> str:
    # Legal argument paragraphs repeat from document to document; lay each out once.
    plain = _plain_paragraph(block)
    if plain is not None:
        return f"<w:p>{_PPR['body']}{_text_xml(plain, False, False)}</w:p>"
    return _body_xml(_markdown().parse(block))


# A block that can only be one plain paragraph: no Markdown markers at the start of a line, no
# emphasis, code or hard breaks. Most case-specific paragraphs are like this, and laying them
# out directly is ten times faster than parsing; tests check it agrees with the parser.
_PUNCT = r"[\\`*_{}\[\]<>()#+\-.!|~&:\"'$%,/;=?@^]"  # what a backslash escapes in CommonMark
_NOT_PLAIN = re.compile(
    r"(?m)^[ \t]*(?:[#>:=+*-]|\d+[.)])|[*_`\t]|  \n|\\\n|\\$|\\(?!" + _PUNCT + ")"
)
_ESCAPED = re.compile(r"\\(" + _PUNCT + ")")


def _plain_paragraph(block: str) -> str | None:
    if _NOT_PLAIN.search(block):
        return None
    lines = [line.strip(" ") for line in block.split("\n")]
    if not all(lines) or any(line != line.strip() for line in lines):
        return None  # empty lines, or other whitespace at an edge: leave those to the parser
    return _ESCAPED.sub(r"\1", " ".join(lines))


def _blocks(text: str) -> list[str]:
    """Split at blank lines, keeping each ::: block whole: the units that lay out alone.

    A list split this way keeps its numbering (the parser reads each part's first number).
    """
    blocks: list[str] = []
    current: list[str] = []
    inside = False
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith(":::"):
            inside = stripped != ":::"
            if not inside:
                current.append(line)
                blocks.append("\n".join(current))
                current = []
                continue
        if not stripped and not inside:
            if current:
                blocks.append("\n".join(current))
                current = []
        else:
            current.append(line)
    if current:
        blocks.append("\n".join(current))
    return blocks


# --- a minimal zip writer: members compressed once, fixed timestamps -----------------------


class _Stored:
    __slots__ = ("compressed", "crc", "name", "size")

    def __init__(self, name: bytes, compressed: bytes, crc: int, size: int):
        self.name, self.compressed, self.crc, self.size = name, compressed, crc, size

    @classmethod
    def of(cls, name: str, data: bytes, level: int = 9) -> _Stored:
        c = zlib.compressobj(level, zlib.DEFLATED, -15)
        return cls(name.encode("utf-8"), c.compress(data) + c.flush(), zlib.crc32(data), len(data))


_DOS_TIME, _DOS_DATE = 0, (2000 - 1980) << 9 | 1 << 5 | 1  # 2000-01-01 00:00


def _write_zip(members: list[tuple[str, _Stored]]) -> bytes:
    out, central = bytearray(), bytearray()
    for _, m in members:
        offset = len(out)
        fields = (20, 0, 8, _DOS_TIME, _DOS_DATE, m.crc, len(m.compressed), m.size, len(m.name))
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields, 0) + m.name + m.compressed
        central += (
            struct.pack(
                "<IHHHHHHIIIHHHHHII", 0x02014B50, 0x0314, *fields, 0, 0, 0, 0, 0o600 << 16, offset
            )
            + m.name
        )
    end = struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), len(out), 0
    )
    return bytes(out + central + end)


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
