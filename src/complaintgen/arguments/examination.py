"""The petition for forensic examinations: which to ask for, on what basis, at the case's stage.

For each kind (forensic medical, psychological-psychiatric) the file's record decides the
request: done to Istanbul Protocol standards → not asked again (its conclusion goes to the
experts); done otherwise → a commission examination that reviews it; ordered but not done → carry
out the order (never order it again); requested and unanswered, refused or never asked → order it.
A deceased victim is never asked for consent: the forensic examination turns to the cause of death
(п. 1 ч. 1 ст. 271), the body, the medical records, documents and witnesses; a minor's written
consent is given by the legal representative (ч. 4 ст. 274). While an order discontinuing the case
stands the examinations are asked for once it is annulled.
"""

from __future__ import annotations

from ..models import Authority, Case, ExamKind, ExamStatus, Method
from . import appeal, parties, petitions
from .findings import PROMPT_EXAM_DAYS, Findings
from .items import Argument, Item, Ref

# No general-law snippet: the examination snippets restate what the items below already say from
# the facts (ст. 271, ч. 5 ст. 272, the time since the violence, the Protocol's standards), and
# nothing is said twice in one document.
FM, PS = ExamKind.forensic_medical.value, ExamKind.psychological_psychiatric.value
_FACTS = (
    "incident",
    "perpetrators",
    "methods",
    "injuries",
    "no_visible_injuries",
    "medical_records",
    "narrative",
    "witnesses",
    "death",
    "custody_now",
)
# Methods that call for a question of their own (phrases.examination.yaml questions.methods.*).
MEDICAL_QUESTIONS = {
    Method.beating,
    Method.suffocation,
    Method.electric_shock,
    Method.stress_positions,
    Method.sexual_violence,
    Method.sleep_deprivation,
    Method.deprivation_food_water,
    Method.other,
}
PSYCH_QUESTIONS = {
    Method.suffocation,
    Method.sexual_violence,
    Method.threats,
    Method.sleep_deprivation,
    Method.humiliation,
    Method.other,
}
FADING_DAYS, HEALED_DAYS = 21, 42  # most lesions heal within about six weeks (IP 2004 § 189)


def plan(case: Case) -> dict[str, tuple[str, int | None]]:
    """For each kind the petition concerns: (action, index of the examination it rests on).

    Actions: order, repeat (a commission reviewing one done without the Protocol's standards),
    carry_out (ordered, not done), not_needed (done to the Protocol's standards).
    """
    out: dict[str, tuple[str, int | None]] = {}
    kinds = [FM] if case.victim.deceased else [FM, PS]
    for kind in kinds:
        mine = [(i, e) for i, e in enumerate(case.examinations) if e.kind.value == kind]
        done = [i for i, e in mine if e.status == ExamStatus.done]
        ip = [i for i in done if case.examinations[i].istanbul_protocol]
        ordered = [i for i, e in mine if e.status == ExamStatus.ordered]
        if ip:
            out[kind] = ("not_needed", ip[-1])
        elif ordered and not done:
            out[kind] = ("carry_out", ordered[-1])
        elif done:
            out[kind] = ("repeat", done[-1])
        else:
            out[kind] = ("order", None)
    return out


def consent(case: Case, found: Findings) -> str | None:
    """Whose written consent ч. 4 ст. 274 asks for, as this document can state it: given here by
    the signer (self, legal_representative), to be obtained (victim, legal_representative_needed),
    unknown age (victim_or_legal); None for a deceased victim (nobody's consent is asked)."""
    if case.victim.deceased:
        return None
    role = parties.signer_role(case)
    if found.minor:
        return "legal_representative" if role == "legal_representative" else "legal_needed"
    if role == "victim":
        return "self"
    if role == "legal_representative":  # filed by a legal representative, age not on file
        return "legal_representative"
    return "victim" if found.minor is False else "victim_or_legal"


def argue(case: Case, found: Findings, snippets: list[str], today) -> Argument:
    f = found.facts
    inc, victim = case.incident, case.victim
    where = petitions.stage(case, found)
    wait = petitions.when(where)
    deceased = victim.deceased
    todo = plan(case)
    asked = {k: a for k, (a, _) in todo.items() if a != "not_needed"}
    fm, ps = asked.get(FM), asked.get(PS)
    role = parties.signer_role(case)
    sexual = Method.sexual_violence in inc.methods

    arg = Argument("examination", None)
    arg.header = [petitions.addressee(case, found, where), parties.applicant_block(case, found)]
    if case.investigation is not None:
        arg.header.append(parties.case_number(case))

    b = arg.body
    ordering = any(a != "carry_out" for a in asked.values())
    b.append(Item("title", data={"kinds": list(asked), "ordering": ordering}))
    if case.investigation is not None:
        b.append(parties.standing(case, found))
    b += [i for i in appeal.incident(case, found) if i.key in _FACTS]
    stage = petitions.stage_item(case, found, where)
    if stage.key == "stage_closed":
        # Why the order is premature, as the file shows it: an examination not done at all, or
        # none on file done to the Protocol's standards (one done without them, or mixed).
        not_done = all(a in ("order", "carry_out") for a in asked.values())
        stage.data |= {
            "shortfall": "not_done" if not_done else "no_standard",
            "one": len(asked) == 1,
            "carry_out": all(a == "carry_out" for a in asked.values()),
        }
    b.append(stage)
    for i, e in enumerate(case.examinations):
        if deceased and e.kind == ExamKind.psychological_psychiatric:
            continue
        b.append(
            Item(
                f"exam_{e.status.value}",
                data={"e": Ref(f"examinations[{i}]"), "kind": e.kind.value},
            )
        )
        b += exam_consequence(case, i, todo)
    for kind in asked:
        if not any(e.kind.value == kind for e in case.examinations):
            b.append(Item("exam_none", data={"kind": kind}))
    end = inc.date_end or inc.date
    days = (today - end).days
    if fm and not deceased:
        band = "fresh" if days <= FADING_DAYS else "fading" if days <= HEALED_DAYS else "healed"
        b.append(
            Item(
                "time_since",
                facts=("incident.date", "incident.date_end"),
                law=("ip-2004-189",),
                data={
                    "end": Ref("incident.date_end" if inc.date_end else "incident.date"),
                    "days": days,
                    "band": band,
                    "ps": bool(ps),
                },
            )
        )
    if asked:
        b.append(
            Item(
                "exam_law",
                law=("upk-270",)
                + (("upk-271-1-1",) if fm and deceased else ("upk-271-1-2",) if fm else ())
                + (("uk-146-1", "uk-146-2") if ps else ()),
                data={"fm": bool(fm), "ps": bool(ps), "death": deceased},
            )
        )
        b.append(
            Item(
                "circumstances",
                facts=("incident.in_official_custody",),
                law=("upk-99-2",),
                data={
                    "fm": bool(fm),
                    "ps": bool(ps),
                    "death": deceased,
                    "controlled": inc.in_official_custody is True,
                    # orderlies and teachers are staff, not officials (примечание 2 к ст. 146)
                    "staff": appeal.controller(case) == "staff",
                    "traces": found.facts["physical_traces"],
                },
            )
        )
    if deceased and fm:
        b.append(
            Item(
                "death_examination",
                facts=("victim.deceased", "incident.medical_records", "incident.witnesses"),
                law=("upk-271-1-1", "upk-107-1-5"),
                data={
                    "records": bool(inc.medical_records),
                    "witnesses": bool(inc.witnesses),
                },
            )
        )
    if asked:
        b += [Item("snippet", snippet=s, data={"id": s}) for s in snippets]
        b.append(
            Item(
                "standards",
                law=(() if snippets else ("ip-2022-418", "ip-2022-424"))
                + (("ip-2022-523-598",) if ps else ()),
                # the snippet states the levels of consistency and the overall evaluation
                data={"ps": bool(ps), "one": len(asked) == 1, "quoted": bool(snippets)},
            )
        )
        if f["mvd_officers"]:
            b.append(
                Item(
                    "independence",
                    facts=("incident.perpetrators",),
                    data={"held": f["in_custody_now"] and not deceased, "one": len(asked) == 1},
                )
            )
        if sexual and fm and not deceased:
            b.append(Item("sexual_exam", facts=("incident.methods",), law=("ip-2022-400",)))
        if where == petitions.OPEN:
            b.append(
                Item(
                    "decide_law",
                    law=("upk-99-4", "upk-272-5", "upk-99-6")
                    + (("upk-272-1",) if role == "advocate" else ()),
                    data={"advocate": role == "advocate"},
                )
            )
        who = consent(case, found)
        if who in ("self", "legal_representative"):
            b.append(
                Item(
                    "consent",
                    facts=("applicant", "victim.birth_date", "victim.minor"),
                    law=("upk-274-4",),
                    data={"who": who, "minor": bool(found.minor), "asked": asked},
                )
            )
    if fm:
        b.append(questions_medical(case, found, fm))
    if ps:
        b.append(questions_psych(case, found))
    b.append(Item("closing_basis"))

    arg.requests = requests(case, found, where, wait, todo, asked, sexual)
    arg.attachments = parties.attachments(case)
    arg.signature = parties.signature(case, found)
    return arg


def exam_consequence(case: Case, i: int, todo: dict) -> list[Item]:
    """What an examination on record means for this petition."""
    e = case.examinations[i]
    kind = e.kind.value
    action, basis = todo.get(kind, (None, None))
    e_ref = Ref(f"examinations[{i}]")
    if e.status == ExamStatus.done and action == "not_needed" and basis == i:
        return [Item("exam_not_needed", data={"e": e_ref, "kind": kind})]
    if e.status == ExamStatus.done and action == "repeat" and basis == i:
        end = case.incident.date_end or case.incident.date
        late = e.date is not None and (e.date - end).days > PROMPT_EXAM_DAYS
        return [
            Item(
                "exam_insufficient",
                facts=(f"examinations[{i}].istanbul_protocol", f"examinations[{i}].date"),
                data={"late_days": (e.date - end).days if late else None, "kind": kind},
            )
        ]
    if e.status == ExamStatus.ordered and action == "carry_out" and basis == i:
        return [Item("exam_ordered_binding", law=("upk-272-2",), data={"kind": kind})]
    if e.status == ExamStatus.requested and action in ("order", "repeat"):
        return [Item("exam_requested_unanswered", law=("upk-99-4",))]
    if e.status == ExamStatus.refused and action in ("order", "repeat"):
        return [Item("exam_refused_again", law=("upk-99-3", "upk-272-5"))]
    return []


def intake_records(case: Case, found: Findings) -> bool:
    """Whether the file points to a place where the victim was admitted and so medically
    examined on arrival (ИВС, СИЗО, a colony, a guardhouse): officials held him, and he is held
    now, died in custody, or the file names the facility and it is a police or КНБ one. Not an
    office where a witness was questioned, a girl released from a station without any record, a
    hospital ward or a school."""
    inc = case.incident
    if not (inc.in_official_custody is True and appeal.controller(case) == "officials"):
        return False
    police = inc.facility is not None and inc.facility.authority in (Authority.mvd, Authority.knb)
    return bool(found.facts["in_custody_now"] or found.facts["died_in_custody"] or police)


def questions_medical(case: Case, found: Findings, action: str) -> Item:
    inc = case.incident
    if case.victim.deceased:
        return Item(
            "questions_death",
            facts=("victim.deceased",),
            law=("upk-271-1-1",),
            data={"injuries": Ref("incident.injuries") if inc.injuries else None},
        )
    codes = []
    for m in found.methods:
        m = (
            Method.deprivation_food_water
            if m in (Method.deprivation_food, Method.deprivation_water)
            else m
        )
        if m in MEDICAL_QUESTIONS and m.value not in codes:
            codes.append(m.value)
    return Item(
        "questions_medical",
        facts=("incident.methods", "incident.injuries", "order.cites_lawful_actions"),
        law=("upk-272-5", "upk-274-1-4"),
        data={
            "start": Ref("incident.date"),
            "end": Ref("incident.date_end") if inc.date_end else None,
            "injuries": Ref("incident.injuries") if inc.injuries else None,
            "methods": codes,
            "lawful": bool(case.order and case.order.cites_lawful_actions),
            "action": action,
            "traces": found.facts["physical_traces"],
            "records": bool(found.injury_records),
        },
    )


def questions_psych(case: Case, found: Findings) -> Item:
    codes = []
    for m in found.methods:
        if m in PSYCH_QUESTIONS and m.value not in codes:
            codes.append(m.value)
    return Item(
        "questions_psych",
        facts=("incident.methods",),
        law=("upk-272-5", "upk-274-1-4"),
        data={"methods": codes},
    )


def requests(case, found, where, wait, todo, asked, sexual) -> list[Item]:
    f = found.facts
    inc, victim = case.incident, case.victim
    deceased = victim.deceased
    role = parties.signer_role(case)
    out: list[Item] = []
    out += petitions.stage_requests(case, found, where)
    erdr = Ref("investigation.erdr_number") if where == petitions.OPEN else None
    for kind, action in asked.items():
        _, basis = todo[kind]
        if action == "carry_out":
            out.append(
                Item(
                    "req_carry_out",
                    law=("upk-272-2", "upk-274-1-4"),
                    data={"kind": kind, "e": Ref(f"examinations[{basis}]"), "when": wait},
                )
            )
            continue
        law = (
            ("upk-271-1-1",) if deceased else ("upk-271-1-2",) if kind == FM else ("upk-270",)
        ) + ("upk-272-5", "upk-274-1-4")
        out.append(
            Item(
                "req_order",
                law=law,
                data={
                    "kind": kind,
                    "when": wait,
                    "erdr": erdr,
                    "repeat": action == "repeat",
                    "death": deceased,
                },
            )
        )
    if not asked:
        out.append(Item("req_nothing"))
        return out
    ordering = any(a != "carry_out" for a in asked.values())
    if ordering:
        proposed = [
            Ref(f"examinations[{i}].institution")
            for i, e in enumerate(case.examinations)
            if e.status in (ExamStatus.requested, ExamStatus.not_requested) and e.institution
        ]
        out.append(
            Item(
                "req_commission",
                law=("upk-274-1-3",),
                data={
                    "proposed": proposed,
                    "mvd": f["perpetrators_mvd"],
                    "ps": PS in asked,
                    "one": len(asked) == 1,
                },
            )
        )
    out.append(
        Item(
            "req_standards",
            law=("ip-2022-418", "ip-2022-424"),
            data={"asked": asked, "ordering": ordering},
        )
    )
    out.append(
        Item(
            "req_materials",
            facts=("incident.medical_records", "incident.witnesses", "examinations"),
            data={
                "records": [
                    Ref(f"incident.medical_records[{i}]") for i in range(len(inc.medical_records))
                ],
                "custody": intake_records(case, found),
                "prior": any(e.status == ExamStatus.done for e in case.examinations),
                "witnesses": Ref("incident.witnesses") if deceased and inc.witnesses else None,
                "death": deceased,
            },
        )
    )
    if not deceased:
        who = consent(case, found)
        out.append(
            Item(
                "req_conditions",
                facts=("victim.custody", "incident.methods", "applicant"),
                law=("upk-274-4",) if who not in ("self", "legal_representative") else (),
                data={
                    "who": who,
                    "held": f["in_custody_now"],
                    "sexual": sexual and FM in asked,
                    "legal": Ref("legal_representative") if case.legal_representative else None,
                },
            )
        )
    if FM in asked and role in ("advocate", "representative", "legal_representative", "successor"):
        out.append(Item("req_presence", law=("upk-274-1-5", "upk-278"), data={"role": role}))
    out.append(
        Item(
            "req_acquaint",
            law=("upk-274-1-1", "upk-274-1-6"),
            data={"asked": asked, "role": role},
        )
    )
    if where == petitions.OPEN:
        out.append(Item("req_decide", law=("upk-99-4", "upk-99-6", "upk-272-5")))
    else:
        out.append(Item("req_notify"))
    return out
