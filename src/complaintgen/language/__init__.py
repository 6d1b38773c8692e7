"""Language layer: Russian/Kazakh declension and date formatting.

Importing this package is cheap: submodules are imported where used (`from .language import kk`
does not load Babel for dates), and pytrovich and pymorphy3 are loaded on first use.
"""

__all__ = ["dates", "kk", "names", "ru"]
