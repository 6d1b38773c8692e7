"""The text of a DOCX as a reader sees it: what golden tests and template checks compare."""

from __future__ import annotations

import io
import zipfile

from lxml import etree

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# No entities, no network, no huge trees: the document may come from an organisation's template.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def extract_text(data: bytes) -> str:
    """The document's text in reading order (paragraphs, then table cells row by row), so
    comparisons survive changes that do not change what a reader sees."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = etree.fromstring(z.read(_main_part(z)), _PARSER)
    body = root.find(f"{_W}body")
    lines: list[str] = []
    for block in body if body is not None else ():
        if block.tag == f"{_W}p":
            lines.append(_para_text(block))
        elif block.tag == f"{_W}tbl":
            for row in block.iter(f"{_W}tr"):
                cells = [
                    " / ".join(_para_text(p) for p in tc.iter(f"{_W}p"))
                    for tc in row.iter(f"{_W}tc")
                ]
                lines.append(" | ".join(cells))
    return "\n".join(lines).rstrip() + "\n"


def _main_part(z: zipfile.ZipFile) -> str:
    """The main document part the package's relationships name (word/document.xml as a rule)."""
    rels = etree.fromstring(z.read("_rels/.rels"), _PARSER)
    for rel in rels:
        if rel.get("Type", "").endswith("/officeDocument"):
            return rel.get("Target", "").lstrip("/")
    return "word/document.xml"


def _para_text(p: etree._Element) -> str:
    out = []
    for el in p.iter(f"{_W}t", f"{_W}br", f"{_W}tab"):
        if el.tag == f"{_W}t":
            out.append(el.text or "")
        else:
            out.append("\n" if el.tag == f"{_W}br" else "\t")
    return "".join(out)
