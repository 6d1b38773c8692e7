"""Wording of the intake questionnaire in Russian, Kazakh and English: Babel message catalogs.

The catalogs are src/complaintgen/locale/<lang>/LC_MESSAGES/complaintgen.po, read at run time
(no compile step). Messages are looked up by key (label:victim.iin, ui:saving_to, …); a key missing
in one language falls back to English, then to the key itself.

Messages of the case model (its validators, cross_check, kinds, admissibility) are English text
with values in it. Their translations are entries with msgctxt "model" whose msgid is the
English text with {placeholders}: "date {value} is in the future". A message that no entry
matches is shown as the model wrote it.
"""

from __future__ import annotations

import gettext
import io
import os
import re
from functools import cache
from pathlib import Path

from . import usercache

LANGS = ("ru", "kk", "en")
DEFAULT = "ru"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "complaintgen"
MODEL = "model"  # msgctxt of the model's messages

_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_FIELD = re.compile(r"\{(\w+)\}")


def ui_lang(explicit: str | None = None) -> str:
    """--ui-lang, else the locale (LC_ALL, LC_MESSAGES, LANG), else Russian."""
    if explicit:
        if explicit not in LANGS:
            raise ValueError(
                f"unknown interface language '{explicit}' (one of: {', '.join(LANGS)})"
            )
        return explicit
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            code = value.split("_")[0].split(".")[0].lower()
            return code if code in LANGS else DEFAULT
    return DEFAULT


@cache
def _catalog(lang: str) -> tuple[dict[str, str], tuple[tuple[str, str], ...]]:
    """(key → text, model-message (pattern, text) pairs) of one language, parsed once and kept
    in the user's cache (usercache) until the catalog changes."""
    path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    raw = path.read_bytes()
    texts, patterns = usercache.load(f"catalog-{lang}", [str(path), raw], lambda: _read(raw, lang))
    return texts, tuple(map(tuple, patterns))


def _read(raw: bytes, lang: str) -> tuple[dict[str, str], list[tuple[str, str]]]:
    from io import BytesIO

    from babel.messages.pofile import read_po

    catalog = read_po(BytesIO(raw), locale=lang, domain=DOMAIN)
    texts: dict[str, str] = {}
    patterns: list[tuple[str, str]] = []
    for message in catalog:
        if not message.id or not message.string or message.fuzzy:
            continue
        if message.context == MODEL:
            patterns.append((message.id, message.string))
        else:
            texts[message.id] = message.string
    # The longest literal text first, so "… is before incident.date (…)" wins over "… is before …".
    patterns.sort(key=lambda p: len(_FIELD.sub("", p[0])), reverse=True)
    return texts, patterns


@cache
def _patterns(lang: str) -> tuple[tuple[re.Pattern, str], ...]:
    """Compiled only when a model message is translated: most runs never need them."""
    return tuple((_compile(source), target) for source, target in _catalog(lang)[1])


def _compile(source: str) -> re.Pattern:
    parts = _FIELD.split(source)  # literal, name, literal, name, …
    rx = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(parts))
    return re.compile(f"^{rx}$", re.DOTALL)


def keys(lang: str) -> set[str]:
    return set(_catalog(lang)[0])


class Translator:
    """One interface language: t("ui:saving_to", path=…); t.get(key) for optional messages."""

    def __init__(self, lang: str):
        self.lang = lang if lang in LANGS else DEFAULT

    def get(self, key: str, **values: object) -> str | None:
        for lang in (self.lang, "en"):
            text = _catalog(lang)[0].get(key)
            if text is not None:
                return text.format(**values) if values else text
        return None

    def __call__(self, key: str, **values: object) -> str:
        found = self.get(key, **values)
        return key if found is None else found

    def first(self, *keys: str, **values: object) -> str | None:
        """The first of several keys that has a text: from the most to the least specific."""
        for key in keys:
            found = self.get(key, **values)
            if found is not None:
                return found
        return None

    def model(self, message: str) -> str:
        """A message of the case model in this language, with dates written as 09.03.2023."""
        message = message.removeprefix("Value error, ")
        if self.lang == "en":
            return message  # the model speaks English already, dates as the user typed them
        for lang in (self.lang, "en"):
            for pattern, target in _patterns(lang):
                m = pattern.match(message)
                if m:
                    return _dates(target.format(**m.groupdict()))
        parts = message.split("; ")  # several problems said at once: each has its own text
        if len(parts) > 1:
            return "; ".join(self.model(p).rstrip(".") for p in parts)
        return _dates(message)


def _dates(text: str) -> str:
    return _ISO.sub(lambda m: f"{m[3]}.{m[2]}.{m[1]}", text)


# --- click's own messages -----------------------------------------------------------------------

CLICK_DOMAIN = "click"  # locale/<lang>/LC_MESSAGES/click.po: msgid is click's English text
_CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "types", "utils")


@cache
def _click_translations(lang: str) -> gettext.NullTranslations:
    path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{CLICK_DOMAIN}.po"
    if not path.is_file():  # English: click's own words
        return gettext.NullTranslations()
    raw = path.read_bytes()
    # The compiled catalog is kept in the user's cache (usercache) until click.po changes:
    # Babel's import and its PO reader cost ~30 ms of every run.
    mo = usercache.load(f"click-{lang}", [str(path), raw], lambda: _compile_click(raw, lang))
    buffer = io.BytesIO(mo)
    return gettext.GNUTranslations(buffer)


def _compile_click(raw: bytes, lang: str) -> bytes:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    catalog = read_po(io.BytesIO(raw), locale=lang, domain=CLICK_DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)  # in memory: the .po stays the only file, plural rules included
    return buffer.getvalue()


def click_text(lang: str, text: str | None) -> str | None:
    """One of click's texts fixed before the language was known (--version's help)."""
    return _click_translations(lang if lang in LANGS else DEFAULT).gettext(text) if text else text


def click_messages(lang: str) -> None:
    """Usage errors, "Show this message and exit." and the rest of click's words in `lang`.

    click translates through gettext names bound in its modules at import, from the default
    domain's compiled .mo files; this package ships no .mo, so those names are pointed at the
    translations read from click.po instead."""
    import importlib

    translations = _click_translations(lang if lang in LANGS else DEFAULT)
    for name in _CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = translations.gettext
        if hasattr(module, "ngettext"):
            module.ngettext = translations.ngettext
