"""What the two petitions (protection, examination) share: to whom they go at the case's stage,
and how that stage is stated.

A petition asks a body to act in a criminal case (ст. 96, 99 УПК). Which body can act depends on
the stage: while the case is open, the body conducting it (copy to the supervising prosecutor);
while an order discontinuing it stands, no body conducts the case, so the petition goes to the
supervising prosecutor, with the complaint against that order, and asks for the steps once the
order is annulled; before the complaint is registered, to the body that received it, which must
register it first (ч. 1 ст. 185).
"""

from __future__ import annotations

from ..models import Case, ComplaintOutcome
from . import law as law_refs
from .findings import Findings
from .items import Item, Ref

OPEN, CLOSED, UNREGISTERED = "open", "closed", "unregistered"


def stage(case: Case, found: Findings) -> str:
    if found.facts["case_closed"]:
        return CLOSED
    if case.investigation is None:
        return UNREGISTERED
    return OPEN


def _complaint_body(case: Case) -> str | None:
    """The last complaint still awaiting registration or an answer (its body must register)."""
    waiting = (ComplaintOutcome.pending, ComplaintOutcome.no_answer, ComplaintOutcome.registered)
    for i in range(len(case.complaints) - 1, -1, -1):
        if case.complaints[i].outcome in waiting:
            return f"complaints[{i}].to"
    return None


def addressee(case: Case, found: Findings, where: str, *, institution: bool = False) -> Item:
    """The body that can act at this stage, or a gap naming the one the file lacks."""
    inv = case.investigation
    data: dict = {
        "stage": where,
        "investigator": None,
        "body": None,
        "prosecutor": None,
        "appeal_to": None,
        "higher": found.facts["investigated_by_prosecutor"],
    }
    copy = None
    if where == OPEN:
        if inv.investigator is not None:
            data["investigator"] = Ref("investigation.investigator")
        elif inv.body:
            data["body"] = Ref("investigation.body")
        if inv.supervising_prosecutor and inv.supervising_prosecutor != inv.body:
            copy = Ref("investigation.supervising_prosecutor")
    elif where == CLOSED:
        # The supervising prosecutor, else the prosecutor the appeal goes to (ст. 105): the
        # petition is decided with the appeal.
        a = case.addressee
        if inv is not None and inv.supervising_prosecutor:
            data["prosecutor"] = Ref("investigation.supervising_prosecutor")
        elif a is not None and (a.route or case.route).value == "prosecutor":
            data["appeal_to"] = Ref("addressee")
    else:
        path = _complaint_body(case)
        data["body"] = Ref(path) if path else None
    data["cc"] = copy
    # A convict's safety is first the institution's duty (ч. 1, 7 ст. 12 УИК): a petition about
    # it (institution=True) is addressed to its head too, whatever the stage of the case.
    convict = institution and found.facts["convict"] and not case.victim.deceased
    data["institution"] = Ref("victim.facility") if convict and case.victim.facility else None
    data["convict"] = convict
    return Item("to_body", facts=("investigation", "order", "victim.custody"), data=data)


def stage_item(case: Case, found: Findings, where: str) -> Item:
    """The case's stage, in the words the petition needs to ask for what the stage allows."""
    if where == CLOSED:
        pending = [a for a in case.court_appeals if a.outcome == "pending"]
        before_prosecutor = complaint_before_prosecutor(case)
        judge = judge_decides(case)
        return Item(
            "stage_closed",
            facts=("order", "court_appeals", "prosecutor_complaint", "route"),
            law=("upk-105-1", "upk-193-1-1")
            + (("upk-106-1",) if judge and not case.court_appeals else ()),
            data={
                "order": Ref("order"),
                "erdr": Ref("investigation.erdr_number"),
                "before_judge": bool(pending),
                "before_prosecutor": before_prosecutor,
                "judge": judge,
                # a court has ruled already: no complaint «подаётся» any more
                "complaint_ahead": judge and not case.court_appeals,
            },
        )
    if where == UNREGISTERED:
        path = _complaint_body(case)
        return Item(
            "stage_unregistered",
            facts=("complaints", "investigation"),
            law=("upk-185-1",),
            data={"complaint": Ref(path.removesuffix(".to")) if path else None},
        )
    inv = case.investigation
    return Item(
        "stage_open",
        facts=("investigation",),
        data={
            "inv": Ref("investigation"),
            "body": Ref("investigation.body") if inv.body else None,
            # cited in each language's own style where the file's text is an article of the УК
            "article": law_refs.uk_reference(inv.article),
        },
    )


def stage_requests(case: Case, found: Findings, where: str) -> list[Item]:
    """What a petition asks first because of the stage: decide it with the complaint against
    the order (or once it is annulled), register the report, recognise the victim."""
    out = []
    if where == CLOSED:
        out.append(
            Item(
                "req_with_appeal",
                facts=("order", "route"),
                data={"order": Ref("order"), "judge": judge_decides(case)},
            )
        )
    elif where == UNREGISTERED:
        out.append(Item("req_register", law=("upk-185-1",)))
    if found.recognised is False and not case.victim.deceased:
        # a person not recognised as потерпевший has not the rights the petition relies on
        out.append(
            Item(
                "req_recognise",
                facts=("investigation.victim_recognised",),
                law=("upk-71-1-1",),
                data={"when": when(where)},
            )
        )
    return out


def judge_decides(case: Case) -> bool:
    """The order is challenged before the investigating judge (ст. 106), not the prosecutor: a
    petition to the prosecutor then cannot be decided «together with the complaint»; it asks him
    to act as soon as the order is annulled. Once a court has the case, it is the judge's too."""
    return bool(case.court_appeals) or (
        case.route.value == "judge" and not complaint_before_prosecutor(case)
    )


def complaint_before_prosecutor(case: Case) -> bool:
    """A complaint against the order is with the prosecutor, still unanswered."""
    pc = case.prosecutor_complaint
    return pc is not None and pc.answer == "no_answer"


def when(where: str) -> str | None:
    """What a request for a step in the case waits for at this stage (None: nothing)."""
    return {CLOSED: "reopened", UNREGISTERED: "registered"}.get(where)
