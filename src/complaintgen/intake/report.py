"""The end of an intake: whether the case file validates, and for each document kind whether
the facts call for it and what it still lacks; the filing deadline."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from .. import clock
from ..context import appeal_deadline
from ..documents import render_text
from ..errors import ComplaintgenError, InputError
from ..i18n import Translator
from ..kinds import KINDS
from ..loading import validate_case
from ..models import Case
from . import wording

if TYPE_CHECKING:
    from .tree import Tree


@dataclass
class DocumentStatus:
    kind: str
    title: str
    reason: str | None = None  # why the facts do not call for it
    lang: str = ""  # the language the gaps are named in
    gaps: list[str] = field(default_factory=list)
    error: str | None = None  # it cannot be written yet (no template)

    @property
    def ready(self) -> bool:
        return self.reason is None and self.error is None


@dataclass
class Report:
    problems: list[tuple[str, str, str]] = field(default_factory=list)  # (path, in words, message)
    case: Case | None = None
    documents: list[DocumentStatus] = field(default_factory=list)
    deadline: str | None = None


def report(tree: Tree, data: dict, t: Translator, today: date | None = None) -> Report:
    today = today or clock.today()
    try:
        case = validate_case(copy.deepcopy(data), "intake")
    except InputError as e:
        problems = [
            (p.field, wording.describe(tree, p.field, t, data), t.model(p.message))
            for p in e.problems
        ]
        return Report(problems=problems)
    documents = []
    for kind in KINDS.values():
        title = t.first(f"kind:{kind.name}") or kind.title.get(t.lang) or kind.title["ru"]
        status = DocumentStatus(kind.name, title)
        why = kind.needs(case)
        if why:
            status.reason = "; ".join(t.model(w) for w in why.split("; "))
        else:
            status.lang = t.lang if t.lang in kind.langs else kind.langs[0]
            try:
                status.gaps = render_text(case, kind.name, status.lang, today)[1].gaps
            except ComplaintgenError as e:
                status.error = " ".join(e.lines())
        documents.append(status)
    return Report(case=case, documents=documents, deadline=_deadline(case, today, t))


def _deadline(case: Case, today: date, t: Translator) -> str | None:
    d = appeal_deadline(case, today)
    if d is None:
        return None
    day = d["last_day"].strftime("%d.%m.%Y")
    basis = t(f"basis:{d['basis']}")
    if d["passed"]:
        return t("ui:deadline_passed", date=day, basis=basis)
    return t("ui:deadline", date=day, basis=basis, days=d["days_left"])
