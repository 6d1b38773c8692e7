"""What templates see: facts, deadlines, missed steps, declined names."""

from __future__ import annotations

from datetime import date

import pytest

from complaintgen import arguments, context
from complaintgen.loading import parse_case
from complaintgen.rendering import RenderState

from .conftest import MINIMAL, TODAY


def case(extra: str = "", base: str = MINIMAL):
    return parse_case((base + extra).encode(), "c.yaml")


def test_facts_follow_the_file():
    c = case(
        "order: {date: 2026-03-01, ground: no_corpus, cites_lawful_actions: true}\n"
        "investigation: {form: inquiry}\n"
        "complaints: [{date: 2026-01-06, to: ДП, outcome: forwarded_181_5}]\n"
        "threats: [{date: 2026-02-01, description: звонок}]\n"
    )
    f = context.facts(c)
    assert f["ground_no_corpus"] and not f["ground_no_event"]
    assert f["inquiry_form"] and f["not_registered_erdr"] and f["lawful_actions_cited"]
    assert f["threats_reported"] and f["perpetrators_unidentified"]
    assert not f["injuries_in_custody"]  # no injuries recorded
    assert f["examination_missing"] and f["psych_exam_missing"]


def test_injuries_in_custody_needs_custody_and_injuries_on_record():
    described = MINIMAL.replace("  place:", "  injuries: ссадины\n  place:")
    held = described.replace("  place:", "  in_official_custody: true\n  place:")
    assert not context.facts(case(base=held))["injuries_in_custody"]  # only the victim's words
    recorded = held.replace("  place:", "  medical_records: [{by: фельдшер ИВС}]\n  place:")
    assert context.facts(case(base=recorded))["injuries_in_custody"]
    free = recorded.replace("in_official_custody: true", "in_official_custody: false")
    assert not context.facts(case(base=free))["injuries_in_custody"]
    unknown = recorded.replace("  in_official_custody: true\n", "")
    assert not context.facts(case(base=unknown))["injuries_in_custody"]


def test_prompt_istanbul_examination_is_not_missing_but_a_late_one_is():
    exam = (
        "examinations: [{kind: forensic_medical, status: done, date: %s,"
        " istanbul_protocol: true}]\n"
    )
    assert not context.facts(case(exam % "2026-01-07"))["examination_missing"]
    assert context.facts(case(exam % "2026-02-20"))["examination_missing"]


def test_examinations_never_done_become_missed_steps_first():
    c = case("investigation: {steps_missed: [cctv]}\n")
    steps = [s.value for s, _ in arguments.find(c).missed]
    assert steps == ["forensic_medical_exam", "psych_exam", "cctv"]


def test_steps_already_done_are_not_requested_again():
    c = case("investigation: {steps_done: [forensic_medical_exam, psych_exam]}\n")
    assert arguments.find(c).missed == []


@pytest.mark.parametrize(
    ("extra", "last_day", "basis"),
    [
        (
            "order: {date: 2026-03-01, ground: no_event, received_date: 2026-03-10}\n",
            date(2026, 3, 24),
            "acquaintance",
        ),
        (
            "order: {date: 2026-03-01, ground: no_event, received_date: 2026-03-10}\n"
            "prosecutor_complaint: {date: 2026-03-12, answer: refused, answer_date: 2026-03-20}\n",
            date(2026, 4, 3),
            "prosecutor_refusal",
        ),
        (
            "order: {date: 2026-03-01, ground: no_event}\n"
            "prosecutor_complaint: {date: 2026-03-12, answer: no_answer}\n",
            date(2026, 4, 9),
            "prosecutor_silence",
        ),
        (
            "order: {date: 2024-02-29, ground: no_event}\nroute: prosecutor\n",
            date(2025, 2, 27),
            "art102_year",
        ),
    ],
)
def test_deadline_by_route(extra, last_day, basis):
    # Earliest reading (deadlines.py): the start day counts as day one.
    base = MINIMAL.replace("2026-01-05", "2024-01-05")
    d = context.appeal_deadline(case(extra, base=base), TODAY)
    assert (d["last_day"], d["basis"]) == (last_day, basis)


def test_no_deadline_without_the_date_of_acquaintance():
    assert (
        context.appeal_deadline(case("order: {date: 2026-03-01, ground: no_event}\n"), TODAY)
        is None
    )


def test_names_are_declined_and_capitals_normalised():
    c = case(
        base=MINIMAL.replace(
            "{last: Иванов, first: Иван, middle: Петрович}",
            "{last: ОСПАНОВ, first: ЕРБОЛАТ, middle: БЕКҰЛЫ}",
        )
    )
    ru = context.build(c, "appeal", "ru", RenderState("ru"), TODAY)["victim"]
    assert ru["gen"] == "Оспанова Ерболата Бекұлы" and ru["initials_last"] == "Е.Б. Оспанов"
    kk = context.build(c, "appeal", "kk", RenderState("kk"), TODAY)["victim"]
    assert kk["abl"] == "Оспанов Ерболат Бекұлынан"


def test_per_person_override_wins():
    c = case(
        base=MINIMAL.replace(
            "{last: Иванов, first: Иван, middle: Петрович}",
            "{last: Кузнецова, first: Асель, middle: Ерлановна,"
            " forms_ru: {gen: Кузнецовой Асели Ерлановны}}",
        ).replace("gender: male", "gender: female")
    )
    ru = context.build(c, "appeal", "ru", RenderState("ru"), TODAY)["victim"]
    assert ru["gen"] == "Кузнецовой Асели Ерлановны"
    assert ru["dat"] == "Кузнецовой Асель Ерлановне"


def test_gender_is_guessed_for_people_without_one():
    from complaintgen.models import FullName

    assert (
        context.guess_gender(FullName(last="Ким", first="Елена", middle="Викторовна")) == "female"
    )
    assert (
        context.guess_gender(FullName(last="Ахметов", first="Нұрлан", middle="Серікұлы")) == "male"
    )
    assert context.guess_gender(FullName(last="Оспанова", first="Динара")) == "female"


def test_text_in_the_other_language_is_used_and_noted():
    state = RenderState("kk")
    context.build(case(), "appeal", "kk", state, TODAY)
    assert "incident.narrative" in state.notes
