"""Find Russian words left in a Kazakh text (a gap the translator must close).

A word counts as Russian when pymorphy3's Russian dictionary knows it as a common word (not only
as a first name, surname, patronymic or place name) and it is not a Kazakh word: words with a
Kazakh-only letter never are, and the caller passes an allow-list of Kazakh words that happen to
be spelt like Russian ones (бас, сот, мен, полиция, прокурор). `kazakh_words()` builds that list
from the shipped Kazakh texts, so a test can check rendered kk documents with
`russian_words(text, kazakh_words() | proper_names)`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from .script import KAZAKH_ONLY as _KAZAKH_ONLY

__all__ = ["RUSSIAN_ABBREVIATIONS", "kazakh_words", "russian_words", "words"]

_WORD = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]+")
_PROPER = {"Name", "Surn", "Patr", "Geox"}

# Russian abbreviations a dictionary does not know; their Kazakh counterparts differ (ДП → ПД,
# ИВС → УҰИ, УПК → ҚПК), so meeting one in a Kazakh text means an untranslated Russian term.
RUSSIAN_ABBREVIATIONS = frozenset(
    {"ДП", "ДВД", "УП", "РУП", "ГУП", "ОП", "ИВС", "СИЗО", "ДУИС", "КУИС", "УИС", "МВД", "КНБ"}
    | {"АФМ", "УПК", "УК", "РК", "ЕРДР", "ЦСЭ", "СМЭ", "ГП", "ОВД", "УСБ", "РОВД", "СПЭ"}
)


# Common Kazakh words spelt like Russian ones, allowed even if no template has used them yet.
_KAZAKH_HOMOGRAPHS = frozenset(
    {"ай", "ал", "ала", "ара", "бар", "бас", "басы", "бет", "дара", "ер", "ет", "кем", "кеш"}
    | {"мен", "не", "он", "осы", "сан", "саны", "сот", "тар", "тез", "тек", "хат", "хаты", "бала"}
    | {"процесс", "полиция", "прокурор", "орган", "органы", "комитет", "адвокат", "кабинет"}
    | {"камера", "колония", "медицина", "норма", "форма", "телефон", "бланк", "пакет", "да"}
    | {"департамент", "инспектор", "сержант", "капитан", "майор", "лейтенант", "полковник"}
)


def _norm(word: str) -> str:
    return word.lower().replace("ё", "е")


@cache
def _morph():
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@cache
def _is_russian_word(low: str, capital: bool = False) -> bool:
    morph = _morph()
    if not morph.word_is_known(low):
        return False
    parses = [p for p in morph.parse(low) if p.is_known]
    # Known only as a name or a place (Тимур, Алматы, Караганда): a proper name, not a gap; and a
    # capitalised word that can be a name is one (Омаров, not «омаров», lobsters).
    proper = [bool(_PROPER & set(p.tag.grammemes)) for p in parses]
    return not any(proper) if capital else not all(proper)


# The official Kazakh texts (and copies of them) write a Latin i for і inside Kazakh words.
_LATIN_I = re.compile(r"(?<=[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі])[iI]|[iI](?=[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі])")


def words(text: str) -> list[str]:
    """The Cyrillic words of *text*, hyphenated compounds split into their parts."""
    return _WORD.findall(_LATIN_I.sub(lambda m: "і" if m.group() == "i" else "І", text))


def russian_words(text: str, allow: Iterable[str]) -> list[str]:
    """Russian words in a Kazakh *text*, each once, as written, in order of first appearance.

    *allow* holds Kazakh words (and proper names) to ignore; case and ё/е do not matter.
    """
    allowed = {_norm(w) for w in allow} | _KAZAKH_HOMOGRAPHS
    found: dict[str, str] = {}
    for word in words(text):
        low = _norm(word)
        if low in found or low in allowed or _KAZAKH_ONLY & set(word):
            continue
        # A capital letter alone is an initial (А.С.); a lower-case one an abbreviation (г., ул.).
        capital = word[:1].isupper() and not word.isupper()
        if word in RUSSIAN_ABBREVIATIONS or (not word.isupper() and _is_russian_word(low, capital)):
            found[low] = word
    return list(found.values())


_JINJA_CODE = re.compile(r"\{#.*?#\}|\{%.*?%\}", re.DOTALL)
_YAML_COMMENT = re.compile(r"^\s*#.*$", re.MULTILINE)


def _text_only(template: str) -> str:
    """A template without its Jinja comments and statements (which quote Russian input shapes)."""
    return _YAML_COMMENT.sub("", _JINJA_CODE.sub("", template))


def _kk_section(markdown: str) -> str:
    """The `## kk` part of a bilingual snippet."""
    _, _, rest = markdown.partition("\n## kk")
    return rest.partition("\n## ")[0]


def _kk_msgstrs(po: str) -> str:
    return "\n".join(re.findall(r'^msgstr "(.*)"$', po, flags=re.MULTILINE))


@cache
def kazakh_words() -> frozenset[str]:
    """Every word the shipped Kazakh texts use: kk templates and phrasebooks, the kk part of the
    snippets, the kk message catalog and the Kazakh side of the vocabulary."""
    from .. import resources

    texts: list[str] = []
    for d in resources.search_path("templates"):
        for path in sorted((d / "kk").glob("*")):
            if path.is_file():
                texts.append(_text_only(path.read_text(encoding="utf-8")))
    for d in resources.search_path("snippets"):
        for path in sorted(p for p in d.glob("*.md") if p.name != "README.md"):
            texts.append(_text_only(_kk_section(path.read_text(encoding="utf-8"))))
    po = Path(__file__).resolve().parents[1] / "locale" / "kk" / "LC_MESSAGES" / "complaintgen.po"
    if po.is_file():
        texts.append(_kk_msgstrs(po.read_text(encoding="utf-8")))
    try:
        from .. import vocabulary

        texts.extend(vocabulary.kazakh_forms())  # with the possessive heads (санитары)
    except ImportError:  # pragma: no cover - the vocabulary ships with the package
        pass
    return frozenset(_norm(w) for text in texts for w in words(text))
