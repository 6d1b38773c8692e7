"""The monitoring tables of the NGO coalition's torture index, counted from case files.

Each table sorts every case into exactly one row per column, so each column adds up to the number
of cases (tested). Aggregates only: what is shown has cells of one or two cases suppressed
(«<3»), and where a column would then have one suppressed cell, the next smallest is suppressed
too, so no count can be worked back from the total. Nothing here reads a name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from .arguments.findings import find
from .models import Case, ComplaintOutcome, ExamKind, iin_facts

SMALL = 3  # cells below this (other than 0) are suppressed
PROMPT_DAYS = 7  # an examination later than this after the incident is late (Istanbul Protocol)
SUPPRESSED = "<3"


@dataclass(frozen=True)
class Table:
    key: str
    columns: tuple[str, ...]  # column keys; ("cases",) for a single count
    rows: tuple[str, ...]  # row keys, in display order
    counts: dict[tuple[str, str], int]  # (row, column) → number of cases
    split: bool = False  # the columns split the cases (a cross table): a total column is added

    @property
    def shown_columns(self) -> tuple[str, ...]:
        return (*self.columns, "total") if self.split else self.columns

    def count(self, row: str, column: str) -> int:
        if column == "total" and self.split:
            return sum(self.counts.get((row, c), 0) for c in self.columns)
        return self.counts.get((row, column), 0)

    def column_total(self, column: str) -> int:
        return sum(self.count(r, column) for r in self.rows)

    def shown(self) -> dict[tuple[str, str], int | str]:
        """The counts as they may be published: cells of 1–2 cases suppressed, and then in each
        column (and in each row of a cross table) a second cell wherever one alone would let
        it be worked back from the total."""
        cols = self.shown_columns
        hidden = {(r, c) for r in self.rows for c in cols if 0 < self.count(r, c) < SMALL}
        hidden |= {(r, c) for c in cols if self.column_total(c) < SMALL for r in self.rows}
        changed = True
        while changed:
            changed = False
            for c in cols:
                mine = [r for r in self.rows if (r, c) in hidden]
                if len(mine) == 1 and len(self.rows) > 1:
                    rest = [(self.count(r, c), i, r) for i, r in enumerate(self.rows)]
                    hidden.add((min(x for x in rest if x[2] not in mine)[2], c))
                    changed = True
            if self.split:
                for r in self.rows:
                    if (r, "total") not in hidden and any((r, c) in hidden for c in self.columns):
                        hidden.add((r, "total"))
                        changed = True
        return {
            (r, c): SUPPRESSED if (r, c) in hidden else self.count(r, c)
            for r in self.rows
            for c in cols
        }

    def shown_total(self, column: str) -> int | str:
        total = self.column_total(column)
        return SUPPRESSED if total < SMALL else total


# --- how one case is sorted ---------------------------------------------------------------------


def age_at_incident(case: Case) -> int | None:
    born = case.victim.birth_date
    if born is None:
        iso, _ = iin_facts(case.victim.iin)
        try:
            born = date.fromisoformat(iso) if iso else None
        except ValueError:
            born = None
    if born is None:
        return None
    day = case.incident.date
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _age_group(case: Case) -> str:
    age = age_at_incident(case)
    if age is None:
        return "unknown"
    for limit, group in ((18, "under_18"), (30, "18_29"), (45, "30_44"), (60, "45_59")):
        if age < limit:
            return group
    return "60_plus"


_PART = re.compile(r"ч(?:асть|\.)?\s*(\d)[^\d]{0,12}146|146[^\d]{0,20}(\d)[\s-]*(?:бөл|ч)", re.I)


def registered(case: Case) -> bool:
    """The report reached the ЕРДР: a registered complaint or a criminal case with its number."""
    inv = case.investigation
    if inv and (inv.erdr_number or inv.registered_date):
        return True
    return any(c.outcome == ComplaintOutcome.registered for c in case.complaints)


def _qualification(case: Case) -> str:
    if not registered(case):
        return "not_registered"
    article = (case.investigation.article or "") if case.investigation else ""
    if "146" not in article:
        return "other_or_unknown"
    m = _PART.search(article)
    part = (m[1] or m[2]) if m else None
    return {"2": "torture", "1": "ill_treatment"}.get(part or "", "part_3_4")


def _complaint_outcome(case: Case) -> str:
    if registered(case):
        return "erdr"
    found = {c.outcome.value for c in case.complaints}
    for outcome in ("forwarded_181_5", "refused", "no_answer", "pending"):
        if outcome in found:
            return outcome
    return "no_complaint"


_BODIES = (
    ("prosecutor", ("прокур", "прокуратура")),
    ("police", ("полиц", "овд", "мвд", "дп ", "уп ", "усб", "внутренних дел", "ішкі істер")),
    ("knb", ("кнб", "национальной безопасности", "ұқк", "ұлттық қауіпсіздік")),
    ("afm", ("афм", "финансового мониторинга", "антикор")),
    ("court", ("суд", "сот")),
    ("ombudsman", ("уполномоченн", "омбудсмен", "уәкіл")),
)


def body_kind(text: str | None) -> str:
    """Which kind of body a free-text name is (prosecutor, police, …); 'other' when unclear."""
    if not text:
        return "unknown"
    low = f" {text.lower()} "
    for kind, marks in _BODIES:
        if any(mark in low for mark in marks):
            return kind
    return "other"


def _localized(value) -> str | None:
    return (value.ru or value.kk) if value is not None else None


def _complaint_to(case: Case) -> str:
    if not case.complaints:
        return "no_complaint"
    return body_kind(_localized(case.complaints[0].to))


def _investigation(case: Case) -> tuple[str, str]:
    inv = case.investigation
    if inv is None or not registered(case):
        return "none", "none"
    body = body_kind(_localized(inv.body))
    return ("other" if body in ("court", "ombudsman") else body), inv.form.value


def _outcome(case: Case) -> str:
    if any(a.outcome == "granted" for a in case.court_appeals) and case.order:
        return "annulled"
    if case.order:
        return case.order.ground.value
    if case.investigation and registered(case):
        return "no_decision"
    return "not_investigated"


def _exam(case: Case, kind: ExamKind) -> str:
    found = [e for e in case.examinations if e.kind == kind]
    for e in found:
        if e.status == "done":
            if e.date is None:
                return "done_undated"
            days = (e.date - case.incident.date).days
            if days <= 1:
                return "done_1"
            return "done_7" if days <= PROMPT_DAYS else ("done_30" if days <= 30 else "done_late")
    for status in ("refused", "requested"):
        if any(e.status == status for e in found):
            return status
    return "not_done"


def _security(case: Case) -> str:
    reqs = case.protection_requests
    if not reqs:
        return "not_asked"
    outcomes = {r.outcome for r in reqs}
    for o in ("granted", "refused", "no_answer", "pending"):
        if o in outcomes:
            return o
    return "pending"


CUSTODY_AGENCIES = ("mvd", "knb", "afm", "anticorruption", "military")


def _custody(case: Case) -> str:
    v = case.victim
    if v.deceased:
        return "deceased"
    if v.custody is None:
        return "unknown"
    if v.custody.value == "free":
        return "free"
    if v.facility is None or v.facility.authority.value not in CUSTODY_AGENCIES:
        return "other"
    return v.facility.authority.value


def _within_reach(case: Case) -> str:
    """The argument layer's finding, counted: held by the agency the accused serve in."""
    facts = find(case).facts
    if not facts["in_custody_now"]:
        return "unknown" if facts["custody_unknown"] else "not_held"
    return "same_agency" if facts["within_reach"] else "other_agency"


# (table key, columns, rows, how a case is sorted into (row, column) pairs)
Spec = tuple[str, tuple[str, ...], tuple[str, ...], Callable[[Case], Iterable[tuple[str, str]]]]
EXAM_ROWS = (
    "done_1",
    "done_7",
    "done_30",
    "done_late",
    "done_undated",
    "requested",
    "refused",
    "not_done",
)
SPECS: tuple[Spec, ...] = (
    ("gender", ("cases",), ("male", "female"), lambda c: [(c.victim.gender.value, "cases")]),
    (
        "age",
        ("male", "female"),
        ("under_18", "18_29", "30_44", "45_59", "60_plus", "unknown"),
        lambda c: [(_age_group(c), c.victim.gender.value)],
    ),
    (
        "qualification",
        ("cases",),
        ("torture", "ill_treatment", "part_3_4", "other_or_unknown", "not_registered"),
        lambda c: [(_qualification(c), "cases")],
    ),
    (
        "complaint_to",
        ("cases",),
        (
            "prosecutor",
            "police",
            "knb",
            "afm",
            "court",
            "ombudsman",
            "other",
            "unknown",
            "no_complaint",
        ),
        lambda c: [(_complaint_to(c), "cases")],
    ),
    (
        "complaint_outcome",
        ("cases",),
        ("erdr", "forwarded_181_5", "refused", "no_answer", "pending", "no_complaint"),
        lambda c: [(_complaint_outcome(c), "cases")],
    ),
    (
        "investigation",
        ("pretrial", "inquiry", "none"),
        ("prosecutor", "police", "knb", "afm", "other", "unknown", "none"),
        lambda c: [(_investigation(c)[0], _investigation(c)[1])],
    ),
    (
        "outcome",
        ("cases",),
        ("no_event", "no_corpus", "annulled", "no_decision", "not_investigated"),
        lambda c: [(_outcome(c), "cases")],
    ),
    (
        "examinations",
        ("forensic_medical", "psychological_psychiatric"),
        EXAM_ROWS,
        lambda c: [(_exam(c, k), k.value) for k in ExamKind],
    ),
    (
        "security",
        ("cases",),
        ("not_asked", "granted", "refused", "no_answer", "pending"),
        lambda c: [(_security(c), "cases")],
    ),
    (
        "custody",
        ("cases",),
        ("free", *CUSTODY_AGENCIES, "other", "deceased", "unknown"),
        lambda c: [(_custody(c), "cases")],
    ),
    (
        "within_reach",
        ("cases",),
        ("same_agency", "other_agency", "not_held", "unknown"),
        lambda c: [(_within_reach(c), "cases")],
    ),
)


SPLIT = {"age", "investigation"}  # cross tables: each case in one cell of the whole table


def tables(cases: list[Case]) -> list[Table]:
    out = []
    for key, columns, rows, sort in SPECS:
        counts: dict[tuple[str, str], int] = {}
        for case in cases:
            for cell in sort(case):
                counts[cell] = counts.get(cell, 0) + 1
        out.append(Table(key, columns, rows, counts, split=key in SPLIT))
    return out
