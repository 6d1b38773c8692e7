"""Find shipped templates and snippets: user override → installed package data → checkout."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

_HERE = Path(__file__).resolve().parent


@cache
def search_path(kind: str) -> tuple[Path, ...]:
    """Directories holding `kind` ("templates" or "snippets"), most specific first."""
    dirs = []
    home = os.environ.get("COMPLAINTGEN_HOME")
    if home:
        dirs.append(Path(home) / kind)
    dirs.append(_HERE / "data" / kind)  # in a wheel (copied there by setup.py)
    dirs.append(_HERE.parents[1] / kind)  # in a checkout or an editable install
    return tuple(d for d in dirs if d.is_dir())


@cache
def _shipped_dirs() -> tuple[Path, ...]:
    dirs = [_HERE / "data" / kind for kind in ("templates", "snippets")]
    dirs += [_HERE.parents[1] / kind for kind in ("templates", "snippets")]
    return tuple(d.resolve() for d in dirs if d.is_dir())


def shipped(path: Path | str) -> bool:
    """Whether a template or snippet file is one of the package's own (not a user's override
    from COMPLAINTGEN_HOME, nor any other file): those render without the sandbox."""
    resolved = Path(path).resolve()
    return any(resolved.is_relative_to(d) for d in _shipped_dirs())


def find(kind: str, relative: str) -> Path | None:
    for d in search_path(kind):
        candidate = d / relative
        if candidate.is_file():
            return candidate
    return None
