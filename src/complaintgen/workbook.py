"""The batch workbook a person fills: headers, drop-downs and help in one language (form.py).

Dates are date cells, the ИИН and ЕРДР number text cells (a leading zero survives), choices are
drop-downs of words («мужской», «избиение») that are read back as the model's codes. Optionally
filled with cases (the same facts, in words), which is how the tests prove a workbook filled in
Russian renders.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from . import files, package
from .form import DIGITS, WORDS, FormColumn, FormSheet, sheets
from .tabular import CASE_ID, flatten

_ROWS = 500  # drop-downs and cell formats cover this many data rows
_HEAD = Font(bold=True)
_REQUIRED = Font(bold=True, color="9C0006")
# One light colour per part of the case, so the basic sheet reads in the intake's groups.
_GROUPS = ("DDEBF7", "FCE4D6", "E2EFDA", "FFF2CC", "EDE2F6", "D9E1F2", "F2F2F2")
_MESSAGES = {
    "ru": (
        "Нужна дата",
        "Введите дату, например 09.03.2023",
        "Выберите из списка",
        "Выберите из списка или впишите своё",
    ),
    "kk": (
        "Күн керек",
        "Күнді енгізіңіз, мысалы 09.03.2023",
        "Тізімнен таңдаңыз",
        "Тізімнен таңдаңыз немесе өзіңіз жазыңыз",
    ),
    "en": (
        "A date is needed",
        "Enter a date, e.g. 09.03.2023",
        "Choose from the list",
        "Choose from the list or type your own",
    ),
}


def template_bytes(lang: str = "ru", cases: list[dict] | None = None) -> bytes:
    """The workbook in `lang`; with `cases` (case data), filled with them in words."""
    return _filled(lang, cases) if cases else _blank(lang)


@cache
def _blank(lang: str) -> bytes:
    """The empty workbook, made once: writing its pre-formatted rows takes a second."""
    return _filled(lang, None)


def _filled(lang: str, cases: list[dict] | None) -> bytes:
    form = sheets(lang)
    form = (form[0], *form[3:], form[1], form[2])  # the lists before what few cases need
    words = WORDS[lang]
    wb = Workbook()
    lists = wb.create_sheet("lists")  # the words of each drop-down: a range, as a list longer
    lists.sheet_state = "hidden"  # than 255 characters cannot be inline
    from .intake import vocab

    list_col = 0
    names_at: dict[tuple, int] = {}  # one column of vocabulary names per categories and language
    help_rows: list[list[str]] = []
    filled = [flatten(data) for data in cases or []]
    for index, sheet in enumerate(form):
        ws = wb.active if index == 0 else wb.create_sheet(sheet.title)
        ws.title = sheet.title
        ws.freeze_panes = "B2"
        for col, column in enumerate(sheet.columns, start=1):
            letter = get_column_letter(col)
            _header(ws, col, column, _group_colour(sheet, column))
            ws.column_dimensions[letter].width = 28 if column.kind != "text" else 36
            if column.kind == "date":
                _date_column(ws, letter, lang)
            elif column.path in DIGITS:
                ws.column_dimensions[letter].number_format = "@"
                for r in range(2, _ROWS + 1):
                    ws[f"{letter}{r}"].number_format = "@"
            if column.labels and column.kind in ("choice", "bool"):
                list_col += 1
                _dropdown(ws, letter, column, lists, list_col, lang)
            elif column.vocabulary:
                key = (column.vocabulary, column.vocabulary_lang)
                if key not in names_at:
                    list_col += 1
                    names_at[key] = list_col
                    names = vocab.options(*key)
                    for r, name in enumerate(names, start=1):
                        lists.cell(row=r, column=list_col, value=name)
                _names(ws, letter, column, names_at[key], len(vocab.options(*key)), lang)
            many = f" ({words['many']})" if column.kind == "codes" else ""
            help_rows.append(
                [
                    sheet.title,
                    column.header,
                    words["yes"] if column.required else "",
                    column.help,
                    "; ".join(column.labels) + many,
                ]
            )
        _fill(ws, sheet, filled)
        if index == 0:
            help_sheet = wb.create_sheet(words["help"], 1)
    help_sheet.append([words["intro"]])
    help_sheet["A1"].alignment = Alignment(wrap_text=True, vertical="top")
    help_sheet.merge_cells("A1:E1")
    help_sheet.row_dimensions[1].height = 75
    help_sheet.append([words[k] for k in ("sheet", "column", "required", "what", "choices")])
    for cell in help_sheet[2]:
        cell.font = _HEAD
    for row in help_rows:
        help_sheet.append(row)
    for letter, width in zip("ABCDE", (22, 50, 12, 70, 60), strict=True):
        help_sheet.column_dimensions[letter].width = width
    wb.move_sheet(lists, offset=len(wb.sheetnames))
    return package.workbook_bytes(wb)


def _group_colour(sheet: FormSheet, column: FormColumn) -> str:
    if sheet.key != "cases":
        return "F2F2F2"
    top = column.path.split(".")[0]
    order = list(dict.fromkeys(c.path.split(".")[0] for c in sheet.columns))
    return _GROUPS[order.index(top) % len(_GROUPS)]


def _header(ws, col: int, column: FormColumn, colour: str) -> None:
    cell = ws.cell(row=1, column=col, value=column.header + (" *" if column.required else ""))
    cell.font = _REQUIRED if column.required else _HEAD
    cell.fill = PatternFill("solid", fgColor=colour)
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    note = column.help + (f"\n\n{'; '.join(column.labels)}" if column.labels else "")
    cell.comment = Comment(note, "complaintgen", width=320, height=160)


def _date_column(ws, letter: str, lang: str) -> None:
    ws.column_dimensions[letter].number_format = "DD.MM.YYYY"
    for r in range(2, _ROWS + 1):
        ws[f"{letter}{r}"].number_format = "DD.MM.YYYY"
    title, error = _MESSAGES[lang][:2]
    dv = DataValidation(
        type="date",
        operator="greaterThan",
        formula1="DATE(1900,1,1)",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=title,
        error=error,
    )
    dv.add(f"{letter}2:{letter}{_ROWS}")
    ws.add_data_validation(dv)


def _dropdown(ws, letter: str, column: FormColumn, lists, list_col: int, lang: str) -> None:
    lc = get_column_letter(list_col)
    for r, word in enumerate(column.labels, start=1):
        lists.cell(row=r, column=list_col, value=word)
    dv = DataValidation(
        type="list",
        formula1=f"lists!${lc}$1:${lc}${len(column.labels)}",
        allow_blank=True,
        showErrorMessage=False,  # a typed word («муж», a code) is read too: warn, do not refuse
        showInputMessage=True,
        promptTitle=column.header[:32],
        prompt=_MESSAGES[lang][2],
    )
    dv.add(f"{letter}2:{letter}{_ROWS}")
    ws.add_data_validation(dv)


def _names(ws, letter: str, column: FormColumn, list_col: int, count: int, lang: str) -> None:
    """A drop-down of common names for a body, place or position; any other text is kept."""
    lc = get_column_letter(list_col)
    dv = DataValidation(
        type="list",
        formula1=f"lists!${lc}$1:${lc}${count}",
        allow_blank=True,
        showErrorMessage=False,  # free text is a valid answer: the list only helps
        showInputMessage=True,
        promptTitle=column.header[:32],
        prompt=_MESSAGES[lang][3],
    )
    dv.add(f"{letter}2:{letter}{_ROWS}")
    ws.add_data_validation(dv)


def _fill(ws, sheet: FormSheet, filled: list[tuple[dict, dict]]) -> None:
    """Rows for the cases, in words: each value as a person would type it."""
    for row, items in filled:
        case_id = row.get("id")
        if sheet.key == "cases":
            rows = [row]
        elif sheet.key in ("advanced", "names"):
            rows = [{CASE_ID: case_id, **row}]
            if not any(row.get(c.path) is not None for c in sheet.columns[1:]):
                continue
        else:
            rows = items.get(sheet.key, [])
        for values in rows:
            r = _next_row(ws)
            for col, column in enumerate(sheet.columns, start=1):
                value = _word(column, values.get(column.path))
                if value is not None:
                    keep_text(ws.cell(row=r, column=col, value=value))


def keep_text(cell) -> None:
    """A text that starts like a formula («=…») stays text: a case file never runs in Excel."""
    if isinstance(cell.value, str) and cell.value.startswith("="):
        cell.data_type = "s"


def _next_row(ws) -> int:
    """The first empty row (the formatted empty cells below do not count)."""
    r = 2
    while any(c.value is not None for c in ws[r]):
        r += 1
    return r


def _word(column: FormColumn, value: Any) -> Any:
    if value is None:
        return None
    if column.kind == "date" and isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    if column.kind == "bool" and isinstance(value, bool):
        return column.labels[0 if value else 1]
    words = dict(zip(column.choices, column.labels, strict=False))
    if column.kind == "codes" and isinstance(value, str):
        return "; ".join(words.get(v.strip(), v.strip()) for v in value.split(","))
    if column.kind == "choice":
        return words.get(str(value), value)
    return str(value) if column.path in DIGITS else value


def write_template(path: Path, lang: str = "ru", cases: list[dict] | None = None) -> None:
    files.write_atomic(path, template_bytes(lang, cases))
