"""The last day to file the complaint on each route (УПК ст. 106 ч. 5; ст. 102).

Counted conservatively: no extension for a last day that falls on a non-working day (the verified
notes in ../shared/legal do not give that rule), so the date shown is never later than the real one.
"""

from __future__ import annotations

from datetime import date, timedelta

from ..models import Case
from .items import Deadline

ART_106_DAYS = 15  # УПК ст. 106 ч. 5: «в течение пятнадцати суток»


def add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def appeal(case: Case, route: str, today: date) -> Deadline | None:
    order = case.order
    if order is None:
        return None
    if route == "prosecutor":
        # ст. 102: one year from the order (or its approval by the prosecutor).
        return Deadline(
            order.date, add_years(order.date, 1), "art102_year", "upk-102", "order.date", today
        )
    pc = case.prosecutor_complaint
    if pc and pc.answer == "refused" and pc.answer_date:
        start, basis, fact = (
            pc.answer_date,
            "prosecutor_refusal",
            "prosecutor_complaint.answer_date",
        )
    elif pc and pc.answer == "no_answer":
        start = pc.date + timedelta(days=ART_106_DAYS)
        basis, fact = "prosecutor_silence", "prosecutor_complaint.date"
    elif order.received_date:
        start, basis, fact = order.received_date, "acquaintance", "order.received_date"
    else:
        return None
    return Deadline(start, start + timedelta(days=ART_106_DAYS), basis, "upk-106-5", fact, today)
