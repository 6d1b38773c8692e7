"""How questions, choices, headings and answers read, in the interface language.

The words are in the catalogs (i18n): label:<path> or label:<Model>.<field>, hint:…, gate:…,
add:/more:/item:/button: for lists, choice:<path or Enum>:<code>, section:<id>, group:<path>.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ..i18n import Translator
from ..loading import dotted, split_path
from .data import get
from .rules import opens_always
from .tree import Node, Question

if TYPE_CHECKING:
    from .tree import Tree


def label(node: Node, t: Translator) -> str:
    found = t.first(f"label:{node.path}", f"label:{node.owner.__name__}.{node.name}")
    return found or node.description or node.name


def text(q: Question, t: Translator) -> str:
    """The question as asked."""
    path = q.node.path
    if q.kind == "gate":
        return t.first(f"gate:{path}") or f"{label(q.node, t)}?"
    if q.kind == "more":
        key = f"add:{path}" if q.index == 0 else f"more:{path}"
        return t.first(key) or f"{label(q.node, t)}?"
    return label(q.node, t)


def hint(q: Question, t: Translator) -> str | None:
    node = q.node
    return t.first(f"hint:{node.path}", f"hint:{node.owner.__name__}.{node.name}")


def choices(q: Question) -> tuple[str, ...]:
    if q.kind in ("bool", "gate", "more"):
        return ("yes", "no")
    if q.kind == "pick":
        key = q.node.opts["pick"]
        return next(c.choices for c in q.node.children if c.name == key)
    return q.node.choices


def choice_label(q: Question, code: str, t: Translator) -> str:
    if q.kind in ("bool", "gate", "more"):
        return t(f"ui:{code}")
    node = q.node
    if q.kind == "pick":
        node = next(c for c in node.children if c.name == node.opts["pick"])
    keys = [f"choice:{node.path}:{code}"] + ([f"choice:{node.enum}:{code}"] if node.enum else [])
    return t.first(*keys) or code


def headings(
    tree: Tree, path: tuple, t: Translator, data: dict | None = None
) -> list[tuple[str, tuple | None]]:
    """(title, the list item's path or None) of the groups and items around a place."""
    out: list[tuple[str, tuple | None]] = []
    for depth in range(1, len(path)):
        prefix = path[:depth]
        node = tree.node_at(prefix)
        if isinstance(prefix[-1], int):
            key = node.opts.get("pick")
            item = get(data, prefix) if data is not None else None
            if key and isinstance(item, dict) and item.get(key):
                q = Question(dotted(prefix[:-1]), prefix[:-1], node, "pick")
                out.append((choice_label(q, item[key], t), None))
            else:
                n = prefix[-1] + 1
                title = t.first(f"item:{node.path}", n=n) or f"{label(node, t)} {n}"
                out.append((title, prefix))
        elif node.kind == "group":
            title = t.first(f"group:{node.path}")
            if title:
                out.append((title, None))
    return out


def titles(tree: Tree, path: tuple, t: Translator, data: dict | None = None) -> list[str]:
    """Titles of the groups and list items around a place in the data: ["Жалоба № 2"]."""
    return [title for title, _ in headings(tree, path, t, data)]


def describe(tree: Tree, path: str, t: Translator, data: dict | None = None) -> str:
    """A field path (complaints[0].date) in words: «Жалоба № 1 · Дата подачи»."""
    if not path:
        return t("ui:whole_case")
    parts = split_path(path)
    try:
        node = tree.node_at(parts)
    except KeyError:
        return path
    if isinstance(parts[-1], int):
        words = titles(tree, (*parts, ""), t, data)  # the item's own title too
    else:
        words = [*titles(tree, parts, t, data), label(node, t)]
    top = tree.nodes[parts[0]]
    if len(parts) > 1 and top.kind == "group" and not t.get(f"group:{top.path}"):
        words.insert(0, label(top, t))  # «Потерпевший · Фамилия»
    return " · ".join(dict.fromkeys(words))


def display_name(data: dict) -> str:
    """The victim's name as typed so far, for lists of drafts."""
    name = get(data, ("victim", "name"))
    name = name if isinstance(name, dict) else {}
    return " ".join(str(name[k]) for k in ("last", "first", "middle") if name.get(k))


def display(q: Question, value: Any, t: Translator) -> str:
    """An answer as the paralegal reads it."""
    if value is None or value == []:
        return ""
    if q.kind in ("bool", "gate", "more"):
        return t("ui:yes") if value else t("ui:no")
    if q.kind == "choice":
        return choice_label(q, value, t)
    if q.kind in ("multi", "pick"):
        return ", ".join(choice_label(q, v, t) for v in value)
    if q.kind == "date" and isinstance(value, str):
        m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value)
        return f"{m[3]}.{m[2]}.{m[1]}" if m else value
    if isinstance(value, dict):  # a text in ru and kk: the interface language's first
        return value.get(t.lang) or value.get("ru") or value.get("kk") or ""
    return str(value)


def catalog_needs(tree: Tree) -> list[tuple[str, ...]]:
    """The messages the questions need, each as the keys any one of which will do."""
    out: list[tuple[str, ...]] = [(f"section:{s}",) for s in tree.sections]
    for node in tree.nodes.values():
        out.append((f"label:{node.path}", f"label:{node.owner.__name__}.{node.name}"))
        if node.kind == "group" and not node.required and not opens_always(node):
            out.append((f"gate:{node.path}",))
        if node.kind == "list" and not node.opts.get("pick"):
            for prefix in ("add", "more", "item", "button"):
                out.append((f"{prefix}:{node.path}",))
        for code in node.choices:
            out.append(
                (f"choice:{node.path}:{code}",)
                + ((f"choice:{node.enum}:{code}",) if node.enum else ())
            )
    return out
