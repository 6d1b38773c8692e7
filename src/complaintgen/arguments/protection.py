"""The petition for security measures: what it says, on the facts and at the case's stage.

Facts first (what happened, who is accused, where the victim is now, the pressure since the
complaint, earlier petitions), then the law that fits the person and the stage: ст. 96–97 УПК for
any participant; for a convict also ст. 12 УИК (the institution's own duty); measures against the
reach of the accused agency only when the victim is held by that agency; a transfer is never
argued from п. 4 ч. 1 ст. 97 (measures of restraint against a suspect), which is cited only for
what it says. While an order discontinuing the case stands, the steps are asked for once it is
annulled; the threats themselves are a new report to register (ч. 1 ст. 185, ч. 5 ст. 97).
"""

from __future__ import annotations

import re

from ..models import Case, Custody, Localized, Method
from . import appeal, parties, petitions
from .findings import Findings
from .items import Argument, Item, Ref

# Facts of the appeal's statement this petition repeats: enough for the body to see the danger.
_FACTS = ("incident", "perpetrators", "death", "custody_now", "threats")


def argue(case: Case, found: Findings, snippets: list[str]) -> Argument:
    f = found.facts
    inc, victim = case.incident, case.victim
    where = petitions.stage(case, found)
    wait = petitions.when(where)
    alive = not victim.deceased
    held = alive and f["in_custody_now"]
    convict = alive and f["convict"]
    reach = alive and f["within_reach"]
    # Held now in another facility than the one where the violence happened: the danger is a
    # transfer back or a visit by its staff, not the staff around him.
    moved = reach and moved_since(case)
    free = alive and victim.custody == Custody.free
    threats = bool(case.threats)
    named = [i for i, p in enumerate(inc.perpetrators) if p.name is not None]
    unnamed = not inc.perpetrators or any(p.name is None for p in inc.perpetrators)
    # Each author once, by the first threat that names them (the wording picks the language).
    first_by: dict[str, int] = {}
    for j, t in enumerate(case.threats):
        if t.by:
            first_by.setdefault(str(t.by.ru or t.by.kk).strip().lower(), j)
    authors = [Ref(f"threats[{j}].by") for j in first_by.values()]
    # A warning goes to a person (п. 1 ч. 1 ст. 97): «неизвестный мужчина» is asked to be
    # identified first.
    unknown = all(_names_nobody(case.threats[j].by) for j in first_by.values())
    sexual = Method.sexual_violence in inc.methods

    arg = Argument("protection", None)
    arg.header = [
        petitions.addressee(case, found, where, institution=True),
        parties.applicant_block(case, found),
    ]
    if case.investigation is not None:
        arg.header.append(parties.case_number(case))

    b = arg.body
    b.append(Item("title", data={"convict": convict}))
    if case.investigation is not None:
        b.append(parties.standing(case, found))
    b += [
        i for i in appeal.incident(case, found) if i.key in _FACTS and (alive or i.key != "threats")
    ]
    if not alive and threats:  # a deceased victim's rights are the relative's, and so the threats
        b.append(Item("threats_on_applicant", data={"list": Ref("threats")}))
    if not threats and not held:
        # ч. 1 ст. 96 needs «данные об угрозе»: nothing on file says there is one, so the
        # document shows where it belongs rather than asking for measures on no ground
        b.append(Item("threat_missing", facts=("threats", "victim.custody"), law=("upk-96-1",)))
    if alive and f["custody_unknown"]:
        b.append(Item("custody_unknown", facts=("victim.custody",)))
    if case.complaints:
        b.append(Item("complaints", data={"list": Ref("complaints")}))
    b.append(petitions.stage_item(case, found, where))
    if alive and victim.custody in (Custody.detained, Custody.remanded) and where != petitions.OPEN:
        # held as a suspect or accused in a case of his own: ч. 1 ст. 96 obliges the body running
        # that case to protect him now, whatever becomes of the order in this one
        b.append(Item("own_case_body", facts=("victim.custody",), law=("upk-96-1",)))
    b += earlier_requests(case)
    b += [Item("snippet", snippet=s, data={"id": s}) for s in snippets]
    if threats or held:
        b.append(
            Item(
                "threat_basis",
                facts=("threats", "victim.custody"),
                law=() if "reprisals-protection" in snippets else ("upk-96-1",),
                data={
                    "threats": threats,
                    "held": held,
                    "quoted": "reprisals-protection" in snippets,  # the snippet quotes ч. 1 ст. 96
                },
            )
        )
    if convict:
        b.append(
            Item(
                "convict_safety",
                facts=("victim.custody", "victim.facility"),
                law=("uik-12-1", "uik-12-5", "uik-12-7"),
                data={
                    "within_reach": reach,
                    "moved_from": Ref("incident.facility") if moved else None,
                },
            )
        )
    elif reach:
        b.append(
            Item(
                "within_reach",
                facts=("victim.facility", "incident.perpetrators"),
                law=("upk-96-1", "upk-101-2"),
            )
        )
    if free and threats:
        b.append(Item("free_threats", facts=("victim.custody", "threats"), law=("upk-97-1-3",)))
    if threats:
        b.append(Item("threats_investigation", law=("upk-97-5", "upk-185-1")))
    if sexual:
        b.append(Item("intimate", facts=("incident.methods",), law=("upk-96-1",)))
    if where == petitions.OPEN:
        b.append(Item("refusal_appealable", law=("upk-96-5",)))
    b.append(Item("closing_basis", data={"convict": convict}))

    r = arg.requests
    r += petitions.stage_requests(case, found, where)
    # the dead victim's rights are the successor's, whoever signs (an advocate may)
    role = parties.signer_role(case)
    protected = "victim" if alive else ("self" if role == "successor" else "successor")
    r.append(
        Item(
            "req_measures",
            law=("upk-96-3", "upk-97-1-3") + (("upk-71-11",) if not alive else ()),
            data={
                "when": wait,
                "protected": protected,
                "guard": free and threats,
                # threats aimed at relatives: ч. 1 ст. 96 and ч. 1 ст. 97 protect them too
                "relatives": [
                    Ref(f"threats[{i}].against") for i, t in enumerate(case.threats) if t.against
                ],
            },
        )
    )
    if convict:
        r.append(
            Item(
                "req_uik",
                facts=("victim.custody", "victim.facility"),
                law=("uik-12-1", "uik-12-3") + (("uik-12-5",) if reach else ()),
                data={
                    "within_reach": reach,
                    "facility": Ref("victim.facility"),
                    "moved_from": Ref("incident.facility") if moved else None,
                },
            )
        )
    elif reach:
        r.append(
            Item(
                "req_transfer",
                facts=("victim.facility",),
                law=("upk-96-1",),
                data={"when": wait, "facility": Ref("victim.facility")},
            )
        )
    if reach:
        r.append(
            Item(
                "req_no_access",
                facts=("victim.facility", "incident.perpetrators"),
                law=("upk-96-1",),
                data={"when": wait, "named": [Ref(f"incident.perpetrators[{i}]") for i in named]},
            )
        )
    if named:
        r.append(
            Item(
                "req_ban_approach",
                law=("upk-97-1-5", "upk-97-1-4"),
                data={
                    "when": wait,
                    "named": [Ref(f"incident.perpetrators[{i}]") for i in named],
                    "protected": protected,
                },
            )
        )
    if unnamed:
        r.append(
            Item(
                "req_unnamed",
                facts=("incident.perpetrators",),
                law=("upk-97-1-4", "upk-97-1-5"),
                data={"others": bool(named), "protected": protected},
            )
        )
    if authors:
        r.append(
            Item(
                "req_warning",
                law=("upk-97-1-1",),
                data={
                    "when": wait,
                    "authors": authors,
                    "unknown": unknown,
                    # «Оспанов Е.М. и Турсынов А.К.» in one field is two people
                    "several": len(authors) > 1
                    or any(_SEVERAL.search(_text(case.threats[j].by)) for j in first_by.values()),
                },
            )
        )
    if sexual:
        # ч. 1 ст. 96, абзац второй: restricting access to information protects state secrets or
        # the intimate life of those in the case, nothing else; asked only where that is at stake
        r.append(
            Item(
                "req_restrict_data",
                law=("upk-97-1-2", "upk-96-1"),
                data={"when": wait, "held": held, "sexual": sexual, "protected": protected},
            )
        )
    if f["mvd_officers"] and where != petitions.UNREGISTERED:
        r.append(Item("req_not_assign", facts=("incident.perpetrators",)))
    if threats:
        r.append(Item("req_threats_investigation", law=("upk-97-5", "upk-185-1")))
    if where == petitions.OPEN:
        r.append(Item("req_decide", law=("upk-96-4",)))
    else:
        r.append(Item("req_notify"))
    arg.attachments = parties.attachments(case)
    arg.signature = parties.signature(case, found)
    return arg


def earlier_requests(case: Case) -> list[Item]:
    """Earlier petitions and what their fate means now: a refusal does not bar a new one on new
    circumstances (ч. 6 ст. 96); an unanswered one was due in 24 hours (ч. 4 ст. 96); measures
    granted and followed by new pressure were not enough."""
    if not case.protection_requests:
        return []
    notes = []
    for i, pr in enumerate(case.protection_requests):
        later = [Ref(f"threats[{j}]") for j, t in enumerate(case.threats) if t.date > pr.date]
        note = None
        if pr.outcome == "refused":
            note = "refused"
        elif pr.outcome in ("no_answer", "pending"):
            note = "unanswered"
        elif pr.outcome == "granted" and later:
            note = "insufficient"
        notes.append({"pr": Ref(f"protection_requests[{i}]"), "note": note, "later": later})
    laws = tuple(dict.fromkeys(x for pr in case.protection_requests for x in _law(pr.outcome)))
    return [
        Item("earlier_requests", facts=("protection_requests",), law=laws, data={"list": notes})
    ]


def _law(outcome: str) -> tuple[str, ...]:
    return {"refused": ("upk-96-6",), "no_answer": ("upk-96-4",), "pending": ("upk-96-4",)}.get(
        outcome, ()
    )


def moved_since(case: Case) -> bool:
    """The victim is held in a facility the file names, other than the named facility where the
    violence happened (a convict moved to another colony)."""
    held, where = case.victim.facility, case.incident.facility
    if held is None or where is None:
        return False
    return _same_name(held.name) != _same_name(where.name)


def _same_name(text: Localized) -> str:
    return " ".join(str(text.ru or text.kk or "").lower().replace("ё", "е").split())


# How a file says the author of a threat is not known (its own words, in either language).
_NOBODY = ("неизвестн", "неустановлен", "не установлен", "аноним", "белгісіз", "анықталмаған")


def _names_nobody(by: Localized) -> bool:
    """Whether «who made the threat» identifies nobody: «неизвестный мужчина», «белгісіз адам»."""
    return any(marker in _text(by) for marker in _NOBODY)


# Several people named in one «who made it»: «А. и Б.», «А. мен Б.», plurals of people (a comma
# may be an apposition: «Сериков А.Б., начальник ИВС»).
_SEVERAL = re.compile(r" и | мен | және |сотрудники|лица|люди|адамдар|қызметкерлер")


def _text(by: Localized) -> str:
    return " ".join(x for x in (by.ru, by.kk) if x).lower()
