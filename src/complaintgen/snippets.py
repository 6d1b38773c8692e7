"""Legal-reasoning snippets: one Markdown file per argument, with front matter.

The format is described in snippets/README.md.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from . import resources, yamlfast
from .arguments.findings import FACTS
from .errors import TemplateError

_SECTION = re.compile(r"^## (ru|kk|en)\s*$", re.MULTILINE)


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid")
    cite: str
    verified: bool
    ref: str = Field(..., description="Where in ../shared/legal/ the point is verified")


class Snippet(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(..., pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: dict[Literal["ru", "kk", "en"], str]
    applies_when: list[Literal[FACTS]]  # type: ignore[valid-type]
    documents: list[str]  # kinds of the registry (kinds.py; tests/test_contract.py checks)
    sources: list[Source]
    order: int = Field(100, description="Place in a document: lower comes first")
    text: dict[str, str] = Field(default_factory=dict, exclude=True)
    path: str = ""

    def applies(self, facts: dict[str, bool]) -> bool:
        return any(facts.get(f, False) for f in self.applies_when)


def parse(path: Path) -> Snippet:
    raw = path.read_text(encoding="utf-8")
    parts = raw.split("---\n", 2)
    if len(parts) != 3 or parts[0].strip():
        raise TemplateError(f"{path}: expected front matter between '---' lines")
    try:
        meta = yamlfast.safe_load(parts[1]) or {}
    except yaml.YAMLError as e:
        raise TemplateError(f"{path}: front matter is not valid YAML: {e}") from e
    body = parts[2]
    marks = list(_SECTION.finditer(body))
    text = {
        m.group(1): body[
            m.end() : marks[i + 1].start() if i + 1 < len(marks) else len(body)
        ].strip()
        for i, m in enumerate(marks)
    }
    try:
        snippet = Snippet.model_validate({**meta, "path": str(path)})
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(map(str, first["loc"]))
        raise TemplateError(f"{path}: {where}: {first['msg']}") from e
    if snippet.id != path.stem:
        raise TemplateError(f"{path}: id '{snippet.id}' does not match the file name")
    for lang in ("ru", "kk"):
        if not text.get(lang):
            raise TemplateError(f"{path}: missing the '## {lang}' section")
    return snippet.model_copy(update={"text": text})


@cache
def library() -> dict[str, Snippet]:
    """Every snippet, by id; a user's snippet of the same id replaces the shipped one."""
    found: dict[str, Snippet] = {}
    for directory in reversed(resources.search_path("snippets")):
        for path in sorted(directory.glob("*.md")):
            if path.name.lower() != "readme.md":
                found[path.stem] = parse(path)
    return dict(sorted(found.items(), key=lambda kv: (kv[1].order, kv[0])))


def get(snippet_id: str) -> Snippet:
    try:
        return library()[snippet_id]
    except KeyError:
        raise TemplateError(
            f"no snippet '{snippet_id}' (see `complaintgen snippets list`)"
        ) from None


def applicable(kind: str, facts: dict[str, bool]) -> list[str]:
    return [s.id for s in library().values() if kind in s.documents and s.applies(facts)]
