"""The CAT communication is refused, in plain words, when the facts make it inadmissible."""

from __future__ import annotations

import pytest

from complaintgen.admissibility import cat_problems
from complaintgen.documents import render_text
from complaintgen.errors import AdmissibilityError
from complaintgen.loading import parse_case

from .conftest import MINIMAL

ORDER = "order: {date: 2026-03-01, ground: no_event, received_date: 2026-03-02}\n"
JUDGE = (
    "court_appeals:\n  - {level: investigating_judge, date: 2026-03-10,"
    " decision_date: 2026-03-13, outcome: %s}\n"
)
APPEAL = "  - {level: appeal_court, date: 2026-03-15, decision_date: 2026-04-01, outcome: %s}\n"


def problems(extra: str) -> list[str]:
    return cat_problems(parse_case((MINIMAL + extra).encode(), "c.yaml"))


def test_complete_case_is_admissible():
    assert problems(ORDER + JUDGE % "dismissed" + APPEAL % "dismissed") == []


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ("", "no final domestic decision: the file has no order closing the case"),
        (ORDER, "no complaint to the investigating judge against the order is recorded"),
        (ORDER + JUDGE % "dismissed", "can still be appealed to the regional court"),
        (ORDER + JUDGE % "pending", "the investigating judge has not yet ruled"),
        (ORDER + JUDGE % "dismissed" + APPEAL % "pending", "the appeal court has not yet ruled"),
        (ORDER + JUDGE % "granted", "the domestic case is open again"),
    ],
)
def test_exhaustion_of_domestic_remedies(extra, expected):
    found = problems(extra)
    assert any(expected in p for p in found), found


def test_another_international_procedure():
    found = problems(
        ORDER + JUDGE % "dismissed" + APPEAL % "dismissed" + "cat: {other_procedure: true}\n"
    )
    assert any("another international procedure" in p for p in found)


REP = """representative:
  name: {last: Ли, first: Ольга, middle: Викторовна}
  gender: female
"""


def test_representative_needs_the_victims_authorisation():
    base = MINIMAL.replace("applicant: victim\n", "applicant: representative\n" + REP)
    complete = ORDER + JUDGE % "dismissed" + APPEAL % "dismissed"
    found = cat_problems(parse_case((base + complete).encode(), "c"))
    assert any("no authorisation from the victim" in p for p in found)
    reason_missing = cat_problems(
        parse_case((base + complete + "cat: {authorisation: not_possible}\n").encode(), "c")
    )
    assert any("no reason is given" in p for p in reason_missing)
    signed = cat_problems(
        parse_case((base + complete + "cat: {authorisation: signed}\n").encode(), "c")
    )
    assert signed == []


def test_rendering_refuses_an_inadmissible_communication():
    case = parse_case((MINIMAL + ORDER).encode(), "c.yaml")
    with pytest.raises(AdmissibilityError) as info:
        render_text(case, "cat", "ru")
    assert info.value.exit_code == 5
    assert info.value.lines()[0].startswith(
        "t-1: not admissible: domestic remedies are not exhausted"
    )
