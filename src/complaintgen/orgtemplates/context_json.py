"""context_json: what a template sees, as JSON data (``complaintgen context``)."""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Any

from markupsafe import Markup

from .. import context, rendering
from ..documents import check_kind
from ..models import Case
from .plaintext import plain_inline

# Functions and filters are code, not data: context_json names each with a line of help.
FUNCTIONS = {
    "g": "g(male, female): the Russian form that agrees with the victim's gender",
    "gp": "gp(person, male, female): the same for any person (signer, order.official, …)",
    "phrase": "phrase(key): a fixed phrase of this language (templates/<lang>/phrases*.yaml)",
    "snippet": "snippet(id): the paragraphs of a legal-argument snippet in this language",
}
FILTERS = {
    "date": "d | date: «9 марта 2023 года» / «2023 жылғы 9 наурыз»",
    "dated": "d | dated: «от 9 марта 2023 года» / «2023 жылғы 9 наурыздағы»",
    "on": "d | on: kk «2023 жылғы 9 наурызда» (ru as date)",
    "dateline": "d | dateline: the signature line date «09» марта 2023 г.",
    "numeric": "d | numeric: 09.03.2023",
    "need": 'value | need("label"): the value, or a highlighted gap [УТОЧНИТЬ: label]',
    "decline": 'title | decline("dat"): a title or institution in another grammatical case',
    "capfirst": "text | capfirst: the first letter in capitals, the rest as it is",
}


def _jsonable(value: Any) -> Any:
    if isinstance(value, Markup):
        return plain_inline(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items() if not str(k).startswith("_")}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, str):
        return str(value)
    if value is None or isinstance(value, bool | int | float):
        return value
    return str(value)


def context_json(case: Case, kind: str, lang: str, *, today: date) -> dict:
    """What a template of `kind` in `lang` sees, as JSON data: dates as ISO strings, functions
    by name with a one-line description under "functions", filters under "filters"."""
    check_kind(case, kind, lang, admissibility=False)
    ctx = context.build(case, kind, lang, rendering.RenderState(lang), today)
    out = {k: _jsonable(v) for k, v in ctx.items() if not k.startswith("_") and not callable(v)}
    out["functions"] = {k: FUNCTIONS[k] for k in FUNCTIONS if callable(ctx.get(k))}
    out["filters"] = dict(FILTERS)
    return out
