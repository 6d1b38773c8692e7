"""Hypothesis strategies over the case model: valid cases of every shape the model holds.

Each draw is a case file (a dict) that loads without error: dates run in order, identifiers are
valid, optional facts are present or absent independently, so a claim that appears without its
fact shows up quickly. Invented people only.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from hypothesis import strategies as st

from complaintgen.models import Case

from .synthetic import FEMALE, MALE, iin

METHODS = [
    "beating",
    "suffocation",
    "electric_shock",
    "stress_positions",
    "sexual_violence",
    "threats",
    "sleep_deprivation",
    "deprivation_food",
    "deprivation_water",
    "deprivation_food_water",
    "humiliation",
    "other",
]
PURPOSES = ["confession", "information", "punishment", "intimidation", "discrimination", "other"]
STEPS = [
    "recognise_victim",
    "forensic_medical_exam",
    "psych_exam",
    "question_victim",
    "question_officers",
    "identify_officers",
    "identification_parade",
    "confrontation",
    "question_witnesses",
    "question_medical_staff",
    "cctv",
    "custody_records",
    "medical_records",
    "scene_inspection",
    "verify_on_site",
    "phone_records",
]
AGENCIES = ["mvd", "knb", "military", "education", "health", "social_care", "other"]
CUSTODY = [None, "free", "detained", "remanded", "serving_sentence"]
TODAY = date(2026, 11, 25)


def _name(rng: random.Random, male: bool) -> dict:
    last, first, middle = rng.choice(MALE if male else FEMALE)
    return {"last": last, "first": first, **({"middle": middle} if middle else {})}


def _maybe(rng: random.Random, p: float = 0.5) -> bool:
    return rng.random() < p


@st.composite
def case_files(draw) -> dict:
    """One valid case file; every optional fact present or absent at random."""
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    male = _maybe(rng, 0.7)
    incident = date(2025, 6, 1) + timedelta(days=rng.randrange(300))
    d = incident
    deceased = _maybe(rng, 0.15)
    minor = not deceased and _maybe(rng, 0.2)
    born = (
        incident - timedelta(days=rng.randrange(12 * 365, 17 * 365))
        if minor
        else date(1960, 1, 1) + timedelta(days=rng.randrange(14000))
    )
    victim: dict = {"name": _name(rng, male), "gender": "male" if male else "female"}
    if _maybe(rng, 0.8):
        victim["birth_date"] = born.isoformat()
        if _maybe(rng):
            victim["iin"] = iin(born, male, rng)
    elif minor:
        victim["minor"] = True
    if deceased:
        victim["deceased"] = True
        if _maybe(rng):
            victim["death_date"] = (incident + timedelta(days=rng.randrange(3))).isoformat()
        if _maybe(rng):
            victim["death_place"] = "гауптвахта воинской части"
    else:
        custody = rng.choice(CUSTODY)
        if custody is not None:
            victim["custody"] = custody
        if custody not in (None, "free") or (custody is None and _maybe(rng, 0.2)):
            victim["facility"] = {"name": "учреждение", "authority": rng.choice(AGENCIES)}
        if _maybe(rng):
            victim["address"] = "г. Алматы, ул. Абая, д. 1"
    data: dict = {"id": f"H-{rng.randrange(10**6)}", "victim": victim}

    parties = ["victim"] if not deceased else []
    if _maybe(rng, 0.6):
        data["representative"] = {
            "name": _name(rng, _maybe(rng)),
            "gender": rng.choice(["male", "female"]),
            "kind": rng.choice(["advocate", "representative"]),
        }
        if _maybe(rng):
            data["representative"]["mandate"] = {"number": "12", "date": incident.isoformat()}
        parties.append("representative")
    if minor and _maybe(rng, 0.7):
        data["legal_representative"] = {
            "name": _name(rng, False),
            "gender": "female",
            "relation": rng.choice(["mother", "father", "guardian", "institution"]),
        }
        parties.append("legal_representative")
    if deceased and _maybe(rng, 0.8):
        data["successor"] = {
            "name": _name(rng, False),
            "gender": "female",
            "relation": rng.choice(["mother", "father", "spouse", "sibling"]),
        }
        if _maybe(rng):
            data["successor"]["recognised"] = _maybe(rng)
        parties.append("successor")
    if parties and _maybe(rng, 0.85):
        data["applicant"] = rng.choice(parties)

    inc: dict = {"date": incident.isoformat(), "place": "здание отдела полиции"}
    if _maybe(rng, 0.7):
        inc["in_official_custody"] = _maybe(rng, 0.7)
    if _maybe(rng, 0.3):
        inc["facility"] = {"name": "ИВС", "authority": rng.choice(AGENCIES)}
    perps = []
    for _ in range(rng.randrange(3)):
        known = _maybe(rng)
        p: dict = {"known": known, "authority": rng.choice(AGENCIES)}
        if known:
            p["name"] = _name(rng, True)
            p["gender"] = "male"
        else:
            p["description"] = "сотрудник в форме"
            if _maybe(rng, 0.3):
                p["count"] = rng.randrange(2, 5)
        if _maybe(rng):
            p["position"] = "инспектор"
        if _maybe(rng, 0.2):
            p["status"] = rng.choice(["official", "official_capacity", "instigated"])
        perps.append(p)
    inc["perpetrators"] = perps
    inc["methods"] = rng.sample(METHODS, rng.randrange(4))
    if _maybe(rng, 0.3):
        inc["methods_details"] = "удары руками"
    inc["purpose"] = rng.sample(PURPOSES, rng.randrange(3))
    if _maybe(rng):
        inc["injuries"] = "кровоподтёки на спине"
    if _maybe(rng, 0.4):
        inc["visible_injuries"] = _maybe(rng)
    if _maybe(rng, 0.3):
        inc["medical_records"] = [{"by": "фельдшер ИВС", "date": incident.isoformat()}]
    if _maybe(rng, 0.85):
        inc["narrative"] = "Заявителя доставили в отдел полиции и избили."
    if _maybe(rng, 0.4):
        inc["witnesses"] = [{"name": _name(rng, True), "role": "сокамерник"}]
    data["incident"] = inc

    d = incident + timedelta(days=2)
    complaints = []
    for _ in range(rng.randrange(3)):
        c = {
            "date": d.isoformat(),
            "to": "прокуратура района",
            "outcome": rng.choice(["registered", "forwarded_181_5", "refused", "no_answer"]),
            "form": rng.choice(["written", "oral"]),
        }
        complaints.append(c)
        d += timedelta(days=3)
    data["complaints"] = complaints

    d += timedelta(days=3)
    inv: dict = {
        "erdr_number": f"25{rng.randrange(10**12, 10**13)}",
        "registered_date": d.isoformat(),
        "form": rng.choice(["pretrial", "inquiry"]),
    }
    if _maybe(rng):
        inv["article"] = rng.choice(["ч. 1 ст. 146 УК РК", "ч. 2 ст. 146 УК РК"])
    if _maybe(rng):
        inv["authority"] = rng.choice(["mvd", "prosecutor", "knb", "military"])
    steps = rng.sample(STEPS, rng.randrange(6))
    split = rng.randrange(len(steps) + 1)
    inv["steps_done"] = steps[:split]
    inv["steps_missed"] = steps[split:]
    if "recognise_victim" not in steps and _maybe(rng, 0.4):
        inv["victim_recognised"] = _maybe(rng)
    data["investigation"] = inv

    d += timedelta(days=20)
    if _maybe(rng, 0.25):
        data["history"] = [
            {"event": "discontinued", "date": d.isoformat(), "ground": "no_event"},
            {
                "event": "annulled",
                "date": (d + timedelta(days=10)).isoformat(),
                "by": rng.choice(["investigating_judge", "prosecutor"]),
                **({"instructions": "допросить сотрудников"} if _maybe(rng) else {}),
            },
        ]
        d += timedelta(days=30)
    exams = []
    for kind in ("forensic_medical", "psychological_psychiatric"):
        if _maybe(rng, 0.6):
            exams.append(
                {
                    "kind": kind,
                    "status": rng.choice(
                        ["done", "ordered", "requested", "refused", "not_requested"]
                    ),
                    "date": (incident + timedelta(days=rng.randrange(1, 30))).isoformat(),
                    "istanbul_protocol": _maybe(rng, 0.3),
                    **({"findings": "кровоподтёки"} if _maybe(rng) else {}),
                }
            )
    data["examinations"] = exams
    order_date = d + timedelta(days=10)
    order: dict = {"date": order_date.isoformat(), "ground": rng.choice(["no_event", "no_corpus"])}
    if _maybe(rng, 0.8):
        order["received_date"] = (TODAY - timedelta(days=rng.randrange(0, 40))).isoformat()
    if _maybe(rng, 0.3):
        order["cites_lawful_actions"] = True
    if _maybe(rng, 0.3):
        order["late_reason"] = "болезнь"
    data["order"] = order
    data["route"] = rng.choice(["judge", "prosecutor"])
    if _maybe(rng, 0.7):
        data["addressee"] = {
            "title": "прокурор района",
            "route": rng.choice(["judge", "prosecutor"]),
        }
    if _maybe(rng, 0.3):
        data["threats"] = [
            {"date": (incident + timedelta(days=5)).isoformat(), "description": "звонок"}
        ]
    return data


def cases() -> st.SearchStrategy[Case]:
    return case_files().map(Case.model_validate)
