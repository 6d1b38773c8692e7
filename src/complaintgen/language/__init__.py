"""Language layer: Russian/Kazakh declension and date formatting.

Importing this package is cheap: submodules are imported where used (`from .language import kk`
does not load Babel for dates), and pytrovich and pymorphy3 are loaded on first use.
"""

__all__ = ["KK_CASES", "RU_CASES", "dates", "kk", "names", "ru"]

# The grammatical cases a person's name is given in, per document language (context, redaction).
RU_CASES = ("gen", "dat", "acc", "ins", "pre")
KK_CASES = ("gen", "dat", "acc", "abl", "ins", "loc")
