"""Before a communication goes to the Committee against Torture: is it admissible on the facts?

Article 22 of the Convention and the Committee's rules ask that domestic remedies be exhausted,
that the matter is not being examined under another international procedure, and that a
representative acts with the victim's authorisation (or shows why it cannot be had).
Each problem is said in plain words with the field that would fix it.
"""

from __future__ import annotations

from .models import Case


def cat_problems(case: Case) -> list[str]:
    problems: list[str] = []
    if case.order is None:
        problems.append(
            "no final domestic decision: the file has no order closing the case (order)"
        )
    else:
        problems += _exhaustion(case)
    cat = case.cat
    if cat and cat.other_procedure:
        problems.append(
            "the matter is before another international procedure (cat.other_procedure), "
            "and the Committee cannot examine it at the same time"
        )
    if case.applicant == "representative":
        authorisation = cat.authorisation if cat else "missing"
        if authorisation == "missing":
            problems.append(
                "no authorisation from the victim for the representative (cat.authorisation: "
                "signed, or not_possible with cat.authorisation_reason)"
            )
        elif authorisation == "not_possible" and not (cat and cat.authorisation_reason):
            problems.append(
                "the authorisation is said to be impossible but no reason is given "
                "(cat.authorisation_reason)"
            )
    return problems


def _exhaustion(case: Case) -> list[str]:
    appeals = case.court_appeals
    if not appeals:
        return [
            "domestic remedies are not exhausted: no complaint to the investigating judge "
            "against the order is recorded (court_appeals, УПК ст. 106)"
        ]
    last = max(appeals, key=lambda a: (a.decision_date or a.date, a.level == "appeal_court"))
    if last.outcome == "pending":
        return [f"no final domestic decision: the {_level(last.level)} has not yet ruled"]
    if last.outcome == "granted":
        return [
            f"the {_level(last.level)} granted the complaint: the domestic case is open again, "
            "so there is no final decision to bring to the Committee"
        ]
    if last.level == "investigating_judge":
        return [
            "no final domestic decision: the investigating judge's ruling can still be appealed "
            "to the regional court (УПК ст. 107, court_appeals with level appeal_court)"
        ]
    return []


def _level(level: str) -> str:
    return "investigating judge" if level == "investigating_judge" else "appeal court"
