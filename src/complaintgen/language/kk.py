"""Kazakh (Cyrillic) case suffixes for names, titles and institutions.

In-house rules from /work/shared/legal/language-kk-ru.md §1.1–1.3 and §1.5: vowel harmony
from the last vowel, suffix chosen by the class of the final sound, case on the last word only.
"""

from __future__ import annotations

from functools import lru_cache

from .ru import initials

__all__ = [
    "CASES",
    "POSSESSIVE_HEADS",
    "inflect",
    "inflect_name",
    "inflect_phrase",
    "inflect_short",
]

CASES: tuple[str, ...] = ("nom", "gen", "dat", "acc", "loc", "abl", "ins")

_BACK = set("аоұыяёю")
_FRONT = set("әөүіеэи")
_KAZAKH_ONLY = set("әғқңөұүһі")
_VOWELS = set("аәеёоөұүыіэюя")  # и and у end a stem like a sonorant (§1.2)

# Final-sound classes of §1.2. б в г д are devoiced in loans, hence "voiceless".
_CLASS = {
    **dict.fromkeys("мнң", "nasal"),
    **dict.fromkeys("лрйуи", "sonorant"),
    **dict.fromkeys("жз", "zh"),
    **dict.fromkeys("кқпстфхцчшщһбвгд", "voiceless"),
}

# §1.2 as printed: one row per case, columns in _COLUMNS order, each cell "hard/soft".
# "poss" is the 3rd-person possessive column (-ұлы, прокуроры).
_COLUMNS = ("vowel", "nasal", "sonorant", "zh", "voiceless", "poss")
_TABLE = {
    "gen": ("ның/нің", "ның/нің", "дың/дің", "дың/дің", "тың/тің", "ның/нің"),
    "dat": ("ға/ге", "ға/ге", "ға/ге", "ға/ге", "қа/ке", "на/не"),
    "acc": ("ны/ні", "ды/ді", "ды/ді", "ды/ді", "ты/ті", "н/н"),
    "loc": ("да/де", "да/де", "да/де", "да/де", "та/те", "нда/нде"),
    "abl": ("дан/ден", "нан/нен", "дан/ден", "дан/ден", "тан/тен", "нан/нен"),
    "ins": ("мен/мен", "мен/мен", "мен/мен", "бен/бен", "пен/пен", "мен/мен"),
}
_SUFFIX = {
    case: {col: tuple(cell.split("/")) for col, cell in zip(_COLUMNS, row, strict=True)}
    for case, row in _TABLE.items()
}

_PATRONYMIC_ENDINGS = ("ұлы", "қызы", "улы", "кызы")

# Izafet heads already carrying the 3rd-person possessive (§1.5). Only listed words are
# treated as possessive: Динара, судья, Әли also end in a vowel but are not.
_HEADS = """
    прокуроры соты судьясы департаменті прокуратурасы басқармасы бөлімі бөлімшесі мекемесі
    комитеті орталығы бастығы басшысы орынбасары төрағасы меңгерушісі тергеушісі өкілі
    қызметі агенттігі министрлігі министрі әкімдігі органы изоляторы полициясы аппараты
    кеңсесі бабы бөлігі тармағы тармақшасы қаулысы кодексі хаттамасы тізілімі конвенциясы
    сараптамасы көшірмесі уәкілі инспекторы
"""
POSSESSIVE_HEADS: frozenset[str] = frozenset(_HEADS.split())


def _harmony_is_front(stem: str) -> bool:
    low = stem.lower()
    # Surnames in -ов/-ев/-ёв take harmony from the stem: Тоқаевқа but Әуезовке.
    if low.endswith(("ов", "ев", "ёв")) and any(c in _BACK | _FRONT for c in low[:-2]):
        low = low[:-2]
    native = bool(_KAZAKH_ONLY & set(low))
    for i in range(len(low) - 1, -1, -1):
        c = low[i]
        # In Kazakh spelling и is a glide following the word's harmony (Сейтқалиға);
        # in Russian loans a final-syllable и is front (Сериковичке, Кимнің).
        if c == "и" and native and any(v in _BACK | _FRONT - {"и"} for v in low[:i]):
            continue
        if c in _FRONT:
            return True
        if c in _BACK:
            return False
    return False  # no vowel at all (acronyms, typos): default to the hard row


def _final_class(stem: str) -> str:
    low = stem.lower().rstrip("ьъ")  # Асель ends in л for our purposes
    if not low:
        return "vowel"
    if low.endswith(("ов", "ев", "ёв")):
        return "voiceless"  # Айдаркуловтың, Исаевқа (§1.1 item 2)
    last = low[-1]
    return "vowel" if last in _VOWELS else _CLASS.get(last, "voiceless")


def _is_patronymic(word: str) -> bool:
    return word.lower().endswith(_PATRONYMIC_ENDINGS)


@lru_cache(maxsize=65536)  # pure; a batch inflects the same names again and again
def inflect(word: str, case: str, possessive: bool | None = None) -> str:
    """Add the case suffix to one word; possessive=None autodetects only -ұлы/-қызы."""
    if case not in CASES:
        raise ValueError(f"unknown case {case!r}; expected one of {CASES}")
    if case == "nom" or not word:
        return word
    stem = word.rpartition("-")[2]  # Қасым-Жомарт: harmony and class from the last part
    if not stem:
        return word
    if possessive is None:
        possessive = _is_patronymic(stem)
    cls = "poss" if possessive else _final_class(stem)
    hard, soft = _SUFFIX[case][cls]
    suffix = soft if _harmony_is_front(stem) else hard
    return word + (suffix.upper() if stem.isupper() and len(stem) > 1 else suffix)


def inflect_name(last: str, first: str | None, middle: str | None, case: str) -> str:
    """Full name, surname first, suffix on the last word only: "Ахметов Нұрлан Серікұлына"."""
    words = [w.strip() for w in (last, first, middle) if w and w.strip()]
    if not words:
        return ""
    words[-1] = inflect(words[-1], case)
    return " ".join(words)


def inflect_short(last: str, first: str | None, middle: str | None, case: str) -> str:
    """Initials first, suffix on the surname (§1.3 item 4): "А.Б. Серікбаевқа"."""
    ini = initials(first, middle)
    surname = inflect(last.strip(), case)
    return f"{ini} {surname}" if ini else surname


def inflect_phrase(phrase: str, case: str, possessive: bool | None = None) -> str:
    """Suffix on the last word of a title/institution; izafet heads are detected (§1.5)."""
    head, sep, last = phrase.rstrip().rpartition(" ")
    if not last:
        return phrase
    if possessive is None:
        # "106-бабы": the head is the part after the numeral's hyphen.
        stem = last.rpartition("-")[2]
        possessive = stem.lower() in POSSESSIVE_HEADS or _is_patronymic(stem)
    return head + sep + inflect(last, case, possessive)
