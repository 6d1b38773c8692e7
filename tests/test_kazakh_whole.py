"""A Kazakh document is Kazakh: outside translation gaps no Russian word is left, in any example.

Proper names (people, places) are allowed; so are words the Kazakh templates themselves use and
the case's identifiers. Text the file gives only in Russian must appear as a translation gap.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from complaintgen import documents, kinds
from complaintgen.language.russian_words import kazakh_words, russian_words
from complaintgen.loading import load_case
from complaintgen.rendering import GAP_RE

from .conftest import EXAMPLES, TODAY, quick_first

KINDS = ("appeal", "protection", "examination")


def _names(case) -> set[str]:
    """Every word of every person's name in the file: proper names, not Russian text."""
    out: set[str] = set()
    for person in (case.victim, case.representative, case.legal_representative, case.successor):
        if person is not None:
            n = person.name
            out |= {w.lower() for part in (n.last, n.first, n.middle) if part for w in part.split()}
    for p in case.incident.perpetrators + case.incident.witnesses:
        if getattr(p, "name", None):
            n = p.name
            out |= {w.lower() for part in (n.last, n.first, n.middle) if part for w in part.split()}
    return out


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("path", quick_first(EXAMPLES), ids=lambda p: p.stem)
def test_no_russian_word_outside_translation_gaps(path, kind):
    case = load_case(path)
    if kinds.stage_problem(case, kind):
        pytest.skip("not the next step on this file")
    text, _ = documents.render_text(case, kind, "kk", TODAY)
    plain = GAP_RE.sub(" ", re.sub(r"\\(.)", r"\1", text))
    found = russian_words(plain, kazakh_words() | _names(case))
    assert not found, f"Russian words in the Kazakh {kind}: {sorted(set(found))[:20]}"


_CYRILLIC = re.compile(r"\w*[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]\w*")


def test_no_kazakh_word_spelled_with_latin_letters():
    """Sources of the Code often type «і» as a Latin «i» («үшiн»): it looks right and breaks
    search, spell-checking and the reader's screen reader. Our Kazakh wording and snippets
    spell every Cyrillic word in Cyrillic only."""
    root = Path(__file__).resolve().parents[1]
    files = sorted((root / "templates" / "kk").glob("*")) + sorted((root / "snippets").glob("*.md"))
    files += sorted((root / "src" / "complaintgen").rglob("*.yaml"))
    files.append(root / "src" / "complaintgen" / "arguments" / "law.py")
    mixed = [
        f"{f.name}: {w}"
        for f in files
        for w in sorted(set(_CYRILLIC.findall(f.read_text(encoding="utf-8"))))
        if re.search(r"[A-Za-z]", w)
    ]
    assert not mixed
