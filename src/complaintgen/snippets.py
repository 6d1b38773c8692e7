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

from . import resources, usercache, yamlfast
from .arguments.findings import FACTS
from .errors import TemplateError

_SECTION = re.compile(r"^## (ru|kk|en)\s*$", re.MULTILINE)


# defer_build: a run whose snippets come from the user's cache (library) never validates one.
class Source(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    cite: str
    verified: bool
    ref: str = Field(..., description="Where in ../shared/legal/ the point is verified")


class Snippet(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
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


def parse(path: Path, raw: str | None = None) -> Snippet:
    if raw is None:
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
    files: dict[str, tuple[Path, str]] = {}
    for directory in reversed(resources.search_path("snippets")):
        for path in sorted(directory.glob("*.md")):
            if path.name.lower() != "readme.md":
                files[path.stem] = (path, path.read_text(encoding="utf-8"))
    # The files as read and validated are kept in the user's cache (usercache, keyed by every
    # file's path and text): YAML and pydantic for 14 files cost ~20 ms of every run. A file
    # that does not parse raises before anything is kept.
    parts = [part for path, raw in files.values() for part in (str(path), raw)]
    kept = usercache.load("snippets", parts, lambda: _dumped(files))
    found = {stem: _constructed(fields) for stem, fields in kept.items()}
    return dict(sorted(found.items(), key=lambda kv: (kv[1].order, kv[0])))


def _dumped(files: dict[str, tuple[Path, str]]) -> dict[str, dict]:
    out = {}
    for stem, (path, raw) in files.items():
        snippet = parse(path, raw)
        fields = {name: getattr(snippet, name) for name in Snippet.model_fields}
        fields["sources"] = [s.model_dump() for s in snippet.sources]
        out[stem] = {"fields": fields, "set": sorted(snippet.model_fields_set)}
    return out


def _constructed(kept: dict) -> Snippet:
    """A Snippet of fields validated when they were kept: the same object parse() made."""
    fields = dict(kept["fields"])
    fields["sources"] = [Source.model_construct(**s) for s in fields["sources"]]
    return Snippet.model_construct(_fields_set=set(kept["set"]), **fields)


def get(snippet_id: str) -> Snippet:
    try:
        return library()[snippet_id]
    except KeyError:
        raise TemplateError(
            f"no snippet '{snippet_id}' (see `complaintgen snippets list`)"
        ) from None


def applicable(kind: str, facts: dict[str, bool]) -> list[str]:
    return [s.id for s in library().values() if kind in s.documents and s.applies(facts)]
