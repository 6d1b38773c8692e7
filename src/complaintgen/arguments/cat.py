"""The communication to the UN Committee against Torture (article 22): what it says, decided here.

The order is the OHCHR guidance's (legal/international.md §1.4, §5): I the author (the victim, or
for a deceased victim the relative who holds the victim's rights), the representative and the
authorisation; II the State party; III the provisions invoked; IV the facts in order; V the
exhaustion of domestic remedies; VI no other international procedure; VII the violations, article
by article, only as the facts support them; VIII the remedies sought; IX interim measures (rule
114) when asked for, or when the victim is held by the agency accused and threatened; then the
annexes. Headings are items too, so numbering follows the sections actually present.

The admissibility check (admissibility.py) runs before this: without a final domestic decision,
with another international procedure, or without the victim's authorisation nothing is argued.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from .. import snippets as snippet_library
from ..models import Authority, Case, Step
from . import parties
from .appeal import history, incident, injury_records, missed_steps, order_item, procedure
from .findings import (
    OFFICIAL_CAPACITY_AGENCIES,
    TORTURE_PURPOSES,
    Findings,
    perpetrators_with,
    qualified_part1,
    status_groups,
)
from .items import Argument, Item, Ref

# Snippets the communication may use, by the article they support (each one is used once).
SNIPPETS = (
    "torture-definition",
    "event-established",
    "lawful-actions",
    "burden-of-proof",
    "death-in-custody",
    "effective-investigation",
    "ex-officio-investigation",
    "perpetrators-need-not-be-named",
    "inquiry-not-effective",
    "istanbul-protocol-examination",
    "erdr-registration",
    "reprisals-protection",
    "redress",
)
SUBSTANTIVE = (
    "torture-definition",
    "event-established",
    "lawful-actions",
    "burden-of-proof",
    "death-in-custody",
)
LATE_REGISTRATION_DAYS = 3  # ст. 181 УПК: a report is decided on at once; more is a delay
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
# The Committee recognised in 2008 (legal/international.md row 3: the year only is verified).
DECLARATION_YEAR = 2008


@dataclass
class Communication(Argument):
    """The communication's sections after the remedies sought: interim measures, the annexes'
    heading (the annexes themselves are `attachments`)."""

    after: list[Item] = field(default_factory=list)
    # Only a client's translation words this: what it is a translation of, and why.
    translation_note: Item = field(
        default_factory=lambda: Item("translation_note", data={"filed": ["ru", "en"]})
    )

    def items(self) -> list[Item]:
        tail = [i for i in (self.attachments, self.signature) if i is not None]
        return [*self.header, *self.body, *self.requests, *self.after, *tail]


class _Sections:
    """Numbered section headings, in the order they are added."""

    def __init__(self) -> None:
        self.n = 0

    def __call__(self, key: str, **data) -> Item:
        self.n += 1
        return Item("section", data={"key": key, "n": ROMAN[self.n - 1], **data})


def articles(case: Case, found: Findings) -> dict[str, bool]:
    """Which articles the facts support (the header comment of the old template, decided here).

    1 + 2(1): a purpose article 1 names; 16: no such purpose, or in the alternative when the
    State's own bodies qualified the act as ill-treatment (ч. 1 ст. 146 УК, дознание); 11: torture
    in a place of detention run by the State (not a school or hospital: article 11 concerns
    arrest, detention and imprisonment); 12 and 14 always; 13 when a complaint went unregistered
    or threats followed it."""
    f = found.facts
    inc = case.incident
    torture = f["torture_purposes"]
    detention = (
        inc.in_official_custody is True
        and inc.facility is not None
        and inc.facility.authority not in OFFICIAL_CAPACITY_AGENCIES
    )
    return {
        "torture": torture,
        "16": not torture or qualified_part1(case),
        "16_domestic": qualified_part1(case),
        "11": torture and detention,
        "12": True,
        "13": f["not_registered_erdr"] or f["threats_reported"],
        "13_complaint": f["not_registered_erdr"],
        "13_threats": f["threats_reported"],
        "14": True,
    }


def interim(case: Case, found: Findings) -> bool:
    """Rule 114: asked for in the file, or the victim is held by the agency accused and
    threatened (irreparable harm is then in sight)."""
    asked = case.cat is not None and case.cat.interim_measures is not None
    return asked or (found.facts["within_reach"] and found.facts["threats_reported"])


def argue(case: Case, found: Findings, today) -> Argument:
    # The appeal's route plays no part here: every snippet the facts call for may be used.
    snippets = snippet_library.applicable("cat", found.facts)
    arts = articles(case, found)
    used: set[str] = set()

    def snippet(snippet_id: str) -> list[Item]:
        """A general-law argument, once per document, when it applies on these facts."""
        if snippet_id not in snippets or snippet_id in used:
            return []
        used.add(snippet_id)
        return [Item("argument", data={"id": snippet_id})]

    arg = Communication("cat", None)
    sec = _Sections()
    role = parties.signer_role(case)
    by_rep = role in ("advocate", "representative")
    anonymous = case.cat is not None and case.cat.anonymous

    arg.header = [
        Item("cat_to"),
        Item(
            "cat_parties",
            facts=("victim", "applicant"),
            data={
                "author": Ref("successor") if case.victim.deceased and case.successor else None,
                "rep": Ref(parties.signer_path(role)) if by_rep else None,
                "legal_rep": Ref("legal_representative")
                if role == "legal_representative"
                else None,
            },
        ),
    ]
    b = arg.body
    b.append(Item("title"))

    # I. The author, the victim, the representative and the authorisation.
    b.append(sec("author", rep=by_rep or role == "legal_representative"))
    b += author(case, found, role, anonymous)

    # II. The State party.
    end = case.incident.date_end or case.incident.date
    b.append(sec("state_party"))
    b.append(
        Item(
            "state_party",
            facts=("incident.date",),
            data={"after": case.incident.date.year > DECLARATION_YEAR and end.year > 2008},
        )
    )

    # III. The provisions invoked.
    b.append(sec("provisions"))
    b.append(
        Item(
            "provisions",
            facts=("incident.purpose", "complaints", "threats"),
            law=law_of(arts),
            data={"arts": arts, "deceased": case.victim.deceased},
        )
    )

    # IV. The facts, in order.
    b.append(sec("facts"))
    b.append(Item("abbreviations"))
    b += facts(case, found)

    # V. Exhaustion of domestic remedies.
    b.append(sec("exhaustion"))
    b += exhaustion(case)

    # VI. No other procedure.
    b.append(sec("no_other_procedure"))
    # Said only when the file says so: the default «false» is no statement of the author's.
    stated = case.cat is not None and "other_procedure" in case.cat.model_fields_set
    b.append(
        Item(
            "no_other_procedure",
            facts=("cat.other_procedure",),
            law=("cat-22-5-a",) if stated else (),
            data={"stated": stated},
        )
    )

    # VII. The violations.
    b.append(sec("violations"))
    b += violations(case, found, arts, snippet)

    # VIII. Remedies sought; IX interim measures.
    wants_interim = interim(case, found)
    b.append(sec("remedies"))
    b.append(Item("remedies_intro"))
    arg.requests = remedies(case, found, arts, wants_interim)
    if wants_interim:
        arg.after += [sec("interim"), *interim_measures(case, found)]
    arg.after.append(sec("annexes"))
    arg.attachments = annexes(case, by_rep, anonymous)
    arg.signature = Item(
        "cat_signature",
        data={
            "role": role,
            "signer": Ref(parties.signer_path(role)) if role else None,
            "place": Ref("place_signed") if case.place_signed else None,
        },
    )
    return arg


def law_of(arts: dict[str, bool]) -> tuple[str, ...]:
    out = []
    if arts["torture"]:
        out += ["cat-1", "cat-2-1"]
    out += [f"cat-{n}" for n in ("11", "12", "13", "14", "16") if arts[n]]
    return tuple(out)


def author(case: Case, found: Findings, role: str | None, anonymous: bool) -> list[Item]:
    v = case.victim
    out = [
        Item(
            "author",
            facts=("victim",),
            data={
                "deceased": v.deceased,
                "successor": Ref("successor") if v.deceased and case.successor else None,
                "anonymous": anonymous,
                "held": found.facts["in_custody_now"],
                "custody": v.custody.value if v.custody else None,
                "custody_unknown": found.facts["custody_unknown"],
                "minor": found.minor,
                "facility": Ref("victim.facility") if v.facility else None,
            },
        )
    ]
    if anonymous:
        out.append(Item("anonymity", facts=("cat.anonymous",)))
    if role in ("advocate", "representative"):
        out.append(Item("representative", data={"rep": Ref("representative"), "role": role}))
        auth = case.cat.authorisation if case.cat else "missing"
        out.append(
            Item(
                f"authorisation_{auth}",
                facts=("cat.authorisation",),
                data={
                    # who authorises: the victim, or for a deceased victim the relative
                    "author": Ref("successor") if v.deceased and case.successor else Ref("victim"),
                    "reason": Ref("cat.authorisation_reason")
                    if case.cat and case.cat.authorisation_reason
                    else None,
                },
            )
        )
    elif role == "legal_representative":
        out.append(
            Item(
                "legal_representative",
                facts=("legal_representative",),
                law=("upk-76-2",),
                data={"lr": Ref("legal_representative"), "minor": found.minor},
            )
        )
    elif role == "successor":
        out.append(
            Item(
                "successor",
                facts=("successor", "victim.deceased"),
                law=("upk-71-11",),
                data={
                    "s": Ref("successor"),
                    "recognised": case.successor.recognised if case.successor else None,
                    "recognised_date": Ref("successor.recognised_date")
                    if case.successor and case.successor.recognised_date
                    else None,
                },
            )
        )
    elif role == "victim":
        out.append(Item("in_person", facts=("applicant",)))
    else:
        out.append(Item("who_files", facts=("applicant",)))
    return out


CAT_WORDS = {
    "incident": "cat_incident",
    "methods": "cat_methods",
    "injuries": "cat_injuries",
    "no_visible_injuries": "cat_no_visible_injuries",
    "medical_records": "cat_medical_records",
    "narrative": "cat_narrative",
}


def facts(case: Case, found: Findings) -> list[Item]:
    """Section IV: what happened, what was reported, investigated, decided and appealed."""
    v = case.victim
    # What happened is the appeal's account, worded for the Committee where the CAT needs its own
    # words; custody and threats come later in the communication's own order.
    out = [
        dataclasses.replace(i, key=CAT_WORDS.get(i.key, i.key))
        for i in incident(case, found)
        if i.key not in ("custody_now", "threats")
    ]
    out += procedure(case, found)  # the complaints, the investigation, the examinations
    inv = case.investigation
    if found.recognised is not None and not v.deceased:
        out.append(
            Item(
                "cat_recognised" if found.recognised else "cat_not_recognised",
                facts=("investigation.victim_recognised", "investigation.steps_done"),
                data={
                    "date": Ref("investigation.victim_recognised_date")
                    if inv and inv.victim_recognised_date
                    else None
                },
            )
        )
    out += history(case)
    order = case.order
    out.append(
        order_item(
            case,
            "cat_order",
            reasons=Ref("order.reasons") if order.reasons else None,
            received=Ref("order.received_date") if order.received_date else None,
        )
    )
    if case.threats:
        out.append(Item("cat_threats", data={"list": Ref("threats")}))
    if case.protection_requests:
        out.append(Item("protection_requests", data={"list": Ref("protection_requests")}))
    if found.facts["in_custody_now"]:
        out.append(
            Item(
                "cat_custody_now",
                facts=("victim.custody",),
                data={
                    "custody": v.custody.value,
                    "facility": Ref("victim.facility") if v.facility else None,
                    "within_reach": found.facts["within_reach"],
                },
            )
        )
    elif found.facts["custody_unknown"]:
        out.append(Item("cat_custody_unknown", facts=("victim.custody",)))
    return out


def remedies_in_order(case: Case) -> list[dict]:
    """Every domestic step, by date: the complaints, the complaint to the prosecutor and the
    complaints to the courts."""
    steps = [
        {"type": "complaint", "date": c.date, "x": Ref(f"complaints[{i}]")}
        for i, c in enumerate(case.complaints)
    ]
    if case.prosecutor_complaint:
        pc = case.prosecutor_complaint
        steps.append({"type": "prosecutor", "date": pc.date, "x": Ref("prosecutor_complaint")})
    steps += [
        {"type": a.level, "date": a.date, "x": Ref(f"court_appeals[{i}]")}
        for i, a in enumerate(case.court_appeals)
    ]
    return sorted(steps, key=lambda s: s["date"])


def exhaustion(case: Case) -> list[Item]:
    appeals = sorted(case.court_appeals, key=lambda a: (a.decision_date or a.date, a.level))
    final = len(case.court_appeals) and case.court_appeals.index(appeals[-1])
    out = [
        Item(
            "exhaustion",
            facts=("complaints", "prosecutor_complaint", "court_appeals"),
            law=("cat-22-5-b", "upk-106", "upk-107-2"),
            data={"steps": remedies_in_order(case)},
        )
    ]
    if any(a.level == "appeal_court" for a in case.court_appeals):
        out.append(
            Item(
                "exhaustion_route",
                facts=("court_appeals",),
                law=("upk-106", "upk-107-2"),
                data={"final": Ref(f"court_appeals[{final}]")},
            )
        )
    if case.prosecutor_complaint is None:
        out.append(Item("exhaustion_art105", law=("upk-105-1",)))
    out.append(Item("exhaustion_exception", law=("cat-22-5-b",)))
    return out


def violations(case: Case, found: Findings, arts: dict[str, bool], snippet) -> list[Item]:
    f = found.facts
    inc, inv = case.incident, case.investigation
    out: list[Item] = []
    if arts["torture"]:
        out.append(Item("heading_art1"))
        out.append(Item("art1", law=("cat-1",)))
        elements = []
        elements.append(
            {
                "key": "perpetrators",
                **status_groups(inc.perpetrators),
                "agencies": sorted({p.authority.value for p in inc.perpetrators}),
                "controlled": inc.in_official_custody is True,
            }
        )
        if found.methods:
            elements.append({"key": "methods", "codes": [m.value for m in found.methods]})
        if found.injury_records:
            elements.append({"key": "injuries", "records": injury_records(found)})
        elements.append(
            {
                "key": "purposes",
                "codes": [p.value for p in found.purposes if p in TORTURE_PURPOSES],
            }
        )
        out.append(
            Item(
                "art1_elements",
                facts=("incident.perpetrators", "incident.purpose", "incident.methods"),
                law=("cat-1",) + (("uk-146-note-2",) if f["official_capacity"] else ()),
                data={"elements": elements, "official_capacity": f["official_capacity"]},
            )
        )
        for s in SUBSTANTIVE:
            out += snippet(s)
        out.append(Item("art2", law=("cat-2-1", "cat-gc-2")))
    if arts["16"]:
        out.append(Item("heading_art16"))
        out.append(
            Item(
                "art16",
                facts=("incident.purpose", "investigation.article", "investigation.form"),
                law=("cat-16", "cat-gc-2", "cat-gc-3"),
                data={"alternative": arts["torture"], "domestic": arts["16_domestic"]},
            )
        )
        if not arts["torture"]:
            for s in SUBSTANTIVE:
                out += snippet(s)
    if f["official_capacity"]:
        out.append(
            Item(
                "cat_official_capacity",
                facts=("incident.perpetrators",),
                law=("uk-146-note-2",),
                data={"who": perpetrators_with(case, "official_capacity")},
            )
        )
    if arts["11"]:
        records = {s for s, _ in found.missed} & {Step.custody_records, Step.cctv}
        out.append(Item("heading_art11"))
        out.append(
            Item(
                "art11",
                facts=("incident.facility", "incident.in_official_custody"),
                law=("cat-11",),
                data={"records_missed": bool(records)},
            )
        )

    # Article 12: the investigation.
    out.append(Item("heading_art12", data={"with16": not arts["torture"]}))
    out.append(Item("art12", law=("cat-12",)))
    out += snippet("effective-investigation")
    first = case.complaints[0] if case.complaints else None
    if first and inv and inv.registered_date:
        days = (inv.registered_date - first.date).days
        if days > LATE_REGISTRATION_DAYS:
            out.append(
                Item(
                    "art12_late",
                    facts=("complaints[0].date", "investigation.registered_date"),
                    data={
                        "first": Ref("complaints[0].date"),
                        "registered": Ref("investigation.registered_date"),
                        "days": days,
                    },
                )
            )
    agencies = {p.authority for p in inc.perpetrators}
    if inc.facility is not None:
        agencies.add(inc.facility.authority)
    same_agency = inv is not None and inv.authority is not None and inv.authority in agencies
    not_prosecutor = (
        arts["torture"]
        and inv is not None
        and inv.authority is not None
        and inv.authority != Authority.prosecutor
        and not f["inquiry_form"]
    )
    if same_agency or not_prosecutor:
        out.append(
            Item(
                "art12_body",
                facts=("investigation.authority", "investigation.body"),
                law=("upk-193-1-1",) if not_prosecutor else (),
                data={
                    "body": Ref("investigation.body") if inv.body else None,
                    "authority": inv.authority.value,
                    "same_agency": same_agency,
                    "not_prosecutor": not_prosecutor,
                },
            )
        )
    out += snippet("ex-officio-investigation")
    if f["second_discontinuation"]:
        out.append(
            Item(
                "art12_again",
                facts=("history",),
                data={
                    "annulments": [Ref(f"history[{i}]") for i in found.annulments],
                    "instructed": any(case.history[i].instructions for i in found.annulments),
                },
            )
        )
    if found.missed:
        out.append(Item("art12_steps", facts=("investigation.steps_missed",)))
        out += missed_steps(case, found)
    if f["no_visible_injuries"]:
        out.append(
            Item(
                "cat_no_visible_injuries_argument",
                facts=("incident.visible_injuries",),
                law=("ip-2004-ch5",),
            )
        )
    for s in ("perpetrators-need-not-be-named", "inquiry-not-effective"):
        out += snippet(s)
    out += snippet("istanbul-protocol-examination")
    dismissed = [
        Ref(f"court_appeals[{i}]")
        for i, a in enumerate(case.court_appeals)
        if a.outcome == "dismissed"
    ]
    if dismissed:
        out.append(Item("art12_courts", facts=("court_appeals",), data={"list": dismissed}))
    out.append(Item("art12_end", law=("cat-12",)))

    # Article 13: the complaint, and protection against reprisals.
    if arts["13"]:
        out.append(Item("heading_art13", data={"with16": not arts["torture"]}))
        out.append(Item("art13", law=("cat-13", "cat-16")))
        if arts["13_complaint"]:
            unregistered = [
                Ref(f"complaints[{i}]")
                for i, c in enumerate(case.complaints)
                if c.outcome.value in ("forwarded_181_5", "refused", "no_answer")
            ]
            out.append(Item("art13_complaints", facts=("complaints",), data={"list": unregistered}))
            out += snippet("erdr-registration")
            out.append(Item("art13_complaints_end", law=("cat-13",)))
        if arts["13_threats"]:
            out.append(
                Item(
                    "art13_threats",
                    facts=("threats", "protection_requests"),
                    data={
                        "threats": Ref("threats"),
                        "requests": Ref("protection_requests"),
                    },
                )
            )
            out += snippet("reprisals-protection")
            out.append(Item("art13_threats_end", law=("cat-13",)))

    # Article 14: redress.
    out.append(Item("heading_art14", data={"with16": not arts["torture"]}))
    out.append(Item("art14", law=("cat-14",)))
    out += snippet("redress")
    out.append(
        Item("art14_end", law=("cat-14", "cat-gc-3"), data={"deceased": case.victim.deceased})
    )
    return out


def remedies(case: Case, found: Findings, arts: dict[str, bool], wants_interim: bool):
    f = found.facts
    out = [
        Item("req_admissible", law=("cat-22-5-b",)),
        Item("req_violation", law=law_of(arts), data={"arts": arts}),
        Item(
            "req_investigate",
            facts=("victim.deceased",),
            data={"deceased": case.victim.deceased},
        ),
        Item("req_prosecute"),
        Item("req_redress", law=("cat-14", "cat-gc-3"), data={"deceased": case.victim.deceased}),
    ]
    if f["threats_reported"] or f["in_custody_now"]:
        out.append(Item("req_protect", facts=("threats", "victim.custody"), law=("cat-13",)))
    out.append(Item("req_non_repetition"))
    if f["lawful_actions_cited"]:
        out.append(
            Item(
                "req_lawful_actions", facts=("order.cites_lawful_actions",), law=("uk-146-note-1",)
            )
        )
    if wants_interim:
        out.append(Item("req_interim", law=("cat-rule-114",)))
    out.append(Item("req_inform"))
    return out


def interim_measures(case: Case, found: Findings) -> list[Item]:
    f = found.facts
    asked = case.cat is not None and case.cat.interim_measures is not None
    return [
        Item(
            "interim",
            facts=("cat.interim_measures", "victim.custody", "threats"),
            law=("cat-rule-114",),
            data={
                "asked": Ref("cat.interim_measures") if asked else None,
                "held": f["in_custody_now"],
                "custody": case.victim.custody.value if f["in_custody_now"] else None,
                "facility": Ref("victim.facility") if case.victim.facility else None,
                "within_reach": f["within_reach"],
                "threats": f["threats_reported"],
                "named": bool(case.incident.perpetrators),
            },
        ),
        Item("interim_breach"),
    ]


def annexes(case: Case, by_rep: bool, anonymous: bool) -> Item:
    """The file's evidence, then copies of the domestic decisions it does not already carry
    (matched by date), the authorisation and the confidential annex."""
    dated = {e.date for e in case.evidence if e.date is not None}
    order = case.order
    pc = case.prosecutor_complaint
    return Item(
        "annexes",
        facts=("evidence",),
        data={
            "evidence": [Ref(f"evidence[{i}]") for i in range(len(case.evidence))],
            "date_in_title": [parties.title_names_date(e) for e in case.evidence],
            "order": Ref("order") if order.date not in dated else None,
            "erdr": Ref("investigation.erdr_number"),
            "refusal": Ref("prosecutor_complaint")
            if pc and pc.answer == "refused" and pc.answer_date and pc.answer_date not in dated
            else None,
            "rulings": [
                Ref(f"court_appeals[{i}]")
                for i, a in enumerate(case.court_appeals)
                if a.decision_date and a.decision_date not in dated
            ],
            "authorisation": by_rep and case.cat is not None and case.cat.authorisation == "signed",
            "confidential": anonymous,
        },
    )
