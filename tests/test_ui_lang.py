"""The interface language reaches every message: --ui-lang before any command is honoured by
intake and serve, and click's own words (usage errors, help headings) come from the catalogs."""

from __future__ import annotations

import pytest

from complaintgen import i18n, web
from complaintgen.cli import main


def run(args, capsys):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def english_click():
    yield
    i18n.click_messages("en")  # click's words are process-wide: leave them as other tests expect


def test_ui_lang_before_intake_is_honoured(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO(""))  # Ctrl+D at once
    _, out, _ = run(["--ui-lang", "kk", "intake", "-o", tmp_path / "case.yaml"], capsys)
    assert "азаптау ісі бойынша сауалнама" in out, out  # the title, in Kazakh
    _, out, _ = run(["--ui-lang", "en", "intake", "-o", tmp_path / "other.yaml"], capsys)
    assert "complaintgen — intake" in out or "questionnaire" in out.lower(), out
    assert "азаптау" not in out


def test_ui_lang_before_serve_is_honoured_and_after_it_too(tmp_path, capsys, monkeypatch):
    seen = []
    monkeypatch.setattr(web, "serve", lambda port, lang, drafts, idle: seen.append((lang, idle)))
    run(["--ui-lang", "kk", "serve", "--drafts", tmp_path, "--idle", "30"], capsys)
    run(["serve", "--ui-lang", "en", "--drafts", tmp_path], capsys)
    assert seen == [("kk", 1800), ("en", 7200)]


MESSAGES = {
    "ru": ("Нет такой команды: 'nosuch'", "Не указан аргумент 'CASE_FILE'", "Справка:",
           "Нет такого параметра: '--nope'", "Показать эту справку и выйти.", "Использование:"),
    "kk": ("'nosuch' деген команда жоқ", "Көрсетілмеген аргумент 'CASE_FILE'", "Анықтама:",
           "'--nope' деген параметр жоқ", "Осы анықтаманы көрсетіп, шығу.", "Қолданылуы:"),
    "en": ("No such command 'nosuch'", "Missing argument 'CASE_FILE'", "for help",
           "No such option '--nope'", "Show this message and exit.", "Usage:"),
}  # fmt: skip


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_clicks_own_messages_are_in_the_interface_language(lang, capsys):
    no_command, no_argument, try_help, no_option, help_option, usage = MESSAGES[lang]
    code, _, err = run(["--ui-lang", lang, "nosuch"], capsys)
    assert code == 2 and no_command in err and try_help in err and usage in err, err
    code, _, err = run(["--ui-lang", lang, "appeal"], capsys)
    assert code == 2 and no_argument in err, err
    code, _, err = run(["appeal", "--nope", "--ui-lang", lang], capsys)
    assert code == 2 and no_option in err, err
    code, out, _ = run(["--ui-lang", lang, "validate", "--help"], capsys)
    assert code == 0 and help_option in out and usage in out, out
    version = {"ru": "Показать версию и выйти.", "kk": "Нұсқасын көрсетіп, шығу."}
    code, out, _ = run(["--ui-lang", lang, "--help"], capsys)
    assert version.get(lang, "Show the version and exit.") in out, out


def test_plural_messages_follow_the_languages_plural_rules():
    i18n.click_messages("ru")
    import click.core

    def extra(n):
        return click.core.ngettext(
            "Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})", n
        )

    assert (extra(1), extra(3), extra(5)) == (
        "Лишний аргумент ({args})", "Лишние аргументы ({args})", "Лишние аргументы ({args})",
    )  # fmt: skip


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_every_click_message_has_its_placeholders_in_the_translation(lang):
    import re

    from babel.messages.pofile import read_po

    path = i18n.LOCALE_DIR / lang / "LC_MESSAGES" / "click.po"
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    fields = re.compile(r"\{\w+(?:!r)?\}|%\(\w+\)s")
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), message.id
        wanted = set(fields.findall(" ".join(ids)))
        for s in strings:
            assert set(fields.findall(s)) <= wanted and s.strip(), (message.id, s)
