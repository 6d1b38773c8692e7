"""Pick lists: a body, place or position chosen from complaintgen.vocabulary, free text still
accepted. Which fields offer which categories is said once, by `vocabulary:` in
questionnaire.yaml; the terminal, the web form and the workbook read it from here."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from .. import vocabulary
from ..language.script import KAZAKH_ONLY as _KK_ONLY

if TYPE_CHECKING:
    from .tree import Node, Tree

LANGS = vocabulary.LANGS  # the vocabulary's languages; any other interface searches in Russian
KINDS = ("text", "line")  # questions whose answer may be a vocabulary entry


def categories(node: Node) -> tuple[str, ...]:
    """The vocabulary categories a field offers, in the definition's order (none: no list)."""
    value = node.opts.get("vocabulary")
    if value is None or node.kind not in KINDS:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def check_definition(tree: Tree, source: str) -> None:
    """A category the vocabulary does not have is a mistake in the definition, said at once."""
    known = (*vocabulary.CATEGORIES, "place")
    for node in tree.nodes.values():
        value = node.opts.get("vocabulary")
        if value is None:
            continue
        if node.kind not in KINDS:
            raise ValueError(f"{source}: '{node.path}' is not free text: no vocabulary list")
        for category in (value,) if isinstance(value, str) else value:
            if category not in known:
                raise ValueError(
                    f"{source}: '{node.path}': vocabulary '{category}' is none of {known}"
                )


def search_langs(text: str, ui_lang: str) -> tuple[str, ...]:
    """The languages to search in, in turn: Kazakh first for a text with a letter only Kazakh
    has, else the interface's language; then the other one."""
    first = "kk" if _KK_ONLY & set(text) else (ui_lang if ui_lang in LANGS else "ru")
    return (first, *(lang for lang in LANGS if lang != first))


def suggest(node: Node, typed: str, lang: str, limit: int = 9) -> list[str]:
    """Names in *lang* matching what was typed, best first, from each category of the field in
    turn (the first category's best matches lead)."""
    lang = lang if lang in LANGS else "ru"
    out: list[str] = []
    for category in categories(node):
        for entry in vocabulary.search(typed, lang, category, limit):
            name = getattr(entry, lang)
            if name not in out:
                out.append(name)
    exact = [n for n in out if _same(n, typed)]
    ranked = exact + [n for n in out if n not in exact]
    return ranked[:limit]


def is_known(node: Node, text: str, lang: str) -> bool:
    """The text is itself one of the field's names (nothing to suggest instead)."""
    return any(_same(n, text) for n in suggest(node, text, lang, 3))


@cache
def options(cats: tuple[str, ...], lang: str) -> tuple[str, ...]:
    """Every name of these categories in *lang*, sorted: a drop-down list (web, workbook)."""
    lang = lang if lang in LANGS else "ru"
    places = ("region", "city", "district")
    wanted = {c for cat in cats for c in (places if cat == "place" else (cat,))}
    names = {getattr(e, lang) for e in vocabulary.entries() if e.category in wanted}
    return tuple(sorted(names, key=lambda n: (n.casefold(), n)))


def _same(a: str, b: str) -> bool:
    return " ".join(a.casefold().replace("ё", "е").split()) == " ".join(
        b.casefold().replace("ё", "е").split()
    )
