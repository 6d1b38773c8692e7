"""complaintgen: filing-ready Russian and Kazakh documents for torture cases in Kazakhstan."""

from .documents import generate, render_document
from .loading import load_case, parse_case
from .models import Case

__all__ = ["Case", "generate", "load_case", "parse_case", "render_document"]
