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
