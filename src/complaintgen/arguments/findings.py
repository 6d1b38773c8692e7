"""What the facts of a case establish, decided once for every document and language.

Each finding is a plain value derived only from facts in the file; where a fact is unknown the
finding says so (None), and the documents show a gap instead of guessing. The named booleans in
`facts` decide which snippets apply (snippets/README.md lists them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ..models import (
    Authority,
    Case,
    Custody,
    Event,
    ExamKind,
    ExamStatus,
    InvestigationForm,
    Method,
    Purpose,
    Status,
    Step,
)
from .items import Ref

PROMPT_EXAM_DAYS = 7  # an examination later than this is late: traces fade (Istanbul Protocol)
ADULT_AGE = 18
# Staff of these institutions are «лица, выступающие в официальном качестве» (примечание 2 к
# ст. 146 УК): they hold powers over people held, treated, taught or brought up there.
OFFICIAL_CAPACITY_AGENCIES = {Authority.education, Authority.health, Authority.social_care}
TORTURE_PURPOSES = {
    Purpose.confession,
    Purpose.information,
    Purpose.punishment,
    Purpose.intimidation,
    Purpose.discrimination,
}


# The named facts (Findings.facts): snippets choose by them (snippets/README.md), organisation
# templates read them; this tuple is their one list.
FACTS = (
    "always",
    "ground_no_event",
    "ground_no_corpus",
    "injuries_documented",
    "no_event_injuries_documented",
    "injuries_in_custody",
    "injured_in_custody_alive",
    "no_visible_injuries",
    "perpetrators_unidentified",
    "perpetrators_named",
    "inquiry_form",
    "investigated_by_prosecutor",
    "not_registered_erdr",
    "forwarded_181_5",
    "examination_missing",
    "psych_exam_missing",
    "lawful_actions_cited",
    "perpetrators_mvd",
    "official_capacity",
    "instigated",
    "perpetrators_staff",
    "physical_traces",
    "mvd_officers",
    "in_custody_now",
    "custody_unknown",
    "within_reach",
    "convict",
    "threats_reported",
    "torture_purposes",
    "victim_minor",
    "victim_deceased",
    "died_in_custody",
    "staff_control",
    "second_discontinuation",
    "case_closed",
)


# Methods that leave injuries for a forensic examination to find («other» is not named: any).
PHYSICAL_METHODS = {
    Method.beating,
    Method.suffocation,
    Method.electric_shock,
    Method.stress_positions,
    Method.sexual_violence,
    Method.other,
}


def unnumbered(order) -> bool:
    """The order says it has no number («б/н»), rather than the file not giving one."""
    return bool(order.number) and order.number.strip().lower() in ("б/н", "бн", "б\\н", "б.н.")


def status_of(p) -> Status:
    """The perpetrator's status in the Criminal Code: as the file says, else by agency."""
    if p.status is not None:
        return p.status
    return (
        Status.official_capacity if p.authority in OFFICIAL_CAPACITY_AGENCIES else Status.official
    )


def perpetrators_with(case, *statuses: str) -> list[Ref]:
    """References to the perpetrators of these statuses (official_capacity, instigated, …)."""
    return [
        Ref(f"incident.perpetrators[{i}]")
        for i, p in enumerate(case.incident.perpetrators)
        if status_of(p).value in statuses
    ]


def status_groups(perpetrators) -> dict:
    """The perpetrators' statuses as the wording needs them: the officials' and official-capacity
    holders' own (`own`), and whether someone acted at their instigation (`instigated`), since
    «к насилию причастны» differs from «насилие применяли»."""
    statuses = {status_of(p).value for p in perpetrators}
    return {
        "own": sorted(statuses - {Status.instigated.value}),
        "instigated": Status.instigated.value in statuses,
    }


def age_at(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


@dataclass
class Findings:
    facts: dict[str, bool]
    minor: bool | None  # under 18 at the incident; None: unknown
    recognised: bool | None  # victim recognised as потерпевший by an order; None: unknown
    injury_records: list[str] = field(default_factory=list)  # paths of records and findings
    forensic_done: list[int] = field(default_factory=list)  # indexes of done forensic exams
    annulments: list[int] = field(default_factory=list)  # indexes in history
    missed: list[tuple[Step, str | None]] = field(default_factory=list)  # (step, details path)
    methods: list[Method] = field(default_factory=list)
    purposes: list[Purpose] = field(default_factory=list)


def _methods(case: Case) -> list[Method]:
    out: list[Method] = []
    for m in case.incident.methods:
        if m == Method.deprivation_food_water:  # an older file's code for both
            out += [Method.deprivation_food, Method.deprivation_water]
        else:
            out.append(m)
    return list(dict.fromkeys(out))


def find(case: Case) -> Findings:
    inc, inv, order, victim = case.incident, case.investigation, case.order, case.victim
    exams = case.examinations
    forensic_done = [
        i
        for i, e in enumerate(exams)
        if e.kind == ExamKind.forensic_medical and e.status == ExamStatus.done
    ]
    prompt_ip = [
        i
        for i in forensic_done
        if exams[i].istanbul_protocol
        and exams[i].date is not None
        and (exams[i].date - (inc.date_end or inc.date)).days <= PROMPT_EXAM_DAYS
    ]
    psych = [
        e
        for e in exams
        if e.kind == ExamKind.psychological_psychiatric and e.status == ExamStatus.done
    ]
    # With «no visible injuries» on file a medical record (a psychiatrist's note, say) or an
    # expert's findings («no injuries found») document something else: never injuries on record.
    records = (
        [f"incident.medical_records[{i}]" for i in range(len(inc.medical_records))]
        + [f"examinations[{i}].findings" for i in forensic_done if exams[i].findings]
        if inc.visible_injuries is not False
        else []
    )

    if victim.birth_date is not None:
        minor: bool | None = age_at(victim.birth_date, inc.date) < ADULT_AGE
    else:
        minor = victim.minor
    if inv is not None and inv.victim_recognised is not None:
        recognised: bool | None = inv.victim_recognised
    elif inv is not None and Step.recognise_victim in inv.steps_done:
        recognised = True
    elif inv is not None and any(m.step == Step.recognise_victim for m in inv.steps_missed):
        recognised = False
    else:
        recognised = None

    statuses = [status_of(p) for p in inc.perpetrators]
    # The agencies the officials involved serve in: someone acting at an official's instigation
    # (a fellow conscript, an inmate) serves in none, whatever the field's default says.
    agencies = {
        p.authority
        for p, s in zip(inc.perpetrators, statuses, strict=True)
        if s != Status.instigated
    }
    if inc.facility is not None:
        agencies.add(inc.facility.authority)
    held = victim.custody not in (None, Custody.free)
    within_reach = bool(
        held and victim.facility is not None and victim.facility.authority in agencies
    )
    purposes = list(dict.fromkeys(inc.purpose))
    annulments = [i for i, h in enumerate(case.history) if h.event == Event.annulled]

    facts = {
        "always": True,
        "ground_no_event": bool(order and order.ground.value == "no_event"),
        "ground_no_corpus": bool(order and order.ground.value == "no_corpus"),
        "injuries_documented": bool(records),
        # The «event established» argument rests on injuries on record: both must hold.
        "no_event_injuries_documented": bool(order and order.ground.value == "no_event")
        and bool(records),
        "injuries_in_custody": inc.in_official_custody is True and bool(records),
        # The burden-of-proof argument speaks of a person released with injuries: not of a death.
        "injured_in_custody_alive": inc.in_official_custody is True
        and bool(records)
        and not victim.deceased,
        "no_visible_injuries": inc.visible_injuries is False,
        "perpetrators_unidentified": not inc.perpetrators
        or any(not p.known for p in inc.perpetrators),
        # someone is named: «the others» are still to be identified
        "perpetrators_named": any(p.name is not None for p in inc.perpetrators),
        "inquiry_form": bool(inv and inv.form == InvestigationForm.inquiry),
        "investigated_by_prosecutor": bool(inv and inv.authority == Authority.prosecutor),
        "not_registered_erdr": any(
            c.outcome.value in ("forwarded_181_5", "refused", "no_answer") for c in case.complaints
        ),
        "forwarded_181_5": any(c.outcome.value == "forwarded_181_5" for c in case.complaints),
        # For a deceased victim what matters is that the body was examined at all (cause of
        # death); the living need a prompt examination to Istanbul Protocol standards.
        "examination_missing": not forensic_done if victim.deceased else not prompt_ip,
        "psych_exam_missing": not psych and not victim.deceased,
        "lawful_actions_cited": bool(order and order.cites_lawful_actions),
        "perpetrators_mvd": Authority.mvd in agencies,
        "official_capacity": Status.official_capacity in statuses,
        # Someone who is no official used the violence at an official's instigation or with
        # his knowledge (ч. 1–2 ст. 146 УК: «другим лицом с их подстрекательства…»).
        "instigated": Status.instigated in statuses,
        # Everyone named is an official or acts in an official capacity: only then may the
        # words call them «сотрудники» (staff) rather than «лица».
        "perpetrators_staff": bool(statuses) and Status.instigated not in statuses,
        # A perpetrator named as an МВД officer (not merely an МВД facility): the documents
        # then ask that no МВД unit or expert handle the victim.
        # Injuries described or on record, or a method that leaves them: without any, the
        # documents do not argue from injuries (threats, sleep deprivation, humiliation). No
        # method coded at all is not known to be harmless: asked as if it might leave traces.
        "physical_traces": bool(
            inc.injuries
            or records
            or PHYSICAL_METHODS & set(_methods(case))
            or (not inc.methods and inc.visible_injuries is not False)
        ),
        "mvd_officers": any(
            p.authority == Authority.mvd and status_of(p) != Status.instigated
            for p in inc.perpetrators
        ),
        "in_custody_now": held,
        "custody_unknown": victim.custody is None and not victim.deceased,
        "within_reach": within_reach,
        "convict": victim.custody == Custody.serving_sentence,
        "threats_reported": bool(case.threats),
        "torture_purposes": bool(TORTURE_PURPOSES & set(purposes)),
        "victim_minor": bool(minor),
        "victim_deceased": victim.deceased,
        # dead after violence in the hands of officials or staff: the State must explain
        "died_in_custody": victim.deceased and inc.in_official_custody is True,
        # in the hands of an institution's staff only (a hospital, a school: примечание 2 к
        # ст. 146), not of officers who detain, deliver and guard
        "staff_control": inc.in_official_custody is True
        and set(statuses) - {Status.instigated} == {Status.official_capacity},
        "second_discontinuation": bool(annulments) and order is not None,
        # An order discontinuing the case stands until a court annuls it: no body conducts the
        # case then, so petitions cannot ask for steps «по уголовному делу» as if it were open.
        "case_closed": order is not None
        and not any(a.outcome == "granted" for a in case.court_appeals),
    }
    assert tuple(facts) == FACTS, "findings.FACTS lists the facts find() computes, in order"
    return Findings(
        facts=facts,
        minor=minor,
        recognised=recognised,
        injury_records=records,
        forensic_done=forensic_done,
        annulments=annulments,
        missed=missed_steps(case, facts),
        methods=_methods(case),
        purposes=purposes,
    )


# Steps only a living victim can take part in: never argued or asked for a deceased victim.
NEEDS_THE_VICTIM = {
    Step.question_victim,
    Step.confrontation,
    Step.identification_parade,
    Step.verify_on_site,
    Step.recognise_victim,
}


def missed_steps(case: Case, facts: dict[str, bool]) -> list[tuple[Step, str | None]]:
    """Steps the file lists as missed, after the examinations the facts show were never done
    (never a step the file lists as done)."""
    inv = case.investigation
    listed = [
        (m.step, f"investigation.steps_missed[{i}].details" if m.details else None)
        for i, m in enumerate(inv.steps_missed if inv else [])
        if not (case.victim.deceased and m.step in NEEDS_THE_VICTIM)
    ]
    done = set(inv.steps_done) if inv else set()
    codes = {code for code, _ in listed} | done
    derived: list[tuple[Step, str | None]] = []
    if (
        facts["examination_missing"]
        and (facts["physical_traces"] or case.victim.deceased)
        and Step.forensic_medical_exam not in codes
    ):
        derived.append((Step.forensic_medical_exam, None))
    if facts["psych_exam_missing"] and Step.psych_exam not in codes:
        derived.append((Step.psych_exam, None))
    return derived + listed


# «ч. 1 ст. 146», «ст. 146 ч. 1», «146 ч.1»: the file's article of the Criminal Code, read once.
_PART_1_OF_146 = re.compile(r"ч\.?\s*1\s*ст\.?\s*146|146\s*ч\.?\s*1(?!\d)", re.IGNORECASE)


def qualified_part1(case: Case) -> bool:
    """The State's own bodies treated the act as ill-treatment «при отсутствии признаков пыток»
    (ч. 1 ст. 146 УК): registered or re-qualified under part 1, or run as дознание, which only
    part 1 gets (ст. 191 ч. 2 УПК)."""
    inv = case.investigation
    if inv is None:
        return False
    return inv.form == InvestigationForm.inquiry or bool(
        _PART_1_OF_146.search(current_article(case) or "")
    )


def current_article(case: Case) -> str | None:
    """The article of the УК the case stands under now: the last re-qualification's, else the
    one it was registered under."""
    moved = [h.to_article for h in case.history if h.event == Event.requalified and h.to_article]
    inv = case.investigation
    return moved[-1] if moved else (inv.article if inv else None)


def requalified_away(case: Case) -> int | None:
    """The index in history of the last re-qualification, when it took the case out of ст. 146
    (to «ч. 1 ст. 362» say): the order then rests on another article, and the appeal says the
    signs of ст. 146 are still there."""
    from . import law as law_refs

    for i in reversed(range(len(case.history))):
        h = case.history[i]
        if h.event == Event.requalified and h.to_article:
            ref = law_refs.uk_reference(h.to_article)
            return i if ref is not None and ref["article"] != "146" else None
    return None
