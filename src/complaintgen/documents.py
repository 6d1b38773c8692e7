"""Render a document of one kind, in one language, from a Case: the library's main entry point."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import context, files, layout, redaction, rendering
from .errors import AdmissibilityError, GapsError, StageError, TemplateError, UsageError
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


def output_paths(
    case: Case, kind: str, langs: list[str], out: Path | None, *, redacted: bool = False
) -> dict[str, Path]:
    """Where each language version goes: a folder gets <id>_<kind>_<lang>.docx files."""
    name = f"{case.id}_{kind}_{{lang}}{'_redacted' if redacted else ''}.docx"
    if out is None:
        return {lang: Path(name.format(lang=lang)) for lang in langs}
    if out.suffix.lower() == ".docx" and not out.is_dir():
        if len(langs) == 1:
            return {langs[0]: out}
        return {lang: out.with_name(f"{out.stem}_{lang}.docx") for lang in langs}
    return {lang: out / name.format(lang=lang) for lang in langs}


def generate(
    case: Case,
    kind: str,
    langs: list[str],
    out: Path | None,
    *,
    strict: bool = False,
    source: str = "",
    today: date | None = None,
    redact: bool = False,
    template: Path | None = None,
    force: bool = False,
) -> tuple[list[Rendered], dict[str, Path]]:
    """Render every language first and write only if all succeed: never a partial set of files.

    `template` is an organisation's DOCX: a letterhead around the shipped text, or a whole
    template of its own (docs/templates.md).
    """
    if template is not None:
        from .orgtemplates import render_with_template

        day = today or date.today()
        docs = [
            render_with_template(case, kind, lang, template, today=day, redact=redact)
            for lang in langs
        ]
    else:
        docs = [render_document(case, kind, lang, today=today, redact=redact) for lang in langs]
    if strict:
        gaps = [f"[{d.lang}] {g}" for d in docs for g in d.gaps]
        if gaps:
            raise GapsError(source or case.id, gaps)
    paths = output_paths(case, kind, langs, out, redacted=redact)
    files.write_set(
        {paths[d.lang]: d.docx for d in docs}, protect=list(paths.values()), force=force
    )
    return docs, paths
