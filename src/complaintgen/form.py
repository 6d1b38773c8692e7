"""The workbook a person fills: sheets, headers and choices in words, from the intake's own wording.

The first sheet ("basic") holds, one case per row, the few dozen facts most cases need, in the
order the intake asks them; a second sheet ("advanced") the rest of the case's single facts (the
other language of each text, passport spellings, declension overrides, CAT and redaction
settings), one row per case; then one sheet per list (complaints, perpetrators, …), one item per
row, keyed by the case number. Headers, sheet titles and choices are the intake's labels
(questionnaire.yaml order, locale catalogs): a header, a sheet title or a choice is read back in
any of the three languages, and the old dotted field paths and codes still work.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from . import fields
from .i18n import LANGS, Translator
from .tabular import CASE_ID, Column, cell_value, column_kind, layout, put

BASIC = (
    "id",
    "victim.name.last",
    "victim.name.first",
    "victim.name.middle",
    "victim.iin",
    "victim.gender",
    "victim.birth_date",
    "victim.custody",
    "victim.facility.name",
    "victim.facility.authority",
    "victim.address",
    "victim.phone",
    "applicant",
    "representative.kind",
    "representative.name.last",
    "representative.name.first",
    "representative.name.middle",
    "representative.gender",
    "representative.bar",
    "representative.mandate.kind",
    "representative.mandate.number",
    "representative.mandate.date",
    "representative.address",
    "representative.phone",
    "representative.email",
    "incident.date",
    "incident.date_end",
    "incident.place",
    "incident.in_official_custody",
    "incident.facility.name",
    "incident.facility.authority",
    "incident.methods",
    "incident.purpose",
    "incident.injuries",
    "incident.narrative",
    "investigation.erdr_number",
    "investigation.registered_date",
    "investigation.article",
    "investigation.form",
    "investigation.body",
    "investigation.supervising_prosecutor",
    "investigation.steps_done",
    "order.date",
    "order.number",
    "order.ground",
    "order.received_date",
    "order.reasons",
    "order.cites_lawful_actions",
    "route",
    "addressee.title",
    "place_signed",
)
SINGLE = ("cases", "advanced", "names")  # sheets of one row per case
DIGITS = {"victim.iin": 12, "investigation.erdr_number": 15}  # text cells: leading zeros stay

# Sheet titles (at most 31 characters) and words the intake has no label for.
WORDS = {
    "ru": {
        "cases": "Дело",
        "advanced": "Дополнительно",
        "names": "Склонение имён",
        "help": "Справка",
        "case_id": "Номер дела",
        "kk_text": "на казахском",
        "ru_text": "на русском",
        "forms_ru": "склонение по-русски",
        "forms_kk": "склонение по-казахски",
        "gen": "родительный падеж (кого?)",
        "dat": "дательный падеж (кому?)",
        "ins": "творительный падеж (кем?)",
        "acc": "винительный падеж (кого?)",
        "abl": "исходный падеж (кімнен?)",
        "loc": "местный падеж (кімде?)",
        "latin": "латиницей, как в паспорте",
        "title_dat": "адресат в дательном падеже, если автоматически неверно",
        "redaction": "Обезличенная копия",
        "witnesses": "имена свидетелей инициалами",
        "officers": "имена сотрудников инициалами",
        "identifiers": "убрать ИИН и дату рождения",
        "addresses": "убрать адрес потерпевшего",
        "contacts": "убрать телефоны и почту",
        "sheet": "Лист",
        "column": "Столбец",
        "required": "Обязательно",
        "what": "Что вписать",
        "choices": "Варианты",
        "yes": "да",
        "intro": "Одна строка — одно дело на листе «Дело»; повторяющиеся сведения (жалобы, "
        "экспертизы, свидетели…) — на своих листах, по строке на каждую, с номером дела. "
        "Выбирайте варианты из списка или впишите слово (например, «мужской», «избиение»); "
        "несколько вариантов — через точку с запятой. Даты — как дату (09.03.2023). "
        "Обязательные столбцы выделены цветом.",
        "many": "несколько — через «;»",
    },
    "kk": {
        "cases": "Іс",
        "advanced": "Қосымша",
        "names": "Есімдер септелуі",
        "help": "Анықтама",
        "case_id": "Іс нөмірі",
        "kk_text": "қазақша",
        "ru_text": "орысша",
        "forms_ru": "орысша септелуі",
        "forms_kk": "қазақша септелуі",
        "gen": "ілік септік (кімнің?)",
        "dat": "барыс септік (кімге?)",
        "ins": "көмектес септік (кіммен?)",
        "acc": "табыс септік (кімді?)",
        "abl": "шығыс септік (кімнен?)",
        "loc": "жатыс септік (кімде?)",
        "latin": "паспорттағыдай латынша",
        "title_dat": "барыс септіктегі адресат, егер автоматты түрі қате болса",
        "redaction": "Иесіздендірілген көшірме",
        "witnesses": "куәлардың аты-жөні бас әріптермен",
        "officers": "қызметкерлердің аты-жөні бас әріптермен",
        "identifiers": "ЖСН мен туған күнді алып тастау",
        "addresses": "жәбірленушінің мекенжайын алып тастау",
        "contacts": "телефондар мен поштаны алып тастау",
        "sheet": "Парақ",
        "column": "Баған",
        "required": "Міндетті",
        "what": "Не жазу керек",
        "choices": "Нұсқалар",
        "yes": "иә",
        "intro": "«Іс» парағында бір жол — бір іс; қайталанатын мәліметтер (шағымдар, "
        "сараптамалар, куәлар…) — өз парақтарында, әрқайсысына бір жол, іс нөмірімен. "
        "Нұсқаны тізімнен таңдаңыз немесе сөзбен жазыңыз (мысалы, «ер», «ұрып-соғу»); "
        "бірнеше нұсқа — нүктелі үтір арқылы. Күндер — күн ретінде (09.03.2023). "
        "Міндетті бағандар түспен белгіленген.",
        "many": "бірнешеуі — «;» арқылы",
    },
    "en": {
        "cases": "Case",
        "advanced": "More",
        "names": "Name forms",
        "help": "Help",
        "case_id": "Case number",
        "kk_text": "in Kazakh",
        "ru_text": "in Russian",
        "forms_ru": "Russian case forms",
        "forms_kk": "Kazakh case forms",
        "gen": "genitive",
        "dat": "dative",
        "ins": "instrumental",
        "acc": "accusative",
        "abl": "ablative",
        "loc": "locative",
        "latin": "in Latin script, as in the passport",
        "title_dat": "addressee in the dative, if the automatic form is wrong",
        "redaction": "Redacted copy",
        "witnesses": "witnesses' names as initials",
        "officers": "officers' names as initials",
        "identifiers": "remove the ИИН and birth date",
        "addresses": "remove the victim's address",
        "contacts": "remove phones and e-mails",
        "sheet": "Sheet",
        "column": "Column",
        "required": "Required",
        "what": "What to enter",
        "choices": "Choices",
        "yes": "yes",
        "intro": "One row per case on the «Case» sheet; repeating facts (complaints, "
        "examinations, witnesses…) on their own sheets, one row each, with the case number. "
        "Pick a choice from the list or type the word; several choices separated by "
        "semicolons. Dates as dates (09.03.2023). Required columns are coloured.",
        "many": "several, separated by «;»",
    },
}

# Words a person may type for a choice, besides its code and its label in any language.
SYNONYMS = {
    "male": ("м", "муж", "муж.", "мужчина", "мужской пол", "ер", "еркек", "ер адам", "man"),
    "female": ("ж", "жен", "жен.", "женщина", "женский пол", "әйел", "woman"),
    "beating": ("избиение", "побои", "ұрып-соғу", "соққыға жығу"),
    "mvd": ("мвд", "полиция", "овд", "іім", "полиция (овд)"),
    "knb": ("кнб", "ұқк"),
    "judge": ("судья", "следственный судья", "тергеу судьясы"),
    "prosecutor": ("прокурор", "прокуратура"),
}


@dataclass(frozen=True)
class FormColumn:
    path: str  # the field path (within the item, on a list's sheet)
    header: str
    help: str
    kind: str  # text, date, bool, int, codes, choice
    choices: tuple[str, ...] = ()  # codes
    labels: tuple[str, ...] = ()  # their words in the sheet's language
    required: bool = False
    advanced: bool = False  # declension overrides and the like, at the end of a list's sheet
    # A body, place or position: common names offered from the vocabulary (questionnaire.yaml
    # `vocabulary:`), in this language; free text is still read.
    vocabulary: tuple[str, ...] = ()
    vocabulary_lang: str = "ru"


@dataclass(frozen=True)
class FormSheet:
    key: str  # "cases", "advanced", or the list's path
    title: str
    columns: tuple[FormColumn, ...]


def _q():
    from .intake import questionnaire

    return questionnaire()


def _plain(text: str) -> str:
    """A label without its examples: «Должность (например, …)» → «Должность»."""
    text = re.sub(r"\s*\((например|мысалы|e\.g\.|for example)[^)]*\)", "", text)
    return text.strip()


def _norm(text: object) -> str:
    """For matching what a person typed: case, spacing, ё and a required column's «*» ignored."""
    text = re.sub(r"\s+", " ", str(text).strip().lower().replace("ё", "е"))
    return text.removesuffix(" *").removesuffix("*")


def _node(path: str):
    return _q().nodes.get(path)


def _label(full: str, t: Translator) -> str:
    """A field's words: the intake's label, or ours for what the intake never asks."""
    node = _node(full)
    if node is not None:
        return _plain(_q().label(node, t))
    parts = full.split(".")
    words = WORDS[t.lang]
    if parts[-1] in words:
        return words[parts[-1]]
    return t.first(f"label:{full}") or parts[-1]


def _trail(full: str, start: int, t: Translator) -> str:
    """Labels of the groups from `start` down to the field: «Потерпевший · Место содержания ·
    Название учреждения»; a Russian / Kazakh name override names the language."""
    parts = full.split(".")
    words: list[str] = []
    for depth in range(start + 1, len(parts) + 1):
        sub = ".".join(parts[:depth])
        node = _node(sub)
        if depth == len(parts):
            words.append(_label(sub, t))
        elif parts[depth - 1] in ("forms_ru", "forms_kk"):
            words.append(WORDS[t.lang][parts[depth - 1]])
        elif node is not None and node.kind == "group":
            title = t.first(f"group:{sub}") or (_label(sub, t) if depth == 1 else None)
            if title:
                words.append(_plain(title))
        elif node is None and depth == 1:
            words.append(WORDS[t.lang].get(parts[0], parts[0]))
    return " · ".join(dict.fromkeys(words))


def _order() -> dict[str, int]:
    """Every field path in the order the intake asks it; fields it never asks come after."""
    rank: dict[str, int] = {}

    def walk(nodes) -> None:
        for node in nodes:
            rank.setdefault(node.path, len(rank))
            walk(node.children)

    walk(_q().roots)
    return rank


def _rank(full: str, rank: dict[str, int]) -> int:
    """Where the intake asks a field; one it never asks sits with its nearest asked parent
    (the sort is stable, so such fields keep the model's order among themselves)."""
    parts = full.removesuffix(".kk").split(".")
    for depth in range(len(parts), 0, -1):
        found = rank.get(".".join(parts[:depth]))
        if found is not None:
            return found
    return 1 << 30


def _choice_words(full: str, codes: tuple[str, ...], t: Translator) -> tuple[str, ...]:
    node = _node(full)
    enum = node.enum if node is not None else None
    out = []
    for code in codes:
        keys = [f"choice:{full}:{code}"] + ([f"choice:{enum}:{code}"] if enum else [])
        out.append(_plain(t.first(*keys) or code))
    return tuple(out)


def _column(sheet: str, column: Column, t: Translator, text_lang: str | None) -> FormColumn:
    base = column.path.removesuffix(".kk")
    full = _full(sheet, base)
    if column.path == CASE_ID:
        return FormColumn(CASE_ID, WORDS[t.lang]["case_id"], _hint("id", t), "text", required=True)
    start = 0 if sheet in SINGLE else len(sheet.split("."))
    header = _trail(full, start, t)
    if _is_text(sheet, base):  # a text: the other language's column says which it is
        col_lang = "kk" if column.path.endswith(".kk") else "ru"
        if col_lang != text_lang:
            header += f" — {WORDS[t.lang][col_lang + '_text']}"
    kind, codes = column.kind, column.choices or column.codes
    from .intake import vocab

    node = _node(full)
    pick = vocab.categories(node) if node is not None and kind == "text" else ()
    pick_lang = "kk" if column.path.endswith(".kk") else "ru"
    if kind == "bool":  # a drop-down of да / нет; read back as a flag
        words = (t("ui:yes"), t("ui:no"))
    else:
        kind = "choice" if codes and kind != "codes" else kind
        words = _choice_words(full, codes, t)
    return FormColumn(
        column.path,
        header,
        _hint(full, t) or header,
        kind,
        codes,
        words,
        required=column.required and _required_chain(sheet, base),
        advanced=_is_name_form(column.path),
        vocabulary=pick,
        vocabulary_lang=pick_lang,
    )


def _is_name_form(path: str) -> bool:
    return ".forms_" in path or path.endswith(".latin")


def _full(sheet: str, base: str) -> str:
    return base if sheet in SINGLE else f"{sheet}.{base}"


def _is_text(sheet: str, base: str) -> bool:
    found = fields.at(_full(sheet, base))
    return found is not None and found.kind == "text"


def _hint(full: str, t: Translator) -> str | None:
    node = _node(full)
    keys = [f"hint:{full}"] + ([f"hint:{node.owner.__name__}.{node.name}"] if node else [])
    return t.first(*keys)


def _required_chain(sheet: str, base: str) -> bool:
    """Required only if every group above it is required too (representative.name.last is not:
    a case may have no representative). On a list's sheet the chain starts inside the item."""
    parts = fields.at(_full(sheet, base)).parts
    start = 0 if sheet in SINGLE else len(sheet.split("."))
    return all(fields.at(parts[:depth]).required for depth in range(start + 1, len(parts)))


@cache
def sheets(lang: str) -> tuple[FormSheet, ...]:
    """The workbook in `lang`: basic, advanced, then one sheet per list."""
    t = Translator(lang)
    text_lang = "kk" if lang == "kk" else "ru"
    rank = _order()
    old = layout()
    single = old[0].columns

    def in_basic(column: Column) -> bool:
        base = column.path.removesuffix(".kk")
        if base not in BASIC:
            return False
        if not _is_text("cases", base):
            return True
        return column.path.endswith(".kk") == (text_lang == "kk")

    basic = sorted((c for c in single if in_basic(c)), key=lambda c: _rank(c.path, rank))
    rest = sorted((c for c in single if not in_basic(c)), key=lambda c: _rank(c.path, rank))
    advanced = [c for c in rest if not _is_name_form(c.path)]
    names = [c for c in rest if _is_name_form(c.path)]
    out = [
        FormSheet(
            "cases", WORDS[lang]["cases"], tuple(_column("cases", c, t, text_lang) for c in basic)
        ),
        FormSheet(
            "advanced",
            WORDS[lang]["advanced"],
            (
                FormColumn(
                    CASE_ID, WORDS[lang]["case_id"], _hint("id", t) or "", "text", required=True
                ),
                *(_column("advanced", c, t, text_lang) for c in advanced),
            ),
        ),
        FormSheet(
            "names",
            WORDS[lang]["names"],
            (
                FormColumn(
                    CASE_ID, WORDS[lang]["case_id"], _hint("id", t) or "", "text", required=True
                ),
                *(_column("names", c, t, text_lang) for c in names),
            ),
        ),
    ]
    for sheet in old[1:]:
        columns = [_column(sheet.name, c, t, text_lang) for c in sheet.columns]
        columns.sort(key=lambda c: c.advanced)  # declension overrides last
        # Excel refuses : [ ] * ? / \ in a sheet title and more than 31 characters.
        label = re.sub(r"[\[\]:*?/\\]", " ", _plain(_q().label(_q().nodes[sheet.name], t)))
        title = " ".join(label.split())[:31].strip()
        out.append(FormSheet(sheet.name, title, tuple(columns)))
    return tuple(out)


# --- reading back: titles, headers and words in any language, or the old paths and codes ------


@cache
def _titles() -> dict[str, str]:
    found = {_norm(s.name): s.name for s in layout()}  # the old layout's sheet names
    for lang in LANGS:
        for sheet in sheets(lang):
            found.setdefault(_norm(sheet.title), sheet.key)
    return found


def sheet_key(title: str) -> str | None:
    """Which part of the case a sheet holds ("advanced", a list's path); None: not ours."""
    return _titles().get(_norm(title))


@cache
def _headers(key: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for lang in LANGS:
        for sheet in sheets(lang):
            if sheet.key == key or (key in SINGLE and sheet.key in SINGLE):
                for c in sheet.columns:
                    found.setdefault(_norm(c.header), c.path)
    return found


def header_paths(key: str, header: list[str]) -> list[str]:
    """Field paths for a row of headers: words in any language, or paths as they are."""
    known = _headers(key)
    return [known.get(_norm(h), h) if h else "" for h in header]


@cache
def _words(key: str) -> dict[str, dict[str, str]]:
    """path → {typed word → code} for every choice column of a sheet."""
    found: dict[str, dict[str, str]] = {}
    for lang in LANGS:
        for sheet in sheets(lang):
            if sheet.key != key and not (key in SINGLE and sheet.key in SINGLE):
                continue
            for c in sheet.columns:
                if not c.choices:
                    continue
                words = found.setdefault(c.path, {})
                for code, label in zip(c.choices, c.labels, strict=True):
                    for word in (code, label, *SYNONYMS.get(code, ())):
                        words.setdefault(_norm(word), code)
                    words.setdefault(_norm(re.sub(r"\s*\(.*\)$", "", label)), code)
    return found


def choice_codes(key: str, path: str, value: object) -> object:
    """A choice cell as its code(s): «мужской» → male; «избиение; угрозы» → [beating, threats].
    A word that is no choice is left as typed, so the model names it in its message."""
    words = _words(key).get(path)
    if not words:
        return value
    if isinstance(value, list):  # the cell as typed, which the comma split may have cut
        return _codes(", ".join(map(str, value)), words)
    return words.get(_norm(value), value) if isinstance(value, str) else value


def _codes(text: str, words: dict[str, str]) -> list[str]:
    """Several choices in one cell, separated by «;» or commas; a label that itself holds a
    comma («болезненные позы, подвешивание») is matched whole, the longest match first."""
    out: list[str] = []
    for piece in text.split(";"):
        tokens = [t.strip() for t in _commas(piece) if t.strip()]
        i = 0
        while i < len(tokens):
            for j in range(len(tokens), i, -1):
                code = words.get(_norm(", ".join(tokens[i:j])))
                if code is not None:
                    out.append(code)
                    i = j
                    break
            else:
                out.append(tokens[i])  # not a choice: the model names it in its message
                i += 1
    return out


def _commas(text: str) -> list[str]:
    """Split on commas outside parentheses («удушение (пакет, противогаз), угрозы»)."""
    out, depth, current = [], 0, ""
    for ch in text:
        depth += (ch == "(") - (ch == ")")
        if ch == "," and depth == 0:
            out.append(current)
            current = ""
        else:
            current += ch
    return [*out, current]


def row_to_data(header: list[str], row: list[Any], sheet: str = "cases") -> dict:
    data: dict = {}
    for name, value in zip(header, row, strict=False):
        if not name:
            continue
        cell = cell_value(value, column_kind(sheet, name))
        if isinstance(cell, int) and not isinstance(cell, bool) and name in DIGITS:
            cell = str(cell).zfill(DIGITS[name])  # a number cell lost the ИИН's leading zero
        if cell is not None:
            put(data, name, choice_codes(sheet, name, cell))
    return data
