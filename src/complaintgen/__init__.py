"""complaintgen: filing-ready Russian and Kazakh documents for torture cases in Kazakhstan."""

from __future__ import annotations

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING

try:
    __version__ = version("complaintgen")
except PackageNotFoundError:  # running from a checkout without installing
    __version__ = "0+checkout"

# The public names are imported when first used, so `import complaintgen.models` (the intake,
# the loader, a script) does not pull in Jinja, python-docx and the whole rendering chain.
_PUBLIC = {
    "Case": "models",
    "generate": "documents",
    "render_document": "documents",
    "load_case": "loading",
    "parse_case": "loading",
}

if TYPE_CHECKING:
    from .documents import generate, render_document
    from .loading import load_case, parse_case
    from .models import Case


def __getattr__(name: str) -> object:
    if name in _PUBLIC:
        return getattr(import_module(f".{_PUBLIC[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["Case", "__version__", "generate", "load_case", "parse_case", "render_document"]
