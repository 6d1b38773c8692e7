"""WordprocessingML names the package works with, and the blank filing it builds on."""

from __future__ import annotations

from functools import cache

from docx.oxml.ns import qn

from .. import layout

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_P, W_R, W_T, W_TBL, W_TR, W_TC = (qn(f"w:{t}") for t in ("p", "r", "t", "tbl", "tr", "tc"))
W_SDT, W_SDT_CONTENT, W_TXBX = qn("w:sdt"), qn("w:sdtContent"), qn("w:txbxContent")
W_RPR, W_HIGHLIGHT, W_SECTPR = qn("w:rPr"), qn("w:highlight"), qn("w:sectPr")
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


@cache
def empty_document(lang: str) -> bytes:
    """Shipped output with no text: the page set-up, styles and core properties of a filing.
    Scrubbing takes its core properties, export starts from it: built once for both."""
    return layout.build_docx("", lang)
