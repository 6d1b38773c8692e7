"""What the argument layer decides: items, each with the facts it rests on and the law it cites.

An item is one paragraph (or list entry, or request) of a document. Its `key` names its wording in
templates/<lang>/<kind>.yaml (or common.yaml); its `data` holds the decided values the wording
needs: plain values (codes, numbers, dates) or `Ref`s to facts of the case file, which the context
resolves in the document's language (texts picked, names declined).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Ref:
    """A fact of the case file by its path: `incident.perpetrators[0]`, `order.received_date`."""

    path: str


@dataclass
class Item:
    key: str
    facts: tuple[str, ...] = ()  # field paths of the case file the item states or relies on
    law: tuple[str, ...] = ()  # provision ids (arguments.law)
    snippet: str | None = None  # a snippet's id, when the item is a snippet
    data: dict[str, Any] = field(default_factory=dict)
    listed: bool = False  # an entry of a numbered list: consecutive ones are one list

    def __post_init__(self) -> None:
        refs: list[str] = []
        if self.data:
            _refs(self.data, refs)
        self.facts = tuple(dict.fromkeys((*self.facts, *refs)))


_NESTED = (dict, list, tuple)


def _refs(value: dict | list | tuple, out: list[str]) -> None:
    """The paths of the Refs in an item's data, in order. A plain loop that steps over the
    plain values (most of them) without a call: ~30 items an argument, a third of its time."""
    for v in value.values() if isinstance(value, dict) else value:
        if type(v) is str:
            continue
        if isinstance(v, Ref):
            out.append(v.path)
        elif isinstance(v, _NESTED):
            _refs(v, out)


# The earliest reading counts the start day and moves no weekend or holiday; the latest adds
# a day and at most the longest run of non-working days (about five around Наурыз).
CERTAINLY_LATE_DAYS = 7


@dataclass(frozen=True)
class Deadline:
    """The last day to file, counted conservatively (no extension for non-working days)."""

    start: date
    last_day: date
    basis: str  # acquaintance, prosecutor_refusal, prosecutor_silence, art102_year
    law: str
    start_fact: str  # the field path the count starts from
    today: date
    latest: date | None = None  # the last day on the most generous reading, where readings differ

    @property
    def days_left(self) -> int:
        return (self.last_day - self.today).days

    @property
    def passed(self) -> bool:
        return self.today > self.last_day

    @property
    def certainly_passed(self) -> bool:
        """Late on every reading: past the earliest last day by more than the start day and the
        longest run of non-working days could add. The document then asks outright."""
        return (self.today - (self.latest or self.last_day)).days > CERTAINLY_LATE_DAYS


@dataclass
class Argument:
    """A whole document, decided: the sections the template words in order."""

    kind: str
    route: str | None
    header: list[Item] = field(default_factory=list)
    body: list[Item] = field(default_factory=list)
    requests: list[Item] = field(default_factory=list)
    attachments: Item | None = None
    signature: Item | None = None
    deadline: Deadline | None = None
    notes: list[str] = field(default_factory=list)  # for the person, not the document

    def items(self) -> list[Item]:
        tail = [i for i in (self.attachments, self.signature) if i is not None]
        return [*self.header, *self.body, *self.requests, *tail]
