"""Free text the other language's documents would show as a translation gap: when the documents
are wanted in Russian and Kazakh, the intake asks for the other version of each answer the
vocabulary cannot translate (complaintgen.vocabulary.translate gives None), and lists what is
still missing at the end."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import vocabulary
from .data import assign, get

if TYPE_CHECKING:
    from .engine import Questionnaire

LANGS = vocabulary.LANGS  # the documents' languages


@dataclass(frozen=True)
class Missing:
    """One free-text answer given in *src* only, that the vocabulary cannot put in *dst*."""

    id: str  # the question id: incident.place, complaints[0].to
    path: tuple
    src: str
    dst: str
    text: str


def missing(q: Questionnaire, data: dict) -> list[Missing]:
    """The answers still lacking a translation, in the order the questions are asked."""
    out: list[Missing] = []
    for x in q.questions(data):
        if x.kind != "text":
            continue
        have = _versions(get(data, x.path))
        if len(have) != 1:
            continue  # nothing, or both languages already
        (src, text) = next(iter(have.items()))
        dst = next(lang for lang in LANGS if lang not in have)
        if vocabulary.translate(text, src, dst) is None:
            out.append(Missing(x.id, x.path, src, dst, text))
    return out


def put(data: dict, item: Missing, text: str) -> dict:
    """The data with the other language's version of one answer beside the original."""
    new = copy.deepcopy(data)
    assign(new, item.path, {item.src: item.text, item.dst: text.strip()})
    return new


def _versions(value: object) -> dict[str, str]:
    if isinstance(value, str) and value.strip():
        return {"ru": value}  # a text written without a language is Russian (the loader's rule)
    if isinstance(value, dict):
        return {k: v for k, v in value.items() if k in LANGS and isinstance(v, str) and v.strip()}
    return {}
