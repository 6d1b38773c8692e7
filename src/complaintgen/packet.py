"""Every document the facts of one case call for, in the languages asked, with an index."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from . import files
from .context import appeal_deadline
from .documents import Rendered, render_document
from .errors import GapsError
from .kinds import KINDS
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
        "appeal_judge": "жалоба следственному судье — не позднее {d} (ч. 5 ст. 106 УПК РК)",
        "appeal_prosecutor": "жалоба прокурору — не позднее {d} (ст. 102 УПК РК)",
        "passed": " — СРОК ИСТЁК",
        "protection": "ходатайство о мерах безопасности рассматривается не позднее 24 часов "
        "с момента получения (ч. 4 ст. 96 УПК РК)",
        "examination": "ходатайство рассматривается не позднее трёх суток со дня заявления "
        "(ч. 4 ст. 99 УПК РК)",
        "art107": "обжалование постановления следственного судьи {d} — в течение трёх суток "
        "с момента его оглашения (ч. 2 ст. 107 УПК РК)",
    },
    "kk": {
        "title": "Іс бойынша құжаттар жинағы",
        "made": "Дайындалды",
        "skipped": "Дайындалмады",
        "deadlines": "Мерзімдер",
        "gaps": "нақтылау",
        "none": "жоқ",
        "note": "Жобалар: қол қоймас бұрын әр құжатты оқып, олқылықтарды толтырыңыз.",
        "appeal_judge": "тергеу судьясына шағым — {d} кешіктірмей "
        "(ҚР ҚПК-нің 106-бабының 5-бөлігі)",
        "appeal_prosecutor": "прокурорға шағым — {d} кешіктірмей (ҚР ҚПК-нің 102-бабы)",
        "passed": " — МЕРЗІМІ ӨТТІ",
        "protection": "қауіпсіздік шаралары туралы өтінішхат алынған сәттен бастап жиырма төрт "
        "сағаттан кешіктірілмей қаралады (ҚР ҚПК-нің 96-бабының 4-бөлігі)",
        "examination": "өтінішхат мәлімделген күннен бастап үш тәуліктен кешіктірілмей қаралады "
        "(ҚР ҚПК-нің 99-бабының 4-бөлігі)",
        "art107": "тергеу судьясының {d} қаулысына шағым — жарияланған сәттен бастап үш тәулік "
        "ішінде (ҚР ҚПК-нің 107-бабының 2-бөлігі)",
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
    for kind in KINDS.values():
        why = kind.needs(case)
        if why:
            packet.skipped.append((kind.name, why))
            continue
        for lang in [lg for lg in kind.langs if lg in langs] or [kind.langs[0]]:
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
    t = TEXT[lang]
    out = []
    if "appeal" in kinds:
        d = appeal_deadline(case, today)
        if d:
            key = "appeal_prosecutor" if case.route.value == "prosecutor" else "appeal_judge"
            line = t[key].format(d=d["last_day"].strftime("%d.%m.%Y"))
            out.append(line + (t["passed"] if d["passed"] else ""))
    appealed = any(a.level == "appeal_court" for a in case.court_appeals)
    for appeal in case.court_appeals:
        if appeal.level == "investigating_judge" and appeal.decision_date and not appealed:
            last = appeal.decision_date + timedelta(days=3)
            line = t["art107"].format(d=appeal.decision_date.strftime("%d.%m.%Y"))
            out.append(line + (t["passed"] if today > last else ""))
    if "protection" in kinds:
        out.append(t["protection"])
    if "examination" in kinds:
        out.append(t["examination"])
    return out


def index_text(case: Case, packet: Packet, lang: str) -> str:
    t = TEXT[lang]
    lines = [f"# {t['title']} {case.id}", "", t["note"], "", f"## {t['made']}", ""]
    for doc, path in packet.documents:
        title = KINDS[doc.kind].title.get(doc.lang) or KINDS[doc.kind].title[lang]
        gaps = f" ({t['gaps']}: {'; '.join(doc.gaps)})" if doc.gaps else ""
        lines.append(f"- {path.name} — {title}{gaps}")
    lines += ["", f"## {t['skipped']}", ""]
    lines += [f"- {kind}: {why}" for kind, why in packet.skipped] or [f"- {t['none']}"]
    lines += ["", f"## {t['deadlines']}", ""]
    lines += [f"- {d}" for d in packet.deadlines] or [f"- {t['none']}"]
    return "\n".join(lines) + "\n"
