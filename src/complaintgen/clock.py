"""The day the checks that depend on it count from: a date in the future, a victim's age
when the incident date is unknown, whether the appeal is late.

The real date, unless the caller fixes one for what it does: the web form fixes the day its
documents are dated with (`serve` started with a fixed day, as the tests start it), so the
form never refuses or accepts a date by another day than its documents."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date

_FIXED: ContextVar[date | None] = ContextVar("complaintgen_today", default=None)


def today() -> date:
    return _FIXED.get() or date.today()


@contextmanager
def fixed(day: date | None) -> Iterator[None]:
    """Within the block, today() is `day` (the real date if None), in this thread or task."""
    token = _FIXED.set(day)
    try:
        yield
    finally:
        _FIXED.reset(token)
