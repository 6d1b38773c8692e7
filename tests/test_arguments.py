"""The argument layer decides by the law: route, stage, person, deadline."""

from __future__ import annotations

import re

import pytest

from complaintgen import arguments, documents, kinds
from complaintgen.arguments.parties import with_route
from complaintgen.errors import StageError
from complaintgen.loading import load_case, parse_case

from .conftest import EXAMPLES, MINIMAL, ROOT, TODAY

JUDGE_ONLY = re.compile(r"upk-106-[678]")
PROSECUTOR_ONLY = re.compile(r"upk-105|upk-102")


def appealable():
    out = []
    for path in EXAMPLES:
        case = load_case(path)
        if kinds.stage_problem(case, "appeal") is None:
            out.append(path)
    return out


@pytest.mark.parametrize("path", appealable(), ids=lambda p: p.stem)
@pytest.mark.parametrize("route", ["judge", "prosecutor"])
def test_addressee_basis_requests_and_deadline_follow_one_route(path, route):
    case = with_route(load_case(path), route)
    doc = kinds.argue(case, "appeal", TODAY, route)
    laws = {law for item in doc.items() for law in item.law}
    to = doc.header[0]
    if route == "judge":
        assert not any(PROSECUTOR_ONLY.match(x) for x in laws), laws
        assert doc.deadline is None or doc.deadline.law == "upk-106-5"
        assert {r.key for r in doc.requests} <= {
            "req_restore",
            "req_hearing",
            "req_annul",
            "req_inaction",  # п. 2 ч. 8, instructions not carried out included
            "req_prosecutor_remedy",
            "req_copy_ruling",
        }
    else:
        assert not any(JUDGE_ONLY.match(x) for x in laws), laws
        assert doc.deadline is None or doc.deadline.law == "upk-102"
    addressee = load_case(path).addressee
    if addressee is not None:
        own = (addressee.route or load_case(path).route).value
        assert (to.data["addressee"] is not None) == (own == route)
    text, _ = render(case)
    if route == "prosecutor":
        assert "Следственному судье" not in text and "ст. 106" not in text
    else:
        assert "Прокурору" not in text.split("ЖАЛОБА")[0]


def render(case, lang: str = "ru"):
    """The document's text as a reader sees it (Markdown escapes removed) and its gaps."""
    text, state = documents.render_text(case, "appeal", lang, TODAY)
    return re.sub(r"\\(.)", r"\1", text), state


def _case(extra: str = "", base: str = MINIMAL):
    return parse_case((base + extra).encode(), "c.yaml")


ORDER = "order: {date: 2026-03-01, ground: no_event, received_date: 2026-03-10}\n"


def test_a_judge_who_already_ruled_sends_the_lawyer_to_article_107():
    c = _case(
        ORDER + "court_appeals: [{level: investigating_judge, date: 2026-03-15,"
        " decision_date: 2026-03-25, outcome: dismissed}]\n"
    )
    problem = kinds.stage_problem(c, "appeal")
    assert problem and "107" in problem
    with pytest.raises(StageError):
        documents.render_text(c, "appeal", "ru", TODAY)


def test_a_late_complaint_asks_to_restore_the_time_limit_with_the_reason_or_a_gap():
    doc = kinds.argue(_case(ORDER), "appeal", TODAY)
    assert doc.deadline.passed
    assert doc.requests[0].key == "req_restore" and doc.requests[0].law == ("upk-50-2",)
    text, state = render(_case(ORDER))
    assert "ст. 50 УПК РК" in text and any("причина пропуска" in g for g in state.gaps)
    # eight months late: late on every reading, so the document says so and asks outright
    assert "пропущен по следующей причине" in text and "восстановить срок подачи" in text
    with_reason = ORDER.replace("}", ", late_reason: болезнь}")
    text, state = render(_case(with_reason))
    assert "пропущен по следующей причине: болезнь" in text
    assert not any("причина пропуска" in g for g in state.gaps)


def test_a_complaint_a_day_or_two_late_asks_only_in_case_it_is_late():
    # received 10 November: the earliest last day is 24 November, TODAY is the 25th
    barely = ORDER.replace("2026-03-10", "2026-11-10").replace("2026-03-01", "2026-11-01")
    doc = kinds.argue(_case(barely), "appeal", TODAY)
    assert doc.deadline.passed and not doc.deadline.certainly_passed
    text, _ = render(_case(barely))
    assert "будет признан пропущенным" in text  # the earliest reading is no certainty
    assert "в случае признания срока подачи настоящей жалобы пропущенным" in text


def test_a_timely_complaint_asks_nothing_about_the_time_limit():
    timely = ORDER.replace("2026-03-10", "2026-11-20")
    doc = kinds.argue(_case(timely), "appeal", TODAY)
    assert not doc.deadline.passed
    assert "req_restore" not in {r.key for r in doc.requests}


def test_the_minor_is_represented_by_the_parent_under_article_76():
    c = load_case(next(p for p in EXAMPLES if "minor" in p.stem))
    doc = kinds.argue(c, "appeal", TODAY)
    standing = next(i for i in doc.body if i.key == "standing")
    assert standing.data["role"] == "legal_representative" and "upk-76-2" in standing.law
    text, _ = render(c)
    assert "законным представителем" in text and "несовершеннолетней" in text


def test_the_deceased_victims_mother_holds_his_rights():
    c = load_case(next(p for p in EXAMPLES if "deceased" in p.stem))
    found = arguments.find(c)
    assert not found.facts["psych_exam_missing"]  # a dead man is not examined by psychiatrists
    text, _ = render(c)
    assert "ч. 11 ст. 71 УПК РК" in text and "матерью" in text
    assert "письменное согласие" not in text  # nobody asks the dead for consent
    # «death not caused by the injuries» leaves the violence: death is only ч. 4
    assert "ч. 4 ст. 146 УК РК" in text
    assert "указывает потерпевший" not in text  # the dead man points at nobody; his mother does


def test_official_capacity_is_argued_from_note_2():
    c = load_case(next(p for p in EXAMPLES if "official-capacity" in p.stem))
    doc = kinds.argue(c, "appeal", TODAY)
    assert any(i.key == "official_capacity" and "uk-146-note-2" in i.law for i in doc.body)


def test_a_second_discontinuation_is_argued_as_instructions_ignored():
    c = load_case(next(p for p in EXAMPLES if "second" in p.stem))
    doc = kinds.argue(c, "appeal", TODAY)
    keys = [i.key for i in doc.body]
    assert "history_annulled" in keys and "instructions_ignored" in keys


def test_no_visible_injuries_is_a_fact_and_an_argument_not_an_injury():
    c = load_case(next(p for p in EXAMPLES if "no-visible" in p.stem))
    text, _ = render(c)
    assert "Видимых телесных повреждений" in text
    assert "причинены телесные повреждения" not in text
    assert "документально зафиксирован" not in text


def test_a_draft_shows_gaps_and_never_refuses():
    c = load_case(next(p for p in EXAMPLES if "draft" in p.stem))
    _, state = render(c)
    labels = " ".join(state.gaps)
    for missing in ("applicant", "incident.narrative", "дата ознакомления", "адресат"):
        assert missing in labels or missing.replace("адресат", "addressee") in labels, missing


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        (
            "investigation: {steps_done: [cctv], steps_missed: [cctv]}\n",
            "investigation.steps_done[0]",
        ),
        (
            "history: [{event: discontinued, date: 2026-02-10, ground: no_event},"
            " {event: annulled, date: 2026-02-01, by: prosecutor}]\n",
            "history[1].date",
        ),
        ("history: [{event: annulled, date: 2026-02-01, by: prosecutor}]\n", "history[0].event"),
        ("history: [{event: requalified, date: 2026-02-01}]\n", "history[0]"),
    ],
)
def test_contradictions_are_input_errors_with_their_field(extra, field):
    from complaintgen.errors import InputError

    with pytest.raises(InputError) as e:
        _case(extra)
    assert any(p.field == field for p in e.value.problems), [str(p) for p in e.value.problems]


INSTIGATED = """\
incident:
  date: 2026-06-12
  place: "комната охраны торгового центра, г. Караганда"
  in_official_custody: false
  narrative: "Охранник избил подростка по указанию участкового инспектора."
  methods: [beating]
  perpetrators:
    - known: true
      name: {last: Жаксылыков, first: Ерлан, middle: Маратович}
      gender: male
      position: "охранник торгового центра"
      authority: other
      status: instigated
%s
investigation:
  erdr_number: "263521031000512"
  registered_date: 2026-06-14
  steps_missed: [question_officers, cctv, confrontation, phone_records]
order: {date: 2026-11-10, ground: no_corpus, received_date: 2026-11-16}
route: judge
"""
OFFICIAL = """\
    - known: true
      name: {last: Омаров, first: Бакыт, middle: Серикович}
      gender: male
      position: "участковый инспектор полиции"
      authority: mvd
      status: official
"""
BASE = MINIMAL.split("incident:")[0]


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_violence_at_an_officials_instigation_is_answered_from_article_146(lang):
    case = parse_case((BASE + INSTIGATED % OFFICIAL).encode(), "c.yaml")
    doc = kinds.argue(case, "appeal", TODAY)
    item = next(i for i in doc.body if i.key == "instigation")
    assert {"uk-146-1", "uk-146-2"} <= set(item.law)
    text, _ = render(case, lang)
    quote = {
        "ru": "«другим лицом с их подстрекательства либо с их ведома или молчаливого согласия»",
        "kk": "«олардың айдап салуымен не олар біле тұрып немесе олардың үнсіз келісімімен",
    }[lang]
    assert quote in text
    assert {"ru": "Лица, причастные к насилию:", "kk": "Зорлық-зомбылыққа қатысы бар адамдар:"}[
        lang
    ] in text
    # the police officer is named, so body-worn cameras are asked for
    assert {"ru": "нагрудных", "kk": "кеудеге тағылатын"}[lang] in text


@pytest.mark.parametrize("kind", ["appeal", "protection", "examination"])
def test_a_private_guard_is_never_called_an_officer_or_accused(kind):
    case = parse_case((BASE + INSTIGATED % "").encode(), "c.yaml")
    facts = arguments.find(case).facts
    assert facts["instigated"] and not facts["perpetrators_staff"] and not facts["mvd_officers"]
    for lang in ("ru", "kk"):
        text, _ = documents.render_text(case, kind, lang, TODAY)
        text = re.sub(r"\\(.)", r"\1", text).lower()
        # examined without law-enforcement staff present: a request about anyone, not a claim
        text = text.replace("сотрудников правоохранительных органов", "")
        text = text.replace("құқық қорғау органдары қызметкерлерінің", "")
        for word in (
            "сотрудник",
            "обвиня",
            "нагрудн",
            "органов внутренних дел",
            "қызметкер",
            "айыпта",
            "ішкі істер",
        ):
            assert word not in text, (kind, lang, word)


@pytest.mark.parametrize("kind", ["protection", "examination"])
def test_the_article_of_an_open_case_is_cited_in_kazakh_style(kind):
    extra = (
        "investigation: {erdr_number: '263500031000412', registered_date: 2026-10-07,"
        " article: ч. 1 ст. 146 УК РК}\nthreats: [{date: 2026-10-20, description: звонок}]\n"
    )
    text, _ = documents.render_text(_case(extra), kind, "kk", TODAY)
    text = re.sub(r"\\(.)", r"\1", text)
    assert "ҚР ҚК-нің 146-бабының 1-бөлігінде көзделген" in text
    assert "ст. 146 УК РК" not in text


def test_after_a_prosecutors_refusal_the_higher_prosecutor_is_asked_to_set_it_aside_first():
    refused = ORDER + (
        "prosecutor_complaint: {date: 2026-03-12, answer: refused, answer_date: 2026-03-20}\n"
    )
    doc = kinds.argue(with_route(_case(refused), "prosecutor"), "appeal", TODAY, "prosecutor")
    assert doc.header[0].data["higher"]
    assert [r.key for r in doc.requests][:2] == ["req_cancel_refusal", "req_cancel"]
    text, state = render(with_route(_case(refused), "prosecutor"))
    assert "об отказе в удовлетворении жалобы" in text
    assert any("вышестоящий прокурор" in g for g in state.gaps)


def test_an_examination_that_found_nothing_is_not_injuries_on_record():
    extra = (
        "order: {date: 2026-08-01, ground: no_event, received_date: 2026-11-20}\n"
        "examinations: [{kind: forensic_medical, status: done, date: 2026-01-08,"
        " findings: телесных повреждений не обнаружено}]\n"
    )
    base = MINIMAL.replace("  narrative:", "  visible_injuries: false\n  narrative:")
    case = _case(extra, base=base)
    assert not arguments.find(case).injury_records
    text, _ = render(case)
    assert "документально зафиксирован" not in text and "зафиксированы:" not in text


def test_threats_to_relatives_bring_them_under_the_security_measures():
    extra = (
        "investigation: {erdr_number: '263500031000412', registered_date: 2026-02-07}\n"
        "threats: [{date: 2026-02-20, description: звонок, against: мать и брат}]\n"
    )
    text, _ = documents.render_text(_case(extra), "protection", "ru", TODAY)
    text = re.sub(r"\\(.)", r"\1", text)
    assert "на меня и моих близких оказывалось давление" in text
    assert "его близких (мать и брат; ч. 1 ст. 96 УПК РК)" in text


def test_a_minor_in_a_case_registered_under_part_1_is_argued_under_part_3():
    c = load_case(next(p for p in EXAMPLES if "minor" in p.stem))
    doc = kinds.argue(c, "appeal", TODAY)
    item = next(i for i in doc.body if i.key == "aggravating")
    assert "uk-146-3-4" in item.law and item.data["minor"]
    text, _ = render(c)
    assert "квалифицируются по п. 4 ч. 3 ст. 146 УК РК" in text


def test_a_remanded_victim_is_also_protected_by_the_body_running_his_own_case():
    extra = ORDER + "threats: [{date: 2026-03-05, description: звонок}]\n"
    base = MINIMAL.replace("applicant: victim", "applicant: victim\n").replace(
        "  gender: male\n", "  gender: male\n  custody: remanded\n", 1
    )
    doc = kinds.argue(_case(extra, base=base), "protection", TODAY)
    assert any(i.key == "own_case_body" and "upk-96-1" in i.law for i in doc.body)


def test_a_threat_from_someone_unknown_asks_to_identify_him_before_the_warning():
    """п. 1 ч. 1 ст. 97: a warning goes to a person; «неизвестный мужчина» is found first."""
    unknown = (
        "threats: [{date: 2026-03-20, description: звонок с угрозами, by: неизвестный мужчина}]\n"
    )
    for lang, asks in (("ru", "установить лицо, от которого исходит угроза"), ("kk", "анықтап")):
        text, _ = documents.render_text(_case(unknown), "protection", lang, TODAY)
        assert asks in re.sub(r"\\(.)", r"\1", text)
    named = unknown.replace("неизвестный мужчина", '"Сериков А.Б., начальник ИВС"')
    text, _ = documents.render_text(_case(named), "protection", "ru", TODAY)
    text = re.sub(r"\\(.)", r"\1", text)
    assert "вынести лицу, от которого исходит угроза (Сериков А.Б., начальник ИВС)" in text
    assert "установить лицо" not in text
    two = unknown.replace("неизвестный мужчина", "Оспанов Е.М. и Турсынов А.К.")
    text, _ = documents.render_text(_case(two), "protection", "ru", TODAY)
    text = re.sub(r"\\(.)", r"\1", text)
    assert "вынести лицам, от которых исходят угрозы (Оспанов Е.М. и Турсынов А.К.)" in text


@pytest.mark.parametrize(
    ("lang", "mine", "third"),
    [
        ("ru", "Поскольку я содержусь под стражей", "Поскольку потерпевший"),
        ("kk", "Мен күзетпен ұсталып отырғандықтан", "Жәбірленуші күзетпен"),
    ],
)
def test_the_reprisals_law_speaks_of_the_victim_as_i_in_his_own_petition(lang, mine, third):
    held = "  custody: remanded\n"
    case = _case(base=MINIMAL.replace("  gender: male\n", "  gender: male\n" + held))
    text, _ = documents.render_text(case, "protection", lang, TODAY)
    assert mine in text and third not in text


def test_a_fellow_conscript_at_a_sergeants_order_is_no_police_officer():
    """The agency field defaults to МВД; someone acting at an official's instigation serves in
    none, so a military case never asks for experts «not of the МВД»."""
    extra = (
        "  facility: {name: воинская часть 55555, authority: military}\n"
        "  perpetrators:\n"
        "    - {known: true, position: сержант, authority: military, status: official}\n"
        "    - {known: true, position: рядовой срочной службы, status: instigated}\n"
    )
    case = _case(base=MINIMAL.replace("  place:", extra + "  place:"))
    found = arguments.find(case)
    assert not found.facts["perpetrators_mvd"] and not found.facts["mvd_officers"]
    text, _ = documents.render_text(case, "examination", "ru", TODAY)
    assert "Министерства внутренних дел" not in text


@pytest.mark.parametrize(
    ("article", "kazakh"),
    [
        ("п. 1) ч. 3 ст. 146 УК РК", "ҚР ҚК-нің 146-бабы 3-бөлігінің 1) тармағында көзделген"),
        ("ч. 2 ст. 146 УК РК", "ҚР ҚК-нің 146-бабының 2-бөлігінде көзделген"),
        # no shape the code can cite in Kazakh: a translation gap, not Russian in a Kazakh text
        ("ст. 146 ч. 2 УК", "[НАҚТЫЛАУ: аудармасы — «ст. 146 ч. 2 УК»]"),
    ],
)
def test_the_article_of_the_case_is_cited_in_kazakh_or_shown_as_a_gap(article, kazakh):
    extra = (
        f'investigation: {{erdr_number: "261234031000001", registered_date: 2026-01-10,'
        f' article: "{article}"}}\n'
    )
    text, _ = documents.render_text(_case(extra), "protection", "kk", TODAY)
    assert kazakh in re.sub(r"\\(.)", r"\1", text)


def test_a_case_moved_out_of_article_146_is_argued_as_it_stands_now():
    """Registered under ч. 2 ст. 146, re-qualified to ч. 1 ст. 362, closed for no corpus: the
    appeal answers the re-qualification and no longer calls it «зарегистрировано по ч. 2»."""
    extra = (
        'investigation: {erdr_number: "261234031000001", registered_date: 2026-01-10,'
        ' article: "ч. 2 ст. 146 УК РК"}\n'
        "history: [{event: requalified, date: 2026-02-01, from_article: ч. 2 ст. 146 УК РК,"
        " to_article: ч. 1 ст. 362 УК РК}]\n"
        "order: {date: 2026-03-01, ground: no_corpus, received_date: 2026-03-10}\n"
    )
    perps = "[{known: true, position: следователь}, {known: true, position: оперуполномоченный}]"
    base = MINIMAL.replace("  place:", f"  perpetrators: {perps}\n  place:")
    text, _ = render(_case(extra, base=base))
    assert "переквалификация этих признаков не устраняет" in text
    assert "зарегистрировано по ч. 2 ст. 146" not in text
    text, _ = render(_case(extra, base=base), "kk")
    assert "362-бабының 1-бөлігіне қайта сараланғанымен" in text


@pytest.mark.parametrize(
    ("authority", "facility", "asked"),
    [("anticorruption", False, False), ("mvd", False, False), ("mvd", True, True)],
)
def test_intake_records_only_where_the_file_points_to_a_place_of_admission(
    authority, facility, asked
):
    """A witness questioned in an anti-corruption office, or someone released from a police
    station, was admitted nowhere; someone held in an ИВС the file names was, and the experts
    need its intake records."""
    perp = f"[{{known: true, position: оперуполномоченный, authority: {authority}}}]"
    place = "  facility: {name: ИВС ДП г. Павлодара, authority: mvd}\n" if facility else ""
    base = MINIMAL.replace(
        "  place:", f"  in_official_custody: true\n  perpetrators: {perp}\n{place}  place:"
    )
    text, _ = documents.render_text(_case(base=base), "examination", "ru", TODAY)
    assert ("при доставлении и поступлении в место содержания" in text) is asked


def test_a_convict_moved_to_another_colony_is_kept_from_the_first_ones_staff():
    """Beaten in one colony, held now in another of the same agency: the danger is a transfer
    back and visits by the first colony's staff, not «while he stays in this facility»."""
    first = "{name: учреждение АП-162/1, authority: mvd}"
    base = MINIMAL.replace(
        "  gender: male\n",
        "  gender: male\n  custody: serving_sentence\n"
        "  facility: {name: учреждение АП-162/3, authority: mvd}\n",
        1,
    ).replace("  place:", f"  in_official_custody: true\n  facility: {first}\n  place:")
    threat = (
        "threats: [{date: 2026-03-20, description: обещали вернуть этапом,"
        " by: сотрудники АП-162/1}]\n"
    )
    text, _ = documents.render_text(_case(threat, base=base), "protection", "ru", TODAY)
    text = re.sub(r"\\(.)", r"\1", text)
    assert "не допускать к нему сотрудников учреждения АП-162/1" in text
    assert "пока осуждённый остаётся в этом учреждении" not in text.lower()
    assert "не направлять его в учреждение, сотрудники которого" in text


def test_an_attachment_whose_title_gives_its_date_is_not_dated_twice():
    evidence = (
        "evidence:\n"
        "  - {title: Копия жалобы в прокуратуру от 28 июня 2026 года, date: 2026-06-28, pages: 2}\n"
        "  - {title: Справка травмпункта, date: 2026-01-06, pages: 1}\n"
    )
    text, _ = render(_case(ORDER + evidence))
    assert "от 28 июня 2026 года на 2 л." in text and "года от 28 июня" not in text
    assert "Справка травмпункта от 6 января 2026 года на 1 л." in text


@pytest.mark.parametrize(
    ("findings", "cited"),
    [
        ("перелом ребра; вред здоровью средней тяжести", "п. 3 ч. 3 ст. 146 УК РК"),
        ("перелом основания черепа; тяжкий вред здоровью", "ч. 4 ст. 146 УК РК"),
        ("кровоподтёки; не причинили вреда здоровью средней тяжести", None),
    ],
)
def test_the_harm_an_expert_found_is_weighed_against_the_part_of_146(findings, cited):
    extra = (
        'investigation: {erdr_number: "261234031000001", registered_date: 2026-01-10,'
        ' article: "ч. 2 ст. 146 УК РК"}\n'
        + ORDER
        + "examinations: [{kind: forensic_medical, status: done, date: 2026-01-12,"
        f' findings: "{findings}"}}]\n'
    )
    text, _ = render(_case(extra))
    if cited:
        assert "Заключением эксперта от 12 января 2026 года установлен" in text and cited in text
    else:
        assert "Заключением эксперта" not in text


def test_a_hospital_ward_is_staff_control_not_police_custody():
    """Orderlies in official capacity (примечание 2 к ст. 146): the words of detention («who
    delivered, guarded and questioned the detainee», «во власти должностных лиц») are not theirs."""
    case = load_case(ROOT / "examples" / "karimov-official-capacity-hospital.yaml")
    found = arguments.find(case)
    assert found.facts["staff_control"]
    for kind in ("appeal", "examination"):
        for lang in ("ru", "kk"):
            text, _ = documents.render_text(case, kind, lang, TODAY)
            assert "доставлял, охранял" not in text and "задержанного" not in text
            assert "жеткізгені, күзеткені" not in text
    police = load_case(ROOT / "examples" / "zhaksybekov-custody-no-corpus.yaml")
    assert not arguments.find(police).facts["staff_control"]


def test_a_death_under_part_3_meets_part_4_as_a_condition():
    base = MINIMAL.replace("  gender: male\n", "  gender: male\n  deceased: true\n", 1).replace(
        "applicant: victim", "applicant: successor"
    )
    base += "successor: {name: {last: Иванова, first: Мария}, gender: female, relation: mother}\n"
    extra = (
        'investigation: {erdr_number: "261234031000001", registered_date: 2026-01-10,'
        ' article: "ч. 3 ст. 146 УК РК"}\n' + ORDER
    )
    text, _ = render(_case(extra, base=base))
    assert "предусмотрены ч. 4 ст. 146 УК РК, если смерть наступила в результате насилия" in text


def test_two_other_steps_say_once_that_other_steps_were_not_taken():
    extra = (
        'investigation: {erdr_number: "261234031000001", registered_date: 2026-01-10,'
        " steps_missed: [{step: other, details: истребовать GPS-трек},"
        " {step: other, details: проверить отказ от жалобы}]}\n" + ORDER
    )
    text, _ = render(_case(extra))
    assert text.count("Не проведены и иные действия") == 1
    assert "Требуется также: проверить отказ от жалобы." in text


def test_a_sister_who_files_is_a_sister():
    """The relation is worded in the relative's own gender: «сестра умершего», not «брат
    (сестра)»; the English CAT says «sister»."""
    case = load_case(ROOT / "examples" / "tulegenov-deceased-guardhouse.yaml")
    sister = case.successor.model_copy(update={"relation": "sibling", "gender": "female"})
    case = case.model_copy(update={"successor": sister})
    text, _ = documents.render_text(case, "appeal", "ru", TODAY)
    assert "сестр" in text and "брат (сестра)" not in text and "брата (сестры)" not in text


def test_an_advocate_for_a_dead_victims_mother_protects_the_mother():
    """The successor holds the dead victim's rights (ч. 11 ст. 71), not the advocate who signs."""
    case = load_case(ROOT / "examples" / "tulegenov-deceased-guardhouse.yaml")
    rep = load_case(ROOT / "examples" / "zhaksybekov-custody-no-corpus.yaml").representative
    threat = {"date": case.incident.date, "description": "звонок с угрозами"}
    case = case.model_validate(
        case.model_dump()
        | {"representative": rep.model_dump(), "applicant": "representative", "threats": [threat]}
    )
    text, _ = documents.render_text(case, "protection", "ru", TODAY)
    text = re.sub(r"\\(.)", r"\1", text)
    assert "принять меры безопасности в отношении Тулегеновой Сауле Кайратовны" in text
    assert "ко мне" not in text


def test_a_carer_who_instigates_is_not_called_an_official():
    """A detainee beat the victim at the word of a carer acting in an official capacity: the
    instigator is «лицо, выступающее в официальном качестве», never «должностное лицо»."""
    perps = (
        "[{known: true, position: воспитатель, authority: education, status: official_capacity},"
        " {known: true, position: воспитанник, status: instigated}]"
    )
    base = MINIMAL.replace(
        "  place:", f"  in_official_custody: true\n  perpetrators: {perps}\n  place:"
    )
    text, _ = render(_case(ORDER.replace("no_event", "no_corpus"), base=base))
    assert "воспитанник действовал с подстрекательства" in text
    assert "согласия лица, выступающего в официальном качестве (воспитатель)" in text
    assert "роль лица, выступающего в официальном качестве" in text
    # the carer, not an officer, held him; the fellow detainee controls nobody
    assert "под контролем персонала учреждения" in text and "контролем должностных лиц" not in text
