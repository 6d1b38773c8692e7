"""export_template: a shipped template as an editable DOCX to start an organisation's from."""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from docx.shared import Pt, RGBColor

from .. import layout, package, rendering
from .export_plan import Exporter, P, PTag, Sig, Tok
from .wordml import W_NS, empty_document

TAG_COLOR = RGBColor(0x80, 0x80, 0x80)

_NUMBERING = (
    '<w:abstractNum xmlns:w="{w}" w:abstractNumId="{a}"><w:multiLevelType w:val="singleLevel"/>'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:suff w:val="space"/>'
    '<w:lvlText w:val="%1)"/><w:lvlJc w:val="left"/>'
    '<w:pPr><w:ind w:left="0" w:firstLine="{indent}"/></w:pPr></w:lvl></w:abstractNum>'
)


def _numbering(doc: Any, lists: list[tuple[int, int]]) -> dict[int, int]:
    """A Word numbering "1)" with a first-line indent; one w:num per list, each restarting."""
    numbering = doc.part.numbering_part.element
    ids = [int(x) for x in numbering.xpath("./w:abstractNum/@w:abstractNumId")] or [0]
    abstract = max(ids) + 1
    el = parse_xml(_NUMBERING.format(w=W_NS, a=abstract, indent=layout.INDENT.twips))
    existing = numbering.findall(qn("w:abstractNum"))
    if existing:
        existing[-1].addnext(el)
    else:
        numbering.insert(0, el)
    out = {}
    for list_no, start in lists:
        num = numbering.add_num(abstract)
        override = num.add_lvlOverride(ilvl=0)
        override.add_startOverride(start)
        out[list_no] = num.numId
    return out


def _add_items(paragraph: Any, items: list, bold_all: bool) -> None:
    runs: list[tuple[str, bool, bool, bool]] = []  # text, bold, italic, is_tag
    for item in items:
        if item[0] == "tag":
            runs.append((item[1].src, False, False, True))
        elif item[0] == "raw":
            runs.append((item[1], False, False, True))
        else:
            text = item[1].src if isinstance(item[1], Tok) else item[1]
            b, i = item[2] or bold_all, item[3]
            if runs and not runs[-1][3] and runs[-1][1:3] == (b, i):
                runs[-1] = (runs[-1][0] + text, b, i, False)
            else:
                runs.append((text, b, i, False))
    for text, b, i, tag in runs:
        if not text:
            continue
        run = paragraph.add_run(text)
        run.bold = b or None
        run.italic = i or None
        if tag:
            run.font.color.rgb = TAG_COLOR


def export_template(kind: str, lang: str) -> bytes:
    """An editable DOCX copy of templates/<lang>/<kind>.md.j2 to start an organisation template.

    The layout is real Word formatting (the shipped page set-up and styles; header block indented
    right, centred title, justified paragraphs, numbered lists as Word numbering "1)", the
    signature table). Jinja becomes docxtpl tags, shown in grey: control lines become paragraph
    tags {%p … %} (a block that stays inside one paragraph stays inline, so paragraphs are not
    broken); {{ … }} stays inline. Conversions: comments are dropped; whitespace control (-, +)
    is dropped (docxtpl has its own meaning for {%- -%}); {"k": v} becomes dict(k=v); Markdown
    markers become formatting (#, 1., -, **, *, :::); a macro is defined inside a {%p set %} block
    and called as macros.name(…). Each header or signature line is its own paragraph; an if/else
    whose branches each start a list item becomes one item with the choice inside. A block that
    opens inside a paragraph and closes after a blank line splits that paragraph where it opens:
    the words rendered are the same as the shipped template's, the paragraphs not quite.
    """
    path = rendering.template_path(kind, lang)
    exporter = Exporter(path.read_text(encoding="utf-8"), f"templates/{lang}/{kind}.md.j2")
    elements = exporter.plan()
    doc = Document(io.BytesIO(empty_document(lang)))
    starts = {}
    for el in elements:
        if isinstance(el, P) and el.num is not None:
            starts.setdefault(el.num, el.start)
    nums = _numbering(doc, sorted(starts.items())) if starts else {}
    note = _para(doc, "body")
    note.add_run(
        f"{{#p complaintgen template from templates/{lang}/{kind}.md.j2. Grey text is the "
        "template logic: paragraph tags vanish from the output, inline tags print case data. "
        "Check your edits with the template check before use. #}"
    ).font.color.rgb = TAG_COLOR
    for el in elements:
        if isinstance(el, PTag):
            p = _para(doc, "body")
            p.add_run(el.src).font.color.rgb = TAG_COLOR
        elif isinstance(el, P):
            kind_ = {"ol": "body", "ul": "body", "macro": "body"}.get(el.kind, el.kind)
            p = _para(doc, kind_)
            if el.kind == "ul":
                p.add_run("– ")
            if el.num is not None:
                num_pr = p._p.get_or_add_pPr().get_or_add_numPr()
                num_pr.get_or_add_ilvl().val = 0
                num_pr.get_or_add_numId().val = nums[el.num]
            _add_items(p, el.items, bold_all=el.kind in ("h1", "h3"))
        elif isinstance(el, Sig):
            _signature(doc, el)
    buf = io.BytesIO()
    doc.save(buf)
    return package.normalise_zip(buf.getvalue())


def _para(doc: Any, kind: str) -> Any:
    """A paragraph formatted as layout.py formats the dialect's `kind` (see docs/templates.md)."""
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.widow_control = True
    if kind == "header":
        fmt.left_indent = layout.HEADER_BLOCK_INDENT
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
        fmt.first_line_indent = layout.INDENT
    return p


def _signature(doc: Any, sig: Sig) -> None:
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for cell in table.rows[0].cells:
        cell.width = layout.TEXT_WIDTH // 2
    for cell, elements, align in zip(
        table.rows[0].cells,
        sig.cells,
        (WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT),
        strict=True,
    ):
        first = True
        for el in elements:
            p = cell.paragraphs[0] if first else cell.add_paragraph()
            first = False
            p.alignment = align
            if isinstance(el, PTag):
                p.add_run(el.src).font.color.rgb = TAG_COLOR
            else:
                _add_items(p, el.items, bold_all=False)
    spacer = doc.add_paragraph()
    spacer.paragraph_format.space_before = Pt(0)
