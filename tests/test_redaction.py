"""A redacted copy contains none of the hidden values: not in the text, not in any XML part."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from complaintgen import docx_text
from complaintgen.documents import render_document
from complaintgen.kinds import KINDS
from complaintgen.loading import load_case, parse_case

from .conftest import EXAMPLES, MINIMAL, TODAY, quick_first


def hidden_values(case) -> list[str]:
    v = case.victim
    values = [v.name.last, v.name.first, v.name.middle, v.iin, v.phone, v.email]
    values += [t for t in (v.address.ru, v.address.kk) if t] if v.address else []
    for w in case.incident.witnesses:
        values += [w.name.last, w.name.first, w.contact]
    return [x for x in values if x]


def xml_parts(docx: bytes) -> str:
    z = zipfile.ZipFile(io.BytesIO(docx))
    return "\n".join(
        z.read(n).decode("utf-8") for n in z.namelist() if n.endswith((".xml", ".rels"))
    )


def forms(value: str) -> re.Pattern:
    if any(c.isdigit() for c in value) and len(re.sub(r"\D", "", value)) >= 7:
        digits = re.sub(r"\D", "", value)[-7:]
        return re.compile(r"[\s\-()]*".join(digits))
    stem = value[:-1] if len(value) > 4 and value[-1] in "аяеиоуыьй" else value
    return re.compile(rf"(?<!\w){re.escape(stem)}", re.IGNORECASE)


@pytest.mark.parametrize("path", quick_first(EXAMPLES, keep=2), ids=lambda p: p.stem)
@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_redacted_appeal_leaks_nothing(path, lang):
    case = load_case(path)
    kind = "appeal" if not KINDS["appeal"].needs(case) else "examination"  # the judge has ruled
    doc = render_document(case, kind, lang, today=TODAY, redact=True)
    text, xml = docx_text.extract_text(doc.docx), xml_parts(doc.docx)
    for value in hidden_values(case):
        pattern = forms(value)
        assert not pattern.search(text), f"{value!r} in the text"
        assert not pattern.search(xml), f"{value!r} in the XML"
    initials = case.victim.name.last[0].upper() + "."
    assert initials in text


def test_a_name_typed_inside_the_narrative_is_hidden_in_every_form():
    text = MINIMAL.replace(
        'narrative: "Избит при задержании."',
        'narrative: "Иванова Ивана Петровича избили; Иванову угрожали; ИВАНОВЫМ занялся конвой."',
    )
    case = parse_case(text.encode(), "c.yaml")
    doc = render_document(case, "examination", "ru", today=TODAY, redact=True)
    body = docx_text.extract_text(doc.docx)
    assert "Иванов" not in body and "ИВАНОВ" not in body and "Ивана" not in body
    assert "И.И.П. избили" in body


def test_short_names_do_not_eat_other_words():
    text = MINIMAL.replace("{last: Иванов, first: Иван, middle: Петрович}", "{last: Ли, first: Ян}")
    text = text.replace('"Избит при задержании."', '"Лицензия Ли; Яну угрожали."')
    case = parse_case(text.encode(), "c.yaml")
    body = docx_text.extract_text(
        render_document(case, "examination", "ru", today=TODAY, redact=True).docx
    )
    assert "Лицензия Л.; Я. угрожали." in body


def test_without_redact_nothing_is_hidden():
    case = load_case(EXAMPLES[0])
    text = docx_text.extract_text(render_document(case, "appeal", "ru", today=TODAY).docx)
    assert case.victim.name.last.capitalize()[:5] in text


def test_a_field_marked_identifying_on_the_model_is_hidden_without_listing_it_here(monkeypatch):
    """Redaction reads the model's marks (fields.identifying): a new identifying field is
    hidden by declaring it so, not by editing redaction.py."""
    from complaintgen import fields, redaction

    marked = {**fields.identifying(), "victim.nationality": "identifiers"}
    monkeypatch.setattr(fields, "identifying", lambda: marked)
    case = load_case(EXAMPLES[0])
    assert "victim.nationality" in redaction.for_case(case, "ru").paths


def test_initials_are_joined_but_a_paragraph_number_keeps_its_space():
    """«Ж. Д.М.» becomes «Ж.Д.М.»; «п. 8.2» of a Committee decision is no initial (it had
    become «п.8.2» in every anonymous CAT communication)."""
    text = MINIMAL.replace(
        '"Избит при задержании."', '"Иванов Д.М. избит; см. п. 8.2 решения, ч. 1 ст. 5."'
    )
    case = parse_case(text.encode(), "c.yaml")
    body = docx_text.extract_text(
        render_document(case, "examination", "ru", today=TODAY, redact=True).docx
    )
    assert "И.Д.М. избит; см. п. 8.2 решения, ч. 1 ст. 5." in body
