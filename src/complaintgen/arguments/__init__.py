"""The argument layer: from a Case, what each document says, decided once for every language.

`argue(case, kind, today, route)` returns an Argument: ordered items, each with the facts it rests
on and the law it cites. Templates only word these items (docs/templates.md); `complaintgen
explain` prints them with their sources.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from .. import snippets as snippet_library
from ..models import Case
from . import appeal, cat
from .findings import Findings, find
from .items import Argument, Deadline, Item, Ref

__all__ = ["Argument", "Deadline", "Findings", "Item", "Ref", "argue", "find", "stage_problem"]

Arguer = Callable[[Case, Findings, str | None, list[str], date], Argument]


def _appeal(case: Case, found: Findings, route: str | None, chosen: list[str], today: date):
    return appeal.argue(case, found, route or case.route.value, chosen, today)


# Each kind's arguer and the general-law snippets it may use (most decisive first) with a cap.
ARGUERS: dict[str, tuple[Arguer, tuple[str, ...] | None, int | None]] = {
    "appeal": (_appeal, appeal.SNIPPETS, appeal.SNIPPET_CAP),
    "cat": (lambda case, found, _route, _chosen, today: cat.argue(case, found, today), None, None),
}


def choose_snippets(kind: str, facts: dict[str, bool], route: str | None = None) -> list[str]:
    """The snippets that apply to this kind on these facts, in the kind's order of priority.

    A complaint to the prosecutor (ст. 105) does not argue from the rules of the investigating
    judge's hearing (ст. 106), so snippets resting on them are left to the judge route."""
    applicable = snippet_library.applicable(kind, facts)
    if route == "prosecutor":
        applicable = [s for s in applicable if not _cites_article_106(s)]
    _, priority, cap = ARGUERS.get(kind, (None, None, None))
    if priority is None:
        return applicable
    return [s for s in priority if s in applicable][: cap or None]


def _cites_article_106(snippet_id: str) -> bool:
    return any("ст. 106" in src.cite for src in snippet_library.get(snippet_id).sources)


def argue(case: Case, kind: str, today: date, route: str | None = None) -> Argument:
    found = find(case)
    arguer = ARGUERS[kind][0]
    chosen_route = route or case.route.value
    return arguer(case, found, route, choose_snippets(kind, found.facts, chosen_route), today)


def stage_problem(case: Case, kind: str) -> str | None:
    """Why this document is not the next step at the case's stage, or None."""
    if kind == "appeal":
        return appeal.stage_problem(case)
    return None
