"""`explain` accounts for every paragraph: each line of a document is the words of an item the
argument layer decided, except the document's fixed headings."""

from __future__ import annotations

import json
import re

import pytest

from complaintgen import documents, kinds
from complaintgen.cli import main
from complaintgen.loading import load_case
from complaintgen.rendering import finish

from .conftest import EXAMPLES, TODAY, example_case, quick_where

# Structure the skeleton writes itself: headings, block fences, list markers.
STRUCTURE = re.compile(r"^(#{1,6} .*|:::.*|\s*)$")


def _lines(text: str) -> list[str]:
    out = []
    for line in text.splitlines():
        if STRUCTURE.match(line):
            continue
        out.append(re.sub(r"^(\d+\.|-) ", "", line).strip())
    return out


CASES = [
    (path, kind, lang)
    for path in EXAMPLES
    for kind in ("appeal", "protection", "examination")
    for lang in ("ru", "kk")
]


def _called_for(path, kind) -> bool:
    case = example_case(path)
    return not (kinds.stage_problem(case, kind) or kinds.KINDS[kind].needs(case))


def _first_of_each_document(cases) -> set:
    """The quick loop's share: each document and language on the first example that calls for
    it (`make test` explains every example)."""
    first: dict = {}
    for path, kind, lang in cases:
        if (kind, lang) not in first and _called_for(path, kind):
            first[kind, lang] = (path, kind, lang)
    return set(first.values())


QUICK = _first_of_each_document(CASES)


@pytest.mark.parametrize(
    ("path", "kind", "lang"),
    quick_where(CASES, lambda v: v in QUICK),
    ids=lambda v: getattr(v, "stem", v),
)
def test_every_line_comes_from_an_item(path, kind, lang):
    case = load_case(path)
    if kinds.stage_problem(case, kind) or kinds.KINDS[kind].needs(case):
        pytest.skip("the facts do not call for this document")
    text, state = documents.render_text(case, kind, lang, TODAY)
    said = "\n".join(finish(words, state) for _, words in state.said)
    missing = [line for line in _lines(text) if line not in said]
    assert not missing, f"lines no item accounts for: {missing[:3]}"


def test_explain_json_names_facts_law_and_snippets(capsys):
    path = next(p for p in EXAMPLES if "zhaksybekov" in p.stem)
    assert main(["explain", "appeal", str(path), "--json", "--today", "2026-11-25"]) == 0
    data = json.loads(capsys.readouterr().out)
    items = data["items"]
    assert {i["key"] for i in items} >= {"to", "order", "ground_no_corpus", "req_annul"}
    annul = next(i for i in items if i["key"] == "req_annul")
    assert annul["law"][0]["cite"] == "п. 1 ч. 8 ст. 106 УПК РК"
    assert annul["law"][0]["source"].startswith("legal/")
    assert any(i["snippet"] and i["snippet"]["sources"] for i in items)
    order = next(i for i in items if i["key"] == "order")
    assert "order.date" in order["facts"]
