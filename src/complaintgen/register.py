"""The register of deadlines across cases: a terminal table, CSV, XLSX and an iCalendar file.

Only case ids, dates and legal bases leave here: no names, so a calendar synced to a phone does
not carry a victim's identity.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta

from . import deadlines as dl

HEADERS = {
    "ru": [
        "Дело",
        "Последний день",
        "Осталось дней",
        "Статус",
        "Что",
        "Основание",
        "Считая от",
        "Поле",
    ],
    "kk": ["Іс", "Соңғы күн", "Қалған күн", "Мәртебе", "Не", "Негіз", "Неден бастап", "Өріс"],
    "en": [
        "Case",
        "Last day",
        "Days left",
        "Status",
        "What",
        "Legal basis",
        "Counted from",
        "Field",
    ],
}
STATUS = {
    "ru": {"overdue": "ПРОСРОЧЕН", "due": "СКОРО", "running": "", "unknown": "НЕ ИЗВЕСТЕН"},
    "kk": {"overdue": "ӨТІП КЕТТІ", "due": "ЖАҚЫН", "running": "", "unknown": "БЕЛГІСІЗ"},
    "en": {"overdue": "OVERDUE", "due": "DUE SOON", "running": "", "unknown": "UNKNOWN"},
}
PARTY = {
    "ru": {"us": "подать", "authority": "ждать ответа"},
    "kk": {"us": "беру", "authority": "жауап күту"},
    "en": {"us": "file", "authority": "awaiting answer"},
}
MISSING = {
    "ru": "нет даты: заполните {field}",
    "kk": "күні жоқ: {field} толтырыңыз",
    "en": "no date: fill in {field}",
}


def _d(day: date | None) -> str:
    return day.strftime("%d.%m.%Y") if day else ""


def rows(items: Iterable[dl.Deadline], today: date, within: int, lang: str) -> list[list]:
    """One row per deadline, in the order of HEADERS[lang]; dates stay dates (for XLSX)."""
    out = []
    for d in items:
        status = d.status(today, within)
        what = f"{d.what(lang)} ({PARTY[lang][d.party]})"
        start = d.start if d.start else MISSING[lang].format(field=d.start_field)
        out.append(
            [
                d.case_id,
                d.last_day,
                d.days_left(today),
                STATUS[lang][status],
                what,
                d.basis(lang),
                start,
                d.start_field,
            ]
        )
    return out


def table(items: list[dl.Deadline], today: date, within: int, lang: str) -> str:
    """The register as fixed-width text for a terminal, with the counting note below it."""

    def cell(value: object) -> str:
        return _d(value) if isinstance(value, date) else "" if value is None else str(value)

    head = HEADERS[lang][:7]
    body = [[cell(c) for c in r[:7]] for r in rows(items, today, within, lang)]
    widths = [max(len(str(x)) for x in col) for col in zip(head, *body, strict=False)]
    widths[4] = min(widths[4], 70)

    def line(cells: list[str]) -> str:
        return "  ".join(c[:w].ljust(w) for c, w in zip(cells, widths, strict=False)).rstrip()

    lines = [line(head), line(["-" * w for w in widths])] + [line(r) for r in body]
    return "\n".join([*lines, "", dl.COUNTING[lang]]) + "\n"


def to_csv(items: list[dl.Deadline], today: date, within: int, lang: str) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(HEADERS[lang])
    for r in rows(items, today, within, lang):
        writer.writerow(
            [c.isoformat() if isinstance(c, date) else ("" if c is None else c) for c in r]
        )
    return buf.getvalue().encode("utf-8-sig")  # the BOM makes Excel read UTF-8


def to_xlsx(items: list[dl.Deadline], today: date, within: int, lang: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    from .package import workbook_bytes

    wb = Workbook()
    ws = wb.active
    ws.title = {"ru": "Сроки", "kk": "Мерзімдер", "en": "Deadlines"}[lang]
    ws.append(HEADERS[lang])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    red, amber = PatternFill("solid", fgColor="F4CCCC"), PatternFill("solid", fgColor="FFF2CC")
    for d, r in zip(items, rows(items, today, within, lang), strict=True):
        ws.append(r)
        status = d.status(today, within)
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, date):
                cell.number_format = "DD.MM.YYYY"
            if status in ("overdue", "due"):
                cell.fill = red if status == "overdue" else amber
    for letter, width in zip("ABCDEFGH", (16, 14, 10, 14, 60, 26, 14, 34), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    ws.append([])
    ws.append([dl.COUNTING[lang]])
    return workbook_bytes(wb)


def to_ics(items: list[dl.Deadline], today: date, lang: str) -> bytes:
    """An all-day event on each last day; our own deadlines remind three days ahead.

    UIDs are stable (case, rule, start fact), so importing a newer register updates events
    instead of duplicating them.
    """
    from icalendar import Alarm, Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//complaintgen//deadlines//" + lang.upper())
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add(
        "x-wr-calname",
        {"ru": "Сроки по делам", "kk": "Істер бойынша мерзімдер", "en": "Case deadlines"}[lang],
    )
    stamp = datetime.combine(today, time(0, 0), tzinfo=UTC)
    for d in items:
        if d.last_day is None:
            continue
        event = Event()
        uid = f"{d.case_id}-{d.rule}-{d.start_field}".replace("[", "-").replace("]", "")
        event.add("uid", f"{uid}@complaintgen")
        event.add("dtstamp", stamp)
        event.add("dtstart", d.last_day)
        event.add("dtend", d.last_day + timedelta(days=1))
        event.add("summary", f"{d.case_id}: {d.what(lang)}")
        start = _d(d.start)
        event.add(
            "description",
            f"{d.basis(lang)}\n{HEADERS[lang][6]}: {start} ({d.start_field})\n{dl.COUNTING[lang]}",
        )
        event.add("transp", "TRANSPARENT")
        if d.party == "us":
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"{d.case_id}: {d.what(lang)}")
            alarm.add("trigger", timedelta(days=-3))
            event.add_component(alarm)
        cal.add_component(event)
    return cal.to_ical()
