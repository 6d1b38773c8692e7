"""Language layer: Russian/Kazakh declension and date formatting.

Importing this package is cheap: pytrovich and pymorphy3 are loaded on first use.
"""

from . import dates, kk, names, ru

__all__ = ["dates", "kk", "names", "ru"]
