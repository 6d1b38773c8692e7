"""Organisation templates: an NGO's or law office's own DOCX, filled with docxtpl.

Two kinds of template, told apart by their content:

LETTERHEAD — the document contains a paragraph whose only content is the tag

    {{p body }}

(the ``p`` right after the braces, a space, ``body``; nothing else in that paragraph). complaintgen
renders the shipped document exactly as without a letterhead (documents.render_text → Markdown →
layout) and puts its paragraphs and tables in place of that paragraph. Everything else of the
letterhead stays: headers and footers, logo, page size and margins, other paragraphs. The body
keeps the shipped typography (Times New Roman 14, single spacing) as direct formatting, so the
letterhead's own Normal style does not change the filing; its signature table is fitted to the
letterhead's text width. Other docxtpl tags anywhere in the letterhead (``{{ id }}``,
``{{ today | numeric }}``, ``{{ signer.short }}``…) get the context of a full custom template.

FULL CUSTOM — any other DOCX is a docxtpl template that receives what a shipped template receives
(context.build, docs/templates.md), with these differences, all forced by DOCX being XML:

- values are XML-escaped (autoescape); case text such as ``{{ 7*7 }}`` or ``<b>&`` prints as is;
- ``phrase(key)``, ``snippet(id)`` and ``missed_steps[].argument``/``.request`` are plain text:
  the Markdown markers of the shipped dialect are dropped; a snippet's paragraphs become
  paragraphs (with the formatting of the paragraph holding the tag), as does a blank line in case
  text; a single newline becomes a line break;
- ``need()`` gaps print as ``[УТОЧНИТЬ: …]`` highlighted yellow and are listed in Rendered.gaps;
- the filters ``safe`` and ``urlize`` are removed (they would let case text become XML);
- ``{{r …}}``, ``{{tr …}}``, ``{{tc …}}`` and ``{{p …}}`` (other than the body) expect rich text or
  sub-documents, which complaintgen never produces: they are refused.

Both run in Jinja's immutable sandbox with undefined names as errors, without ``lipsum``, with
``*`` and ``**`` bounded and a time limit (TIME_LIMIT, main thread only). A Word template (.dotx)
is read as a document. Redaction works as for shipped output (``redact=True``; an anonymous CAT
communication always). Output is scrubbed of author, company, revision, template path, rsids,
custom properties and comment/revision authors, and zipped with fixed timestamps
(layout.normalise_zip), so the same input gives the same bytes.

check_template() finds what breaks templates edited in Word; export_template() turns a shipped
``.md.j2`` into an editable DOCX to start from; context_json() is what ``complaintgen context``
prints.
"""

from __future__ import annotations

import contextlib
import copy
import difflib
import io
import posixpath
import re
import signal
import threading
import time
import types
import typing
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from functools import cache, reduce
from itertools import pairwise
from pathlib import Path, PurePosixPath
from typing import Any

import jinja2
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from docx.shared import Pt, RGBColor
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from docxtpl import DocxTemplate
from jinja2 import nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment
from lxml import etree
from markdown_it import MarkdownIt
from markupsafe import Markup
from pydantic import BaseModel

from . import context, documents, layout, redaction, rendering, snippets
from .admissibility import cat_problems
from .errors import AdmissibilityError, ComplaintgenError, TemplateError, UsageError
from .kinds import KINDS
from .models import Case, FullName, Localized

__all__ = ["check_template", "context_json", "export_template", "render_with_template"]

# --- the sandbox ----------------------------------------------------------------------------------

SHIPPED_FILTERS = ("date", "dated", "on", "dateline", "numeric", "need", "decline", "capfirst")
REMOVED_FILTERS = {
    "safe": "values are always escaped",
    "urlize": "it produces HTML links",
}
FUNCTIONS = {
    "g": "g(male, female): the Russian form that agrees with the victim's gender",
    "gp": "gp(person, male, female): the same for any person (signer, order.official, …)",
    "phrase": "phrase(key): a fixed phrase of this language (templates/<lang>/phrases*.yaml)",
    "snippet": "snippet(id): the paragraphs of a legal-argument snippet in this language",
}
FILTERS = {
    "date": "d | date: «9 марта 2023 года» / «2023 жылғы 9 наурыз»",
    "dated": "d | dated: «от 9 марта 2023 года» / «2023 жылғы 9 наурыздағы»",
    "on": "d | on: kk «2023 жылғы 9 наурызда» (ru as date)",
    "dateline": "d | dateline: the signature line date «09» марта 2023 г.",
    "numeric": "d | numeric: 09.03.2023",
    "need": 'value | need("label"): the value, or a highlighted gap [УТОЧНИТЬ: label]',
    "decline": 'title | decline("dat"): a title or institution in another grammatical case',
    "capfirst": "text | capfirst: the first letter in capitals, the rest as it is",
}
MAX_SEQUENCE = 100_000  # longest string or list a template may build with * (a DoS guard)
TIME_LIMIT = 30.0  # seconds a DOCX template may take to render

_XML_INVALID = re.compile("[\x00-\x06\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_PARAGRAPH_BREAK = "\a"  # docxtpl turns \a inside text into a new paragraph with the same format
_BLANK_LINE = re.compile(r"[ \t]*\r?\n[ \t]*(?:\r?\n\s*)+")


class _Paragraphs(str):
    """Plain text whose paragraphs are separated by \\a (docxtpl's paragraph break)."""


class _Sandbox(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int | float) and abs(right) > 64:
            raise jinja2.exceptions.SecurityError("exponent too large")
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                sized = isinstance(seq, str | list | tuple) and isinstance(n, int)
                if sized and len(seq) * n > MAX_SEQUENCE:
                    raise jinja2.exceptions.SecurityError("the result would be too long")
        return super().call_binop(context, operator, left, right)


def _finalize(value: Any) -> Any:
    if value is None:
        raise TemplateError("template printed a missing value; wrap it in need(...) or {% if %}")
    if hasattr(value, "__html__"):
        return value  # escaped text we made ourselves (macro output, the body placeholder)
    if isinstance(value, date):
        raise TemplateError("template printed a raw date; use a date filter (date, dated, …)")
    if isinstance(value, dict | list | tuple):
        raise TemplateError("template printed a whole record or list; print one of its fields")
    if isinstance(value, jinja2.Undefined):
        return str(value)  # "" for `x if c` without else; StrictUndefined raises here
    if not isinstance(value, str | int | float):
        raise TemplateError(f"template printed a {type(value).__name__}, not text")
    text = str(value)
    if isinstance(value, _Paragraphs):
        return _XML_INVALID.sub("", text)
    # Case text: characters XML cannot carry go; a blank line starts a new paragraph.
    return _BLANK_LINE.sub(_PARAGRAPH_BREAK, _XML_INVALID.sub("", text.replace("\a", "")))


@cache
def environment() -> _Sandbox:
    """The sandbox for DOCX templates: autoescaped, strict, with the shipped filters."""
    env = _Sandbox(
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        finalize=_finalize,
        auto_reload=False,
    )
    shipped = rendering.environment().filters
    for name in SHIPPED_FILTERS:
        env.filters[name] = shipped[name]
    for name in REMOVED_FILTERS:
        env.filters.pop(name, None)
    env.globals.pop("lipsum", None)  # lorem ipsum has no place in a filing, and can be made huge
    return env


class _Timeout(Exception):
    pass


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Stop a template that loops for too long (the sandbox bounds ranges and repetition, not
    nested loops). Uses SIGALRM, so only in the main thread of a Unix process (the CLI, batch
    workers); elsewhere the template runs unbounded. A caller's own timer is restored after."""
    if (
        not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return

    def stop(signum: int, frame: Any) -> None:
        raise _Timeout(f"the template ran longer than {seconds:g} s")

    started = time.monotonic()
    previous = signal.signal(signal.SIGALRM, stop)
    left, interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if left:
            signal.setitimer(
                signal.ITIMER_REAL, max(left - (time.monotonic() - started), 0.001), interval
            )


# --- Markdown of the shipped dialect → plain text -------------------------------------------------


@cache
def _markdown() -> MarkdownIt:
    """A parser for the shipped dialect's text (snippets, phrases): paragraphs, lists, emphasis."""
    md = MarkdownIt("commonmark", {"html": False})
    md.disable(["code", "fence", "html_block", "html_inline", "image", "link", "autolink"])
    md.disable(["reference", "lheading", "hr", "blockquote", "entity", "backticks"])
    return md


def _inline_text(children: list) -> str:
    out = []
    for child in children or []:
        if child.type == "text":
            out.append(child.content)
        elif child.type == "softbreak":
            out.append(" ")
        elif child.type == "hardbreak":
            out.append("\n")
    return "".join(out)


def _plain_inline(text: str) -> str:
    """A phrase (one line of the dialect) as plain text: escapes resolved, ** and * dropped."""
    tokens = _markdown().parseInline(str(text))
    return "".join(_inline_text(t.children) for t in tokens).strip()


def _plain_blocks(text: str) -> str:
    """A snippet (paragraphs of the dialect) as plain text, paragraphs separated by \\a."""
    paragraphs: list[str] = []
    lists: list[list] = []
    marker = ""
    for tok in _markdown().parse(str(text)):
        if tok.type in ("ordered_list_open", "bullet_list_open"):
            lists.append([tok.type == "ordered_list_open", int(tok.attrGet("start") or 1) - 1])
        elif tok.type in ("ordered_list_close", "bullet_list_close"):
            lists.pop()
        elif tok.type == "list_item_open" and lists:
            lists[-1][1] += 1
            marker = f"{lists[-1][1]}) " if lists[-1][0] else "– "
        elif tok.type == "inline":
            line = _inline_text(tok.children).strip()
            if line:
                paragraphs.append(marker + line)
            marker = ""
    return _Paragraphs(_PARAGRAPH_BREAK.join(paragraphs))


def _docx_value(value: Any) -> Any:
    if isinstance(value, Markup):
        return _plain_inline(value)
    if isinstance(value, dict):
        return {k: _docx_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_docx_value(v) for v in value]
    return value


def _docx_context(ctx: dict[str, Any]) -> dict[str, Any]:
    """The shipped context, with Markdown-escaped text (Markup) turned into plain text."""
    phrase, snippet = ctx["phrase"], ctx["snippet"]
    out = {k: _docx_value(v) for k, v in ctx.items() if k not in ("phrase", "snippet")}

    def plain_phrase(key: str) -> str:
        return _plain_inline(phrase(key))

    def plain_snippet(snippet_id: str) -> str:
        return _plain_blocks(snippet(snippet_id))

    out["phrase"] = plain_phrase
    out["snippet"] = plain_snippet
    return out


# --- reading a DOCX: parts, paragraphs, tags ------------------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_P, W_R, W_T, W_TBL, W_TR, W_TC = (qn(f"w:{t}") for t in ("p", "r", "t", "tbl", "tr", "tc"))
W_SDT, W_SDT_CONTENT, W_TXBX = qn("w:sdt"), qn("w:sdtContent"), qn("w:txbxContent")
W_RPR, W_HIGHLIGHT, W_SECTPR = qn("w:rPr"), qn("w:highlight"), qn("w:sectPr")
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"

_TAG_RE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_OPEN_RE = re.compile(r"\{[{%#]")
_PREFIX_RE = re.compile(r"^\{([{%#])([-+]?)(?:(p|r|tr|tc)\s)?")
_BODY_TAG = re.compile(r"^\s*\{\{p\s+body\s*\}\}\s*$")
_TYPO_ANYWHERE = "“”„‘’‚"  # docxtpl rewrites “ ” ‘ ’ even inside string literals
_TYPO_OUTSIDE = "«»"  # fine inside a quoted string, a syntax error as delimiters


@dataclass
class _Para:
    where: str  # "paragraph 7", "table 1, row 2, cell 1, paragraph 1"
    element: Any
    container: str  # the body, a table cell or a text box: where {%p %} blocks must stay
    runs: list[tuple[Any, str]]

    @property
    def text(self) -> str:
        return "".join(t for _, t in self.runs)


@dataclass
class _Tag:
    part: str  # "" for the main text; "header (first page)" …
    para: _Para
    src: str
    kind: str  # var | stmt | comment
    prefix: str  # "" | p | r | tr | tc
    inner: str
    keyword: str
    typographic: bool = False  # has typographic quotes (reported once, as such)

    @property
    def where(self) -> str:
        return f"{self.part}, {self.para.where}" if self.part else self.para.where


def _make_tag(part: str, para: _Para, src: str) -> _Tag:
    m = _PREFIX_RE.match(src)
    kind = {"{": "var", "%": "stmt", "#": "comment"}[m.group(1)] if m else "var"
    prefix = (m.group(3) or "") if m else ""
    end = -3 if src[-3:-2] in ("-", "+") else -2
    inner = src[m.end() if m else 2 : end].strip()
    kw = re.match(r"[A-Za-z_]\w*", inner)
    return _Tag(part, para, src, kind, prefix, inner, kw.group() if kw and kind == "stmt" else "")


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


def _paragraphs(root: Any) -> list[_Para]:
    """Every paragraph of a part in reading order, named the way a person would find it."""
    out: list[_Para] = []

    def walk(container: Any, path: tuple[str, ...], key: str) -> None:
        n_p = n_t = 0
        for child in _block_children(container):
            if child.tag == W_P:
                n_p += 1
                where = (*path, f"paragraph {n_p}")
                out.append(_Para(", ".join(where), child, key, _own_runs(child)))
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


def _parts(doc: Any) -> list[tuple[str, Any, bool]]:
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
            parts.append(("footnotes", etree.fromstring(rel.target_part.blob), False))
    return parts


def _short(text: str, n: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


# --- what a template can use: a schema of the context ---------------------------------------------


class _AnyT:
    def __repr__(self) -> str:
        return "ANY"


ANY: Any = _AnyT()
NONE: Any = object()


@dataclass(frozen=True)
class _Leaf:
    types: frozenset


@dataclass
class _Obj:
    keys: dict[str, Any]


@dataclass
class _List:
    elem: Any


@dataclass
class _Func:
    result: Any


STR, INT, BOOL, DATE = (_Leaf(frozenset({t})) for t in (str, int, bool, date))
DICT_METHODS = {"get", "items", "keys", "values"}
RU_CASES, KK_CASES = context.RU_CASES, context.KK_CASES


def _union(a: Any, b: Any) -> Any:
    if a is b:
        return a
    if a is NONE:
        return b
    if b is NONE:
        return a
    if a is ANY or b is ANY:
        return ANY
    if isinstance(a, _Leaf) and isinstance(b, _Leaf):
        return _Leaf(a.types | b.types)
    if isinstance(a, _Obj) and isinstance(b, _Obj):
        keys = dict(a.keys)
        for k, v in b.keys.items():
            keys[k] = _union(keys[k], v) if k in keys else v
        return _Obj(keys)
    if isinstance(a, _List) and isinstance(b, _List):
        return _List(_union(a.elem, b.elem))
    if isinstance(a, _Func) and isinstance(b, _Func):
        return _Func(_union(a.result, b.result))
    return ANY


@cache
def _person_keys() -> tuple[str, ...]:
    """The keys context.person gives a name, in any language (it is asked, not copied)."""
    name = FullName(last="Иванов", first="Иван", middle="Иванович")
    keys: dict[str, None] = {}
    for lang in ("ru", "kk", "en"):
        keys.update(dict.fromkeys(context.person(name, "male", lang)))
    return tuple(keys)


def _person() -> _Obj:
    return _Obj(dict.fromkeys(_person_keys(), STR))


def _sample_schema(value: Any) -> Any:
    if isinstance(value, bool):
        return BOOL
    if isinstance(value, str | int | float | date):
        return _Leaf(frozenset({type(value) if not isinstance(value, str) else str}))
    if isinstance(value, dict):
        return _Obj({k: _sample_schema(v) for k, v in value.items()})
    if isinstance(value, list):
        return _List(reduce(_union, map(_sample_schema, value)) if value else ANY)
    if callable(value):
        return _Func(ANY)
    return ANY


def _mentions(annotation: Any, cls: type) -> bool:
    if annotation is cls:
        return True
    return any(_mentions(a, cls) for a in typing.get_args(annotation))


def _schema_of(ann: Any) -> Any:
    origin = typing.get_origin(ann)
    if origin is typing.Annotated:
        return _schema_of(typing.get_args(ann)[0])
    if origin in (typing.Union, types.UnionType):
        parts = [_schema_of(a) for a in typing.get_args(ann) if a is not type(None)]
        return reduce(_union, parts) if parts else NONE
    if origin is typing.Literal:
        return STR
    if origin in (list, tuple, set, frozenset):
        return _List(_schema_of(typing.get_args(ann)[0]))
    if isinstance(ann, type):
        if issubclass(ann, Localized | Enum):
            return STR
        if issubclass(ann, FullName):
            return _person()
        if issubclass(ann, BaseModel):
            return _model_schema(ann)
        for t in (bool, int, float, str, date):
            if issubclass(ann, t):
                return _Leaf(frozenset({t}))
    return ANY


def _model_schema(cls: type[BaseModel]) -> _Obj:
    keys = {name: _schema_of(f.annotation) for name, f in cls.model_fields.items()}
    name = cls.model_fields.get("name")
    if name is not None and _mentions(name.annotation, FullName):
        keys.update(_person().keys)
        keys["name"] = _person()
    return _Obj(keys)


@cache
def _top() -> dict[str, Any]:
    """Every name context.build gives a template, with the shape of its value."""
    top = dict(_model_schema(Case).keys)
    top.update(
        kind=STR,
        lang=STR,
        today=DATE,
        facts=_Obj(dict.fromkeys(snippets.FACTS, BOOL)),
        g=_Func(STR),
        gp=_Func(STR),
        phrase=_Func(STR),
        snippet=_Func(STR),
        applicable_snippets=_List(STR),
        signer=_union(top["victim"], top["representative"]),
        missed_steps=_List(_Obj({"code": STR, "argument": STR, "request": STR, "details": STR})),
        deadline=_Obj(
            {"start": DATE, "last_day": DATE, "basis": STR, "days_left": INT, "passed": BOOL}
        ),
        days_since_incident=INT,
        attachments=top["evidence"],
    )
    # Whatever else context.build gives (a key added after this was written) is known too.
    sample = Case.model_validate(
        {
            "id": "sample",
            "victim": {"name": {"last": "Иванов", "first": "Иван"}, "gender": "male"},
            "applicant": "victim",
            "incident": {"date": "2020-01-01", "place": "-", "narrative": "-"},
        }
    )
    for lang in ("ru", "kk"):
        built = context.build(sample, "appeal", lang, rendering.RenderState(lang), date(2020, 1, 2))
        for key, value in built.items():
            if key not in top and not key.startswith("_"):
                top[key] = _sample_schema(value)
    return top


def _phrase_known(key: str) -> bool:
    books = []
    for lang in ("ru", "kk", "en"):
        try:
            books.append(context.phrasebook(lang))
        except TemplateError:
            return True  # a broken phrasebook is reported elsewhere
    books = [b for b in books if b]
    for book in books:
        node: Any = book
        for part in key.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        if isinstance(node, str):
            return True
    return not books


def _snippet_known(snippet_id: str) -> bool:
    try:
        return snippet_id in snippets.library()
    except TemplateError:
        return True


# --- checking a template --------------------------------------------------------------------------

OPENERS = {"if", "for", "macro", "call", "filter", "with", "block", "raw", "autoescape", "trans"}
NOT_AVAILABLE = {"include", "import", "from", "extends"}
LIST_FILTERS = {
    "list",
    "sort",
    "unique",
    "reverse",
    "selectattr",
    "rejectattr",
    "select",
    "reject",
}
ATTRIBUTE_FILTERS = {"selectattr", "rejectattr", "map", "sort", "groupby", "sum", "unique", "min"}
STR_FILTERS = set(SHIPPED_FILTERS) - {"need"} | {
    "capitalize",
    "center",
    "escape",
    "e",
    "forceescape",
    "format",
    "indent",
    "join",
    "lower",
    "pprint",
    "replace",
    "string",
    "striptags",
    "title",
    "trim",
    "truncate",
    "upper",
    "urlencode",
    "wordwrap",
    "tojson",
}
INT_FILTERS = {"length", "count", "int", "wordcount", "abs", "round", "sum", "float"}
_IS_BLOCK_SET = re.compile(r"set\s+[\w.]+\s*(\||$)")


def _is_opener(tag: _Tag) -> bool:
    return tag.keyword in OPENERS or (tag.keyword == "set" and bool(_IS_BLOCK_SET.match(tag.inner)))


def _expr_text(node: Any) -> str:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_expr_text(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        return f"{_expr_text(node.node)}[{node.arg.value!r}]"
    if isinstance(node, nodes.Filter) and node.node is not None:
        return f"({_expr_text(node.node)} | {node.name})"
    if isinstance(node, nodes.Call):
        return f"{_expr_text(node.node)}(…)"
    return "…"


def _suggest(name: str, options: Any) -> str:
    close = difflib.get_close_matches(name, sorted(options), n=1, cutoff=0.75)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _leaf_kind(leaf: _Leaf) -> str:
    if leaf.types <= {str}:
        return "text"
    if leaf.types <= {date}:
        return "a date"
    if leaf.types <= {bool}:
        return "true or false"
    return "a number" if leaf.types <= {int, float} else "a value"


class _Checker:
    """Walks a Jinja AST knowing what each name holds: unknown names, attributes and filters."""

    def __init__(self, report: Callable[[int, str], None], lenient: set[str] | None = None):
        self.report = report
        self.lenient = lenient or set()
        self.env = environment()

    # statements
    def block(self, body: list, scope: dict) -> None:
        for node in body:
            self.stmt(node, scope)

    def stmt(self, n: Any, scope: dict) -> None:
        if isinstance(n, nodes.Output):
            for child in n.nodes:
                if not isinstance(child, nodes.TemplateData):
                    self.expr(child, scope)
        elif isinstance(n, nodes.If):
            self.expr(n.test, scope)
            self.block(n.body, scope)
            for branch in n.elif_:
                self.stmt(branch, scope)
            self.block(n.else_, scope)
        elif isinstance(n, nodes.For):
            items = self.expr(n.iter, scope)
            inner = dict(scope)
            self.bind(n.target, items.elem if isinstance(items, _List) else ANY, inner)
            inner["loop"] = ANY
            if n.test is not None:
                self.expr(n.test, inner)
            self.block(n.body, inner)
            self.block(n.else_, scope)
        elif isinstance(n, nodes.Assign):
            self.bind(n.target, self.expr(n.node, scope), scope)
        elif isinstance(n, nodes.AssignBlock):
            if n.filter is not None:
                self.filter(n.filter, scope, ANY)
            self.block(n.body, scope)
            self.bind(n.target, STR, scope)
        elif isinstance(n, nodes.Macro | nodes.CallBlock):
            if isinstance(n, nodes.CallBlock):
                self.expr(n.call, scope)
            for d in n.defaults:
                self.expr(d, scope)
            inner = dict(scope)
            for a in n.args:
                inner[a.name] = ANY
            inner.update(varargs=ANY, kwargs=ANY, caller=ANY)
            self.block(n.body, inner)
            if isinstance(n, nodes.Macro):
                scope[n.name] = _Func(ANY)
        elif isinstance(n, nodes.FilterBlock):
            self.filter(n.filter, scope, ANY)
            self.block(n.body, scope)
        elif isinstance(n, nodes.With):
            inner = dict(scope)
            for target, value in zip(n.targets, n.values, strict=False):
                self.bind(target, self.expr(value, scope), inner)
            self.block(n.body, inner)
        elif isinstance(n, nodes.ExprStmt):
            self.expr(n.node, scope)
        elif isinstance(n, nodes.Include | nodes.Import | nodes.FromImport | nodes.Extends):
            self.report(n.lineno, "include, import and extends are not available")
        else:
            for child in n.iter_child_nodes():
                if isinstance(child, nodes.Expr):
                    self.expr(child, scope)
                else:
                    self.stmt(child, scope)

    def bind(self, target: Any, value: Any, scope: dict) -> None:
        if isinstance(target, nodes.Name):
            scope[target.name] = value
        elif isinstance(target, nodes.Tuple):
            for item in target.items:
                self.bind(item, ANY, scope)
        elif isinstance(target, nodes.NSRef):
            self.lookup(target.name, target.lineno, scope)

    # expressions
    def lookup(self, name: str, lineno: int, scope: dict) -> Any:
        if name in scope:
            return scope[name]
        if name in _top():
            return _top()[name]
        if name in self.env.globals or name in self.lenient:
            return ANY
        if name == "body":
            self.report(
                lineno, "'body' exists only as {{p body }}, alone in a paragraph of the main text"
            )
        else:
            known = set(_top()) | set(scope) | set(self.env.globals)
            self.report(lineno, f"unknown variable '{name}'{_suggest(name, known)}")
        return ANY

    def attr(self, base: Any, name: str, node: Any) -> Any:
        what = _expr_text(node.node)
        if isinstance(base, _Obj):
            if name in base.keys:
                return base.keys[name]
            if name not in DICT_METHODS:
                self.report(node.lineno, f"'{what}' has no '{name}'{_suggest(name, base.keys)}")
        elif isinstance(base, _List):
            if name.startswith("_") or not hasattr(list, name):
                self.report(
                    node.lineno,
                    f"'{what}' is a list: it has no '{name}' (loop over it with {{% for %}})",
                )
        elif isinstance(base, _Leaf) and (
            name.startswith("_") or not any(hasattr(t, name) for t in base.types)
        ):
            self.report(node.lineno, f"'{what}' is {_leaf_kind(base)}: it has no '{name}'")
        return ANY

    def expr(self, n: Any, scope: dict) -> Any:
        if isinstance(n, nodes.Name):
            return self.lookup(n.name, n.lineno, scope)
        if isinstance(n, nodes.Const):
            return NONE if n.value is None else _Leaf(frozenset({type(n.value)}))
        if isinstance(n, nodes.TemplateData):
            return STR
        if isinstance(n, nodes.Getattr):
            return self.attr(self.expr(n.node, scope), n.attr, n)
        if isinstance(n, nodes.Getitem):
            base = self.expr(n.node, scope)
            arg = n.arg
            if isinstance(arg, nodes.Slice):
                for part in (arg.start, arg.stop, arg.step):
                    if part is not None:
                        self.expr(part, scope)
                return base if isinstance(base, _List | _Leaf) else ANY
            if isinstance(arg, nodes.Const) and isinstance(arg.value, str):
                return self.attr(base, arg.value, n)
            self.expr(arg, scope)
            return base.elem if isinstance(base, _List) else ANY
        if isinstance(n, nodes.Filter):
            return self.filter(n, scope, self.expr(n.node, scope) if n.node is not None else ANY)
        if isinstance(n, nodes.Test):
            if n.name in ("defined", "undefined"):  # asking is the point: no complaint
                report, self.report = self.report, lambda _lineno, _msg: None
                try:
                    self.expr(n.node, scope)
                finally:
                    self.report = report
            else:
                self.expr(n.node, scope)
            self.args(n, scope)
            if n.name not in self.env.tests:
                self.report(n.lineno, f"unknown test '{n.name}'{_suggest(n.name, self.env.tests)}")
            return BOOL
        if isinstance(n, nodes.Call):
            return self.call(n, scope)
        if isinstance(n, nodes.CondExpr):
            self.expr(n.test, scope)
            other = self.expr(n.expr2, scope) if n.expr2 is not None else NONE
            return _union(self.expr(n.expr1, scope), other)
        if isinstance(n, nodes.Or):
            return _union(self.expr(n.left, scope), self.expr(n.right, scope))
        if isinstance(n, nodes.And):
            self.expr(n.left, scope)
            return self.expr(n.right, scope)
        if isinstance(n, nodes.Not | nodes.Compare):
            self.walk(n, scope)
            return BOOL
        if isinstance(n, nodes.Concat):
            self.walk(n, scope)
            return STR
        if isinstance(n, nodes.List):
            items = [self.expr(i, scope) for i in n.items]
            return _List(reduce(_union, items) if items else ANY)
        if isinstance(n, nodes.Dict):
            keys = {}
            for pair in n.items:
                self.expr(pair.key, scope)
                value = self.expr(pair.value, scope)
                if isinstance(pair.key, nodes.Const) and isinstance(pair.key.value, str):
                    keys[pair.key.value] = value
                else:
                    return ANY
            return _Obj(keys)
        if isinstance(n, nodes.NSRef):
            self.lookup(n.name, n.lineno, scope)
            return ANY
        self.walk(n, scope)
        return ANY

    def walk(self, n: Any, scope: dict) -> None:
        for child in n.iter_child_nodes():
            if isinstance(child, nodes.Keyword | nodes.Pair):
                self.walk(child, scope)
            elif isinstance(child, nodes.Expr):
                self.expr(child, scope)

    def args(self, n: Any, scope: dict) -> None:
        for a in n.args:
            self.expr(a, scope)
        for kw in n.kwargs:
            self.expr(kw.value, scope)
        for extra in (n.dyn_args, n.dyn_kwargs):
            if extra is not None:
                self.expr(extra, scope)

    def attribute_path(self, items: Any, path: str, n: Any) -> Any:
        schema = items.elem
        for part in path.split("."):
            if isinstance(schema, _Obj):
                if part not in schema.keys:
                    what = _expr_text(n.node) if n.node is not None else "the items"
                    hint = _suggest(part, schema.keys)
                    self.report(n.lineno, f"the items of '{what}' have no '{part}'{hint}")
                    return ANY
                schema = schema.keys[part]
            else:
                return ANY
        return schema

    def filter(self, n: Any, scope: dict, base: Any) -> Any:
        self.args(n, scope)
        name = n.name
        if name in REMOVED_FILTERS:
            self.report(n.lineno, f"filter '{name}' is not available: {REMOVED_FILTERS[name]}")
            return ANY
        if name not in self.env.filters:
            self.report(n.lineno, f"unknown filter '{name}'{_suggest(name, self.env.filters)}")
            return ANY
        picked = ANY
        if name in ATTRIBUTE_FILTERS and isinstance(base, _List):
            attribute = next((k.value for k in n.kwargs if k.key == "attribute"), None)
            if attribute is None and name in ("selectattr", "rejectattr") and n.args:
                attribute = n.args[0]
            if isinstance(attribute, nodes.Const) and isinstance(attribute.value, str):
                picked = self.attribute_path(base, attribute.value, n)
        if name in ("first", "last", "random"):
            return base.elem if isinstance(base, _List) else ANY
        if name in LIST_FILTERS:
            return base if isinstance(base, _List) else ANY
        if name == "map":
            return _List(picked)
        if name in ("need", "default", "d"):
            return STR if base is NONE else base
        if name in STR_FILTERS:
            return STR
        if name in INT_FILTERS:
            return INT
        return ANY

    def call(self, n: Any, scope: dict) -> Any:
        self.args(n, scope)
        func = n.node
        builtin = func.name if isinstance(func, nodes.Name) and func.name not in scope else None
        if builtin == "dict":
            return _Obj({kw.key: self.expr(kw.value, scope) for kw in n.kwargs})
        if builtin == "range":
            return _List(INT)
        first = n.args[0] if n.args else None
        constant = first.value if isinstance(first, nodes.Const) else None
        if builtin == "phrase" and isinstance(constant, str) and not _phrase_known(constant):
            self.report(n.lineno, f"phrase '{constant}' is in no templates/<lang>/phrases*.yaml")
        if builtin == "snippet" and isinstance(constant, str) and not _snippet_known(constant):
            hint = _suggest(constant, snippets.library())
            self.report(n.lineno, f"no snippet '{constant}'{hint}")
        f = self.expr(func, scope)
        return f.result if isinstance(f, _Func) else ANY


_DOCXTPL_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


def _tag_source(tag: _Tag) -> str | None:
    """The tag as Jinja sees it after docxtpl's rewriting (None: nothing for Jinja)."""
    inner = tag.inner.translate(_DOCXTPL_QUOTES)  # docxtpl straightens these (only these)
    if tag.kind == "var":
        return "{{ " + inner + " }}"
    if tag.kind != "stmt":
        return None
    if tag.keyword in ("colspan", "cellbg"):
        return "{{ " + inner[len(tag.keyword) :].strip() + " }}"
    if tag.keyword in ("vm", "hm"):
        return None
    return "{% " + inner + " %}"


def _tag_syntax(env: jinja2.Environment, tag: _Tag) -> str | None:
    src = _tag_source(tag)
    if src is None or tag.keyword.startswith("end"):
        return None
    if tag.keyword in ("elif", "else"):
        src = "{% if x %}" + src + "{% endif %}"
    elif _is_opener(tag):
        src += "{% end" + tag.keyword + " %}"
    try:
        env.parse(src)
    except jinja2.TemplateSyntaxError as e:
        return f"template syntax error in '{_short(tag.src)}': {e.message}"
    return None


def _same_level(a: _Tag, b: _Tag) -> str | None:
    """Why block tags a (opening) and b cannot belong together in the XML, or None."""
    if a.prefix != b.prefix:
        fa = "{%" + (a.prefix + " " if a.prefix else " ") + a.keyword + " %}"
        fb = "{%" + (b.prefix + " " if b.prefix else " ") + b.keyword + " %}"
        return f"'{fb}' does not match '{fa}' in {a.where}: use the same kind of tag"
    if a.prefix == "" and a.para is not b.para:
        return (
            f"'{_short(b.src)}' closes '{_short(a.src)}' opened in another paragraph ({a.where}); "
            "a block that spans paragraphs needs {%p … %} tags, each alone in its paragraph"
        )
    if a.prefix == "p" and a.para.container != b.para.container:
        return f"'{_short(b.src)}' is in another cell or box than '{_short(a.src)}' ({a.where})"
    return None


def _check_part(name: str, label: str, tags: list[_Tag], is_main: bool) -> list[str]:
    out: list[str] = []
    env = environment()

    def say(tag: _Tag, msg: str) -> None:
        out.append(f"{name}: {tag.where}: {msg}")

    body_tags = [t for t in tags if t.kind == "var" and t.prefix == "p" and t.inner == "body"]
    for t in body_tags:
        if not is_main:
            say(t, f"the body goes in the main text, not in the {label}")
        elif not _BODY_TAG.match(t.para.text):
            say(t, "{{p body }} must be alone in its paragraph")
    if is_main and len(body_tags) > 1:
        say(body_tags[1], "{{p body }} appears more than once; keep one")
    code: list[_Tag] = []
    raw = False
    for t in tags:
        if t.kind == "comment" or t in body_tags:
            continue
        if raw or t.keyword == "raw":
            raw = t.keyword != "endraw"
            continue
        if t.kind == "var" and t.prefix:
            kind = "rich text" if t.prefix == "r" else "a sub-document"
            say(t, f"'{_short(t.src)}' expects {kind}; complaintgen gives text: write {{{{ … }}}}")
            continue
        if t.keyword in NOT_AVAILABLE:
            say(t, f"'{t.keyword}' is not available: a template is one file")
            continue
        code.append(t)
    syntax_ok = True
    for t in code:
        problem = _tag_syntax(env, t)
        if problem:
            if not t.typographic:  # already reported, and the cause
                say(t, problem)
            syntax_ok = False
    # Blocks must balance, and their tags must sit where docxtpl can cut the XML.
    stack: list[_Tag] = []
    balanced = True
    for t in code:
        if t.kind != "stmt":
            continue
        if _is_opener(t):
            stack.append(t)
        elif t.keyword in ("elif", "else"):
            if not stack or stack[-1].keyword not in ("if", "for"):
                say(t, f"'{_short(t.src)}' is outside any {{% if %}} or {{% for %}}")
                balanced = False
            elif why := _same_level(stack[-1], t):
                say(t, why)
                balanced = False
        elif t.keyword.startswith("end"):
            opened = t.keyword[3:]
            if not any(s.keyword == opened for s in stack):
                say(t, f"'{_short(t.src)}' has no opening {{% {opened} … %}}")
                balanced = False
                continue
            while stack[-1].keyword != opened:
                s = stack.pop()
                say(s, f"'{_short(s.src)}' is never closed (add {{% end{s.keyword} %}})")
                balanced = False
            s = stack.pop()
            if why := _same_level(s, t):
                say(t, why)
                balanced = False
    for s in stack:
        say(s, f"'{_short(s.src)}' is never closed (add {{% end{s.keyword} %}})")
        balanced = False
    # Names, attributes and filters: through the whole part when it parses, else tag by tag.
    lines: list[str] = []
    by_line: dict[int, _Tag] = {}
    for t in code:
        src = _tag_source(t)
        if src is not None:
            lines.append(src)
            by_line[len(lines)] = t

    def report_at(lineno: int, msg: str) -> None:
        tag = by_line.get(lineno) or (code[0] if code else None)
        text = f"{name}: {tag.where}: {msg}" if tag else f"{name}: {label or 'main text'}: {msg}"
        if text not in out:
            out.append(text)

    if syntax_ok and balanced:
        try:
            tree = env.parse("\n".join(lines))
        except jinja2.TemplateSyntaxError as e:
            report_at(e.lineno, f"template syntax error: {e.message}")
        else:
            _Checker(report_at).block(tree.body, {})
        return out
    bound: set[str] = set()
    trees = []
    for line, src in enumerate(lines, 1):
        t = by_line[line]
        if t.keyword in ("elif", "else"):
            src = "{% if x %}" + src + "{% endif %}"
        elif t.keyword.startswith("end"):
            continue
        elif _is_opener(t):
            src += "{% end" + t.keyword + " %}"
        try:
            tree = env.parse(src)
        except jinja2.TemplateSyntaxError:
            continue
        trees.append((line, tree))
        for node in tree.find_all((nodes.For, nodes.Assign, nodes.AssignBlock, nodes.Macro)):
            target = getattr(node, "target", None)
            if isinstance(target, nodes.Name):
                bound.add(target.name)
            elif target is not None:
                bound.update(nm.name for nm in target.find_all(nodes.Name))
            if isinstance(node, nodes.Macro):
                bound.add(node.name)
                bound.update(a.name for a in node.args)
    for line, tree in trees:
        _Checker(lambda _n, msg, line=line: report_at(line, msg), bound).block(tree.body, {})
    return out


def _check_paragraph(name: str, label: str, para: _Para, tags: list[_Tag]) -> list[str]:
    out: list[str] = []
    where = f"{label}, {para.where}" if label else para.where
    text = para.text
    bounds, pos = [], 0
    for _, piece in para.runs:
        pos += len(piece)
        bounds.append(pos)
    rest = list(text)
    found = []
    for m in _TAG_RE.finditer(text):
        tag = _make_tag(label, para, m.group())
        found.append(tag)
        rest[m.start() : m.end()] = " " * (m.end() - m.start())
        cuts = [b for b in bounds if m.start() < b < m.end()]
        if cuts:
            edges = [m.start(), *cuts, m.end()]
            pieces = " + ".join(f"'{text[a:b]}'" for a, b in pairwise(edges))
            out.append(
                f"{name}: {where}: tag split across runs: {pieces} — retype the tag in one go "
                "(or select it and clear its formatting)"
            )
        if tag.kind == "comment":
            continue
        inner = tag.inner
        typo = sorted({c for c in inner if c in _TYPO_ANYWHERE})
        outside = re.sub(r'"[^"]*"|\'[^\']*\'', "", inner)
        typo += sorted({c for c in outside if c in _TYPO_OUTSIDE})
        if typo:
            tag.typographic = True
            out.append(
                f"{name}: {where}: typographic quotes {' '.join(typo)} in '{_short(tag.src)}': "
                "type straight quotes \" or ' (turn off AutoFormat's smart quotes)"
            )
    leftover = _OPEN_RE.search("".join(rest))
    if leftover:
        tail = text[leftover.start() :]
        out.append(f"{name}: {where}: tag not closed in this paragraph: '{_short(tail, 30)}'")
    p_tags = [t for t in found if t.prefix in ("p", "tr", "tc") and t.kind in ("stmt", "comment")]
    if p_tags:
        rest_text = text
        for t in p_tags:
            rest_text = rest_text.replace(t.src, "", 1)
        if len(p_tags) > 1 and any(t.prefix == "p" for t in p_tags):
            out.append(f"{name}: {where}: only the first {{%p … %}} tag of a paragraph is kept")
        elif rest_text.strip():
            out.append(
                f"{name}: {where}: the paragraph of '{_short(p_tags[0].src)}' also has text, "
                f"which is dropped: '{_short(rest_text.strip(), 30)}'"
            )
    tags.extend(found)
    return out


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


def check_template(path: Path) -> list[str]:
    """One line per defect, each naming the template and the paragraph; [] when it is fine.

    Looks at the main text, headers, footers, footnotes, tables and text boxes for: tags split
    across runs, typographic quotes in tags, tags not closed in their paragraph, unbalanced or
    mismatched blocks ({%p if %} … {% endif %}, inline blocks across paragraphs), Jinja syntax
    errors, unknown variables and attributes (against models.Case and the derived context),
    unknown filters and tests, phrase keys and snippet ids that do not exist, tags complaintgen
    cannot fill ({{r x }}, {{p x }}), a misplaced {{p body }}, tracked changes and comments.

    Places read "paragraph 7" (the 7th paragraph of the main text, tables not counted),
    "table 1, row 2, cell 1, paragraph 1", "header (first page), paragraph 2", "footer, …".
    The language is not known here, so a person's case forms of either language are accepted.
    """
    path = Path(path)
    name = path.name
    try:
        doc = _open_docx(_as_docx(path.read_bytes()), name)
    except OSError as e:
        return [f"{name}: cannot read: {e.strerror or e}"]
    except TemplateError as e:
        return [str(e)]
    out: list[str] = []
    for label, root, is_main in _parts(doc):
        tags: list[_Tag] = []
        for para in _paragraphs(root):
            out += _check_paragraph(name, label, para, tags)
        out += _check_part(name, label, tags, is_main)
        revisions = [qn(f"w:{t}") for t in ("ins", "del", "moveFrom", "moveTo")]
        if any(next(root.iter(tag), None) is not None for tag in revisions):
            where = label or "main text"
            out.append(f"{name}: {where}: tracked changes: accept or reject them before use")
    if any(rel.reltype == RT.COMMENTS for rel in doc.part.rels.values()):
        out.append(f"{name}: comments: delete them; they would be filed with the document")
    return out


# --- rendering ------------------------------------------------------------------------------------

_BODY_MARK = "complaintgen-body-placeholder-3c9e1f"


class _BodyPlaceholder:
    """What {{p body }} prints: a marker paragraph, replaced by the shipped body afterwards."""

    def __html__(self) -> str:
        return f"<w:p><w:r><w:t>{_BODY_MARK}</w:t></w:r></w:p>"


class _DocxTemplate(DocxTemplate):
    def render_properties(self, context: Any, jinja_env: Any = None) -> None:
        """Core properties are cleared, never rendered: they are not part of a filing."""

    def render_footnotes(self, context: Any, jinja_env: Any = None) -> None:
        # docxtpl renders footnotes once per section; a second pass would run case text that
        # the first pass printed as template code. Once is right.
        for part in self.docx.part.package.parts:
            if part.content_type == FOOTNOTES_CT:
                blob = part.blob.decode("utf-8") if isinstance(part.blob, bytes) else part.blob
                xml = self.render_xml_part(self.patch_xml(blob), part, context, jinja_env)
                part._blob = xml.encode("utf-8")

    def fix_tables(self, xml: str) -> Any:
        etree.fromstring(xml)  # strict: tags that cut the XML must fail, not be "recovered"
        return super().fix_tables(xml)


def _check_kind(case: Case, kind: str, lang: str, *, admissibility: bool = True) -> None:
    if kind not in KINDS:
        raise UsageError(f"unknown document '{kind}' (one of: {', '.join(KINDS)})")
    if lang not in KINDS[kind].langs:
        raise UsageError(f"'{kind}' is written in {', '.join(KINDS[kind].langs)}, not '{lang}'")
    if admissibility and kind == "cat":
        problems = cat_problems(case)
        if problems:
            raise AdmissibilityError(case.id, problems)


def _near(tpl: _DocxTemplate, exc: BaseException) -> str:
    """' near «text»' for the paragraph a Jinja error happened in, when we can tell."""
    lineno = getattr(exc, "lineno", None)
    if not isinstance(exc, jinja2.TemplateSyntaxError):
        lineno = None
        tb = exc.__traceback__
        while tb is not None:
            if tb.tb_frame.f_code.co_filename == "<template>":
                lineno = tb.tb_lineno
            tb = tb.tb_next
    part = getattr(tpl, "current_rendering_part", None)
    if not lineno or part is None:
        return ""
    try:
        if part is tpl.docx.part:
            xml = tpl.patch_xml(tpl.get_xml())
        else:
            blob = part.blob.decode("utf-8") if isinstance(part.blob, bytes) else part.blob
            xml = tpl.patch_xml(blob)
        line = re.sub(r"<w:p([ >])", r"\n<w:p\1", xml).splitlines()[lineno - 1]
    except Exception:  # best effort only
        return ""
    text = _short(re.sub(r"<[^>]+>", "", line), 60)
    return f" near '{text}'" if text else ""


def _render_docx(tpl: _DocxTemplate, name: str, ctx: dict[str, Any]) -> None:
    try:
        with _time_limit(TIME_LIMIT):
            tpl.render(ctx, jinja_env=environment(), autoescape=False)
    except _Timeout as e:
        raise TemplateError(f"{name}:{_near(tpl, e)}: refused: {e}") from e
    except jinja2.TemplateSyntaxError as e:
        raise TemplateError(f"{name}:{_near(tpl, e)}: template syntax error: {e.message}") from e
    except jinja2.exceptions.SecurityError as e:
        raise TemplateError(f"{name}:{_near(tpl, e)}: refused by the sandbox: {e}") from e
    except jinja2.UndefinedError as e:
        hint = ""
        if "'body' is undefined" in str(e.message):
            hint = " (a letterhead puts {{p body }} alone in a paragraph of the main text)"
        raise TemplateError(f"{name}:{_near(tpl, e)}: {e.message}{hint}") from e
    except jinja2.TemplateError as e:
        raise TemplateError(f"{name}:{_near(tpl, e)}: {e.message or e}") from e
    except ComplaintgenError as e:
        raise TemplateError(f"{name}:{_near(tpl, e)}: {e}") from e
    except etree.XMLSyntaxError as e:
        raise TemplateError(
            f"{name}: the tags cut the document's XML ({e}); run the template check"
        ) from e
    except TypeError as e:
        if "no loader" not in str(e):
            raise TemplateError(f"{name}:{_near(tpl, e)}: TypeError: {e}") from e
        msg = "include, import and extends are not available: a template is one file"
        raise TemplateError(f"{name}:{_near(tpl, e)}: {msg}") from e
    except Exception as e:  # a template can raise anything Python can (1/0, "a" + 1, …)
        raise TemplateError(f"{name}:{_near(tpl, e)}: {type(e).__name__}: {e}") from e


def _read(template: Path) -> bytes:
    try:
        return Path(template).read_bytes()
    except OSError as e:
        raise TemplateError(f"{Path(template).name}: cannot read: {e.strerror or e}") from e


def _refused_tags(doc: Any, name: str) -> list[str]:
    out = []
    for label, root, is_main in _parts(doc):
        for para in _paragraphs(root):
            for m in _TAG_RE.finditer(para.text):
                tag = _make_tag(label, para, m.group())
                if tag.kind == "var" and tag.prefix:
                    if is_main and tag.inner == "body" and tag.prefix == "p":
                        continue
                    out.append(
                        f"{name}: {tag.where}: '{_short(tag.src)}' is not supported "
                        "(complaintgen gives text; write {{ … }})"
                    )
    return out


def _redactor(case: Case, kind: str, lang: str, redact: bool) -> redaction.Redactor | None:
    """As documents.render_text: --redact, or an anonymous communication to the CAT."""
    anonymous = kind == "cat" and case.cat is not None and case.cat.anonymous
    if redact or anonymous:
        return redaction.for_case(case, lang, anonymous_only=not redact)
    return None


def render_with_template(
    case: Case, kind: str, lang: str, template: Path, *, today: date, redact: bool = False
) -> documents.Rendered:
    """Render `kind` in `lang` through an organisation's DOCX (a letterhead or a full template).

    Rendered.text is the shipped Markdown for a letterhead, the document's plain text
    (layout.extract_text) for a full custom template. `redact` hides what the case file's
    `redaction:` names, as render_document(redact=True) does (an anonymous CAT communication
    always is): in the context, and once more in every text run of the output.
    """
    template = Path(template)
    name = template.name
    data = _as_docx(_read(template))
    doc = _open_docx(data, name)
    refused = _refused_tags(doc, name)
    if refused:
        raise TemplateError("; ".join(refused))
    body_paragraphs = [p for p in _paragraphs(doc.element.body) if _BODY_TAG.match(p.text)]
    if len(body_paragraphs) > 1:
        raise TemplateError(f"{name}: {{{{p body }}}} appears {len(body_paragraphs)} times")
    _check_kind(case, kind, lang)
    hide = _redactor(case, kind, lang, redact)
    state = rendering.RenderState(lang)
    ctx = _docx_context(context.build(case, kind, lang, state, today, hide))
    tpl = _DocxTemplate(io.BytesIO(data))
    if body_paragraphs:
        markdown, body_state = documents.render_text(case, kind, lang, today, redact=redact)
        ctx["body"] = _BodyPlaceholder()
        _render_docx(tpl, name, ctx)
        _splice_body(tpl, name, layout.build_docx(markdown, lang), lang)
        gaps = list(dict.fromkeys(body_state.gaps + state.gaps))
        notes = list(dict.fromkeys(body_state.notes + state.notes))
        output = _finish(tpl, lang, hide)
        return documents.Rendered(kind, lang, markdown, output, gaps, notes)
    _render_docx(tpl, name, ctx)
    output = _finish(tpl, lang, hide)
    text = layout.extract_text(output)
    return documents.Rendered(kind, lang, text, output, list(state.gaps), list(state.notes))


def _finish(tpl: _DocxTemplate, lang: str, hide: redaction.Redactor | None) -> bytes:
    buf = io.BytesIO()
    tpl.save(buf)
    return layout.normalise_zip(_scrub(buf.getvalue(), lang, hide))


def _text_width_twips(doc: Any) -> int | None:
    section = doc.sections[-1]
    if None in (section.page_width, section.left_margin, section.right_margin):
        return None
    return int((section.page_width - section.left_margin - section.right_margin) / 635)


def _all_text(el: Any) -> str:
    # Not itertext(): python-docx's element classes repeat text in it.
    return "".join(t.text or "" for t in el.iter(W_T))


def _splice_body(tpl: _DocxTemplate, name: str, body_docx: bytes, lang: str) -> None:
    doc = tpl.docx
    marks = [p for p in doc.element.body.iter(W_P) if _all_text(p).strip() == _BODY_MARK]
    elsewhere = any(_BODY_MARK in _all_text(root) for _, root, main in _parts(doc) if not main)
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


# --- output: gaps highlighted, the package scrubbed -----------------------------------------------

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
def _empty_document(lang: str) -> bytes:
    """Shipped output with no text: the page set-up, styles and core properties of a filing."""
    return layout.build_docx("", lang)


@cache
def _core_xml(lang: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(_empty_document(lang))) as z:
        return z.read("docProps/core.xml")


def _xml(root: Any) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _scrub(data: bytes, lang: str, hide: redaction.Redactor | None = None) -> bytes:
    """Remove what the template's package says about its authors and their machines; highlight
    gaps. Core properties become those of shipped output; app.xml names only complaintgen."""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        files = {n: src.read(n) for n in src.namelist()}
    drop: set[str] = set()
    for rels_name in [n for n in files if n.endswith(".rels")]:
        rels = etree.fromstring(files[rels_name])
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
        types_xml = etree.fromstring(files["[Content_Types].xml"])
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


# --- context as JSON ------------------------------------------------------------------------------


def _jsonable(value: Any) -> Any:
    if isinstance(value, Markup):
        return _plain_inline(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items() if not str(k).startswith("_")}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, str):
        return str(value)
    if value is None or isinstance(value, bool | int | float):
        return value
    return str(value)


def context_json(case: Case, kind: str, lang: str, *, today: date) -> dict:
    """What a template of `kind` in `lang` sees, as JSON data: dates as ISO strings, functions
    by name with a one-line description under "functions", filters under "filters"."""
    _check_kind(case, kind, lang, admissibility=False)
    ctx = context.build(case, kind, lang, rendering.RenderState(lang), today)
    out = {k: _jsonable(v) for k, v in ctx.items() if not k.startswith("_") and not callable(v)}
    out["functions"] = {k: FUNCTIONS[k] for k in FUNCTIONS if callable(ctx.get(k))}
    out["filters"] = dict(FILTERS)
    return out


# --- exporting a shipped template as an editable DOCX ---------------------------------------------

_SRC_TAG = re.compile(
    r"""\{\{(?:[^"'}]|"[^"]*"|'[^']*'|\}(?!\}))*\}\}|\{%(?:[^"'%]|"[^"]*"|'[^']*'|%(?!\}))*%\}"""
)
_STRINGS = re.compile(r""""[^"]*"|'[^']*'""")
_HEADING = re.compile(r"^(#{1,3})\s+")
_ORDERED = re.compile(r"^(\d+)[.)]\s+")
_BULLET = re.compile(r"^[-+*]\s+")
_CONTAINER = re.compile(r"^:::\s*(header|signature)?\s*$")
TAG_COLOR = RGBColor(0x80, 0x80, 0x80)


@dataclass
class _Tok:
    kind: str  # text | var | stmt | macro
    src: str  # text, or the tag with whitespace control removed
    keyword: str = ""
    block: int = -1
    trims_newline: bool = False
    macro_name: str = ""


@dataclass
class _Block:
    id: int
    tokens: list[_Tok] = field(default_factory=list)


@dataclass
class _P:
    kind: str  # header | h1 | h2 | h3 | body | ol | ul | sig | macro
    items: list = field(
        default_factory=list
    )  # ("text", s, bold, italic) | ("tag", tok) | ("raw", s)
    after_break: bool = True
    start: int = 1
    num: int | None = None


@dataclass
class _PTag:
    src: str


@dataclass
class _Sig:
    cells: list[list] = field(default_factory=lambda: [[], []])


def _split_top(text: str, sep: str, maxsplit: int = -1) -> list[str]:
    parts, depth, start, i = [], 0, 0, 0
    while i < len(text):
        c = text[i]
        if c in "\"'":
            i = text.index(c, i + 1) + 1
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif c == sep and depth == 0 and (maxsplit < 0 or len(parts) < maxsplit):
            parts.append(text[start:i])
            start = i + 1
        i += 1
    parts.append(text[start:])
    return parts


def _dict_literals(expr: str, where: str) -> str:
    """{"a": x, "b": y} → dict(a=x, b=y): docxtpl's {%p %} tags cannot contain braces."""
    out, i = [], 0
    while i < len(expr):
        c = expr[i]
        if c in "\"'":
            j = expr.index(c, i + 1)
            out.append(expr[i : j + 1])
            i = j + 1
        elif c == "{":
            depth, j = 0, i
            while True:
                if expr[j] in "\"'":
                    j = expr.index(expr[j], j + 1)
                elif expr[j] == "{":
                    depth += 1
                elif expr[j] == "}":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            pairs = []
            for item in _split_top(expr[i + 1 : j], ","):
                if not item.strip():
                    continue
                key, value = _split_top(item, ":", 1)
                m = re.fullmatch(r"""\s*(["'])([A-Za-z_]\w*)\1\s*""", key)
                if not m:
                    raise TemplateError(f"{where}: cannot convert the dict key {key.strip()}")
                pairs.append(f"{m.group(2)}={_dict_literals(value.strip(), where)}")
            out.append("dict(" + ", ".join(pairs) + ")")
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def _rewrite_calls(inner: str, names: set[str], ns: str) -> str:
    if not names:
        return inner
    call = re.compile(r"(?<![\w.])(" + "|".join(map(re.escape, sorted(names))) + r")(?=\s*\()")
    pieces, pos = [], 0
    for m in _STRINGS.finditer(inner):
        pieces.append(call.sub(ns + r".\1", inner[pos : m.start()]) + m.group())
        pos = m.end()
    pieces.append(call.sub(ns + r".\1", inner[pos:]))
    return "".join(pieces)


class _Exporter:
    """A shipped .md.j2 as paragraphs with docxtpl tags (see export_template)."""

    def __init__(self, source: str, where: str):
        self.where = where
        source = re.sub(r"(?m)^[ \t]*(?=\{#)", "", source)
        source = re.sub(r"\{#.*?#\}\n?", "", source, flags=re.S)  # trim_blocks drops the newline
        self.ns = "macros" if not re.search(r"\bmacros\b", source) else "macros_"
        self.blocks: list[_Block] = []
        self.macros: set[str] = set(re.findall(r"\{%-?\s*macro\s+(\w+)", source))
        self.lines = self._lines(source)

    # tokens
    def _tag(self, raw: str) -> _Tok:
        kind = "var" if raw.startswith("{{") else "stmt"
        trims = kind == "stmt" and not raw.endswith("+%}")
        inner = raw[3 if raw[2:3] in ("-", "+") else 2 : -3 if raw[-3:-2] in ("-", "+") else -2]
        inner = inner.strip()
        inner = _dict_literals(inner, self.where)
        kw = re.match(r"[A-Za-z_]\w*", inner)
        keyword = kw.group() if kw and kind == "stmt" else ""
        if keyword != "macro":
            inner = _rewrite_calls(inner, self.macros, self.ns)
        src = "{{ " + inner + " }}" if kind == "var" else "{% " + inner + " %}"
        return _Tok(kind, src, keyword, trims_newline=trims)

    def _lines(self, source: str) -> list[list[_Tok]]:
        flat: list[_Tok | None] = []  # None = newline
        for line_no, line in enumerate(source.split("\n")):
            if line_no:
                flat.append(None)
            pos = 0
            for m in _SRC_TAG.finditer(line):
                if m.start() > pos:
                    flat.append(_Tok("text", line[pos : m.start()]))
                flat.append(self._tag(m.group()))
                pos = m.end()
            if pos < len(line):
                flat.append(_Tok("text", line[pos:]))
        # A macro definition is one unit: it prints nothing where it stands.
        merged: list[_Tok | None] = []
        i = 0
        while i < len(flat):
            tok = flat[i]
            if tok is not None and tok.kind == "stmt" and tok.keyword == "macro":
                depth, parts, j = 0, [], i
                while j < len(flat):
                    t = flat[j]
                    if t is not None and t.kind == "stmt" and t.keyword in ("macro", "endmacro"):
                        depth += 1 if t.keyword == "macro" else -1
                    parts.append(" " if t is None else t.src)
                    if depth == 0:
                        break
                    j += 1
                name = re.match(r"\{%\s*macro\s+(\w+)", tok.src).group(1)
                merged.append(
                    _Tok("macro", "".join(parts), "macro", trims_newline=True, macro_name=name)
                )
                i = j + 1
                continue
            merged.append(tok)
            i += 1
        lines: list[list[_Tok]] = [[]]
        for tok in merged:
            if tok is None:
                lines.append([])
            else:
                lines[-1].append(tok)
        # Blocks: each block tag knows its block, so blocks can be placed as a whole.
        stack: list[_Block] = []
        for tok in (t for line in lines for t in line if t.kind == "stmt"):
            inner = tok.src[2:-2].strip()
            if tok.keyword in OPENERS or (
                tok.keyword == "set" and _IS_BLOCK_SET.match(inner) is not None
            ):
                block = _Block(len(self.blocks))
                self.blocks.append(block)
                stack.append(block)
            elif tok.keyword in ("elif", "else") and stack:
                block = stack[-1]
            elif tok.keyword.startswith("end") and stack:
                block = stack.pop()
            else:
                block = _Block(len(self.blocks))
                self.blocks.append(block)
            tok.block = block.id
            block.tokens.append(tok)
        if stack:
            raise TemplateError(f"{self.where}: unbalanced blocks; fix the template first")
        return lines

    # atoms: what each line means for paragraphs
    def atoms(self) -> list[tuple]:
        out: list[tuple] = []
        ctx = "body"
        for line in self.lines:
            text_only = all(t.kind == "text" for t in line)
            joined = "".join(t.src for t in line)
            if not joined.strip():
                out.append(("break",))
                continue
            container = _CONTAINER.match(joined.strip()) if text_only else None
            if container:
                ctx = container.group(1) or "body"
                out.append(("container", container.group(1)))
                continue
            if all(t.kind in ("stmt", "macro") or not t.src.strip() for t in line):
                out.extend(("tag", t) for t in line if t.kind != "text")
                continue
            toks = list(line)
            heading = False
            if ctx == "header":
                out.append(("start", "header", 1))
            elif ctx == "signature":
                out.append(("start", "sig", 1))
            elif toks[0].kind == "text":
                first = toks[0].src.lstrip()
                for pattern, kind in ((_HEADING, "h"), (_ORDERED, "ol"), (_BULLET, "ul")):
                    m = pattern.match(first)
                    if m:
                        if kind == "h":
                            out.append(("start", f"h{len(m.group(1))}", 1))
                            heading = True
                        elif kind == "ol":
                            out.append(("start", "ol", int(m.group(1))))
                        else:
                            out.append(("start", "ul", 1))
                        toks[0] = _Tok("text", first[m.end() :])
                        break
            bold = italic = False
            for t in toks:
                if t.kind == "text":
                    pieces = _emphasis(t.src, bold, italic)
                    out.extend(("text", *piece) for piece in pieces)
                    bold, italic = pieces[-1][1], pieces[-1][2]
                elif t.kind == "var":
                    out.append(("text", t, bold, italic))
                else:
                    out.append(("tag", t))
            trims = toks[-1].kind in ("stmt", "macro") and toks[-1].trims_newline
            out.append(("eol", "" if ctx != "body" or trims else " "))
            if heading:
                out.append(("end",))  # a heading is one line
        return out

    def hoist_items(self, atoms: list[tuple]) -> list[tuple]:
        """{% if %} 1. a {% else %} 1. b {% endif %} → 1. {% if %} a {% else %} b {% endif %}.

        When every branch of an if/else starts the same kind of list item (and starts nothing
        else), the item can start before the block; the block then fits in one paragraph, and
        lines that continue the item stay in it, as in Markdown."""
        changed = True
        while changed:
            changed = False
            pos = {id(a[1]): i for i, a in enumerate(atoms) if a[0] == "tag"}
            for block in self.blocks:
                toks = block.tokens
                if len(toks) < 3 or toks[0].keyword != "if" or toks[-2].keyword != "else":
                    continue
                idx = [pos.get(id(t)) for t in toks]
                if None in idx:
                    continue
                starts = []
                for a, b in pairwise(idx):
                    content = [k for k in range(a + 1, b) if atoms[k][0] != "tag"]
                    if not content or atoms[content[0]][:2] not in (
                        ("start", "ol"),
                        ("start", "ul"),
                    ):
                        break
                    if any(
                        atoms[k][0] in ("start", "break", "container", "end") for k in content[1:]
                    ):
                        break
                    starts.append(content[0])
                else:
                    if len({atoms[k][1:] for k in starts}) == 1:
                        first = atoms[starts[0]]
                        for k in reversed(starts):
                            del atoms[k]
                        atoms.insert(idx[0], first)
                        changed = True
                        break
        return atoms

    # paragraphs, given which blocks are paragraph-level (PL)
    def segment(self, atoms: list[tuple], pl: set[int]) -> tuple[list, set[int]]:
        top: list = []
        target = top
        ctx = "body"
        cur: _P | None = None
        pending: list[_Tok] = []
        where: dict[int, tuple[_P, int]] = {}
        conflicts: set[int] = set()
        since_break = True
        sig: _Sig | None = None

        def close(hard: bool) -> None:
            nonlocal cur
            if cur is not None:
                texts = [k for k, item in enumerate(cur.items) if item[0] == "text"]
                if texts and cur.items[texts[-1]][1] == " ":
                    del cur.items[texts[-1]]  # the separator after the paragraph's last line
                if not cur.items:  # Markdown has no empty paragraphs
                    del target[next(k for k in range(len(target) - 1, -1, -1) if target[k] is cur)]
            cur = None
            if hard and pending:
                for tok in pending:
                    conflicts.add(tok.block)
                    target.append(_PTag(_p_tag(tok.src, self.where)))
                pending.clear()

        def open_para(kind: str, start: int = 1) -> _P:
            nonlocal cur, since_break
            cur = _P(kind, after_break=since_break, start=start)
            since_break = False
            for tok in pending:
                where[id(tok)] = (cur, len(cur.items))
                cur.items.append(("tag", tok))
            pending.clear()
            target.append(cur)
            return cur

        for atom in atoms:
            what = atom[0]
            if what == "container":
                close(True)
                ctx = {"header": "header", "signature": "sig"}.get(atom[1], "body")
                if ctx == "sig":
                    sig = _Sig()
                    top.append(sig)
                    target = sig.cells[0]
                else:
                    target = top
                since_break = True
            elif what == "break":
                close(True)
                since_break = True
                if ctx == "sig" and sig is not None and target is sig.cells[0] and sig.cells[0]:
                    target = sig.cells[1]
            elif what == "tag":
                tok = atom[1]
                if tok.kind == "macro":
                    close(True)
                    target.append(_PTag("{%p set macro_definitions %}"))
                    body = f"{tok.src}{{% set {self.ns}.{tok.macro_name} = {tok.macro_name} %}}"
                    target.append(_P("macro", [("raw", body)]))
                    target.append(_PTag("{%p endset %}"))
                elif tok.block in pl:
                    close(True)
                    target.append(_PTag(_p_tag(tok.src, self.where)))
                elif cur is not None:
                    where[id(tok)] = (cur, len(cur.items))
                    cur.items.append(("tag", tok))
                else:
                    pending.append(tok)
            elif what == "start":
                close(False)
                open_para(atom[1], atom[2])
            elif what == "text":
                if cur is None:
                    open_para({"header": "header", "sig": "sig"}.get(ctx, "body"))
                if isinstance(atom[1], _Tok) or atom[1]:
                    cur.items.append(atom)
            elif what == "end":
                close(False)
            elif what == "eol" and cur is not None and atom[1]:
                cur.items.append(("text", atom[1], False, False))
        close(True)
        # Inline blocks must sit in one paragraph that has text of its own outside them.
        for block in self.blocks:
            if block.id in pl or block.id in conflicts or not block.tokens:
                continue
            spots = [where.get(id(t)) for t in block.tokens]
            if any(s is None for s in spots) or len({id(s[0]) for s in spots}) > 1:
                conflicts.add(block.id)
                continue
            if len(block.tokens) < 2:
                continue
            # ... and that paragraph must not come out empty: it needs text outside the block,
            # or an {% else %} with text in every branch.
            para = spots[0][0]
            marks = [s[1] for s in spots]

            def has_text(k: int, para: _P = para) -> bool:
                item = para.items[k]
                return item[0] == "text" and (isinstance(item[1], _Tok) or bool(item[1].strip()))

            outside = any(
                has_text(k) for k in range(len(para.items)) if not marks[0] < k < marks[-1]
            )
            always = block.tokens[-2].keyword == "else" and all(
                any(has_text(k) for k in range(a + 1, b)) for a, b in pairwise(marks)
            )
            if not outside and not always:
                conflicts.add(block.id)
        return top, conflicts

    def plan(self) -> list:
        atoms = self.hoist_items(self.atoms())
        pl: set[int] = set()
        while True:
            elements, conflicts = self.segment(atoms, pl)
            if not conflicts:
                break
            pl |= conflicts
        if self.macros:
            elements.insert(0, _PTag(f"{{%p set {self.ns} = namespace() %}}"))
        # Numbered lists: one Word list per Markdown list, continued across {%p %} paragraphs.
        number: int | None = None
        lists = 0
        for el in elements:
            if isinstance(el, _P) and el.kind == "ol":
                if number is None:
                    lists += 1
                    number = lists
                el.num = number
            elif isinstance(el, _P) and (el.kind != "body" or el.after_break):
                if el.kind != "macro":
                    number = None
            elif isinstance(el, _Sig):
                number = None
        return elements


def _p_tag(src: str, where: str) -> str:
    inner = src[2:-2].strip()
    if "}" in inner or "%" in inner:
        raise TemplateError(f"{where}: cannot write '{src}' as a paragraph tag (it has }} or %)")
    return "{%p " + inner + " %}"


def _emphasis(text: str, bold: bool, italic: bool) -> list[tuple[str, bool, bool]]:
    """Markdown ** / * and backslash escapes in template text → (text, bold, italic) pieces."""
    out, buf, i = [], [], 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text) and not text[i + 1].isalnum():
            buf.append(text[i + 1])
            i += 2
            continue
        if c == "*":
            if buf:
                out.append(("".join(buf), bold, italic))
                buf = []
            if text.startswith("**", i):
                bold, i = not bold, i + 2
            else:
                italic, i = not italic, i + 1
            continue
        buf.append(c)
        i += 1
    if buf:
        out.append(("".join(buf), bold, italic))
    return out or [("", bold, italic)]


_NUMBERING = (
    '<w:abstractNum xmlns:w="{w}" w:abstractNumId="{a}"><w:multiLevelType w:val="singleLevel"/>'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:suff w:val="space"/>'
    '<w:lvlText w:val="%1)"/><w:lvlJc w:val="left"/>'
    '<w:pPr><w:ind w:left="0" w:firstLine="709"/></w:pPr></w:lvl></w:abstractNum>'
)


def _numbering(doc: Any, lists: list[tuple[int, int]]) -> dict[int, int]:
    """A Word numbering "1)" with a first-line indent; one w:num per list, each restarting."""
    numbering = doc.part.numbering_part.element
    ids = [int(x) for x in numbering.xpath("./w:abstractNum/@w:abstractNumId")] or [0]
    abstract = max(ids) + 1
    el = parse_xml(_NUMBERING.format(w=W_NS, a=abstract))
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
            text = item[1].src if isinstance(item[1], _Tok) else item[1]
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
    exporter = _Exporter(path.read_text(encoding="utf-8"), f"templates/{lang}/{kind}.md.j2")
    elements = exporter.plan()
    doc = Document(io.BytesIO(_empty_document(lang)))
    starts = {}
    for el in elements:
        if isinstance(el, _P) and el.num is not None:
            starts.setdefault(el.num, el.start)
    nums = _numbering(doc, sorted(starts.items())) if starts else {}
    note = _para(doc, "body")
    note.add_run(
        f"{{#p complaintgen template from templates/{lang}/{kind}.md.j2. Grey text is the "
        "template logic: paragraph tags vanish from the output, inline tags print case data. "
        "Check your edits with the template check before use. #}"
    ).font.color.rgb = TAG_COLOR
    for el in elements:
        if isinstance(el, _PTag):
            p = _para(doc, "body")
            p.add_run(el.src).font.color.rgb = TAG_COLOR
        elif isinstance(el, _P):
            kind_ = {"ol": "body", "ul": "body", "macro": "body"}.get(el.kind, el.kind)
            p = _para(doc, kind_)
            if el.kind == "ul":
                p.add_run("– ")
            if el.num is not None:
                num_pr = p._p.get_or_add_pPr().get_or_add_numPr()
                num_pr.get_or_add_ilvl().val = 0
                num_pr.get_or_add_numId().val = nums[el.num]
            _add_items(p, el.items, bold_all=el.kind in ("h1", "h3"))
        elif isinstance(el, _Sig):
            _signature(doc, el)
    buf = io.BytesIO()
    doc.save(buf)
    return layout.normalise_zip(buf.getvalue())


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


def _signature(doc: Any, sig: _Sig) -> None:
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
            if isinstance(el, _PTag):
                p.add_run(el.src).font.color.rgb = TAG_COLOR
            else:
                _add_items(p, el.items, bold_all=False)
    spacer = doc.add_paragraph()
    spacer.paragraph_format.space_before = Pt(0)
