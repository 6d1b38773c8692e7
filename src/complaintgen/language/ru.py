"""Russian declension: person names via pytrovich, titles/institutions via pymorphy3.

Rules follow /work/shared/legal/language-kk-ru.md §2.1 (names) and §2.2 (phrases).
Both back-ends are loaded lazily: pymorphy3 costs ~100 ms and 16 MB, and most
callers only need dates or Kazakh.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pymorphy3 import MorphAnalyzer
    from pytrovich import PetrovichDeclinationMaker

__all__ = [
    "CASES",
    "CURATED",
    "GENDERS",
    "by_gender",
    "decline_name",
    "decline_phrase",
    "initials",
    "short_name",
]

CASES: tuple[str, ...] = ("nom", "gen", "dat", "acc", "ins", "pre")
GENDERS: tuple[str, ...] = ("male", "female")

# Our case names -> pymorphy3 grammemes.
_MORPH_CASE = {
    "nom": "nomn",
    "gen": "gent",
    "dat": "datv",
    "acc": "accs",
    "ins": "ablt",
    "pre": "loct",
}

# Turkic patronymic markers: the name is a fixed compound and never declines in Russian
# (Серикулы, Ерланкызы, "Сапар кызы", Azerbaijani "оглы").
_TURKIC_PATRONYMIC = re.compile(r"(улы|ұлы|кызы|қызы|оглы|гызы)$", re.IGNORECASE)

# Phrase heads pymorphy3 gets wrong (or that must not be touched), keyed by the lowercased
# leading words of the phrase; values give the replacement words for each case.
# "и.о." is an abbreviation of "исполняющий обязанности" and is read without inflection.
CURATED: dict[str, dict[str, str]] = {
    "и.о.": dict.fromkeys(CASES, "и.о."),
    "врио": dict.fromkeys(CASES, "врио"),
    "исполняющий обязанности": {
        "nom": "исполняющий обязанности",
        "gen": "исполняющего обязанности",
        "dat": "исполняющему обязанности",
        "acc": "исполняющего обязанности",
        "ins": "исполняющим обязанности",
        "pre": "исполняющем обязанности",
    },
}


def _check(case: str, gender: str | None = None) -> None:
    if case not in CASES:
        raise ValueError(f"unknown case {case!r}; expected one of {CASES}")
    if gender is not None and gender not in GENDERS:
        raise ValueError(f"unknown gender {gender!r}; expected one of {GENDERS}")


def by_gender(gender: str, male: str, female: str) -> str:
    """Pick the gendered variant (проживающего / проживающей)."""
    _check("nom", gender)
    return male if gender == "male" else female


# --------------------------------------------------------------------------- names


@cache
def _maker() -> PetrovichDeclinationMaker:
    from pytrovich import PetrovichDeclinationMaker

    return PetrovichDeclinationMaker()


def _pytrovich(part: str, text: str, gender: str, case: str) -> str:
    from pytrovich import Case, Gender, NamePart

    case_enum = {
        "gen": Case.GENITIVE,
        "dat": Case.DATIVE,
        "acc": Case.ACCUSATIVE,
        "ins": Case.INSTRUMENTAL,
        "pre": Case.PREPOSITIONAL,
    }[case]
    gender_enum = Gender.MALE if gender == "male" else Gender.FEMALE
    return _maker().make(NamePart[part], gender_enum, case_enum, text)


# Male names in -ек keep their vowel (Ермек → Ермека, Тилек → Тилеку, Томек, Джек): pytrovich
# drops it as in Russian diminutives («Ермька»). Measured on petrovich-eval: every one of its 174
# names in -ек keeps the vowel.
_EK_ENDINGS = {"gen": "а", "dat": "у", "acc": "а", "ins": "ом", "pre": "е"}
# Female first names ending in a soft consonant do not decline (Асель, Айгуль, Рушань, Адель:
# 104 of petrovich-eval's 118), except these Russian, biblical and literary ones.
_SOFT_FEMALE_DECLINING = frozenset(
    {"любовь", "нинель", "рахиль", "руфь", "юдифь", "эсфирь", "жизель", "рашель", "суламифь"}
    | {"агидель", "ассоль", "изабель"}
)


def _rule(part: str, word: str, gender: str, case: str) -> str | None:
    """Our own rule for *word* where pytrovich is wrong, or None to ask pytrovich."""
    low = word.lower()
    if gender == "male" and part != "MIDDLENAME" and low.endswith("ек") and len(low) > 2:
        return word + _EK_ENDINGS[case]
    if (
        gender == "female"
        and part == "FIRSTNAME"
        and low.endswith("ь")
        and low not in _SOFT_FEMALE_DECLINING
    ):
        return word
    return None


def _declined(part: str, word: str, gender: str, case: str) -> str:
    ruled = _rule(part, word, gender, case)
    return ruled if ruled is not None else _pytrovich(part, word, gender, case)


@lru_cache(maxsize=65536)  # pure; a batch declines the same names again and again
def _decline_part(part: str, text: str, gender: str, case: str) -> str:
    text = text.strip()
    if case == "nom" or not text or _TURKIC_PATRONYMIC.search(text):
        return text
    # pytrovich matches rules on lowercase but appends lowercase endings ("ИВАНОВа"),
    # so decline the title-cased form and upper-case the result again.
    caps = text.isupper() and len(text.replace("-", "")) > 1
    work = text.title() if caps else text
    if part == "FIRSTNAME" and "-" in work:
        head, _, tail = work.rpartition("-")
        # Kazakh compound first names (Касым-Жомарт, like French Жан-Поль) decline only the
        # last part; Russian double names with a vowel-final first part (Анна-Мария) decline both.
        if head and head[-1].lower() not in "аеёиоуыэюяәөұүі":
            out = f"{head}-{_declined(part, tail, gender, case)}"
        else:
            out = _pytrovich(part, work, gender, case)
    else:
        out = _declined(part, work, gender, case)
    return out.upper() if caps else out


def decline_name(last: str, first: str | None, middle: str | None, gender: str, case: str) -> str:
    """Full name "Фамилия Имя Отчество" in *case*; missing parts are skipped."""
    _check(case, gender)
    parts = [
        _decline_part("LASTNAME", last, gender, case),
        _decline_part("FIRSTNAME", first, gender, case) if first else "",
        _decline_part("MIDDLENAME", middle, gender, case) if middle else "",
    ]
    return " ".join(p for p in parts if p)


def _initial(word: str) -> str:
    # Hyphenated first names keep one initial per part: Касым-Жомарт -> К.-Ж.
    return "-".join(f"{p[0].upper()}." for p in word.split("-") if p)


def initials(first: str | None, middle: str | None) -> str:
    """Initials "Н.С."; "Н." without a middle name; "К.-Ж." for hyphenated first names.

    A two-word Kazakh patronymic ("Сапар кызы") gives one initial, from the father's name.
    """
    out = _initial(first.strip()) if first and first.strip() else ""
    if middle and middle.strip():
        out += _initial(middle.split()[0])
    return out


def short_name(
    last: str,
    first: str | None,
    middle: str | None,
    gender: str,
    case: str,
    initials_first: bool = False,
) -> str:
    """Surname in *case* plus initials: "Ахметову Н.С." or, with initials_first, "Н.С. Ахметову"."""
    _check(case, gender)
    surname = _decline_part("LASTNAME", last, gender, case)
    ini = initials(first, middle)
    if not ini:
        return surname
    return f"{ini} {surname}" if initials_first else f"{surname} {ini}"


# --------------------------------------------------------------------------- phrases


@cache
def _morph() -> MorphAnalyzer:
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


_ADJ = {"ADJF", "PRTF"}


def _nom_parse(word: str, pos: set[str]) -> Any | None:
    """Best-scored nominative parse of *word* with a POS from *pos* (parses are score-sorted)."""
    for p in _morph().parse(word):
        if p.tag.POS in pos and "nomn" in p.tag:
            return p
    return None


def _agrees(adj: Any, word: str) -> bool:
    """True if *word* has a nominative nominal parse that *adj* can modify.

    Number and gender must match, so "исполняющий обязанности" (sing vs plur) is not read as
    adjective + noun. Common-gender nouns (судья, ms-f) take masculine adjectives.
    """
    parses = _morph().parse(word)
    # "по" also parses as an abbreviated noun; a word whose best reading is a function word
    # (preposition, conjunction, particle) ends the noun group.
    if parses[0].tag.POS in {"PREP", "CONJ", "PRCL", "INTJ"}:
        return False
    for p in parses:
        t = p.tag
        if "nomn" not in t or t.POS not in {"NOUN", "ADJF", "PRTF"}:
            continue
        if t.number != adj.tag.number:
            continue
        if t.number == "plur" or "ms-f" in t or "Pltm" in t or t.gender == adj.tag.gender:
            return True
    return False


def _restore_case(template: str, word: str) -> str:
    """Give *word* the capitalisation pattern of *template*, hyphen part by hyphen part."""
    t_parts, w_parts = template.split("-"), word.split("-")
    if len(t_parts) != len(w_parts):
        t_parts, w_parts = [template], [word]
    out = []
    for t, w in zip(t_parts, w_parts, strict=True):
        if t.isupper() and len(t) > 1:
            out.append(w.upper())
        elif t[:1].isupper():
            out.append(w[:1].upper() + w[1:])
        else:
            out.append(w)
    return "-".join(out)


def _curated(words: list[str], case: str) -> str | None:
    low = [w.lower() for w in words]
    for key, forms in CURATED.items():
        n = len(key.split())
        if low[:n] == key.split() and case in forms:
            head = forms[case].split()
            head = [_restore_case(o, h) for o, h in zip(words[:n], head, strict=False)]
            return " ".join(head + words[n:])
    return None


@lru_cache(maxsize=16384)
def decline_phrase(phrase: str, case: str) -> str:
    """Decline a nominative title or institution name (§2.2).

    Declines the leading adjectives/participles and the first noun; everything after the
    head noun (genitive chain, prepositional phrases, "г. Алматы") stays as given. Results are
    kept for the process only: titles come from case files, and nothing derived from a case file
    is kept on disk beyond the documents the user asked for.
    """
    return _decline_phrase(phrase, case)


def _decline_phrase(phrase: str, case: str) -> str:
    _check(case)
    words = phrase.split()
    if case == "nom" or not words:
        return phrase
    curated = _curated(words, case)
    if curated is not None:
        return curated
    plan = _known_plan(words, case)
    if plan is None:
        plan = _plan(words, case)
        if plan is None:
            return phrase  # nothing recognisable: leave it to the curated glossary / a human
    out = list(words)
    for i, form in enumerate(plan):
        if form is not None:
            out[i] = _restore_case(words[i], form)
    return " ".join(out)


def _known_plan(words: list[str], case: str) -> tuple[str | None, ...] | None:
    """The plan of a common title (ru_titles.py, pymorphy3's own answers kept), or None."""
    from .ru_titles import TITLES, WORDS_MAX

    for n in range(min(len(words), WORDS_MAX), 0, -1):
        entry = TITLES.get(" ".join(words[:n]).lower())
        # A head that also reads as an adjective is only known at the end of the phrase.
        if entry is not None and (not entry[0] or n == len(words)):
            return entry[1][case]
    return None


def _plan(words: list[str], case: str) -> tuple[str | None, ...] | None:
    """pymorphy3's reading of the leading modifiers and head noun of *words* in *case*.

    One form per word up to the head (None: the word stays as written); None if no head is
    found. Depends only on the lowercased words up to the head and, when the head also reads
    as an adjective, on whether and what word follows (see ru_titles.py).
    """
    gcase = _MORPH_CASE[case]
    modifiers: list[tuple[int, Any]] = []
    head: tuple[int, Any, bool] | None = None  # (index, parse, is_substantivised_adjective)
    for i, word in enumerate(words):
        adj = _nom_parse(word, _ADJ)
        # Prefer the adjective reading when the next word is a matching nominal:
        # "старший следователь" (старший is also a noun), "Алмалинский районный суд" (surname).
        if adj is not None and i + 1 < len(words) and _agrees(adj, words[i + 1]):
            modifiers.append((i, adj))
            continue
        noun = _nom_parse(word, {"NOUN"})
        if noun is not None:
            head = (i, noun, False)
        elif adj is not None:
            head = (i, adj, True)  # Уполномоченный по правам…, потерпевший
        break
    if head is None:
        return None
    idx, hparse, substantivised = head
    out: list[str | None] = [None] * (idx + 1)
    if "Fixd" not in hparse.tag:
        out[idx] = _form(hparse, {gcase})
    tag = hparse.tag
    number = tag.number or "sing"
    # Adjectives agree with the head; accusative also needs animacy (Генерального прокурора).
    animate = substantivised or tag.animacy == "anim"
    gender = "femn" if tag.gender == "femn" else "neut" if tag.gender == "neut" else "masc"
    agree = {gcase, number} | ({gender} if number == "sing" else set())
    if gcase == "accs" and (number == "plur" or gender == "masc"):
        agree.add("anim" if animate else "inan")
    if substantivised:
        out[idx] = _form(hparse, agree)
    for i, p in modifiers:
        out[i] = _form(p, agree)
    return tuple(out)


def _form(parse: Any, grammemes: set[str]) -> str | None:
    form = parse.inflect(grammemes)
    return form.word if form else None
