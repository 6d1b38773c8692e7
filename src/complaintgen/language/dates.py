"""Dates for RU/KK documents (language-kk-ru.md §1.7 and §3).

Only explicit CLDR patterns are used: the kk "short" format has a two-digit year and the
named ru/kk formats contain U+202F, which many DOCX/PDF fonts lack. The patterns need only
the month names, so these are kept here (CLDR's format-wide names, as Babel gives them;
tests/test_language_dates.py compares every day of several years with Babel's own output):
loading Babel's locale data cost every document run ~30 ms.
"""

from __future__ import annotations

import re
from datetime import date

from . import kk

__all__ = [
    "format_date",
    "format_date_dated",
    "format_date_line",
    "format_date_numeric",
    "format_date_on",
    "format_date_range",
]

# CLDR format-wide month names (genitive in Russian), January first.
MONTHS: dict[str, tuple[str, ...]] = {
    "ru": (
        "января", "февраля", "марта", "апреля", "мая", "июня",
        "июля", "августа", "сентября", "октября", "ноября", "декабря",
    ),
    "kk": (
        "қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым",
        "шілде", "тамыз", "қыркүйек", "қазан", "қараша", "желтоқсан",
    ),
    "en": (  # en_GB: the CAT communication's English version, "9 March 2023"
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
}  # fmt: skip

_KK_YEAR_DAY = "y 'жылғы' d"
# The LDML fields our patterns use (year, month, day) and quoted literal text.
_FIELD = re.compile(r"'([^']*)'|(y+|M+|d+)")


def _fmt(d: date, pattern: str, lang: str) -> str:
    try:
        months = MONTHS[lang]
    except KeyError:
        raise ValueError(f"unknown language {lang!r}; expected 'ru', 'kk' or 'en'") from None

    def field(m: re.Match[str]) -> str:
        quoted, token = m.groups()
        if token is None:
            return quoted or "'"  # '' is a literal apostrophe
        if token[0] == "y":
            return str(d.year).zfill(len(token)) if len(token) != 2 else f"{d.year % 100:02d}"
        if token[0] == "d":
            return str(d.day).zfill(len(token))
        if len(token) == 4:
            return months[d.month - 1]
        if len(token) <= 2:
            return str(d.month).zfill(len(token))
        raise ValueError(f"unsupported date field {token!r}")

    return _FIELD.sub(field, pattern)


def _kk_month(d: date, case: str) -> str:
    # CLDR kk format-wide months are the lowercase nominative (наурыз); the locative
    # (наурызда) is not in CLDR and comes from our own suffix rules.
    return kk.inflect(MONTHS["kk"][d.month - 1], case)


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
