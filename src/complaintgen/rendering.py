"""Jinja environments for templates and snippets: the sandbox, and one for our own files.

Case text is data: every value a template prints is Markdown-escaped (so `*`, `#`, `1.`, `<b>`
and `&` print literally) unless it is Markup that we produced ourselves (a rendered snippet).
Undefined names are errors. Templates are compiled once per process.

Two environments with the same settings, filters and finalize (so the same escaping,
StrictUndefined, no "None", the same gaps): the sandbox (`environment`) for any template a
user or an organisation supplies (COMPLAINTGEN_HOME overrides, text given to compile_text),
and `trusted_environment` for the templates, wordings, phrases and snippets shipped in this
package (`resources.shipped`). Those are program code, reviewed like the rest of it; the
sandbox's checks on every attribute and call cost about a third of rendering a document's
words. A shipped text renders trusted only when the caller says it came from a shipped file
(`compile_file` by the file's path, `compile_text(trusted=True)`); a user's override of it is
another text, and renders in the sandbox.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from pathlib import Path
from types import FunctionType
from typing import Any

import jinja2
import jinja2.runtime
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from . import resources, usercache
from .errors import TemplateError
from .language import dates, kk, ru

GAP_WORD = {"ru": "УТОЧНИТЬ", "kk": "НАҚТЫЛАУ", "en": "TO COMPLETE"}
TRANSLATION = {"ru": "перевод", "kk": "аудармасы", "en": "translation"}
GAP_RE = re.compile(r"\[(?:УТОЧНИТЬ|НАҚТЫЛАУ|TO COMPLETE): [^\]]*\]")
_MD_SPECIAL = "\\`*_{}[]<>()#+-.!|~&:"
_MD_ESCAPES = str.maketrans({c: "\\" + c for c in _MD_SPECIAL})
# The backslash first: the later replacements add backslashes that must not be escaped again.
_MD_PAIRS = tuple((c, "\\" + c) for c in _MD_SPECIAL)


def md_escape(text: str) -> str:
    """Backslash-escape ASCII punctuation so Markdown prints it as it is."""
    # It runs for every value a template prints. str.translate is quick on ASCII text but
    # looks every character of Cyrillic text up in a dict (~0.1 µs each: 37 µs for a paragraph
    # of facts); a substring test per special character, and a replace for those present, is
    # ten times quicker there. Both give the same string.
    if text.isascii():
        return text.translate(_MD_ESCAPES)
    for c, escaped in _MD_PAIRS:
        if c in text:
            text = text.replace(c, escaped)
    return text


class Gap(str):
    """A visible marker for a missing fact: [УТОЧНИТЬ: …]."""


# A translation gap travels through the templates as the original text between two private-use
# characters (the converter strips them from case text), so it survives concatenation (`~`) and
# is escaped exactly once like any case text; `finish` turns each into its visible marker.
OPEN, CLOSE = "\ue000", "\ue001"
_FOREIGN = re.compile(f"{OPEN}(.*?){CLOSE}", re.S)


class Foreign(str):
    """Case text that exists only in another language: never pasted silently into this one. It
    prints as a highlighted translation gap quoting the original for the translator (escaped:
    case text is data, never Markdown), and is not inflected."""

    lang: str
    original: str

    def plain(self) -> str:
        """The marker as plain text, for an organisation's DOCX template (no Markdown there)."""
        return f"[{GAP_WORD[self.lang]}: {TRANSLATION[self.lang]} — «{self.original}»]"


def strip_markers(text: str) -> str:
    """Case text never carries the characters that delimit a translation gap."""
    return text.replace(OPEN, "").replace(CLOSE, "")


def finish(text: str, state: RenderState | None = None) -> str:
    """Rendered text with each translation gap shown as [НАҚТЫЛАУ: аудармасы — «…»]; with a
    state, the fields behind the gaps that the text really shows are listed as gaps."""

    def marker(m: re.Match) -> str:
        inner = m.group(1)
        if state is not None:
            label = state.pending.get(inner)
            if label and label not in state.gaps:
                state.gaps.append(label)
        lang = state.lang if state is not None else "ru"
        return f"[{GAP_WORD[lang]}: {TRANSLATION[lang]} — «{inner}»]"

    return _FOREIGN.sub(marker, text)


@dataclass
class RenderState:
    """What one rendering collected: gaps (missing facts), and notes: the fields whose text
    exists only in another language and is printed as written."""

    lang: str
    gaps: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    said: list[tuple[Any, str]] = field(default_factory=list)  # (item, its words), for explain
    translated: list[str] = field(default_factory=list)  # put in this language by the vocabulary
    pending: dict[str, str] = field(default_factory=dict)  # escaped original → its gap label
    # Every gap() call in order while set: what rendering an item did, to do again from a cache.
    log: list[str] | None = field(default=None, repr=False, compare=False)

    def gap(self, label: str) -> Gap:
        if self.log is not None:
            self.log.append(label)
        if label not in self.gaps:
            self.gaps.append(label)
        return Gap(f"[{GAP_WORD[self.lang]}: {label}]")

    def translation(self, path: str, original: str) -> Foreign:
        """A text the file gives only in another language: shown with the original quoted for
        the translator, and listed as a gap by its field once `finish` finds it in the text."""
        flat = " ".join(strip_markers(original).split())
        out = Foreign(f"{OPEN}{flat}{CLOSE}")
        out.lang, out.original = self.lang, flat
        self.pending.setdefault(md_escape(flat), f"{TRANSLATION[self.lang]}: {path}")
        return out


def _finalize(value: Any) -> str:
    if type(value) is str:  # most printed values: case text, plain strings
        return md_escape(value)
    if value is None:
        # A template printed a missing value without need(); never let "None" into a filing.
        raise TemplateError("template printed a missing value; wrap it in need(...) or {% if %}")
    if type(value) is Markup:  # an item's words or a phrase: joined as they are
        return value
    if isinstance(value, Foreign):
        return md_escape(str(value))  # case text: escaped once; its markers are not punctuation
    if isinstance(value, Markup | Gap):
        return str(value)
    if isinstance(value, date):
        raise TemplateError("template printed a raw date; use a date filter (date, dated, …)")
    return md_escape(str(value))


def _date_filter(fmt: Callable[[date, str], str]) -> Callable[..., Any]:
    # A case has a handful of dates, printed in every document: Babel formats each once.
    memo = lru_cache(maxsize=4096)(fmt)

    @jinja2.pass_context
    def apply(ctx: jinja2.runtime.Context, value: date | None) -> Any:
        if not isinstance(value, date):
            return value  # None (for need()), a gap, or a redaction placeholder
        return memo(value, ctx["lang"])

    return apply


@jinja2.pass_context
def _need(ctx: jinja2.runtime.Context, value: Any, label: str) -> Any:
    if value is None or value == "" or value == []:
        return ctx["_state"].gap(label)
    return value


@jinja2.pass_context
def _decline(ctx: jinja2.runtime.Context, value: Any, case: str) -> Any:
    """A title or institution in another grammatical case: ru via pymorphy3, kk by suffix rules."""
    if value is None or isinstance(value, Gap):
        return value
    lang = ctx["lang"]
    if isinstance(value, Foreign):
        return value  # already a translation gap: the translator declines it
    if lang == "ru":
        return ru.decline_phrase(value, case)
    if lang == "kk":
        return kk.inflect_phrase(value, case)
    return value


@jinja2.pass_context
def _written_in_ru(ctx: jinja2.runtime.Context, value: Any, path: str) -> Any:
    """A field the file writes once, in Russian (an article of the УК as typed): in a Kazakh
    document, when it is no shape the code can cite in Kazakh, a visible translation gap quoting
    it rather than Russian passed off as Kazakh (English quotes Russian originals, as the CAT
    communication does with every Russian-only fact)."""
    if not isinstance(value, str) or isinstance(value, Gap | Foreign) or ctx["lang"] != "kk":
        return value
    return ctx["_state"].translation(path, value)


_DICT_ATTRIBUTES = frozenset(dir(dict))


class _DictKeysFirst:
    """Template data's plain dicts read by key without an exception per key: `it.date` on a
    dict tries the attribute first and reads the key after the AttributeError; a key that is no
    dict attribute gives the same answer read directly."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)  # type: ignore[misc]


class _Sandbox(_DictKeysFirst, ImmutableSandboxedEnvironment):
    """The sandbox, for every template that does not ship with the package."""


class _TrustedContext(jinja2.runtime.Context):
    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        # Our templates call plain functions (say, phrase, g, cite) ~60 times a document; the
        # general path asks each, and its __call__, for the pass_context marker first.
        if type(__obj) is FunctionType and not hasattr(__obj, "jinja_pass_arg"):
            if kwargs:
                kwargs.pop("_block_vars", None)
                kwargs.pop("_loop_vars", None)
            try:
                return __obj(*args, **kwargs)
            except StopIteration:
                return __self.environment.undefined("a callable raised StopIteration")
        return super().call(__obj, *args, **kwargs)


class _Trusted(_DictKeysFirst, jinja2.Environment):
    """Our shipped templates: no sandbox."""

    context_class = _TrustedContext


@cache
def environment() -> ImmutableSandboxedEnvironment:
    """The sandbox: for every template that does not ship with the package."""
    return _configured(_Sandbox)


@cache
def trusted_environment() -> jinja2.Environment:
    """For the templates, wordings, phrases and snippets shipped in the package only."""
    return _configured(_Trusted)


def _configured(cls: type[jinja2.Environment]) -> Any:
    env = cls(
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters.update(
        date=_date_filter(dates.format_date),
        dated=_date_filter(dates.format_date_dated),
        on=_date_filter(dates.format_date_on),
        dateline=_date_filter(dates.format_date_line),
        numeric=_date_filter(lambda d, _lang: dates.format_date_numeric(d)),
        need=_need,
        written_in_ru=_written_in_ru,
        decline=_decline,
        capfirst=lambda s: s[:1].upper() + s[1:] if isinstance(s, str) else s,
    )
    return env


@cache
def compile_file(path: Path) -> jinja2.Template:
    """A template file: trusted if it ships in the package, else in the sandbox."""
    env = trusted_environment() if resources.shipped(path) else environment()
    try:
        return usercache.template(env, path.read_text(encoding="utf-8"), str(path))
    except jinja2.TemplateSyntaxError as e:
        raise TemplateError(f"{path}:{e.lineno}: template syntax error: {e.message}") from e


@cache
def compile_text(source: str, name: str, trusted: bool = False) -> jinja2.Template:
    """A template's text; `trusted` only for text read from a file shipped in the package."""
    env = trusted_environment() if trusted else environment()
    try:
        return usercache.template(env, source, name)
    except jinja2.TemplateSyntaxError as e:
        raise TemplateError(f"{name}:{e.lineno}: template syntax error: {e.message}") from e


def template_path(kind: str, lang: str) -> Path:
    return _template_path(kind, lang, resources.search_path("templates"))


@cache
def _template_path(kind: str, lang: str, _where: tuple[Path, ...]) -> Path:
    # Found once per process and search path (a stat per folder, per document, otherwise).
    path = resources.find("templates", f"{lang}/{kind}.md.j2")
    if path is None:
        raise TemplateError(f"no {lang} template for '{kind}' (templates/{lang}/{kind}.md.j2)")
    return path


def render(template: jinja2.Template, context: dict[str, Any], where: str) -> str:
    try:
        return template.render(context)
    except TemplateError:
        raise
    except jinja2.UndefinedError as e:
        raise TemplateError(f"{where}: {e.message}") from e
    except jinja2.exceptions.SecurityError as e:
        raise TemplateError(f"{where}: refused by the sandbox: {e}") from e
    except jinja2.TemplateError as e:
        raise TemplateError(f"{where}: {e}") from e
