"""The start-up cache: used only when it is this user's, current and intact; otherwise rebuilt."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from complaintgen import usercache
from complaintgen.errors import TemplateError
from complaintgen.rendering import environment

from .conftest import ROOT


@pytest.fixture
def cache_dir(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("COMPLAINTGEN_NO_CACHE", raising=False)
    usercache.folder.cache_clear()
    yield tmp_path / "xdg" / "complaintgen"
    usercache.folder.cache_clear()


class Builder:
    def __init__(self, value):
        self.value, self.calls = value, 0

    def __call__(self):
        self.calls += 1
        return self.value


def test_folder_and_entries_are_the_owners_only(cache_dir):
    usercache.load("thing", ["a"], Builder({"k": "v"}))
    assert stat.S_IMODE(cache_dir.stat().st_mode) == 0o700
    (entry,) = cache_dir.iterdir()
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600


def test_a_loose_folder_is_tightened(cache_dir):
    cache_dir.mkdir(parents=True, mode=0o755)
    os.chmod(cache_dir, 0o755)
    assert usercache.folder() == cache_dir
    assert stat.S_IMODE(cache_dir.stat().st_mode) == 0o700


def test_built_once_then_read(cache_dir):
    build = Builder({"greeting": ["привет", 1, (2, 3)]})
    assert usercache.load("thing", ["a"], build) == build.value
    again = Builder("never used")
    assert usercache.load("thing", ["a"], again) == build.value
    assert (build.calls, again.calls) == (1, 0)


def test_a_stale_entry_is_rebuilt(cache_dir):
    usercache.load("thing", ["old source"], Builder("old"))
    new = Builder("new")
    assert usercache.load("thing", ["new source"], new) == "new" and new.calls == 1
    # and the rebuilt entry replaced the stale one
    assert usercache.load("thing", ["new source"], Builder("x")) == "new"


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b[:-1] + bytes([b[-1] ^ 0x01]),  # one bit of the payload
        lambda b: b[: len(b) // 2],  # cut short
        lambda b: b"",  # empty
        lambda b: b"\x00" * len(b),  # zeroed
        lambda b: b[:30] + bytes([b[30] ^ 0xFF]) + b[31:],  # the key
    ],
)
def test_a_corrupt_entry_is_ignored_and_rebuilt(cache_dir, damage):
    usercache.load("thing", ["a"], Builder({"v": 1}))
    (entry,) = cache_dir.iterdir()
    entry.write_bytes(damage(entry.read_bytes()))
    build = Builder({"v": 1})
    assert usercache.load("thing", ["a"], build) == {"v": 1} and build.calls == 1
    assert usercache.read("thing", usercache.key("a")) == {"v": 1}  # rewritten whole


def test_an_entry_others_can_write_is_not_trusted(cache_dir):
    usercache.load("thing", ["a"], Builder("mine"))
    (entry,) = cache_dir.iterdir()
    os.chmod(entry, 0o666)
    assert usercache.read("thing", usercache.key("a")) is None


def test_a_symlinked_entry_is_not_followed(cache_dir, tmp_path):
    usercache.load("thing", ["a"], Builder("mine"))
    (entry,) = cache_dir.iterdir()
    elsewhere = tmp_path / "elsewhere.bin"
    entry.rename(elsewhere)
    entry.symlink_to(elsewhere)
    assert usercache.read("thing", usercache.key("a")) is None


def test_no_usable_folder_means_no_cache_not_an_error(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    usercache.folder.cache_clear()
    try:
        build = Builder(42)
        assert usercache.load("thing", ["a"], build) == 42
        assert usercache.load("thing", ["a"], build) == 42 and build.calls == 2
    finally:
        usercache.folder.cache_clear()


def test_it_can_be_turned_off(cache_dir, monkeypatch):
    monkeypatch.setenv("COMPLAINTGEN_NO_CACHE", "1")
    usercache.folder.cache_clear()
    assert usercache.folder() is None


def test_a_cached_template_renders_as_a_fresh_one(cache_dir):
    env = environment()
    source = "{% for x in items %}{{ x }}{% if not loop.last %}, {% endif %}{% endfor %}"
    first = usercache.template(env, source, "t")
    cached = usercache.template(env, source, "t")
    assert first.render(items=["a", "b"]) == cached.render(items=["a", "b"]) == "a, b"
    assert any(p.name.startswith("jinja-") for p in cache_dir.iterdir())
    # the same name with a changed source is not served the old code
    assert usercache.template(env, "[{{ items | length }}]", "t").render(items=[1]) == "[1]"


def test_a_corrupt_compiled_template_is_recompiled(cache_dir):
    env = environment()
    usercache.template(env, "{{ 6 * 7 }}", "answer")
    for entry in cache_dir.glob("jinja-*"):
        entry.write_bytes(entry.read_bytes()[:-5] + b"xxxxx")
    assert usercache.template(env, "{{ 6 * 7 }}", "answer").render() == "42"


def _appeal(out: Path, cache: Path) -> bytes:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    env.pop("COMPLAINTGEN_NO_CACHE", None)
    case = ROOT / "examples" / "zhaksybekov-custody-no-corpus.yaml"
    cmd = [sys.executable, "-m", "complaintgen", "appeal", str(case), "--lang", "ru"]
    cmd += ["-o", str(out), "--today", "2026-11-25"]
    subprocess.run(cmd, env=env, check=True, capture_output=True)
    return out.read_bytes()


@pytest.mark.slow  # seconds: a whole workbook or the whole command path, in `make test`
def test_a_document_is_the_same_from_a_cold_warm_or_damaged_cache(tmp_path):
    cache = tmp_path / "xdg"
    cold = _appeal(tmp_path / "cold.docx", cache)
    entries = sorted((cache / "complaintgen").iterdir())
    assert {p.name.split("-")[0] for p in entries} >= {"jinja", "catalog", "docx"}
    assert not any(p.name.startswith("declined") for p in entries)  # nothing from a case file
    warm = _appeal(tmp_path / "warm.docx", cache)
    for p in entries:  # flip the last byte of every entry
        data = p.read_bytes()
        p.write_bytes(data[:-1] + bytes([data[-1] ^ 0x55]))
    damaged = _appeal(tmp_path / "damaged.docx", cache)
    assert cold == warm == damaged


def test_a_fifo_in_place_of_an_entry_does_not_block(cache_dir):
    usercache.load("thing", ["a"], Builder("mine"))
    (entry,) = cache_dir.iterdir()
    entry.unlink()
    os.mkfifo(entry, 0o600)
    build = Builder("rebuilt")
    assert usercache.load("thing", ["a"], build) == "rebuilt" and build.calls == 1


def test_the_same_name_in_two_languages_keeps_two_entries(cache_dir):
    env = environment()
    usercache.template(env, "один", "phrases.yaml:x")
    usercache.template(env, "бір", "phrases.yaml:x")
    before = {p.name: p.stat().st_mtime_ns for p in cache_dir.glob("jinja-*")}
    assert len(before) == 2
    assert usercache.template(env, "один", "phrases.yaml:x").render() == "один"
    assert usercache.template(env, "бір", "phrases.yaml:x").render() == "бір"
    after = {p.name: p.stat().st_mtime_ns for p in cache_dir.glob("jinja-*")}
    assert after == before  # read, not rewritten


def test_old_template_entries_are_pruned(cache_dir, monkeypatch):
    monkeypatch.setattr(usercache, "_MAX_TEMPLATES", 3)
    env = environment()
    for i in range(6):
        usercache.template(env, f"v{i}", "edited")
    assert len(list(cache_dir.glob("jinja-*"))) == 3
    assert usercache.template(env, "v5", "edited").render() == "v5"


def _parsed_one_by_one():
    from complaintgen import resources, snippets

    found = {}
    for directory in reversed(resources.search_path("snippets")):
        for path in sorted(directory.glob("*.md")):
            if path.name.lower() != "readme.md":
                found[path.stem] = snippets.parse(path)
    return found


def test_snippets_from_the_cache_are_the_parsed_ones(cache_dir):
    from complaintgen import snippets

    direct = _parsed_one_by_one()
    for _ in range(2):  # built and kept, then read back
        snippets.library.cache_clear()
        kept = snippets.library()
        assert set(kept) == set(direct)
        for stem, snippet in kept.items():
            assert snippet == direct[stem]
            assert snippet.model_fields_set == direct[stem].model_fields_set
            assert [type(s) for s in snippet.sources] == [type(s) for s in direct[stem].sources]
    snippets.library.cache_clear()


def test_an_edited_user_snippet_is_read_again(cache_dir, tmp_path, monkeypatch):
    from complaintgen import resources, snippets

    home = tmp_path / "home"
    (home / "snippets").mkdir(parents=True)
    shipped = next(p for p in (ROOT / "snippets").glob("*.md") if p.name != "README.md")
    mine = home / "snippets" / shipped.name
    mine.write_text(
        shipped.read_text("utf-8").replace("## ru\n", "## ru\nМой абзац.\n", 1), "utf-8"
    )
    monkeypatch.setenv("COMPLAINTGEN_HOME", str(home))
    resources.search_path.cache_clear()
    snippets.library.cache_clear()
    try:
        assert snippets.library()[shipped.stem].text["ru"].startswith("Мой абзац.")
        mine.write_text(mine.read_text("utf-8").replace("Мой абзац.", "Другой абзац."), "utf-8")
        snippets.library.cache_clear()
        assert snippets.library()[shipped.stem].text["ru"].startswith("Другой абзац.")
        mine.write_text("no front matter\n", "utf-8")
        snippets.library.cache_clear()
        with pytest.raises(TemplateError, match="front matter"):
            snippets.library()
    finally:
        resources.search_path.cache_clear()
        snippets.library.cache_clear()
