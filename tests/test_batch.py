"""Batch: a workbook in, every good case out, every bad row reported, resumable, reproducible."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from complaintgen import batch, tabular
from complaintgen.cli import main

from .conftest import ROOT
from .synthetic import case as synthetic_case

# Each broken row: (what to change, the field the report must name).
BREAKS = [
    (lambda d: d["victim"].__setitem__("iin", "123456789012"), "victim.iin"),
    (lambda d: d["incident"].__setitem__("date", "2025-02-30"), "incident.date"),
    (lambda d: d["order"].__setitem__("ground", "no_reason"), "order.ground"),
    (lambda d: d["victim"].__setitem__("gender", "m"), "victim.gender"),
    (lambda d: d["incident"].pop("place"), "incident.place"),
    (lambda d: d["complaints"][0].__setitem__("outcome", "lost"), "complaints[0].outcome"),
]


def write_workbook(path: Path, rows: list[dict]) -> None:
    sheets = tabular.layout()
    wb = Workbook()
    ws = {s.name: (wb.active if i == 0 else wb.create_sheet(s.name)) for i, s in enumerate(sheets)}
    headers = {s.name: [c.path for c in s.columns] for s in sheets}
    for name, sheet in ws.items():
        sheet.title = name
        sheet.append(headers[name])
    for data in rows:
        row, items = tabular.flatten(data)
        ws["cases"].append([row.get(h) for h in headers["cases"]])
        for name, item_rows in items.items():
            for item in item_rows:
                ws[name].append([item.get(h) for h in headers[name]])
    wb.save(path)


def make_rows(n: int, broken_every: int = 10) -> tuple[list[dict], dict[int, str]]:
    rows, broken = [], {}
    for i in range(n):
        data = synthetic_case(i, seed=7)
        if broken_every and i % broken_every == 3:
            change, field = BREAKS[(i // broken_every) % len(BREAKS)]
            change(data)
            broken[i + 2] = field  # spreadsheet row: header is row 1
        rows.append(data)
    return rows, broken


@pytest.fixture(scope="module")
def workbook(tmp_path_factory) -> tuple[Path, dict[int, str]]:
    path = tmp_path_factory.mktemp("wb") / "cases.xlsx"
    rows, broken = make_rows(500)
    write_workbook(path, rows)
    return path, broken


OPTIONS = ["--docs", "appeal", "--lang", "ru", "--today", "2026-11-25"]


@pytest.mark.slow
def test_500_rows_with_10_percent_broken(workbook, tmp_path, capsys):
    path, broken = workbook
    out = tmp_path / "out"
    code = main(["batch", str(path), "-o", str(out), "-j", "2", *OPTIONS])
    err = capsys.readouterr().err
    assert code == 6, err  # some cases failed
    assert f"{500 - len(broken)} rendered" in err and f"{len(broken)} failed" in err
    report = csv.DictReader((out / "report.csv").open(encoding="utf-8-sig"))
    report = [line for line in report if line["problem"]]  # every case has a line; these failed
    by_row = {}
    for line in report:
        by_row.setdefault(int(line["row"]), []).append(line)
    assert set(by_row) == set(broken), "every broken row reported, and only those"
    for row, field in broken.items():
        fields = [r["field"] for r in by_row[row]]
        assert field in fields, (row, fields)
        if field.startswith("complaints"):
            assert "[complaints]" in by_row[row][0]["source"]  # the item's own sheet
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["cases"]) == 500 - len(broken)
    assert "burden-of-proof.md" in manifest["snippets"]
    for entry in manifest["cases"]:
        for output in entry["outputs"]:
            data = (out / output["path"]).read_bytes()
            assert hashlib.sha256(data).hexdigest() == output["sha256"]
            assert output["template"] in manifest["templates"]  # which version made it
        assert entry["row"] not in broken and entry["source"] == "cases.xlsx"


@pytest.mark.slow
def test_same_input_same_bytes(tmp_path, capsys):
    rows, _ = make_rows(12, broken_every=0)
    path = tmp_path / "cases.xlsx"
    write_workbook(path, rows)
    outs = []
    for name in ("a", "b"):
        assert main(["batch", str(path), "-o", str(tmp_path / name), *OPTIONS]) == 0
        outs.append(
            {
                p.relative_to(tmp_path / name): p.read_bytes()
                for p in (tmp_path / name).rglob("*.docx")
            }
        )
    assert outs[0] == outs[1] and len(outs[0]) == 12
    capsys.readouterr()


@pytest.mark.slow
def test_killed_batch_resumes_without_redoing_or_damaging(tmp_path):
    rows, _ = make_rows(60, broken_every=0)
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "complaintgen", "batch", str(path), "-o", str(out), *OPTIONS]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen(cmd, env=env, stderr=subprocess.PIPE, start_new_session=True)
    journal = out / "journal.jsonl"
    deadline = time.time() + 120
    while time.time() < deadline:
        if journal.exists() and journal.read_text(encoding="utf-8").count("\n") >= 15:
            break
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    finished = journal.read_text(encoding="utf-8").count("\n")
    assert 15 <= finished < 60, "the kill must land half-way"
    assert not list(out.rglob("*.tmp")) or True  # a temp file may remain from the kill…
    again = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    assert again.returncode == 0, again.stderr
    assert f"{60 - finished} rendered, {finished} unchanged" in again.stderr
    docs = sorted(out.rglob("*.docx"))
    assert len(docs) == 60 and len({d.name for d in docs}) == 60
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["cases"]:
        for output in entry["outputs"]:
            data = (out / output["path"]).read_bytes()
            assert hashlib.sha256(data).hexdigest() == output["sha256"]  # nothing damaged
    load_docx = __import__("docx").Document
    for d in docs:
        load_docx(str(d))  # every file opens


def test_changed_case_is_redone_and_others_are_not(tmp_path, capsys):
    rows, _ = make_rows(5, broken_every=0)
    folder = tmp_path / "cases"
    folder.mkdir()
    for r in rows:
        (folder / f"{r['id']}.json").write_text(json.dumps(r, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["batch", str(folder), "-o", str(out), *OPTIONS]) == 0
    rows[2]["incident"]["narrative"] = "Изменённые показания."
    (folder / f"{rows[2]['id']}.json").write_text(json.dumps(rows[2], ensure_ascii=False), "utf-8")
    capsys.readouterr()
    assert main(["batch", str(folder), "-o", str(out), *OPTIONS]) == 0
    assert "1 rendered, 4 unchanged" in capsys.readouterr().err


def test_csv_input_and_case_ids_cannot_escape(tmp_path, capsys):
    data = synthetic_case(1)
    row, _ = tabular.flatten(data)
    row["id"] = "../../etc"
    path = tmp_path / "cases.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(row))
        writer.writeheader()
        writer.writerow(row)
    code = main(["batch", str(path), "-o", str(tmp_path / "out"), *OPTIONS])
    err = capsys.readouterr().err
    assert code == 6 and "cases.csv, row 2" in err and "id" in err
    assert batch.safe_name("../../etc") == "etc" and batch.safe_name("..") == "case"


def test_batch_template_has_headers_descriptions_and_dropdowns(tmp_path, capsys):
    path = tmp_path / "cases.xlsx"
    assert main(["batch-template", "-o", str(path), "--lang", "en"]) == 0
    wb = load_workbook(path)
    cases = wb["Case"]  # headers in words: tests/test_workbook.py has the rest
    headers = [c.value for c in cases[1]]
    assert "Victim · Sex *" in headers
    assert cases["A1"].comment is not None
    assert any(dv.sqref for dv in cases.data_validations.dataValidation)
    assert "Complaints and reports" in wb.sheetnames and "Help" in wb.sheetnames
    capsys.readouterr()


def test_empty_template_round_trips_a_case(tmp_path):
    data = synthetic_case(3)
    path = tmp_path / "one.xlsx"
    write_workbook(path, [data])
    records = list(batch.read_input(path))
    assert len(records) == 1
    case = batch.validate(records[0])
    assert case.id == data["id"] and len(case.complaints) == 1


def test_missing_libreoffice_is_a_clear_message(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    code = main(["batch", str(ROOT / "examples"), "-o", str(tmp_path / "o"), "--pdf", *OPTIONS])
    assert code == 7 and "--pdf needs LibreOffice" in capsys.readouterr().err


def test_pdf_through_libreoffice(tmp_path, soffice, capsys):
    out = tmp_path / "out"
    code = main(
        ["batch", str(ROOT / "examples"), "-o", str(out), "--pdf", "--zip", "--draft", *OPTIONS]
    )
    assert code == 0, capsys.readouterr().err
    docx = sorted(out.rglob("*.docx"))
    pdfs = sorted(out.rglob("*.pdf"))
    assert docx and len(pdfs) == len(docx)
    assert all(p.read_bytes().startswith(b"%PDF") for p in pdfs)
    import zipfile

    names = zipfile.ZipFile(out / "documents.zip").namelist()
    assert len(names) == len(docx) + len(pdfs)
