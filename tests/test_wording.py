"""The wording contract: every item the argument layer decides has words in Russian and Kazakh.

A key worded in one language and not the other would fail only when a case first needs it; these
tests fail at once. Then every example, and a few invented cases of the shapes the examples lack
(minor, deceased, official capacity, second discontinuation, no visible injuries, draft), renders
the Kazakh appeal on both routes with every item worded.
"""

from __future__ import annotations

import re
import typing
from pathlib import Path

import pytest
import yaml

from complaintgen import rendering
from complaintgen.context import phrasebook
from complaintgen.documents import render_text
from complaintgen.kinds import stage_problem
from complaintgen.loading import load_case, parse_case
from complaintgen.models import (
    Authority,
    HistoryEvent,
    Method,
    Purpose,
    Relation,
    Status,
    Step,
)

from .conftest import EXAMPLES, ROOT, TODAY

TEMPLATES = ROOT / "templates"
FILES = ("common.yaml", "appeal.yaml")


def keys(lang: str, name: str) -> set[str]:
    return set(yaml.safe_load((TEMPLATES / lang / name).read_text(encoding="utf-8")))


@pytest.mark.parametrize("name", FILES)
def test_kazakh_words_every_item_russian_words_and_the_reverse(name):
    ru, kk = keys("ru", name), keys("kk", name)
    assert not ru - kk, f"templates/kk/{name} lacks {sorted(ru - kk)}"
    assert not kk - ru, f"templates/ru/{name} lacks {sorted(kk - ru)}"


@pytest.mark.parametrize("lang", ("ru", "kk"))
@pytest.mark.parametrize("name", FILES)
def test_every_wording_compiles(lang, name):
    for key, source in yaml.safe_load((TEMPLATES / lang / name).read_text("utf-8")).items():
        assert isinstance(source, str), f"{lang}/{name}:{key} is not a Jinja string"
        rendering.compile_text(source, f"{lang}/{name}:{key}")


def _codes(values) -> set[str]:
    return {v.value if hasattr(v, "value") else v for v in values}


ANNULLED_BY = HistoryEvent.model_fields["by"].annotation  # Literal[...] | None
# Phrase groups the wording picks by a code of the case; each must word every code.
GROUPS = {
    "relations": (_codes(Relation), ("nom", "gen")),
    "statuses": (_codes(Status), ()),
    "authorities": (_codes(Authority), ("gen",)),
    "methods": (_codes(Method), ()),
    "purposes": (_codes(Purpose), ()),
    "history_by": (set(typing.get_args(typing.get_args(ANNULLED_BY)[0])), ()),
}


@pytest.mark.parametrize("lang", ("ru", "kk"))
@pytest.mark.parametrize("group", sorted(GROUPS))
def test_phrase_groups_word_every_code(lang, group):
    codes, forms = GROUPS[group]
    book = phrasebook(lang)[group]
    for code in codes:
        assert code in book, f"{lang} phrases.yaml: {group}.{code} is missing"
        for form in forms:
            assert form in book[code], f"{lang} phrases.yaml: {group}.{code}.{form} is missing"


def test_kazakh_steps_have_a_first_person_for_the_victims_own_document():
    book = phrasebook("kk")
    for code in _codes(Step) | {"forensic_repeat"}:
        assert {"argument", "request"} <= set(book["steps_first"][code]), code
    assert set(book["step_names_first"]) == set(book["step_names"])


def test_kazakh_voice_has_every_case_in_both_persons():
    voice = phrasebook("kk")["voice"]
    for person in ("first", "third"):
        assert set(voice[person]) == {"nom", "gen", "dat", "acc", "abl", "loc", "ins"}


# Invented cases of the shapes the examples do not cover (every person here is made up).
SHAPES = {
    "minor-official-capacity": """
id: t-minor
victim:
  name: {last: Сейтова, first: Аружан, middle: Ерланқызы}
  gender: female
  birth_date: 2011-02-10
legal_representative:
  name: {last: Сейтова, first: Гүлнар, middle: Маратқызы}
  gender: female
  relation: mother
  address: "Талдықорған қ., Жансүгіров к-сі, 5"
applicant: legal_representative
incident:
  date: 2026-03-02
  place: {ru: "школа-интернат № 3 г. Талдыкорган", kk: "Талдықорған қаласының № 3 мектеп-интернаты"}
  in_official_custody: true
  perpetrators:
    - name: {last: Ахметова, first: Жанна, middle: Серікқызы}
      gender: female
      position: {ru: "воспитатель", kk: "тәрбиеші"}
      authority: education
  methods: [beating, deprivation_food, threats]
  purpose: [punishment]
  visible_injuries: false
  narrative: {ru: "Воспитатель ударила девочку.", kk: "Тәрбиеші қызды ұрды."}
complaints:
  - date: 2026-03-04
    form: oral
    to: {ru: "полиция г. Талдыкорган", kk: "Талдықорған қаласының полициясы"}
    outcome: forwarded_181_5
investigation:
  erdr_number: "261900031000011"
  registered_date: 2026-03-20
  article: "ч. 1 ст. 146 УК РК"
  authority: prosecutor
  victim_recognised: true
order:
  date: 2026-10-01
  ground: no_event
  received_date: 2026-11-20
route: prosecutor
addressee:
  title: {ru: "прокурор области Жетісу", kk: "Жетісу облысының прокуроры"}
  route: prosecutor
examinations:
  - {kind: forensic_medical, status: ordered, date: 2026-04-01}
  - {kind: psychological_psychiatric, status: requested}
""",
    "deceased-second-discontinuation": """
id: t-dead
victim:
  name: {last: Нұрланов, first: Ерлан, middle: Маратұлы}
  gender: male
  deceased: true
  death_date: 2026-01-12
successor:
  name: {last: Нұрланова, first: Сәуле, middle: Бекқызы}
  gender: female
  relation: spouse
  recognised: true
  recognised_date: 2026-02-01
applicant: successor
incident:
  date: 2026-01-10
  date_end: 2026-01-12
  place: {ru: "гауптвахта воинской части 12345", kk: "12345 әскери бөлімінің гауптвахтасы"}
  in_official_custody: true
  perpetrators:
    - {known: false, count: 3, authority: military}
    - {known: false, authority: military, status: instigated}
  methods: [beating, deprivation_water]
  purpose: [intimidation]
investigation:
  erdr_number: "260400031000001"
  registered_date: 2026-01-13
  article: "ч. 4 ст. 146 УК РК"
  form: inquiry
  authority: mvd
  steps_missed: [forensic_medical_exam, question_witnesses]
history:
  - {event: discontinued, date: 2026-04-01, ground: no_event}
  - {event: annulled, date: 2026-05-10, by: investigating_judge}
  - event: requalified
    date: 2026-06-01
    from_article: "ч. 4 ст. 146 УК РК"
    to_article: "ч. 1 ст. 146 УК РК"
  - {event: transferred, date: 2026-06-02, to_body: {ru: "военная полиция", kk: "әскери полиция"}}
order:
  date: 2026-09-01
  ground: no_corpus
  received_date: 2026-09-05
  cites_lawful_actions: true
route: judge
""",
    "draft": """
id: t-draft
victim:
  name: {last: Ким, first: Сергей, middle: Владимирович}
  gender: male
incident:
  date: 2026-06-01
  place: {ru: "УП Алатауского района", kk: "Алатау ауданының полиция басқармасы"}
  perpetrators: [{known: false}]
  methods: [suffocation]
order:
  date: 2026-10-20
  ground: no_corpus
route: prosecutor
""",
}

CASES = [pytest.param(load_case, p, id=p.stem) for p in EXAMPLES] + [
    pytest.param(lambda text: parse_case(text, "shape.yaml"), text, id=name)
    for name, text in SHAPES.items()
]
# Latin «i» between Cyrillic letters: a quote copied from a source that mixes scripts.
LATIN_I = re.compile(r"[а-яёәғқңөұүһі]i|i[а-яёәғқңөұүһі]", re.IGNORECASE)


@pytest.mark.parametrize("route", ("judge", "prosecutor"))
@pytest.mark.parametrize(("load", "source"), CASES)
def test_kazakh_appeal_renders_with_every_item_worded(load, source, route):
    from complaintgen.models import Route

    case = load(source).model_copy(update={"route": Route(route)})
    if stage_problem(case, "appeal"):
        pytest.skip("the appeal is not the next step on this file (test_arguments covers it)")
    text, state = render_text(case, "appeal", "kk", TODAY)
    assert "None" not in text and "Undefined" not in text
    assert state.said, "no item was worded"
    for item, words in state.said:
        assert words.strip() or item.key == "narrative", f"'{item.key}' has no words"
        if item.snippet is None:  # snippets have their own owners and checks
            found = LATIN_I.search(words)
            where = words[found.start() - 20 : found.end() + 20] if found else ""
            assert not found, f"Latin i in '{item.key}': …{where}…"
    heading = "қылмыстық істі тоқтату туралы қаулыға (ҚР ҚПК-нің"
    plain = re.sub(r"\\(.)", r"\1", text)  # Markdown escapes off
    assert f"{heading} {'106' if route == 'judge' else '105'}-бабында" in plain


def test_shapes_are_valid_cases(tmp_path: Path):
    for name, text in SHAPES.items():
        path = tmp_path / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        assert load_case(path).id.startswith("t-")


# The victim named in the third person: «жәбірленушіге …», «жәбірленуші Оспанов …».
THIRD_PERSON = re.compile(
    r"жәбірленуші(?:ге|ні|ден|де|мен)\b|жәбірленушінің (?:дене|айғақ|құқықтары мен заңды)"
    r"|жәбірленуші [А-ЯӘҒҚҢӨҰҮҺІ]"
)


@pytest.mark.parametrize("route", ("judge", "prosecutor"))
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_the_victims_own_kazakh_appeal_speaks_in_the_first_person(path, route):
    if stage_problem(load_case(path), "appeal"):
        pytest.skip("the appeal is not the next step on this file")
    from complaintgen.models import Route

    case = load_case(path).model_copy(update={"applicant": "victim", "route": Route(route)})
    _, state = render_text(case, "appeal", "kk", TODAY)
    for item, words in state.said:
        # The header names the sender («жәбірленуші … -нан»); snippets argue about «the victim»
        # in general.
        if item.snippet is None and item.key != "from":
            found = THIRD_PERSON.search(words)
            assert not found, f"'{item.key}' names the victim in the third person: {found.group()}"


IT = re.compile(r"\bit\.(\w+)")
GRAMMAR_ONLY = {"article", "from_ref", "to_ref", "away_ref"}


@pytest.mark.parametrize("name", FILES)
def test_both_languages_word_an_item_from_the_same_decided_data(name):
    """A value the argument layer decided and one language ignores is a decision lost in
    translation (e.g. whether a snippet already made the argument)."""
    ru = yaml.safe_load((TEMPLATES / "ru" / name).read_text("utf-8"))
    kk = yaml.safe_load((TEMPLATES / "kk" / name).read_text("utf-8"))
    lost = {}
    for key in ru.keys() & kk.keys():
        used_ru, used_kk = set(IT.findall(ru[key])), set(IT.findall(kk[key]))
        # Kazakh cites an article of the УК in its own word order from the parsed reference.
        extra_kk = used_kk - used_ru - GRAMMAR_ONLY
        if used_ru - used_kk or extra_kk:
            lost[key] = (sorted(used_ru - used_kk), sorted(extra_kk))
    assert not lost, f"{name}: (ignored by kk, ignored by ru): {lost}"
