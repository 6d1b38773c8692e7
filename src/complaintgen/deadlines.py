"""Every procedural deadline of a case, in one place: what runs, from which fact, until when.

The rules and their sources (../shared/legal/kz-procedure.md, verified rows; texts/upk-ru.md):

- ст. 106 ч. 5 УПК (row 1.2): a complaint to the investigating judge within 15 суток of
  acquaintance with the order, or of the prosecutor's refusal, or after 15 суток of the
  prosecutor's silence.
- ст. 102 УПК (row 1.9): a complaint against a discontinuance at the pre-trial stage within one
  year of the order (the prosecutor route, ст. 105).
- ст. 105 ч. 2 УПК (row 1.7): the prosecutor answers within 7 суток of receipt (up to 15 in
  exceptional cases, with notice).
- ст. 106 ч. 6 УПК (row 1.3): the investigating judge decides within 3 суток on the papers, or 10
  with a closed hearing.
- ст. 107 ч. 2 УПК (row 1.10): the judge's ruling may be appealed within 3 суток of its
  announcement (оглашение).
- ст. 99 ч. 4 УПК (row 9): a petition is decided at the latest within 3 суток of filing.
- ст. 96 ч. 4 УПК (row 2.1): a request for security measures is decided within 24 hours.
- The UN Committee against Torture has no fixed time limit (international.md §1.1, row 9):
  nothing dated is listed for it.

How days are counted. The Code's own counting rules (ст. 49 УПК) are not among the verified notes,
so every date here is counted so that no reading of them can make it wrong:
- a period *we* must keep ends on its earliest possible day: the day of the start fact counts as
  day one (15 суток from 3 February end on 17 February), and a period ending on a weekend or a
  public holiday is NOT moved to the next working day;
- a period *the authority* must keep (an answer, a ruling) ends on its latest possible day: the
  start day is not counted, so "overdue" is said only when the authority is late on any reading.
A missed period may be restored for a good reason (ст. 50 УПК; ст. 107 ч. 2 names it).

Pure functions over the Case model; each rule is one small function in RULES, so a new fact (a
procedural history) is one more function.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from .models import Case

ART_106_DAYS = 15  # ст. 106 ч. 5: 15 суток (also the prosecutor's silence that opens it)
ART_105_DAYS = 7  # ст. 105 ч. 2: the prosecutor answers in 7 суток
ART_105_MAX_DAYS = 15  # ст. 105 ч. 2: in exceptional cases, with notice
ART_106_RULING_DAYS = 10  # ст. 106 ч. 6: 3 суток on the papers, 10 with a closed hearing
ART_107_DAYS = 3  # ст. 107 ч. 2
ART_99_DAYS = 3  # ст. 99 ч. 4
ART_96_DAYS = 1  # ст. 96 ч. 4: 24 hours, which can end on the next calendar day


def ours(start: date, days: int) -> date:
    """Last day of a period we must keep: the start day counts as day one (earliest reading)."""
    return start + timedelta(days=days - 1)


def theirs(start: date, days: int) -> date:
    """Last day of a period the authority must keep: the start day is not counted."""
    return start + timedelta(days=days)


def one_year(start: date) -> date:
    """Last day of a year we must keep: the day before the anniversary (29 Feb → 27 Feb)."""
    try:
        anniversary = start.replace(year=start.year + 1)
    except ValueError:  # 29 February: the earliest anniversary is 28 February
        anniversary = start.replace(year=start.year + 1, day=28)
    return anniversary - timedelta(days=1)


# What each rule is, in ru / kk / en: (what must happen, legal basis).
TEXT: dict[str, dict[str, tuple[str, str]]] = {
    "art106": {
        "ru": ("жалоба следственному судье на постановление о прекращении", "ч. 5 ст. 106 УПК РК"),
        "kk": (
            "тоқтату туралы қаулыға тергеу судьясына шағым",
            "ҚР ҚПК-нің 106-бабының 5-бөлігі",
        ),
        "en": ("complaint to the investigating judge against the order", "CPC art. 106(5)"),
    },
    "art102": {
        "ru": ("жалоба прокурору на постановление о прекращении", "ст. 102, 105 УПК РК"),
        "kk": ("тоқтату туралы қаулыға прокурорға шағым", "ҚР ҚПК-нің 102, 105-баптары"),
        "en": ("complaint to the prosecutor against the order", "CPC arts 102, 105"),
    },
    "art105": {
        "ru": (
            "ответ прокурора на жалобу (до 15 суток в исключительных случаях)",
            "ч. 2 ст. 105 УПК РК",
        ),
        "kk": (
            "прокурордың шағымға жауабы (ерекше жағдайларда 15 тәулікке дейін)",
            "ҚР ҚПК-нің 105-бабының 2-бөлігі",
        ),
        "en": (
            "prosecutor's answer to the complaint (15 days in exceptional cases)",
            "CPC art. 105(2)",
        ),
    },
    "art106_ruling": {
        "ru": (
            "постановление следственного судьи по жалобе (3 суток без заседания)",
            "ч. 6 ст. 106 УПК РК",
        ),
        "kk": (
            "тергеу судьясының шағым бойынша қаулысы (отырыссыз 3 тәулік)",
            "ҚР ҚПК-нің 106-бабының 6-бөлігі",
        ),
        "en": ("investigating judge's ruling (3 days without a hearing)", "CPC art. 106(6)"),
    },
    "art107": {
        "ru": (
            "обжалование постановления следственного судьи в областной суд",
            "ч. 2 ст. 107 УПК РК",
        ),
        "kk": (
            "тергеу судьясының қаулысына облыстық сотқа шағым",
            "ҚР ҚПК-нің 107-бабының 2-бөлігі",
        ),
        "en": ("appeal against the investigating judge's ruling", "CPC art. 107(2)"),
    },
    "art99": {
        "ru": ("решение по ходатайству о назначении экспертизы", "ч. 4 ст. 99 УПК РК"),
        "kk": (
            "сараптама тағайындау туралы өтінішхат бойынша шешім",
            "ҚР ҚПК-нің 99-бабының 4-бөлігі",
        ),
        "en": ("decision on the petition for an examination", "CPC art. 99(4)"),
    },
    "art96": {
        "ru": ("решение по заявлению о мерах безопасности (24 часа)", "ч. 4 ст. 96 УПК РК"),
        "kk": (
            "қауіпсіздік шаралары туралы өтініш бойынша шешім (24 сағат)",
            "ҚР ҚПК-нің 96-бабының 4-бөлігі",
        ),
        "en": ("decision on the request for security measures (24 hours)", "CPC art. 96(4)"),
    },
}

# General rules that apply to a document as soon as it is filed (the packet index lists them).
FILED_TEXT: dict[str, dict[str, str]] = {
    "protection": {
        "ru": "ходатайство о мерах безопасности рассматривается не позднее 24 часов "
        "с момента получения (ч. 4 ст. 96 УПК РК)",
        "kk": "қауіпсіздік шаралары туралы өтінішхат алынған сәттен бастап жиырма төрт "
        "сағаттан кешіктірілмей қаралады (ҚР ҚПК-нің 96-бабының 4-бөлігі)",
        "en": "a request for security measures is decided within 24 hours of receipt "
        "(CPC art. 96(4))",
    },
    "examination": {
        "ru": "ходатайство рассматривается не позднее трёх суток со дня заявления "
        "(ч. 4 ст. 99 УПК РК)",
        "kk": "өтінішхат мәлімделген күннен бастап үш тәуліктен кешіктірілмей қаралады "
        "(ҚР ҚПК-нің 99-бабының 4-бөлігі)",
        "en": "a petition is decided within three days of filing (CPC art. 99(4))",
    },
}

# How the dates are counted, for the foot of every list (see the module docstring).
COUNTING: dict[str, str] = {
    "ru": "Сроки подачи посчитаны с запасом: день начала считается первым днём, срок, "
    "оканчивающийся в выходной или праздник, не продлевается (правила ст. 49 УПК не сверены). "
    "Сроки ответа органов — по самому позднему прочтению. Для Комитета ООН против пыток "
    "фиксированного срока нет.",
    "kk": "Беру мерзімдері сақтықпен есептелді: басталу күні бірінші күн болып саналады, "
    "демалыс не мереке күні аяқталатын мерзім ұзартылмайды (ҚПК-нің 49-бабының ережелері "
    "тексерілмеген). Органдардың жауап беру мерзімдері — ең кеш оқылуы бойынша. БҰҰ-ның "
    "Азаптауға қарсы комитеті үшін белгіленген мерзім жоқ.",
    "en": "Filing deadlines are counted conservatively: the start day counts as day one, and a "
    "deadline ending on a weekend or holiday is not extended (the counting rules of CPC art. 49 "
    "are not verified). Authorities' deadlines use the latest reading. The UN Committee against "
    "Torture has no fixed time limit.",
}


@dataclass(frozen=True)
class Deadline:
    """One running deadline: whose it is, what it is for, from which fact, until when."""

    case_id: str
    rule: str  # a key of TEXT
    party: str  # "us": we must act by then; "authority": it must answer by then
    start: date | None  # the fact the period runs from
    start_field: str  # its field path in the case file
    last_day: date | None  # None: the start fact is missing from the case file
    via: str = ""  # which of several start facts was used (acquaintance, prosecutor_refusal, …)
    latest: date | None = None  # the last day on the most generous reading, where readings differ

    def what(self, lang: str = "ru") -> str:
        return TEXT[self.rule][lang][0]

    def basis(self, lang: str = "ru") -> str:
        return TEXT[self.rule][lang][1]

    def days_left(self, today: date) -> int | None:
        return None if self.last_day is None else (self.last_day - today).days

    def status(self, today: date, within: int = 7) -> str:
        """overdue, due (within `within` days, today included), running, or unknown."""
        left = self.days_left(today)
        if left is None:
            return "unknown"
        if left < 0:
            return "overdue"
        return "due" if left <= within else "running"


Rule = Callable[[Case], Iterable[Deadline]]


def _art106(case: Case) -> Iterable[Deadline]:
    """The complaint to the investigating judge, while none has been filed."""
    if case.order is None or any(a.level == "investigating_judge" for a in case.court_appeals):
        return
    d = appeal(case, route="judge")
    yield d or Deadline(case.id, "art106", "us", None, "order.received_date", None)


def _art102(case: Case) -> Iterable[Deadline]:
    """The prosecutor route stays open for a year while neither route has been taken."""
    if case.order is None or case.prosecutor_complaint or case.court_appeals:
        return
    d = appeal(case, route="prosecutor")
    if d:
        yield d


def _art105(case: Case) -> Iterable[Deadline]:
    pc = case.prosecutor_complaint
    if pc and pc.answer == "no_answer":
        last = theirs(pc.date, ART_105_DAYS)
        yield Deadline(case.id, "art105", "authority", pc.date, "prosecutor_complaint.date", last)


def _court(case: Case) -> Iterable[Deadline]:
    """The judge's ruling while pending; once dismissed, the ст. 107 appeal until filed."""
    appealed = any(a.level == "appeal_court" for a in case.court_appeals)
    for i, a in enumerate(case.court_appeals):
        if a.level != "investigating_judge":
            continue
        if a.outcome == "pending" and a.decision_date is None:
            last = theirs(a.date, ART_106_RULING_DAYS)
            path = f"court_appeals[{i}].date"
            yield Deadline(case.id, "art106_ruling", "authority", a.date, path, last)
        elif a.decision_date and a.outcome == "dismissed" and not appealed:
            last = ours(a.decision_date, ART_107_DAYS)
            path = f"court_appeals[{i}].decision_date"
            yield Deadline(case.id, "art107", "us", a.decision_date, path, last)


def _art99(case: Case) -> Iterable[Deadline]:
    for i, e in enumerate(case.examinations):
        if e.status == "requested" and e.date:
            last = theirs(e.date, ART_99_DAYS)
            yield Deadline(case.id, "art99", "authority", e.date, f"examinations[{i}].date", last)


def _art96(case: Case) -> Iterable[Deadline]:
    for i, p in enumerate(case.protection_requests):
        if p.outcome in ("pending", "no_answer"):
            last = theirs(p.date, ART_96_DAYS)
            path = f"protection_requests[{i}].date"
            yield Deadline(case.id, "art96", "authority", p.date, path, last)


RULES: tuple[Rule, ...] = (_art106, _art102, _art105, _court, _art99, _art96)


def appeal(case: Case, route: str | None = None) -> Deadline | None:
    """The last day to file the complaint against the order by `route` (default: the case's).

    Judge (ст. 106 ч. 5): from the prosecutor's refusal, else after the prosecutor's 15 days of
    silence, else from acquaintance with the order; None when none of those dates is known.
    Prosecutor (ст. 102): one year from the order.
    """
    order = case.order
    if order is None:
        return None
    route = route or case.route.value
    if route == "prosecutor":
        return Deadline(
            case.id, "art102", "us", order.date, "order.date", one_year(order.date), "art102_year"
        )
    pc = case.prosecutor_complaint
    if pc and pc.answer == "refused" and pc.answer_date:
        silence_end = ours(pc.date, ART_106_DAYS)
        refusal_end = ours(pc.answer_date, ART_106_DAYS)
        if pc.answer_date > theirs(pc.date, ART_106_DAYS):
            # The refusal came after the prosecutor's 15 days on any count: ч. 5 ст. 106 can be
            # read to run from the end of his silence (the earliest reading, as for no answer);
            # the refusal gives the latest.
            end = ours(silence_end, ART_106_DAYS)
            return Deadline(
                case.id,
                "art106",
                "us",
                silence_end,
                "prosecutor_complaint.date",
                end,
                "prosecutor_silence",
                latest=refusal_end,
            )
        start, path, via = pc.answer_date, "prosecutor_complaint.answer_date", "prosecutor_refusal"
    elif pc and pc.answer == "no_answer":
        start, path, via = (
            ours(pc.date, ART_106_DAYS),
            "prosecutor_complaint.date",
            "prosecutor_silence",
        )
    elif order.received_date:
        start, path, via = order.received_date, "order.received_date", "acquaintance"
    else:
        return None
    return Deadline(case.id, "art106", "us", start, path, ours(start, ART_106_DAYS), via)


def for_case(case: Case) -> list[Deadline]:
    """Every running deadline of one case, earliest first; unknown ones (a date missing) last."""
    found = [d for rule in RULES for d in rule(case)]
    return sorted(found, key=sort_key)


def collect(cases: Iterable[Case]) -> list[Deadline]:
    """Every running deadline of many cases, earliest first."""
    return sorted((d for case in cases for d in for_case(case)), key=sort_key)


def next_for(case: Case, today: date) -> Deadline | None:
    """The one deadline to act on: our earliest not yet past, else our latest past, else any."""
    found = for_case(case)
    ours_ = [d for d in found if d.party == "us" and d.last_day]
    ahead = [d for d in ours_ if d.last_day >= today]  # type: ignore[operator]
    if ahead:
        return ahead[0]
    if ours_:
        return ours_[-1]
    dated = [d for d in found if d.last_day]
    return dated[0] if dated else (found[0] if found else None)


def sort_key(d: Deadline) -> tuple:
    return (d.last_day is None, d.last_day or date.max, d.case_id, d.rule)
