"""The empty batch workbook: headers from the model, descriptions, drop-downs for choices.

So that nobody guesses the format: every column is a field path with its description as a cell
comment and on the "help" sheet, and every enumeration has a drop-down list.
"""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from . import files, layout
from .tabular import layout as sheet_layout

_ROWS = 2000  # drop-downs cover this many data rows
_HEAD = Font(bold=True)
_REQUIRED = PatternFill("solid", fgColor="FFF2CC")


def template_bytes() -> bytes:
    wb = Workbook()
    lists = wb.create_sheet("lists")  # choices live here: a list longer than 255 chars must
    lists.sheet_state = "hidden"  # be a cell range, not an inline string
    help_sheet = wb.create_sheet("help")
    help_sheet.append(["sheet", "column", "required", "description", "choices"])
    for cell in help_sheet[1]:
        cell.font = _HEAD
    list_col = 0
    for index, sheet in enumerate(sheet_layout()):
        ws = wb.active if index == 0 else wb.create_sheet(sheet.name, index)
        ws.title = sheet.name[:31]
        ws.freeze_panes = "A2"
        for col, column in enumerate(sheet.columns, start=1):
            cell = ws.cell(row=1, column=col, value=column.path)
            cell.font = _HEAD
            cell.alignment = Alignment(wrap_text=True)
            if column.required:
                cell.fill = _REQUIRED
            note = column.description + (" — required" if column.required else "")
            cell.comment = Comment(note, "complaintgen")
            letter = get_column_letter(col)
            ws.column_dimensions[letter].width = max(14, min(40, len(column.path) + 2))
            choices = column.choices
            help_sheet.append(
                [
                    sheet.name,
                    column.path,
                    "yes" if column.required else "",
                    column.description,
                    ", ".join(choices),
                ]
            )
            if column.kind == "date":
                ws.column_dimensions[letter].number_format = "DD.MM.YYYY"
            if choices:
                list_col += 1
                lc = get_column_letter(list_col)
                for r, choice in enumerate(choices, start=1):
                    lists.cell(row=r, column=list_col, value=choice)
                dv = DataValidation(
                    type="list",
                    formula1=f"lists!${lc}$1:${lc}${len(choices)}",
                    allow_blank=True,
                    showErrorMessage=True,
                    errorTitle=column.path,
                    error=f"One of: {', '.join(choices)}",
                )
                dv.add(f"{letter}2:{letter}{_ROWS}")
                ws.add_data_validation(dv)
    help_sheet.column_dimensions["B"].width = 40
    help_sheet.column_dimensions["D"].width = 80
    wb.properties.creator = "complaintgen"
    buf = io.BytesIO()
    wb.save(buf)
    return layout.normalise_zip(buf.getvalue())


def write_template(path: Path) -> None:
    files.write_atomic(path, template_bytes())
