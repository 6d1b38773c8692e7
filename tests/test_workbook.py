"""The workbook a person fills: words in, the same case out; old workbooks still load."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import yaml
from openpyxl import Workbook, load_workbook

from complaintgen import batch, form
from complaintgen.cli import main
from complaintgen.form import row_to_data
from complaintgen.loading import validate_case
from complaintgen.workbook import template_bytes

from .conftest import EXAMPLES
from .synthetic import case as synthetic_case

DATA = Path(__file__).parent / "data"


def _cases_from(path: Path) -> list:
    return [batch.validate(r) for r in batch.read_input(path)]


def test_a_workbook_written_by_the_old_template_still_loads():
    cases = _cases_from(DATA / "old-workbook.xlsx")  # dotted headers, codes, ISO dates
    assert [c.id for c in cases] == ["S-13-00000", "S-13-00001", "S-13-00002", "2026-KRG-014"]
    example = yaml.safe_load(EXAMPLES[-1].read_text(encoding="utf-8"))
    del example["investigation"]["authority"]  # a fact the model gained after that workbook
    assert cases[-1] == validate_case(example, "example")


@pytest.mark.slow  # seconds: a whole workbook or the whole command path, in `make test`
def test_cases_written_in_russian_words_read_back_the_same(tmp_path):
    datas = [synthetic_case(i, seed=2) for i in range(3)]
    datas += [yaml.safe_load(p.read_text(encoding="utf-8")) for p in EXAMPLES]
    for lang in ("ru", "kk"):
        path = tmp_path / f"{lang}.xlsx"
        path.write_bytes(template_bytes(lang, datas))
        cases = _cases_from(path)
        assert cases == [validate_case(d, "d") for d in datas], lang
    ws = load_workbook(tmp_path / "ru.xlsx")["Дело"]
    head = [c.value for c in ws[1]]
    gender = head.index("Потерпевший · Пол *") + 1
    assert {ws.cell(r, gender).value for r in range(2, 9)} <= {"мужской", "женский"}
    born = head.index("Потерпевший · Дата рождения") + 1
    assert ws.cell(2, born).is_date
    iin = head.index("Потерпевший · ИИН (12 цифр)") + 1
    assert ws.cell(2, iin).data_type == "s" and ws.cell(50, iin).number_format == "@"


def test_words_a_person_types_are_accepted(tmp_path, capsys):
    """Russian headers and words typed by hand: «муж», «избиение; угрозы», a date cell, a ИИН
    typed as a number that lost its leading zero."""
    columns = {c.path: c.header for c in form.sheets("ru")[0].columns}
    values = {
        "id": "2026-T-001",
        "victim.name.last": "Сериков",
        "victim.name.first": "Арман",
        "victim.gender": "муж",
        "victim.custody": "На свободе",
        "applicant": "сам потерпевший",
        "incident.date": date(2026, 3, 2),
        "incident.place": "здание УП г. Тараза",
        "incident.methods": "Избиение; угрозы, удушение (пакет, противогаз)",
        "incident.in_official_custody": "да",
        "incident.narrative": "Избит при доставлении.",
        "order.date": date(2026, 6, 1),
        "order.ground": "отсутствие события уголовного правонарушения (п. 1 ч. 1 ст. 35 УПК)",
        "order.received_date": date(2026, 6, 3),
        "route": "следственному судье (ст. 106 УПК)",
        "addressee.title": "следственный судья специализированного суда г. Тараза",
    }
    wb = Workbook()
    ws = wb.active
    ws.title = "Дело"
    ws.append([columns[k] for k in values])
    ws.append(list(values.values()))
    sheet = next(s for s in form.sheets("ru") if s.key == "complaints")
    items = {c.path: c.header for c in sheet.columns}
    complaints = wb.create_sheet("Жалобы и заявления")  # the title as a person sees it
    complaints.append([items["case_id"], items["date"], items["to"], items["outcome"]])
    complaints.append(["2026-T-001", date(2026, 3, 3), "прокуратура г. Тараза", "отказано"])
    path = tmp_path / "typed.xlsx"
    wb.save(path)
    (case,) = _cases_from(path)
    assert case.victim.gender == "male" and case.victim.custody == "free"
    assert [m.value for m in case.incident.methods] == ["beating", "threats", "suffocation"]
    assert case.order.ground == "no_event" and case.route == "judge"
    assert case.complaints[0].outcome == "refused" and case.applicant == "victim"
    out = tmp_path / "out"
    args = ["batch", str(path), "-o", str(out), "--docs", "appeal", "--lang", "ru", "--draft"]
    assert main(args) == 0, capsys.readouterr().err
    assert (out / "2026-T-001" / "2026-T-001_appeal_ru.docx").exists()


def test_an_iin_typed_as_a_number_keeps_its_leading_zero(tmp_path):
    data = synthetic_case(4)
    iin = "0" + data["victim"]["iin"][1:]  # not a real ИИН: just the digits a cell may lose
    row = form.header_paths("cases", ["victim.iin"])
    assert row_to_data(row, [int(iin)]) == {"victim": {"iin": iin}}


def test_only_truly_required_columns_are_marked():
    required = {c.path for c in form.sheets("ru")[0].columns if c.required}
    assert required == {
        "id",
        "victim.name.last",
        "victim.name.first",
        "victim.gender",
        "incident.date",
        "incident.place",
    }
    complaints = next(s for s in form.sheets("ru") if s.key == "complaints")
    assert {c.path for c in complaints.columns if c.required} == {
        "case_id",
        "date",
        "to",
        "outcome",
    }


@pytest.mark.slow  # seconds: a whole workbook or the whole command path, in `make test`
def test_the_help_is_in_one_language_and_the_case_sheet_is_short(tmp_path):
    path = tmp_path / "t.xlsx"
    path.write_bytes(template_bytes("ru"))
    wb = load_workbook(path)
    assert wb.sheetnames[:2] == ["Дело", "Справка"] and wb.sheetnames[-1] == "lists"
    help_text = [
        str(v) for row in wb["Справка"].iter_rows(min_row=3, values_only=True) for v in row if v
    ]
    assert not [t for t in help_text if re.search(r"[A-Za-z]{4,}", t)]  # no English mixed in
    assert len(wb["Дело"][1]) <= 60  # a few dozen facts, not 180 columns


@pytest.mark.slow  # seconds: a whole workbook or the whole command path, in `make test`
def test_sheets_moved_around_still_read(tmp_path):
    data = synthetic_case(1, seed=4)
    path = tmp_path / "moved.xlsx"
    path.write_bytes(template_bytes("kk", [data]))
    wb = load_workbook(path)
    wb.move_sheet("Іс", offset=len(wb.sheetnames) - 1)  # the cases sheet last, help first
    wb.save(path)
    assert wb.sheetnames[0] != "Іс"
    assert _cases_from(path) == [validate_case(data, "d")]


@pytest.mark.slow  # seconds: a whole workbook or the whole command path, in `make test`
def test_a_text_that_looks_like_a_formula_stays_text(tmp_path):
    data = synthetic_case(2, seed=4)
    data["incident"]["narrative"] = '=HYPERLINK("http://example.org","x")'
    path = tmp_path / "f.xlsx"
    path.write_bytes(template_bytes("ru", [data]))
    ws = load_workbook(path)["Дело"]
    cell = next(c for c in ws[2] if c.value == data["incident"]["narrative"])
    assert cell.data_type == "s"
    assert _cases_from(path)[0].incident.narrative.ru == data["incident"]["narrative"]
