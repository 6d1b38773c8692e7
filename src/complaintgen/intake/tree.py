"""The question tree: the case model's fields as questionnaire.yaml arranges them (sections,
order, options), one Node per model field path. Which of them apply to a case is rules.py's job;
the engine turns the applying nodes into Questions, one per place in the case data."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from .. import fields
from ..models import Case
from . import vocab

DEFINITION = Path(__file__).with_name("questionnaire.yaml")
LEAF_KINDS = {"text", "line", "date", "bool", "int", "choice", "multi"}


@dataclass(frozen=True, eq=False)
class Node:
    """One field of the model, as the questionnaire asks it."""

    path: str  # model path without list indexes: complaints.date
    name: str
    owner: type[BaseModel]  # the model the field belongs to
    kind: str  # group, list, or a leaf kind: text, line, date, bool, int, choice, multi
    required: bool
    section: str
    description: str = ""
    default: Any = None  # the model's default, as case data
    choices: tuple[str, ...] = ()
    enum: str | None = None  # enum class name: choice labels shared by every field using it
    sub: type[BaseModel] | None = None
    opts: Mapping[str, Any] = field(default_factory=dict)
    children: tuple[Node, ...] = ()


@dataclass(frozen=True)
class Question:
    """One question for one place in the case data.

    kind: a leaf kind; "gate" (is there an optional group?), "more" (add item n of a list?),
    "pick" (which records of a keyed list?).
    """

    id: str  # victim.iin, complaints[0].date, order?, complaints+1
    path: tuple  # where the answer goes: ("complaints", 0, "date")
    node: Node
    kind: str
    needed: bool = False  # optional in the model, but its rules call for it here (rules.needed)

    @property
    def section(self) -> str:
        return self.node.section

    @property
    def required(self) -> bool:
        return self.kind in LEAF_KINDS and (self.node.required or self.needed)

    @property
    def index(self) -> int:
        """The item number a "more" question adds."""
        return int(self.id.rsplit("+", 1)[1])

    @property
    def multiline(self) -> bool:
        return bool(self.node.opts.get("multiline"))


class Tree:
    """The definition read over the model: sections, and every asked field as a Node."""

    def __init__(self, model: type[Case] = Case, definition: Path = DEFINITION):
        spec = yaml.safe_load(definition.read_text(encoding="utf-8"))
        self.model = model
        self.skip: tuple[str, ...] = tuple(spec.get("skip", ()))
        self.sections: list[str] = [s["id"] for s in spec["sections"]]
        self._opts: dict[str, dict] = {}
        self._rank: dict[str, int] = {}  # first mention of a path or anything below it
        section_of: dict[str, str] = {}
        for section in spec["sections"]:
            for entry in section["ask"]:
                path, opts = (entry, {}) if isinstance(entry, str) else next(iter(entry.items()))
                self._opts[path] = opts or {}
                parts = path.split(".")
                for i in range(1, len(parts) + 1):
                    self._rank.setdefault(".".join(parts[:i]), len(self._rank))
                section_of.setdefault(parts[0], section["id"])
        # A top-level field the definition does not name joins the section of the field before it.
        current, self._section = self.sections[0], {}
        for f in fields.tree(model):
            current = section_of.get(f.name, current)
            self._section[f.name] = current
        self.roots = self._children(fields.tree(model), "")
        self.nodes: dict[str, Node] = {}
        stack = list(self.roots)
        while stack:
            node = stack.pop()
            self.nodes[node.path] = node
            stack += node.children
        for path in self._opts:
            if path not in self.nodes:
                raise ValueError(f"{definition.name}: '{path}' is not a field of the case model")
        vocab.check_definition(self, definition.name)

    def node_at(self, path: tuple) -> Node:
        """The node of a place in the data: ("complaints", 1, "date") → complaints.date."""
        return self.nodes[".".join(p for p in path if isinstance(p, str))]

    def model_at(self, path: tuple) -> type[BaseModel]:
        node = self.node_at(path)
        return node.sub if node.sub else node.owner

    def _skipped(self, path: str) -> bool:
        """Named in skip: (a * stands for any part of a path), unless the definition asks it."""
        if path in self._opts:
            return False
        return any(re.fullmatch(re.escape(p).replace(r"\*", ".*"), path) for p in self.skip)

    def _children(self, tree: tuple[fields.Field, ...], prefix: str) -> tuple[Node, ...]:
        asked = [(i, f) for i, f in enumerate(tree) if not self._skipped(prefix + f.name)]
        if not prefix:
            order = {s: i for i, s in enumerate(self.sections)}
            asked.sort(
                key=lambda x: (order[self._section[x[1].name]], self._rank.get(x[1].name, 1 << 30))
            )
        else:
            asked.sort(key=lambda x: self._rank.get(prefix + x[1].name, (1 << 30) + x[0]))
        return tuple(self._node(f, prefix) for _, f in asked)

    def _node(self, f: fields.Field, prefix: str) -> Node:
        path = prefix + f.name
        base: dict[str, Any] = {
            "path": path,
            "name": f.name,
            "owner": f.owner,
            "required": f.required,
            "section": self._section[path.split(".")[0]],
            "description": f.description,
            "default": f.default,
            "opts": self._opts.get(path, {}),
        }
        if f.kind == "text":
            return Node(kind="text", **base)
        if f.kind == "model":
            children = self._children(f.children, path + ".")
            return Node(
                kind="list" if f.is_list else "group", sub=f.type, children=children, **base
            )
        if f.kind == "bool":
            return Node(kind="bool", **base)
        if f.choices:
            enum = (
                f.type.__name__ if isinstance(f.type, type) and issubclass(f.type, Enum) else None
            )
            kind = "multi" if f.is_list else "choice"
            return Node(kind=kind, choices=f.choices, enum=enum, **base)
        if f.is_list:
            raise ValueError(f"{path}: a list of {f.type} cannot be asked (no questionnaire type)")
        return Node(kind={"date": "date", "int": "int"}.get(f.kind, "line"), **base)
