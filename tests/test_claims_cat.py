"""The communication to the Committee against Torture: no claim without its fact, and the case
shapes it must hold (deceased, minor, official capacity, second discontinuation, no visible
injuries, unknown custody), in Russian and English, and the Kazakh translation for the client.

The property test renders generated cases with the admissibility gate lifted, so cases the gate
would stop (no court ruling yet, a pending appeal) are checked too: the argument layer must not
claim a fact the file lacks whatever the gate decides. COMPLAINTGEN_CLAIMS_EXAMPLES raises the
number of cases.
"""

from __future__ import annotations

import dataclasses
import os
import re
from datetime import date, timedelta
from pathlib import Path
from unittest import mock

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from complaintgen import arguments, documents, kinds, resources
from complaintgen.arguments import cat as cat_argument
from complaintgen.arguments.findings import status_of
from complaintgen.cli import cli
from complaintgen.kinds import KINDS
from complaintgen.loading import load_case
from complaintgen.models import Case

from .strategies import case_files

TODAY = date(2026, 11, 25)
EXAMPLES = int(os.environ.get("COMPLAINTGEN_CLAIMS_EXAMPLES", "300"))
UPPER = "А-ЯЁӘҒҚҢӨҰҮҺІ"


def _recognised(c: Case) -> bool:
    successor = c.successor is not None and c.successor.recognised is True
    return arguments.find(c).recognised is True or successor


def _methods(c: Case) -> set[str]:
    return set(arguments.find(c).methods)


def _named(lead: str) -> str:
    """The list of perpetrators with a name in it (names are capitalised; positions,
    descriptions and groups in the generated cases are not)."""
    return rf"{lead} (?:[^;.]*; )*[^;.{UPPER}]*[{UPPER}][а-яёәғқңөұүһі]+ [{UPPER}]"


def _court_ruling(c: Case) -> bool:
    return any(a.outcome == "dismissed" for a in c.court_appeals)


# (claim, fact present?, {lang: pattern of the words that state it})
CLAIMS = [
    (
        "somebody has been charged (never on file: nobody is «обвиняемый» in these documents)",
        lambda c: False,
        {"ru": r"обвиня", "en": r"\baccused (officers|of)\b"},
    ),
    (
        "injuries are on record",
        lambda c: bool(arguments.find(c).injury_records),
        {"ru": r"документально зафиксирован", "en": r"injuries caused are on record"},
    ),
    (
        "medical records exist",
        lambda c: bool(c.incident.medical_records),
        {"ru": r"Телесные повреждения у \S+ ?\S* зафиксированы:", "en": r"were recorded by:"},
    ),
    (
        "no visible injuries",
        lambda c: c.incident.visible_injuries is False,
        {"ru": r"Видимых телесных повреждений", "en": r"No visible injuries"},
    ),
    (
        "forensic examination done",
        lambda c: any(e.kind == "forensic_medical" and e.status == "done" for e in c.examinations),
        {
            "ru": r"проведена судебно-медицинская экспертиза|"
            r"Судебно-медицинская экспертиза проведена|"
            r"зафиксированы: [^.\n]*судебно-медицинская экспертиза",
            "en": r"\b[Aa] forensic medical examination\s+was\s+carried out|"
            r"a forensic medical report",
        },
    ),
    (
        "victim recognised",
        _recognised,
        {
            "ru": r"признан\w* потерпевш\w* по уголовному делу",
            "en": r"was recognised as a victim",
        },
    ),
    (
        "perpetrators on file",
        lambda c: bool(c.incident.perpetrators),
        {"ru": r"Лица, применявшие насилие:", "en": r"Those who used violence:"},
    ),
    (
        "a named perpetrator",
        lambda c: any(p.name is not None for p in c.incident.perpetrators),
        {"ru": _named("Лица, применявшие насилие:"), "en": _named("Those who used violence:")},
    ),
    (
        "acting in an official capacity",
        lambda c: any(status_of(p) == "official_capacity" for p in c.incident.perpetrators),
        {"ru": r"К ним относ", "en": r"This applies to"},
    ),
    (
        "held now",
        lambda c: c.victim.custody not in (None, "free"),
        {
            "ru": r"В настоящее время автор|Место содержания",
            "en": r"The author currently|Place of detention",
        },
    ),
    (
        "within reach of the accused agency",
        lambda c: arguments.find(c).facts["within_reach"],
        {"ru": r"в ведении того же ведомства", "en": r"under the authority of the same agency"},
    ),
    (
        "remedies exhausted with a court ruling",
        _court_ruling,
        {"ru": r"оставлена без удовлетворения", "en": r"was dismissed|dismissed the appeal"},
    ),
    (
        "victim died",
        lambda c: c.victim.deceased,
        {
            "ru": r"\b(умер|умерла|умершего|умершей|Умерший|Умершая)\b",
            "en": r"\b(died|has died|Deceased victim|the late)\b",
        },
    ),
    (
        "victim a minor",
        lambda c: arguments.find(c).minor is True,
        {"ru": r"несовершеннолетн", "en": r"a minor"},
    ),
    (
        "threats after the complaint",
        lambda c: bool(c.threats),
        {"ru": r"оказывалось давление", "en": r"pressure was put on"},
    ),
    (
        "a second discontinuation",
        lambda c: any(h.event == "annulled" for h in c.history),
        {"ru": r"прекращено повторно", "en": r"discontinued a second time"},
    ),
    (
        "interim measures (asked, or held by the accused agency and threatened)",
        lambda c: cat_argument.interim(c, arguments.find(c)),
        {"ru": r"правилом 114", "en": r"rule 114"},
    ),
] + [
    (f"method {code}", (lambda k: lambda c: k in _methods(c))(code), words)
    for code, words in {
        "beating": {"ru": r"нанесение ударов", "en": r"\bbeatings\b"},
        "suffocation": {"ru": r"удушение", "en": r"suffocation"},
        "electric_shock": {"ru": r"электрическим током", "en": r"electric shocks"},
        "stress_positions": {"ru": r"мучительных позах", "en": r"stress positions"},
        "sexual_violence": {"ru": r"сексуального характера", "en": r"sexual violence"},
        "sleep_deprivation": {"ru": r"лишение сна", "en": r"sleep deprivation"},
        "deprivation_food": {"ru": r"лишение пищи", "en": r"deprivation of food"},
        "deprivation_water": {"ru": r"лишение воды", "en": r"deprivation of water"},
        "humiliation": {"ru": r"унижение достоинства", "en": r"\bhumiliation\b"},
    }.items()
]


@st.composite
def communications(draw) -> Case:
    """A generated case with the domestic route at any stage and a CAT section."""
    data = draw(case_files())
    order = date.fromisoformat(data["order"]["date"])
    shape = draw(st.sampled_from(["none", "judge", "judge_pending", "both", "both", "both"]))
    appeals = []
    if shape != "none":
        appeals.append(
            {
                "level": "investigating_judge",
                "date": (order + timedelta(days=5)).isoformat(),
                "outcome": "pending" if shape == "judge_pending" else "dismissed",
                **(
                    {"decision_date": (order + timedelta(days=9)).isoformat()}
                    if shape != "judge_pending"
                    else {}
                ),
            }
        )
    if shape == "both":
        appeals.append(
            {
                "level": "appeal_court",
                "date": (order + timedelta(days=11)).isoformat(),
                "decision_date": (order + timedelta(days=30)).isoformat(),
                "outcome": "dismissed",
                **({"court": "областной суд"} if draw(st.booleans()) else {}),
            }
        )
    data["court_appeals"] = appeals
    data["cat"] = {
        "authorisation": draw(st.sampled_from(["signed", "not_possible", "missing"])),
        "anonymous": draw(st.booleans()),
        **({"interim_measures": "перевести в другое учреждение"} if draw(st.booleans()) else {}),
        **({"authorisation_reason": "содержится под стражей"} if draw(st.booleans()) else {}),
    }
    if draw(st.booleans()):
        data["protection_requests"] = [
            {"date": order.isoformat(), "to": "прокуратура", "outcome": "refused"}
        ]
    return Case.model_validate(data)


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def render(case: Case, lang: str) -> str:
    # The admissibility gate lifted: claims are checked on cases it would stop, too.
    ungated = dataclasses.replace(kinds.KINDS["cat"], admissibility=None)
    with mock.patch.dict(kinds.KINDS, {"cat": ungated}):
        text, _ = documents.render_text(case, "cat", lang, TODAY)
    return _unescape(text)


def check_claims(case: Case, lang: str) -> None:
    text = render(case, lang)
    for claim, present, words in CLAIMS:
        if present(case):
            continue
        found = re.search(words[lang], text, re.MULTILINE)
        assert found is None, f"cat [{lang}] claims «{claim}» without its fact: {found.group()}"


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,
)
@given(case=communications())
def test_cat_claims_only_with_their_facts(case):
    for lang in ("ru", "en"):
        check_claims(case, lang)


# --- the examples, made admissible: the claims fire, and every case shape is argued ----------


def admissible(path: Path) -> Case:
    """An example taken to the end of the domestic route: both courts dismissed, authorisation
    signed (the examples mostly stop at the appeal)."""
    case = load_case(path)
    data = case.model_dump(mode="json", exclude_none=True)
    if not case.court_appeals:
        d = case.order.date
        data["court_appeals"] = [
            {
                "level": "investigating_judge",
                "date": (d + timedelta(days=2)).isoformat(),
                "decision_date": (d + timedelta(days=3)).isoformat(),
                "outcome": "dismissed",
            },
            {
                "level": "appeal_court",
                "date": (d + timedelta(days=4)).isoformat(),
                "decision_date": (d + timedelta(days=5)).isoformat(),
                "outcome": "dismissed",
            },
        ]
    data.setdefault("cat", {})["authorisation"] = "signed"
    return Case.model_validate(data)


EXAMPLE_FILES = sorted(Path("examples").glob("*.yaml"))


def example(stem: str) -> Case:
    return admissible(Path("examples") / f"{stem}.yaml")


def text_of(case: Case, lang: str) -> str:
    return _unescape(documents.render_text(case, "cat", lang, TODAY)[0])


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_claims_can_fire(lang):
    seen: set[str] = set()
    for path in EXAMPLE_FILES:
        case = admissible(path)
        text = text_of(case, lang)
        check = [(c, w[lang]) for c, present, w in CLAIMS if present(case)]
        seen |= {c for c, pattern in check if re.search(pattern, text, re.MULTILINE)}
    core = {
        "injuries are on record",
        "medical records exist",
        "no visible injuries",
        "forensic examination done",
        "victim recognised",
        "a named perpetrator",
        "acting in an official capacity",
        "held now",
        "remedies exhausted with a court ruling",
        "victim died",
        "victim a minor",
        "a second discontinuation",
        "method beating",
    }
    assert core <= seen, f"never seen on the examples: {sorted(core - seen)}"


def items(case: Case) -> dict[str, list]:
    doc = kinds.argue(case, "cat", TODAY)
    out: dict[str, list] = {}
    for it in doc.items():
        out.setdefault(it.key, []).append(it)
    return out


def test_deceased_victim_the_relative_is_the_author():
    case = example("tulegenov-deceased-guardhouse")
    keys = items(case)
    assert "successor" in keys and "in_person" not in keys
    ru = text_of(case, "ru")
    assert "Автор сообщения: Тулегенова Сауле Кайратовна, мать умершего" in ru
    assert "ч. 11 ст. 71 УПК РК" in ru
    # What can still be examined: the cause of death, never the dead man's examination.
    assert "с установлением причины смерти" in ru
    assert "экспертиз автора" not in ru


def test_minor_victim_legal_representative_files():
    ru = text_of(example("nurlanova-minor-boarding-school"), "ru")
    assert "Сообщение подаёт законный представитель автора" in ru
    assert "Законный представитель автора" in ru  # signature


def test_staff_of_an_institution_act_in_an_official_capacity():
    case = example("karimov-official-capacity-hospital")
    assert "cat_official_capacity" in items(case)
    ru = text_of(case, "ru")
    assert "иное лицо, выступающее в официальном качестве" in ru
    assert "примечание 2 к ст. 146 УК РК" in ru
    assert "Статья 11 Конвенции" not in ru  # a hospital is not a place of detention


def test_second_discontinuation_is_argued_under_article_12():
    case = example("abenov-second-discontinuation")
    assert "art12_again" in items(case)
    assert "прекращено повторно" in text_of(case, "ru")


def test_part_1_qualification_gives_article_16_in_the_alternative():
    case = example("abenov-second-discontinuation")  # re-qualified from ч. 2 to ч. 1 ст. 146
    arts = cat_argument.articles(case, arguments.find(case))
    assert arts["16"] and arts["16_domestic"]


def test_no_visible_injuries_is_argued_not_denied():
    case = example("sadykova-no-visible-injuries")
    keys = items(case)
    assert "cat_no_visible_injuries" in keys and "cat_no_visible_injuries_argument" in keys
    assert "cat_injuries" not in keys or case.incident.injuries


def test_unknown_custody_is_a_gap_never_freedom():
    case = example("draft-phone-call")
    assert case.victim.custody is None
    text, state = documents.render_text(case, "cat", "ru", TODAY)
    assert any("victim.custody" in g for g in state.gaps)
    assert "находится на свободе" not in _unescape(text)


def test_interim_measures_when_held_by_the_accused_agency_and_threatened():
    case = example("zhaksybekov-custody-no-corpus")
    found = arguments.find(case)
    assert cat_argument.interim(case, found) == (
        found.facts["within_reach"] and found.facts["threats_reported"]
    )
    asked = case.model_copy(update={"cat": case.cat.model_copy(update={"interim_measures": "x"})})
    assert cat_argument.interim(asked, arguments.find(asked))
    assert "rule 114" in text_of(asked, "en")


def test_every_item_has_wording_in_every_language():
    """Each key the arguer can produce is worded in ru, en and kk (kk/common.yaml may be merged
    from another branch; the CAT's own keys are all in kk/cat.yaml)."""
    import yaml

    own = {
        lang: set(yaml.safe_load(Path(f"templates/{lang}/cat.yaml").read_text(encoding="utf-8")))
        for lang in ("ru", "en", "kk")
    }
    assert own["ru"] == own["en"] == own["kk"] - {"translation_note"}


# --- languages: filed in ru and en; kk is the client's translation, never filed -------------


def test_kk_is_a_client_language_not_filed(tmp_path):
    kind = KINDS["cat"]
    assert kind.filed_langs == ("ru", "en") and "kk" in kind.langs
    path = Path("examples/bekmukhambetova-knb-exhausted-cat.yaml").resolve()
    result = CliRunner().invoke(cli, ["cat", str(path), "--lang", "both", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == ["2025-PVL-002_cat_en.docx", "2025-PVL-002_cat_ru.docx"]


@pytest.mark.skipif(
    resources.find("templates", "kk/common.yaml") is None,
    reason="templates/kk/common.yaml comes from the kk branch",
)
@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_kk_translation_renders_marked_as_the_clients(path):
    text = text_of(admissible(path), "kk")
    assert text.startswith("**Клиентке арналған аударма.**")
    assert "Азаптауға қарсы комитетіне" in text
    assert not re.search(r"\{\{|\}\}|\{%|%\}|\bNone\b", text)


@pytest.mark.parametrize(
    ("article", "part1"),
    [
        ("ч. 1 ст. 146 УК РК", True),
        ("ч.1 ст.146", True),
        ("ст. 146 ч. 1 УК", True),
        ("ч. 2 ст. 146 УК РК", False),
        ("ст. 146 ч. 12", False),
        (None, False),
    ],
)
def test_the_states_own_part_1_qualification(article, part1):
    from complaintgen.arguments.findings import qualified_part1

    case = example("bekmukhambetova-knb-exhausted-cat")
    inv = case.investigation.model_copy(update={"article": article})
    assert qualified_part1(case.model_copy(update={"investigation": inv})) is part1


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_explain_accounts_for_every_paragraph(lang):
    from complaintgen.explaining import explain

    case = example("karimov-official-capacity-hospital")
    explained, _ = explain(case, "cat", lang, TODAY)
    keys = [e.key for e in explained]
    assert keys[:3] == ["cat_to", "cat_parties", "title"] and keys[-1] == "cat_signature"
    official = next(e for e in explained if e.key == "cat_official_capacity")
    assert [law["id"] for law in official.law] == ["uk-146-note-2"]
    assert "incident.perpetrators" in official.facts


def test_no_other_procedure_is_said_only_when_the_file_says_it():
    """The field's default («false») is no statement of the author's: the communication shows a
    gap until the file says whether another international body has the matter."""
    from complaintgen import documents
    from complaintgen.loading import load_case

    from .conftest import ROOT, TODAY

    case = load_case(ROOT / "examples" / "bekmukhambetova-knb-exhausted-cat.yaml")
    text, state = documents.render_text(case, "cat", "ru", TODAY)
    assert "сообщение в Комитет по правам человека не направлялось" in text
    silent = case.model_copy(update={"cat": case.cat.model_copy(update={})})
    silent.cat.__pydantic_fields_set__.discard("other_procedure")
    text, state = documents.render_text(silent, "cat", "ru", TODAY)
    assert "не направлялось" not in text
    assert any("cat.other_procedure" in g for g in state.gaps)
