"""Render a document of one kind, in one language, from a Case: the library's main entry point."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from . import context, layout, redaction, rendering
from .errors import AdmissibilityError, StageError, TemplateError, UsageError
from .kinds import KINDS
from .models import Case

# Case values are escaped, so unescaped braces can only be template code that leaked through.
_RESIDUE = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")


@dataclass
class Rendered:
    kind: str
    lang: str
    text: str  # the Markdown the template produced
    docx: bytes
    gaps: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    translated: list[str] = field(default_factory=list)

    @property
    def title(self) -> str | None:
        """The document's own title as a line of plain text («Ходатайство о назначении
        судебно-медицинской экспертизы»): its first heading and the subtitle under it, which say
        what this document asks for (an examination petition may ask for one of two)."""
        from . import dialect  # only for an index; rendering a document does not need it

        heads = [b for b in dialect.blocks(self.text)[:12] if b.kind == "heading"][:2]
        if len(heads) < 2 or (heads[0].level, heads[1].level) != (1, 2):
            return None
        word, subject = (dialect.plain(b.runs).strip() for b in heads)
        word = word[:1] + word[1:].lower()
        if self.lang == "kk":  # «… туралы өтінішхат», «… қаулыға шағым»
            return f"{subject[:1].upper()}{subject[1:]} {word.lower()}"
        return f"{word} {subject}"


def check_kind(case: Case, kind: str, lang: str, *, admissibility: bool = True) -> None:
    """What must hold before any document is rendered, shipped template or an organisation's."""
    if kind not in KINDS:
        raise UsageError(f"unknown document '{kind}' (one of: {', '.join(KINDS)})")
    if lang not in KINDS[kind].langs:
        raise UsageError(f"'{kind}' is written in {', '.join(KINDS[kind].langs)}, not '{lang}'")
    k = KINDS[kind]
    if admissibility and k.admissibility:
        problems = k.admissibility(case)
        if problems:
            raise AdmissibilityError(case.id, problems)
    stage = k.stage(case) if k.stage else None
    if stage:
        raise StageError(case.id, kind, stage)


def redactor(case: Case, kind: str, lang: str, redact: bool) -> redaction.Redactor | None:
    """--redact hides what the case file chooses; an anonymous CAT communication, the victim."""
    anonymous = KINDS[kind].anonymous(case)
    if redact or anonymous:
        return redaction.for_case(case, lang, anonymous_only=not redact)
    return None


def render_text(
    case: Case, kind: str, lang: str, today: date | None = None, *, redact: bool = False
) -> tuple[str, rendering.RenderState]:
    check_kind(case, kind, lang)
    hide = redactor(case, kind, lang, redact)
    state = rendering.RenderState(lang)
    ctx = context.build(case, kind, lang, state, today or date.today(), hide)
    path = rendering.template_path(kind, lang)
    text = rendering.render(rendering.compile_file(path), ctx, str(path))
    text = rendering.finish(text, state)  # translation gaps shown, and listed where shown
    if hide:
        text = hide.scrub(text)  # the last net: a hidden name typed where nobody expected it
    # Every residue has a brace; most documents have none and skip the scan.
    leftover = None
    if "{" in text or "}" in text:
        leftover = _RESIDUE.search(_unescape(text))
    if leftover:
        raise TemplateError(f"{path}: output contains template residue '{leftover.group()}'")
    return text, state


def _unescape(text: str) -> str:
    # Case values are escaped (\{\{); only unescaped braces are template residue.
    return re.sub(r"\\.", "", text)


def render_document(
    case: Case, kind: str, lang: str, *, today: date | None = None, redact: bool = False
) -> Rendered:
    text, state = render_text(case, kind, lang, today, redact=redact)
    docx = layout.build_docx(text, lang)
    hide = redactor(case, kind, lang, redact)
    if hide:  # the last check of the finished package: every XML part
        redaction.verify(docx, hide, f"{case.id} {kind} {lang}")
    return Rendered(kind, lang, text, docx, state.gaps, state.notes, state.translated)
