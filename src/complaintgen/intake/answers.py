"""One answer: what Enter stands for (the earlier answer or a suggestion worked out from
others), reading what was typed (yes/no words, choice numbers, dates, numbers typed in groups),
and checking it by the model itself: the sub-model that holds the field is validated with the
answer in place, and cross_check runs on what is known so far (rules.crosscheck)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from ..context import guess_gender
from ..i18n import Translator
from ..loading import dotted
from ..models import FullName, iin_check_digit, iin_facts
from . import wording
from .data import MISSING, get
from .rules import _adapter, crosscheck, refused
from .tree import LEAF_KINDS, Question

if TYPE_CHECKING:
    from .engine import Progress, Questionnaire

YES = {"да", "д", "иә", "ия", "yes", "y", "1"}
NO = {"нет", "н", "жоқ", "жок", "no", "n", "2"}
# Typed where a fact is not known: an optional answer left empty, not the text "нет".
NOTHING = {"нет", "не знаю", "неизвестно", "нет данных", "жоқ", "білмеймін", "белгісіз", "none",
           "unknown", "n/a", "—"}  # fmt: skip


@dataclass
class Checked:
    value: Any = None
    error: str | None = None
    warnings: list[str] = field(default_factory=list)


class Invalid(Exception):
    def __init__(self, key: str, **values: object):
        super().__init__(key)
        self.key, self.values = key, values


# --- suggested answers --------------------------------------------------------------------------


def _iin_parts(iin: object) -> tuple[str | None, str | None]:
    """(birth date, gender) a valid ИИН encodes, for suggestions: only real dates."""
    born, gender = iin_facts(iin)
    try:
        return (date.fromisoformat(born).isoformat() if born else None), gender
    except ValueError:
        return None, gender


def _default_gender(data: dict, path: tuple) -> str | None:
    group = get(data, path[:-1])
    group = group if isinstance(group, dict) else {}
    gender = _iin_parts(group.get("iin"))[1]
    name = group.get("name")
    if gender is None and isinstance(name, dict) and name.get("last"):
        parts = {k: name.get(k) for k in ("last", "first", "middle")}
        gender = guess_gender(FullName.model_construct(**parts))
    return gender


def _default_birth_date(data: dict, path: tuple) -> str | None:
    group = get(data, path[:-1])
    return _iin_parts(group.get("iin"))[0] if isinstance(group, dict) else None


def _default_mandate_kind(data: dict, path: tuple) -> str:
    rep = get(data, path[:-2])
    kind = rep.get("kind", "advocate") if isinstance(rep, dict) else "advocate"
    return "power_of_attorney" if kind == "representative" else "warrant"


def _default_case_id(data: dict, path: tuple) -> str:
    return f"{datetime.now():%Y-%m-%d-%H%M}"


DEFAULTS: dict[str, Callable[[dict, tuple], Any]] = {
    "gender": _default_gender,
    "birth_date": _default_birth_date,
    "mandate_kind": _default_mandate_kind,
    "case_id": _default_case_id,
}


def suggestion(
    engine: Questionnaire, q: Question, data: dict, progress: Progress | None = None
) -> Any:
    """What Enter stands for: the earlier answer, else a suggested one or the default."""
    seen = progress is not None and q.id in progress.seen
    if q.kind == "gate":
        return True if engine.answered(q, data) else (False if seen else None)
    if q.kind == "more":
        if engine.answered(q, data):
            return True
        return False if seen or q.index > 0 else None
    current = get(data, q.path)
    if q.kind == "pick":
        key = q.node.opts["pick"]
        items = current if isinstance(current, list) else []
        return [i.get(key) for i in items if isinstance(i, dict)] or None
    if current is not MISSING and current is not None:
        return current
    if seen:
        return None
    provider = DEFAULTS.get(q.node.opts.get("default", ""))
    found = provider(data, q.path) if provider else None
    return found if found is not None else (q.node.default if q.node.default != [] else None)


# --- reading and checking an answer -------------------------------------------------------------


def check(
    engine: Questionnaire,
    q: Question,
    raw: str,
    data: dict,
    t: Translator,
    progress: Progress | None = None,
    *,
    empty_is_suggestion: bool = True,
) -> Checked:
    """Parse and check one typed answer against the model; the value to apply, or an error."""
    raw = unicodedata.normalize("NFC", raw).replace("\r\n", "\n").replace("\r", "\n").strip()
    nothing = q.kind in ("text", "line", "date", "int") and raw.casefold() in NOTHING
    try:
        if not raw or nothing:
            use_suggestion = empty_is_suggestion and not raw
            value = suggestion(engine, q, data, progress) if use_suggestion else None
        else:
            value = parse(q, raw, t)
        if value is None and q.required:
            raise Invalid("ui:required")
    except Invalid as e:
        return Checked(error=t(e.key, **e.values))
    if q.kind not in LEAF_KINDS:
        return Checked(value)
    candidate = engine.put(data, q, value)
    out = Checked(value)
    owner = get(candidate, q.path[:-1])
    try:
        q.node.owner.model_validate(owner if isinstance(owner, dict) else {})
    except ValidationError as e:
        for err in e.errors(include_url=False):
            loc = [p for p in err["loc"] if not str(p).startswith(("function-", "tagged-"))]
            if (
                err["type"] != "missing"
                and loc[:1] == [q.node.name]
                and all(isinstance(p, int) or p in ("ru", "kk") for p in loc[1:])
            ):
                out.error = _message(err, q, value, t)
                return out
    message = refused(engine, q.node, candidate, q.path)
    if message:
        out.error = t.model(message)
        return out
    if q.kind == "date" and isinstance(value, str):  # stored as 2026-03-14, whatever was typed
        out.value = _adapter(q.node.owner, q.node.name).validate_python(value).isoformat()
        candidate = engine.put(data, q, out.value)
    before = crosscheck(data)
    for path, message in sorted(crosscheck(candidate) - before):
        text = t.model(message)
        if path == q.id:
            out.error = text
            return out
        out.warnings.append(f"{wording.describe(engine, path, t, candidate)}: {text}")
    out.warnings += group_problems(engine, candidate, q, t)
    return out


def parse(q: Question, raw: str, t: Translator) -> Any:
    """What was typed as case data: True/False, choice codes, a number, text."""
    if q.kind in ("bool", "gate", "more"):
        low = raw.casefold()
        if low in YES or low == t("ui:yes").casefold():
            return True
        if low in NO or low == t("ui:no").casefold():
            return False
        raise Invalid("ui:bad_bool")
    if q.kind in ("choice", "multi", "pick"):
        choices = wording.choices(q)
        if q.kind == "choice":
            return _choice(choices, raw, q, t)
        tokens = [x for x in re.split(r"[,;\s]+", raw) if x]
        if tokens == ["0"]:
            return []
        codes = [_choice(choices, x, q, t) for x in tokens]
        return list(dict.fromkeys(codes))
    if q.kind == "int":
        if not re.fullmatch(r"\d{1,9}", raw):
            raise Invalid("ui:bad_int")
        return int(raw)
    if q.node.opts.get("compact"):
        raw = re.sub(r"[\s\-]+", "", raw)
    return raw


def _choice(choices: tuple[str, ...], raw: str, q: Question, t: Translator) -> str:
    if raw.isdigit() and 1 <= int(raw) <= len(choices):
        return choices[int(raw) - 1]
    low = raw.casefold()
    for code in choices:
        if low in (code.casefold(), wording.choice_label(q, code, t).casefold()):
            return code
    raise Invalid("ui:bad_choice", value=raw, n=len(choices))


def _message(err: dict, q: Question, value: Any, t: Translator) -> str:
    if err["type"] == "value_error":
        message = str(err.get("ctx", {}).get("error", err["msg"]))
        digits = isinstance(value, str) and value[:11].isdigit()
        if "check digit" in message and digits and iin_check_digit(value[:11]) is None:
            return t("error:iin_not_issued")
        return t.model(message)
    ctx = {k: v for k, v in (err.get("ctx") or {}).items() if isinstance(v, str | int | float)}
    found = t.first(f"error:{q.node.path}:{err['type']}", f"error:{err['type']}", **ctx)
    return found or t.model(err["msg"])


def group_problems(engine: Questionnaire, data: dict, q: Question, t: Translator) -> list[str]:
    """Rules of a whole group (a known perpetrator needs a name or a position), checked once
    its last question is answered."""
    questions = engine.questions(data)
    out = []
    for depth in range(len(q.path) - 1, 0, -1):
        prefix = q.path[:depth]
        if isinstance(prefix[-1], str) and engine.node_at(prefix).kind == "list":
            continue  # the list itself; its items are checked at the next depth
        inside = [x for x in questions if x.path[:depth] == prefix and len(x.path) > depth]
        if not inside or inside[-1].id != q.id:
            break
        model = engine.model_at(prefix)
        value = get(data, prefix)
        try:
            model.model_validate(value if isinstance(value, dict) else {})
        except ValidationError as e:
            out += [
                f"{wording.describe(engine, dotted(prefix), t, data)}: {t.model(err['msg'])}"
                for err in e.errors(include_url=False)
                if not err["loc"] and err["type"] != "missing"
            ]
    return out
