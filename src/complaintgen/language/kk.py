"""Kazakh (Cyrillic) case suffixes for names, titles and institutions.

In-house rules from /work/shared/legal/language-kk-ru.md §1.1–1.3 and §1.5: vowel harmony
from the last vowel, suffix chosen by the class of the final sound, case on the last word only.
"""

from __future__ import annotations

from functools import lru_cache

from .ru import initials
from .script import KAZAKH_ONLY as _KAZAKH_ONLY

__all__ = [
    "CASES",
    "inflect",
    "inflect_name",
    "inflect_phrase",
    "inflect_short",
    "is_possessive_head",
]

CASES: tuple[str, ...] = ("nom", "gen", "dat", "acc", "loc", "abl", "ins")

_BACK = set("аоұыяю")
_FRONT = set("әөүіеэиё")  # ё only ever appears in the last syllable of loans: Пётрдің, Артёмге
_NATIVE_FRONT = set("әөүіе")
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

# Words that end like a 3rd-person possessive (-ы/-і after a consonant) but are not one: adjectives
# and nouns whose stem itself ends in -ы/-і. Agent nouns in -шы/-ші are handled by rule.
_NOT_POSSESSIVE = frozenset(
    {"кісі", "қаулы", "дәрі", "заңды", "тиісті", "жауапты", "арнаулы", "арнайы", "жоғары"}
    | {"әскери", "ұлттық", "тәуелсіз", "жергілікті"}
)
# Nouns ending in ш whose possessive ends in -шы/-ші (so it is not the agent suffix).
_SH_POSSESSIVES = frozenset({"күші", "іші", "жасы"})
# Locative adjectives (Алматыдағы, жөніндегі) end in a vowel + ғы/гі like бастығы but are not.
_LOCATIVE_ADJECTIVE = ("дағы", "дегі", "тағы", "тегі")


def _harmony_is_front(stem: str) -> bool:
    low = stem.lower()
    # Surnames in -ов/-ев/-ёв take harmony from the stem: Тоқаевқа but Әуезовке.
    if low.endswith(("ов", "ев", "ёв")) and any(c in _BACK | _FRONT | {"у"} for c in low[:-2]):
        low = low[:-2]
    if low.endswith("ь"):
        return True  # a soft final consonant is a front syllable: Айгульге, Игорьге
    native = bool(_KAZAKH_ONLY & set(low))
    proper = stem[:1].isupper()
    for i in range(len(low) - 1, -1, -1):
        c = low[i]
        # In Kazakh spelling и is a glide following the word's harmony (Сейтқалиға);
        # in Russian loans a final-syllable и is front (Сериковичке, Кимнің).
        if c == "и" and native and any(v in _BACK | _FRONT - {"и"} for v in low[:i]):
            continue
        if c == "у":
            # After a vowel у is the glide [w] and follows the word (Медеуге, сақтауға).
            if i and low[i - 1] in _VOWELS | {"и"}:
                continue
            # After a consonant it is a vowel: back in names and loans (Тимурдың, Ернурға,
            # институтқа), but in a native verbal noun it follows a front stem (тексеруге).
            before = next((v for v in reversed(low[:i]) if v in _VOWELS | {"и"}), "")
            return not proper and before in _NATIVE_FRONT
        if c == "ё" and (i == 0 or low[i - 1] in _VOWELS | set("иуйьъ")):
            return False  # ё after a vowel is йо, a back syllable: Бахтиёрға
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
    low = word.lower()
    if not low.endswith(_PATRONYMIC_ENDINGS):
        return False
    # Russian-spelled -улы needs a name before it (Серикулы, Алиулы); қаулы, тәуелсіз are words.
    return not low.endswith("улы") or (len(low) > 4 and low[-4] not in _VOWELS)


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


def is_possessive_head(word: str, modified: bool = True) -> bool:
    """True if *word* carries the 3rd-person possessive, judged from its ending (§1.5).

    An izafet head needs a modifier before it (тергеу судьясы, Алматы қаласының прокуроры,
    106-бабы), so a lone word is possessive only as -ұлы/-қызы: Динара, судья, Әли are not.
    After a vowel the possessive is -сы/-сі (судьясы, анықтаушысы, комиссиясы); after a
    consonant -ы/-і (прокуроры, бөлімі, әкімшілігі), unless the word is an agent noun in
    -шы/-ші (тергеуші) or an adjective in -ғы/-гі after a consonant (дейінгі, жылғы).
    """
    low = word.lower().rpartition("-")[2]
    if _is_patronymic(low):
        return True
    if not modified or len(low) < 3 or low in _NOT_POSSESSIVE:
        return False
    last, prev = low[-1], low[-2]
    if last not in "ыі":
        return False
    if prev == "с" and low[-3] in _VOWELS | {"и", "у"}:
        return True  # судьясы, көмекшісі, тергеушісі (a stem ending in с+ы is rare)
    if prev in _VOWELS or prev in "иу":
        return False  # a vowel before -ы/-і: not a suffix form
    if low.endswith(("шы", "ші")):
        return low in _SH_POSSESSIVES  # тергеуші, сарапшы are agent nouns
    # жылғы, дейінгі, ішкі, жөніндегі are adjectives; бастығы, агенттігі possessives.
    adjective = low[-3] not in _VOWELS or low.endswith(_LOCATIVE_ADJECTIVE)
    return not (prev in "ғгқк" and adjective)


def inflect_phrase(phrase: str, case: str, possessive: bool | None = None) -> str:
    """Suffix on the last word of a title/institution; izafet heads are detected by rule (§1.5)."""
    head, sep, last = phrase.rstrip().rpartition(" ")
    if not last:
        return phrase
    if possessive is None:
        # "106-бабы": a numeral before the hyphen is a modifier too.
        numbered = last.rpartition("-")[0][:1].isdigit()
        possessive = is_possessive_head(last, modified=bool(head) or numbered)
    return head + sep + inflect(last, case, possessive)
