"""The model's field tree: the one reading of its annotations."""

from __future__ import annotations

from datetime import date

from complaintgen import fields, form
from complaintgen.intake import questionnaire
from complaintgen.models import FullName, Localized, Method, Perpetrator, Redaction
from complaintgen.tabular import CASE_ID


def test_every_model_field_is_in_the_tree_once():
    paths = [f.path for f in fields.walk()]
    assert len(paths) == len(set(paths))
    assert "incident.perpetrators[].name.last" in paths
    assert paths.index("victim") < paths.index("victim.name") < paths.index("victim.name.last")


def test_each_field_says_what_it_is():
    place = fields.at("incident.place")
    assert (place.kind, place.optional, place.is_list) == ("text", False, False)
    assert place.type is Localized
    perps = fields.at("incident.perpetrators")
    assert (perps.kind, perps.is_list, perps.type) == ("model", True, Perpetrator)
    methods = fields.at("incident.methods")
    assert (methods.kind, methods.is_list) == ("choice", True)
    assert methods.choices == tuple(m.value for m in Method)
    assert fields.at("cat.authorisation").choices == ("signed", "not_possible", "missing")
    assert fields.at("cat.authorisation").default == "missing"
    assert fields.at("victim.custody").default is None  # unknown until the file says
    assert fields.at("incident.date").kind == "date"
    assert fields.at("evidence[3].pages").kind == "int"
    assert fields.at("victim.name").model is FullName
    assert fields.at("victim.nope") is None


def test_patterns_come_from_the_model():
    assert fields.at("victim.iin").pattern == "^[0-9]{12}$"
    assert fields.at("investigation.erdr_number").pattern == "^[0-9]{15}$"
    assert fields.at("id").pattern.startswith("^")
    assert fields.at("incident.date").pattern


def test_children_by_path_and_hints_for_texts():
    assert [f.name for f in fields.children(("incident", "witnesses", 0))][:2] == ["name", "gender"]
    assert [f.name for f in fields.children("incident.narrative")] == ["ru", "kk"]
    assert fields.children("victim.iin") == ()
    assert fields.children(())[0].name == "id"


def test_identifying_fields_are_marked_on_the_model():
    found = fields.identifying()
    assert found["victim.iin"] == found["victim.birth_date"] == "identifiers"
    assert found["victim.address"] == "addresses"
    assert found["incident.witnesses[].contact"] == "contacts"
    # Each marker names the switch of the case file's redaction: that hides it.
    assert set(found.values()) <= set(Redaction.model_fields)


def test_the_tree_is_built_once():
    assert fields.tree() is fields.tree()
    assert fields.at("incident.date") is fields.at(("incident", "date"))
    assert isinstance(fields.at("victim.birth_date").type, type)
    assert fields.at("victim.birth_date").type is date


def test_every_field_of_the_tree_is_a_workbook_column_and_an_intake_question():
    """The workbook and the intake are built from this tree: a field added to the model
    reaches both with no edit there (the questionnaire's own test adds one)."""
    columns = set()
    for sheet in form.sheets("ru"):
        at = "" if sheet.key in form.SINGLE else sheet.key + "."
        columns |= {at + c.path.removesuffix(".kk") for c in sheet.columns if c.path != CASE_ID}
    leaves = {f.path.replace("[]", "") for f in fields.walk() if f.kind != "model"}
    assert columns == leaves
    q = questionnaire()
    groups = {f.path.replace("[]", "") for f in fields.walk() if f.kind == "model"}
    skipped = {p for p in leaves | groups if q._skipped(p)}
    for path in leaves | groups:
        if not any(path == s or path.startswith(s + ".") for s in skipped):
            assert path in q.nodes, path
