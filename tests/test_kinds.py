"""A document kind is one registry entry: a fake kind added in a fixture works in the CLI, the
packet and the batch without touching any of them."""

from __future__ import annotations

import pytest

from complaintgen import context, kinds, resources
from complaintgen.arguments.items import Argument, Item, Ref
from complaintgen.cli import main

from .conftest import EXAMPLES

CASE = next(p for p in EXAMPLES if "zhaksybekov" in p.stem)


def _note(case, found, route, chosen, today):
    arg = Argument("note", route)
    arg.body = [Item("line", data={"who": Ref("victim")})]
    arg.signature = Item("sign")
    return arg


@pytest.fixture
def note_kind(tmp_path, monkeypatch):
    home = tmp_path / "home"
    for lang, title, words in (("ru", "ЗАПИСКА", "Записка о деле"), ("kk", "ЖАЗБА", "Іс туралы")):
        folder = home / "templates" / lang
        folder.mkdir(parents=True)
        (folder / "note.md.j2").write_text(
            f"# {title}\n\n{{% for it in doc.body %}}\n{{{{ say(it) }}}}\n\n{{% endfor %}}"
            "::: signature\n{{ say(doc.signature) }}\n:::\n",
            encoding="utf-8",
        )
        (folder / "note.yaml").write_text(
            f'line: "{words}: {{{{ it.who.full }}}}."\nsign: "{{{{ today | dateline }}}}"\n',
            encoding="utf-8",
        )
    monkeypatch.setenv("COMPLAINTGEN_HOME", str(home))
    for cached in (resources.search_path, context.wording):
        cached.cache_clear()
    kind = kinds.Kind(
        "note",
        {"ru": "Записка", "kk": "Жазба"},
        ("ru", "kk"),
        "A one-line note about the case (a test kind).",
        "A note",
        lambda case: None,
        arguer=_note,
    )
    monkeypatch.setitem(kinds.KINDS, "note", kind)
    yield kind
    for cached in (resources.search_path, context.wording):
        cached.cache_clear()


def test_the_cli_knows_a_registered_kind(note_kind, tmp_path, capsys):
    assert main(["--ui-lang", "en", "--help"]) == 0
    assert "note" in capsys.readouterr().out
    out = tmp_path / "n"
    args = ["note", str(CASE), "-o", str(out), "--today", "2026-11-25"]
    assert main(args) == 0, capsys.readouterr().err
    assert sorted(p.name for p in out.iterdir()) == [
        "2026-KRG-014_note_kk.docx",
        "2026-KRG-014_note_ru.docx",
    ]
    assert main(["explain", "note", str(CASE), "--today", "2026-11-25"]) == 0
    assert "Записка о деле: Жаксыбеков Даурен Маратович." in capsys.readouterr().out


def test_packet_and_batch_include_a_registered_kind(note_kind, tmp_path, capsys):
    packet = tmp_path / "p"
    assert main(["packet", str(CASE), "-o", str(packet), "--today", "2026-11-25"]) == 0
    assert (packet / "2026-KRG-014_note_ru.docx").exists()
    folder = tmp_path / "cases"
    folder.mkdir()
    (folder / CASE.name).write_bytes(CASE.read_bytes())
    out = tmp_path / "b"
    capsys.readouterr()
    args = ["batch", str(folder), "-o", str(out), "--docs", "note", "--today", "2026-11-25"]
    assert main(args) == 0, capsys.readouterr().err
    assert list(out.rglob("*_note_ru.docx"))
