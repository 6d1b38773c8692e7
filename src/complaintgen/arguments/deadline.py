"""The appeal's time-limit as the documents argue it, from the one set of rules in deadlines.py.

The last day is counted on the earliest reading (deadlines.py says why), so a complaint filed
after it is not certainly late: the document then asks, conditionally, for the time-limit to be
restored (ст. 50 ч. 2 УПК) rather than asserting that it was missed.
"""

from __future__ import annotations

from datetime import date

from .. import deadlines
from ..models import Case
from .items import Deadline

LAW = {"art106": "upk-106-5", "art102": "upk-102"}


def appeal(case: Case, route: str, today: date) -> Deadline | None:
    d = deadlines.appeal(case, route)
    if d is None or d.start is None or d.last_day is None:
        return None
    return Deadline(d.start, d.last_day, d.via, LAW[d.rule], d.start_field, today, d.latest)
