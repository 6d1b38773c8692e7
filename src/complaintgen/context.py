"""Turn a Case into what a template sees, for one language: texts picked, names declined.

The context mirrors the model (so template variables map to model fields) with these changes:
free texts become strings in the document language; people gain their declined forms; enums
become their codes; derived values (facts, missed steps, deadline, attachments) are added.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from enum import Enum
from functools import cache, lru_cache
from typing import Any

import yaml
from markupsafe import Markup
from pydantic import BaseModel

from . import resources, snippets, yamlfast
from .errors import TemplateError
from .language import kk, ru
from .models import (
    Authority,
    Case,
    Custody,
    ExamKind,
    ExamStatus,
    FullName,
    Gender,
    InvestigationForm,
    Localized,
    Step,
)
from .redaction import Redactor, initials_person
from .rendering import Foreign, RenderState, compile_text

RU_CASES = ("gen", "dat", "acc", "ins", "pre")
KK_CASES = ("gen", "dat", "acc", "abl", "ins", "loc")
ART_106_DAYS = 15  # УПК ст. 106 ч. 5: 15 суток
PROMPT_EXAM_DAYS = 7  # an examination later than this is "late": traces fade (Istanbul Protocol)


def guess_gender(name: FullName) -> str:
    """Gender from the patronymic or surname ending, for people whose gender the file omits."""
    middle = (name.middle or "").lower()
    if middle.endswith(("вич", "ұлы", "улы", "оглы", "уулу")):
        return "male"
    if middle.endswith(("вна", "чна", "қызы", "кызы", "кизи", "гызы")):
        return "female"
    return "female" if name.last.lower().endswith(("ова", "ева", "ина", "ая", "ёва")) else "male"


def _as_written(part: str | None) -> str | None:
    """Names typed in capitals (as on an ID card) are set in ordinary case in the text."""
    if part and part.isupper() and len(part) > 1:
        return "-".join(p.capitalize() for p in part.split("-"))
    return part


def person(name: FullName, gender: str | None, lang: str) -> dict[str, Any]:
    g = gender or guess_gender(name)
    parts = (_as_written(name.last), _as_written(name.first), _as_written(name.middle))
    out: dict[str, Any] = {"gender": g, "last": parts[0], "first": parts[1], "middle": parts[2]}
    out["full"] = " ".join(p for p in parts if p)
    out["latin"] = name.latin
    if lang == "ru":
        forms = name.forms_ru
        for c in RU_CASES:
            out[c] = getattr(forms, c, None) or ru.decline_name(*parts, g, c)
            out[f"short_{c}"] = ru.short_name(*parts, g, c)
        out["short"] = ru.short_name(*parts, g, "nom")
        out["initials_last"] = ru.short_name(*parts, g, "nom", initials_first=True)
    elif lang == "en":
        # English does not decline names: every form is the passport spelling if the file has
        # it, else the name as written.
        out["full"] = name.latin or out["full"]
        short = name.latin or f"{ru.initials(parts[1], parts[2])} {parts[0]}".strip()
        for c in (*RU_CASES, *KK_CASES):
            out[c], out[f"short_{c}"] = out["full"], short
        out["short"] = out["initials_last"] = short
    else:
        forms = name.forms_kk
        for c in KK_CASES:
            out[c] = (getattr(forms, c, None) if forms else None) or kk.inflect_name(*parts, c)
            out[f"short_{c}"] = kk.inflect_short(*parts, c)
        out["short"] = kk.inflect_short(*parts, "nom")
        out["initials_last"] = out["short"]
    return out


class _Converter:
    """Model → template data for one language; with a Redactor, hidden facts never get in."""

    def __init__(self, lang: str, state: RenderState, hide: Redactor | None = None):
        self.lang = lang
        self.state = state
        self.hide = hide

    def value(self, v: Any, path: str) -> Any:
        hide = self.hide
        if hide and v is not None and path in hide.paths:
            return hide.placeholder
        if isinstance(v, Localized):
            text, fell_back = v.pick(self.lang)
            text = hide.scrub(text) if hide else text
            if fell_back:
                path = re.sub(r"\[\d+\]", "[]", path)  # one note for all items of a list
                if path not in self.state.notes:
                    self.state.notes.append(path)
                return Foreign(text)
            return text
        if isinstance(v, FullName):
            return self.person(v, None)
        if isinstance(v, BaseModel):
            return self.model(v, path)
        if isinstance(v, list):
            return [self.value(x, f"{path}[{i}]") for i, x in enumerate(v)]
        if isinstance(v, Enum):
            return v.value
        if isinstance(v, str) and hide:
            return hide.scrub(v)
        return v

    def person(self, name: FullName, gender: str | None) -> dict[str, Any]:
        if self.hide and self.hide.hides_name(name):
            return initials_person(name, gender or guess_gender(name), self.lang)
        return person(name, gender, self.lang)

    def model(self, m: BaseModel, path: str) -> dict[str, Any]:
        out = {
            name: self.value(getattr(m, name), f"{path}.{name}" if path else name)
            for name in type(m).model_fields
        }
        name, gender = getattr(m, "name", None), getattr(m, "gender", None)
        if isinstance(name, FullName):
            g = gender.value if isinstance(gender, Gender) else None
            out["name"] = self.person(name, g)
            out.update(out["name"])
        return out


def facts(case: Case) -> dict[str, bool]:
    """The named facts that decide which arguments a document makes (snippets/README.md)."""
    inc, inv, order = case.incident, case.investigation, case.order
    forensic = [e for e in case.examinations if e.kind == ExamKind.forensic_medical]
    done = [e for e in forensic if e.status == ExamStatus.done]
    prompt_ip = [
        e
        for e in done
        if e.istanbul_protocol and (e.date is None or (e.date - inc.date).days <= PROMPT_EXAM_DAYS)
    ]
    psych_done = any(
        e.kind == ExamKind.psychological_psychiatric and e.status == ExamStatus.done
        for e in case.examinations
    )
    injuries = inc.injuries is not None or any(e.findings for e in done)
    return {
        "always": True,
        "ground_no_event": bool(order and order.ground.value == "no_event"),
        "ground_no_corpus": bool(order and order.ground.value == "no_corpus"),
        "injuries_in_custody": inc.in_official_custody and injuries,
        "perpetrators_unidentified": not inc.perpetrators
        or any(not p.known for p in inc.perpetrators),
        "inquiry_form": bool(inv and inv.form == InvestigationForm.inquiry),
        "not_registered_erdr": any(
            c.outcome.value in ("forwarded_181_5", "refused", "no_answer") for c in case.complaints
        ),
        "examination_missing": not prompt_ip,
        "psych_exam_missing": not psych_done,
        "lawful_actions_cited": bool(order and order.cites_lawful_actions),
        "perpetrators_mvd": any(p.authority == Authority.mvd for p in inc.perpetrators)
        or bool(inc.facility and inc.facility.authority == Authority.mvd),
        "in_custody_now": case.victim.custody != Custody.free,
        "threats_reported": bool(case.threats),
    }


def missed_steps(case: Case, fact: dict[str, bool]) -> list[tuple[Step, Localized | None]]:
    """Steps the file lists as missed, plus the examinations the facts show were never done."""
    inv = case.investigation
    listed = [(s.step, s.details) for s in inv.steps_missed] if inv else []
    done = set(inv.steps_done) if inv else set()
    codes = {code for code, _ in listed}
    derived = []
    if fact["examination_missing"] and Step.forensic_medical_exam not in codes | done:
        derived.append((Step.forensic_medical_exam, None))
    if fact["psych_exam_missing"] and Step.psych_exam not in codes | done:
        derived.append((Step.psych_exam, None))
    return derived + listed


def add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def appeal_deadline(case: Case, today: date) -> dict[str, Any] | None:
    """Last day to file, by route. Counted conservatively: no extension for weekends or holidays."""
    order = case.order
    if order is None:
        return None
    if case.route.value == "prosecutor":
        # УПК ст. 102: one year from the order (or its approval by the prosecutor).
        start, basis, last = order.date, "art102_year", add_years(order.date, 1)
    else:
        pc = case.prosecutor_complaint
        if pc and pc.answer == "refused" and pc.answer_date:
            start, basis = pc.answer_date, "prosecutor_refusal"
        elif pc and pc.answer == "no_answer":
            start, basis = pc.date + timedelta(days=ART_106_DAYS), "prosecutor_silence"
        elif order.received_date:
            start, basis = order.received_date, "acquaintance"
        else:
            return None
        last = start + timedelta(days=ART_106_DAYS)
    return {
        "start": start,
        "last_day": last,
        "basis": basis,
        "days_left": (last - today).days,
        "passed": today > last,
    }


@cache
def phrasebook(lang: str) -> dict[str, Any]:
    """Fixed phrases of one language: phrases.yaml plus phrases.<kind>.yaml of each document.

    Top-level keys merge across files; a user's file (COMPLAINTGEN_HOME) wins over shipped ones.
    """
    book: dict[str, Any] = {}
    for directory in resources.search_path("templates"):
        for path in sorted((directory / lang).glob("phrases*.yaml")):
            try:
                data = yamlfast.safe_load(path.read_text(encoding="utf-8")) or {}
            except yaml.YAMLError as e:
                raise TemplateError(f"{path}: not valid YAML: {e}") from e
            if not isinstance(data, dict):
                raise TemplateError(f"{path}: expected a mapping of phrase groups")
            for key, value in data.items():
                book.setdefault(key, value)
    return book


@lru_cache(maxsize=32768)
def _fragment(
    name: str, source: str, lang: str, gender: str, facts: tuple[tuple[str, bool], ...]
) -> tuple[str, tuple[str, ...]]:
    """A phrase or snippet rendered for one language, gender and set of facts: the only things
    it can see, so the same inputs give the same text and each is rendered once per process."""
    state = RenderState(lang)

    def g(male: str, female: str) -> str:
        return female if gender == "female" else male

    def gp(p: dict | None, male: str, female: str) -> str:
        return female if (p or {}).get("gender") == "female" else male

    small = {"g": g, "gp": gp, "facts": dict(facts), "lang": lang, "_state": state}
    return compile_text(source, name).render(small).strip(), tuple(state.gaps)


def build(
    case: Case,
    kind: str,
    lang: str,
    state: RenderState,
    today: date,
    hide: Redactor | None = None,
) -> dict[str, Any]:
    conv = _Converter(lang, state, hide)
    ctx: dict[str, Any] = conv.model(case, "")
    fact = facts(case)
    victim_gender = case.victim.gender.value

    def by_gender(gender: str | None, male: str, female: str) -> str:
        return female if gender == "female" else male

    def g(male: str, female: str) -> str:
        return by_gender(victim_gender, male, female)

    def gp(p: dict | None, male: str, female: str) -> str:
        return by_gender((p or {}).get("gender"), male, female)

    fact_key = tuple(sorted(fact.items()))

    def fragment(name: str, source: str) -> Markup:
        text, gaps = _fragment(name, source, lang, victim_gender, fact_key)
        for label in gaps:
            state.gap(label)
        return Markup(text)

    def phrase(key: str) -> Markup:
        node: Any = phrasebook(lang)
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                raise TemplateError(f"templates/{lang}/phrases.yaml has no '{key}'")
            node = node[part]
        if not isinstance(node, str):
            raise TemplateError(f"templates/{lang}/phrases.yaml: '{key}' is not a phrase")
        return fragment(f"phrases.yaml:{key}", node)

    def snippet(snippet_id: str) -> Markup:
        s = snippets.get(snippet_id)
        if lang not in s.text:
            raise TemplateError(f"snippet '{s.id}' has no '{lang}' text ({s.path})")
        return fragment(f"{s.path} [{lang}]", s.text[lang])

    ctx.update(
        kind=kind,
        lang=lang,
        today=today,
        facts=fact,
        g=g,
        gp=gp,
        phrase=phrase,
        snippet=snippet,
        applicable_snippets=snippets.applicable(kind, fact),
        redacted=hide is not None,
        _state=state,
    )
    rep = ctx.get("representative")
    ctx["signer"] = rep if case.applicant == "representative" and rep else ctx["victim"]
    addressee = ctx.get("addressee")
    if addressee is not None and not addressee.get("title_dat"):
        # Decline only a title written in this language: Kazakh suffixes on a Russian title
        # (or the reverse) would be nonsense, so the template shows a gap instead.
        title = addressee["title"]
        if not isinstance(title, Foreign):
            addressee["title_dat"] = (
                ru.decline_phrase(title, "dat") if lang == "ru" else kk.inflect_phrase(title, "dat")
            )
    ctx["missed_steps"] = [
        {
            "code": code.value,
            "argument": phrase(f"steps.{code.value}.argument"),
            "request": phrase(f"steps.{code.value}.request"),
            "details": conv.value(details, "investigation.steps_missed[].details")
            if details
            else None,
        }
        for code, details in missed_steps(case, fact)
    ]
    ctx["deadline"] = appeal_deadline(case, today) if kind == "appeal" else None
    ctx["days_since_incident"] = (today - case.incident.date).days
    ctx["attachments"] = ctx["evidence"]
    return ctx
