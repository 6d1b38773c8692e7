"""A commented blank case file (`complaintgen new case.yaml`), in the interface language.

Every field of the model is in it, from the field tree, with what it is for (the questionnaire's
label and hint from the catalogs, else the model's description), its choices and an example.
Required fields stand as keys with empty values; optional ones are commented out with an
example value, so the file passes `complaintgen validate` as soon as the required values are
filled in, and a fact is added by removing the `# ` in front of its lines.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from . import fields
from .errors import UsageError
from .i18n import Translator

# Examples for the fields whose description carries none («…» or after a colon). Invented people.
# Keyed by field name, or by the last two parts of the path where the name alone is ambiguous.
_EXAMPLES = {
    "id": "2026-ALM-001",
    "last": "Ахметов",
    "first": "Нурлан",
    "middle": "Серикович",
    "latin": "AKHMETOV Nurlan",
    "forms_ru.gen": "Ахметова Нурлана Сериковича",
    "forms_ru.dat": "Ахметову Нурлану Сериковичу",
    "forms_ru.ins": "Ахметовым Нурланом Сериковичем",
    "forms_ru.acc": "Ахметова Нурлана Сериковича",
    "forms_ru.abl": "Ахметова Нурлана Сериковича",
    "forms_ru.loc": "Ахметове Нурлане Сериковиче",
    "forms_kk.gen": "Ахметов Нұрланның",
    "forms_kk.dat": "Ахметов Нұрланға",
    "forms_kk.ins": "Ахметов Нұрланмен",
    "forms_kk.acc": "Ахметов Нұрланды",
    "forms_kk.abl": "Ахметов Нұрланнан",
    "forms_kk.loc": "Ахметов Нұрланда",
    "birth_date": "14.03.1990",
    "birth_place": "г. Павлодар",
    "iin": "900314300124",
    "erdr_number": "261500031000123",
    "address": "г. Алматы, ул. Абая, д. 1, кв. 2",
    "phone": "+7 701 000 00 00",
    "email": "name@example.kz",
    "contact": "+7 701 000 00 00",
    "bar": "Алматинская городская коллегия адвокатов",
    "licence": "0001234",
    "number": "123",
    "description": "высокий, в гражданской одежде",
    "methods_details": "надели пакет на голову, били по пяткам",
    "injuries": "кровоподтёки на спине и руках",
    "narrative": "5 января около 22:00 меня задержали у дома и доставили в отдел полиции …",
    "details": "запись камеры в коридоре ИВС за 5 января",
    "reasons": "телесные повреждения получены при задержании",
    "to": "прокуратура Алмалинского района г. Алматы",
    "forwarded_to": "управление собственной безопасности ДП г. Алматы",
    "findings": "кровоподтёки, давность 2–4 суток",
    "institution": "Центр судебных экспертиз г. Алматы",
    "by": "оперуполномоченный, проводивший задержание",
    "authorisation_reason": "содержится под стражей, связь ограничена",
    "other_procedure_details": "нет",
    "interim_measures": "перевести в другое учреждение: угрозы со стороны сотрудников",
    "title_dat": "следственному судье Специализированного следственного суда г. Алматы",
}
_QUOTED = re.compile(r"«([^»]+)»")
_AFTER_COLON = re.compile(r":\s*([^:]+)$")
_DATE = "14.03.2026"
_WIDTH = 98


def _example(f: fields.Field) -> object:
    tail = ".".join(f.parts[-2:])
    for key in (tail, f.name):
        if key in _EXAMPLES:
            return _EXAMPLES[key]
    if f.kind == "date":
        return _DATE
    if f.kind == "bool":
        return bool(f.default) if f.default is not None else True
    if f.kind == "int":
        return 1  # pages: one sheet
    if f.kind == "choice":
        return [f.choices[0]] if f.is_list else (f.default or f.choices[0])
    quoted = _QUOTED.search(f.description)
    if quoted:
        return quoted.group(1)
    after = _AFTER_COLON.search(f.description)
    # A new field gets its example by giving one in its description: «…» or after a colon.
    return after.group(1).split(",")[0].strip() if after else "…"


def _scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(map(str, value)) + "]"
    text = str(value)
    # Quote what YAML would read as something else: digits, a colon, a leading symbol.
    if re.fullmatch(r"[\d.+ ]+", text) or re.search(r":\s|\s#|^[\-?&*!|>'\"%@`{\[]", text):
        return json.dumps(text, ensure_ascii=False)
    return text


class _Writer:
    def __init__(self, t: Translator):
        self.t = t
        self.lines: list[str] = []

    def label(self, f: fields.Field) -> str:
        path = f.path.replace("[]", "")
        return self.t.first(f"label:{path}", f"label:{f.owner.__name__}.{f.name}") or f.description

    def about(self, f: fields.Field, pad: str) -> None:
        """The comment over a field: what it is, whether required, what it takes."""
        path = f.path.replace("[]", "")
        parts = [self.label(f)]
        hint = self.t.first(f"hint:{path}", f"hint:{f.owner.__name__}.{f.name}")
        if hint:
            parts.append(hint)
        if f.required:
            parts.append(self.t("blank:required"))
        if f.kind == "choice":
            labelled = []
            for code in f.choices:
                keys = [f"choice:{path}:{code}"]
                if isinstance(f.type, type):
                    keys.append(f"choice:{f.type.__name__}:{code}")
                name = self.t.first(*keys)
                labelled.append(f"{code} ({name})" if name and name != code else code)
            key = "blank:choices_many" if f.is_list else "blank:choices"
            parts.append(self.t(key, choices=", ".join(labelled)))
        elif f.kind == "text":
            parts.append(self.t("blank:text"))
        elif f.kind == "date":
            parts.append(self.t("blank:date"))
        self.comment(" ".join(p if p[-1] in ".?!" else p + "." for p in parts), pad)

    def comment(self, text: str, pad: str) -> None:
        line = ""
        for word in text.split():
            if line and len(pad) + 2 + len(line) + 1 + len(word) > _WIDTH:
                self.lines.append(f"{pad}# {line}")
                line = word
            else:
                line = f"{line} {word}" if line else word
        if line:
            self.lines.append(f"{pad}# {line}")

    def group(self, group: tuple[fields.Field, ...], pad: str, off: str) -> None:
        """Lines for a group's fields; `off` is "# " inside a commented-out group."""
        for f in group:
            self.field(f, pad, off)

    def field(self, f: fields.Field, pad: str, off: str) -> None:
        # An optional fact is written commented out; inside a commented group, again.
        hide = off or ("" if f.required or f.path in _OPEN else "# ")
        self.lines.append("")
        self.about(f, pad)
        if f.kind == "model" and f.is_list:
            self.lines.append(f"{pad}{hide}{f.name}:")
            self.comment(self.t("blank:items"), pad + "  ")
            self.item(f.children, pad + "  ", hide)
        elif f.kind == "model":
            self.lines.append(f"{pad}{hide}{f.name}:")
            self.group(f.children, pad + "  ", hide)
        elif f.required and not off:
            self.lines.append(f"{pad}{f.name}:")
            self.comment(self.t("blank:example", value=_scalar(_example(f))), pad + "  ")
        else:
            self.lines.append(f"{pad}{hide}{f.name}: {_scalar(_example(f))}")

    def item(self, group: tuple[fields.Field, ...], pad: str, off: str) -> None:
        """One list item, its first field after the dash."""
        start = len(self.lines)
        self.group(group, pad + "  ", off)
        # Put "- " before the first key of the item (keeping its comments above it).
        for n in range(start, len(self.lines)):
            line = self.lines[n]
            body = line[len(pad) + 2 :]
            if body.startswith(off) and not body[len(off) :].startswith("#") and body.strip():
                rest = body[len(off) :]
                self.lines[n] = f"{pad}{off}- {rest}"
                break


# A group the case needs although the model calls it optional: the applicant is the
# representative unless the file says otherwise, and then the representative must be named.
_OPEN = {"representative"}


def blank_case(t: Translator, filename: str = "case.yaml") -> str:
    """The commented blank case file in the language of `t`."""
    w = _Writer(t)
    w.comment(t("blank:intro", file=filename), "")
    w.comment(t("blank:how"), "")
    w.group(fields.tree(), "", "")
    return "\n".join(w.lines).rstrip() + "\n"


def write_blank(path: Path, t: Translator) -> None:
    """Write the blank case file; never over an existing file."""
    data = blank_case(t, path.name).encode("utf-8")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise UsageError(
            f"{path} exists already: choose another name (nothing was written)"
        ) from None
    except OSError as e:
        raise UsageError(f"cannot write {path}: {e.strerror or e}") from e
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
