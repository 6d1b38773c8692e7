"""The JSON Schema of a case file, saying what the loader accepts (`complaintgen schema`).

pydantic writes the schema of the validated model; the loader also takes shorthands that its
validators expand before that: a plain string for a text (Russian), a bare code for a missed
step. Both are marked on the model (x-text, x-shorthand), and added here so an editor that
checks a case file against the schema agrees with `complaintgen validate`. The patterns of the
ИИН, the ЕРДР number and both date forms are the model's own (models.IIN_PATTERN, DATE_PATTERN).
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

from .models import Case, Localized

_TEXT_REF = f"#/$defs/{Localized.__name__}"
_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _plain_text() -> dict[str, Any]:
    ru = Localized.model_fields["ru"]
    limit = next(m.max_length for m in ru.metadata if getattr(m, "max_length", None))
    return {"type": "string", "pattern": r"\S", "maxLength": limit}


def _with_plain_text(prop: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in prop:  # a required text: {$ref, description} → anyOf [string, $ref]
        prop = dict(prop)
        prop["anyOf"] = [_plain_text(), {"$ref": prop.pop("$ref")}]
        return prop
    options = prop.get("anyOf", [])
    if {"$ref": _TEXT_REF} in options:
        return {**prop, "anyOf": [_plain_text(), *options]}
    return prop


def _shorthand(definition: dict[str, Any]) -> dict[str, Any]:
    """A model that may be written as the value of one of its fields alone."""
    key = definition["x-shorthand"]
    alone = {k: v for k, v in definition["properties"][key].items() if k != "description"}
    keep = {k: definition[k] for k in ("title", "description") if k in definition}
    return {**keep, "anyOf": [alone, definition]}


@cache
def _schema() -> dict[str, Any]:
    schema = Case.model_json_schema()
    for definition in (schema, *schema.get("$defs", {}).values()):
        for name, prop in definition.get("properties", {}).items():
            if prop.get("x-text"):
                definition["properties"][name] = _with_plain_text(prop)
    defs = schema.get("$defs", {})
    for name, definition in list(defs.items()):
        if "x-shorthand" in definition:
            defs[name] = _shorthand(definition)
    return {"$schema": _DIALECT, **schema}


def case_schema() -> dict[str, Any]:
    """The JSON Schema (2020-12) of a case file: every input the loader accepts validates."""
    return copy.deepcopy(_schema())
