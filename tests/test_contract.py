"""Contracts between the model, the templates, the phrasebooks and the snippets."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import pytest
from jinja2 import meta, nodes

from complaintgen import context, fields, rendering, resources, snippets
from complaintgen.documents import KINDS
from complaintgen.loading import load_case
from complaintgen.models import Case, ComplaintOutcome, Custody, Ground, Method, Purpose, Step

from .conftest import EXAMPLES, ROOT

LANGS = ("ru", "kk")
DERIVED = {
    "kind",
    "lang",
    "today",
    "facts",
    "g",
    "gp",
    "phrase",
    "snippet",
    "applicable_snippets",
    "signer",
    "missed_steps",
    "deadline",
    "attachments",
    "_state",
    "days_since_incident",
    "redacted",
    # the argument layer (docs/arguments.md): the decided document, its wording and helpers
    "doc",
    "say",
    "cite",
    "me",
    "kin",
    "voice",
}
PERSON_KEYS = {
    "full",
    "latin",
    "short",
    "initials_last",
    "gender",
    "last",
    "first",
    "middle",
    "name",
    *context.RU_CASES,
    *context.KK_CASES,
    *(f"short_{c}" for c in (*context.RU_CASES, *context.KK_CASES)),
}


def templates() -> list[tuple[str, str, Path]]:
    """Every template that exists (a missing one fails the test just below)."""
    found = [
        (k.name, lang, resources.find("templates", f"{lang}/{k.name}.md.j2"))
        for k in KINDS.values()
        for lang in k.langs
    ]
    return [(kind, lang, path) for kind, lang, path in found if path]


def ast_of(path: Path) -> nodes.Template:
    return rendering.environment().parse(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("kind", "lang"), [(k.name, lang) for k in KINDS.values() for lang in k.langs]
)
def test_every_kind_has_a_template_in_each_of_its_languages(kind, lang):
    assert resources.find("templates", f"{lang}/{kind}.md.j2")


def test_every_kind_but_cat_is_written_in_russian_and_kazakh():
    for kind in KINDS.values():
        assert "ru" in kind.langs and (kind.name == "cat" or "kk" in kind.langs)


@pytest.mark.parametrize(("kind", "lang", "path"), templates(), ids=lambda v: str(v))
def test_every_top_level_variable_exists(kind, lang, path):
    names = meta.find_undeclared_variables(ast_of(path))
    known = set(Case.model_fields) | DERIVED | set(rendering.environment().globals)
    assert names <= known, f"{path}: unknown names {sorted(names - known)}"


@pytest.mark.parametrize(("kind", "lang", "path"), templates(), ids=lambda v: str(v))
def test_every_attribute_a_template_reads_exists_in_the_model(kind, lang, path):
    """`order.received_date`, `victim.facility.name`: each step must be a model field (or a
    declined form of a person)."""
    bad = []
    for node in ast_of(path).find_all(nodes.Getattr):
        chain, cur = [], node
        while isinstance(cur, nodes.Getattr):
            chain.insert(0, cur.attr)
            cur = cur.node
        if not isinstance(cur, nodes.Name) or cur.name not in Case.model_fields:
            continue
        parts = [cur.name]
        for attr in chain:
            group = fields.at(parts)
            if group is None or group.kind != "model":
                break  # a leaf's own attributes (a date's .year) are Python's, not the model's
            if fields.at([*parts, attr]) is None and attr not in PERSON_KEYS:
                bad.append(f"{cur.name}.{'.'.join(chain)}")
                break
            parts.append(attr)
    assert not bad, f"{path}: not in the model: {sorted(set(bad))}"


def _constant_calls(path: Path, func: str) -> set[str]:
    return {
        call.args[0].value
        for call in ast_of(path).find_all(nodes.Call)
        if isinstance(call.node, nodes.Name)
        and call.node.name == func
        and call.args
        and isinstance(call.args[0], nodes.Const)
    }


@pytest.mark.parametrize(("kind", "lang", "path"), templates(), ids=lambda v: str(v))
def test_every_snippet_a_template_names_exists_in_both_languages(kind, lang, path):
    for snippet_id in _constant_calls(path, "snippet"):
        s = snippets.get(snippet_id)
        assert set(LANGS) <= set(s.text), f"{snippet_id} lacks a language"
        assert kind in s.documents, f"{snippet_id} is not meant for {kind}"


@pytest.mark.parametrize(("kind", "lang", "path"), templates(), ids=lambda v: str(v))
def test_every_phrase_a_template_names_exists(kind, lang, path):
    book = context.phrasebook(lang)
    for key in _constant_calls(path, "phrase"):
        node = book
        for part in key.split("."):
            assert isinstance(node, dict) and part in node, f"{lang}/phrases.yaml lacks {key}"
            node = node[part]


@pytest.mark.parametrize("lang", LANGS)
def test_phrasebook_covers_every_code(lang):
    book = context.phrasebook(lang)
    for step in Step:
        assert {"argument", "request"} <= set(book["steps"][step.value]), step
    for section, enum in [
        ("methods", Method),
        ("purposes", Purpose),
        ("grounds", Ground),
        ("outcomes", ComplaintOutcome),
        ("custody", Custody),
    ]:
        missing = {e.value for e in enum} - set(book.get(section, {}))
        assert not missing, f"{lang}/phrases.yaml {section} lacks {sorted(missing)}"


def test_every_snippet_has_both_languages_and_sources():
    lib = snippets.library()
    assert len(lib) >= 6
    for s in lib.values():
        assert {"ru", "kk"} <= set(s.text) and s.title.keys() >= {"ru", "kk"}
        assert s.sources and s.documents and s.applies_when


def test_every_snippet_fact_is_computed():
    computed = set(context.facts(context_case()).keys())
    assert set(snippets.FACTS) == computed  # one list (arguments/findings.py), the one computed


def context_case():
    from complaintgen.loading import load_case

    return load_case(sorted((ROOT / "examples").glob("*.yaml"))[0])


def test_unverified_sources_are_not_cited_as_verified():
    for s in snippets.library().values():
        for src in s.sources:
            assert src.ref.strip(), f"{s.id}: {src.cite} has no reference into legal/"


@pytest.mark.slow
def test_the_wheel_carries_templates_and_snippets(tmp_path):
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    wheel = next(tmp_path.glob("complaintgen-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for lang in LANGS:
        assert f"complaintgen/data/templates/{lang}/appeal.md.j2" in names
        assert f"complaintgen/data/templates/{lang}/phrases.yaml" in names
    assert any(n.startswith("complaintgen/data/snippets/") and n.endswith(".md") for n in names)


def test_the_template_docs_list_every_name_the_context_has():
    """docs/templates.md's reference is the typed record of the context, not a copy of it."""
    from complaintgen.orgtemplates import context_schema

    docs = (ROOT / "docs" / "templates.md").read_text(encoding="utf-8")
    start = docs.index(context_schema.DOCS_BEGIN) + len(context_schema.DOCS_BEGIN) + 1
    written = docs[start : docs.index(context_schema.DOCS_END)]
    assert written == context_schema.reference(), (
        "docs/templates.md is stale: paste `complaintgen context --reference` between its markers"
    )


def test_the_context_schema_validates_a_real_context():
    import jsonschema

    from complaintgen.orgtemplates import context_json, context_schema

    path = next(p for p in EXAMPLES if "zhaksybekov" in p.stem)
    data = context_json(load_case(path), "appeal", "ru", today=date(2026, 11, 25))
    jsonschema.validate(json.loads(json.dumps(data, default=str)), context_schema.json_schema())


def test_every_snippet_names_registered_kinds():
    from complaintgen.kinds import KINDS

    for s in snippets.library().values():
        assert set(s.documents) <= set(KINDS), f"{s.path}: unknown kinds {s.documents}"
