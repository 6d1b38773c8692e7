"""complaintgen: filing-ready Russian and Kazakh documents for torture cases in Kazakhstan."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("complaintgen")
except PackageNotFoundError:  # running from a checkout without installing
    __version__ = "0+checkout"

from .documents import generate, render_document
from .loading import load_case, parse_case
from .models import Case

__all__ = ["Case", "__version__", "generate", "load_case", "parse_case", "render_document"]
