"""Redacted copies for partners and publication: names as initials, identifiers removed.

What is hidden is chosen in the case file (`redaction:`); `--redact` applies it, and the CAT
anonymity switch (`cat.anonymous`) uses the same mechanism for the communication. Hidden fields
print as a placeholder; every free text is scrubbed of the hidden names in any grammatical case,
and the rendered text is scrubbed once more, so a name typed inside a narrative does not leak.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .language import kk, ru
from .models import Case, FullName

PLACEHOLDER = {"ru": "[скрыто]", "kk": "[жасырылған]", "en": "[withheld]"}
_SPACED_INITIALS = re.compile(r"(?<![\w.])(\w\.) (?=\w\.)")
_SHORT = 4  # shorter name parts are matched only in their exact declined forms (Ли ≠ Лицензия)


@dataclass
class Redactor:
    lang: str
    names: list[FullName] = field(default_factory=list)  # shown as initials
    paths: set[str] = field(default_factory=set)  # fields replaced by the placeholder
    _patterns: list[tuple[re.Pattern, str]] = field(default_factory=list)

    @property
    def placeholder(self) -> str:
        return PLACEHOLDER.get(self.lang, PLACEHOLDER["ru"])

    def hides_name(self, name: FullName) -> bool:
        return any(name is n for n in self.names)

    def scrub(self, text: str) -> str:
        for pattern, replacement in self._patterns:
            text = pattern.sub(replacement, text)
        # "Жаксыбеков Д.М." became "Ж. Д.М.": write initials together, as elsewhere.
        return _SPACED_INITIALS.sub(r"\1", text)


def for_case(case: Case, lang: str, *, anonymous_only: bool = False) -> Redactor:
    """The redactor the case file asks for; `anonymous_only` hides just the victim's identity."""
    choice = case.redaction
    r = Redactor(lang)
    v = case.victim
    people: list[tuple[FullName, str | None]] = [(v.name, v.gender.value)]
    if not anonymous_only and choice.witnesses:
        people += [(w.name, w.gender.value if w.gender else None) for w in case.incident.witnesses]
    if not anonymous_only and choice.officers:
        people += [
            (p.name, p.gender.value if p.gender else None)
            for p in case.incident.perpetrators
            if p.name
        ]
    r.names = [name for name, _ in people]
    hidden_values: list[str] = []
    if choice.identifiers or anonymous_only:
        r.paths |= {"victim.iin", "victim.birth_date"}
        hidden_values += [v.iin or ""]
    if choice.addresses or anonymous_only:
        r.paths |= {"victim.address"}
        hidden_values += [t for t in (v.address.ru, v.address.kk) if t] if v.address else []
    if choice.contacts or anonymous_only:
        r.paths |= {"victim.phone", "victim.email"}
        r.paths |= {f"incident.witnesses[{i}].contact" for i in range(len(case.incident.witnesses))}
        hidden_values += [v.email or ""] + [w.contact or "" for w in case.incident.witnesses]
        if v.phone:
            r._patterns.append((_digits_pattern(v.phone), r.placeholder))
    for value in filter(None, hidden_values):
        r._patterns.append((re.compile(_tolerant(value)), r.placeholder))
    for name, gender in people:
        for part in (name.last, name.first, name.middle):
            if part:
                r._patterns.append((_name_pattern(part, gender or "male"), _initial(part)))
    return r


def _initial(part: str) -> str:
    return part[:1].upper() + "."


def _tolerant(value: str) -> str:
    # Rendered text escapes punctuation with a backslash; match either form.
    return "".join(f"\\\\?{re.escape(c)}" if not c.isalnum() else re.escape(c) for c in value)


def _digits_pattern(phone: str) -> re.Pattern:
    digits = re.sub(r"\D", "", phone)
    return re.compile(r"(?:\\?\+)?" + r"[\s\\()\-]*".join(digits[-10:]))


def _name_pattern(part: str, gender: str) -> re.Pattern:
    """Every grammatical form of one name part, in Russian and Kazakh."""
    forms = {part, part.capitalize(), part.upper()}
    for case in ru.CASES:
        forms.add(ru.decline_name(part, None, None, gender, case))
        forms.add(ru.decline_name(part.capitalize(), None, None, gender, case))
    for case in kk.CASES:
        forms.add(kk.inflect(part, case))
        forms.add(kk.inflect(part.capitalize(), case))
    alternatives = sorted((f for f in forms if f), key=len, reverse=True)
    body = "|".join(_tolerant(f) for f in alternatives)
    if len(part) >= _SHORT:
        # Long enough to match by stem: catches endings the rules above did not produce.
        stem = part[:-1] if part[-1].lower() in "аяеиоуыьй" else part
        body = f"{_tolerant(stem)}\\w*|{body}"
    return re.compile(f"(?<![\\w])(?:{body})(?![\\w])", re.IGNORECASE)


def initials_person(name: FullName, gender: str, lang: str) -> dict[str, object]:
    """A person as the context shows them, reduced to initials in every form."""
    from .context import KK_CASES, RU_CASES

    parts = [p for p in (name.last, name.first, name.middle) if p]
    if lang == "en" and name.latin:
        parts = name.latin.split()  # English initials come from the passport spelling
    shown = "".join(_initial(p) for p in parts)
    out: dict[str, object] = {
        "gender": gender,
        "last": _initial(name.last),
        "first": _initial(name.first) if name.first else None,
        "middle": _initial(name.middle) if name.middle else None,
        "full": shown,
        "latin": None,
        "short": shown,
        "initials_last": shown,
    }
    for c in (*RU_CASES, *KK_CASES):
        out[c] = out[f"short_{c}"] = shown
    return out
