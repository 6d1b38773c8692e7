"""Name parts as a person would write them on a form: «нурланова» and «ЖАКСЫБЕКОВ» become
«Нурланова» and «Жаксыбеков», so a document never prints a name in lower case or shouts it.

Only a part typed wholly in one case is touched: «МакДональд», «ван Дейк» are left as typed.
"""

from __future__ import annotations

import re

__all__ = ["as_written"]

# Words inside a name that stay in lower case: Turkic patronymic markers written apart or after a
# hyphen (Сапар кызы, Әли-ұлы) and nobiliary particles (фон Браун, ибн Сина, де Голль).
_MARKERS = frozenset({"ұлы", "қызы", "улы", "кызы", "оглы", "огли", "гызы", "кизи", "уулу"})
_PARTICLES = frozenset({"фон", "ван", "де", "ди", "дер", "ибн", "бин", "аль", "эль", "ле", "ля"})
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def _cap(word: str, index: int, count: int) -> str:
    word = word.lower()
    # A marker follows the father's name; a particle precedes the surname it belongs to.
    if (word in _MARKERS and index > 0) or (word in _PARTICLES and index < count - 1):
        return word
    return word[:1].upper() + word[1:]


def as_written(part: str) -> tuple[str, bool]:
    """The name part with a capital at the start of each word and hyphen segment.

    Returns (normalised part, whether the letters changed). Surrounding and repeated spaces are
    tidied without counting as a change; a part typed in mixed case is returned as it is.
    """
    tidy = " ".join(part.split())
    letters = [c for c in tidy if c.isalpha()]
    if not letters:
        return tidy, False
    lower = all(c.islower() for c in letters)
    upper = all(c.isupper() for c in letters) and len(letters) > 1
    if not (lower or upper):
        return tidy, False
    words = list(_WORD.finditer(tidy))
    text = list(tidy)
    for index in reversed(range(len(words))):
        match = words[index]
        text[match.start() : match.end()] = _cap(match.group(0), index, len(words))
    result = "".join(text)
    return result, result != tidy
