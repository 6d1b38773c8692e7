"""When a question applies and when it must be answered, said once.

The model's own rules come first: an optional fact is *needed* where one of its model's
validators fails without it and passes with it (a held victim needs the facility, a refusal its
date, a representative filing needs the representative), and cross_check's rules on dates run on
the facts known so far. Both are read from models.py by running them on the partial answers with
stand-ins for what is not known yet; nothing here restates them.

questionnaire.yaml adds only what the model does not say: `when:` (a fact worth asking only in
some cases, e.g. the passport spelling for a communication to the Committee) and `open:` (ask a
group straight away rather than "Is there …?"). The language of those conditions:
{path: value}, {path: [values]}, {path: {not: …}}, {path: {set: true}}, several keys (all of
them), {any: [condition, …]}; inside a list item a path means the same item. A condition may also
name a fact worked out from several answers (FACTS below: whether the victim was a minor).

The model's rules also say when a fact must *not* be given (excluded): a death date for a living
victim, a successor of a victim who has not died. Such a question is not asked, whatever the
definition says; a question the model needs is asked even where `when:` would leave it out.
"""

from __future__ import annotations

from datetime import date
from enum import Enum
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from .. import clock, fields
from ..models import Case, Localized, cross_check
from .data import MISSING, get, resolve

if TYPE_CHECKING:
    from .tree import Node, Tree


# --- the definition's conditions ----------------------------------------------------------------


def holds(tree: Tree, condition: Any, data: dict, at: tuple) -> bool:
    if condition is None:
        return True
    for key, expected in condition.items():
        if key == "any":
            ok = any(holds(tree, c, data, at) for c in expected)
        else:
            ok = _matches(_value(tree, key, data, at), expected)
        if not ok:
            return False
    return True


def _value(tree: Tree, path: str, data: dict, at: tuple) -> Any:
    if path in FACTS:
        return FACTS[path](data)
    value = get(data, resolve(path, at))
    if value is MISSING:
        node = tree.nodes.get(path)
        return node.default if node else None
    return value


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


# --- facts worked out from several answers ------------------------------------------------------


def _typed(model: type[BaseModel], name: str, value: Any) -> Any:
    try:
        return _adapter(model, name).validate_python(value)
    except ValidationError:
        return None


def victim_minor(data: dict) -> bool | None:
    """Under 18 at the incident, as the argument layer counts it (findings.py): from the birth
    date, else the answer to victim.minor. Before the incident date is known, the age today
    stands in for it: under 18 today is under 18 at any earlier incident."""
    from ..arguments.findings import ADULT_AGE, age_at
    from ..models import Incident, Victim

    victim = data.get("victim") if isinstance(data.get("victim"), dict) else {}
    incident = data.get("incident") if isinstance(data.get("incident"), dict) else {}
    born = _typed(Victim, "birth_date", victim.get("birth_date"))
    if born is None:
        minor = victim.get("minor")
        return minor if isinstance(minor, bool) else None
    day = _typed(Incident, "date", incident.get("date"))
    if day is None:
        return age_at(born, clock.today()) < ADULT_AGE or None
    return age_at(born, day) < ADULT_AGE


def appeal_late(data: dict) -> bool:
    """The appeal's time-limit has passed (arguments/deadline.py, the rules in deadlines.py):
    then the document asks to restore it and needs the reason (order.late_reason)."""
    if not isinstance(data.get("order"), dict):
        return False
    from ..arguments.deadline import appeal

    case = probe(Case, data)
    try:
        found = appeal(case, case.route.value if case.route else "judge", clock.today())
    except (TypeError, AttributeError, ValueError):
        return False
    return bool(found and found.passed)


FACTS = {"victim_minor": victim_minor, "appeal_late": appeal_late}


def opens_always(node: Node) -> bool:
    """The definition asks the group without "Is there …?" in every case."""
    return node.opts.get("open") is True


def opens(tree: Tree, node: Node, data: dict, path: tuple, probes: dict | None = None) -> bool:
    """An optional group asked straight away: the definition says so, or the model needs it."""
    condition = node.opts.get("open", False)
    if condition is True or (isinstance(condition, dict) and holds(tree, condition, data, path)):
        return True
    return needed(node, data, path, probes)


# --- the model's validators ---------------------------------------------------------------------


@cache
def _after_validators(model: type[BaseModel]) -> tuple:
    decorators = model.__pydantic_decorators__.model_validators.values()
    return tuple(d.func for d in decorators if d.info.mode == "after")


def needed(node: Node, data: dict, path: tuple, probes: dict | None = None) -> bool:
    """Whether the model's own validators call for this optional fact at this place: one of
    them fails with the fact absent and passes with a stand-in for it. `probes` keeps the
    owners already built during one walk over the questions."""
    checks = _after_validators(node.owner)
    if node.required or not checks:
        return False
    probes = {} if probes is None else probes
    base = _owner(node, data, path, probes)
    if base is None:
        return False
    without = base.model_copy(update={node.name: None})
    for check in checks:
        if not _passes(check, without):
            with_it = without.model_copy(update={node.name: _present(node)})
            if _passes(check, with_it):
                return True
    return False


def excluded(node: Node, data: dict, path: tuple, probes: dict | None = None) -> bool:
    """Whether the model's rules refuse this optional fact here: its owner's validators pass
    without it and fail with a stand-in for it (a death date while victim.deceased is false), or,
    for a top-level group, cross_check finds a problem in a stand-in for it (a successor while the
    victim has not died). A choice is left to the answer's own check."""
    if node.required or node.kind in ("list", "choice", "multi", "bool"):
        return False
    probes = {} if probes is None else probes
    checks = _after_validators(node.owner)
    base = _owner(node, data, path, probes) if checks else None
    if base is None and checks:  # nothing of the group answered yet: its defaults
        if ("defaults", node.owner) not in probes:
            probes["defaults", node.owner] = probe(node.owner, {})
        base = probes["defaults", node.owner]
    if base is not None:
        without = base.model_copy(update={node.name: None})
        if all(_passes(c, without) for c in checks):
            with_it = without.model_copy(update={node.name: _present(node)})
            if not all(_passes(c, with_it) for c in checks):
                return True
    if len(path) == 1 and node.kind == "group" and node.sub is not None:
        # an absent group has no problems of its own: those of a stand-in are the rules' refusal
        found = []
        for late in (True, False):
            if ("case", late) not in probes:
                probes["case", late] = probe(Case, data, late=late)
            stand_in = {node.name: probe(node.sub, {}, late=late)}
            try:
                problems = cross_check(probes["case", late].model_copy(update=stand_in))
            except (TypeError, AttributeError):
                return False
            found.append(_under(set(problems), node.name))
        return bool(found[0] & found[1])
    return False


def _under(problems: set[tuple[str, str]], name: str) -> set[tuple[str, str]]:
    return {p for p in problems if p[0] == name or p[0].startswith((name + ".", name + "["))}


def _owner(node: Node, data: dict, path: tuple, probes: dict) -> BaseModel | None:
    at = path[:-1]
    if at not in probes:
        owner = get(data, at) if at else data
        probes[at] = None if owner is MISSING else probe(node.owner, owner)
    return probes[at]


def refused(tree: Tree, node: Node, candidate: dict, path: tuple) -> str | None:
    """The message of a validator of the answer's group that this answer breaks, whatever the
    facts not given yet turn out to be (a guardian as a deceased victim's successor); None when
    the answer is fine or only calls for a further fact (a successor applicant: the successor)."""
    checks = _after_validators(node.owner)
    if not checks:
        return None
    at = path[:-1]
    owner = get(candidate, at) if at else candidate
    base = probe(node.owner, owner if isinstance(owner, dict) else {})
    prefix = tree.node_at(path).path.rsplit(".", 1)[0] + "." if at else ""
    fill = {
        name: _present(tree.nodes[prefix + name])
        for name in (f.name for f in fields.tree(type(base)))
        if getattr(base, name) is None and name != node.name and prefix + name in tree.nodes
    }
    filled = base.model_copy(update=fill)
    without = filled.model_copy(update={node.name: None})
    for check in checks:
        try:
            check(filled)
        except ValueError as e:
            if _passes(check, without):
                return str(e)
        except (TypeError, AttributeError):
            continue
    return None


def _passes(check: Any, instance: BaseModel) -> bool:
    try:
        check(instance)
    except (ValueError, TypeError, AttributeError):  # a stand-in the rule cannot read: no
        return False
    return True


def _present(node: Node) -> Any:
    """Some value of the node's type: validators ask whether a fact is there, not what it is."""
    if node.sub is not None:
        return [] if node.kind == "list" else _blank(node.sub)
    if node.kind == "text":
        return Localized.model_construct(ru="…", kk=None)
    stand_ins = {"date": date(2000, 1, 1), "bool": True, "int": 1, "multi": list(node.choices)}
    if node.kind == "choice":
        return node.choices[0]
    return stand_ins.get(node.kind, "…")


@cache
def _blank(model: type[BaseModel]) -> BaseModel:
    """A group as a stand-in, made once: the rules only read it (model_copy leaves it as is)."""
    return model.model_construct()


# --- the facts known so far, as the model ------------------------------------------------------


@cache
def _adapter(model: type[BaseModel], name: str) -> TypeAdapter:
    f = model.model_fields[name]
    return TypeAdapter(Annotated[(f.annotation, *f.metadata)] if f.metadata else f.annotation)


def probe(model: type[BaseModel], data: Any, late: bool = True) -> BaseModel:
    """The facts known so far as a model, unchecked. A fact the model requires that is missing
    or malformed gets a stand-in: the latest (late) or the earliest date, the last or first choice.
    Free text is only there or not (no rule reads what it says)."""
    data = data if isinstance(data, dict) else {}
    values: dict[str, Any] = {}
    for f in fields.tree(model):
        name = f.name
        value = data.get(name)
        if isinstance(value, BaseModel):  # a stand-in put in place by needed()
            values[name] = value
        elif f.kind == "text":
            present = value not in (None, "", {})
            values[name] = Localized.model_construct(ru="…", kk=None) if present else None
        elif f.kind == "model":
            if f.is_list:
                items = value if isinstance(value, list) else []
                values[name] = [probe(f.type, x, late) for x in items]
            elif value is not None or f.required:
                values[name] = probe(f.type, value, late)
            else:
                values[name] = None
        else:
            try:
                values[name] = _adapter(model, name).validate_python(value)
            except ValidationError:
                values[name] = None
            if values[name] is None and f.required:
                values[name] = _stand_in(f.type, late)
            elif values[name] is None:
                values[name] = f.new_default()
    return model.model_construct(**values)


def _stand_in(annotation: Any, late: bool) -> Any:
    if annotation is date:
        return date.max if late else date.min
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return list(annotation)[-1 if late else 0]
    return None


def crosscheck(data: dict) -> set[tuple[str, str]]:
    """models.cross_check on the facts known so far. It runs with late and with early stand-ins
    for the missing facts and keeps what both find, so a stand-in never makes a problem."""
    try:
        late = set(cross_check(probe(Case, data, late=True)))
        early = set(cross_check(probe(Case, data, late=False)))
    except (TypeError, AttributeError):  # a new rule reads a fact that has no stand-in
        return set()
    return late & early
