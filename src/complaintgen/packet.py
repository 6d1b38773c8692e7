"""Every document the facts of one case call for, in the languages asked, with an index."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import deadlines as dl
from . import files
from .documents import Rendered, render_document
from .errors import GapsError
from .i18n import Translator
from .kinds import KINDS, applicable, langs_for
from .models import Case

INDEX_NAME = "index.md"


@dataclass
class Packet:
    documents: list[tuple[Rendered, Path]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (kind, why)
    deadlines: list[str] = field(default_factory=list)
    index: Path | None = None


TEXT = {
    "ru": {
        "title": "Пакет документов по делу",
        "made": "Подготовлены",
        "skipped": "Не подготовлены",
        "deadlines": "Сроки",
        "gaps": "уточнить",
        "none": "нет",
        "note": "Черновики: прочитайте каждый документ и восполните пробелы перед подписанием.",
        "by": "{what} — не позднее {d} ({basis})",
        "passed": " — СРОК ИСТЁК",
    },
    "kk": {
        "title": "Іс бойынша құжаттар жинағы",
        "made": "Дайындалды",
        "skipped": "Дайындалмады",
        "deadlines": "Мерзімдер",
        "gaps": "нақтылау",
        "none": "жоқ",
        "note": "Жобалар: қол қоймас бұрын әр құжатты оқып, олқылықтарды толтырыңыз.",
        "by": "{what} — {d} кешіктірмей ({basis})",
        "passed": " — МЕРЗІМІ ӨТТІ",
    },
}


def build_packet(
    case: Case,
    langs: list[str],
    outdir: Path,
    *,
    strict: bool = False,
    today: date | None = None,
    redact: bool = False,
    force: bool = False,
) -> Packet:
    """Render everything first, then write: a failure leaves no half-made packet behind."""
    today = today or date.today()
    packet = Packet()
    planned: list[Rendered] = []
    chosen, packet.skipped = applicable(case)
    for kind in chosen:
        for lang in langs_for(kind, langs):
            planned.append(render_document(case, kind.name, lang, today=today, redact=redact))
    if strict:
        gaps = [f"[{d.kind} {d.lang}] {g}" for d in planned for g in d.gaps]
        if gaps:
            raise GapsError(case.id, gaps)
    index_lang = "ru" if "ru" in langs else "kk"
    packet.deadlines = deadlines(case, {d.kind for d in planned}, today, index_lang)
    suffix = "_redacted" if redact else ""
    for doc in planned:
        packet.documents.append((doc, outdir / f"{case.id}_{doc.kind}_{doc.lang}{suffix}.docx"))
    packet.index = outdir / INDEX_NAME
    written = {path: doc.docx for doc, path in packet.documents}
    written[packet.index] = index_text(case, packet, index_lang).encode("utf-8")
    files.write_set(written, protect=[p for _, p in packet.documents], force=force)
    return packet


def deadlines(case: Case, kinds: set[str], today: date, lang: str) -> list[str]:
    """The index's deadlines; the rules and their wording are deadlines.py's."""
    t = TEXT[lang]
    found = [KINDS[k].deadline(case) for k in kinds if KINDS[k].deadline]
    found += [d for d in dl.for_case(case) if d.rule == "art107"]
    out = []
    for d in found:
        if d and d.last_day:
            day = d.last_day.strftime("%d.%m.%Y")
            line = t["by"].format(what=d.what(lang), d=day, basis=d.basis(lang))
            out.append(line + (t["passed"] if d.status(today) == "overdue" else ""))
    out += [dl.FILED_TEXT[kind][lang] for kind in sorted(kinds) if kind in dl.FILED_TEXT]
    return out


def index_text(case: Case, packet: Packet, lang: str) -> str:
    t = TEXT[lang]
    lines = [f"# {t['title']} {case.id}", "", t["note"], "", f"## {t['made']}", ""]
    for doc, path in packet.documents:
        kind = KINDS[doc.kind]
        # The document's own title says what it asks for; a language that is not filed (the
        # client's copy of a communication) keeps the registry's title, which says so.
        own = doc.title if doc.lang in kind.filed_langs else None
        title = own or kind.title.get(doc.lang) or kind.title[lang]
        gaps = f" ({t['gaps']}: {'; '.join(doc.gaps)})" if doc.gaps else ""
        lines.append(f"- {path.name} — {title}{gaps}")
    lines += ["", f"## {t['skipped']}", ""]
    said = Translator(lang).model  # the reasons are in the model's English: said in the index's
    lines += [f"- {kind}: {said(why)}" for kind, why in packet.skipped] or [f"- {t['none']}"]
    lines += ["", f"## {t['deadlines']}", ""]
    lines += [f"- {d}" for d in packet.deadlines] or [f"- {t['none']}"]
    return "\n".join(lines) + "\n"
