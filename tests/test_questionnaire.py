"""The intake questionnaire's engine: which questions apply, how answers are checked (by the
model), what the case file looks like, and that the wording exists in every language."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from pydantic import Field

from complaintgen import fields, i18n, web
from complaintgen.cli import main
from complaintgen.intake import DEFINITION, Progress, Questionnaire, Session, questionnaire
from complaintgen.loading import load_case, parse_document
from complaintgen.models import Case, Victim

from .conftest import EXAMPLES, ROOT, TODAY

RU = i18n.Translator("ru")
SRC = ROOT / "src" / "complaintgen"

# A complete appeal case, answer by answer (question id → what the paralegal types).
ANSWERS = {
    "id": "T-1",
    "victim.name.last": "Иванов",
    "victim.name.first": "Иван",
    "victim.name.middle": "Петрович",
    "victim.iin": "781125 300985",
    "victim.address": "г. Павлодар, ул. Ленина, д. 1",
    "applicant": "1",
    "incident.date": "05.01.2026",
    "incident.place": "ИВС ДП г. Павлодара",
    "incident.facility?": "нет",
    "incident.perpetrators+0": "да",
    "incident.perpetrators[0].known": "нет",
    "incident.perpetrators[0].description": "высокий сотрудник в форме",
    "incident.perpetrators+1": "нет",
    "incident.methods": "1, 3",
    "incident.purpose": "confession",
    "incident.narrative": "Избит при задержании.",
    "investigation?": "да",
    "investigation.erdr_number": "265100031000045",
    "investigation.registered_date": "2026-01-10",
    "investigation.steps_missed": "cctv, other",
    "investigation.steps_missed[1].details": "истребовать журнал ИВС",
    "order?": "да",
    "order.date": "15.11.2026",
    "order.ground": "2",
    "order.received_date": "20.11.2026",
    "addressee.title": "следственный судья Специализированного следственного суда г. Павлодара",
}


def ask(q: Questionnaire, data: dict, progress: Progress, qid: str, raw: str, t=RU):
    """Answer one question; returns (data, progress, checked)."""
    question = next(x for x in q.questions(data) if x.id == qid)
    checked = q.check(question, raw, data, t, progress)
    if checked.error is None:
        data, progress, _ = q.apply(data, progress, question, checked.value)
    return data, progress, checked


def fill(q: Questionnaire, answers: dict[str, str]) -> tuple[dict, Progress]:
    """Walk the questionnaire as the terminal does: Enter wherever the answers say nothing."""
    data: dict = {}
    progress = Progress()
    for _ in range(500):
        pending = q.pending(data, progress)
        if not pending:
            return data, progress
        data, progress, checked = ask(
            q, data, progress, pending[0].id, answers.get(pending[0].id, "")
        )
        assert checked.error is None, (pending[0].id, checked.error)
    raise AssertionError("the questionnaire did not end")


def ids(q: Questionnaire, data: dict) -> list[str]:
    return [x.id for x in q.questions(data)]


@pytest.fixture(scope="module")
def q() -> Questionnaire:
    return questionnaire()


# --- one source: the model and the definition --------------------------------------------------


def _model_paths(model) -> set[str]:
    return {f.path.replace("[]", "") for f in fields.walk(model)}


def test_every_field_of_the_model_is_asked_unless_the_definition_skips_it(q):
    skipped = {
        p for p in _model_paths(Case) if q._skipped(p) or any(p.startswith(s + ".") for s in q.skip)
    }
    below_skipped = {p for p in _model_paths(Case) if any(p.startswith(s + ".") for s in skipped)}
    assert set(q.nodes) == _model_paths(Case) - skipped - below_skipped
    assert "redaction" not in q.nodes and "victim.name.forms_ru" not in q.nodes


def test_the_definition_names_only_fields_of_the_model(tmp_path):
    broken = tmp_path / "q.yaml"
    broken.write_text(
        DEFINITION.read_text(encoding="utf-8").replace("- victim.custody", "- victim.kustody", 1)
    )
    with pytest.raises(ValueError, match=r"victim\.kustody"):
        Questionnaire(definition=broken)


def test_a_new_model_field_is_asked_in_both_channels_with_no_code_change():
    class NewVictim(Victim):
        nickname: str | None = Field(None, description="Nickname used in the facility")

    class NewCase(Case):
        victim: NewVictim = Field(..., description="The victim")

    q = Questionnaire(NewCase)
    data = {"id": "N-1", "victim": {"name": {"last": "Иванов", "first": "Иван"}, "gender": "male"}}
    question = next(x for x in q.questions(data) if x.id == "victim.nickname")
    assert question.section == "victim" and question.kind == "line"
    assert q.text(question, RU) == "Nickname used in the facility"  # until the catalogs name it
    assert ("label:victim.nickname", "label:NewVictim.nickname") in q.catalog_needs()
    # The terminal asks it …
    out = io.StringIO()
    session = Session(q, RU, data, Progress(), None, io.StringIO("Ваня\n"), out, TODAY)
    assert session.ask(question) == ("answer", "Ваня")
    assert "Nickname used in the facility" in out.getvalue()
    # … and the web form shows it, in the victim's section.
    rows = web._rows(q, RU, data, Progress(), "victim", {}, {})
    assert "victim.nickname" in [r.name for r in rows]


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_the_catalogs_word_every_question_section_and_choice(q, lang):
    have = i18n.keys(lang)
    missing = [keys[0] for keys in q.catalog_needs() if not set(keys) & have]
    assert not missing, f"locale/{lang}: add {missing}"


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_the_catalogs_have_every_interface_message_the_code_uses(lang):
    sources = [*SRC.rglob("*.py"), *(SRC / "web_templates").glob("*.html")]
    found = (re.findall(r"""["'](ui:[a-z_]*[a-z])["']""", p.read_text()) for p in sources)
    used = {key for keys in found for key in keys}
    used |= {f"ui:lang_{code}" for code in i18n.LANGS} | {"ui:yes", "ui:no"}
    assert used - i18n.keys(lang) == set()


def test_model_messages_are_translated_with_dates_as_written_in_kazakhstan():
    assert RU.model("date 2027-01-05 is in the future") == "Дата 05.01.2027 ещё не наступила."
    kk = i18n.Translator("kk")
    assert kk.model("Value error, step 'other' needs details").startswith("«Басқа» әрекеті")
    message = "2026-01-01 is before incident.date (2026-02-03)"
    assert RU.model(message) == "01.01.2026 — раньше даты происшествия (03.02.2026)."
    assert RU.model("something the catalogs do not know") == "something the catalogs do not know"


def test_interface_language_comes_from_the_option_then_the_locale_then_russian(monkeypatch):
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    assert i18n.ui_lang(None) == "ru"
    monkeypatch.setenv("LANG", "kk_KZ.UTF-8")
    assert i18n.ui_lang(None) == "kk"
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    assert i18n.ui_lang(None) == "ru"
    assert i18n.ui_lang("en") == "en"
    with pytest.raises(ValueError):
        i18n.ui_lang("de")


# --- only what applies --------------------------------------------------------------------------


def test_a_free_victim_gets_no_custody_questions_a_held_one_does(q):
    data = {"victim": {"custody": "free"}}
    assert not [i for i in ids(q, data) if i.startswith("victim.facility")]
    assert "victim.phone" in ids(q, data)
    held = {"victim": {"custody": "remanded"}}
    assert "victim.facility.name" in ids(q, held) and "victim.phone" not in ids(q, held)


def test_no_order_questions_before_the_case_was_discontinued(q):
    assert not [i for i in ids(q, {}) if i.startswith(("order", "prosecutor_complaint", "route"))]
    opened = {"investigation": {}}
    assert "order?" in ids(q, opened) and "order.date" not in ids(q, opened)
    closed = {"investigation": {}, "order": {}}
    assert {"order.date", "order.received_date", "route", "prosecutor_complaint?"} <= set(
        ids(q, closed)
    )


def test_no_name_questions_for_an_unknown_perpetrator(q):
    unknown = {"incident": {"perpetrators": [{"known": False}]}}
    asked = ids(q, unknown)
    assert "incident.perpetrators[0].description" in asked
    assert not [
        i
        for i in asked
        if i.startswith(("incident.perpetrators[0].name", "incident.perpetrators[0].gender"))
    ]
    known = {"incident": {"perpetrators": [{"known": True}]}}
    assert "incident.perpetrators[0].name.last" in ids(q, known)
    assert "incident.perpetrators[0].description" not in ids(q, known)


def test_passport_spelling_and_birth_place_only_for_a_communication_to_the_committee(q):
    assert "victim.name.latin" not in ids(q, {})
    assert {"victim.name.latin", "victim.birth_place"} <= set(ids(q, {"cat": {}}))


def test_changing_an_answer_removes_the_answers_that_no_longer_apply(q):
    data, progress = {}, Progress()
    data, progress, _ = ask(q, data, progress, "victim.custody", "detained")
    data, progress, _ = ask(q, data, progress, "victim.facility.name", "ИВС ДП г. Павлодара")
    question = next(x for x in q.questions(data) if x.id == "victim.custody")
    data, progress, removed = q.apply(data, progress, question, "free")
    assert "facility" not in data["victim"]
    assert [x.id for x in removed] == ["victim.facility.name"]


# --- checks, by the model -----------------------------------------------------------------------


def test_dates_are_taken_as_typed_in_either_form_and_kept_as_iso(q):
    for typed in ("05.01.2026", "5.1.2026", "2026-01-05"):
        data, _, checked = ask(q, {}, Progress(), "incident.date", typed)
        assert checked.error is None and data["incident"]["date"] == "2026-01-05"
    assert "не дата" in ask(q, {}, Progress(), "incident.date", "пятое января")[2].error
    assert "не бывает" in ask(q, {}, Progress(), "incident.date", "31.02.2026")[2].error


def test_a_date_in_the_future_is_refused_in_the_interface_language(q):
    tomorrow = (date.today() + timedelta(days=1)).strftime("%d.%m.%Y")
    assert (
        ask(q, {}, Progress(), "incident.date", tomorrow)[2].error
        == f"Дата {tomorrow} ещё не наступила."
    )
    kk = ask(q, {}, Progress(), "incident.date", tomorrow, i18n.Translator("kk"))[2].error
    assert kk == f"{tomorrow} күні әлі келген жоқ."


def test_dates_out_of_order_are_refused_by_the_models_cross_check(q):
    data = {"incident": {"date": "2026-02-03"}, "complaints": [{}]}
    checked = ask(q, data, Progress(), "complaints[0].date", "01.02.2026")[2]
    assert checked.error == "01.02.2026 — раньше даты происшествия (03.02.2026)."
    assert ask(q, data, Progress(), "complaints[0].date", "04.02.2026")[2].error is None


def test_iin_check_digit_spaces_and_what_it_tells(q):
    data, progress, checked = ask(q, {}, Progress(), "victim.iin", "781125 300985")
    assert checked.error is None and data["victim"]["iin"] == "781125300985"
    assert "контрольной цифры" in ask(q, {}, Progress(), "victim.iin", "781125300986")[2].error
    assert "12 цифр" in ask(q, {}, Progress(), "victim.iin", "78112530098")[2].error
    # No ИИН is issued where the check digit cannot be computed (models.iin_check_digit is None).
    assert "не выдаётся" in ask(q, {}, Progress(), "victim.iin", "000000002810")[2].error
    born = next(x for x in q.questions(data) if x.id == "victim.birth_date")
    gender = next(x for x in q.questions(data) if x.id == "victim.gender")
    assert q.suggestion(born, data) == "1978-11-25" and q.suggestion(gender, data) == "male"
    checked = ask(q, data, progress, "victim.birth_date", "26.11.1978")[2]
    assert checked.error is None and "закодирована дата рождения 25.11.1978" in checked.warnings[0]


def test_choices_by_number_code_or_label(q):
    for typed in ("2", "detained", "задержан (ИВС)", "DETAINED"):
        assert ask(q, {}, Progress(), "victim.custody", typed)[0]["victim"]["custody"] == "detained"
    assert ask(q, {}, Progress(), "victim.custody", "9")[2].error.startswith("Нет такого варианта")
    data = ask(q, {}, Progress(), "incident.methods", "1, electric_shock 1")[0]
    assert data["incident"]["methods"] == ["beating", "electric_shock"]


def test_required_answers_are_insisted_on_and_nothing_words_leave_optional_ones_empty(q):
    assert "обязательный" in ask(q, {}, Progress(), "incident.place", "")[2].error
    assert "обязательный" in ask(q, {}, Progress(), "incident.place", "не знаю")[2].error
    data = {"victim": {"phone": "+7 701 000 00 00"}}
    assert "phone" not in ask(q, data, Progress(), "victim.phone", "нет")[0].get("victim", {})
    assert ask(q, data, Progress(), "victim.phone", "")[0] == data  # Enter keeps it


def question(q: Questionnaire, data: dict, qid: str):
    return next(x for x in q.questions(data) if x.id == qid)


def test_a_fact_the_models_validators_call_for_is_asked_as_required_there_only(q):
    details = "investigation.steps_missed[0].details"
    other = {"investigation": {"steps_missed": [{"step": "other"}]}}
    assert question(q, other, details).required
    assert ask(q, other, Progress(), details, "")[2].error == RU("ui:required")
    cctv = {"investigation": {"steps_missed": [{"step": "cctv"}]}}
    assert not question(q, cctv, details).required
    refused = {"prosecutor_complaint": {"answer": "refused"}, "order": {}, "investigation": {}}
    assert question(q, refused, "prosecutor_complaint.answer_date").required
    # A known perpetrator needs a name or a position: the name is asked at once; said to be
    # unknown, the position becomes the required answer instead.
    known = {"incident": {"perpetrators": [{"known": True}]}}
    assert "incident.perpetrators[0].name?" not in ids(q, known)
    position = "incident.perpetrators[0].position"
    assert question(q, known, position).required
    named = {"incident": {"perpetrators": [{"known": True, "name": {"last": "Ахметов"}}]}}
    assert not question(q, named, position).required
    known["incident"]["perpetrators"][0]["position"] = "оперуполномоченный"
    assert "incident.perpetrators[0].name?" in ids(q, known)  # now optional: "Is it known?"


def test_conditions_the_model_states_are_not_repeated_in_the_definition(q):
    """The model's validators open these groups; questionnaire.yaml says nothing about when.
    (A held victim's facility is opened by the definition: the model no longer needs it.)"""
    for path in ("representative", "legal_representative", "incident.perpetrators.name"):
        assert "open" not in q.nodes[path].opts, path
    by_representative = {"applicant": "representative"}
    assert "representative.name.last" in ids(q, by_representative)
    assert "representative?" in ids(q, {"applicant": "victim"})
    held = {"victim": {"custody": "remanded"}}
    assert "victim.facility?" not in ids(q, held) and "victim.facility.name" in ids(q, held)


def test_text_in_kazakh_is_kept_as_kazakh(q):
    data = ask(q, {}, Progress(), "incident.place", "Павлодар қаласының полиция басқармасы")[0]
    assert data["incident"]["place"] == {"kk": "Павлодар қаласының полиция басқармасы"}
    data = ask(q, {}, Progress(), "incident.place", "Управление полиции Әуезовского района")[0]
    assert data["incident"]["place"] == "Управление полиции Әуезовского района"
    as_written = {"incident": {"place": "Алматы қ."}}  # a lawyer's file: taken as Russian
    assert ask(q, as_written, Progress(), "incident.place", "")[0] == as_written  # Enter keeps it
    both = {"incident": {"place": {"ru": "здание УП", "kk": "ПБ ғимараты"}}}
    assert ask(q, both, Progress(), "incident.place", "")[0] == both
    kept = ask(q, both, Progress(), "incident.place", "новое здание УП")[0]
    assert kept["incident"]["place"] == {"ru": "новое здание УП", "kk": "ПБ ғимараты"}


# --- lists, skipping, the file ------------------------------------------------------------------


def test_lists_grow_by_yes_and_shrink_when_a_yes_is_taken_back(q):
    data, progress = {}, Progress()
    data, progress, _ = ask(q, data, progress, "complaints+0", "да")
    data, progress, _ = ask(q, data, progress, "complaints+1", "да")
    assert len(data["complaints"]) == 2 and "complaints[1].date" in ids(q, data)
    data, progress, _ = ask(q, data, progress, "complaints+1", "нет")
    assert len(data["complaints"]) == 1


def test_ticked_steps_become_records_and_keep_their_details(q):
    data = ask(q, {"investigation": {}}, Progress(), "investigation.steps_missed", "cctv, other")[0]
    data["investigation"]["steps_missed"][1]["details"] = "журнал"
    data = ask(q, data, Progress(), "investigation.steps_missed", "other, 1")[0]
    assert data["investigation"]["steps_missed"] == [
        {"step": "other", "details": "журнал"},
        {"step": "recognise_victim"},
    ]


def test_a_skipped_question_waits_and_an_answer_clears_it(q):
    question = next(x for x in q.questions({}) if x.id == "victim.name.last")
    progress = q.skip_question(Progress(), question)
    assert "victim.name.last" not in [x.id for x in q.pending({}, progress)]
    _, progress, _ = ask(q, {}, progress, "victim.name.last", "Иванов")
    assert progress.skipped == []


def test_the_case_file_reads_back_through_the_loader_with_its_progress(q, tmp_path):
    data, progress = fill(q, {**ANSWERS, "incident.narrative": "Первая строка.\nВторая строка."})
    progress = q.skip_question(
        progress, next(x for x in q.questions(data) if x.id == "victim.email")
    )
    raw = q.dump(data, progress)
    assert parse_document(raw, "case.yaml")[0] == data
    assert "narrative: |" in raw.decode()  # a text of several lines stays readable
    assert q.load(raw, "case.yaml") == (data, progress)
    path = tmp_path / "case.yaml"
    path.write_bytes(raw)
    assert main(["validate", str(path)]) == 0


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_a_lawyers_case_file_survives_a_resumed_intake(q, path: Path):
    data, progress = q.load(path.read_bytes(), path.name)
    reread, _ = q.load(q.dump(data, progress), path.name)
    assert load_case(path) == Case.model_validate(reread)  # forms, redaction, both languages kept


def test_the_report_names_the_documents_the_facts_support_and_what_they_lack(q):
    data, _ = fill(q, ANSWERS)
    report = q.report(data, RU, TODAY)
    assert report.problems == []
    status = {d.kind: d for d in report.documents}
    assert (
        status["appeal"].ready
        and "статья УК РК, по которой зарегистрировано дело" in status["appeal"].gaps
    )
    assert status["protection"].reason == "угроз нет, и потерпевший не содержится под стражей"
    assert not status["cat"].ready
    assert report.deadline.startswith("Срок подачи жалобы: до 04.12.2026 включительно")


def test_the_report_says_in_words_what_the_case_file_still_lacks(q):
    data, _ = fill(q, ANSWERS)
    data["incident"].pop("place")  # the narrative may now be missing: a draft lists the gap
    problems = q.report(data, RU, TODAY).problems
    words = f"Происшествие · {RU('label:incident.place')}"
    assert problems == [("incident.place", words, "не заполнено")]
