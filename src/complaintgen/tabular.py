"""Cases as table rows: the column layout derived from the model, and rows turned into case data.

The first sheet holds one case per row; its columns are field paths (victim.name.last,
incident.date, order.ground). A Localized text has a column for Russian (incident.narrative) and
one for Kazakh (incident.narrative.kk). A list of codes (incident.methods) is one cell, codes
separated by commas. A list of records (complaints, incident.perpetrators) gets a sheet of its
own, named by the list's path, one item per row, keyed by a case_id column. Any column may also
address a list item directly: complaints[0].date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

from . import fields
from .fields import Field
from .models import Case

CASE_ID = "case_id"
_TRUE = {"true", "yes", "1", "да", "иә", "x", "+"}
_FALSE = {"false", "no", "0", "нет", "жоқ", "-"}
_INDEX = re.compile(r"^(\w+)\[(\d+)\]$")


@dataclass(frozen=True)
class Column:
    path: str
    description: str
    choices: tuple[str, ...] = ()  # for drop-down validation
    kind: str = "text"  # text, date, bool, int, codes (comma-separated enum list)
    required: bool = False
    codes: tuple[str, ...] = ()  # the choices of a list of codes (kind "codes")


@dataclass(frozen=True)
class Sheet:
    name: str  # "cases" for the first sheet, else the list's path
    columns: tuple[Column, ...]


# A field's kind in fields.py → the column's kind; choices become a drop-down of codes.
_KIND = {"choice": "text", "str": "text", "bool": "bool", "date": "date", "int": "int"}


def _columns(tree: tuple[Field, ...], prefix: str, sheets: dict[str, list[Column]], sheet: str):
    for f in tree:
        path = f"{prefix}{f.name}"
        desc = f.description
        if f.kind == "text":
            sheets[sheet].append(Column(path, desc + " (ru)", required=f.required))
            sheets[sheet].append(Column(f"{path}.kk", desc + " (kk)"))
        elif f.kind == "model":
            if f.is_list:
                sheets[path] = [
                    Column(CASE_ID, "Case id of the row in the cases sheet", required=True)
                ]
                _columns(f.children, "", sheets, path)
            else:
                _columns(f.children, f"{path}.", sheets, sheet)
        else:
            kind = _KIND[f.kind]
            choices = ("true", "false") if f.kind == "bool" else f.choices
            codes: tuple[str, ...] = ()
            if f.is_list:
                kind = "codes"
                desc += f" (comma-separated: {', '.join(choices)})" if choices else ""
                choices, codes = (), choices
            sheets[sheet].append(Column(path, desc, choices, kind, f.required, codes))


@cache
def layout() -> tuple[Sheet, ...]:
    """The workbook layout for the whole model (fields.tree): the cases sheet first."""
    sheets: dict[str, list[Column]] = {"cases": []}
    _columns(fields.tree(Case), "", sheets, "cases")
    # A step may be a bare code in YAML; in a sheet it is a row with a step column like any other.
    return tuple(Sheet(name, tuple(cols)) for name, cols in sheets.items())


@cache
def _kinds() -> dict[tuple[str, str], str]:
    return {(s.name, c.path): c.kind for s in layout() for c in s.columns}


def column_kind(sheet: str, path: str) -> str:
    return _kinds().get((sheet, path), "text")


def cell_value(value: Any, kind: str) -> Any:
    """A spreadsheet cell as case data: None for empty, dates as ISO text, flags as booleans."""
    if value is None:
        return None
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str):
        value = value.strip()
        if not value:
            return None
        if kind == "bool" and value.lower() in _TRUE | _FALSE:
            return value.lower() in _TRUE
        if kind == "codes":
            return [v.strip() for v in value.split(",") if v.strip()]
    return value


def put(data: dict, path: str, value: Any) -> None:
    """Set data at a dotted path with optional [i] indexes, creating what is missing."""
    parts = path.split(".")
    node: Any = data
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        m = _INDEX.match(part)
        if m:
            name, index = m.group(1), int(m.group(2))
            items = node.setdefault(name, [])
            if not isinstance(items, list):
                raise ValueError(f"{path}: {name} is not a list")
            while len(items) <= index:
                items.append({})
            if last:
                items[index] = value
            else:
                node = items[index]
        elif last:
            if isinstance(node.get(part), dict):
                node[part]["ru"] = value  # a Localized text given as X.kk before X
            else:
                node[part] = value
        else:
            child = node.setdefault(part, {})
            if isinstance(child, str):  # X (ru) came first, now X.kk: make it {ru, kk}
                child = node[part] = {"ru": child}
            node = child


def merge(into: dict, data: dict) -> None:
    """Put the facts of another sheet's row into a case's data (nested groups merge)."""
    for key, value in data.items():
        here = into.get(key)
        if isinstance(here, str) and isinstance(value, dict) and set(value) <= {"ru", "kk"}:
            here = into[key] = {"ru": here}  # a text's Russian on one sheet, Kazakh on another
        if isinstance(value, str) and isinstance(here, dict) and set(here) <= {"ru", "kk"}:
            here["ru"] = value  # the Russian of a text whose Kazakh came first
        elif isinstance(value, dict) and isinstance(here, dict):
            merge(here, value)
        else:
            into[key] = value


def flatten(data: dict) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """Case data → (the row of the cases sheet, the rows of each list sheet): the inverse of
    reading a workbook, for writing cases out as one."""
    sheets = {s.name for s in layout()}
    row: dict[str, Any] = {}
    items: dict[str, list[dict[str, Any]]] = {}

    def walk(node: Any, path: str, target: dict[str, Any]) -> None:
        if isinstance(node, dict):
            if set(node) <= {"ru", "kk"} and node:  # a Localized text
                if "ru" in node:
                    target[path] = node["ru"]
                if "kk" in node:
                    target[f"{path}.kk"] = node["kk"]
                return
            for key, value in node.items():
                walk(value, f"{path}.{key}" if path else key, target)
        elif isinstance(node, list) and path in sheets:
            for item in node:
                sub: dict[str, Any] = {CASE_ID: data.get("id")}
                walk(item if isinstance(item, dict) else {"step": item}, "", sub)
                items.setdefault(path, []).append(sub)
        elif isinstance(node, list):
            target[path] = ", ".join(map(str, node))
        else:
            target[path] = node

    walk(data, "", row)
    return row, items
