"""Case text is data, templates are sandboxed, output is reproducible and laid out as filed."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from complaintgen import dialect, docx_text, layout, rendering
from complaintgen.errors import TemplateError


def render(source: str, **values) -> str:
    state = rendering.RenderState("ru")
    template = rendering.compile_text(source, "test")
    return rendering.render(template, {"lang": "ru", "_state": state, **values}, "test")


HOSTILE = [
    "{{ 7*7 }}",
    "<b>&amp; & </b>",
    "**not bold** *not italic* _x_",
    "# not a heading",
    "1. not a list",
    "- not a bullet",
    "[УТОЧНИТЬ: fake] \\ backslash `code`",
    "::: header",
    "    indented four spaces",
    "{% raw %}",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_case_text_appears_literally_in_the_document(value):
    # Alone on its line is the hardest place: there Markdown would read a heading, list or block.
    for source in ("{{ v }}\n", "Текст: {{ v }}\n"):
        markdown = render(source, v=value)
        text = docx_text.extract_text(layout.build_docx(markdown, "ru"))
        assert text.split() == source.replace("{{ v }}", value).split()


def test_multi_paragraph_case_text_keeps_its_paragraphs():
    markdown = render("{{ v }}\n", v="Первый абзац.\n\nВторой абзац.")
    doc = Document(io.BytesIO(layout.build_docx(markdown, "ru")))
    assert [p.text for p in doc.paragraphs if p.text] == ["Первый абзац.", "Второй абзац."]


def test_none_is_never_printed():
    with pytest.raises(TemplateError, match="missing value"):
        render("{{ v }}", v=None)


def test_undefined_names_are_errors():
    with pytest.raises(TemplateError, match="undefined"):
        render("{{ nothing_here }}")


@pytest.mark.parametrize(
    "source",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ v.__class__.__init__.__globals__ }}",
        "{{ cycler.__init__.__globals__.os }}",
    ],
)
def test_sandbox_refuses_python_internals(source):
    with pytest.raises(TemplateError):
        render(source, v="x")


def test_need_marks_a_gap_and_records_it():
    state = rendering.RenderState("kk")
    template = rendering.compile_text("{{ v | need('күні') }}", "t")
    out = rendering.render(template, {"lang": "kk", "_state": state, "v": None}, "t")
    assert out == "[НАҚТЫЛАУ: күні]" and state.gaps == ["күні"]


def test_gaps_are_highlighted():
    doc = Document(io.BytesIO(layout.build_docx("Номер [УТОЧНИТЬ: номер].\n", "ru")))
    runs = [r for r in doc.paragraphs[0].runs if "УТОЧНИТЬ" in r.text]
    assert runs and runs[0].font.highlight_color is not None


MARKDOWN = """::: header
Следственному судье
от Иванова И.И.
:::

# ЖАЛОБА

## на постановление

Абзац текста.

### ПРОШУ:

1. первое;
2. второе.

::: signature
«25» ноября 2026 г.

_____________ И.И. Иванов
:::
"""


def test_layout_is_a_kazakh_filing():
    doc = Document(io.BytesIO(layout.build_docx(MARKDOWN, "ru")))
    section = doc.sections[0]
    measured = (
        section.page_width,
        section.page_height,
        section.left_margin,
        section.right_margin,
        section.top_margin,
        section.bottom_margin,
    )
    for got, want in zip(measured, (210, 297, 30, 10, 20, 20), strict=True):
        assert abs(got - Mm(want)) < Mm(0.1)  # Word stores twips
    normal = doc.styles["Normal"].font
    assert normal.name == "Times New Roman" and normal.size == Pt(14)
    paras = {p.text: p for p in doc.paragraphs if p.text}
    header = paras["Следственному судье\nот Иванова И.И."]
    assert header.paragraph_format.left_indent > Mm(60)
    assert paras["ЖАЛОБА"].alignment == WD_ALIGN_PARAGRAPH.CENTER and paras["ЖАЛОБА"].runs[0].bold
    assert paras["Абзац текста."].alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert paras["Абзац текста."].paragraph_format.first_line_indent > 0
    assert "1) первое;" in paras and "2) второе." in paras
    cells = doc.tables[0].rows[0].cells
    assert cells[0].text == "«25» ноября 2026 г." and cells[1].text.endswith("И.И. Иванов")
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml


def test_same_input_same_bytes_and_clean_metadata():
    first, second = layout.build_docx(MARKDOWN, "ru"), layout.build_docx(MARKDOWN, "ru")
    assert first == second
    names = zipfile.ZipFile(io.BytesIO(first)).namelist()
    assert "docProps/thumbnail.jpeg" not in names
    props = Document(io.BytesIO(first)).core_properties
    assert props.author == "" and props.last_modified_by == "" and props.revision == 1
    for info in zipfile.ZipFile(io.BytesIO(first)).infolist():
        assert info.date_time == (2000, 1, 1, 0, 0, 0)


def test_kazakh_letters_survive():
    text = docx_text.extract_text(layout.build_docx("әғқңөұүһі ӘҒҚҢӨҰҮҺІ\n", "kk"))
    assert "әғқңөұүһі ӘҒҚҢӨҰҮҺІ" in text


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_ALPHABET = st.sampled_from([*"абв әқ Zz09 .,;:!?()[]{}<>&#*_-+=|~`'\"\\\t\n\u00a0", "  \n"])


@pytest.mark.slow
@settings(max_examples=1500, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_plain_paragraph_fast_path_agrees_with_the_parser(block):
    """The fast path for plain paragraphs must lay out exactly what markdown-it would."""
    block = block.strip("\n")
    if not block.strip() or "\n\n" in block or any(not ln.strip() for ln in block.split("\n")):
        return
    plain = dialect.plain_paragraph(block)
    if plain is None:
        return
    parsed = tuple(dialect._parse(block))
    fast = dialect.chunk_blocks(block)
    assert fast == parsed, (block, plain)
    assert "".join(map(layout.block_xml, fast)) == "".join(map(layout.block_xml, parsed))


@pytest.mark.parametrize("value", HOSTILE)
def test_escaped_case_text_takes_the_fast_path_where_it_can(value):
    escaped = rendering.md_escape(value)
    plain = dialect.plain_paragraph(escaped)
    if plain is not None:
        assert plain == value.strip()
