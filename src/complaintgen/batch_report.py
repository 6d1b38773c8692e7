"""What a batch leaves for a person to act on: report.csv / report.xlsx in the interface language
(every case, every problem of it, its next deadline) and the deadlines of all its cases
(deadlines.csv, deadlines.ics)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import deadlines as dl
from . import files, i18n, package, register
from .errors import Problem, printable

REPORT_CSV = "report.csv"
REPORT_XLSX = "report.xlsx"
DEADLINES_CSV = "deadlines.csv"
DEADLINES_ICS = "deadlines.ics"

HEADERS = {
    "ru": [
        "Дело",
        "Статус",
        "Источник",
        "Строка",
        "Поле",
        "Проблема",
        "Ближайший срок",
        "Что",
        "Осталось дней",
    ],
    "kk": [
        "Іс",
        "Мәртебе",
        "Дереккөз",
        "Жол",
        "Өріс",
        "Мәселе",
        "Жақын мерзім",
        "Не",
        "Қалған күн",
    ],
    "en": ["case", "status", "source", "row", "field", "problem", "deadline", "what", "days left"],
}
STATUS = {
    "ru": {"rendered": "готово", "unchanged": "без изменений", "failed": "ОШИБКА"},
    "kk": {"rendered": "дайын", "unchanged": "өзгеріссіз", "failed": "ҚАТЕ"},
    "en": {"rendered": "rendered", "unchanged": "unchanged", "failed": "FAILED"},
}


@dataclass
class CaseLine:
    """One case of the batch as the report shows it."""

    case_id: str
    source: str
    row: int | None
    status: str = "rendered"  # rendered, unchanged, failed
    problems: list[Problem] = field(default_factory=list)
    deadline: dl.Deadline | None = None


def _rows(lines: list[CaseLine], lang: str, today: date) -> list[list]:
    t = i18n.Translator(lang)
    out = []
    for c in lines:
        d = c.deadline
        due = [d.last_day, d.what(lang), d.days_left(today)] if d and d.last_day else ["", "", ""]
        status = STATUS[lang][c.status]
        for p in c.problems or [None]:
            where = (
                [p.source, p.row or "", *_located(p, t)] if p else [c.source, c.row or "", "", ""]
            )
            out.append([c.case_id, status, *where, *due])
    return out


_GAP = re.compile(r"^\[(\w+ \w+)\] missing: (.+)$", re.DOTALL)
MISSING = {"ru": "не хватает: {gap}", "kk": "жетіспейді: {gap}", "en": "missing: {gap}"}


def _located(p: Problem, t: i18n.Translator) -> tuple[str, str]:
    """(field, problem) in the report's language; a document's gap names the document."""
    m = _GAP.match(p.message)
    if m and not p.field:
        return m[1], MISSING[t.lang].format(gap=m[2])
    return p.field, t.model(p.message)


def write(
    outdir: Path,
    lines: list[CaseLine],
    found: list[dl.Deadline],
    lang: str,
    today: date,
    within: int = 7,
) -> None:
    """report.csv, report.xlsx, deadlines.csv and deadlines.ics, built first, then written."""
    lang = lang if lang in HEADERS else "en"
    # Escaped as on the terminal: a report is read with cat too, and a lone surrogate from the
    # input cannot be written as UTF-8 (or into a workbook) at all.
    rows = [
        [printable(c, CELL) if isinstance(c, str) else c for c in row]
        for row in _rows(lines, lang, today)
    ]
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(HEADERS[lang])
    for r in rows:
        writer.writerow([c.isoformat() if isinstance(c, date) else _csv_text(c) for c in r])
    items = sorted(found, key=dl.sort_key)
    outputs = {
        REPORT_CSV: buf.getvalue().encode("utf-8-sig"),
        REPORT_XLSX: _xlsx(rows, lang),
        DEADLINES_CSV: register.to_csv(items, today, within, lang),
        DEADLINES_ICS: register.to_ics(items, today, lang),
    }
    for name, data in outputs.items():
        files.write_atomic(outdir / name, data)


CELL = 2_000  # characters of one report cell


def _csv_text(value: object) -> object:
    """A problem quoting what was typed («=cmd|…») must not become a formula when the CSV is
    opened in a spreadsheet: such a cell starts with an apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "@"):
        return "'" + value
    return value


def _xlsx(rows: list[list], lang: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    from .workbook import keep_text

    wb = Workbook()
    ws = wb.active
    ws.title = {"ru": "Отчёт", "kk": "Есеп", "en": "Report"}[lang]
    ws.append(HEADERS[lang])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    failed = STATUS[lang]["failed"]
    red = PatternFill("solid", fgColor="F4CCCC")
    for r in rows:
        ws.append(r)
        for cell in ws[ws.max_row]:
            keep_text(cell)
            if isinstance(cell.value, date):
                cell.number_format = "DD.MM.YYYY"
            if r[1] == failed:
                cell.fill = red
    for letter, width in zip("ABCDEFGHI", (16, 14, 24, 7, 28, 70, 14, 50, 10), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    return package.workbook_bytes(wb)
