"""The Russian-word check used on rendered Kazakh documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from complaintgen.language.russian_words import kazakh_words, russian_words

LEGAL = Path(__file__).resolve().parents[2] / "shared" / "legal" / "texts"


def test_finds_the_russian_left_in_the_issue_examples():
    text = (
        "старший оперуполномоченный Ауэзовского РУП ДП г. Алматы А.С. Жунусовқа. "
        "Копия постановления о прекращении уголовного дела (2026 жылғы 30 қыркүйек). г. Караганда"
    )
    found = russian_words(text, kazakh_words())
    assert found == [
        "старший",
        "оперуполномоченный",
        "РУП",
        "ДП",
        "г",
        "Копия",
        "постановления",
        "о",
        "прекращении",
        "уголовного",
        "дела",
    ]


def test_kazakh_text_with_loans_and_names_passes():
    text = (
        "Алматы қаласының прокурорына А.С. Жунусов Тимур Ержанович туралы. Полиция "
        "департаментінің тергеушісі бас тартты; сот тек 2026 жылғы 20 наурызда қарады."
    )
    assert russian_words(text, kazakh_words()) == []


def test_allow_list_and_latin_i():
    # A Latin i inside a Kazakh word does not split it into Russian-looking pieces.
    assert russian_words("күдiк келтiрiлген әрекет", set()) == []
    assert russian_words("копия", {"КОПИЯ"}) == []
    assert russian_words("Копия копия", set()) == ["Копия"]


def test_kazakh_words_come_from_the_shipped_kazakh_texts():
    words = kazakh_words()
    assert {"жәбірленуші", "қаулы", "тергеу"} <= words
    assert "потерпевший" not in words  # Russian Jinja arguments and comments are not counted


@pytest.mark.skipif(not (LEGAL / "upk-kk.md").is_file(), reason="legal texts not present")
def test_official_kazakh_text_has_almost_no_false_alarms():
    text = (LEGAL / "upk-kk.md").read_text(encoding="utf-8")
    kazakh_lines = [line for line in text.splitlines() if set("әғқңөұүі") & set(line)]
    kazakh_lines = [line for line in kazakh_lines if not line.startswith(("#", "-", ">"))]
    found = russian_words("\n".join(kazakh_lines), kazakh_words())
    print(f"\nfalse alarms in the official ҚПК text: {found}")
    assert len(found) <= 3
