"""Dates for RU/KK documents (language-kk-ru.md §1.7 and §3).

Only explicit Babel patterns are used: the kk "short" format has a two-digit year and the
named ru/kk formats contain U+202F, which many DOCX/PDF fonts lack.
"""

from __future__ import annotations

from datetime import date

from babel import Locale
from babel.dates import format_date as _babel_format

from . import kk

__all__ = [
    "format_date",
    "format_date_dated",
    "format_date_line",
    "format_date_numeric",
    "format_date_on",
    "format_date_range",
]

# Parsed once: Locale.parse walks CLDR data and is the slow part of each Babel call.
_LOCALES: dict[str, Locale] = {
    "ru": Locale.parse("ru"),
    "kk": Locale.parse("kk"),
    "en": Locale.parse("en_GB"),  # the CAT communication's English version: "9 March 2023"
}


_KK_YEAR_DAY = "y 'жылғы' d"


def _fmt(d: date, pattern: str, lang: str) -> str:
    try:
        locale = _LOCALES[lang]
    except KeyError:
        raise ValueError(f"unknown language {lang!r}; expected 'ru', 'kk' or 'en'") from None
    return _babel_format(d, pattern, locale=locale).replace("\u202f", " ").replace("\xa0", " ")


def _kk_month(d: date, case: str) -> str:
    # CLDR kk format-wide months are the lowercase nominative (наурыз); the locative
    # (наурызда) is not in CLDR and comes from our own suffix rules.
    return kk.inflect(_LOCALES["kk"].months["format"]["wide"][d.month], case)


def format_date(d: date, lang: str) -> str:
    """ru "9 марта 2023 года"; kk "2023 жылғы 9 наурыз"."""
    if lang == "kk":
        return _fmt(d, "y 'жылғы' d MMMM", lang)
    if lang == "en":
        return _fmt(d, "d MMMM y", lang)
    return _fmt(d, "d MMMM y 'года'", lang)


def format_date_dated(d: date, lang: str) -> str:
    """Attributive "dated": ru "от 9 марта 2023 года"; kk "2023 жылғы 9 наурыздағы"."""
    if lang == "kk":
        loc = _kk_month(d, "loc")
        # -ғы/-гі follows the harmony of the locative suffix: наурызда-ғы, шілдеде-гі.
        return f"{_fmt(d, _KK_YEAR_DAY, lang)} {loc}{'гі' if loc.endswith('е') else 'ғы'}"
    if lang == "en":
        return "of " + format_date(d, lang)
    return "от " + format_date(d, lang)


def format_date_on(d: date, lang: str) -> str:
    """The "on" form: ru "9 марта 2023 года"; kk "2023 жылғы 9 наурызда"."""
    if lang == "kk":
        return f"{_fmt(d, _KK_YEAR_DAY, lang)} {_kk_month(d, 'loc')}"
    return format_date(d, lang)


def format_date_line(d: date, lang: str) -> str:
    """Signature date line: ru "«09» марта 2023 г."; kk "2023 жылғы «09» наурыз"."""
    if lang == "kk":
        return _fmt(d, "y 'жылғы' «dd» MMMM", lang)
    if lang == "en":
        return format_date(d, lang)
    return _fmt(d, "«dd» MMMM y 'г.'", lang)


def format_date_numeric(d: date) -> str:
    """Digital date "09.03.2023" (four-digit year in both languages)."""
    return _fmt(d, "dd.MM.yyyy", "ru")


def format_date_range(start: date, end: date, lang: str) -> str:
    """A period inside a sentence, shared parts said once.

    kk: "2026 жылғы 14–15 наурыз аралығында", "2026 жылғы 30 наурыз – 2 сәуір аралығында",
    "2025 жылғы 31 желтоқсан – 2026 жылғы 2 қаңтар аралығында";
    ru: "в период с 14 по 15 марта 2026 года", "в период с 30 марта по 2 апреля 2026 года".
    """
    if end < start:
        raise ValueError(f"the period ends ({end}) before it starts ({start})")
    if lang == "kk":
        if start.year != end.year:
            first = format_date(start, lang)
        elif start.month != end.month:
            first = _fmt(start, "y 'жылғы' d MMMM", lang)
        else:
            return f"{_fmt(start, _KK_YEAR_DAY, lang)}–{_fmt(end, 'd MMMM', lang)} аралығында"
        last = format_date(end, lang) if start.year != end.year else _fmt(end, "d MMMM", lang)
        return f"{first} – {last} аралығында"
    if lang == "en":
        return f"from {format_date(start, lang)} to {format_date(end, lang)}"
    if start.year != end.year:
        first = format_date(start, lang)
    elif start.month != end.month:
        first = _fmt(start, "d MMMM", lang)
    else:
        first = _fmt(start, "d", lang)
    return f"в период с {first} по {format_date(end, lang)}"
