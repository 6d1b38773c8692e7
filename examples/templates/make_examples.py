"""Build the example organisation templates (letterhead.docx, custom-appeal.docx) with python-docx.

The .docx files are committed too; this script is how they were made, so a reviewer can read the
tags here instead of unzipping Word files. Re-run after editing:

    PYTHONPATH=src python examples/templates/make_examples.py

The organisation, its people and addresses are invented. The files deliberately carry an author,
a company and a template path in their properties, as Word would write them: complaintgen must
not let them into a filing (tests/test_orgtemplates.py checks it).
"""

from __future__ import annotations

import io
import re
import struct
import sys
import zlib
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "src"))
from complaintgen.package import normalise_zip  # noqa: E402

ORG = "Общественное объединение «Правовая помощь — Пример»"
ORG_CONTACTS = (
    "050000, г. Алматы, ул. Примерная, д. 1, офис 10 · +7 727 000 00 00 · info@example.kz"
)
AUTHOR = "Шаблонова Айгуль (автор бланка)"
COMPANY = "ОО «Правовая помощь — Пример», бухгалтерия"
TEMPLATE_PATH = r"C:\Users\aigul.shablonova\AppData\Roaming\Microsoft\Templates\Blank-2024.dotm"
FONT = "Times New Roman"


def logo_png(size: int = 96) -> bytes:
    """A small invented logo (a blue shield with a white bar), written without any imaging
    library so the bytes are the same everywhere."""
    rows = []
    for y in range(size):
        row = bytearray([0])  # filter: none
        for x in range(size):
            inside = abs(x - size / 2) < size * 0.42 - max(0, y - size * 0.55) * 0.9 and y > 4
            bar = inside and size * 0.42 < y < size * 0.56
            rgb = (255, 255, 255) if bar or not inside else (20, 70, 150)
            row += bytes(rgb)
        rows.append(bytes(row))
    raw = zlib.compress(b"".join(rows), 9)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def base_document(top: int, left: int, right: int, bottom: int) -> Document:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.left_margin = Mm(top), Mm(left)
    section.right_margin, section.bottom_margin = Mm(right), Mm(bottom)
    section.header_distance = section.footer_distance = Mm(10)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    normal.element.get_or_add_rPr().rFonts.set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    props = doc.core_properties
    props.author = props.last_modified_by = AUTHOR
    props.title = "Бланк организации"
    props.comments = "Внутренний шаблон, не для распространения"
    props.revision = 17
    props.created = props.modified = datetime(2024, 2, 1, 9, 30)
    return doc


def field(paragraph, instr: str) -> None:
    simple = OxmlElement("w:fldSimple")
    simple.set(qn("w:instr"), instr)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    simple.append(run)
    paragraph._p.append(simple)


def paragraph(doc, text: str = "", *, align=None, bold=False, size=None, indent=None, first=None):
    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    if indent is not None:
        p.paragraph_format.left_indent = indent
    if first is not None:
        p.paragraph_format.first_line_indent = first
    if text:
        run = p.add_run(text)
        run.bold = bold or None
        if size:
            run.font.size = size
    return p


def borderless(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    table._tbl.tblPr.append(borders)


def letterhead() -> Document:
    doc = base_document(top=35, left=30, right=15, bottom=25)
    section = doc.sections[0]
    # Header: logo left, the organisation right, a rule below.
    header = section.header
    table = header.add_table(rows=1, cols=2, width=Mm(165))
    borderless(table)
    logo_cell, name_cell = table.rows[0].cells
    logo_cell.width, name_cell.width = Mm(25), Mm(140)
    logo_cell.paragraphs[0].add_run().add_picture(io.BytesIO(logo_png()), width=Mm(18))
    p = name_cell.paragraphs[0]
    run = p.add_run(ORG)
    run.bold, run.font.size = True, Pt(13)
    run.font.color.rgb = RGBColor(0x14, 0x46, 0x96)
    small = name_cell.add_paragraph().add_run(ORG_CONTACTS)
    small.font.size = Pt(9)
    header.paragraphs[0].text = ""
    # Footer: the case, a note, the page number.
    footer = section.footer
    p = footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(
        '{{ "Дело" if lang == "ru" else "Іс" }} {{ id }} · ОО «Правовая помощь — Пример» · '
        '{{ "стр." if lang == "ru" else "бет" }} '
    )
    run.font.size = Pt(9)
    field(p, "PAGE")
    # Body: an outgoing number and date, then the document.
    paragraph(
        doc,
        '{{ "Исх. №" if lang == "ru" else "Шығ. №" }} {{ id }}'
        '{{ " от " if lang == "ru" else ", " }}{{ today | numeric }}',
        align=WD_ALIGN_PARAGRAPH.LEFT,
        size=Pt(11),
    )
    paragraph(doc)
    paragraph(doc, "{{p body }}")
    return doc


H = WD_ALIGN_PARAGRAPH
HEADER_INDENT = Mm(90)
JUSTIFY = {"align": H.JUSTIFY, "first": Cm(1.25)}


def custom_appeal() -> Document:
    """An organisation's own wording of the appeal, using the context of docs/templates.md."""
    doc = base_document(top=20, left=30, right=10, bottom=20)

    def head(text: str):
        return paragraph(doc, text, align=H.LEFT, indent=HEADER_INDENT)

    def tag(text: str):
        return paragraph(doc, text)

    def body(text: str):
        return paragraph(doc, text, **JUSTIFY)

    tag('{%p set by_rep = applicant == "representative" and representative %}')
    tag("{%p set erdr_or_none = investigation.erdr_number if investigation else none %}")
    tag('{%p set erdr = erdr_or_none | need("номер ЕРДР") %}')
    tag("{%p if addressee %}")
    head('{{ (addressee.title_dat or addressee.title | decline("dat")) | capfirst }}')
    tag("{%p if addressee.address %}")
    head("{{ addressee.address }}")
    tag("{%p endif %}")
    tag("{%p else %}")
    head('{{ none | need("адресат жалобы") }}')
    tag("{%p endif %}")
    head("")
    tag("{%p if by_rep %}")
    head(
        'от {{ "адвоката" if representative.kind == "advocate" else "представителя" }} '
        "{{ representative.gen }}"
    )
    head("в интересах {{ victim.gen }}")
    head('адрес: {{ representative.address | need("адрес представителя") }}')
    tag("{%p else %}")
    head("от {{ victim.gen }}")
    head('адрес: {{ victim.address | need("адрес заявителя") }}')
    tag("{%p endif %}")
    head("уголовное дело № {{ erdr }}")

    paragraph(doc, "ЖАЛОБА", align=H.CENTER, bold=True).paragraph_format.space_before = Pt(18)
    sub = paragraph(
        doc,
        "на постановление о прекращении уголовного дела "
        '{{ (order.date if order else none) | dated | need("дата постановления") }}',
        align=H.CENTER,
    )
    sub.paragraph_format.space_after = Pt(12)

    body(
        "{{ incident.date | date | capfirst }} {{ victim.full }}"
        "{% if incident.in_official_custody %}, находясь под контролем должностных лиц,{% endif %} "
        '{{ g("подвергся", "подверглась") }} насилию. Место: {{ incident.place }}.'
    )
    body('Как {{ g("сообщил", "сообщила") }} {{ victim.short }}:')
    body("{{ incident.narrative | need('изложение обстоятельств') }}")
    tag("{%p if order %}")
    body(
        "{{ order.date | date | capfirst }} уголовное дело № {{ erdr }} прекращено "
        '{{ phrase("grounds." ~ order.ground) }}. С постановлением '
        '{{ gp(signer, "ознакомлен", "ознакомлена") }} '
        '{{ order.received_date | date | need("дата ознакомления с постановлением") }}.'
    )
    tag("{%p endif %}")
    body("Постановление незаконно и необоснованно.")
    tag("{%p for id in applicable_snippets %}")
    body("{{ snippet(id) }}")
    tag("{%p endfor %}")
    tag("{%p if missed_steps %}")
    body("По делу не проведены необходимые действия:")
    tag("{%p for s in missed_steps %}")
    body(
        "{{ loop.index }}) {{ s.argument }}"
        "{% if s.details %} В частности: {{ s.details }}{% endif %}"
    )
    tag("{%p endfor %}")
    tag("{%p endif %}")

    p = paragraph(doc, "ПРОШУ:", align=H.LEFT, bold=True)
    p.paragraph_format.space_before = Pt(6)
    p.paragraph_format.keep_with_next = True
    body("1) отменить постановление о прекращении уголовного дела № {{ erdr }};")
    tag("{%p for s in missed_steps %}")
    body("{{ loop.index + 1 }}) обязать орган уголовного преследования {{ s.request }};")
    tag("{%p endfor %}")
    body(
        "{{ missed_steps | length + 2 }}) уведомить "
        '{{ "меня" if not by_rep else "представителя" }} о принятом решении.'
    )

    tag("{%p if attachments %}")
    paragraph(doc, "Приложение:", align=H.LEFT, bold=True)
    table = doc.add_table(rows=4, cols=3)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, ("№", "Документ", "Листов"), strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    table.rows[1].cells[0].paragraphs[0].add_run("{%tr for a in attachments %}")
    for cell, text in zip(
        table.rows[2].cells,
        (
            "{{ loop.index }}",
            '{{ a.title }}{{ " " ~ a.date | dated if a.date }}',
            '{{ a.pages | need("число листов") }}',
        ),
        strict=True,
    ):
        cell.paragraphs[0].add_run(text)
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    table.autofit = False
    widths = (Mm(12), Mm(128), Mm(25))
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(int(width / 635)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    tag("{%p endif %}")

    paragraph(doc)
    sign = doc.add_table(rows=1, cols=2)
    borderless(sign)
    left, right = sign.rows[0].cells
    left.paragraphs[0].add_run("{{ today | dateline }}")
    right.paragraphs[0].alignment = H.RIGHT
    right.paragraphs[0].add_run("_____________ {{ signer.initials_last }}")
    paragraph(doc)
    return doc


def with_word_traces(data: bytes) -> bytes:
    """What Word adds when an office saves a template: the company, and the path of the
    template it was made from (docProps/app.xml and an attachedTemplate in settings.xml)."""
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            blob = src.read(name)
            if name == "docProps/app.xml":
                blob = blob.replace(b"<Company/>", f"<Company>{COMPANY}</Company>".encode())
                path = f"<Template>{TEMPLATE_PATH}</Template>".encode()
                blob = re.sub(rb"<Template>[^<]*</Template>", lambda _m, p=path: p, blob)
            if name == "word/settings.xml":
                blob = blob.replace(
                    b"<w:defaultTabStop", b'<w:attachedTemplate r:id="rId1"/><w:defaultTabStop', 1
                )
            dst.writestr(name, blob)
        path = "file:///" + TEMPLATE_PATH.replace("\\", "/")
        dst.writestr(
            "word/_rels/settings.xml.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            f'relationships/attachedTemplate" Target="{path}" TargetMode="External"/>'
            "</Relationships>",
        )
    return out.getvalue()


def save(doc: Document, name: str) -> Path:
    buf = io.BytesIO()
    doc.save(buf)
    path = HERE / name
    path.write_bytes(normalise_zip(with_word_traces(buf.getvalue())))
    return path


def main() -> None:
    for path in (
        save(letterhead(), "letterhead.docx"),
        save(custom_appeal(), "custom-appeal.docx"),
    ):
        print(path.relative_to(HERE.parents[1]))


if __name__ == "__main__":
    main()
