"""The shipped templates render outside the sandbox; anything else stays in it. And the quick
paths of rendering and batch writing give what the slow ones gave."""

from __future__ import annotations

import string
from datetime import date

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from complaintgen import batch, context, rendering, resources
from complaintgen.documents import render_text
from complaintgen.errors import TemplateError, UsageError
from complaintgen.loading import load_case
from tests.conftest import EXAMPLES, ROOT, TODAY

CASE = ROOT / "examples" / "zhaksybekov-custody-no-corpus.yaml"
HOSTILE = "{{ it.__class__.__mro__ }}"


def _clear() -> None:
    for cached in (resources.search_path, context.wording, context.phrasebook):
        cached.cache_clear()
    context._phrase_source.cache_clear()
    context._WORDS.clear()


@pytest.fixture
def hostile_home(tmp_path, monkeypatch):
    """COMPLAINTGEN_HOME overriding every Russian appeal wording with one that reaches for
    Python's internals."""
    shipped = yaml.safe_load((ROOT / "templates" / "ru" / "appeal.yaml").read_text("utf-8"))
    folder = tmp_path / "home" / "templates" / "ru"
    folder.mkdir(parents=True)
    (folder / "appeal.yaml").write_text(
        yaml.safe_dump(dict.fromkeys(shipped, HOSTILE), allow_unicode=True), encoding="utf-8"
    )
    monkeypatch.setenv("COMPLAINTGEN_HOME", str(tmp_path / "home"))
    _clear()
    yield folder
    monkeypatch.delenv("COMPLAINTGEN_HOME")
    _clear()


def test_a_users_wording_renders_in_the_sandbox(hostile_home):
    case = load_case(CASE)
    with pytest.raises(TemplateError, match="unsafe"):
        render_text(case, "appeal", "ru", TODAY)
    # The same text would run outside the sandbox: the refusal above is the sandbox's.
    out = rendering.compile_text(HOSTILE, "t", trusted=True).render(it={})
    assert "object" in out


def test_a_users_template_file_renders_in_the_sandbox(hostile_home):
    own = hostile_home / "cat.md.j2"
    own.write_text("{{ lang }}\n", encoding="utf-8")
    assert not resources.shipped(own)
    assert rendering.compile_file(own).environment is rendering.environment()
    path = rendering.template_path("appeal", "kk")  # not overridden: the shipped file
    assert resources.shipped(path)
    assert rendering.compile_file(path).environment is rendering.trusted_environment()


def test_both_environments_keep_the_same_guarantees():
    for trusted in (False, True):
        state = rendering.RenderState("ru")
        template = rendering.compile_text("{{ v }}|{{ n | need('номер') }}", "g", trusted)
        out = template.render(v="*a* # 1. <b>", n=None, lang="ru", _state=state)
        assert out == "\\*a\\* \\# 1\\. \\<b\\>|[УТОЧНИТЬ: номер]" and state.gaps == ["номер"]
        with pytest.raises(TemplateError, match="missing value"):
            rendering.compile_text("{{ v }}", "n", trusted).render(v=None)
        with pytest.raises(Exception, match="undefined"):
            rendering.compile_text("{{ nothing }}", "u", trusted).render()


SPECIAL_AND_MORE = rendering._MD_SPECIAL + string.ascii_letters + "жЖқҚ «»—\n\t"


@given(st.text(alphabet=st.sampled_from(SPECIAL_AND_MORE)) | st.text())
def test_md_escape_is_the_translation_table(text):
    assert rendering.md_escape(text) == text.translate(rendering._MD_ESCAPES)


def test_a_case_folder_that_leads_elsewhere_is_refused(tmp_path):
    case = load_case(EXAMPLES[0])
    elsewhere, out = tmp_path / "elsewhere", tmp_path / "out"
    elsewhere.mkdir()
    out.mkdir()
    (out / batch.safe_name(case.id)).symlink_to(elsewhere)
    options = batch.Options(("appeal",), ("ru",), strict=False, today=date(2026, 11, 25))
    with pytest.raises(UsageError, match="leave the output folder"):
        batch.render_case(case, options, out)
    assert list(elsewhere.iterdir()) == []


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_the_zip_laid_out_once_is_the_zip_of_every_member(lang):
    from complaintgen import layout

    package = layout._package(lang)
    for body in ("", "<w:p/>", "<w:p><w:r><w:t>Жалоба № 1</w:t></w:r></w:p>" * 300):
        assert package.build(body) == package.build_by_members(body)
