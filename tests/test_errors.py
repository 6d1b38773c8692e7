"""Messages: one exit-code table, values escaped and short, one problem per line, and no input
of any kind gives an internal error (exit 70)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from complaintgen import errors
from complaintgen.cli import main
from complaintgen.errors import ExitCode, show

from .conftest import EXAMPLES, MINIMAL, ROOT

SRC = ROOT / "src" / "complaintgen"


def run(args, capsys) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def case_file(tmp_path: Path, text: str, name: str = "c.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_show_escapes_controls_names_invisibles_and_cuts():
    assert show("a\x1b]0;owned\x07b") == "'a\\x1b]0;owned\\x07b'"
    assert show("male\u200b") == "'male<U+200B>'"
    assert show("a\r\nb") == "'a\\r\\nb'"
    assert show("уда\u0301р") == "'уда<U+0301>р'"  # a stress mark is named, not hidden
    long = show("x" * 5000)
    assert len(long) <= errors.VALUE_LIMIT + 3 and long.endswith("…'")


def test_exit_codes_come_from_one_table():
    """No literal exit codes or SystemExit in src/: commands raise, main() exits."""
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "SystemExit(" not in text, path
        assert not re.search(r"exit_code\s*=\s*\d", text), path
        assert not re.search(r"return (?:2|3|4|5|6|7|70|130)\b", text) or path.name in (
            "terminal.py",  # the intake returns its status to cli, which raises Failed(status)
        ), path


def test_terminal_escape_in_a_value_is_shown_not_sent(tmp_path, capsys):
    path = case_file(tmp_path, MINIMAL.replace("gender: male", 'gender: "\\e]0;owned\\a"'))
    code, _, err = run(["--ui-lang", "en", "validate", path], capsys)
    assert code == ExitCode.INPUT
    assert "\x1b" not in err and "\x07" not in err and "\\x1b]0;owned\\x07" in err


def test_invisible_character_is_named_in_the_choice_message(tmp_path, capsys):
    path = case_file(tmp_path, MINIMAL.replace("gender: male", 'gender: "male\\u200b"'))
    _, _, err = run(["--ui-lang", "en", "validate", path], capsys)
    assert "'male<U+200B>' is not one of" in err


def test_line_breaks_in_a_value_never_split_a_problem(tmp_path, capsys):
    path = case_file(tmp_path, MINIMAL.replace("gender: male", 'gender: "ma\\r\\nle: x"'))
    _, _, err = run(["--ui-lang", "en", "validate", path], capsys)
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "ma\\r\\nle" in lines[0]


def test_a_huge_value_gives_a_short_line(tmp_path, capsys):
    path = case_file(tmp_path, MINIMAL.replace("gender: male", f"gender: {'m' * 1_000_000}"))
    _, _, err = run(["--ui-lang", "en", "validate", path], capsys)
    assert max(len(line) for line in err.splitlines()) <= errors.LINE_LIMIT + 1
    huge_key = case_file(tmp_path, MINIMAL + f"{'k' * 100_000}: 1\n", "k.yaml")
    _, _, err = run(["--ui-lang", "en", "validate", huge_key], capsys)
    assert err and max(len(line) for line in err.splitlines()) <= errors.LINE_LIMIT + 1


@pytest.mark.parametrize(
    "text",
    [
        '{"id": "t\\ud800"}',
        '{"id": "t", "victim": {"name": {"last": "\\udfff"}}}',
        '{"\\ud800": 1}',
    ],
)
def test_lone_surrogate_in_json_is_a_located_input_error(tmp_path, capsys, text):
    path = case_file(tmp_path, text, "c.json")
    for command in (["validate", path], ["appeal", path, "-o", tmp_path / "o"]):
        code, _, err = run(["--ui-lang", "en", *command], capsys)
        assert code == ExitCode.INPUT, err
        assert "half of a character pair" in err and "<U+D" in err and "c.json:1" in err


def test_unquoted_iin_with_a_leading_zero_says_write_it_in_quotes(tmp_path, capsys):
    path = case_file(
        tmp_path, MINIMAL.replace("  gender: male", "  gender: male\n  iin: 010203040506")
    )
    _, _, err = run(["--ui-lang", "en", "validate", path], capsys)
    assert "victim.iin: read as the number" in err and "write it in quotes" in err
    _, _, err = run(["--ui-lang", "ru", "validate", path], capsys)
    assert "запишите значение в кавычках" in err


@pytest.mark.parametrize(
    ("sample", "named"),
    [
        (ROOT / "examples" / "templates" / "letterhead.docx", "Word document (DOCX)"),
        (b"%PDF-1.7\n...", "PDF document"),
        # seconds: writes the whole batch workbook, so in `make test` only like the other
        # whole-workbook checks (the DOCX and PDF cases take the same path in `make check`)
        pytest.param("xlsx", "Excel workbook (XLSX)", marks=pytest.mark.slow),
    ],
)
def test_other_documents_passed_as_a_case_file_are_named(tmp_path, capsys, sample, named):
    if sample == "xlsx":
        from complaintgen.workbook import write_template

        path = tmp_path / "cases.yaml"
        write_template(tmp_path / "w.xlsx")
        path.write_bytes((tmp_path / "w.xlsx").read_bytes())
    elif isinstance(sample, bytes):
        path = tmp_path / "case.yaml"
        path.write_bytes(sample)
    else:
        path = sample
    code, _, err = run(["--ui-lang", "en", "validate", path], capsys)
    assert code == ExitCode.INPUT and named in err and "UTF-8" not in err


def test_validate_also_says_what_each_document_still_lacks(capsys):
    ospanov = next(p for p in EXAMPLES if "ospanov" in p.name)
    code, out, err = run(["--ui-lang", "en", "validate", ospanov], capsys)
    assert code == 0 and ospanov.name in out
    assert "[appeal ru]" in err and "[appeal kk]" in err  # gaps, per kind and language


def test_an_unexpected_os_error_is_a_file_error(monkeypatch, tmp_path, capsys):
    def broken(*a, **k):
        raise PermissionError(13, "Permission denied", str(tmp_path / "x"))

    monkeypatch.setattr("complaintgen.loading.load_case", broken)  # cli imports it on use
    code, _, err = run(["appeal", EXAMPLES[0]], capsys)
    assert code == ExitCode.IO and "permission denied" in err and "internal" not in err


def test_readme_documents_every_exit_code():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    for code in ExitCode:
        assert f"| {int(code)} |" in section, code


def test_no_traceback_without_debug_even_from_a_subprocess(tmp_path):
    path = case_file(tmp_path, '{"id": "\\ud800"}', "c.json")
    proc = subprocess.run(
        [sys.executable, "-m", "complaintgen", "appeal", str(path)],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT / "src"), "LANG": "C.UTF-8"},
        check=False,
    )
    assert proc.returncode == ExitCode.INPUT and "Traceback" not in proc.stderr
