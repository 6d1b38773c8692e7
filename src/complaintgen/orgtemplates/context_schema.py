"""What a template can use: the shape of every name context.build gives it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache, reduce
from typing import Any

from .. import context, fields, rendering, snippets
from ..arguments.findings import FACTS
from ..errors import TemplateError
from ..models import Case, FullName


class _AnyT:
    def __repr__(self) -> str:
        return "ANY"


ANY: Any = _AnyT()
NONE: Any = object()


@dataclass(frozen=True)
class Leaf:
    types: frozenset


@dataclass
class Obj:
    keys: dict[str, Any]


@dataclass
class List:
    elem: Any


@dataclass
class Func:
    result: Any


STR, INT, BOOL, DATE = (Leaf(frozenset({t})) for t in (str, int, bool, date))
DICT_METHODS = {"get", "items", "keys", "values"}


def union(a: Any, b: Any) -> Any:
    if a is b:
        return a
    if a is NONE:
        return b
    if b is NONE:
        return a
    if a is ANY or b is ANY:
        return ANY
    if isinstance(a, Leaf) and isinstance(b, Leaf):
        return Leaf(a.types | b.types)
    if isinstance(a, Obj) and isinstance(b, Obj):
        keys = dict(a.keys)
        for k, v in b.keys.items():
            keys[k] = union(keys[k], v) if k in keys else v
        return Obj(keys)
    if isinstance(a, List) and isinstance(b, List):
        return List(union(a.elem, b.elem))
    if isinstance(a, Func) and isinstance(b, Func):
        return Func(union(a.result, b.result))
    return ANY


@cache
def _person_keys() -> tuple[str, ...]:
    """The keys context.person gives a name, in any language (it is asked, not copied)."""
    name = FullName(last="Иванов", first="Иван", middle="Иванович")
    keys: dict[str, None] = {}
    for lang in ("ru", "kk", "en"):
        keys.update(dict.fromkeys(context.person(name, "male", lang)))
    return tuple(keys)


def _person() -> Obj:
    return Obj(dict.fromkeys(_person_keys(), STR))


def _sample_schema(value: Any) -> Any:
    if isinstance(value, bool):
        return BOOL
    if isinstance(value, str | int | float | date):
        return Leaf(frozenset({type(value) if not isinstance(value, str) else str}))
    if isinstance(value, dict):
        return Obj({k: _sample_schema(v) for k, v in value.items()})
    if isinstance(value, list):
        return List(reduce(union, map(_sample_schema, value)) if value else ANY)
    if callable(value):
        return Func(ANY)
    return ANY


_LEAVES = {"text": STR, "choice": STR, "str": STR, "bool": BOOL, "int": INT, "date": DATE}


def _field_schema(f: fields.Field) -> Any:
    if f.kind != "model":
        shape = _LEAVES[f.kind]
    elif issubclass(f.type, FullName):
        shape = _person()
    else:
        shape = _group_schema(f.children)
    return List(shape) if f.is_list else shape


def _group_schema(group: tuple[fields.Field, ...]) -> Obj:
    keys = {f.name: _field_schema(f) for f in group}
    # A person's record also gives the declined forms of its name directly (victim.gen).
    if any(f.name == "name" and f.kind == "model" and issubclass(f.type, FullName) for f in group):
        keys.update(_person().keys)
    return Obj(keys)


@cache
def top_level() -> dict[str, Any]:
    """Every name context.build gives a template, with the shape of its value."""
    top = dict(_group_schema(fields.tree()).keys)
    top.update(
        kind=STR,
        lang=STR,
        today=DATE,
        facts=Obj(dict.fromkeys(FACTS, BOOL)),
        g=Func(STR),
        gp=Func(STR),
        phrase=Func(STR),
        snippet=Func(STR),
        applicable_snippets=List(STR),
        signer=union(
            union(top["victim"], top["representative"]),
            union(top["legal_representative"], top["successor"]),
        ),
        missed_steps=List(Obj({"code": STR, "argument": STR, "request": STR, "details": STR})),
        deadline=Obj(
            {"start": DATE, "last_day": DATE, "basis": STR, "days_left": INT, "passed": BOOL}
        ),
        days_since_incident=INT,
        attachments=top["evidence"],
    )
    # Whatever else context.build gives (a key added after this was written) is known too.
    sample = Case.model_validate(
        {
            "id": "sample",
            "victim": {"name": {"last": "Иванов", "first": "Иван"}, "gender": "male"},
            "applicant": "victim",
            "incident": {"date": "2020-01-01", "place": "-", "narrative": "-"},
        }
    )
    for lang in ("ru", "kk"):
        built = context.build(sample, "appeal", lang, rendering.RenderState(lang), date(2020, 1, 2))
        for key, value in built.items():
            if key not in top and not key.startswith("_"):
                top[key] = _sample_schema(value)
    return top


def phrase_known(key: str) -> bool:
    books = []
    for lang in ("ru", "kk", "en"):
        try:
            books.append(context.phrasebook(lang))
        except TemplateError:
            return True  # a broken phrasebook is reported elsewhere
    books = [b for b in books if b]
    for book in books:
        node: Any = book
        for part in key.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        if isinstance(node, str):
            return True
    return not books


def snippet_known(snippet_id: str) -> bool:
    try:
        return snippet_id in snippets.library()
    except TemplateError:
        return True


# --- the same record as JSON Schema and as the reference in docs/templates.md ----------------

_JSON_TYPES = {str: "string", int: "integer", bool: "boolean", date: "string"}


def json_schema(shape: Any = None) -> dict[str, Any]:
    """The JSON Schema of what `complaintgen context` prints (functions are left out: a JSON
    context has none)."""
    if shape is None:
        props = {k: json_schema(v) for k, v in sorted(top_level().items())}
        props = {k: v for k, v in props.items() if v is not None}
        return {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": "complaintgen template context",
            "type": "object",
            "properties": props,
        }
    if isinstance(shape, Func):
        return None  # type: ignore[return-value]
    if isinstance(shape, Leaf):
        types = sorted({_JSON_TYPES.get(t, "string") for t in shape.types})
        out: dict[str, Any] = {"type": [*types, "null"]}
        if date in shape.types:
            out["format"] = "date"
        return out
    if isinstance(shape, Obj):
        props = {k: json_schema(v) for k, v in sorted(shape.keys.items())}
        return {"type": ["object", "null"], "properties": {k: v for k, v in props.items() if v}}
    if isinstance(shape, List):
        return {"type": "array", "items": json_schema(shape.elem) or {}}
    return {}


def _kind(shape: Any) -> str:
    if isinstance(shape, Func):
        return "function"
    if isinstance(shape, Leaf):
        names = {str: "text", int: "number", bool: "yes/no", date: "date"}
        return " or ".join(sorted(names.get(t, t.__name__) for t in shape.types))
    if isinstance(shape, Obj):
        return "object: " + ", ".join(f"`{k}`" for k in sorted(shape.keys))
    if isinstance(shape, List):
        return "list of " + _kind(shape.elem)
    return "any"


def reference() -> str:
    """The names a template can use, one line each: the generated part of docs/templates.md."""
    lines = [f"- `{name}`: {_kind(shape)}" for name, shape in sorted(top_level().items())]
    return "\n".join(lines) + "\n"


DOCS_BEGIN = "<!-- context reference: generated by `complaintgen context --reference` -->"
DOCS_END = "<!-- end of the generated context reference -->"
