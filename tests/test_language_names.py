"""Name parts typed in lower or upper case come out as a person writes them."""

from __future__ import annotations

import pytest

from complaintgen.language.names import as_written


@pytest.mark.parametrize(
    ("typed", "expected", "changed"),
    [
        ("нурланова", "Нурланова", True),
        ("ЖАКСЫБЕКОВ", "Жаксыбеков", True),
        ("Жаксыбеков", "Жаксыбеков", False),
        ("СЕРІКҰЛЫ", "Серікұлы", True),
        ("ерланқызы", "Ерланқызы", True),
        ("САПАР КЫЗЫ", "Сапар кызы", True),
        ("әли-ұлы", "Әли-ұлы", True),
        ("қасым-жомарт", "Қасым-Жомарт", True),
        ("МАМИН-СИБИРЯК", "Мамин-Сибиряк", True),
        ("сулейменова-ким", "Сулейменова-Ким", True),
        ("ФОН БРАУН", "фон Браун", True),
        ("ДОС", "Дос", True),
        ("ДЕ", "Де", True),
        ("МакДональд", "МакДональд", False),
        ("ван Дейк", "ван Дейк", False),
        ("о'брайен", "О'Брайен", True),
        ("  Нурлан  ", "Нурлан", False),
        ("ЁЛКИН", "Ёлкин", True),
        ("А", "А", False),
        ("", "", False),
        ("ӘУЕЗОВ", "Әуезов", True),
        ("өмірзақ", "Өмірзақ", True),
    ],
)
def test_as_written(typed, expected, changed):
    assert as_written(typed) == (expected, changed)


def test_idempotent():
    for typed in ("НУРЛАНОВА", "сапар кызы", "Қасым-Жомарт"):
        once, _ = as_written(typed)
        assert as_written(once) == (once, False)
