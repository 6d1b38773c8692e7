"""The argument layer: from a Case, what each document says, decided once for every language.

`kinds.argue(case, kind, today, route)` returns an Argument: ordered items, each with the facts it
rests on and the law it cites. Templates only word these items (docs/arguments.md); `complaintgen
explain` prints them with their sources. This package holds the decisions; the registry of
document kinds (kinds.py) says which arguer decides which document.
"""

from __future__ import annotations

from .findings import Findings, find
from .items import Argument, Deadline, Item, Ref

__all__ = ["Argument", "Deadline", "Findings", "Item", "Ref", "find"]
