"""The intake for the case shapes of issue 9 (a minor and the legal representative, a deceased
victim and the relative holding the victim's rights, the procedural history, a late appeal),
vocabulary pick lists in the terminal, the web form and the workbook, and the translations asked
when documents are wanted in both languages."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

import openpyxl
import pytest

from complaintgen import form, i18n, vocabulary, workbook
from complaintgen.intake import Progress, Session, questionnaire, translations, vocab

from .test_questionnaire import ANSWERS, RU, ask, fill, ids
from .test_web import Client, server, stopping  # noqa: F401  (the fixtures)


@pytest.fixture(scope="module")
def q():
    return questionnaire()


def question(q, data, qid):
    return next(x for x in q.questions(data) if x.id == qid)


# --- a minor victim -----------------------------------------------------------------------------


def test_a_minor_gets_the_legal_representative_an_adult_does_not(q):
    minor = {"victim": {"birth_date": "2011-05-01"}, "incident": {"date": "2026-01-05"}}
    adult = {"victim": {"birth_date": "1990-05-01"}, "incident": {"date": "2026-01-05"}}
    assert "legal_representative?" in ids(q, minor)
    assert not [i for i in ids(q, adult) if i.startswith("legal_representative")]
    # 18 today but 17 at the incident: the age at the incident counts, as in the documents
    grown = {"victim": {"birth_date": "2008-03-01"}, "incident": {"date": "2026-01-05"}}
    assert "legal_representative?" in ids(q, grown)
    # the birth date known: "was the victim a minor?" is not asked; unknown: it is
    assert "victim.minor" not in ids(q, minor) and "victim.minor" in ids(q, {})
    assert "legal_representative?" in ids(q, {"victim": {"minor": True}})
    assert "legal_representative?" not in ids(q, {"victim": {"minor": False}})


def test_a_legal_representative_filing_is_asked_straight_away_and_completes_the_case(q):
    answers = {
        **ANSWERS,
        "victim.iin": "",
        "victim.birth_date": "01.05.2011",
        "applicant": "legal_representative",
        "legal_representative.relation": "mother",
        "legal_representative.name.last": "Иванова",
        "legal_representative.name.first": "Мария",
    }
    data, _ = fill(q, answers)
    assert "legal_representative?" not in ids(q, data)  # the model needs it: no "Is there …?"
    assert data["legal_representative"]["relation"] == "mother"
    assert data["legal_representative"]["gender"] == "female"  # suggested from the name
    assert q.report(data, RU).problems == []


# --- a deceased victim --------------------------------------------------------------------------


def test_a_deceased_victim_gets_death_and_successor_questions_a_living_one_does_not(q):
    dead = {"victim": {"deceased": True}}
    asked = ids(q, dead)
    assert {"victim.death_date", "victim.death_place", "successor?"} <= set(asked)
    assert not {"victim.custody", "victim.phone", "victim.address"} & set(asked)
    alive = ids(q, {"victim": {"deceased": False}})
    assert not [i for i in alive if i.startswith(("successor", "victim.death"))]
    assert "victim.custody" in alive


def test_the_successor_of_a_deceased_victim_files_and_the_case_validates(q):
    answers = {
        **ANSWERS,
        "victim.deceased": "да",
        "victim.death_date": "07.01.2026",
        "victim.death_place": "гауптвахта воинской части 12345",
        "applicant": "successor",
        "successor.relation": "mother",
        "successor.name.last": "Иванова",
        "successor.name.first": "Мария",
        "successor.recognised": "да",
        "successor.recognised_date": "20.01.2026",
    }
    answers.pop("victim.address")
    data, _ = fill(q, answers)
    assert data["successor"]["recognised_date"] == "2026-01-20"
    assert "custody" not in data["victim"]
    assert q.report(data, RU).problems == []
    # a guardian holds no deceased victim's rights (УПК ст. 71 ч. 11): the model says so
    checked = ask(q, data, Progress(), "successor.relation", "guardian")[2]
    assert "71" in checked.error
    # an applicant who needs a group not given yet is fine; a living applicant for the dead not
    assert ask(q, {}, Progress(), "applicant", "successor")[2].error is None
    dead = {"victim": {"deceased": True}}
    assert ask(q, dead, Progress(), "applicant", "victim")[2].error


def test_answering_that_the_victim_is_alive_removes_the_death_and_the_successor(q):
    data = {"victim": {"deceased": True, "death_date": "2026-01-07"}, "successor": {}}
    x = question(q, data, "victim.deceased")
    data, _, removed = q.apply(data, Progress(), x, False)
    assert "death_date" not in data["victim"] and "successor" not in data
    assert "victim.death_date" in [r.id for r in removed]


# --- history and a late appeal ------------------------------------------------------------------


def test_each_history_event_asks_its_own_facts_and_the_model_makes_them_required(q):
    data = {"investigation": {}, "history": [{"event": "annulled"}]}
    asked = [i for i in ids(q, data) if i.startswith("history[0]")]
    assert "history[0].by" in asked and "history[0].instructions" in asked
    assert "history[0].ground" not in asked and "history[0].to_body" not in asked
    assert question(q, data, "history[0].by").required  # the validator needs it for 'annulled'
    data["history"][0] = {"event": "requalified", "from_article": "ч. 2 ст. 146 УК РК"}
    assert question(q, data, "history[0].to_article").required
    assert "history" not in {i.split("+")[0] for i in ids(q, {})}  # no case, no history


def test_the_reason_for_lateness_is_asked_only_once_the_time_limit_has_passed(q):
    order = {"date": "2024-01-10", "ground": "no_corpus", "received_date": "2024-01-12"}
    assert "order.late_reason" in ids(q, {"investigation": {}, "order": order})
    recent = (date.today() - timedelta(days=2)).isoformat()
    order = {**order, "date": recent, "received_date": recent}
    assert "order.late_reason" not in ids(q, {"investigation": {}, "order": order})


# --- vocabulary pick lists ----------------------------------------------------------------------


def _session(q, data, typed: str):
    out = io.StringIO()
    return Session(q, RU, data, Progress(), None, io.StringIO(typed), out, None), out


def test_the_terminal_offers_numbered_matches_and_a_number_picks_one(q):
    data = {"investigation": {}}
    x = question(q, data, "investigation.body")
    expected = [e.ru for e in vocabulary.search("Департамент полиции", "ru", "body", 9)]
    session, out = _session(q, data, "Департамент полиции\n2\n")
    assert session.ask(x) == ("answer", expected[1])
    screen = out.getvalue()
    assert RU("ui:matches") in screen and f"  1  {expected[0]}" in screen


def test_enter_keeps_the_typed_text_and_other_text_searches_again(q):
    data = {"investigation": {}}
    x = question(q, data, "investigation.body")
    session, _ = _session(q, data, "Департамент полиции\n\n")
    assert session.ask(x) == ("answer", "Департамент полиции")  # free text is accepted
    session, out = _session(q, data, "Департамент полиции\nсуд алм\n1\n")
    first_court = vocab.suggest(x.node, "суд алм", "ru")[0]
    assert session.ask(x) == ("answer", first_court) and "суд" in first_court.lower()
    # a whole vocabulary name is taken at once; a field without a list never searches
    session, out = _session(q, data, f"{first_court}\n")
    assert session.ask(x) == ("answer", first_court) and RU("ui:matches") not in out.getvalue()
    name = question(q, {}, "victim.name.last")
    session, out = _session(q, {}, "Алм\n")
    assert session.ask(name) == ("answer", "Алм") and RU("ui:matches") not in out.getvalue()


def test_kazakh_typed_text_is_searched_in_kazakh(q):
    data = {"investigation": {}}
    x = question(q, data, "investigation.body")
    names = q.suggest(x, "Полиция департаменті", "ru")
    assert names and all(vocabulary.translate(n, "kk", "ru") for n in names)


def test_the_definition_names_only_vocabulary_categories_that_exist(tmp_path):
    from complaintgen.intake import DEFINITION, Questionnaire

    broken = tmp_path / "q.yaml"
    text = DEFINITION.read_text(encoding="utf-8")
    broken.write_text(text.replace("{vocabulary: position}", "{vocabulary: positoin}", 1))
    with pytest.raises(ValueError, match="positoin"):
        Questionnaire(definition=broken)


def test_the_web_form_offers_the_names_in_a_datalist_behind_the_session(server):  # noqa: F811
    client = Client(server)
    draft = client.new_case()
    status, _, html = client.request("GET", f"/c/{draft}/incident")
    assert status == 200
    field = re.search(r'<input id="f-incident-place"[^>]*>', html)[0]
    assert 'list="v-facility-body-place"' in field
    datalist = re.search(r'<datalist id="v-facility-body-place">(.*?)</datalist>', html, re.S)[1]
    assert '<option value="Алматы">' in datalist and "Департамент полиции г. Алматы" in datalist
    assert Client(server, token=False).request("GET", f"/c/{draft}/incident")[0] == 403


@pytest.mark.slow  # seconds: a whole workbook or the whole command path, in `make test`
def test_the_workbook_offers_a_list_of_names_where_a_column_is_a_body_or_place(tmp_path):
    book = openpyxl.load_workbook(io.BytesIO(workbook.template_bytes("ru")))
    ws = book.worksheets[0]
    header = next(c.header for c in form.sheets("ru")[0].columns if c.path == "investigation.body")
    letter = next(c.column_letter for c in ws[1] if c.value.removesuffix(" *") == header)
    rules = [dv for dv in ws.data_validations.dataValidation if f"{letter}2" in str(dv.sqref)]
    assert len(rules) == 1 and not rules[0].showErrorMessage  # a list that refuses nothing
    column = rules[0].formula1.split("!")[1].split(":")[0].replace("$", "").rstrip("0123456789")
    names = [c.value for c in book["lists"][column] if c.value]
    assert "Департамент полиции г. Алматы" in names


# --- translations -------------------------------------------------------------------------------


def test_only_text_the_vocabulary_cannot_translate_needs_a_translation(q):
    data = {
        "incident": {"place": "Департамент полиции г. Алматы", "narrative": "Избит."},
        "investigation": {"body": {"ru": "СУ", "kk": "ТБ"}},
    }
    missing = translations.missing(q, data)
    assert [(m.id, m.src, m.dst) for m in missing] == [("incident.narrative", "ru", "kk")]
    kk_only = {"incident": {"narrative": {"kk": "Ұрып-соқты."}}}
    assert [(m.src, m.dst) for m in translations.missing(q, kk_only)] == [("kk", "ru")]


def test_the_intake_asks_the_kazakh_version_when_both_languages_are_wanted(q, tmp_path):
    data, progress = fill(q, ANSWERS)
    left = translations.missing(q, data)
    assert [m.id for m in left][:1] == ["victim.address"] and len(left) >= 3
    typed = "да\nПавлодар қ., Ленин к-сі, 1-үй\n" + "\n" * (len(left) - 1)
    path = tmp_path / "case.yaml"
    out = io.StringIO()
    session = Session(q, RU, data, progress, path, io.StringIO(typed), out, None)
    assert session.finish() == 0
    assert session.data["victim"]["address"] == {
        "ru": "г. Павлодар, ул. Ленина, д. 1",
        "kk": "Павлодар қ., Ленин к-сі, 1-үй",
    }
    screen = out.getvalue()
    assert RU("ui:both_langs") in screen and "«Избит при задержании.»" in screen
    still = [line for line in screen.splitlines() if line.startswith("Ещё без перевода")]
    assert len(still) == 1 and "Что произошло" in still[0] and "Почтовый адрес" not in still[0]
    # the choice is kept with the file: a resumed intake does not ask it again
    data2, progress2 = q.load(path.read_bytes(), "case.yaml")
    assert progress2.both_langs is True and data2["victim"]["address"]["kk"]


def test_one_language_wanted_asks_no_translation(q):
    data, progress = fill(q, ANSWERS)
    out = io.StringIO()
    session = Session(q, i18n.Translator("kk"), data, progress, None, io.StringIO("\n"), out, None)
    session.finish()
    assert session.progress.both_langs is False and session.data == data
    assert "аударылмаған" not in out.getvalue()


def test_the_web_form_asks_the_translations_on_the_summary_page(server):  # noqa: F811
    client = Client(server)
    draft = client.new_case()
    form = {"__shown": ["incident.place", "incident.narrative"], "action": "save"}
    place = {"incident.place": "Департамент полиции г. Алматы", "incident.narrative": "Избит."}
    client.request("POST", f"/c/{draft}/incident", {**form, **place})
    html = client.request("GET", f"/c/{draft}/summary")[2]
    assert RU("ui:both_langs") in html and 'name="tr:' not in html  # not asked yet
    client.request("POST", f"/c/{draft}/translations", {"both_langs": "yes"})
    html = client.request("GET", f"/c/{draft}/summary")[2]
    assert 'name="tr:incident.narrative"' in html and "«Избит.»" in html
    assert 'name="tr:incident.place"' not in html  # the vocabulary translates it
    form = {"both_langs": "yes", "tr:incident.narrative": "Ұрып-соқты."}
    status = client.request("POST", f"/c/{draft}/translations", form)[0]
    assert status == 303
    saved = (server.drafts / f"{draft}.yaml").read_text(encoding="utf-8")
    assert "kk: Ұрып-соқты." in saved and '"both_langs": true' in saved
    assert 'name="tr:incident.narrative"' not in client.request("GET", f"/c/{draft}/summary")[2]
