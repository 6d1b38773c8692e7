"""Render a document in each language asked for and write them all, or none: what a document
command does. An organisation's DOCX template, when given, renders instead of the shipped one."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from . import files
from .context import per_case
from .documents import Rendered, render_document
from .errors import GapsError
from .models import Case


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
        # Imported here: an organisation's template needs python-docx, the shipped text does not.
        from .orgtemplates import render_with_template

        day = today or date.today()
        docs = [
            render_with_template(case, kind, lang, template, today=day, redact=redact)
            for lang in langs
        ]
    else:
        with per_case():  # argued once for both languages
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
