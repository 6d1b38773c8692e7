"""Kazakh declension measured on hand-written tables (tests/data/kk_names.txt, kk_institutions.txt).

The expected suffixes were written from the rules of /work/shared/legal/language-kk-ru.md §1.1–1.5,
not from the code's output. The tests print the accuracy and require every row to be right:
a miss means a rule to fix, not a row to change.
"""

from __future__ import annotations

from pathlib import Path

from complaintgen.language import kk

DATA = Path(__file__).parent / "data"
CASES = ("gen", "dat", "acc", "loc", "abl", "ins")


def _rows(name: str) -> list[tuple[str, tuple[str, ...]]]:
    rows = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, _, suffixes = line.partition("|")
        forms = tuple(suffixes.split())
        assert len(forms) == len(CASES), line
        rows.append((text.strip(), forms))
    return rows


def _score(label: str, rows, decline) -> list[str]:
    misses = []
    for text, suffixes in rows:
        for case, suffix in zip(CASES, suffixes, strict=True):
            expected = text + suffix
            got = decline(text, case)
            if got != expected:
                misses.append(f"{case}: {got!r} != {expected!r}")
    total = len(rows) * len(CASES)
    print(f"\n{label}: {total - len(misses)}/{total} = {(total - len(misses)) / total:.1%}")
    return misses


def test_name_table_accuracy():
    rows = _rows("kk_names.txt")
    assert len(rows) >= 300

    def decline(text, case):
        parts = text.split()
        parts += [None] * (3 - len(parts))
        return kk.inflect_name(parts[0], parts[1], parts[2], case)

    misses = _score("kk full names", rows, decline)
    assert not misses, "\n".join(misses)


def test_institution_table_accuracy():
    rows = _rows("kk_institutions.txt")
    assert len(rows) >= 100
    misses = _score("kk institutions", rows, kk.inflect_phrase)
    assert not misses, "\n".join(misses)


def test_possessive_is_judged_by_rule_not_by_list():
    # None of these heads is listed anywhere: the ending decides.
    for phrase, dative in [
        ("анықтау органының анықтаушысы", "анықтау органының анықтаушысына"),
        ("прокурордың көмекшісі", "прокурордың көмекшісіне"),
        ("сарапшылар комиссиясы", "сарапшылар комиссиясына"),
        ("мекеме әкімшілігі", "мекеме әкімшілігіне"),
    ]:
        assert kk.inflect_phrase(phrase, "dat") == dative
    # A lone word, an agent noun and an adjective in -ғы/-гі are not possessive.
    assert not kk.is_possessive_head("Динара", modified=False)
    assert not kk.is_possessive_head("тергеуші")
    assert not kk.is_possessive_head("дейінгі")
    assert kk.is_possessive_head("Серікұлы", modified=False)
