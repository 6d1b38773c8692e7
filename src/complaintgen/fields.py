"""The case model as a tree of fields: the one reading of its annotations every walker uses.

A pydantic annotation says a lot at once (`list[Perpetrator]`, `Text | None`,
`Annotated[str, ...]`); each tool over the model (loader hints and line numbers, template
context, workbook columns, questionnaire, redaction, the blank case file) needs the same
answers: is it optional, a list, free text in two languages, a group of fields, a choice? They
are worked out here once per model and cached.

    from complaintgen import fields
    for f in fields.walk():            # every field, depth first, in model order
        f.path, f.kind, f.is_list, f.optional, f.choices, f.description
    fields.at("incident.perpetrators[0].name.last")   # one field; list indices are skipped
    fields.children(("incident",))     # the fields of a group, by path parts
    fields.identifying()               # {"victim.iin": "identifiers", …} for redaction

`kind` is one of: "model" (a group of fields: `children` holds them), "text" (a Localized text:
a string or {ru, kk}), "choice" (`choices` holds the codes), "bool", "date", "int", "str".
A list of groups or of codes has `is_list` set; `path` writes a list item as `[]`
(`incident.witnesses[].contact`), `parts` leaves it out.

The workbook's columns (tabular.layout), the intake's nodes (intake/tree.py) and its
stand-ins (intake/rules.probe) are built from this tree; redaction reads identifying(): a
field marked `json_schema_extra=models.identifying("contacts")` (or `text(...,
identifying="contacts")`) is hidden when the case file's `redaction.contacts` is true.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field as dc_field
from datetime import date
from enum import Enum
from functools import cache
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from .models import IDENTIFYING, Case, Localized

KINDS = ("model", "text", "choice", "bool", "date", "int", "str")


@dataclass(frozen=True, eq=False)
class Field:
    name: str
    path: str  # incident.witnesses[].contact
    parts: tuple[str, ...]  # ("incident", "witnesses", "contact")
    kind: str  # one of KINDS
    type: Any  # the inner type: the model class, the Enum, date, bool, int, str or a Literal
    owner: type[BaseModel] = dc_field(repr=False)
    info: FieldInfo = dc_field(repr=False)
    optional: bool  # may be left out (has a default)
    is_list: bool
    choices: tuple[str, ...]
    description: str
    pattern: str | None  # the regular expression a text value must match, if any
    identifying: str | None  # the redaction switch that hides it (identifiers, addresses, …)
    children: tuple[Field, ...] = dc_field(default=(), repr=False)
    factory_takes_data: bool = dc_field(default=False, repr=False)

    @property
    def required(self) -> bool:
        return not self.optional

    @property
    def default(self) -> Any:
        """The default a missing value takes (an Enum as its code); None if none or a group."""
        value = self.new_default()
        if isinstance(value, BaseModel):
            return None
        return value.value if isinstance(value, Enum) else value

    def new_default(self) -> Any:
        """A fresh default value as the model makes it (an Enum as such); None if none.
        FieldInfo.get_default inspects the factory's signature on every call, which the
        questionnaire's probes make thousands of times per answer: read the factory directly."""
        factory = self.info.default_factory
        if factory is None:
            value = self.info.default
            return None if value is PydanticUndefined else value
        if self.factory_takes_data:  # no such factory in the model today; pydantic handles it
            return self.info.get_default(call_default_factory=True)
        return factory()

    @property
    def model(self) -> type[BaseModel] | None:
        return self.type if self.kind == "model" else None


def unwrap(annotation: Any) -> tuple[Any, bool, list[Any]]:
    """(inner type, is_list, metadata) with Optional and Annotated taken off."""
    metadata: list[Any] = []
    is_list = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation, *meta = typing.get_args(annotation)
            metadata += meta
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation, is_list, metadata
            annotation = args[0]
        elif origin is list:
            annotation, is_list = typing.get_args(annotation)[0], True
        else:
            return annotation, is_list, metadata


def _kind(inner: Any) -> tuple[str, tuple[str, ...]]:
    if isinstance(inner, type):
        if issubclass(inner, Localized):
            return "text", ()
        if issubclass(inner, BaseModel):
            return "model", ()
        if issubclass(inner, Enum):
            return "choice", tuple(str(e.value) for e in inner)
        if issubclass(inner, bool):
            return "bool", ()
        if issubclass(inner, date):
            return "date", ()
        if issubclass(inner, int):
            return "int", ()
    if typing.get_origin(inner) is typing.Literal:
        return "choice", tuple(str(a) for a in typing.get_args(inner))
    return "str", ()


def _pattern(info: FieldInfo, metadata: list[Any]) -> str | None:
    for meta in (*info.metadata, *metadata):
        pattern = getattr(meta, "pattern", None)
        if isinstance(pattern, str):
            return pattern
        schema = getattr(meta, "json_schema", None)  # WithJsonSchema
        if isinstance(schema, dict):
            for option in (schema, *schema.get("anyOf", ())):
                if isinstance(option.get("pattern"), str):
                    return option["pattern"]
    return None


def _extra(info: FieldInfo) -> dict:
    return info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}


def _field(owner: type[BaseModel], name: str, info: FieldInfo, prefix: tuple[str, ...], at: str):
    inner, is_list, metadata = unwrap(info.annotation)
    kind, choices = _kind(inner)
    path = f"{at}.{name}" if at else name
    parts = (*prefix, name)
    children: tuple[Field, ...] = ()
    if kind == "model":
        children = _fields(inner, parts, path + ("[]" if is_list else ""))
    return Field(
        name=name,
        path=path,
        parts=parts,
        kind=kind,
        type=inner,
        owner=owner,
        info=info,
        optional=not info.is_required(),
        is_list=is_list,
        choices=choices,
        description=info.description or "",
        pattern=_pattern(info, metadata),
        identifying=_extra(info).get(IDENTIFYING),
        children=children,
        factory_takes_data=bool(info.default_factory and info.default_factory_takes_validated_data),
    )


def _fields(model: type[BaseModel], prefix: tuple[str, ...], at: str) -> tuple[Field, ...]:
    return tuple(_field(model, n, info, prefix, at) for n, info in model.model_fields.items())


@cache
def tree(model: type[BaseModel] = Case) -> tuple[Field, ...]:
    """The top-level fields of `model`, each with its sub-fields."""
    return _fields(model, (), "")


def walk(model: type[BaseModel] = Case) -> Iterator[Field]:
    """Every field, depth first, in the order the model declares them."""
    stack = list(reversed(tree(model)))
    while stack:
        f = stack.pop()
        yield f
        stack += reversed(f.children)


@cache
def _index(model: type[BaseModel]) -> dict[tuple[str, ...], Field]:
    return {f.parts: f for f in walk(model)}


def _names(loc: str | tuple | list) -> tuple[str, ...]:
    if isinstance(loc, str):
        loc = loc.replace("[]", "").replace("]", "").replace("[", ".").split(".")
        return tuple(p for p in loc if p and not p.isdigit())
    return tuple(str(p) for p in loc if not isinstance(p, int))


def at(loc: str | tuple | list, model: type[BaseModel] = Case) -> Field | None:
    """The field at a path ("complaints[0].date", ("complaints", 0, "date")); None if none."""
    return _index(model).get(_names(loc))


def children(loc: str | tuple | list = (), model: type[BaseModel] = Case) -> tuple[Field, ...]:
    """The fields of the group at `loc` (the top level for an empty path; ru and kk for a
    text); () if there is no such group."""
    parts = _names(loc)
    if not parts:
        return tree(model)
    found = at(parts, model)
    if found is not None and found.kind == "text":
        return tree(found.type)
    return found.children if found else ()


@cache
def identifying(model: type[BaseModel] = Case) -> dict[str, str]:
    """Fields marked on the model as identifying a person: path → the redaction switch
    (a field of models.Redaction) that hides them. A list item's field is written with []."""
    return {f.path: f.identifying for f in walk(model) if f.identifying}
