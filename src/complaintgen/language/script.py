"""Latin letters typed inside Cyrillic words: they look the same and break everything else."""

from __future__ import annotations

import re

# Each Cyrillic letter and the Latin letter that looks like it («Aлия» with a Latin A is Алия;
# Kazakh «і» is often typed as a Latin «i»). Redaction matches both; names are mended with them.
LOOKALIKE = {
    "а": "a",
    "в": "b",
    "е": "e",
    "к": "k",
    "м": "m",
    "н": "h",
    "о": "o",
    "р": "p",
    "с": "c",
    "т": "t",
    "у": "y",
    "х": "x",
    "і": "i",
}
_TO_CYRILLIC = str.maketrans(
    {lat: cyr for cyr, lat in LOOKALIKE.items()}
    | {lat.upper(): cyr.upper() for cyr, lat in LOOKALIKE.items()}
)
_CYRILLIC = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")
_LATIN = re.compile(r"[A-Za-z]")
_WORD = re.compile(r"\w+")


def mend(text: str) -> str:
    """Latin look-alikes inside a word that is otherwise Cyrillic made Cyrillic («Kайратович»
    → «Кайратович»); a word wholly in Latin (a foreign name) stays as it is."""

    def word(m: re.Match) -> str:
        w = m.group()
        if _CYRILLIC.search(w) and _LATIN.search(w):
            return w.translate(_TO_CYRILLIC)
        return w

    return _WORD.sub(word, text)


# The letters only Kazakh has: one in a word marks it Kazakh.
KAZAKH_ONLY = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
_KAZAKH_LETTERS = re.compile(f"[{''.join(sorted(KAZAKH_ONLY))}]")


def looks_kazakh(text: str) -> bool:
    """Whether a text given without its language is Kazakh: a quarter or more of its common words
    (names, which are capitalised, are left out: «сержант Бекмұрат Ә.Н.» is Russian) carry a
    letter Russian does not have («Қарағанды қ., Бұқар жырау даңғылы, 54-үй» is Kazakh)."""
    words = [w for w in _WORD.findall(text) if w[:1].isalpha() and w[:1].islower()]
    if not words:
        return False
    kazakh = sum(1 for w in words if _KAZAKH_LETTERS.search(w))
    # Many Kazakh words have no letter of their own («мен», «жауап алу»); Russian words none.
    return kazakh * 4 >= len(words)


def text_lang(text: str) -> str:
    """The language of a text typed without saying which: "kk" or "ru" (the loader reads a
    plain string so, and the intake stores an answer so)."""
    return "kk" if looks_kazakh(text) else "ru"
