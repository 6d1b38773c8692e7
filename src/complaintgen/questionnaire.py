"""The intake questionnaire: the questions the case model and questionnaire.yaml define, and the
engine both channels use (the terminal, intake.py, and the local web form, web.py).

The model says what each question is (type, choices, checks); questionnaire.yaml says which
fields are asked, in which section and order, and when; the wording is in the catalogs (i18n).

Answers are kept as the case file's own data: a dict that Case validates, built one answer at a
time. Each answer is checked by the model itself: the sub-model that holds the field is
validated with the answer in place, and cross_check runs on what is known so far, so every rule
lives in models.py. Progress records what the data cannot: questions answered with "nothing"
and questions skipped to come back to.
"""

from __future__ import annotations

import copy
import json
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import PydanticUndefined

from .context import appeal_deadline, guess_gender
from .documents import render_text
from .errors import ComplaintgenError, InputError
from .i18n import Translator
from .kinds import KINDS
from .loading import dotted, parse_document, split_path, validate_case
from .models import Case, FullName, Localized, cross_check, iin_check_digit, iin_facts
from .tabular import scalar_kind, unwrap

DEFINITION = Path(__file__).with_name("questionnaire.yaml")
STATE_MARK = "# complaintgen-intake: "

YES = {"да", "д", "иә", "ия", "yes", "y", "1"}
NO = {"нет", "н", "жоқ", "жок", "no", "n", "2"}
# Typed where a fact is not known: an optional answer left empty, not the text "нет".
NOTHING = {"нет", "не знаю", "неизвестно", "нет данных", "жоқ", "білмеймін", "белгісіз", "none",
           "unknown", "n/a", "—"}  # fmt: skip
_KK_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")

LEAF_KINDS = {"text", "line", "date", "bool", "int", "choice", "multi"}
_MISSING = object()


# --- the questions ------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Node:
    """One field of the model, as the questionnaire asks it."""

    path: str  # model path without list indexes: complaints.date
    name: str
    owner: type[BaseModel]  # the model the field belongs to
    kind: str  # group, list, or a leaf kind: text, line, date, bool, int, choice, multi
    required: bool
    section: str
    description: str = ""
    default: Any = None  # the model's default, as case data
    choices: tuple[str, ...] = ()
    enum: str | None = None  # enum class name: choice labels shared by every field using it
    sub: type[BaseModel] | None = None
    opts: Mapping[str, Any] = field(default_factory=dict)
    children: tuple[Node, ...] = ()


@dataclass(frozen=True)
class Question:
    """One question for one place in the case data.

    kind: a leaf kind; "gate" (is there an optional group?), "more" (add item n of a list?),
    "pick" (which records of a keyed list?).
    """

    id: str  # victim.iin, complaints[0].date, order?, complaints+1
    path: tuple  # where the answer goes: ("complaints", 0, "date")
    node: Node
    kind: str

    @property
    def section(self) -> str:
        return self.node.section

    @property
    def required(self) -> bool:
        return self.kind in LEAF_KINDS and self.node.required

    @property
    def index(self) -> int:
        """The item number a "more" question adds."""
        return int(self.id.rsplit("+", 1)[1])

    @property
    def multiline(self) -> bool:
        return bool(self.node.opts.get("multiline"))


@dataclass
class Progress:
    seen: set[str] = field(default_factory=set)  # answered, even with "nothing"
    skipped: list[str] = field(default_factory=list)  # to come back to, in order


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
    group = _get(data, path[:-1])
    group = group if isinstance(group, dict) else {}
    gender = _iin_parts(group.get("iin"))[1]
    name = group.get("name")
    if gender is None and isinstance(name, dict) and name.get("last"):
        parts = {k: name.get(k) for k in ("last", "first", "middle")}
        gender = guess_gender(FullName.model_construct(**parts))
    return gender


def _default_birth_date(data: dict, path: tuple) -> str | None:
    group = _get(data, path[:-1])
    return _iin_parts(group.get("iin"))[0] if isinstance(group, dict) else None


def _default_mandate_kind(data: dict, path: tuple) -> str:
    rep = _get(data, path[:-2])
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


# --- the engine ---------------------------------------------------------------------------------


class Questionnaire:
    def __init__(self, model: type[Case] = Case, definition: Path = DEFINITION):
        spec = yaml.safe_load(definition.read_text(encoding="utf-8"))
        self.model = model
        self.skip: tuple[str, ...] = tuple(spec.get("skip", ()))
        self.sections: list[str] = [s["id"] for s in spec["sections"]]
        self._opts: dict[str, dict] = {}
        self._rank: dict[str, int] = {}  # first mention of a path or anything below it
        section_of: dict[str, str] = {}
        for section in spec["sections"]:
            for entry in section["ask"]:
                path, opts = (entry, {}) if isinstance(entry, str) else next(iter(entry.items()))
                self._opts[path] = opts or {}
                parts = path.split(".")
                for i in range(1, len(parts) + 1):
                    self._rank.setdefault(".".join(parts[:i]), len(self._rank))
                section_of.setdefault(parts[0], section["id"])
        # A top-level field the definition does not name joins the section of the field before it.
        current, self._section = self.sections[0], {}
        for name in model.model_fields:
            current = section_of.get(name, current)
            self._section[name] = current
        self.roots = self._children(model, "")
        self.nodes: dict[str, Node] = {}
        stack = list(self.roots)
        while stack:
            node = stack.pop()
            self.nodes[node.path] = node
            stack += node.children
        for path in self._opts:
            if path not in self.nodes:
                raise ValueError(f"{definition.name}: '{path}' is not a field of the case model")

    def _skipped(self, path: str) -> bool:
        """Named in skip: (a * stands for any part of a path), unless the definition asks it."""
        if path in self._opts:
            return False
        return any(re.fullmatch(re.escape(p).replace(r"\*", ".*"), path) for p in self.skip)

    def _children(self, model: type[BaseModel], prefix: str) -> tuple[Node, ...]:
        fields = [
            (i, name, f)
            for i, (name, f) in enumerate(model.model_fields.items())
            if not self._skipped(prefix + name)
        ]
        if not prefix:
            order = {s: i for i, s in enumerate(self.sections)}
            fields.sort(key=lambda x: (order[self._section[x[1]]], self._rank.get(x[1], 1 << 30)))
        else:
            fields.sort(key=lambda x: self._rank.get(prefix + x[1], (1 << 30) + x[0]))
        return tuple(self._node(model, name, f, prefix) for _, name, f in fields)

    def _node(self, owner: type[BaseModel], name: str, f: Any, prefix: str) -> Node:
        path = prefix + name
        inner, is_list = unwrap(f.annotation)
        default = f.get_default(call_default_factory=True)
        default = (
            None if default is PydanticUndefined or isinstance(default, BaseModel) else default
        )
        base: dict[str, Any] = {
            "path": path,
            "name": name,
            "owner": owner,
            "required": f.is_required(),
            "section": self._section[path.split(".")[0]],
            "description": f.description or "",
            "default": default.value if isinstance(default, Enum) else default,
            "opts": self._opts.get(path, {}),
        }
        if isinstance(inner, type) and issubclass(inner, Localized):
            return Node(kind="text", **base)
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            children = self._children(inner, path + ".")
            return Node(kind="list" if is_list else "group", sub=inner, children=children, **base)
        scalar, choices = scalar_kind(inner)
        if scalar == "bool":
            return Node(kind="bool", **base)
        if choices:
            enum = inner.__name__ if isinstance(inner, type) and issubclass(inner, Enum) else None
            return Node(kind="multi" if is_list else "choice", choices=choices, enum=enum, **base)
        if is_list:
            raise ValueError(f"{path}: a list of {inner} cannot be asked (no questionnaire type)")
        return Node(kind={"date": "date", "int": "int"}.get(scalar, "line"), **base)

    # --- which questions apply ----------------------------------------------------------------

    def questions(self, data: dict) -> list[Question]:
        """Every question that applies to the facts so far, in order."""
        out: list[Question] = []
        for node in self.roots:
            self._walk(node, data, (), out)
        return out

    def _walk(self, node: Node, data: dict, prefix: tuple, out: list[Question]) -> None:
        path = (*prefix, node.name)
        if not self._holds(node.opts.get("when"), data, path):
            return
        value = _get(data, path)
        if node.kind == "group":
            if not (node.required or self._opens(node, data, path)):
                out.append(Question(f"{dotted(path)}?", path, node, "gate"))
                if not isinstance(value, dict):
                    return
            for child in node.children:
                self._walk(child, data, path, out)
        elif node.kind == "list":
            items = value if isinstance(value, list) else []
            key = node.opts.get("pick")
            if key:
                out.append(Question(dotted(path), path, node, "pick"))
            for i in range(len(items)):
                if not key:
                    out.append(Question(f"{dotted(path)}+{i}", path, node, "more"))
                for child in node.children:
                    if child.name != key:
                        self._walk(child, data, (*path, i), out)
            if not key:
                out.append(Question(f"{dotted(path)}+{len(items)}", path, node, "more"))
        else:
            out.append(Question(dotted(path), path, node, node.kind))

    def _opens(self, node: Node, data: dict, path: tuple) -> bool:
        condition = node.opts.get("open", False)
        return condition is True or (
            isinstance(condition, dict) and self._holds(condition, data, path)
        )

    def _holds(self, condition: Any, data: dict, at: tuple) -> bool:
        if condition is None:
            return True
        for key, expected in condition.items():
            if key == "any":
                ok = any(self._holds(c, data, at) for c in expected)
            else:
                ok = _matches(self._value(key, data, at), expected)
            if not ok:
                return False
        return True

    def _value(self, path: str, data: dict, at: tuple) -> Any:
        value = _get(data, _resolve(path, at))
        if value is _MISSING:
            node = self.nodes.get(path)
            return node.default if node else None
        return value

    def answered(self, q: Question, data: dict) -> bool:
        value = _get(data, q.path)
        if q.kind == "more":
            return isinstance(value, list) and len(value) > q.index
        if q.kind == "gate":
            return isinstance(value, dict)
        return value is not _MISSING and value is not None and value != []

    def pending(self, data: dict, progress: Progress) -> list[Question]:
        """Questions without an answer (an optional one may be answered with "nothing"), and not
        skipped."""
        return [
            q
            for q in self.questions(data)
            if not self.answered(q, data)
            and q.id not in progress.skipped
            and (q.required or q.id not in progress.seen)
        ]

    # --- one answer ----------------------------------------------------------------------------

    def suggestion(self, q: Question, data: dict, progress: Progress | None = None) -> Any:
        """What Enter stands for: the earlier answer, else a suggested one or the default."""
        seen = progress is not None and q.id in progress.seen
        if q.kind == "gate":
            return True if self.answered(q, data) else (False if seen else None)
        if q.kind == "more":
            if self.answered(q, data):
                return True
            return False if seen or q.index > 0 else None
        current = _get(data, q.path)
        if q.kind == "pick":
            key = q.node.opts["pick"]
            items = current if isinstance(current, list) else []
            return [i.get(key) for i in items if isinstance(i, dict)] or None
        if current is not _MISSING and current is not None:
            return current
        if seen:
            return None
        provider = DEFAULTS.get(q.node.opts.get("default", ""))
        found = provider(data, q.path) if provider else None
        return found if found is not None else (q.node.default if q.node.default != [] else None)

    def check(
        self,
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
                value = (
                    self.suggestion(q, data, progress) if empty_is_suggestion and not raw else None
                )
            else:
                value = self._parse(q, raw, t)
            if value is None and q.required:
                raise Invalid("ui:required")
        except Invalid as e:
            return Checked(error=t(e.key, **e.values))
        if q.kind not in LEAF_KINDS:
            return Checked(value)
        candidate = self._put(data, q, value)
        out = Checked(value)
        owner = _get(candidate, q.path[:-1])
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
                    out.error = self._message(err, q, value, t)
                    return out
        if q.kind == "date" and isinstance(value, str):  # stored as 2026-03-14, whatever was typed
            out.value = _adapter(q.node.owner, q.node.name).validate_python(value).isoformat()
            candidate = self._put(data, q, out.value)
        before = _crosscheck(data)
        for path, message in sorted(_crosscheck(candidate) - before):
            text = t.model(message)
            if path == q.id:
                out.error = text
                return out
            out.warnings.append(f"{self.describe(path, t, candidate)}: {text}")
        out.warnings += self.group_problems(candidate, q, t)
        return out

    def _parse(self, q: Question, raw: str, t: Translator) -> Any:
        if q.kind in ("bool", "gate", "more"):
            low = raw.casefold()
            if low in YES or low == t("ui:yes").casefold():
                return True
            if low in NO or low == t("ui:no").casefold():
                return False
            raise Invalid("ui:bad_bool")
        if q.kind in ("choice", "multi", "pick"):
            choices = self.choices(q)
            if q.kind == "choice":
                return self._choice(choices, raw, q, t)
            tokens = [x for x in re.split(r"[,;\s]+", raw) if x]
            if tokens == ["0"]:
                return []
            codes = [self._choice(choices, x, q, t) for x in tokens]
            return list(dict.fromkeys(codes))
        if q.kind == "int":
            if not re.fullmatch(r"\d{1,9}", raw):
                raise Invalid("ui:bad_int")
            return int(raw)
        if q.node.opts.get("compact"):
            raw = re.sub(r"[\s\-]+", "", raw)
        return raw

    def _choice(self, choices: tuple[str, ...], raw: str, q: Question, t: Translator) -> str:
        if raw.isdigit() and 1 <= int(raw) <= len(choices):
            return choices[int(raw) - 1]
        low = raw.casefold()
        for code in choices:
            if low in (code.casefold(), self.choice_label(q, code, t).casefold()):
                return code
        raise Invalid("ui:bad_choice", value=raw, n=len(choices))

    def _message(self, err: dict, q: Question, value: Any, t: Translator) -> str:
        if err["type"] == "value_error":
            message = str(err.get("ctx", {}).get("error", err["msg"]))
            digits = isinstance(value, str) and value[:11].isdigit()
            if "check digit" in message and digits and iin_check_digit(value[:11]) is None:
                return t("error:iin_not_issued")
            return t.model(message)
        ctx = {k: v for k, v in (err.get("ctx") or {}).items() if isinstance(v, str | int | float)}
        found = t.first(f"error:{q.node.path}:{err['type']}", f"error:{err['type']}", **ctx)
        return found or t.model(err["msg"])

    def group_problems(self, data: dict, q: Question, t: Translator) -> list[str]:
        """Rules of a whole group (a known perpetrator needs a name or a position), checked once
        its last question is answered."""
        questions = self.questions(data)
        out = []
        for depth in range(len(q.path) - 1, 0, -1):
            prefix = q.path[:depth]
            if isinstance(prefix[-1], str) and self._node_at(prefix).kind == "list":
                continue  # the list itself; its items are checked at the next depth
            inside = [x for x in questions if x.path[:depth] == prefix and len(x.path) > depth]
            if not inside or inside[-1].id != q.id:
                break
            model = self._model_at(prefix)
            value = _get(data, prefix)
            try:
                model.model_validate(value if isinstance(value, dict) else {})
            except ValidationError as e:
                out += [
                    f"{self.describe(dotted(prefix), t, data)}: {t.model(err['msg'])}"
                    for err in e.errors(include_url=False)
                    if not err["loc"] and err["type"] != "missing"
                ]
        return out

    def apply(
        self, data: dict, progress: Progress, q: Question, value: Any
    ) -> tuple[dict, Progress, list[Question]]:
        """The data with one answer in place, and the answers it made inapplicable removed."""
        before = self.questions(data)
        progress = Progress(progress.seen | {q.id}, [i for i in progress.skipped if i != q.id])
        return self._settle(before, self._put(data, q, value), progress)

    def _settle(
        self, before: list[Question], new: dict, progress: Progress
    ) -> tuple[dict, Progress, list[Question]]:
        """Remove the answers whose questions no longer apply, and forget them in progress."""
        after = self.questions(new)
        asked = {x.path[:i] for x in after for i in range(1, len(x.path) + 1)}
        removed = []
        for x in before:
            if x.path not in asked and _get(new, x.path) is not _MISSING:
                self._remove(new, x.path)
                removed.append(x)
        ids = {x.id for x in self.questions(new)} if removed else {x.id for x in after}
        seen = {i for i in progress.seen if i in ids}
        return new, Progress(seen, [i for i in progress.skipped if i in ids]), removed

    def remove_item(self, data: dict, progress: Progress, path: tuple) -> tuple[dict, Progress]:
        """The data without one list item (complaints[1]), and what hung on it."""
        before = self.questions(data)
        new = copy.deepcopy(data)
        items = _get(new, path[:-1])
        if isinstance(items, list) and isinstance(path[-1], int) and path[-1] < len(items):
            del items[path[-1]]
            if not items:
                self._remove(new, path[:-1])
        new, progress, _ = self._settle(before, new, progress)
        return new, progress

    def skip_question(self, progress: Progress, q: Question) -> Progress:
        skipped = progress.skipped if q.id in progress.skipped else [*progress.skipped, q.id]
        return Progress(progress.seen - {q.id}, skipped)

    def _put(self, data: dict, q: Question, value: Any) -> dict:
        new = copy.deepcopy(data)
        current = _get(new, q.path)
        if q.kind == "gate":
            if not value:
                self._remove(new, q.path)
            elif not isinstance(current, dict):
                _assign(new, q.path, {})
        elif q.kind == "more":
            items = list(current) if isinstance(current, list) else []
            items = (items if len(items) > q.index else [*items, {}]) if value else items[: q.index]
            if items:
                _assign(new, q.path, items)
            else:
                self._remove(new, q.path)
        elif q.kind == "pick":
            key = q.node.opts["pick"]
            items = current if isinstance(current, list) else []
            old = {i.get(key): i for i in items if isinstance(i, dict)}
            if value:
                _assign(new, q.path, [old.get(code) or {key: code} for code in value])
            else:
                self._remove(new, q.path)
        elif value is None or value == []:
            self._remove(new, q.path)
        elif q.kind == "text" and value != current:
            lang = _text_lang(value)
            both = isinstance(current, dict) and current.get("ru") and current.get("kk")
            merged = {**current, lang: value} if both else {lang: value}
            _assign(new, q.path, merged["ru"] if set(merged) == {"ru"} else merged)
        else:
            _assign(new, q.path, value)
        return new

    def _remove(self, data: dict, path: tuple) -> None:
        """Delete one answer, and the groups it leaves empty (unless their own "Is there …?"
        was answered yes: an empty group then still says something)."""
        parent = _get(data, path[:-1])
        if isinstance(parent, dict):
            parent.pop(path[-1], None)
        elif isinstance(parent, list) and isinstance(path[-1], int) and path[-1] < len(parent):
            del parent[path[-1]]
        up = path[:-1]
        if up and isinstance(up[-1], str) and parent == {}:
            node = self._node_at(up)
            gated = node.kind == "group" and not node.required and not self._opens(node, data, up)
            if not gated:
                self._remove(data, up)

    def _node_at(self, path: tuple) -> Node:
        return self.nodes[".".join(p for p in path if isinstance(p, str))]

    def _model_at(self, path: tuple) -> type[BaseModel]:
        node = self._node_at(path)
        return node.sub if node.sub else node.owner

    # --- wording --------------------------------------------------------------------------------

    def label(self, node: Node, t: Translator) -> str:
        found = t.first(f"label:{node.path}", f"label:{node.owner.__name__}.{node.name}")
        return found or node.description or node.name

    def text(self, q: Question, t: Translator) -> str:
        """The question as asked."""
        path = q.node.path
        if q.kind == "gate":
            return t.first(f"gate:{path}") or f"{self.label(q.node, t)}?"
        if q.kind == "more":
            key = f"add:{path}" if q.index == 0 else f"more:{path}"
            return t.first(key) or f"{self.label(q.node, t)}?"
        return self.label(q.node, t)

    def hint(self, q: Question, t: Translator) -> str | None:
        node = q.node
        return t.first(f"hint:{node.path}", f"hint:{node.owner.__name__}.{node.name}")

    def choices(self, q: Question) -> tuple[str, ...]:
        if q.kind in ("bool", "gate", "more"):
            return ("yes", "no")
        if q.kind == "pick":
            key = q.node.opts["pick"]
            return next(c.choices for c in q.node.children if c.name == key)
        return q.node.choices

    def choice_label(self, q: Question, code: str, t: Translator) -> str:
        if q.kind in ("bool", "gate", "more"):
            return t(f"ui:{code}")
        node = q.node
        if q.kind == "pick":
            node = next(c for c in node.children if c.name == node.opts["pick"])
        keys = [f"choice:{node.path}:{code}"] + (
            [f"choice:{node.enum}:{code}"] if node.enum else []
        )
        return t.first(*keys) or code

    def titles(self, path: tuple, t: Translator, data: dict | None = None) -> list[str]:
        """Titles of the groups and list items around a place in the data: ["Жалоба № 2"]."""
        return [title for title, _ in self.headings(path, t, data)]

    def headings(
        self, path: tuple, t: Translator, data: dict | None = None
    ) -> list[tuple[str, tuple | None]]:
        """(title, the list item's path or None) of the groups and items around a place."""
        out: list[tuple[str, tuple | None]] = []
        for depth in range(1, len(path)):
            prefix = path[:depth]
            node = self._node_at(prefix)
            if isinstance(prefix[-1], int):
                key = node.opts.get("pick")
                item = _get(data, prefix) if data is not None else None
                if key and isinstance(item, dict) and item.get(key):
                    q = Question(dotted(prefix[:-1]), prefix[:-1], node, "pick")
                    out.append((self.choice_label(q, item[key], t), None))
                else:
                    n = prefix[-1] + 1
                    title = t.first(f"item:{node.path}", n=n) or f"{self.label(node, t)} {n}"
                    out.append((title, prefix))
            elif node.kind == "group":
                title = t.first(f"group:{node.path}")
                if title:
                    out.append((title, None))
        return out

    def describe(self, path: str, t: Translator, data: dict | None = None) -> str:
        """A field path (complaints[0].date) in words: «Жалоба № 1 · Дата подачи»."""
        if not path:
            return t("ui:whole_case")
        parts = split_path(path)
        try:
            node = self._node_at(parts)
        except KeyError:
            return path
        if isinstance(parts[-1], int):
            words = self.titles((*parts, ""), t, data)  # the item's own title too
        else:
            words = [*self.titles(parts, t, data), self.label(node, t)]
        top = self.nodes[parts[0]]
        if len(parts) > 1 and top.kind == "group" and not t.get(f"group:{top.path}"):
            words.insert(0, self.label(top, t))  # «Потерпевший · Фамилия»
        return " · ".join(dict.fromkeys(words))

    def display_name(self, data: dict) -> str:
        """The victim's name as typed so far, for lists of drafts."""
        name = _get(data, ("victim", "name"))
        name = name if isinstance(name, dict) else {}
        return " ".join(str(name[k]) for k in ("last", "first", "middle") if name.get(k))

    def display(self, q: Question, value: Any, t: Translator) -> str:
        """An answer as the paralegal reads it."""
        if value is None or value == []:
            return ""
        if q.kind in ("bool", "gate", "more"):
            return t("ui:yes") if value else t("ui:no")
        if q.kind == "choice":
            return self.choice_label(q, value, t)
        if q.kind in ("multi", "pick"):
            return ", ".join(self.choice_label(q, v, t) for v in value)
        if q.kind == "date" and isinstance(value, str):
            m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value)
            return f"{m[3]}.{m[2]}.{m[1]}" if m else value
        if isinstance(value, dict):  # a text in ru and kk: the interface language's first
            return value.get(t.lang) or value.get("ru") or value.get("kk") or ""
        return str(value)

    def catalog_needs(self) -> list[tuple[str, ...]]:
        """The messages the questions need, each as the keys any one of which will do."""
        out: list[tuple[str, ...]] = [(f"section:{s}",) for s in self.sections]
        for node in self.nodes.values():
            out.append((f"label:{node.path}", f"label:{node.owner.__name__}.{node.name}"))
            if node.kind == "group" and not node.required and node.opts.get("open") is not True:
                out.append((f"gate:{node.path}",))
            if node.kind == "list" and not node.opts.get("pick"):
                for prefix in ("add", "more", "item", "button"):
                    out.append((f"{prefix}:{node.path}",))
            for code in node.choices:
                out.append(
                    (f"choice:{node.path}:{code}",)
                    + ((f"choice:{node.enum}:{code}",) if node.enum else ())
                )
        return out

    # --- the case file --------------------------------------------------------------------------

    def dump(self, data: dict, progress: Progress) -> bytes:
        """The case file: YAML the loader reads, then the intake's own state as a comment."""
        body = yaml.dump(
            _ordered(self.model, data) or {},
            Dumper=_Dumper,
            allow_unicode=True,
            sort_keys=False,
            width=100,
        )
        state = json.dumps({"seen": sorted(progress.seen), "skipped": progress.skipped})
        return (
            "# Case file written by complaintgen intake. Check it: complaintgen validate <file>\n"
            f"{body}{STATE_MARK}{state}\n"
        ).encode()

    def load(self, raw: bytes, source: str) -> tuple[dict, Progress]:
        data, _ = parse_document(raw, source)
        progress = Progress()
        for line in raw.decode("utf-8", "replace").splitlines():
            if line.startswith(STATE_MARK):
                try:
                    state = json.loads(line.removeprefix(STATE_MARK))
                    progress = Progress(set(state.get("seen", [])), list(state.get("skipped", [])))
                except (ValueError, AttributeError, TypeError):
                    pass  # a damaged state only means some questions are asked again
        return self._normalise(data), progress

    def _normalise(self, data: dict) -> dict:
        """Shorthands the loader accepts (steps_missed: [cctv]) written out as records."""
        for node in self.nodes.values():
            if node.kind == "list" and node.opts.get("pick"):
                for path in _concrete(data, node.path.split(".")):
                    items = _get(data, path)
                    if isinstance(items, list):
                        key = node.opts["pick"]
                        items[:] = [{key: i} if isinstance(i, str) else i for i in items]
        return data

    # --- the end: what the facts support -------------------------------------------------------

    def report(self, data: dict, t: Translator, today: date | None = None) -> Report:
        today = today or date.today()
        try:
            case = validate_case(copy.deepcopy(data), "intake")
        except InputError as e:
            problems = [
                (p.field, self.describe(p.field, t, data), t.model(p.message)) for p in e.problems
            ]
            return Report(problems=problems)
        documents = []
        for kind in KINDS.values():
            title = t.first(f"kind:{kind.name}") or kind.title.get(t.lang) or kind.title["ru"]
            status = DocumentStatus(kind.name, title)
            why = kind.needs(case)
            if why:
                status.reason = "; ".join(t.model(w) for w in why.split("; "))
            else:
                status.lang = t.lang if t.lang in kind.langs else kind.langs[0]
                try:
                    status.gaps = render_text(case, kind.name, status.lang, today)[1].gaps
                except ComplaintgenError as e:
                    status.error = " ".join(e.lines())
            documents.append(status)
        return Report(case=case, documents=documents, deadline=_deadline(case, today, t))


@dataclass
class DocumentStatus:
    kind: str
    title: str
    reason: str | None = None  # why the facts do not call for it
    lang: str = ""  # the language the gaps are named in
    gaps: list[str] = field(default_factory=list)
    error: str | None = None  # it cannot be written yet (no template)

    @property
    def ready(self) -> bool:
        return self.reason is None and self.error is None


@dataclass
class Report:
    problems: list[tuple[str, str, str]] = field(default_factory=list)  # (path, in words, message)
    case: Case | None = None
    documents: list[DocumentStatus] = field(default_factory=list)
    deadline: str | None = None


def _deadline(case: Case, today: date, t: Translator) -> str | None:
    d = appeal_deadline(case, today)
    if d is None:
        return None
    day = d["last_day"].strftime("%d.%m.%Y")
    basis = t(f"basis:{d['basis']}")
    if d["passed"]:
        return t("ui:deadline_passed", date=day, basis=basis)
    return t("ui:deadline", date=day, basis=basis, days=d["days_left"])


@cache
def questionnaire() -> Questionnaire:
    return Questionnaire()


# --- helpers ------------------------------------------------------------------------------------


def _text_lang(text: str) -> str:
    """Kazakh if the text has the letters of Kazakh, Russian otherwise."""
    letters = [c for c in text if c.isalpha()]
    kk = sum(c in _KK_LETTERS for c in letters)
    return "kk" if (kk >= 2 and kk / len(letters) >= 0.02) or (kk and len(letters) < 12) else "ru"


def _matches(value: Any, expected: Any) -> bool:
    if isinstance(expected, dict):
        if "not" in expected:
            return not _matches(value, expected["not"])
        return (value not in (None, [], "")) == bool(expected["set"])
    if isinstance(expected, list):
        return any(_matches(value, e) for e in expected)
    if isinstance(value, list):
        return expected in value
    return value == expected


def _resolve(path: str, at: tuple) -> tuple:
    """A model path (complaints.outcome) at a place in the data (complaints[1].outcome_date):
    inside a list item it means the same item."""
    out: list = []
    j = 0
    for part in path.split("."):
        out.append(part)
        if j < len(at) and at[j] == part:
            j += 1
            if j < len(at) and isinstance(at[j], int):
                out.append(at[j])
                j += 1
        else:
            j = len(at) + 1
    return tuple(out)


def _get(data: Any, path: tuple) -> Any:
    for key in path:
        if isinstance(key, int):
            if not (isinstance(data, list) and key < len(data)):
                return _MISSING
        elif not (isinstance(data, dict) and key in data):
            return _MISSING
        data = data[key]
    return data


def _assign(data: dict, path: tuple, value: Any) -> None:
    node: Any = data
    for key in path[:-1]:
        if isinstance(key, str) and not isinstance(node.get(key), dict | list):
            node[key] = {}
        node = node[key]
    node[path[-1]] = value


def _concrete(data: Any, parts: list[str], at: tuple = ()) -> list[tuple]:
    """Every place in the data a model path (incident.perpetrators.name) stands for."""
    if not parts:
        return [at]
    value = _get(data, (*at, parts[0]))
    if isinstance(value, list) and len(parts) > 1:
        return [
            p for i in range(len(value)) for p in _concrete(data, parts[1:], (*at, parts[0], i))
        ]
    return _concrete(data, parts[1:], (*at, parts[0])) if value is not _MISSING else []


@cache
def _adapter(model: type[BaseModel], name: str) -> TypeAdapter:
    f = model.model_fields[name]
    return TypeAdapter(Annotated[(f.annotation, *f.metadata)] if f.metadata else f.annotation)


def _probe(model: type[BaseModel], data: Any, late: bool) -> BaseModel:
    """The facts known so far as a model, unchecked. A fact the model requires that is missing
    or malformed gets a stand-in: the latest (late) or the earliest date, the last or first choice.
    """
    data = data if isinstance(data, dict) else {}
    values: dict[str, Any] = {}
    for name, f in model.model_fields.items():
        value = data.get(name)
        inner, is_list = unwrap(f.annotation)
        if isinstance(inner, type) and issubclass(inner, Localized):
            values[name] = None  # no cross-check reads free text
        elif isinstance(inner, type) and issubclass(inner, BaseModel):
            if is_list:
                items = value if isinstance(value, list) else []
                values[name] = [_probe(inner, x, late) for x in items]
            elif value is not None or f.is_required():
                values[name] = _probe(inner, value, late)
            else:
                values[name] = None
        else:
            try:
                values[name] = _adapter(model, name).validate_python(value)
            except ValidationError:
                values[name] = None
            if values[name] is None and f.is_required():
                values[name] = _stand_in(inner, late)
            elif values[name] is None:
                default = f.get_default(call_default_factory=True)
                values[name] = None if default is PydanticUndefined else default
    return model.model_construct(**values)


def _stand_in(annotation: Any, late: bool) -> Any:
    if annotation is date:
        return date.max if late else date.min
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return list(annotation)[-1 if late else 0]
    return None


def _crosscheck(data: dict) -> set[tuple[str, str]]:
    """models.cross_check on the facts known so far. It runs with late and with early stand-ins
    for the missing facts and keeps what both find, so a stand-in never makes a problem."""
    try:
        late = set(cross_check(_probe(Case, data, late=True)))
        early = set(cross_check(_probe(Case, data, late=False)))
    except (TypeError, AttributeError):  # a new rule reads a fact that has no stand-in
        return set()
    return late & early


def _ordered(model: type[BaseModel], data: Any) -> Any:
    """Case data with keys in the model's order, so the file reads like the examples."""
    if not isinstance(data, dict):
        return data
    out = {}
    for name, f in model.model_fields.items():
        if name in data:
            inner, is_list = unwrap(f.annotation)
            value = data[name]
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                if is_list and isinstance(value, list):
                    value = [_ordered(inner, v) for v in value]
                elif not issubclass(inner, Localized):
                    value = _ordered(inner, value)
            out[name] = value
    out.update((k, v) for k, v in data.items() if k not in out)
    return out


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)
