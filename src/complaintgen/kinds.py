"""The documents complaintgen writes: everything about a kind, in one registry.

A Kind says what the document is called, in which languages it is written and which of them are
filed, when the facts call for it, whether it is the next step at the case's stage, what
admissibility check gates it, how the argument layer decides it (its arguer and the snippets it
may draw on), which wording files word it, which routes it can take, and its help text. The CLI,
packet, batch, intake and the context read this registry; adding a kind is adding an entry here
(with its arguer and templates), nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the command line lists the kinds without loading the model (start-up time)
    from .arguments.findings import Findings
    from .arguments.items import Argument
    from .models import Case

# The registry is read by `complaintgen --help`, so it imports nothing heavy at module level: each
# hook below imports what it needs when a document is actually made.
Arguer = Callable[["Case", "Findings", str | None, list[str], date], "Argument"]


@dataclass(frozen=True)
class Kind:
    name: str
    title: dict[str, str]
    langs: tuple[str, ...]  # every language it can be written in
    help: str  # command help (English; the catalogs translate `help:<name>`)
    short: str  # one line for `complaintgen --help`
    needs: Callable[[Case], str | None]  # why the facts do not call for it, or None
    arguer: Arguer | None = None  # None: the template words the case itself (no argument layer)
    snippets: tuple[str, ...] | None = None  # general law it may use, most decisive first
    snippet_cap: int | None = None  # at most this many of them
    wording: tuple[str, ...] = ()  # shared wording files, after <name>.yaml, before common.yaml
    routes: tuple[str, ...] = ()  # `--to` choices; the first route of the case file by default
    filed: tuple[str, ...] = ()  # what `--lang both` writes; default: every language
    stage: Callable[[Case], str | None] | None = None  # not the next step: say which is
    admissibility: Callable[[Case], list[str]] | None = None  # refuse with reasons
    anonymous: Callable[[Case], bool] = field(default=lambda case: False)
    deadline: Callable[[Case], Any] | None = None  # its filing time-limit (deadlines.Deadline)

    @property
    def filed_langs(self) -> tuple[str, ...]:
        return self.filed or self.langs


def _appeal_stage(case: Case) -> str | None:
    from .arguments import appeal

    return appeal.stage_problem(case)


def _appeal_deadline(case: Case) -> Any:
    from . import deadlines

    return deadlines.appeal(case)


def _protection_needs(case: Case) -> str | None:
    from .arguments import find

    facts = find(case).facts
    if facts["threats_reported"] or facts["in_custody_now"]:
        return None
    return "no threats recorded and the victim is not held (threats, victim.custody)"


def _examination_needs(case: Case) -> str | None:
    from .models import ExamKind, ExamStatus

    done = {
        e.kind for e in case.examinations if e.status == ExamStatus.done and e.istanbul_protocol
    }
    if {ExamKind.forensic_medical, ExamKind.psychological_psychiatric} <= done:
        return "both examinations were done to Istanbul Protocol standards"
    return None


def _cat_problems(case: Case) -> list[str]:
    from .admissibility import cat_problems

    return cat_problems(case)


def _cat_needs(case: Case) -> str | None:
    problems = _cat_problems(case)
    return "; ".join(problems) if problems else None


def _appeal_arguer(case, found, route, chosen, today):
    from .arguments import appeal

    return appeal.argue(case, found, route or case.route.value, chosen, today)


def _protection_arguer(case, found, route, chosen, today):
    from .arguments import protection

    return protection.argue(case, found, chosen)


def _cat_arguer(case, found, route, chosen, today):
    from .arguments import cat

    return cat.argue(case, found, today)


def _examination_arguer(case, found, route, chosen, today):
    from .arguments import examination

    return examination.argue(case, found, chosen, today)


# General-law snippets the appeal may draw on, most decisive first; at most two of them, so that
# the facts, not the law, fill the complaint (a typical one fits in about five pages).
APPEAL_SNIPPETS = (
    "event-established",
    "death-in-custody",
    "torture-definition",
    "lawful-actions",
    "burden-of-proof",
    "inquiry-not-effective",
    "erdr-registration",
    "istanbul-protocol-examination",
    "perpetrators-need-not-be-named",
    "effective-investigation",
    "ex-officio-investigation",
    "reprisals-protection",
)


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    """Add a kind (the shipped ones below; a test adds a fake one the same way)."""
    KINDS[kind.name] = kind
    return kind


register(
    Kind(
        "appeal",
        {
            "ru": "Жалоба на постановление о прекращении уголовного дела",
            "kk": "Қылмыстық істі тоқтату туралы қаулыға шағым",
        },
        ("ru", "kk"),
        "Complaint against an order discontinuing a criminal case, to the investigating judge "
        "(УПК ст. 106) or the prosecutor (ст. 105). Prints the filing deadline.",
        "Complaint against an order discontinuing the case",
        _appeal_stage,
        arguer=_appeal_arguer,
        snippets=APPEAL_SNIPPETS,
        snippet_cap=2,
        routes=("judge", "prosecutor"),
        stage=_appeal_stage,
        deadline=_appeal_deadline,
    )
)
register(
    Kind(
        "protection",
        {
            "ru": "Ходатайство о применении мер безопасности",
            "kk": "Қауіпсіздік шараларын қолдану туралы өтінішхат",
        },
        ("ru", "kk"),
        "Request for security measures for the victim (УПК ст. 96–97; УИК ст. 12 for convicts).",
        "Request for security measures",
        _protection_needs,
        arguer=_protection_arguer,
        snippets=("reprisals-protection",),
        snippet_cap=1,
        wording=("petitions.yaml",),
    )
)
register(
    Kind(
        "examination",
        {
            "ru": "Ходатайство о назначении судебно-медицинской и "
            "судебной психолого-психиатрической экспертиз",
            "kk": "Сот-медициналық және сот психологиялық-психиатриялық сараптамаларды "
            "тағайындау туралы өтінішхат",
        },
        ("ru", "kk"),
        "Petition for forensic medical and psychological-psychiatric examinations to "
        "Istanbul Protocol standards (УПК ст. 99, 270–274, 278).",
        "Petition for forensic examinations",
        _examination_needs,
        arguer=_examination_arguer,
        # Each examination snippet repeats what the items state (ст. 271, ч. 5 ст. 272, IP).
        snippets=(),
        wording=("petitions.yaml",),
    )
)
register(
    Kind(
        "cat",
        {
            "ru": "Сообщение в Комитет ООН против пыток (статья 22 Конвенции)",
            "en": "Communication to the UN Committee against Torture (article 22)",
            "kk": "БҰҰ-ның Азаптауға қарсы комитетіне хабарлама (22-бап): "
            "клиентке арналған аударма",
        },
        ("ru", "en", "kk"),
        "Communication to the UN Committee against Torture under article 22 of the "
        "Convention. Refused, with the reasons, if the facts make it inadmissible.",
        "Communication to the UN Committee against Torture",
        _cat_needs,
        admissibility=_cat_problems,
        arguer=_cat_arguer,
        # The Committee receives Russian or English; the Kazakh is the victim's translation of
        # what is filed in his name, so `--lang both`, batch and packet file ru and en only.
        filed=("ru", "en"),
        anonymous=lambda case: case.cat is not None and case.cat.anonymous,
    )
)


def choose_snippets(kind: Kind, facts: dict[str, bool], route: str | None = None) -> list[str]:
    """The snippets that apply to this kind on these facts, in the kind's order of priority.

    A complaint to the prosecutor (ст. 105) does not argue from the rules of the investigating
    judge's hearing (ст. 106), so snippets resting on them are left to the judge route."""
    from . import snippets as snippet_library

    applicable = snippet_library.applicable(kind.name, facts)
    if route == "prosecutor":
        applicable = [s for s in applicable if not _cites_article_106(s)]
    if kind.snippets is None:
        return applicable
    chosen = [s for s in kind.snippets if s in applicable]
    return chosen if kind.snippet_cap is None else chosen[: kind.snippet_cap]


def _cites_article_106(snippet_id: str) -> bool:
    from . import snippets as snippet_library

    return any("ст. 106" in src.cite for src in snippet_library.get(snippet_id).sources)


def argue(
    case: Case, kind: str, today: date, route: str | None = None, found: Findings | None = None
) -> Argument | None:
    """What the document says, decided; None for a kind that has no arguer. `found`: the
    case's findings, when the caller has them (a batch finds once for all its documents)."""
    k = KINDS[kind]
    if k.arguer is None:
        return None
    from .arguments import find

    if found is None:
        found = find(case)
    chosen = choose_snippets(k, found.facts, route or case.route.value)
    return k.arguer(case, found, route, chosen, today)


def stage_problem(case: Case, kind: str) -> str | None:
    """Why this document is not the next step at the case's stage, or None."""
    stage = KINDS[kind].stage
    return stage(case) if stage else None


def applicable(
    case: Case, names: list[str] | None = None
) -> tuple[list[Kind], list[tuple[str, str]]]:
    """The kinds the facts call for (of `names`, default all), and those skipped with why."""
    chosen, skipped = [], []
    for kind in KINDS.values():
        if names is not None and kind.name not in names:
            continue
        why = kind.needs(case)
        if why:
            skipped.append((kind.name, why))
        else:
            chosen.append(kind)
    return chosen, skipped


def langs_for(kind: Kind, wanted: list[str] | tuple[str, ...]) -> list[str]:
    """The languages of `wanted` the kind is written in; else its first filed language."""
    return [lang for lang in kind.langs if lang in wanted] or [kind.filed_langs[0]]
