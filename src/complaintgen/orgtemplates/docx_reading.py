"""Reading a template DOCX: its text parts, their paragraphs, and the docxtpl tags in them."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml import etree

from ..errors import TemplateError
from .limits import check_package
from .wordml import MC_FALLBACK, W_P, W_SDT, W_SDT_CONTENT, W_T, W_TBL, W_TC, W_TR, W_TXBX

# Never expand entities or read a DTD (limits.check_package refuses a DTD before this anyway).
SAFE_PARSER = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True)
TAG_RE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_PREFIX_RE = re.compile(r"^\{([{%#])([-+]?)(?:(p|r|tr|tc)\s)?")
BODY_TAG = re.compile(r"^\s*\{\{p\s+body\s*\}\}\s*$")
_OPENERS = {"if", "for", "macro", "call", "filter", "with", "block", "raw", "autoescape", "trans"}
_IS_BLOCK_SET = re.compile(r"set\s+[\w.]+\s*(\||$)")


def opens_block(keyword: str, inner: str) -> bool:
    """Whether a statement tag opens a block that an {% end… %} closes: {% set x %} does,
    {% set x = … %} does not. The check and the export must agree on this."""
    return keyword in _OPENERS or (keyword == "set" and _IS_BLOCK_SET.match(inner) is not None)


@dataclass
class Para:
    where: str  # "paragraph 7", "table 1, row 2, cell 1, paragraph 1"
    element: Any
    container: str  # the body, a table cell or a text box: where {%p %} blocks must stay
    runs: list[tuple[Any, str]]

    @property
    def text(self) -> str:
        return "".join(t for _, t in self.runs)


@dataclass
class Tag:
    part: str  # "" for the main text; "header (first page)" …
    para: Para
    src: str
    kind: str  # var | stmt | comment
    prefix: str  # "" | p | r | tr | tc
    inner: str
    keyword: str
    typographic: bool = False  # has typographic quotes (reported once, as such)

    @property
    def where(self) -> str:
        return f"{self.part}, {self.para.where}" if self.part else self.para.where


def make_tag(part: str, para: Para, src: str) -> Tag:
    m = _PREFIX_RE.match(src)
    kind = {"{": "var", "%": "stmt", "#": "comment"}[m.group(1)] if m else "var"
    prefix = (m.group(3) or "") if m else ""
    end = -3 if src[-3:-2] in ("-", "+") else -2
    inner = src[m.end() if m else 2 : end].strip()
    kw = re.match(r"[A-Za-z_]\w*", inner)
    return Tag(part, para, src, kind, prefix, inner, kw.group() if kw and kind == "stmt" else "")


def _in_fallback(el: Any, stop: Any) -> bool:
    for anc in el.iterancestors():
        if anc is stop:
            return False
        if anc.tag == MC_FALLBACK:
            return True
    return False


def _owner(el: Any, tags: tuple[str, ...]) -> Any:
    for anc in el.iterancestors(*tags):
        return anc
    return None


def _own_runs(p: Any) -> list[tuple[Any, str]]:
    runs: list[tuple[Any, str]] = []
    for t in p.iter(W_T):
        if _owner(t, (W_P,)) is not p or _in_fallback(t, p):
            continue
        r = t.getparent()
        if runs and runs[-1][0] is r:
            runs[-1] = (r, runs[-1][1] + (t.text or ""))
        else:
            runs.append((r, t.text or ""))
    return runs


def _block_children(el: Any) -> Iterator[Any]:
    for child in el:
        if child.tag == W_SDT:
            content = child.find(W_SDT_CONTENT)
            if content is not None:
                yield from _block_children(content)
        elif child.tag == qn("w:customXml"):
            yield from _block_children(child)
        else:
            yield child


def paragraphs(root: Any) -> list[Para]:
    """Every paragraph of a part in reading order, named the way a person would find it."""
    out: list[Para] = []

    def walk(container: Any, path: tuple[str, ...], key: str) -> None:
        n_p = n_t = 0
        for child in _block_children(container):
            if child.tag == W_P:
                n_p += 1
                where = (*path, f"paragraph {n_p}")
                out.append(Para(", ".join(where), child, key, _own_runs(child)))
                boxes = [
                    b
                    for b in child.iter(W_TXBX)
                    if _owner(b, (W_P, W_TXBX)) is child and not _in_fallback(b, child)
                ]
                for k, box in enumerate(boxes, 1):
                    walk(box, (*where, f"text box {k}"), f"{key}/p{n_p}/box{k}")
            elif child.tag == W_TBL:
                n_t += 1
                for r, tr in enumerate(child.findall(W_TR), 1):
                    for c, tc in enumerate(tr.findall(W_TC), 1):
                        walk(
                            tc, (*path, f"table {n_t}, row {r}, cell {c}"), f"{key}/t{n_t}r{r}c{c}"
                        )

    walk(root, (), "main")
    return out


def text_parts(doc: Any) -> list[tuple[str, Any, bool]]:
    """(label, root element, is the main text) for the body, headers, footers and footnotes."""
    parts: list[tuple[str, Any, bool]] = [("", doc.element.body, True)]
    labels: dict[str, str] = {}
    sections = doc.sections
    for i, section in enumerate(sections, 1):
        refs = section._sectPr.findall(qn("w:headerReference")) + section._sectPr.findall(
            qn("w:footerReference")
        )
        for ref in refs:
            what = "header" if ref.tag == qn("w:headerReference") else "footer"
            kind = {"first": " (first page)", "even": " (even pages)"}.get(
                ref.get(qn("w:type")), ""
            )
            of = f" of section {i}" if len(sections) > 1 else ""
            labels.setdefault(ref.get(qn("r:id")), f"{what}{kind}{of}")
    rels = sorted(doc.part.rels.items(), key=lambda kv: (kv[0] not in labels, kv[0]))
    order = list(labels)
    rels.sort(key=lambda kv: order.index(kv[0]) if kv[0] in labels else len(order))
    for rid, rel in rels:
        if rel.is_external:
            continue
        if rel.reltype in (RT.HEADER, RT.FOOTER):
            fallback = "header" if rel.reltype == RT.HEADER else "footer"
            parts.append((labels.get(rid, fallback), rel.target_part.element, False))
        elif rel.reltype == RT.FOOTNOTES:
            parts.append(("footnotes", etree.fromstring(rel.target_part.blob, SAFE_PARSER), False))
    return parts


def short(text: str, n: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


_DOTX = b"wordprocessingml.template.main+xml"
_DOCX = b"wordprocessingml.document.main+xml"


def _as_docx(data: bytes) -> bytes:
    """A Word template (.dotx) is a document with another content type: read it as one."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as src:
            types_xml = src.read("[Content_Types].xml")
            if _DOTX not in types_xml:
                return data
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
                for info in src.infolist():
                    blob = src.read(info.filename)
                    if info.filename == "[Content_Types].xml":
                        blob = blob.replace(_DOTX, _DOCX)
                    dst.writestr(info, blob)
            return out.getvalue()
    except (zipfile.BadZipFile, KeyError):
        return data  # Document() says what is wrong


def _open_docx(data: bytes, name: str) -> Any:
    try:
        return Document(io.BytesIO(data))
    except Exception as e:  # not a zip, not a Word document (.docm), a broken part…
        raise TemplateError(f"{name}: not a DOCX file ({type(e).__name__}: {e})") from e


def read_template(path: Path) -> tuple[bytes, Any]:
    """The template's bytes (a .dotx read as a .docx) and its Document; TemplateError naming the
    file when it cannot be read or is not a DOCX."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise TemplateError(f"{path.name}: cannot read: {e.strerror or e}") from e
    check_package(data, path.name)
    data = _as_docx(data)
    return data, _open_docx(data, path.name)
