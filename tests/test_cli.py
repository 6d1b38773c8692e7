"""The command line, driven as a user would: exit codes, one line per problem, nothing written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from complaintgen.cli import main
from complaintgen.errors import ExitCode

from .conftest import EXAMPLES, INVALID, MINIMAL, ROOT


def run(args: list[str], capsys) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def expected_message(path: Path) -> str:
    first = path.read_bytes().split(b"\n", 1)[0].decode("utf-8", "replace")
    assert first.startswith("# expect: "), f"{path.name} must document its message"
    return first.removeprefix("# expect: ")


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_every_invalid_example_fails_with_its_documented_message(path, tmp_path, capsys):
    code, _, err = run(["appeal", path, "-o", tmp_path], capsys)
    assert code == 2
    assert expected_message(path) in err
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == []  # no output, not even partial


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_validate_reports_invalid_examples(path, capsys):
    code, _, err = run(["validate", path], capsys)
    assert code == 2 and expected_message(path) in err


def test_validate_accepts_examples_and_reports_each_file(capsys):
    code, out, _ = run(["validate", *EXAMPLES], capsys)
    assert code == 0
    verdicts = [x for x in out.splitlines() if x.startswith(("ok ", "no input errors: "))]
    assert len(verdicts) == len(EXAMPLES)


def test_validate_gives_its_verdict_after_the_gaps_it_counts(tmp_path, capsys):
    """«ok» above a list of gaps read as «nothing to do»: the verdict comes last and counts."""
    case = tmp_path / "c.yaml"
    case.write_text(MINIMAL + "order: {date: 2026-02-01, ground: no_event}\n", encoding="utf-8")
    code, out, err = run(["validate", case], capsys)
    gaps = [x for x in err.splitlines() if "missing" in x]
    assert code == 0 and gaps
    assert out.strip().endswith(
        f"gaps in the documents: {len(gaps)} (listed above) — fill them in before signing"
    )


def test_validate_mixed_files_reports_all_and_fails(capsys):
    code, out, err = run(["validate", EXAMPLES[0], INVALID[0], INVALID[1]], capsys)
    assert code == 2 and ("ok " in out or "no input errors: " in out)
    assert INVALID[0].name in err and INVALID[1].name in err


def test_missing_file(tmp_path, capsys):
    code, _, err = run(["appeal", tmp_path / "nope.yaml"], capsys)
    assert code == 2 and "nope.yaml: cannot read" in err and "Traceback" not in err


def test_strict_turns_gaps_into_errors_and_writes_nothing(tmp_path, capsys):
    case = tmp_path / "c.yaml"
    case.write_text(MINIMAL + "order: {date: 2026-02-01, ground: no_event}\n", encoding="utf-8")
    out_dir = tmp_path / "out"
    code, _, err = run(["appeal", case, "--strict", "-o", out_dir, "--today", "2026-11-25"], capsys)
    assert code == 3 and "missing:" in err
    assert not out_dir.exists() or list(out_dir.iterdir()) == []


def test_draft_lists_gaps_on_stderr(tmp_path, capsys):
    case = tmp_path / "c.yaml"
    case.write_text(MINIMAL + "order: {date: 2026-02-01, ground: no_event}\n", encoding="utf-8")
    code, out, err = run(["appeal", case, "-o", tmp_path, "--today", "2026-11-25"], capsys)
    assert code == 0, err
    assert "[ru] missing:" in err and "[kk] missing:" in err
    assert out.count("wrote ") == 2


def test_deadline_is_shown_and_warns_when_passed(tmp_path, capsys):
    case = tmp_path / "c.yaml"
    case.write_text(
        MINIMAL + "order: {date: 2026-02-01, ground: no_event, received_date: 2026-02-03}\n",
        encoding="utf-8",
    )
    code, _, err = run(["appeal", case, "-o", tmp_path, "--today", "2026-02-10"], capsys)
    # 15 суток from 03.02, the start day counted as day one (deadlines.py: counted conservatively)
    assert "deadline: 17.02.2026" in err and "7 day(s) left" in err
    code, _, err = run(["appeal", case, "-o", tmp_path, "--today", "2026-11-25"], capsys)
    assert code == 0 and "WARNING: the deadline passed on 17.02.2026" in err


def test_route_option_overrides_the_case_file(tmp_path, capsys):
    code, _, err = run(
        [
            "appeal",
            EXAMPLES[0],
            "--to",
            "prosecutor",
            "--lang",
            "ru",
            "-o",
            tmp_path,
            "--today",
            "2026-11-25",
        ],
        capsys,
    )
    assert code == 0, err
    assert "art. 102" in err


def test_single_language_to_named_file(tmp_path, capsys):
    target = tmp_path / "жалоба.docx"  # Cyrillic file names work
    code, _, err = run(["appeal", EXAMPLES[0], "--lang", "kk", "-o", target], capsys)
    assert code == 0, err
    assert target.exists() and (target.stat().st_mode & 0o077) == 0


def test_unknown_option_is_a_usage_error(capsys):
    code, _, err = run(["appeal", "--nope"], capsys)
    assert code == 2 and "No such option" in err


def test_snippets_list_and_show(capsys):
    code, out, _ = run(["snippets", "list"], capsys)
    assert code == 0 and "burden-of-proof" in out
    code, out, _ = run(["snippets", "show", "burden-of-proof", "--lang", "kk"], capsys)
    assert code == 0 and "Sources:" in out
    code, _, err = run(["snippets", "show", "no-such-snippet"], capsys)
    assert code == 4 and "no snippet 'no-such-snippet'" in err


def test_schema_is_json_with_descriptions(capsys):
    import json

    code, out, _ = run(["schema"], capsys)
    schema = json.loads(out)
    assert code == 0 and schema["additionalProperties"] is False
    assert schema["properties"]["id"]["description"]


@pytest.mark.slow
def test_python_dash_m_works():
    proc = subprocess.run(
        [sys.executable, "-m", "complaintgen", "validate", str(EXAMPLES[0])],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr


@pytest.mark.slow
def test_debug_shows_traceback():
    proc = subprocess.run(
        [sys.executable, "-m", "complaintgen", "--debug", "validate", str(INVALID[0])],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert proc.returncode != 0


def test_messages_in_russian_and_kazakh(tmp_path, capsys):
    bad = ROOT / "examples" / "invalid" / "bad-iin.yaml"
    code, _, err = run(["--ui-lang", "ru", "validate", bad], capsys)
    assert code == 2 and "bad-iin.yaml:6: victim.iin: ИИН не проходит проверку" in err
    code, _, err = run(["--ui-lang", "kk", "validate", bad], capsys)
    assert code == 2 and "victim.iin: ЖСН бақылау цифры" in err
    case = tmp_path / "c.yaml"
    case.write_text(
        MINIMAL + "order: {date: 2026-02-01, ground: no_event, received_date: 2026-02-03}\n",
        encoding="utf-8",
    )
    args = ["appeal", case, "-o", tmp_path, "--lang", "ru", "--today", "2026-02-10"]
    code, out, err = run(["--ui-lang", "ru", *args], capsys)
    assert code == 0 and "срок подачи — по 17.02.2026 включительно" in err
    assert "записан файл" in out
    code, _, err = run(["--ui-lang", "kk", *args], capsys)
    assert "беру мерзімі — 17.02.2026 қоса алғанда" in err


def test_the_locale_chooses_the_language(monkeypatch, capsys):
    monkeypatch.setenv("LANG", "ru_RU.UTF-8")
    code, _, err = run(["validate", ROOT / "examples" / "invalid" / "unknown-field.yaml"], capsys)
    assert code == 2 and "victim.adress:" in err and "unknown field" not in err


def test_help_in_the_interface_language(capsys):
    code, out, _ = run(["--ui-lang", "kk", "--help"], capsys)
    assert code == 0 and "Қылмыстық істі тоқтату туралы қаулыға" in out
    code, out, _ = run(["--ui-lang", "ru", "appeal", "--help"], capsys)
    assert code == 0 and "Жалоба на постановление о прекращении" in out
    code, out, _ = run(["--ui-lang", "en", "--help"], capsys)
    assert "Complaint against an order discontinuing" in out


def test_option_help_in_the_interface_language(capsys):
    code, out, _ = run(["--ui-lang", "ru", "batch", "--help"], capsys)
    assert code == 0 and "Допускать пропуски" in out


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_every_command_and_option_has_help_in_every_interface_language(lang):
    import click

    from complaintgen import i18n
    from complaintgen.cli import cli

    keys = i18n.keys(lang)
    commands = dict(cli.commands)
    for group in [c for c in cli.commands.values() if isinstance(c, click.Group)]:
        commands.update(group.commands)  # `snippets list`, `templates check`, …
    for name, command in commands.items():
        if command.hidden:
            continue
        assert f"help:{name}" in keys, (lang, name)
        if lang == "en":
            continue  # options are written in English
        for param in command.params:
            if not isinstance(param, click.Option) or param.hidden or not param.help:
                continue
            translated = f"opt:{param.name}" in keys or i18n.click_text(lang, param.help) != (
                param.help
            )
            assert translated, (lang, name, param.name, param.help)


def test_a_report_never_registered_is_sent_to_the_complaint_against_that(tmp_path, capsys):
    """No order, the report unregistered: the appeal is refused with the route that fits
    (ч. 1 ст. 106, ст. 105), in the interface language."""
    case = tmp_path / "c.yaml"
    case.write_text(
        MINIMAL + "complaints: [{date: 2026-01-10, to: прокуратура области, outcome: no_answer}]\n",
        encoding="utf-8",
    )
    code, _, err = run(["--ui-lang", "ru", "appeal", case, "-o", tmp_path / "a.docx"], capsys)
    assert code == ExitCode.STAGE
    assert "заявление о насилии не зарегистрировано в ЕРДР" in err and "ч. 1 ст. 106 УПК" in err
    assert not (tmp_path / "a.docx").exists()
