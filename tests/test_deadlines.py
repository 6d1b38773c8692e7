"""Deadlines: each rule from its start fact, counted conservatively; the register in every form."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from icalendar import Calendar
from openpyxl import load_workbook

from complaintgen import deadlines as dl
from complaintgen.cli import main
from complaintgen.loading import parse_case

from .conftest import EXAMPLES, MINIMAL

ORDER = "order: {date: 2026-02-01, ground: no_event, received_date: 2026-02-03}\n"


def case(extra: str = ""):
    return parse_case((MINIMAL + extra).encode(), "c.yaml")


def found(extra: str) -> dict[str, dl.Deadline]:
    return {d.rule: d for d in dl.for_case(case(extra))}


def test_counting_is_conservative_for_us_and_generous_to_the_authority():
    assert dl.ours(date(2026, 2, 3), 15) == date(2026, 2, 17)  # the start day is day one
    assert dl.theirs(date(2026, 2, 3), 3) == date(2026, 2, 6)
    assert dl.one_year(date(2025, 3, 10)) == date(2026, 3, 9)
    assert dl.one_year(date(2024, 2, 29)) == date(2025, 2, 27)
    # 17 Feb 2026 is a Tuesday; 14 Feb 2026 a Saturday: a deadline ending then is not moved.
    assert dl.ours(date(2026, 1, 31), 15) == date(2026, 2, 14)


@pytest.mark.parametrize(
    ("extra", "last_day", "via", "field"),
    [
        (ORDER, date(2026, 2, 17), "acquaintance", "order.received_date"),
        (
            ORDER + "prosecutor_complaint: {date: 2026-02-05, answer: refused,"
            " answer_date: 2026-02-20}\n",
            date(2026, 3, 6),
            "prosecutor_refusal",
            "prosecutor_complaint.answer_date",
        ),
        (
            # refused two months late: the earliest reading runs from the end of the silence
            ORDER + "prosecutor_complaint: {date: 2026-02-05, answer: refused,"
            " answer_date: 2026-04-20}\n",
            date(2026, 3, 5),
            "prosecutor_silence",
            "prosecutor_complaint.date",
        ),
        (
            ORDER + "prosecutor_complaint: {date: 2026-02-05, answer: no_answer}\n",
            date(2026, 3, 5),  # silence ends 19.02 (day 15), then 15 days from it
            "prosecutor_silence",
            "prosecutor_complaint.date",
        ),
    ],
)
def test_complaint_to_the_judge_runs_from_the_right_fact(extra, last_day, via, field):
    d = dl.appeal(case(extra))
    assert (d.rule, d.last_day, d.via, d.start_field, d.party) == (
        "art106",
        last_day,
        via,
        field,
        "us",
    )
    assert d.basis("ru") == "ч. 5 ст. 106 УПК РК"


def test_prosecutor_route_is_one_year_and_open_while_no_route_is_taken():
    d = dl.appeal(case(ORDER + "route: prosecutor\n"))
    assert (d.rule, d.last_day, d.start_field) == ("art102", date(2027, 1, 31), "order.date")
    assert set(found(ORDER)) == {"art106", "art102"}  # both routes open
    taken = ORDER + "prosecutor_complaint: {date: 2026-02-05, answer: no_answer}\n"
    assert set(found(taken)) == {"art106", "art105"}  # the prosecutor owes an answer
    assert found(taken)["art105"].last_day == date(2026, 2, 12)


def test_missing_acquaintance_date_is_an_unknown_deadline_naming_the_field():
    d = found("order: {date: 2026-02-01, ground: no_event}\n")["art106"]
    assert d.last_day is None and d.start_field == "order.received_date"
    assert d.status(date(2026, 2, 2)) == "unknown"


def test_court_ruling_then_the_art_107_appeal():
    pending = ORDER + (
        "court_appeals: [{level: investigating_judge, date: 2026-02-10, outcome: pending}]\n"
    )
    assert set(found(pending)) == {"art106_ruling"}  # the judge route is taken
    assert found(pending)["art106_ruling"].last_day == date(2026, 2, 20)
    dismissed = ORDER + (
        "court_appeals: [{level: investigating_judge, date: 2026-02-10,"
        " decision_date: 2026-02-16, outcome: dismissed}]\n"
    )
    d = found(dismissed)["art107"]
    assert (d.last_day, d.start_field) == (date(2026, 2, 18), "court_appeals[0].decision_date")
    appealed = dismissed.replace(
        "outcome: dismissed}]",
        "outcome: dismissed}, {level: appeal_court, date: 2026-02-18, outcome: pending}]",
    )
    assert found(appealed) == {}


def test_petitions_and_security_requests_the_authority_must_decide():
    extra = (
        "examinations: [{kind: forensic_medical, status: requested, date: 2026-01-10},"
        " {kind: psychological_psychiatric, status: done, date: 2026-01-12}]\n"
        "protection_requests: [{date: 2026-01-20, to: прокурор, outcome: no_answer},"
        " {date: 2026-01-21, to: прокурор, outcome: granted}]\n"
    )
    items = dl.for_case(case(extra))
    assert [(d.rule, d.last_day, d.party) for d in items] == [
        ("art99", date(2026, 1, 13), "authority"),
        ("art96", date(2026, 1, 21), "authority"),
    ]


def test_status_marks_overdue_and_due_within_n_days():
    d = dl.appeal(case(ORDER))
    assert d.status(date(2026, 2, 18)) == "overdue"
    assert d.status(date(2026, 2, 17)) == "due"
    assert d.status(date(2026, 2, 10), within=7) == "due"
    assert d.status(date(2026, 2, 9), within=7) == "running"


def test_next_deadline_is_ours_and_ahead():
    c = case(
        ORDER + "examinations: [{kind: forensic_medical, status: requested, date: 2026-02-01}]\n"
    )
    assert dl.next_for(c, date(2026, 2, 10)).rule == "art106"


def _folder(tmp_path):
    folder = tmp_path / "cases"
    folder.mkdir()
    for path in EXAMPLES:
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / "extra.yaml").write_text(
        MINIMAL.replace("id: t-1", "id: X-9") + ORDER, encoding="utf-8"
    )
    return folder


def test_command_prints_a_sorted_marked_table(tmp_path, capsys):
    folder = _folder(tmp_path)
    code = main(["--ui-lang", "ru", "deadlines", str(folder), "--today", "2026-11-25"])
    out = capsys.readouterr().out
    assert code == 0
    dated = re.compile(r"^\S+\s+\d\d\.\d\d\.\d{4}\b")
    lines = [line for line in out.splitlines() if dated.match(line)]
    days = [date(*reversed([int(x) for x in line.split()[1].split(".")])) for line in lines]
    assert days == sorted(days) and len(lines) >= 6
    assert "ПРОСРОЧЕН" in out and "СКОРО" in out and "не продлевается" in out
    assert "X-9" in out and "17.02.2026" in out


def test_ics_csv_and_xlsx_parse_back(tmp_path, capsys):
    folder = _folder(tmp_path)
    ics, csv_path, xlsx = tmp_path / "d.ics", tmp_path / "d.csv", tmp_path / "d.xlsx"
    args = ["deadlines", str(folder), "--ics", str(ics), "--csv", str(csv_path)]
    assert main([*args, "--xlsx", str(xlsx), "--today", "2026-11-25", "--lang", "en"]) == 0
    capsys.readouterr()
    rows = list(csv.reader(io.StringIO(csv_path.read_text(encoding="utf-8-sig"))))
    assert rows[0][:3] == ["Case", "Last day", "Days left"] and len(rows) > 6
    cal = Calendar.from_ical(ics.read_bytes())
    events = cal.walk("VEVENT")
    dated = [r for r in rows[1:] if r[1]]
    assert len(events) == len(dated)  # every dated deadline, no more
    assert len({str(e["UID"]) for e in events}) == len(events)
    first = events[0]
    assert isinstance(first.decoded("DTSTART"), date)
    assert str(first["SUMMARY"]).startswith(rows[1][0])
    assert any(e.walk("VALARM") for e in events)  # ours remind ahead
    assert "Иванов" not in ics.read_text(encoding="utf-8")  # no names in a calendar
    ws = load_workbook(xlsx).active
    assert ws.cell(2, 2).is_date and ws.cell(2, 1).value == rows[1][0]


def test_an_invalid_case_writes_nothing(tmp_path, capsys):
    folder = _folder(tmp_path)
    (folder / "bad.yaml").write_text(MINIMAL.replace("gender: male", "gender: m"), "utf-8")
    ics = tmp_path / "d.ics"
    assert main(["deadlines", str(folder), "--ics", str(ics)]) == 2
    assert "bad.yaml" in capsys.readouterr().err and not ics.exists()


@pytest.mark.slow  # seconds: a whole workbook or the whole command path, in `make test`
def test_every_open_order_of_thirty_cases_in_a_workbook_has_its_deadlines(tmp_path, capsys):
    import yaml

    from complaintgen.workbook import template_bytes

    from .synthetic import case as synthetic_case

    datas = [synthetic_case(i, seed=9) for i in range(30)]
    datas += [yaml.safe_load(p.read_text(encoding="utf-8")) for p in EXAMPLES]
    path = tmp_path / "cases.xlsx"
    path.write_bytes(template_bytes("ru", datas))
    out = tmp_path / "d.csv"
    assert main(["deadlines", str(path), "--csv", str(out), "--today", "2026-11-25"]) == 0
    capsys.readouterr()
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))[1:]
    by_case: dict[str, set[str]] = {}
    for r in rows:
        by_case.setdefault(r[0], set()).add(r[7])
    for data in datas:  # an order not yet taken to court: the ст. 106 complaint is tracked
        if data.get("order") and not data.get("court_appeals"):
            starts = {"order.received_date", "prosecutor_complaint.answer_date"}
            starts.add("prosecutor_complaint.date")  # a late refusal: from the silence's end
            assert starts & by_case[data["id"]]
    assert "2025-PVL-002" not in by_case  # both courts have ruled: nothing runs any more
    assert len(by_case) >= 31
