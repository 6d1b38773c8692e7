"""Batch results a person can act on: every case in the report with all its problems and its next
deadline, in the interface language; the deadlines of all cases beside the documents."""

from __future__ import annotations

import csv

import pytest
import yaml
from icalendar import Calendar
from openpyxl import load_workbook

from complaintgen.cli import main

from .conftest import EXAMPLES
from .synthetic import case as synthetic_case


def folder_of_cases(path, n=30):
    """The examples plus `n` generated cases: invented people only."""
    path.mkdir()
    for example in EXAMPLES:
        (path / example.name).write_bytes(example.read_bytes())
    for i in range(n):
        data = synthetic_case(i, seed=5)
        (path / f"s{i:02d}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return path


@pytest.mark.slow  # a batch of dozens or hundreds of cases: `make test`
def test_report_lists_every_case_every_problem_and_the_next_deadline(tmp_path, capsys):
    cases = folder_of_cases(tmp_path / "cases")
    broken = yaml.safe_load((cases / "s03.yaml").read_text("utf-8"))
    del broken["evidence"][0]["pages"]  # a gap in both documents
    del broken["investigation"]["erdr_number"]
    (cases / "s03.yaml").write_text(yaml.safe_dump(broken, allow_unicode=True), "utf-8")
    out = tmp_path / "out"
    args = ["--ui-lang", "ru", "batch", str(cases), "-o", str(out), "--docs", "appeal"]
    code = main([*args, "--lang", "ru,kk", "--today", "2026-11-25"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 6
    assert err[-1].startswith(f"дел: {30 + len(EXAMPLES)};")  # the summary, last, on its own line
    rows = list(csv.reader((out / "report.csv").open(encoding="utf-8-sig")))
    head, body = rows[0], rows[1:]
    assert head[:2] == ["Дело", "Статус"] and "Ближайший срок" in head
    assert {r[0] for r in body} >= {f"S-5-{i:05d}" for i in range(30)}  # every case
    bad = [r for r in body if r[0] == "S-5-00003"]
    assert {r[4] for r in bad} == {"appeal ru", "appeal kk"}  # every document's gaps at once
    assert all(r[1] == "ОШИБКА" and r[5].startswith("не хватает: ") for r in bad)
    assert len(bad) >= 4  # both gaps in both languages, not only the first
    with_deadline = [r for r in body if r[6]]
    assert len(with_deadline) >= 30 and all(r[7] for r in with_deadline)
    ws = load_workbook(out / "report.xlsx").active
    assert ws.max_row == len(rows) and ws.cell(1, 1).value == "Дело"
    assert any(ws.cell(r, 7).is_date for r in range(2, ws.max_row + 1))
    deadlines = list(csv.reader((out / "deadlines.csv").open(encoding="utf-8-sig")))
    events = Calendar.from_ical((out / "deadlines.ics").read_bytes()).walk("VEVENT")
    dated = [row for row in deadlines[1:] if row[1]]  # a draft's unknown ones have no date
    assert len(events) == len(dated) >= 30
