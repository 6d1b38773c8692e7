"""Dates: /work/shared/legal/language-kk-ru.md §3 (Babel) and §1.7 (Kazakh "dated"/"on")."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from babel import Locale

from complaintgen.language import dates

from .conftest import draws

D = date(2023, 3, 9)


def test_doc_reference_date():
    # §3 table, test date 2023-03-09.
    assert dates.format_date(D, "ru") == "9 марта 2023 года"
    assert dates.format_date(D, "kk") == "2023 жылғы 9 наурыз"
    assert dates.format_date_dated(D, "ru") == "от 9 марта 2023 года"
    assert dates.format_date_dated(D, "kk") == "2023 жылғы 9 наурыздағы"
    assert dates.format_date_on(D, "ru") == "9 марта 2023 года"
    assert dates.format_date_on(D, "kk") == "2023 жылғы 9 наурызда"
    assert dates.format_date_line(D, "ru") == "«09» марта 2023 г."
    assert dates.format_date_line(D, "kk") == "2023 жылғы «09» наурыз"
    assert dates.format_date_numeric(D) == "09.03.2023"


# month -> (ru genitive, kk nominative, kk dated §1.7, kk "on" = locative)
MONTHS = [
    (1, "января", "қаңтар", "қаңтардағы", "қаңтарда"),
    (2, "февраля", "ақпан", "ақпандағы", "ақпанда"),
    (3, "марта", "наурыз", "наурыздағы", "наурызда"),
    (4, "апреля", "сәуір", "сәуірдегі", "сәуірде"),
    (5, "мая", "мамыр", "мамырдағы", "мамырда"),
    (6, "июня", "маусым", "маусымдағы", "маусымда"),
    (7, "июля", "шілде", "шілдедегі", "шілдеде"),
    (8, "августа", "тамыз", "тамыздағы", "тамызда"),
    (9, "сентября", "қыркүйек", "қыркүйектегі", "қыркүйекте"),
    (10, "октября", "қазан", "қазандағы", "қазанда"),
    (11, "ноября", "қараша", "қарашадағы", "қарашада"),
    (12, "декабря", "желтоқсан", "желтоқсандағы", "желтоқсанда"),
]


@pytest.mark.parametrize(("month", "ru_gen", "kk_nom", "kk_dated", "kk_on"), MONTHS)
def test_all_months(month, ru_gen, kk_nom, kk_dated, kk_on):
    d = date(2024, month, 21)
    assert dates.format_date(d, "ru") == f"21 {ru_gen} 2024 года"
    assert dates.format_date(d, "kk") == f"2024 жылғы 21 {kk_nom}"
    assert dates.format_date_dated(d, "ru") == f"от 21 {ru_gen} 2024 года"
    assert dates.format_date_dated(d, "kk") == f"2024 жылғы 21 {kk_dated}"
    assert dates.format_date_on(d, "kk") == f"2024 жылғы 21 {kk_on}"
    assert dates.format_date_line(d, "ru") == f"«21» {ru_gen} 2024 г."
    assert dates.format_date_line(d, "kk") == f"2024 жылғы «21» {kk_nom}"


@pytest.mark.parametrize(
    ("d", "lang", "expected"),
    [
        # Attested in §1.7 / §3.
        (date(2023, 1, 17), "kk", "2023 жылғы 17 қаңтардағы"),
        (date(2015, 1, 21), "kk", "2015 жылғы 21 қаңтардағы"),
        (date(2014, 9, 23), "kk", "2014 жылғы 23 қыркүйектегі"),
        (date(1998, 6, 29), "ru", "от 29 июня 1998 года"),
    ],
)
def test_dated_examples(d, lang, expected):
    assert dates.format_date_dated(d, lang) == expected


def test_single_digit_day_is_padded_only_on_the_date_line():
    d = date(2023, 1, 5)
    assert dates.format_date(d, "ru") == "5 января 2023 года"
    assert dates.format_date_line(d, "ru") == "«05» января 2023 г."
    assert dates.format_date_line(d, "kk") == "2023 жылғы «05» қаңтар"
    assert dates.format_date_numeric(d) == "05.01.2023"


def test_numeric_has_four_digit_year():
    # The kk CLDR "short" format would give 09.03.23 (§3); we never use it.
    assert dates.format_date_numeric(date(2009, 12, 31)) == "31.12.2009"


@pytest.mark.parametrize("lang", ["ru", "kk"])
@pytest.mark.parametrize("month", range(1, 13))
def test_no_special_spaces(lang, month):
    d = date(2023, month, 1)
    outputs = [
        dates.format_date(d, lang),
        dates.format_date_dated(d, lang),
        dates.format_date_on(d, lang),
        dates.format_date_line(d, lang),
        dates.format_date_numeric(d),
    ]
    for out in outputs:
        assert "\u202f" not in out
        assert "\xa0" not in out


def test_unknown_language():
    with pytest.raises(ValueError):
        dates.format_date(D, "de")
    with pytest.raises(ValueError):
        dates.format_date_line(D, "kz")


_BABEL = {"ru": "ru", "kk": "kk", "en": "en_GB"}


def _babel_fmt(d: date, pattern: str, lang: str) -> str:
    """What dates._fmt printed when it called Babel (the reference for the kept month names)."""
    from babel.dates import format_date

    out = format_date(d, pattern, locale=Locale.parse(_BABEL[lang]))
    return out.replace("\u202f", " ").replace("\xa0", " ")


def test_month_names_are_cldrs():
    for lang, code in _BABEL.items():
        wide = Locale.parse(code).months["format"]["wide"]
        assert dates.MONTHS[lang] == tuple(wide[m] for m in range(1, 13))


def test_every_day_reads_as_babel_wrote_it(monkeypatch):
    days = [date(2019, 1, 1) + timedelta(n) for n in range(0, 8 * 366, draws(3, 19))]
    days += [date(5, 7, 1), date(999, 12, 31)]  # short years: zero-padded where yyyy asks
    formats = [dates.format_date, dates.format_date_dated, dates.format_date_on]
    formats += [dates.format_date_line]

    def everything() -> list[str]:
        out = [dates.format_date_numeric(d) for d in days]
        for lang in _BABEL:
            out += [f(d, lang) for f in formats for d in days]
            out += [
                dates.format_date_range(d, d + timedelta(n), lang)
                for d in days
                for n in (0, 1, 40, 400)
            ]
        return out

    ours = everything()
    monkeypatch.setattr(dates, "_fmt", _babel_fmt)
    assert ours == everything()


def test_english_for_the_cat_communication():
    from datetime import date

    from complaintgen.language import dates

    assert dates.format_date(date(2023, 3, 9), "en") == "9 March 2023"
    assert dates.format_date_dated(date(2023, 3, 9), "en") == "of 9 March 2023"


@pytest.mark.parametrize(
    ("start", "end", "lang", "expected"),
    [
        (date(2026, 3, 14), date(2026, 3, 15), "kk", "2026 жылғы 14–15 наурыз аралығында"),
        (date(2026, 3, 30), date(2026, 4, 2), "kk", "2026 жылғы 30 наурыз – 2 сәуір аралығында"),
        (
            date(2025, 12, 31),
            date(2026, 1, 2),
            "kk",
            "2025 жылғы 31 желтоқсан – 2026 жылғы 2 қаңтар аралығында",
        ),
        (date(2026, 3, 14), date(2026, 3, 15), "ru", "в период с 14 по 15 марта 2026 года"),
        (date(2026, 3, 30), date(2026, 4, 2), "ru", "в период с 30 марта по 2 апреля 2026 года"),
        (
            date(2025, 12, 31),
            date(2026, 1, 2),
            "ru",
            "в период с 31 декабря 2025 года по 2 января 2026 года",
        ),
    ],
)
def test_date_range(start, end, lang, expected):
    assert dates.format_date_range(start, end, lang) == expected


def test_date_range_backwards_is_refused():
    with pytest.raises(ValueError):
        dates.format_date_range(date(2026, 3, 15), date(2026, 3, 14), "kk")
