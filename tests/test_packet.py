"""`complaintgen packet`: every document the facts call for, an index, nothing half-made."""

from __future__ import annotations

from complaintgen.cli import main
from complaintgen.kinds import KINDS
from complaintgen.loading import load_case

from .conftest import EXAMPLES, MINIMAL, draws


def test_packet_of_each_example(tmp_path, capsys):
    for path in EXAMPLES[: draws(len(EXAMPLES), 2)]:  # two in `make check`, one with the CAT
        out = tmp_path / path.stem
        code = main(["packet", str(path), "-o", str(out), "--today", "2026-11-25"])
        _, err = capsys.readouterr()
        assert code == 0, err
        case = load_case(path)
        expected = {
            f"{case.id}_{k.name}_{lang}.docx"
            for k in KINDS.values()
            if k.needs(case) is None
            for lang in k.langs
            if lang in ("ru", "kk")
        }
        made = {p.name for p in out.glob("*.docx")}
        assert made == expected
        index = (out / "index.md").read_text(encoding="utf-8")
        for name in made:
            assert name in index
        for kind in KINDS.values():
            if kind.needs(case):
                assert f"- {kind.name}: " in index  # skipped, with the reason


def test_packet_index_lists_deadlines(tmp_path, capsys):
    case = tmp_path / "c.yaml"
    case.write_text(
        MINIMAL + "order: {date: 2026-02-01, ground: no_event, received_date: 2026-02-03}\n"
        "threats: [{date: 2026-02-05, description: звонок}]\n",
        encoding="utf-8",
    )
    assert main(["packet", str(case), "-o", str(tmp_path / "p"), "--today", "2026-11-25"]) == 0
    index = (tmp_path / "p" / "index.md").read_text(encoding="utf-8")
    assert "не позднее 17.02.2026 (ч. 5 ст. 106 УПК РК) — СРОК ИСТЁК" in index
    assert "ч. 4 ст. 96 УПК РК" in index and "ч. 4 ст. 99 УПК РК" in index
    assert "- cat: внутренние средства защиты не исчерпаны" in index  # in the index's language
    assert "domestic remedies" not in index
    capsys.readouterr()


def test_both_languages_as_the_document_commands_take_them(tmp_path, capsys):
    path = EXAMPLES[0]
    assert main(["packet", str(path), "--lang", "both", "-o", str(tmp_path / "p")]) == 0
    langs = {p.stem.rsplit("_", 1)[1] for p in (tmp_path / "p").glob("*.docx")}
    assert langs == {"ru", "kk"}
    capsys.readouterr()


def test_strict_packet_with_gaps_writes_nothing(tmp_path, capsys):
    case = tmp_path / "c.yaml"
    case.write_text(MINIMAL + "order: {date: 2026-02-01, ground: no_event}\n", encoding="utf-8")
    out = tmp_path / "p"
    assert main(["packet", str(case), "-o", str(out), "--strict"]) == 3
    assert not out.exists() or not list(out.iterdir())
    capsys.readouterr()


def test_unknown_language_is_a_usage_error(tmp_path, capsys):
    assert main(["packet", str(EXAMPLES[0]), "-o", str(tmp_path), "--lang", "ru,de"]) == 2
    assert "unknown language(s) de" in capsys.readouterr().err


def test_index_titles_each_document_by_what_it_asks(tmp_path, capsys):
    """A petition for one of the two examinations is listed as that one (the document's own
    title), not as the registry's petition for both; the client's Kazakh copy of a CAT
    communication keeps the title that says it is a translation."""
    case = tmp_path / "c.yaml"
    case.write_text(
        MINIMAL + "order: {date: 2026-02-01, ground: no_event, received_date: 2026-02-03}\n"
        "examinations:\n"
        "  - {kind: forensic_medical, status: done, date: 2026-01-12, istanbul_protocol: true}\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert main(["packet", str(case), "-o", str(out), "--today", "2026-02-10"]) == 0, (
        capsys.readouterr()
    )
    index = (out / "index.md").read_text(encoding="utf-8")
    line = next(x for x in index.splitlines() if "_examination_ru.docx" in x)
    assert "— Ходатайство о назначении судебной психолого-психиатрической экспертизы" in line
    assert "судебно-медицинской" not in line
    line = next(x for x in index.splitlines() if "_examination_kk.docx" in x)
    assert "— Сот психологиялық-психиатриялық сараптаманы тағайындау туралы өтінішхат" in line
