"""Output scrubbing: gaps highlighted, the package cleared of its authors and their machines."""

from __future__ import annotations

import copy
import io
import posixpath
import re
import zipfile
from functools import cache
from pathlib import PurePosixPath
from typing import Any

from docx.enum.text import WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from docx.text.run import Run
from lxml import etree

from .. import layout, redaction, rendering
from .docx_reading import SAFE_PARSER
from .wordml import W_HIGHLIGHT, W_R, W_RPR, W_T, empty_document

_RSID_ATTR = re.compile(rb'\s(?:w:rsid\w*|w14:paraId|w14:textId)="[^"]*"|<w:rsid\s[^>]*/>')
_PERSONAL_ATTR = re.compile(rb'(\sw:(?:author|initials))="[^"]*"')
_DATE_ATTR = re.compile(
    rb'(<w:(?:ins|del|moveFrom|moveTo|comment|rPrChange|pPrChange)\b[^>]*?)\sw:date="[^"]*"'
)
_SETTINGS_DROP = (
    re.compile(rb"<w:attachedTemplate\b[^>]*/>"),
    re.compile(rb"<w:rsids>.*?</w:rsids>|<w:rsids/>", re.S),
)
_TEXT_ROOTS = {qn(f"w:{t}") for t in ("document", "hdr", "ftr", "footnotes", "endnotes")}
_DROP_REL_TYPES = ("/custom-properties", "/thumbnail", "/people", "/attachedTemplate")


def _highlight_gaps(root: Any) -> bool:
    """Split runs around [УТОЧНИТЬ: …] and highlight the gap, as the shipped layout does."""
    changed = False
    for r in list(root.iter(W_R)):
        rpr = r.find(W_RPR)
        if rpr is not None and rpr.find(W_HIGHLIGHT) is not None:
            continue
        if not any(c.tag == W_T and rendering.GAP_RE.search(c.text or "") for c in r):
            continue
        pieces: list[tuple[list, bool]] = []
        current: list = []
        for child in r:
            if child is rpr:
                continue
            if child.tag == W_T and rendering.GAP_RE.search(child.text or ""):
                text, pos = child.text, 0
                for m in rendering.GAP_RE.finditer(text):
                    if m.start() > pos:
                        current.append(_text_el(text[pos : m.start()]))
                    if current:
                        pieces.append((current, False))
                        current = []
                    pieces.append(([_text_el(m.group())], True))
                    pos = m.end()
                if pos < len(text):
                    current.append(_text_el(text[pos:]))
            else:
                current.append(child)
        if current:
            pieces.append((current, False))
        for children, gap in pieces:
            new = OxmlElement("w:r")
            if rpr is not None:
                new.append(copy.deepcopy(rpr))
            for child in children:
                new.append(child)
            if gap:
                run = Run(new, None)
                run.bold = True
                run.font.highlight_color = WD_COLOR_INDEX.YELLOW
            r.addprevious(new)
        r.getparent().remove(r)
        changed = True
    return changed


def _text_el(text: str) -> Any:
    t = OxmlElement("w:t")
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return t


@cache
def _core_xml(lang: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(empty_document(lang))) as z:
        return z.read("docProps/core.xml")


def _xml(root: Any) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def scrub_output(data: bytes, lang: str, hide: redaction.Redactor | None = None) -> bytes:
    """Remove what the template's package says about its authors and their machines; highlight
    gaps. Core properties become those of shipped output; app.xml names only complaintgen."""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        files = {n: src.read(n) for n in src.namelist()}
    drop: set[str] = set()
    for rels_name in [n for n in files if n.endswith(".rels")]:
        rels = etree.fromstring(files[rels_name], SAFE_PARSER)
        folder = PurePosixPath(rels_name).parent.parent  # word/_rels/x.rels → word
        changed = False
        for rel in list(rels):
            kind, target = rel.get("Type", ""), rel.get("Target", "")
            internal = rel.get("TargetMode") != "External"
            path = (
                target.lstrip("/")
                if target.startswith("/")
                else posixpath.normpath(str(PurePosixPath(folder, target)))
            )
            if kind.endswith("/core-properties"):
                files[path] = _core_xml(lang)
            elif kind.endswith("/extended-properties"):
                files[path] = layout.APP_XML
            elif kind.endswith(_DROP_REL_TYPES):
                if internal:
                    drop.add(path)
                rels.remove(rel)
                changed = True
        if changed:
            files[rels_name] = _xml(rels)
    for path in drop:
        files.pop(path, None)
    if "[Content_Types].xml" in files:
        types_xml = etree.fromstring(files["[Content_Types].xml"], SAFE_PARSER)
        for override in list(types_xml):
            if override.get("PartName", "").lstrip("/") in drop:
                types_xml.remove(override)
        files["[Content_Types].xml"] = _xml(types_xml)
    for path, blob in list(files.items()):
        if not (path.startswith("word/") and path.endswith(".xml")):
            continue
        blob = _PERSONAL_ATTR.sub(rb'\1=""', _RSID_ATTR.sub(b"", blob))
        blob = _DATE_ATTR.sub(rb"\1", blob)
        if path.endswith("/settings.xml"):
            for pattern in _SETTINGS_DROP:
                blob = pattern.sub(b"", blob)
        root = parse_xml(blob)
        if root.tag in _TEXT_ROOTS:
            changed = _highlight_gaps(root)
            if hide is not None:
                for t in root.iter(W_T):
                    if t.text and (clean := hide.scrub(t.text)) != t.text:
                        t.text, changed = clean, True
            if changed:
                blob = _xml(root)
        files[path] = blob
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for path, blob in files.items():
            dst.writestr(path, blob)
    return out.getvalue()
