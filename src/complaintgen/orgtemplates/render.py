"""render_with_template: a case rendered through an organisation's DOCX with docxtpl."""

from __future__ import annotations

import io
import re
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

import jinja2
from docxtpl import DocxTemplate
from lxml import etree

from .. import context, documents, docx_text, layout, package, redaction, rendering
from ..errors import ComplaintgenError, TemplateError
from ..models import Case
from . import limits
from .docx_reading import (
    BODY_TAG,
    SAFE_PARSER,
    TAG_RE,
    make_tag,
    paragraphs,
    read_template,
    short,
    text_parts,
)
from .letterhead import BodyPlaceholder, splice_body
from .plaintext import docx_context
from .sandbox import Timeout, environment, time_limit
from .scrub import scrub_output
from .wordml import FOOTNOTES_CT


def _xml_of(part: Any) -> str:
    # A part docxtpl has rendered holds str, an untouched one bytes.
    return part.blob.decode("utf-8") if isinstance(part.blob, bytes) else part.blob


class _DocxTemplate(DocxTemplate):
    def render_properties(self, context: Any, jinja_env: Any = None) -> None:
        """Core properties are cleared, never rendered: they are not part of a filing."""

    def render_footnotes(self, context: Any, jinja_env: Any = None) -> None:
        # docxtpl renders footnotes once per section; a second pass would run case text that
        # the first pass printed as template code. Once is right.
        for part in self.docx.part.package.parts:
            if part.content_type == FOOTNOTES_CT:
                xml = self.render_xml_part(self.patch_xml(_xml_of(part)), part, context, jinja_env)
                part._blob = xml.encode("utf-8")

    def fix_tables(self, xml: str) -> Any:
        etree.fromstring(xml, SAFE_PARSER)  # strict: tags that cut the XML must fail
        return super().fix_tables(xml)


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
        xml = tpl.patch_xml(tpl.get_xml() if part is tpl.docx.part else _xml_of(part))
        line = re.sub(r"<w:p([ >])", r"\n<w:p\1", xml).splitlines()[lineno - 1]
    except Exception:  # best effort only
        return ""
    text = short(re.sub(r"<[^>]+>", "", line), 60)
    return f" near '{text}'" if text else ""


def _render_docx(tpl: _DocxTemplate, name: str, ctx: dict[str, Any]) -> None:
    try:
        with time_limit():
            tpl.render(ctx, jinja_env=environment(), autoescape=False)
    except Timeout as e:
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
    except MemoryError:
        raise  # limits.run_limited names it
    except Exception as e:  # a template can raise anything Python can (1/0, "a" + 1, …)
        raise TemplateError(f"{name}:{_near(tpl, e)}: {type(e).__name__}: {e}") from e


def _refused_tags(doc: Any, name: str) -> list[str]:
    out = []
    for label, root, is_main in text_parts(doc):
        for para in paragraphs(root):
            for m in TAG_RE.finditer(para.text):
                tag = make_tag(label, para, m.group())
                if tag.kind == "var" and tag.prefix:
                    if is_main and tag.inner == "body" and tag.prefix == "p":
                        continue
                    out.append(
                        f"{name}: {tag.where}: '{short(tag.src)}' is not supported "
                        "(complaintgen gives text; write {{ … }})"
                    )
    return out


def render_with_template(
    case: Case, kind: str, lang: str, template: Path, *, today: date, redact: bool = False
) -> documents.Rendered:
    """Render `kind` in `lang` through an organisation's DOCX (a letterhead or a full template).

    Rendered.text is the shipped Markdown for a letterhead, the document's plain text
    (docx_text.extract_text) for a full custom template. `redact` hides what the case file's
    `redaction:` names, as render_document(redact=True) does (an anonymous CAT communication
    always is): in the context, and once more in every text run of the output.

    What is ours is made here: the case's refusals (first and in full), its context, the shipped
    text and its layout. Only what reads the sent file (parse, render, splice, save) runs in a
    child with CPU and memory limits (limits.py): a template is a file someone sent. The child
    is forked from a process that has done this work once already, so it starts warm.
    """
    documents.check_kind(case, kind, lang)
    hide = documents.redactor(case, kind, lang, redact)
    markdown, body_state = documents.render_text(case, kind, lang, today, redact=redact)
    body = layout.build_docx(markdown, lang)
    state = rendering.RenderState(lang)
    ctx = docx_context(context.build(case, kind, lang, state, today, hide))
    _warm(lang)
    return limits.run_limited(
        Path(template).name,
        _render_sent,
        Path(template),
        _Ours(kind, lang, ctx, state, markdown, body_state, body, hide),
    )


class _Ours(NamedTuple):
    """What the parent made for one document, handed to the child by the fork."""

    kind: str
    lang: str
    ctx: dict[str, Any]  # the template's context (plain text), its gaps noted in `state`
    state: rendering.RenderState
    markdown: str  # the shipped document, for a letterhead's body
    body_state: rendering.RenderState
    body: bytes  # its DOCX layout
    hide: redaction.Redactor | None


def _render_sent(template: Path, ours: _Ours) -> documents.Rendered:
    """The child's part: read the sent DOCX, render it with our context, save the result."""
    name = template.name
    data, doc = read_template(template)
    refused = _refused_tags(doc, name)
    if refused:
        raise TemplateError("; ".join(refused))
    body_paragraphs = [p for p in paragraphs(doc.element.body) if BODY_TAG.match(p.text)]
    if len(body_paragraphs) > 1:
        raise TemplateError(f"{name}: {{{{p body }}}} appears {len(body_paragraphs)} times")
    kind, lang, ctx, state = ours.kind, ours.lang, ours.ctx, ours.state
    tpl = _DocxTemplate(io.BytesIO(data))
    tpl.docx = doc  # docxtpl renders the Document read above rather than parse the file again
    if body_paragraphs:
        ctx["body"] = BodyPlaceholder()
        _render_docx(tpl, name, ctx)
        splice_body(tpl.docx, name, ours.body, lang)
        gaps = list(dict.fromkeys(ours.body_state.gaps + state.gaps))
        notes = list(dict.fromkeys(ours.body_state.notes + state.notes))
        output = _finish(tpl, lang, ours.hide)
        return documents.Rendered(kind, lang, ours.markdown, output, gaps, notes)
    _render_docx(tpl, name, ctx)
    output = _finish(tpl, lang, ours.hide)
    text = docx_text.extract_text(output)
    return documents.Rendered(kind, lang, text, output, list(state.gaps), list(state.notes))


@cache
def _warm(lang: str) -> None:
    """Render a DOCX of our own once per process, so every child is forked with docxtpl's,
    the scrubber's and the sandbox's lazy parts (imports, compiled patterns) already made."""
    tpl = _DocxTemplate(io.BytesIO(layout.build_docx("{{ x }}", lang)))
    _render_docx(tpl, "warm-up", {"x": "x"})
    docx_text.extract_text(_finish(tpl, lang, None))


def _finish(tpl: _DocxTemplate, lang: str, hide: redaction.Redactor | None) -> bytes:
    buf = io.BytesIO()
    tpl.save(buf)
    output = package.normalise_zip(scrub_output(buf.getvalue(), lang, hide))
    return redaction.verify(output, hide) if hide else output
