"""Redacted copies for partners and publication: names as initials, identifiers removed.

What is hidden is chosen in the case file (`redaction:`); `--redact` applies it (document commands,
`packet`, `batch`), and the CAT anonymity switch (`cat.anonymous`) uses the same mechanism for the
communication. Hidden fields print as a placeholder. Every free text, and the rendered text once
more, is scrubbed of what a person may have typed in another form:

- names in any Russian or Kazakh case form, in capitals, with Latin look-alike letters, and in
  Latin transliteration (Zhaksybekov, Jaqsybekov, Žaksybekov);
- the birth date in every common format (09.03.1990, 9.3.90, 1990-03-09, 09/03/1990,
  «9 марта 1990 г.», «1990 жылғы 9 наурыз», "March 9, 1990");
- anything shaped like an ИИН or a phone number, with spaces, dashes or dots;
- the ЕРДР number, unless `redaction.erdr: false`;
- after removing what hides a word from a search: soft hyphens, zero-width characters, stress
  marks and other combining marks.

`verify()` then reads every XML part of the finished DOCX and refuses the copy if anything of
that shape is still there (a letterhead's header, a footnote, a form nobody foresaw).
"""

from __future__ import annotations

import html
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from . import fields
from .errors import ComplaintgenError, ExitCode
from .language import kk, ru, script
from .models import Case, FullName, iin_facts

PLACEHOLDER = {"ru": "[скрыто]", "kk": "[жасырылған]", "en": "[withheld]"}
# Initials are letters: «п. 8.2» (a paragraph of a decision) is no initial.
_SPACED_INITIALS = re.compile(r"(?<![\w.])([^\W\d_]\.) (?=[^\W\d_]\.)")
_SHORT = 4  # shorter name parts are matched only in their exact declined forms (Ли ≠ Лицензия)
_DIGIT_SEP = r"[\s\u00a0\-.\\]?"  # one separator between digits: space, NBSP, dash, dot, escape
_NO_DIGIT_BEFORE = r"(?<!\d)(?<!\d[\s\u00a0\-.])"
_NO_DIGIT_AFTER = r"(?![\s\u00a0\-.\\]?\d)"

IIN_SHAPE = re.compile(_NO_DIGIT_BEFORE + r"\d(?:" + _DIGIT_SEP + r"\d){11}" + _NO_DIGIT_AFTER)
PHONE_SHAPE = re.compile(
    _NO_DIGIT_BEFORE
    + r"(?:\\?\+\s*7|8|7)?[\s\u00a0\-.(\\]*\d{3}[\s\u00a0\-.)\\]*\d{3}(?:"
    + _DIGIT_SEP
    + r"\d){4}"
    + _NO_DIGIT_AFTER
)
ERDR_SHAPE = re.compile(_NO_DIGIT_BEFORE + r"\d(?:" + _DIGIT_SEP + r"\d){14}" + _NO_DIGIT_AFTER)


def _invisible(c: str) -> bool:
    cat = unicodedata.category(c)
    return cat == "Cf" or (cat == "Mn" and unicodedata.combining(c) > 0)


@lru_cache(maxsize=1)
def _invisible_re() -> re.Pattern:
    # Built on first use: scanning the code points costs ~30 ms, and only redaction needs it.
    chars = "".join(re.escape(chr(i)) for i in range(0x80, 0x10000) if _invisible(chr(i)))
    return re.compile("[" + chars + "]")


def visible(text: str) -> str:
    """The text without what hides a word from a search (soft hyphen, U+200B, stress marks)."""
    return _invisible_re().sub("", text)


class RedactionLeak(ComplaintgenError):
    """The finished redacted copy still shows something the case file says to hide."""

    exit_code = ExitCode.REDACTION


_TOKEN = re.compile(r"\w+(?:['’ʼ]\w+)*")  # a word, apostrophes of transliteration included
_NUMBERISH = re.compile(r"\d[\d\s\u00a0\-.()\\+]*\d")  # a run of digits and separators


@dataclass
class Redactor:
    """Hides what the case file chooses. Three kinds of pattern, each scanned the cheap way:
    texts (dates, typed values) over the text, numbers over runs of digits only, names and
    address words word by word, with each distinct word decided once."""

    lang: str
    names: list[FullName] = field(default_factory=list)  # shown as initials
    paths: set[str] = field(default_factory=set)  # fields replaced by the placeholder
    detectors: list[tuple[str, re.Pattern, str, bool]] = field(default_factory=list)
    _texts: list[tuple[re.Pattern, str, str]] = field(default_factory=list)  # with a needle
    _numbers: list[tuple[re.Pattern, str]] = field(default_factory=list)
    _words: list[tuple[re.Pattern, str]] = field(default_factory=list)
    _memo: dict[str, str | None] = field(default_factory=dict)

    @property
    def placeholder(self) -> str:
        return PLACEHOLDER.get(self.lang, PLACEHOLDER["ru"])

    def hides_name(self, name: FullName) -> bool:
        return any(name is n for n in self.names)

    def scrub(self, text: str) -> str:
        text = visible(text)
        low = text.lower()
        for pattern, replacement, needle in self._texts:
            if needle in low:
                text = pattern.sub(replacement, text)
        if self._numbers:
            text = _NUMBERISH.sub(self._number, text)
        text = _TOKEN.sub(lambda m: self.word(m.group()) or m.group(), text)
        # "Жаксыбеков Д.М." became "Ж. Д.М.": write initials together, as elsewhere.
        return _SPACED_INITIALS.sub(r"\1", text)

    def _number(self, m: re.Match) -> str:
        run = m.group()
        for pattern, replacement in self._numbers:
            run = pattern.sub(replacement, run)
        return run

    def word(self, word: str) -> str | None:
        """What a hidden word becomes (an initial, the placeholder); None for any other word."""
        if word not in self._memo:
            self._memo[word] = next(
                (repl for pattern, repl in self._words if pattern.fullmatch(word)), None
            )
        return self._memo[word]

    def hide(
        self,
        what: str,
        pattern: re.Pattern,
        replacement: str | None = None,
        *,
        kind: str = "text",
        needle: str = "",
        attributes: bool = False,
    ) -> None:
        """Replace `pattern` everywhere (kind: text, number or word; a text pattern runs only
        where its lower-case `needle` is). verify() looks for it in the text of every part and,
        with `attributes`, in attribute values too (a mailto: link); names and numbers are not
        looked for there: fonts are "Times New Roman" and indents "360 720" whoever the victim."""
        repl = self.placeholder if replacement is None else replacement
        if kind == "word":
            self._words.append((pattern, repl))
        elif kind == "number":
            self._numbers.append((pattern, repl))
        else:
            self._texts.append((pattern, repl, needle))
        self.detectors.append((what, pattern, kind, attributes))


def _expand(case: Case, path: str) -> list[str]:
    """`incident.witnesses[].contact` as the paths of this case's items: [0], [1], …"""
    if "[]" not in path:
        return [path]
    head, tail = path.split("[]", 1)
    node: object = case
    for part in head.split("."):
        node = getattr(node, part)
    return [p for i in range(len(node)) for p in _expand(case, f"{head}[{i}]{tail}")]  # type: ignore[arg-type]


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
    # The fields themselves: those the model marks identifying, by the group the copy hides.
    for path, group in fields.identifying().items():
        if anonymous_only or getattr(choice, group):
            r.paths |= set(_expand(case, path))
    if choice.identifiers or anonymous_only:
        born = v.birth_date or _born(v.iin)
        if born:  # before the numbers: 09.03.1990 is a date, not a part of a phone number
            r.hide("the birth date", _date_pattern(born), needle=f"{born.year % 100:02d}")
        r.hide("something shaped like an ИИН", IIN_SHAPE, kind="number")
    if not anonymous_only and choice.erdr:
        r.paths |= {"investigation.erdr_number"}
        r._numbers.append((ERDR_SHAPE, r.placeholder))  # not in verify: other numbers are 15
    if choice.addresses or anonymous_only:
        for text in [t for t in (v.address.ru, v.address.kk) if t] if v.address else []:
            hidden_values.append(text)
            for word in _street_words(text):
                r.hide("a part of the address", _word_pattern(word, "male"), kind="word")
    if choice.contacts or anonymous_only:
        hidden_values += [v.email or ""] + [w.contact or "" for w in case.incident.witnesses]
        r.hide("something shaped like a phone number", PHONE_SHAPE, kind="number")
        for phone in filter(None, [v.phone, *(w.contact for w in case.incident.witnesses)]):
            if len(re.sub(r"\D", "", phone)) >= 7:
                r.hide("a hidden phone number", _digits_pattern(phone), kind="number")
    for value in filter(None, (visible(x).strip() for x in hidden_values)):
        pattern = re.compile(_tolerant(value), re.IGNORECASE)
        first = re.search(r"\w{1,3}", value)  # escaped punctuation may follow it
        needle = first.group().lower() if first else ""
        r.hide("a hidden value", pattern, needle=needle, attributes=True)
    for name, gender in people:
        for part in filter(None, (name.last, name.first, name.middle)):
            for piece in re.split(r"[\s\-]+", visible(part)):  # Касым-Жомарт: each word
                if piece:
                    pattern = _word_pattern(piece, gender)
                    r.hide("a hidden name", pattern, _initial(piece), kind="word")
        for piece in re.split(r"[\s\-]+", name.latin or ""):
            if len(piece) > 1:
                r.hide("a hidden name", _latin_given(piece), _initial(piece), kind="word")
    return r


def verify(docx: bytes, hide: Redactor, name: str = "the redacted copy") -> bytes:
    """Read every XML part of the finished copy; refuse it if a hidden thing is still there."""
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        for part in z.namelist():
            if not part.endswith((".xml", ".rels")):
                continue
            xml = z.read(part).decode("utf-8", "replace")
            text = re.sub(r"</w:p>|<w:br/>|<w:tab/>", "\n", xml)
            attrs = " ".join(html.unescape(a) for a in re.findall(r'="([^"]*)"', text))
            text = visible(html.unescape(re.sub(r"<[^>]*>", "", text)))
            words = set(_TOKEN.findall(text))
            numbers = set(_NUMBERISH.findall(text))
            for what, pattern, kind, in_attributes in hide.detectors:
                if kind == "word":
                    found = next((w for w in words if pattern.fullmatch(w)), None)
                elif kind == "number":
                    found = next(
                        (m.group() for run in numbers for m in [_first(pattern, run)] if m), None
                    )
                else:
                    m = _first(pattern, text) or (in_attributes and _first(pattern, attrs))
                    found = m.group() if m else None
                if found:
                    raise RedactionLeak(
                        f"{name}: {part}: {what} is still there ('{_mask(found)}'); "
                        "the copy was not written"
                    )
    return docx


def _first(pattern: re.Pattern, text: str) -> re.Match | None:
    """The first match; of 12-digit numbers only those that read as a person's ИИН (a
    letterhead may carry its organisation's БИН)."""
    for m in pattern.finditer(text):
        if pattern is not IIN_SHAPE or _person_iin(re.sub(r"\D", "", m.group())):
            return m
    return None


def _person_iin(digits: str) -> bool:
    return 1 <= int(digits[2:4]) <= 12 and 1 <= int(digits[4:6]) <= 31 and digits[6] in "123456"


def _mask(found: str) -> str:
    return found[:2] + "…" if len(found) > 2 else "…"


def _born(iin: str | None) -> date | None:
    born, _ = iin_facts(iin)
    try:
        return date.fromisoformat(born) if born else None
    except ValueError:
        return None


def _initial(part: str) -> str:
    return part[:1].upper() + "."


def _tolerant(value: str) -> str:
    # Rendered text escapes punctuation with a backslash; match either form.
    return "".join(f"\\\\?{re.escape(c)}" if not c.isalnum() else re.escape(c) for c in value)


def _digits_pattern(phone: str) -> re.Pattern:
    digits = re.sub(r"\D", "", phone)[-7:]  # the subscriber number, with or without a code
    return re.compile(r"(?<!\d)" + r"[\s\u00a0\\()\-.]*".join(digits) + r"(?!\d)")


# --- dates ---------------------------------------------------------------------------------------

_MONTHS = {
    "ru": ("янв", "фев", "мар", "апр", "ма[йя]", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"),
    "kk": (
        "қаңтар",
        "ақпан",
        "наурыз",
        "сәуір",
        "мамыр",
        "маусым",
        "шілде",
        "тамыз",
        "қыркүйек",
        "қазан",
        "қараша",
        "желтоқсан",
    ),
    "en": ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
}


@lru_cache(maxsize=1024)
def _date_pattern(d: date) -> re.Pattern:
    """One date in every format a person types it: numeric in any order and separator, with a
    two- or four-digit year, and with the month in words in Russian, Kazakh or English."""
    day, month = rf"0?{d.day}", rf"0?{d.month}"
    year = rf"(?:{d.year}|{d.year % 100:02d})"
    sep = r"\s*\\?[./\-]\s*|\s+"
    sep = f"(?:{sep})"
    words = "|".join(f"{_MONTHS[lang][d.month - 1]}" + r"\w*\.?" for lang in ("ru", "kk", "en"))
    month_word = f"(?:{words})"
    forms = [
        rf"{day}{sep}{month}{sep}{year}",  # 09.03.1990, 9/3/90, 09-03-1990
        rf"{d.year}{sep}{month}{sep}{day}",  # 1990-03-09
        rf"{month}{sep}{day}{sep}{d.year}",  # 03/09/1990 (US order)
        rf"{day}\s*{month_word}\s*,?\s*{year}(?:\s*(?:г\.|года|год|ж\.|жылы?))?",  # 9 марта 1990 г.
        rf"{d.year}\s*(?:ж\.|жылғы|жылы|год[ау]?|г\.)?\s*{day}\s*(?:-?\s*)?{month_word}",
        rf"{month_word}\s*{day}(?:st|nd|rd|th)?\s*,?\s*{year}",  # March 9, 1990
        rf"{day}(?:st|nd|rd|th)?\s+(?:of\s+)?{month_word}\s*,?\s*{year}",
    ]
    body = "|".join(f"(?:{f})" for f in forms)
    return re.compile(rf"(?<![\w.])(?:{body})(?!\w)", re.IGNORECASE)


# --- names ---------------------------------------------------------------------------------------

_LOOKALIKE = script.LOOKALIKE  # "Aлия" with a Latin A is still Алия
# Latin spellings of each letter: passport (ICAO), ГОСТ, Kazakh Latin 2021, everyday habits.
_LATIN = {
    "а": "a",
    "ә": "a|ae|ä|á",
    "б": "b",
    "в": "v|w",
    "г": "g",
    "ғ": "g|gh|ğ|ǵ",
    "д": "d",
    "е": "e|ye|ie",
    "ё": "e|yo|io|jo|ö",
    "ж": "zh|j|ž|z",
    "з": "z",
    "и": "i|y",
    "й": "i|y|j",
    "к": "k|q",
    "қ": "q|k",
    "л": "l",
    "м": "m",
    "н": "n",
    "ң": "ng|n|ñ|ń",
    "о": "o",
    "ө": "o|oe|ö|ó",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u|w|y|ý|ou",
    "ұ": "u|ū|ú",
    "ү": "u|ue|ü|ý",
    "ф": "f",
    "х": "kh|h|x|q",
    "һ": "h",
    "ц": "ts|c|tz",
    "ч": "ch|ç|č|tch",
    "ш": "sh|ş|š|s",
    "щ": "shch|sch|ş|sh",
    "ъ": "'|’|ʼ|",
    "ы": "y|ı|i",
    "і": "i|ı",
    "ь": "'|’|ʼ|",
    "э": "e",
    "ю": "yu|iu|ju|ü|u",
    "я": "ya|ia|ja|a",
    "-": r"-|\s|",
}


# The same name spelled the Russian or the Kazakh way: Айгерим / Айгерім, Сейткали / Сейтқали.
_SPELLINGS = {
    "а": "ә",
    "ә": "а",
    "г": "ғ",
    "ғ": "г",
    "к": "қ",
    "қ": "к",
    "н": "ң",
    "ң": "н",
    "о": "ө",
    "ө": "о",
    "у": "ұү",
    "ұ": "уү",
    "ү": "уұ",
    "и": "і",
    "і": "и",
    "х": "һ",
    "һ": "х",
    "е": "э",
    "э": "е",
}


def _cls(c: str) -> str:
    """One letter of a name: either case, its other spelling, its Latin look-alike."""
    low = c.lower()
    if not c.isalnum():
        return f"\\\\?{re.escape(c)}"
    alts = {low, *_SPELLINGS.get(low, "")}
    alts |= {_LOOKALIKE.get(a, a) for a in alts}
    alts |= {a.upper() for a in alts}
    return "[" + "".join(re.escape(a) for a in sorted(alts) if len(a) == 1) + "]"


def _spelled(word: str) -> str:
    return "".join(_cls(c) for c in word)


def _latin(word: str) -> str:
    """A Cyrillic word in any Latin spelling people use."""
    out, low, i = [], word.lower(), 0
    while i < len(low):
        if low.startswith("кс", i):
            out.append("(?:ks|x|qs)")
            i += 2
            continue
        c = low[i]
        out.append(f"(?:{_LATIN[c]})" if c in _LATIN else re.escape(c))
        i += 1
    return "".join(out)


def _stem(part: str) -> str:
    return part[:-1] if part[-1].lower() in "аяеиоуыьйі" else part


@lru_cache(maxsize=4096)
def _word_pattern(part: str, gender: str | None) -> re.Pattern:
    """Every form of one name part: Russian and Kazakh cases, capitals, look-alike Latin letters,
    Latin transliteration."""
    gender = gender or "male"
    forms = {part}
    if re.fullmatch(r"[\w\-]+", part) and any("а" <= c.lower() <= "я" for c in part):
        for case in ru.CASES:
            forms.add(ru.decline_name(part, None, None, gender, case))
            forms.add(ru.decline_name(part.capitalize(), None, None, gender, case))
        for case in kk.CASES:
            forms.add(kk.inflect(part, case))
    alternatives = sorted((f for f in forms if f), key=len, reverse=True)
    body = "|".join(_spelled(f) for f in alternatives)
    cyrillic = any("\u0400" <= c <= "\u04ff" for c in part)
    if len(part) >= _SHORT:
        # Long enough to match by stem: catches endings the rules above did not produce.
        body = f"{_spelled(_stem(part))}\\w*|{body}"
        if cyrillic:
            body += f"|{_latin(_stem(part))}\\w*"
    elif cyrillic:
        body += f"|{_latin(part)}"
    return re.compile(f"(?:{body})", re.IGNORECASE)  # for fullmatch on one word


def _latin_given(part: str) -> re.Pattern:
    """A part of the passport spelling (FullName.latin), with any ending."""
    stem = part if len(part) < _SHORT else part[:-1] if part[-1].lower() in "aeiouy" else part
    tail = r"\w*" if len(part) >= _SHORT else ""
    return re.compile(rf"{re.escape(stem)}{tail}", re.IGNORECASE)  # for fullmatch


_ADDRESS_WORDS = re.compile(
    r"(?i)^(?:ул|улица|пр|просп|проспект|мкр|микрорайон|пер|переулок|д|дом|кв|квартира|корп|"
    r"г|город|обл|область|р-н|район|с|село|пос|поселок|посёлок|көшесі|даңғылы|шағынауданы|үй|"
    r"пәтер|қаласы|облысы|ауданы|ауылы|қ|к|street|st|ave|apt)\.?$"
)


def _street_words(address: str) -> list[str]:
    """The words of an address that identify the home: the street (and building name), not the
    city or region a document names anyway."""
    out = []
    for chunk in address.split(","):
        words = re.findall(r"[\w\-]+\.?", chunk)
        if not words or re.match(r"(?i)(г|город|обл|область|район|р-н)\.?$", words[0]):
            continue
        if any(w.lower().rstrip(".") in ("қаласы", "облысы", "ауданы") for w in words):
            continue
        out += [
            w.rstrip(".")
            for w in words
            if not _ADDRESS_WORDS.match(w) and not w.rstrip(".").isdigit() and len(w) >= 4
        ]
    return out


def initials_person(name: FullName, gender: str, lang: str) -> dict[str, object]:
    """A person as the context shows them, reduced to initials in every form."""
    from .language import KK_CASES, RU_CASES

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
