"""The complaint against an order discontinuing the case: what it says, in the judge's order.

Facts of the case first (the order, its history, what happened, what was and was not done), then
why the order is unlawful on those facts, then the general law that supports it (a few snippets,
most decisive first), then the route's own law, the deadline and the requests the addressee can
grant. Every item names the facts it rests on and the law it cites.
"""

from __future__ import annotations

import re

from .. import snippets as snippet_library
from ..models import Authority, Case, Event, ExamKind, ExamStatus, Route, Step
from . import deadline as deadlines
from . import law as law_refs
from . import parties
from .findings import (
    Findings,
    current_article,
    perpetrators_with,
    requalified_away,
    status_groups,
    status_of,
    unnumbered,
)
from .items import Argument, Deadline, Item, Ref

# Never registered: the next step is a complaint against that refusal or inaction, which is no
# appeal against an order (and no kind of ours yet); the petitions ask for the registration.
UNREGISTERED_NEXT = (
    "no order discontinuing the case: the report of violence is not registered in ЕРДР. "
    "Complain of the refusal or inaction to the investigating judge (УПК ст. 106 ч. 1) or to the "
    "prosecutor (УПК ст. 105), a complaint complaintgen does not draft yet. The examination and "
    "protection petitions ask for the registration"
)


def stage_problem(case: Case) -> str | None:
    """Why a ст. 106 complaint is not the next step, or None."""
    if case.order is None:
        if case.investigation is None and case.complaints:
            return UNREGISTERED_NEXT
        return "no order discontinuing the case in the file (order)"
    ruled = [a for a in case.court_appeals if a.level == "investigating_judge"]
    if any(a.outcome == "pending" for a in ruled):
        return "a complaint against this order is already before the investigating judge"
    appealed = [a for a in case.court_appeals if a.level == "appeal_court"]
    if any(a.outcome in ("dismissed", "granted") for a in appealed):
        return (
            "the regional court has already ruled on the appeal against the investigating "
            "judge's ruling: the domestic remedies under ст. 106–107 УПК РК are used; the next "
            "step may be a communication to the UN Committee against Torture (complaintgen cat)"
        )
    if any(a.outcome == "pending" for a in appealed):
        return "an appeal against the investigating judge's ruling is before the regional court"
    if any(a.outcome == "dismissed" for a in ruled):
        return (
            "the investigating judge has already ruled on this order: the next step is an appeal "
            "against that ruling to the regional court within three days of its announcement "
            "(ч. 2 ст. 107 УПК РК), not a second complaint under ст. 106"
        )
    if any(a.outcome == "granted" for a in ruled):
        return (
            "the investigating judge has already granted a complaint against this order; a new "
            "order discontinuing the case goes into history and order"
        )
    return None


def argue(case: Case, found: Findings, route: str, snippets: list[str], today) -> Argument:
    judge = route == Route.judge.value
    f = found.facts
    quoted = snippet_law(snippets)  # provisions a chosen snippet already quotes
    order = case.order
    arg = Argument("appeal", route)
    arg.deadline = deadlines.appeal(case, route, today)
    late = arg.deadline is not None and arg.deadline.passed

    arg.header = [
        parties.addressee(case, route),
        parties.applicant_block(case, found),
        parties.case_number(case),
    ]
    b = arg.body
    basis = "upk-106" if judge else "upk-105"
    b.append(Item("title", law=(basis,), data={"law": basis}))
    b.append(parties.standing(case, found))
    b.append(order_item(case, "order"))
    if order.reasons:
        b.append(Item("order_reasons", data={"reasons": Ref("order.reasons")}))
    b.append(
        Item(
            "acquainted",
            data={
                "date": Ref("order.received_date"),
                # an advocate does not say «я ознакомлен»: the file's date is the client's side's
                "who": "side"
                if parties.signer_role(case) in ("advocate", "representative")
                else "self",
            },
        )
    )
    b += history(case)
    if case.prosecutor_complaint:
        pc = case.prosecutor_complaint
        b.append(
            Item(
                "prosecutor_complaint",
                data={"pc": Ref("prosecutor_complaint"), "answer": pc.answer},
            )
        )
    b.append(Item("unlawful"))
    b += incident(case, found)
    b += procedure(case, found)

    # Why the order is unlawful, on these facts.
    b.append(ground(case, found, "torture-definition" in snippets))
    if f["official_capacity"]:
        part = "uk-146-2" if f["torture_purposes"] else "uk-146-1"
        b.append(
            Item(
                "official_capacity",
                law=("uk-146-note-2", part),
                # the part the file's purposes point to: ч. 2 (torture) for a torture purpose
                data={"who": perpetrators_with(case, "official_capacity"), "part": part},
            )
        )
    if f["instigated"]:
        b.append(instigation(case))
    aggravated = aggravating(case, found)
    if aggravated:
        b.append(aggravated)
    if case.victim.deceased and f["injuries_documented"]:
        # An order resting on «death not caused by the injuries» still leaves the violence:
        # death is only the aggravating part (ч. 4), the suffering itself is ч. 1–2.
        b.append(
            Item(
                "death_causation",
                facts=("victim.deceased", "incident.medical_records", "examinations"),
                law=("uk-146-4", "uk-146-1", "uk-146-2"),
            )
        )
    if f["lawful_actions_cited"] and "lawful-actions" not in snippets:
        b.append(
            Item("lawful_actions", facts=("order.cites_lawful_actions",), law=("uk-146-note-1",))
        )
    if f["second_discontinuation"]:
        b.append(
            Item(
                "instructions_ignored",
                facts=("history",),
                law=("upk-35-2",),
                data={
                    "annulments": [Ref(f"history[{i}]") for i in found.annulments],
                    "instructed": any(case.history[i].instructions for i in found.annulments),
                },
            )
        )
    if f["forwarded_181_5"] and "erdr-registration" not in snippets:
        b.append(Item("forwarding_unlawful", facts=("complaints",), law=("upk-181-5", "upk-185-1")))
    b.append(
        Item(
            "not_exhausted",
            law=("upk-35-2",),
            data={"missed": bool(found.missed), "quote": "upk-35-2" not in quoted},
        )
    )
    b += missed_steps(case, found)
    if f["no_visible_injuries"]:
        b.append(
            Item(
                "no_visible_injuries_argument",
                facts=("incident.visible_injuries",),
                law=("ip-2004-ch5",),
            )
        )
    b += [Item("snippet", snippet=s, data={"id": s}) for s in snippets]
    transfer = transfer_to_prosecutor(case, found, quoted, "inquiry-not-effective" in snippets)
    if transfer and not (
        transfer.data["argued"]
        and not transfer.data["purposes"]
        and not transfer.data["same_agency"]
    ):
        b.append(transfer)  # unless the snippet already said all there is to say
    b.append(route_law(case, judge, quoted))
    if arg.deadline is not None:
        b.append(
            Item(
                "deadline_restore" if late else "deadline_timely",
                facts=(arg.deadline.start_fact,),
                law=("upk-50-2", arg.deadline.law) if late else (arg.deadline.law,),
                data={
                    "basis": arg.deadline.basis,
                    "last_day": arg.deadline.last_day,
                    "reason": Ref("order.late_reason") if late else None,
                    "certain": arg.deadline.certainly_passed,
                },
            )
        )
    articles = ["35", *(["50"] if late else []), *(["106"] if judge else ["102", "105"])]
    b.append(Item("closing_basis", data={"articles": articles}))
    arg.requests = requests(case, found, judge, late, transfer is not None, arg.deadline)
    arg.attachments = parties.attachments(case)
    arg.signature = parties.signature(case, found)
    return arg


_PART = re.compile(r"ч\. ([\d-]+)(?:–(\d+))?")


def snippet_law(chosen: list[str]) -> set[str]:
    """The УПК provisions the chosen snippets cite (from their sources), so that the document
    does not quote the same provision again."""
    out: set[str] = set()
    for snippet_id in chosen:
        for source in snippet_library.get(snippet_id).sources:
            m = re.match(r"УПК РК, ст\. (\d+)(.*)", source.cite)
            if not m:
                continue
            article, rest = m.groups()
            out.add(f"upk-{article}")
            for first, last in _PART.findall(rest):
                parts = [first] if not last else [str(n) for n in range(int(first), int(last) + 1)]
                out.update(f"upk-{article}-{p}" for p in parts)
    return out


def order_item(case: Case, key: str, **extra: object) -> Item:
    """The order discontinuing the case: who made it, when, on which ground."""
    order = case.order
    return Item(
        key,
        facts=("order.date", "order.ground"),
        law=("upk-35-1-1",) if order.ground.value == "no_event" else ("upk-35-1-2",),
        data={
            "order": Ref("order"),
            "official": Ref("order.official") if order.official else None,
            # «б/н» (no number) is said as such, never as «№ б/н»
            "number": Ref("order.number") if order.number and not unnumbered(order) else None,
            "unnumbered": unnumbered(order),
            "ground": order.ground.value,
            "erdr": Ref("investigation.erdr_number"),
            **extra,
        },
    )


def history(case: Case) -> list[Item]:
    out = []
    for i, h in enumerate(case.history):
        law: tuple[str, ...] = ()
        if h.event == Event.discontinued:
            law = ("upk-35-1-1",) if h.ground.value == "no_event" else ("upk-35-1-2",)
        data: dict = {"h": Ref(f"history[{i}]")}
        if h.event == Event.requalified:
            data |= {
                "from_ref": law_refs.uk_reference(h.from_article),
                "to_ref": law_refs.uk_reference(h.to_article),
            }
        out.append(Item(f"history_{h.event.value}", law=law, data=data))
    return out


def incident(case: Case, found: Findings) -> list[Item]:
    inc = case.incident
    out = [
        Item(
            "incident",
            facts=("incident.date", "incident.place", "incident.in_official_custody"),
            data={
                "inc": Ref("incident"),
                "controlled": inc.in_official_custody,
                "controller": controller(case),
                "facility": Ref("incident.facility") if inc.facility else None,
            },
        )
    ]
    if inc.perpetrators:
        out.append(
            Item(
                "perpetrators",
                data={
                    "list": [
                        {
                            "p": Ref(f"incident.perpetrators[{i}]"),
                            "status": status_of(p).value,
                            "named": p.name is not None,
                        }
                        for i, p in enumerate(inc.perpetrators)
                    ],
                    # one who acted at an official's instigation is «причастен», not an official
                    "instigated": found.facts["instigated"],
                },
            )
        )
    if found.methods or inc.methods_details:
        out.append(
            Item(
                "methods",
                facts=("incident.methods",),
                data={
                    "codes": [m.value for m in found.methods],
                    "details": Ref("incident.methods_details") if inc.methods_details else None,
                },
            )
        )
    if found.purposes:
        out.append(
            Item(
                "purposes",
                facts=("incident.purpose",),
                data={"codes": [p.value for p in found.purposes]},
            )
        )
    if inc.injuries:
        out.append(
            Item(
                "injuries",
                data={"text": Ref("incident.injuries"), "deceased": case.victim.deceased},
            )
        )
    if inc.visible_injuries is False:
        out.append(Item("no_visible_injuries", facts=("incident.visible_injuries",)))
    if inc.medical_records:
        out.append(
            Item(
                "medical_records",
                data={
                    "list": [
                        Ref(f"incident.medical_records[{i}]")
                        for i in range(len(inc.medical_records))
                    ],
                    "injuries": inc.visible_injuries is not False,
                },
            )
        )
    out.append(
        Item(
            "narrative",
            data={
                "text": Ref("incident.narrative") if inc.narrative else None,
                # the victim's own account in a document someone else signs is attributed, so
                # an «я был…» in it is never read as the advocate's statement
                "attributed": parties.signer_role(case) in ("advocate", "representative"),
            },
        )
    )
    if inc.witnesses:
        out.append(Item("witnesses", data={"list": Ref("incident.witnesses")}))
    if case.victim.deceased:
        out.append(
            Item(
                "death",
                facts=("victim.deceased",),
                data={
                    "date": Ref("victim.death_date") if case.victim.death_date else None,
                    "place": Ref("victim.death_place") if case.victim.death_place else None,
                },
            )
        )
    elif found.facts["in_custody_now"]:
        out.append(
            Item(
                "custody_now",
                facts=("victim.custody",),
                data={
                    "custody": case.victim.custody.value,
                    "facility": Ref("victim.facility") if case.victim.facility else None,
                    "within_reach": found.facts["within_reach"],
                },
            )
        )
    if case.threats:
        out.append(Item("threats", data={"list": Ref("threats")}))
    return out


def procedure(case: Case, found: Findings) -> list[Item]:
    out = []
    if case.complaints:
        out.append(Item("complaints", data={"list": Ref("complaints")}))
    inv = case.investigation
    if inv is not None:
        done = [s.value for s in inv.steps_done if s != Step.recognise_victim]
        # an examination the file records as done was done, whether or not steps_done says so
        for exam, step in (
            (ExamKind.forensic_medical, Step.forensic_medical_exam),
            (ExamKind.psychological_psychiatric, Step.psych_exam),
        ):
            done_exam = any(
                e.kind == exam and e.status == ExamStatus.done for e in case.examinations
            )
            if done_exam and step.value not in done:
                done.append(step.value)
        out.append(
            Item(
                "investigation",
                data={
                    "inv": Ref("investigation"),
                    "form": inv.form.value,
                    "body": Ref("investigation.body") if inv.body else None,
                    "article": law_refs.uk_reference(inv.article),
                    "done": done,
                },
            )
        )
    for i, e in enumerate(case.examinations):
        out.append(
            Item(
                f"exam_{e.status.value}",
                data={"e": Ref(f"examinations[{i}]"), "kind": e.kind.value},
            )
        )
    return out


def aggravating(case: Case, found: Findings) -> Item | None:
    """A case under ч. 1 or 2 ст. 146 although the victim was a minor (п. 4 ч. 3), several
    people used the violence (п. 1 ч. 3 if they acted together), or an expert found moderate
    harm to health (п. 3 ч. 3) or grave harm (ч. 4)."""
    current = current_article(case)
    ref = law_refs.uk_reference(current) if current else None
    if ref is None or ref["article"] != "146" or ref["part"] not in ("1", "2", "3"):
        return None
    below_3 = ref["part"] != "3"  # ч. 3 already holds its own points; ч. 4 is above all three
    perps = case.incident.perpetrators
    group = below_3 and (len(perps) > 1 or any((p.count or 0) > 1 for p in perps))
    minor = below_3 and bool(found.minor)
    harm = expert_harm(case)
    if harm and harm[0] == "moderate" and not below_3:
        harm = None
    # the victim died: ч. 4 if the death followed from the acts (said as a condition), unless the
    # death-causation item argues ч. 4 already (injuries on record)
    death = case.victim.deceased and not found.facts["injuries_documented"]
    if not (group or minor or harm or death):
        return None
    law = (("uk-146-3-4",) if minor else ()) + (("uk-146-3-1",) if group else ())
    if harm:
        law += ("uk-146-3-3",) if harm[0] == "moderate" else ("uk-146-4",)
    if death and "uk-146-4" not in law:
        law += ("uk-146-4",)
    return Item(
        "aggravating",
        facts=("investigation.article", "history", "victim.birth_date", "incident.perpetrators")
        + ((f"examinations[{harm[1]}].findings",) if harm else ()),
        law=law,
        # re-qualified since registration: the case stands under this part now
        data={
            "minor": minor,
            "group": group,
            "harm": harm[0] if harm else None,
            "death": death,
            "exam": Ref(f"examinations[{harm[1]}]") if harm else None,
            "part": ref["part"],
            "moved": current != inv_article(case),
        },
    )


# How a forensic conclusion states the degree of harm (its own words, in either language).
_HARM = (
    ("severe", re.compile(r"тяжк\w* вред|вред\w* здоровью тяжк|ауыр зиян", re.I)),
    ("moderate", re.compile(r"средней тяжести|ауырлығы орташа|орташа ауырлықтағы", re.I)),
)
# A negation in the same clause says the opposite: «не причинили вреда средней тяжести»,
# «ауыр зиян келтірілмеген».
_NEGATED = re.compile(r"(?<!\w)не(?!\w)|\w+(?:ілмеген|ылмаған|ілмейді)|(?<!\w)жоқ(?!\w)", re.I)


def _states(pattern: re.Pattern, text: str) -> bool:
    for m in pattern.finditer(text):
        start = max(text.rfind(c, 0, m.start()) for c in ";.,")
        end = min((i for i in (text.find(c, m.end()) for c in ";.,") if i >= 0), default=len(text))
        if not _NEGATED.search(text[start + 1 : end]):
            return True
    return False


def expert_harm(case: Case) -> tuple[str, int] | None:
    """The gravest degree of harm to health a forensic examination on file found, with its
    index: "severe" (тяжкий вред, ч. 4 ст. 146) or "moderate" (п. 3 ч. 3)."""
    found = []
    for i, e in enumerate(case.examinations):
        if e.kind.value != "forensic_medical" or e.status.value != "done" or e.findings is None:
            continue
        text = " ".join(x for x in (e.findings.ru, e.findings.kk) if x)
        for rank, (degree, pattern) in enumerate(_HARM):
            if _states(pattern, text):
                found.append((rank, degree, i))
    if not found:
        return None
    _, degree, i = min(found)
    return degree, i


def inv_article(case: Case) -> str | None:
    return case.investigation.article if case.investigation else None


def instigation(case: Case) -> Item:
    """Someone who is no official used the violence: the order may rest on that, and the answer
    is the Code's own words (ч. 1–2 ст. 146 УК: «другим лицом с их подстрекательства…»)."""
    return Item(
        "instigation",
        facts=("incident.perpetrators",),
        law=("uk-146-1", "uk-146-2"),
        data={
            "who": perpetrators_with(case, "instigated"),
            "officials": perpetrators_with(case, "official", "official_capacity"),
            # they are staff in official capacity only, not officials (примечание 2 к ст. 146)
            "staff": bool(perpetrators_with(case, "official_capacity"))
            and not perpetrators_with(case, "official"),
        },
    )


def controller(case: Case) -> str:
    """Whose control the victim was under: officials, or only the staff of an institution
    (примечание 2 к ст. 146 УК), so the words never make a teacher an official."""
    # those who acted at their instigation (a fellow detainee) control nobody
    statuses = {status_of(p).value for p in case.incident.perpetrators} - {"instigated"}
    return "staff" if statuses == {"official_capacity"} else "officials"


def ground(case: Case, found: Findings, definition_snippet: bool) -> Item:
    f = found.facts
    inc = case.incident
    if f["ground_no_event"]:
        points = []
        if found.injury_records:
            points.append({"key": "injuries_recorded", "records": injury_records(found)})
        if inc.in_official_custody:
            points.append(
                {
                    "key": "under_control",
                    "documented": f["injuries_documented"],
                    "controller": controller(case),
                }
            )
        if inc.witnesses:
            points.append({"key": "witnesses", "list": Ref("incident.witnesses")})
        if case.complaints:
            points.append({"key": "reported", "first": Ref("complaints[0].date")})
        return Item(
            "ground_no_event",
            facts=("order.ground",),
            law=("upk-35-1-1",),
            data={"points": points, "victim_alive": not case.victim.deceased},
        )
    elements = []
    if inc.perpetrators:
        elements.append(
            {
                "key": "perpetrators",
                **status_groups(inc.perpetrators),
                "controlled": inc.in_official_custody,
            }
        )
    if found.methods:
        elements.append({"key": "methods", "codes": [m.value for m in found.methods]})
    if found.injury_records:
        elements.append({"key": "injuries_recorded", "records": injury_records(found)})
    tp = [p.value for p in found.purposes if p.value != "other"]
    elements.append({"key": "purposes" if tp else "purposes_unexamined", "codes": tp})
    away = requalified_away(case)
    return Item(
        "ground_no_corpus",
        facts=("order.ground",),
        law=("upk-35-1-2",) if definition_snippet else ("upk-35-1-2", "uk-146-1", "uk-146-2"),
        data={
            "elements": elements,
            "quote_146": not definition_snippet,
            "away": Ref(f"history[{away}]") if away is not None else None,
            "away_ref": law_refs.uk_reference(case.history[away].to_article)
            if away is not None
            else None,
        },
    )


def injury_records(found: Findings) -> list[dict]:
    """Where the injuries are on record: a medical record, or an expert's findings."""
    out = []
    for path in found.injury_records:
        if path.endswith(".findings"):
            out.append({"type": "exam", "e": Ref(path.removesuffix(".findings"))})
        else:
            out.append({"type": "record", "r": Ref(path)})
    return out


def missed_steps(case: Case, found: Findings) -> list[Item]:
    """Each missed step; a second «other» step adds its details without saying again that
    other necessary steps were not taken."""
    out = [missed_step(case, found, step, details) for step, details in found.missed]
    others = [i for i in out if i.data["code"] == Step.other.value]
    for item in others[1:]:
        item.data["again"] = True
    return out


def missed_step(case: Case, found: Findings, step: Step, details: str | None) -> Item:
    """One investigative step not taken, and why its absence makes the order premature."""
    variant = step_variant(case, found, step)
    data: dict = {
        "code": step.value,
        "details": Ref(details) if details else None,
        "witnesses": None,
        "exam": None,
        "late": False,
        "no_ip": False,
        "again": False,
    }
    if variant == "forensic_repeat":
        last = found.forensic_done[-1]
        e = case.examinations[last]
        data["exam"] = Ref(f"examinations[{last}]")
        end = case.incident.date_end or case.incident.date
        data["late"] = e.date is not None and (e.date - end).days > 7
        data["no_ip"] = not e.istanbul_protocol
    elif step == Step.question_witnesses and not details and case.incident.witnesses:
        data["witnesses"] = Ref("incident.witnesses")
    data["variant"] = variant
    law = {
        "forensic_medical_exam": ("upk-271-1-2",),
        "forensic_deceased": ("upk-271-1-1",),
        "psych_exam": ("upk-270",),
        "recognise_victim": ("upk-71-1-1", "upk-71-6-13"),
    }.get(variant, ())
    return Item(
        "missed_step", facts=("investigation.steps_missed",), law=law, data=data, listed=True
    )


def step_variant(case: Case, found: Findings, step: Step) -> str:
    """The step's code, or the form the facts call for: a forensic examination already done (but
    late or not to the Istanbul Protocol) is asked again by a commission; a deceased victim's is
    an examination of the cause of death, never of the person."""
    if step == Step.forensic_medical_exam and found.forensic_done:
        return "forensic_repeat"
    if step == Step.forensic_medical_exam and case.victim.deceased:
        return "forensic_deceased"
    return step.value


def transfer_to_prosecutor(
    case: Case, found: Findings, quoted: set[str], argued: bool
) -> Item | None:
    """Torture is the prosecutor's to investigate (ч. 1-1 ст. 193 УПК); a case run as дознание
    (ОВД, ст. 191 ч. 2) or by a body of the accused's own agency is argued to go there."""
    f = found.facts
    inv = case.investigation
    if inv is None or f["investigated_by_prosecutor"]:
        return None
    if not (f["inquiry_form"] or (inv.authority is not None and f["perpetrators_mvd"])):
        return None
    law = ("upk-193-1-1", "uk-146-2") + (("upk-191-2",) if f["inquiry_form"] else ())
    return Item(
        "transfer",
        facts=("investigation.form", "investigation.authority"),
        law=law,
        data={
            "inquiry": f["inquiry_form"],
            "purposes": [p.value for p in found.purposes if p.value != "other"],
            "same_agency": f["mvd_officers"]
            and inv.authority is not None
            and inv.authority.value == "mvd",
            "body": Ref("investigation.body") if inv.body else None,
            "quote": "upk-193-1-1" not in quoted,
            "argued": argued,  # the inquiry-not-effective snippet already made the general case
        },
    )


def route_law(case: Case, judge: bool, quoted: set[str]) -> Item:
    if judge:
        burden = "upk-106-7" not in quoted
        law = ("upk-106-1", "upk-106-2") + (("upk-106-7",) if burden else ())
        return Item("route_judge", law=law, data={"burden": burden})
    return Item(
        "route_prosecutor",
        law=("upk-105-1", "upk-105-2", "upk-105-3", "upk-105-4"),
        data={
            "higher": case.prosecutor_complaint is not None
            or bool(case.investigation and case.investigation.authority == Authority.prosecutor)
        },
    )


def requests(
    case: Case,
    found: Findings,
    judge: bool,
    late: bool,
    transfer: bool,
    case_deadline: Deadline | None = None,
) -> list[Item]:
    order = Ref("order")
    erdr = Ref("investigation.erdr_number")
    missed = [
        {
            "code": s.value,
            "variant": step_variant(case, found, s),
            "details": Ref(d) if d else None,
        }
        for s, d in found.missed
    ]
    out = []
    if late:
        out.append(
            Item(
                "req_restore",
                law=("upk-50-2",),
                data={"certain": bool(case_deadline and case_deadline.certainly_passed)},
            )
        )
    instructed = [Ref(f"history[{i}]") for i in found.annulments if case.history[i].instructions]
    if judge:
        # a victim who files from custody can take part only by video link (ч. 6 ст. 106)
        video = found.facts["in_custody_now"] and parties.signer_role(case) == "victim"
        out.append(Item("req_hearing", law=("upk-106-6",), data={"erdr": erdr, "video": video}))
        out.append(Item("req_annul", law=("upk-106-8-1",), data={"order": order, "erdr": erdr}))
        if missed or instructed:
            # Instructions not carried out are inaction too: the judge's ruling under п. 2
            # ч. 8 ст. 106 is the one that can oblige the body to carry them out.
            out.append(
                Item(
                    "req_inaction",
                    law=("upk-106-8-2",),
                    data={"missed": missed, "instructions": instructed},
                )
            )
        out.append(
            Item(
                "req_prosecutor_remedy",
                law=("upk-106-8-3",) + (("upk-193-1-1",) if transfer else ()),
                data={"transfer": transfer},
            )
        )
        out.append(Item("req_copy_ruling"))
    else:
        if parties.refused_by_prosecutor(case):
            # the refusal stands between the applicant and the order: the higher prosecutor is
            # asked to set it aside first (ч. 1 ст. 105: a prosecutor's decisions go up)
            out.append(
                Item(
                    "req_cancel_refusal",
                    facts=("prosecutor_complaint",),
                    law=("upk-105-1", "upk-105-3"),
                    data={"pc": Ref("prosecutor_complaint")},
                )
            )
        out.append(Item("req_cancel", law=("upk-105-3",), data={"order": order, "erdr": erdr}))
        out.append(Item("req_resume", data={"erdr": erdr}))
        if transfer:
            out.append(Item("req_take_over", law=("upk-193-1-1",)))
        if missed:
            out.append(Item("req_instructions", data={"missed": missed}))
        if instructed:
            out.append(Item("req_follow_instructions", data={"list": instructed}))
        out.append(Item("req_notify", law=("upk-105-4",)))
    return out
