"""stats: the index's monitoring tables from case files; totals add up, small cells never show,
and the HTML page opens in a real browser with its charts."""

from __future__ import annotations

import random
import re
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from complaintgen import stats
from complaintgen.cli import main
from complaintgen.loading import validate_case

from .conftest import EXAMPLES
from .synthetic import case as synthetic_case

TODAY = "2026-11-25"


def varied(n: int) -> dict:
    """A synthetic case with the facts the index counts varied: invented people only."""
    data = synthetic_case(n, seed=11)
    rng = random.Random(n)
    inc = date.fromisoformat(data["incident"]["date"])
    inv = data["investigation"]
    inv["article"] = rng.choice(["ч. 2 ст. 146 УК РК", "ч. 1 ст. 146 УК РК", "ст. 362 УК РК"])
    if inv["article"].startswith("ч. 1"):
        inv["form"] = "inquiry"
        inv["body"] = "УП Алмалинского района ДП г. Алматы"
    if n % 5 == 0:  # sent to own security without registration: no criminal case, no order
        data["complaints"][0] |= {"outcome": "forwarded_181_5", "to": "ДП г. Алматы"}
        del data["investigation"], data["order"], data["addressee"]
        data["route"] = "judge"
    statuses = ["done", "done", "refused", "requested", "not_requested"]
    status = statuses[n % len(statuses)]
    exam = {"kind": "forensic_medical", "status": status}
    if status != "not_requested":
        exam["date"] = (inc + timedelta(days=rng.choice([0, 1, 3, 6, 12, 45]))).isoformat()
    data["examinations"] = [exam]
    if n % 3 == 0:
        outcome = rng.choice(["granted", "refused", "no_answer"])
        data["protection_requests"] = [
            {"date": (inc + timedelta(days=4)).isoformat(), "to": "прокурор", "outcome": outcome}
        ]
    return data


N = len(EXAMPLES) + 36  # examples plus the varied cases below


@pytest.fixture(scope="module")
def cases_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("cases")
    for path in EXAMPLES:
        (folder / path.name).write_bytes(path.read_bytes())
    for n in range(36):
        text = yaml.safe_dump(varied(n), allow_unicode=True)
        (folder / f"v{n:02d}.yaml").write_text(text, encoding="utf-8")
    return folder


def test_every_column_adds_up_to_the_number_of_cases(cases_dir):
    cases = [
        validate_case(yaml.safe_load(p.read_text("utf-8")), p.name) for p in cases_dir.iterdir()
    ]
    assert len(cases) == N
    for table in stats.tables(cases):
        for column in table.shown_columns:  # a cross table's total column adds up too
            if not table.split or column == "total":
                assert table.column_total(column) == N, (table.key, column)
        assert sum(table.counts.values()) == N * (2 if table.key == "examinations" else 1)
        assert {r for r, _ in table.counts} <= set(table.rows), table.key  # no case lost
    by_key = {t.key: t for t in stats.tables(cases)}
    assert sum(by_key["age"].column_total(c) for c in ("male", "female")) == N
    assert by_key["complaint_outcome"].counts[("forwarded_181_5", "cases")] >= 7
    assert by_key["qualification"].counts[("not_registered", "cases")] >= 7
    assert by_key["investigation"].counts.get(("police", "inquiry"), 0) >= 3


def test_small_cells_are_suppressed_and_cannot_be_worked_back():
    table = stats.Table(
        "gender",
        ("cases",),
        ("male", "female", "x"),
        {("male", "cases"): 10, ("female", "cases"): 2},
    )
    shown = table.shown()
    assert shown[("female", "cases")] == "<3" and shown[("x", "cases")] == "<3"  # the complement
    assert shown[("male", "cases")] == 10 and table.shown_total("cases") == 12
    tiny = stats.Table("gender", ("cases",), ("male", "female"), {("male", "cases"): 2})
    assert set(tiny.shown().values()) == {"<3"} and tiny.shown_total("cases") == "<3"


def test_age_is_counted_at_the_incident_from_the_birth_date_or_the_iin(cases_dir):
    data = yaml.safe_load((cases_dir / "v01.yaml").read_text("utf-8"))
    born = date.fromisoformat(data["victim"].pop("birth_date"))
    case = validate_case(data, "v01.yaml")  # the ИИН still says when the victim was born
    inc = case.incident.date
    expected = inc.year - born.year - ((inc.month, inc.day) < (born.month, born.day))
    assert stats.age_at_incident(case) == expected


def test_xlsx_has_a_sheet_per_table_with_no_small_numbers(cases_dir, tmp_path, capsys):
    out = tmp_path / "s.xlsx"
    assert (
        main(["stats", str(cases_dir), "--xlsx", str(out), "--lang", "kk", "--today", TODAY]) == 0
    )
    capsys.readouterr()
    wb = load_workbook(out)
    assert wb.sheetnames == [t[0] for t in stats.SPECS]
    for ws in wb:
        numbers = [c.value for row in ws.iter_rows(min_row=3, min_col=2) for c in row]
        assert not [v for v in numbers if isinstance(v, int) and 0 < v < 3], ws.title
    assert wb["gender"]["A2"].value == "Санат"


@pytest.mark.browser
def test_html_is_self_contained_and_renders_in_chromium(cases_dir, tmp_path, capsys):
    page_path = tmp_path / "stats.html"
    args = ["stats", str(cases_dir), "--html", str(page_path), "--lang", "ru", "--today", TODAY]
    assert main(args) == 0
    capsys.readouterr()
    text = page_path.read_text(encoding="utf-8")
    assert text.count("<svg") == len(stats.SPECS)
    assert not re.search(r"(src|href)=\"(https?:)?//", text)  # nothing fetched
    assert "Иванов" not in text and "Бекмухамбетова" not in text  # aggregates only
    sync_api = pytest.importorskip("playwright.sync_api")
    chromium = (
        "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else shutil.which("chromium")
    )
    if not chromium:
        pytest.skip("Chromium is not installed (.ci/run installs it)")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--headless", "--no-sandbox"])
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(page_path.as_uri())
        assert page.locator("section figure svg").count() == len(stats.SPECS)
        box = page.locator("#examinations figure svg").bounding_box()
        assert box and box["width"] > 300 and box["height"] > 100  # the chart is drawn
        assert page.locator("#gender tr.total td").nth(1).inner_text() == str(N)
        shot = tmp_path / "stats.png"
        page.screenshot(path=str(shot), full_page=True)
        browser.close()
    assert shot.stat().st_size > 20_000
    assert requests == [page_path.as_uri()]  # the page only
    keep = Path(__file__).parent.parent / ".screenshots"
    if keep.is_dir():  # a developer's own look at it
        shutil.copy(shot, keep / "stats.png")
