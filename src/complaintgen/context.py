"""Turn a Case into what a template sees, for one language: texts picked, names declined.

The context mirrors the model (so template variables map to model fields) with these changes:
free texts become strings in the document language; people gain their declined forms; enums
become their codes; derived values (facts, missed steps, deadline, attachments) are added.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from enum import Enum
from functools import cache, lru_cache
from typing import Any

import yaml
from markupsafe import Markup
from pydantic import BaseModel

from . import arguments, kinds, resources, snippets, usercache, vocabulary, yamlfast
from .arguments import deadline, law, parties
from .arguments.items import Argument, Item, Ref
from .errors import TemplateError
from .language import KK_CASES, RU_CASES, kk, ru
from .models import Case, FullName, Gender, Localized
from .redaction import Redactor, initials_person
from .rendering import Foreign, RenderState, compile_text, environment, strip_markers


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
        t = type(v)
        if v is None or t in _PLAIN:  # most fields: one type test, not a chain of isinstance
            return v
        if t is str:
            return strip_markers(hide.scrub(v) if hide else v)
        if isinstance(v, Localized):
            text, fell_back = v.pick(self.lang)
            text = strip_markers(hide.scrub(text) if hide else text)
            if fell_back:
                note = re.sub(r"\[\d+\]", "[]", path)  # one note for all items of a list
                if note not in self.state.notes:
                    self.state.notes.append(note)
                if self.lang == "en" and v.ru:
                    # The English CAT communication quotes the Russian original: the file has
                    # no English text, and Russian is a working language of the Committee.
                    return text
                if self.lang == "en":  # Kazakh only: the vocabulary has no English, so a gap
                    return self.state.translation(path, text)
                src = "kk" if self.lang == "ru" else "ru"
                known = vocabulary.translate(text, src, self.lang)
                if known:  # a body, place or position the vocabulary has in both languages
                    if note not in self.state.translated:
                        self.state.translated.append(note)
                    return known
                return self.state.translation(path, text)
            return text
        if isinstance(v, FullName):
            return self.person(v, None)
        if isinstance(v, BaseModel):
            return self.model(v, path)
        if isinstance(v, list):
            return [self.value(x, f"{path}[{i}]") for i, x in enumerate(v)]
        if isinstance(v, Enum):
            return v.value
        if isinstance(v, str):
            return strip_markers(hide.scrub(v) if hide else v)
        return v

    def person(self, name: FullName, gender: str | None) -> dict[str, Any]:
        if self.hide and self.hide.hides_name(name):
            return initials_person(name, gender or guess_gender(name), self.lang)
        return person(name, gender, self.lang)

    def model(self, m: BaseModel, path: str) -> dict[str, Any]:
        names = _field_names(type(m))
        out = {
            name: self.value(getattr(m, name), f"{path}.{name}" if path else name) for name in names
        }
        if "name" in names and isinstance(m.name, FullName):  # type: ignore[attr-defined]
            gender = getattr(m, "gender", None) if "gender" in names else None
            g = gender.value if isinstance(gender, Gender) else None
            out["name"] = self.person(m.name, g)  # type: ignore[attr-defined]
            out.update(out["name"])
        return out


_PLAIN = frozenset({bool, int, float, date})


@cache
def _field_names(model: type[BaseModel]) -> tuple[str, ...]:
    # Read once per class: pydantic's class property costs a call, and a missing attribute
    # (getattr(m, "name", None) on a model without one) goes through its __getattr__.
    return tuple(model.model_fields)


def facts(case: Case) -> dict[str, bool]:
    """The named facts that decide which arguments a document makes (snippets/README.md)."""
    return arguments.find(case).facts


def appeal_deadline(case: Case, today: date, route: str | None = None) -> dict[str, Any] | None:
    """The appeal's last day as a mapping (organisation templates, packet index, intake)."""
    d = deadline.appeal(case, route or case.route.value, today)
    if d is None:
        return None
    return {
        "start": d.start,
        "last_day": d.last_day,
        "basis": d.basis,
        "days_left": d.days_left,
        "passed": d.passed,
    }


@cache
def phrasebook(lang: str) -> dict[str, Any]:
    """Fixed phrases of one language: phrases.yaml plus phrases.<kind>.yaml of each document.

    Top-level keys merge across files; a user's file (COMPLAINTGEN_HOME) wins over shipped ones.
    """
    book: dict[str, Any] = {}
    for directory in resources.search_path("templates"):
        for path in sorted((directory / lang).glob("phrases*.yaml")):
            _merge(book, path, "phrase groups")
    return book


@lru_cache(maxsize=4096)
def _phrase_source(lang: str, key: str) -> str:
    """The text of a phrase key (`steps.no_sme.argument`) in the phrasebook of a language."""
    node: Any = phrasebook(lang)
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            raise TemplateError(f"templates/{lang}/phrases.yaml has no '{key}'")
        node = node[part]
    if not isinstance(node, str):
        raise TemplateError(f"templates/{lang}/phrases.yaml: '{key}' is not a phrase")
    return node


@lru_cache(maxsize=32768)
def _fragment(
    name: str,
    source: str,
    lang: str,
    gender: str,
    facts: frozenset[tuple[str, bool]],
    voice: str = "third",
    trusted: bool = False,
) -> tuple[str, tuple[str, ...]]:
    """A phrase or snippet rendered for one language, gender, voice (the victim's own document
    speaks as «я») and set of facts: the only things it can see, so the same inputs give the
    same text and each is rendered once per process."""
    state = RenderState(lang)

    def g(male: str, female: str) -> str:
        return female if gender == "female" else male

    def gp(p: dict | None, male: str, female: str) -> str:
        return female if (p or {}).get("gender") == "female" else male

    small = {"g": g, "gp": gp, "facts": dict(facts), "lang": lang, "voice": voice, "_state": state}
    return compile_text(source, name, trusted).render(small).strip(), tuple(state.gaps)


_SPACES = re.compile(r"(?<=\S)[ \t]{2,}|[ \t]+(?=[.,;:])")


def _squeeze(text: str) -> str:
    """Runs of spaces in the words of an item made one, none before punctuation."""
    # Most items have nothing to squeeze; these substring tests are what _SPACES can match
    # (two blanks in a row, or a blank before . , ; :) and cost far less than its scan.
    if "\t" in text or "  " in text or " ." in text or " ," in text or " ;" in text or " :" in text:
        return _SPACES.sub(" ", text)
    return text


_PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def resolve(ctx: dict[str, Any], path: str) -> Any:
    """The converted value at a field path of the case: `incident.perpetrators[0].name`."""
    node: Any = ctx
    for name, index in _PATH_PART.findall(path):
        if node is None:
            return None
        node = node[int(index)] if index else node.get(name)
    return node


def _resolved(ctx: dict[str, Any], value: Any) -> Any:
    if type(value) in _ATOMS:  # most of an item's data: one type test, not three
        return value
    if isinstance(value, Ref):
        return resolve(ctx, value.path)
    if isinstance(value, dict):
        return {k: _resolved(ctx, v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_resolved(ctx, v) for v in value]
    return value


@cache
def wording(lang: str, kind: str) -> dict[str, str]:
    """The words of each item key: templates/<lang>/<kind>.yaml over common.yaml (a user's files,
    COMPLAINTGEN_HOME, over the shipped ones)."""
    book: dict[str, str] = {}
    shared = kinds.KINDS[kind].wording if kind in kinds.KINDS else ()
    for name in (f"{kind}.yaml", *shared, "common.yaml"):
        for directory in resources.search_path("templates"):
            path = directory / lang / name
            if not path.is_file():
                continue
            _merge(book, path, "item keys to wording")
    return book


def build(
    case: Case,
    kind: str,
    lang: str,
    state: RenderState,
    today: date,
    hide: Redactor | None = None,
    route: str | None = None,
) -> dict[str, Any]:
    ctx: dict[str, Any] = _converted(case, lang, state, hide)
    found = _per_case(case, ("find",), lambda: arguments.find(case))
    fact = found.facts
    victim_gender = case.victim.gender.value

    def by_gender(gender: str | None, male: str, female: str) -> str:
        return female if gender == "female" else male

    def g(male: str, female: str) -> str:
        return by_gender(victim_gender, male, female)

    def gp(p: dict | None, male: str, female: str) -> str:
        return by_gender((p or {}).get("gender"), male, female)

    # A frozenset keeps its hash: it is part of the key of every phrase and snippet rendered.
    fact_key = frozenset(fact.items())
    voice = parties.voice(parties.signer_role(case), kind)
    if _WORDS_ON.get():
        _book_names(lang, kind)  # which names each wording reads, for _words_memo

    def fragment(name: str, source: str, trusted: bool) -> Markup:
        text, gaps = _fragment(name, source, lang, victim_gender, fact_key, voice, trusted)
        for label in gaps:
            state.gap(label)
        return _markup(text)

    def phrase(key: str) -> Markup:
        node = _phrase_source(lang, key)
        return fragment(f"phrases.yaml:{key}", node, node in _SHIPPED_TEXTS)

    def snippet(snippet_id: str) -> Markup:
        s = snippets.get(snippet_id)
        if lang not in s.text:
            raise TemplateError(f"snippet '{s.id}' has no '{lang}' text ({s.path})")
        return fragment(f"{s.path} [{lang}]", s.text[lang], resources.shipped(s.path))

    def kin(person: dict[str, Any] | None) -> str | None:
        """The relation of a relative who files, as a key of `relations` in the phrasebook, in
        the relative's gender where the word has one («сестра», not «брат (сестра)»)."""
        relation = (person or {}).get("relation")
        gender = (person or {}).get("gender")
        if relation in _GENDERED_KIN and gender in ("male", "female"):
            return f"{relation}_{gender}"
        return relation

    def me(grammatical_case: str) -> Markup:
        """The victim in the facts: «я» in the victim's own document, else «потерпевший»."""
        return phrase(f"voice.{voice}.{grammatical_case}")

    def cite(law_id: str) -> str:
        if law_id not in law.LAW:
            raise TemplateError(f"no provision '{law_id}' in arguments/law.py")
        return law.cite(law_id, lang)

    seen: list[dict[str, Any]] = []  # what every item's wording sees: made once, on first use

    def words(item: Item, source: str, extra: dict[str, Any]) -> str:
        data = {**_resolved(ctx, item.data), **extra}
        name = f"templates/{lang}/{kind}.yaml:{item.key}"
        template = compile_text(source, name, source in _SHIPPED_TEXTS)
        if not seen:  # ctx is complete by the time the document's template says its items
            seen.append({**template.globals, **ctx})
        text = _squeeze(_render_item(template, seen[0], data)).strip()
        if part := extra.get("part"):  # the signature's two cells: place and date | who signs
            halves = [*re.split(r"\n\s*\n", text, maxsplit=1), ""]
            text = halves[0 if part == "place" else 1].strip()
        return text

    book = wording(lang, kind)

    def say(item: Item, **extra: Any) -> Markup:
        """The words of one decided item in this language; recorded for `explain`."""
        if item.snippet:
            text = str(snippet(item.snippet))
        else:
            source = book.get(item.key)
            if source is None:
                raise TemplateError(f"templates/{lang}/{kind}.yaml has no wording for '{item.key}'")
            memo, key = _words_memo(case, hide, source, item, extra, lang, kind)
            if memo is _WORDS:  # across cases: the few facts it sees are part of the key
                key += _few_key(_reach(source)[3], victim_gender, voice, fact_key, today)
            elif memo is not None:  # within a case: its documents of one day, route and voice
                key += (today, route, voice)
            known = memo.get(key) if memo is not None else None
            if known is not None and (memo is _WORDS or known[0] is case):
                _, text, labels = known
                for label in labels:  # the gaps the words show, as rendering them records them
                    state.gap(label)
            else:
                outer, state.log = state.log, []
                try:
                    text = words(item, source, extra)
                finally:
                    labels, state.log = tuple(state.log), outer
                    if outer is not None:
                        outer.extend(labels)
                if memo is not None:
                    if len(memo) >= _WORDS_MAX:
                        memo.clear()
                    memo[key] = (case if memo is not _WORDS else None, text, labels)
        state.said.append((item, text))
        return _markup(text)

    ctx.update(
        kind=kind,
        lang=lang,
        today=today,
        facts=fact,
        g=g,
        gp=gp,
        phrase=phrase,
        snippet=snippet,
        cite=cite,
        say=say,
        me=me,
        kin=kin,
        voice=voice,
        applicable_snippets=snippets.applicable(kind, fact),
        redacted=hide is not None,
        _state=state,
    )
    role = parties.signer_role(case)
    ctx["signer"] = resolve(ctx, parties.signer_path(role) or "victim")
    addressee = ctx.get("addressee")
    if addressee is not None and not addressee.get("title_dat"):
        addressee = ctx["addressee"] = dict(addressee)  # a converted case may be shared
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
            "details": resolve(ctx, details) if details else None,
        }
        for code, details in found.missed
    ]
    ctx["deadline"] = appeal_deadline(case, today, route) if kind == "appeal" else None
    ctx["days_since_incident"] = (today - case.incident.date).days
    ctx["attachments"] = ctx["evidence"]
    doc: Argument | None = None
    if kinds.stage_problem(case, kind) is None:
        # The same decisions for every language of a kind (the words differ, not the argument).
        doc = _per_case(
            case,
            ("argue", kind, today, route),
            lambda: kinds.argue(case, kind, today, route, found),
        )
    ctx["doc"] = doc
    return ctx


def _render_item(template: Any, seen: dict[str, Any], data: dict[str, Any]) -> str:
    """template.render({**ctx, "it": data}), without copying the document's context (about 70
    names) for each item twice: the context is shared, `it` is the item's own variable."""
    env = template.environment
    context = env.context_class(env, seen, template.name, template.blocks, globals=None)
    context.vars["it"] = data
    try:
        return env.concat(template.root_render_func(context))
    except Exception:
        env.handle_exception()
    raise AssertionError("unreachable")  # handle_exception always raises


def _markup(text: str) -> Markup:
    """Markup(text) for a plain str we made, without markupsafe's Python-level __new__ (~50
    items and phrases a document): the same object."""
    return str.__new__(Markup, text)


# Relations whose word differs by the relative's gender (phrasebook keys «sibling_female», …).
_GENDERED_KIN = frozenset({"sibling", "grandparent", "grandchild"})


# --- the words of items that see few facts, kept across documents (a batch) ----------------

# What a wording may name for its words to depend on the item's own data and these few facts
# alone (language, kind, the victim's gender, the voice, the named facts, today), never on
# the case's converted text: such words are the same in every document with the same ones.
_FEW = frozenset({"it", "phrase", "snippet", "cite", "me", "voice", "g", "gp", "lang", "kind"})
_FEW |= {"facts", "today"}
_WORDS: dict[tuple, tuple[str, tuple[str, ...]]] = {}
_WORDS_MAX = 4096  # bounded: a long batch keeps memory flat (clears when full)
_WORDS_ON: ContextVar[bool] = ContextVar("complaintgen_words_memo", default=False)
_ATOMS = frozenset({str, int, float, bool, type(None), date})


# What differs between two documents of one case in one language: the kind and what follows
# from it (its argument, its deadline, its snippets, the words `say` picks for it).
_PER_DOCUMENT = frozenset({"kind", "doc", "deadline", "applicable_snippets", "say"})


_NAMES: dict[str, frozenset[str]] = {}


def _names(source: str) -> frozenset[str]:
    """The names a wording reads from its context (from its syntax tree, once)."""
    names = _NAMES.get(source)
    if names is None:
        names = _NAMES[source] = frozenset(_parse_names(source))
    return names


def _parse_names(source: str) -> list[str]:
    import jinja2.meta

    return sorted(jinja2.meta.find_undeclared_variables(environment().parse(source)))


@cache
def _book_names(lang: str, kind: str) -> None:
    """The names of every wording of a book, kept in the user's cache (keyed by the wordings
    and Jinja's version): parsing ~500 wordings costs ~1.5 s, every batch and every worker."""
    import jinja2

    sources = sorted(set(wording(lang, kind).values()))
    found = usercache.load(
        f"wording-names-{lang}-{kind}",
        ["wording-names", jinja2.__version__, *sources],
        lambda: {source: _parse_names(source) for source in sources},
    )
    for source, names in found.items():
        _NAMES.setdefault(source, frozenset(names))


# Which of the few facts each name of _FEW lets a wording see: phrases and snippets are
# rendered for the victim's gender and the named facts, `me` is a phrase of the voice.
_FEW_SEES = {
    "phrase": ("gender", "facts", "voice"),
    "snippet": ("gender", "facts", "voice"),
    "me": ("gender", "facts", "voice"),
    "facts": ("facts",),
    "g": ("gender",),
    "voice": ("voice",),
    "today": ("today",),
}


@cache
def _few_seen(names: frozenset[str]) -> frozenset[str]:
    return frozenset(what for name in names for what in _FEW_SEES.get(name, ()))


def _few_key(sees: frozenset[str], gender: str, voice: str, facts: frozenset, today: date) -> tuple:
    """The few facts a wording that sees only _FEW can see, as part of its words' key: a
    wording that names no phrase, fact or gender gives the same words in every case."""
    return (
        gender if "gender" in sees else None,
        voice if "voice" in sees else None,
        facts if "facts" in sees else None,
        today if "today" in sees else None,
    )


@lru_cache(maxsize=8192)
def _reach(source: str) -> tuple[bool, bool, bool, frozenset[str]]:
    """What the words of a wording can depend on, from the names it reads (worked out once per
    wording, not per item said): whether it sees only _FEW, whether it sees anything that
    differs between documents (_PER_DOCUMENT), whether it names the kind, and which of the few
    facts it sees."""
    names = _names(source)
    return names <= _FEW, bool(names & _PER_DOCUMENT), "kind" in names, _few_seen(names)


def _sees_few(source: str) -> bool:
    """Whether a wording names only what _FEW allows."""
    return _names(source) <= _FEW


def _words_memo(
    case: Case,
    hide: Redactor | None,
    source: str,
    item: Item,
    extra: dict[str, Any],
    lang: str,
    kind: str,
) -> tuple[dict | None, tuple]:
    """Where the words of an item may be kept, and under which key, or (None, ())

    - across cases (a batch, _WORDS_ON): a wording that sees only _FEW; the key holds the
      item's own data and (added by the caller) the few facts it may see;
    - within one case (per_case, in a batch), across its documents in one language: one that sees
      nothing that differs from document to document (_PER_DOCUMENT) gives the same words for
      the same item data; the facts it reads are the case's, converted once per language.
    Neither for a redacted document (its facts are converted for it alone).
    The caller has read the book's names (_book_names) once for the document."""
    if not _WORDS_ON.get():  # one document or two (generate): the names cost more than this
        return None, ()
    few, per_document, names_kind, _ = _reach(source)
    memo = _CASE_MEMO.get()
    within = memo is not None and hide is None and not per_document
    if not (few or within):
        return None, ()
    # An item's data as a key, made once per item: each is said in every language of its kind.
    made = memo.get(("data", id(item))) if memo is not None else None
    if made is None or made[0] is not item:
        refs: list[str] = []  # the facts of the case the data names by path (Ref), if any
        try:
            made = (item, _frozen(item.data, refs), tuple(refs))
        except _Unfrozen:  # a value of another kind, or a fact of a document's own
            made = (item, None, ())
        if memo is not None:
            memo[("data", id(item))] = made
    if made[1] is None:
        return None, ()
    refs = list(made[2])
    try:
        data = (made[1], _frozen(extra, refs) if extra else _NO_EXTRA)
    except _Unfrozen:
        return None, ()
    if few and not refs:
        own = kind if names_kind else None  # common.yaml's items: the same in any kind
        return _WORDS, (source, item.key, lang, own, *data)
    if within:  # a fact of the case (a Ref) is the same in each document of one language
        return memo, ("words", id(case), lang, source, item.key, *data)
    return None, ()


class _Unfrozen(Exception):
    pass


_NO_EXTRA = (dict, ())  # _frozen({})


def _frozen(value: Any, refs: list[str] | None = None) -> Any:
    """A value of an item's data as a key; exact types, since a str subclass (Markup, a
    translation gap) prints differently from the same characters as plain text. With `refs`,
    a fact of the case by its path, listed there (resolved in the case's converted data, the
    same in each document of one language), unless the path starts at a document's own name."""
    t = type(value)
    if t is str:  # the commonest; no tuple, and a str never equals a key of another type
        return value
    if t is dict:
        return (t, tuple([(k, _frozen(v, refs)) for k, v in value.items()]))
    if t in _ATOMS:  # tagged: True == 1 == 1.0, yet they print differently
        return (t, value)
    if t is list or t is tuple:
        return (t, tuple([_frozen(v, refs) for v in value]))
    root = value.path.split(".")[0].split("[")[0] if t is Ref else None
    if refs is not None and root is not None and root not in _PER_DOCUMENT:
        refs.append(value.path)
        return (t, value.path)
    raise _Unfrozen


# --- what depends on the case alone, worked out once for all its documents -----------------

_CASE_MEMO: ContextVar[dict | None] = ContextVar("complaintgen_case_memo", default=None)


@contextmanager
def per_case(words: bool = False) -> Iterator[None]:
    """Within it, what a document needs that depends on the case alone (its conversion for a
    language, the findings, the decided argument of a kind) is worked out once and shared by
    the documents rendered meanwhile. For a caller that renders one case's documents in a row
    and does not change the case meanwhile (batch, generate).

    `words`: also keep, across cases, the words of items that see few facts (_FEW); worth it
    for many documents (a batch), not for one (reading each wording's names costs more)."""
    token = _CASE_MEMO.set({})
    words_token = _WORDS_ON.set(words)
    try:
        yield
    finally:
        _WORDS_ON.reset(words_token)
        _CASE_MEMO.reset(token)


def _per_case(case: Case, key: tuple, make: Callable[[], Any]) -> Any:
    memo = _CASE_MEMO.get()
    if memo is None:
        return make()
    entry = memo.get((id(case), *key))
    if entry is None or entry[0] is not case:  # the case itself is kept, so its id stays its own
        entry = memo[(id(case), *key)] = (case, make())
    return entry[1]


def _converted(case: Case, lang: str, state: RenderState, hide: Redactor | None) -> dict[str, Any]:
    """The case as template data in one language (a fresh top-level dict: build adds to it).

    Within per_case and without a Redactor, converted once per language; what converting notes
    in the state (texts found only in another language, translation gaps pending) is recorded
    and added to each document's state as converting would have added it."""
    if hide is not None or _CASE_MEMO.get() is None:
        return _Converter(lang, state, hide).model(case, "")

    def convert() -> tuple[dict[str, Any], RenderState]:
        seen = RenderState(lang)
        return _Converter(lang, seen, None).model(case, ""), seen

    data, seen = _per_case(case, ("converted", lang), convert)
    for note in seen.notes:
        if note not in state.notes:
            state.notes.append(note)
    for note in seen.translated:
        if note not in state.translated:
            state.translated.append(note)
    for escaped, label in seen.pending.items():
        state.pending.setdefault(escaped, label)
    return dict(data)


# Every text of the phrase and wording files shipped in the package, as read: such a text is
# program code and renders without the sandbox (rendering.trusted_environment). A user's file
# (COMPLAINTGEN_HOME) adds nothing here, so its texts render in the sandbox unless they are,
# character for character, a shipped text.
_SHIPPED_TEXTS: set[str] = set()


def _texts(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _texts(value)
    elif isinstance(node, list):
        for value in node:
            yield from _texts(value)


def _parse(text: str) -> Any:
    return yamlfast.safe_load(text)


def _merge(book: dict[str, Any], path, what: str) -> None:
    """Add a YAML mapping's top-level keys to book; a key already there (an earlier file) wins."""
    text = path.read_text(encoding="utf-8")
    try:
        # Parsed once and kept in the user's cache (usercache) until the file changes: the
        # phrase and wording files cost every run ~10 ms of YAML. A file whose data marshal
        # cannot keep (a YAML date) is parsed every run; one that does not parse is never kept.
        name = f"yaml-{path.parent.name}-{path.name}-{zlib.crc32(str(path).encode()):08x}"
        data = usercache.load(name, [str(path), text], lambda: _parse(text)) or {}
    except yaml.YAMLError as e:
        raise TemplateError(f"{path}: not valid YAML: {e}") from e
    if not isinstance(data, dict):
        raise TemplateError(f"{path}: expected a mapping of {what}")
    if resources.shipped(path):
        _SHIPPED_TEXTS.update(_texts(data))
    for key, value in data.items():
        book.setdefault(key, value)
