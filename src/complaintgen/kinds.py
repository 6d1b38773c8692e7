"""The documents complaintgen writes, and when the facts of a case call for each."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from . import context
from .models import Case, ExamKind, ExamStatus


@dataclass(frozen=True)
class Kind:
    name: str
    title: dict[str, str]
    langs: tuple[str, ...]  # languages it is filed in (`--lang both`)
    needs: Callable[[Case], str | None]  # why the facts do not call for it, or None
    # Languages it is also rendered in for the client to read, never filed: the Committee
    # receives Russian or English, so the Kazakh CAT communication is the victim's translation.
    client_langs: tuple[str, ...] = ()

    @property
    def renders(self) -> tuple[str, ...]:
        return self.langs + self.client_langs


def _appeal(case: Case) -> str | None:
    from .arguments import stage_problem

    return stage_problem(case, "appeal")


def _protection(case: Case) -> str | None:
    facts = context.facts(case)
    if facts["threats_reported"] or facts["in_custody_now"]:
        return None
    return "no threats recorded and the victim is not held (threats, victim.custody)"


def _examination(case: Case) -> str | None:
    done = {
        e.kind for e in case.examinations if e.status == ExamStatus.done and e.istanbul_protocol
    }
    if {ExamKind.forensic_medical, ExamKind.psychological_psychiatric} <= done:
        return "both examinations were done to Istanbul Protocol standards"
    return None


def _cat(case: Case) -> str | None:
    from .admissibility import cat_problems

    problems = cat_problems(case)
    return "; ".join(problems) if problems else None


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind(
            "appeal",
            {
                "ru": "Жалоба на постановление о прекращении уголовного дела",
                "kk": "Қылмыстық істі тоқтату туралы қаулыға шағым",
            },
            ("ru", "kk"),
            _appeal,
        ),
        Kind(
            "protection",
            {
                "ru": "Ходатайство о применении мер безопасности",
                "kk": "Қауіпсіздік шараларын қолдану туралы өтінішхат",
            },
            ("ru", "kk"),
            _protection,
        ),
        Kind(
            "examination",
            {
                "ru": "Ходатайство о назначении судебно-медицинской и "
                "судебной психолого-психиатрической экспертиз",
                "kk": "Сот-медициналық және сот психологиялық-психиатриялық сараптамаларды "
                "тағайындау туралы өтінішхат",
            },
            ("ru", "kk"),
            _examination,
        ),
        Kind(
            "cat",
            {
                "ru": "Сообщение в Комитет ООН против пыток (статья 22 Конвенции)",
                "en": "Communication to the UN Committee against Torture (article 22)",
                "kk": "БҰҰ-ның Азаптауға қарсы комитетіне хабарлама (22-бап): "
                "клиентке арналған аударма",
            },
            ("ru", "en"),
            _cat,
            client_langs=("kk",),
        ),
    )
}
