"""complaintgen: filing-ready Russian and Kazakh documents for torture cases in Kazakhstan.

The names below are loaded on first use, so that `complaintgen --help` (or any one module)
does not pay for the whole library: importing it all takes longer than most commands run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .documents import render_document
    from .generating import generate
    from .loading import load_case, parse_case
    from .models import Case

__all__ = ["Case", "__version__", "generate", "load_case", "parse_case", "render_document"]

_LAZY = {
    "generate": "generating",
    "render_document": "documents",
    "load_case": "loading",
    "parse_case": "loading",
    "Case": "models",
}


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            value = version("complaintgen")
        except PackageNotFoundError:  # running from a checkout without installing
            value = "0+checkout"
    elif name in _LAZY:
        from importlib import import_module

        value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value
