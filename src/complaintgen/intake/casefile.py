"""The case file the intake writes and resumes: YAML the loader reads, in the model's key order,
then the intake's own state (what was answered with "nothing", what was skipped) as a comment."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import yaml
from pydantic import BaseModel

from .. import fields
from ..loading import parse_document
from .data import concrete, get
from .tree import Tree

STATE_MARK = "# complaintgen-intake: "


@dataclass
class Progress:
    seen: set[str] = field(default_factory=set)  # answered, even with "nothing"
    skipped: list[str] = field(default_factory=list)  # to come back to, in order
    both_langs: bool | None = None  # documents wanted in Russian and Kazakh (None: not asked)


def dump(model: type[BaseModel], data: dict, progress: Progress) -> bytes:
    body = yaml.dump(
        _ordered(fields.tree(model), data) or {},
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=100,
    )
    state: dict[str, Any] = {"seen": sorted(progress.seen), "skipped": progress.skipped}
    if progress.both_langs is not None:
        state["both_langs"] = progress.both_langs
    state_line = json.dumps(state)
    return (
        "# Case file written by complaintgen intake. Check it: complaintgen validate <file>\n"
        f"{body}{STATE_MARK}{state_line}\n"
    ).encode()


def load(tree: Tree, raw: bytes, source: str) -> tuple[dict, Progress]:
    data, _ = parse_document(raw, source)
    progress = Progress()
    for line in raw.decode("utf-8", "replace").splitlines():
        if line.startswith(STATE_MARK):
            try:
                state = json.loads(line.removeprefix(STATE_MARK))
                both = state.get("both_langs")
                progress = Progress(
                    set(state.get("seen", [])),
                    list(state.get("skipped", [])),
                    both if isinstance(both, bool) else None,
                )
            except (ValueError, AttributeError, TypeError):
                pass  # a damaged state only means some questions are asked again
    return _normalise(tree, data), progress


def _normalise(tree: Tree, data: dict) -> dict:
    """Shorthands the loader accepts (steps_missed: [cctv]) written out as records."""
    for node in tree.nodes.values():
        if node.kind == "list" and node.opts.get("pick"):
            for path in concrete(data, node.path.split(".")):
                items = get(data, path)
                if isinstance(items, list):
                    key = node.opts["pick"]
                    items[:] = [{key: i} if isinstance(i, str) else i for i in items]
    return data


def _ordered(tree: tuple[fields.Field, ...], data: Any) -> Any:
    """Case data with keys in the model's order, so the file reads like the examples."""
    if not isinstance(data, dict):
        return data
    out = {}
    for f in tree:
        if f.name in data:
            value = data[f.name]
            if f.kind == "model":
                if f.is_list and isinstance(value, list):
                    value = [_ordered(f.children, v) for v in value]
                elif not f.is_list:
                    value = _ordered(f.children, value)
            out[f.name] = value
    out.update((k, v) for k, v in data.items() if k not in out)
    return out


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)
