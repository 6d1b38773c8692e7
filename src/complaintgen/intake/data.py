"""The case data as the intake builds it: nested dicts and lists, addressed by paths such as
("complaints", 0, "date"). Reading, writing and resolving model paths at a place in the data."""

from __future__ import annotations

from typing import Any

MISSING: Any = object()  # no such place in the data (unlike None, an answer left empty)


def get(data: Any, path: tuple) -> Any:
    for key in path:
        if isinstance(key, int):
            if not (isinstance(data, list) and key < len(data)):
                return MISSING
        elif not (isinstance(data, dict) and key in data):
            return MISSING
        data = data[key]
    return data


def assign(data: dict, path: tuple, value: Any) -> None:
    node: Any = data
    for key in path[:-1]:
        if isinstance(key, str) and not isinstance(node.get(key), dict | list):
            node[key] = {}
        node = node[key]
    node[path[-1]] = value


def resolve(path: str, at: tuple) -> tuple:
    """A model path (complaints.outcome) at a place in the data (complaints[1].outcome_date):
    inside a list item it means the same item."""
    out: list = []
    j = 0
    for part in path.split("."):
        out.append(part)
        if j < len(at) and at[j] == part:
            j += 1
            if j < len(at) and isinstance(at[j], int):
                out.append(at[j])
                j += 1
        else:
            j = len(at) + 1
    return tuple(out)


def concrete(data: Any, parts: list[str], at: tuple = ()) -> list[tuple]:
    """Every place in the data a model path (incident.perpetrators.name) stands for."""
    if not parts:
        return [at]
    value = get(data, (*at, parts[0]))
    if isinstance(value, list) and len(parts) > 1:
        return [p for i in range(len(value)) for p in concrete(data, parts[1:], (*at, parts[0], i))]
    return concrete(data, parts[1:], (*at, parts[0])) if value is not MISSING else []
