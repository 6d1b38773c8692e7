"""A letterhead's {{p body }}: replaced by the shipped document, in the shipped typography."""

from __future__ import annotations

import copy
import io
from typing import Any

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from .. import layout
from ..errors import TemplateError
from .docx_reading import text_parts
from .wordml import W_P, W_R, W_SECTPR, W_T, W_TBL

_BODY_MARK = "complaintgen-body-placeholder-3c9e1f"


class BodyPlaceholder:
    """What {{p body }} prints: a marker paragraph, replaced by the shipped body afterwards."""

    def __html__(self) -> str:
        return f"<w:p><w:r><w:t>{_BODY_MARK}</w:t></w:r></w:p>"


def _text_width_twips(doc: Any) -> int | None:
    section = doc.sections[-1]
    if None in (section.page_width, section.left_margin, section.right_margin):
        return None
    return int((section.page_width - section.left_margin - section.right_margin) / 635)


def _all_text(el: Any) -> str:
    # Not itertext(): python-docx's element classes repeat text in it.
    return "".join(t.text or "" for t in el.iter(W_T))


def splice_body(doc: Any, name: str, body_docx: bytes, lang: str) -> None:
    """Put the shipped body (a DOCX of layout's) where the rendered letterhead printed the
    placeholder."""
    marks = [p for p in doc.element.body.iter(W_P) if _all_text(p).strip() == _BODY_MARK]
    elsewhere = any(_BODY_MARK in _all_text(root) for _, root, main in text_parts(doc) if not main)
    if len(marks) != 1 or elsewhere:
        raise TemplateError(
            f"{name}: {{{{p body }}}} must appear once, alone in a paragraph of the main text"
        )
    body = Document(io.BytesIO(body_docx)).element.body
    elements = [copy.deepcopy(el) for el in body if el.tag != W_SECTPR]
    _typeset(elements, lang, _text_width_twips(doc))
    mark = marks[0]
    for el in elements:
        mark.addprevious(el)
    mark.getparent().remove(mark)


def _typeset(elements: list, lang: str, width: int | None) -> None:
    """Give the shipped body its typography as direct formatting, whatever the letterhead's
    styles say, and fit its tables to the letterhead's text width."""
    locale = layout.LOCALES.get(lang, "ru-RU")
    for el in elements:
        for p in el.iter(W_P):
            fmt = Paragraph(p, None).paragraph_format
            if fmt.space_before is None:
                fmt.space_before = Pt(0)
            if fmt.space_after is None:
                fmt.space_after = Pt(0)
            if fmt.line_spacing is None:
                fmt.line_spacing = 1.0
        for r in el.iter(W_R):
            font = Run(r, None).font
            font.name, font.size = layout.FONT, layout.SIZE
            rpr = r.get_or_add_rPr()
            for attr in ("w:cs", "w:eastAsia"):
                rpr.rFonts.set(qn(attr), layout.FONT)
            if rpr.find(qn("w:lang")) is None:
                lang_el = OxmlElement("w:lang")
                lang_el.set(qn("w:val"), locale)
                rpr.insert_element_before(lang_el, "w:eastAsianLayout", "w:specVanish", "w:oMath")
        if width:
            for tbl in el.iter(W_TBL):
                cols = tbl.findall(f"{qn('w:tblGrid')}/{qn('w:gridCol')}")
                tbl_w = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblW')}")
                if tbl_w is not None:
                    tbl_w.set(qn("w:w"), str(width))
                    tbl_w.set(qn("w:type"), "dxa")
                share = str(width // max(len(cols), 1))
                for col in cols:
                    col.set(qn("w:w"), share)
                for tc_w in tbl.iter(qn("w:tcW")):
                    tc_w.set(qn("w:w"), share)
                    tc_w.set(qn("w:type"), "dxa")
