"""Who files, for whom, to whom: the header, the standing paragraph and the signature, shared by
every document addressed to a Kazakh body."""

from __future__ import annotations

from ..language import dates
from ..models import Authority, Case, Evidence, Route
from .findings import Findings
from .items import Item, Ref


def signer_role(case: Case) -> str | None:
    """advocate, representative, legal_representative, successor or victim; None when the file
    does not say who files (a gap, never a guess)."""
    if case.applicant == "representative" and case.representative is not None:
        return case.representative.kind.value  # advocate or representative
    return case.applicant


def signer_path(role: str | None) -> str | None:
    return {
        "advocate": "representative",
        "representative": "representative",
        "legal_representative": "legal_representative",
        "successor": "successor",
        "victim": "victim",
    }.get(role or "")


def voice(role: str | None, kind: str) -> str:
    """The victim speaks in the first person only in a document the victim files; a
    communication to the Committee speaks of «автор» throughout, whoever signs it."""
    return "first" if role == "victim" and kind != "cat" else "third"


def with_route(case: Case, route: str | None) -> Case:
    """The case filed by another route (`--to`): the file's addressee stays bound to the file's
    own route, so it is never printed over the other route's legal basis."""
    if not route or route == case.route.value:
        return case
    update: dict = {"route": Route(route)}
    if case.addressee is not None and case.addressee.route is None:
        update["addressee"] = case.addressee.model_copy(update={"route": case.route})
    return case.model_copy(update=update)


def addressee(case: Case, route: str | None) -> Item:
    """The addressee for the chosen route; another route's addressee is never used."""
    a = case.addressee
    own = a is not None and (a.route or case.route).value == route
    # A prosecutor's own decision goes to the higher prosecutor (ч. 1 ст. 105 УПК), and so
    # does a prosecutor's refusal of a complaint against the order.
    higher = route == "prosecutor" and (
        bool(case.investigation and case.investigation.authority == Authority.prosecutor)
        or refused_by_prosecutor(case)
    )
    return Item(
        "to",
        facts=("addressee", "route"),
        law=("upk-105-1",) if higher else (),
        data={"addressee": Ref("addressee") if own else None, "route": route, "higher": higher},
    )


def refused_by_prosecutor(case: Case) -> bool:
    pc = case.prosecutor_complaint
    return pc is not None and pc.answer == "refused"


def client(case: Case, role: str | None) -> Ref | None:
    """Whom an advocate or representative acts for when the victim has died: the relative who
    holds the victim's rights (ст. 71 ч. 11), never the dead man himself."""
    if role in ("advocate", "representative") and case.victim.deceased and case.successor:
        return Ref("successor")
    return None


def applicant_block(case: Case, found: Findings) -> Item:
    role = signer_role(case)
    law: tuple[str, ...] = ()
    if role == "legal_representative":
        law = ("upk-7-13",)
    elif role == "successor":
        law = ("upk-71-11",)
    data = {
        "role": role,
        "signer": Ref(signer_path(role)) if role else None,
        "victim": Ref("victim"),
        "status": victim_status(case, found),
        "mandate": Ref("representative.mandate")
        if role in ("advocate", "representative") and case.representative.mandate
        else None,
        "mandate_kind": mandate_kind(case),
        # the relative who files, for the relation's word in his or her gender (kin)
        "relative": Ref(signer_path(role))
        if role in ("legal_representative", "successor")
        else None,
        "held": bool(
            role == "victim" and case.victim.custody not in (None, "free") and case.victim.facility
        ),
        "client": client(case, role),
        # a legal representative may act for an adult too (ч. 2 ст. 76: by physical or mental
        # state unable to defend her rights): «несовершеннолетней» only for a minor
        "minor": found.minor,
    }
    return Item("from", facts=("applicant",), law=law, data=data)


def victim_status(case: Case, found: Findings) -> str:
    """How the documents name the victim's procedural position: recognised (потерпевший),
    not recognised (заявитель), unknown (neither claimed), deceased."""
    if case.victim.deceased:
        return "deceased"
    return {True: "recognised", False: "not_recognised", None: "unknown"}[found.recognised]


def mandate_kind(case: Case) -> str | None:
    rep = case.representative
    if rep is None:
        return None
    if rep.mandate is not None:
        return rep.mandate.kind
    return "warrant" if rep.kind.value == "advocate" else "power_of_attorney"


def case_number(case: Case) -> Item:
    return Item("case_no", data={"erdr": Ref("investigation.erdr_number")})


def standing(case: Case, found: Findings) -> Item:
    """Whose rights the document asserts and on what basis."""
    role = signer_role(case)
    law: tuple[str, ...] = ()
    if role == "legal_representative":
        law = ("upk-76-2",)
    elif role == "successor" or client(case, role):
        law = ("upk-71-11",)
    data = {
        "role": role,
        "client": client(case, role),
        "status": victim_status(case, found),
        "minor": found.minor,
        "mandate": Ref("representative.mandate")
        if role in ("advocate", "representative") and case.representative.mandate
        else None,
        "mandate_kind": mandate_kind(case),
        "successor_recognised": Ref("successor.recognised") if case.successor else None,
        "successor_recognised_date": Ref("successor.recognised_date")
        if case.successor and case.successor.recognised_date
        else None,
        "recognised_date": Ref("investigation.victim_recognised_date")
        if case.investigation and case.investigation.victim_recognised_date
        else None,
        # the relative who files, for the relation's word in his or her gender (kin)
        "relative": Ref(signer_path(role))
        if role in ("legal_representative", "successor")
        else None,
        "erdr": Ref("investigation.erdr_number"),
    }
    return Item("standing", facts=("applicant",), law=law, data=data)


LANGS = ("ru", "kk")


def title_names_date(e: Evidence) -> bool:
    """The attachment's title already gives its date («Копия жалобы от 28 июня 2026 года»):
    the list must not say it twice."""
    if e.date is None:
        return False
    text = " ".join(x for x in (e.title.ru, e.title.kk) if x).lower()
    forms = [dates.format_date_numeric(e.date), e.date.strftime("%d.%m.%y"), e.date.isoformat()]
    forms += [dates.format_date(e.date, lang).lower().removesuffix(" года") for lang in LANGS]
    return any(f in text for f in forms)


def attachments(case: Case) -> Item | None:
    """The evidence listed, and the mandate when the file does not list it already."""
    rep = case.representative
    role = signer_role(case)
    titles = " ".join((e.title.ru or "") + " " + (e.title.kk or "") for e in case.evidence).lower()
    listed = any(w in titles for w in ("ордер", "доверенн", "сенімхат"))
    add_mandate = role in ("advocate", "representative") and rep is not None and not listed
    if not case.evidence and not add_mandate:
        return None
    return Item(
        "attachments",
        data={
            "evidence": [Ref(f"evidence[{i}]") for i in range(len(case.evidence))],
            "date_in_title": [title_names_date(e) for e in case.evidence],
            "mandate": Ref("representative.mandate") if add_mandate and rep.mandate else None,
            "mandate_kind": mandate_kind(case) if add_mandate else None,
        },
    )


def signature(case: Case, found: Findings) -> Item:
    role = signer_role(case)
    return Item(
        "signature",
        data={
            "role": role,
            "signer": Ref(signer_path(role)) if role else None,
            "status": victim_status(case, found),
            "place": Ref("place_signed") if case.place_signed else None,
        },
    )
