"""`complaintgen explain`: each paragraph of a document with the facts, snippet and law behind it.

This is what a lawyer reads to trust a draft, and what a reviewer uses to find the source of a
wrong sentence. It renders the document as `appeal` would, and reports what `say()` recorded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from . import documents, snippets
from .arguments.law import LAW
from .models import Case
from .rendering import finish

_ESCAPE = re.compile(r"\\(.)")


@dataclass
class Explained:
    key: str
    text: str
    facts: list[str]
    law: list[dict[str, str]]
    snippet: dict[str, Any] | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "text": self.text,
            "facts": self.facts,
            "law": self.law,
            "snippet": self.snippet,
        }


def explain(case: Case, kind: str, lang: str, today: date) -> tuple[list[Explained], list[str]]:
    """Every item the document words, in order, and the gaps it shows."""
    _, state = documents.render_text(case, kind, lang, today)
    out = []
    for item, text in state.said:
        snippet = None
        if item.snippet:
            s = snippets.get(item.snippet)
            snippet = {
                "id": s.id,
                "applies_when": [f for f in s.applies_when if f != "always"] or ["always"],
                "sources": [src.cite for src in s.sources],
            }
        law = [
            {"id": law_id, "cite": LAW[law_id].cite(lang), "source": LAW[law_id].source}
            for law_id in item.law
        ]
        words = _ESCAPE.sub(r"\1", finish(text, state))
        out.append(Explained(item.key, words, list(item.facts), law, snippet))
    return out, list(state.gaps)
