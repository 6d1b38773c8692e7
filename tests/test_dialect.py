"""The one reader of the Markdown dialect: its block model, as layout, plain text and export
read it."""

from __future__ import annotations

from complaintgen import dialect
from complaintgen.dialect import Block, Run
from complaintgen.orgtemplates.plaintext import _plain_blocks, plain_inline

DOC = """\
::: header
Следственному судье
г. Алматы
:::

# ЖАЛОБА

Текст с **жирным**, *курсивом* и [УТОЧНИТЬ: дата].

1. первое
2. второе

3. третье

::: signature
14.03.2026

Подпись
:::
"""


def test_a_document_reads_as_blocks():
    blocks = dialect.blocks(DOC)
    assert [b.kind for b in blocks] == [
        "header",
        "heading",
        "paragraph",
        "item",
        "item",
        "item",
        "signature",
    ]
    header = blocks[0]
    assert header.runs == (Run("Следственному судье"), Run("", br=True), Run("г. Алматы"))
    assert blocks[1].level == 1 and dialect.plain(blocks[1].runs) == "ЖАЛОБА"
    assert blocks[2].runs == (
        Run("Текст с "),
        Run("жирным", bold=True),
        Run(", "),
        Run("курсивом", italic=True),
        Run(" и "),
        Run("[УТОЧНИТЬ: дата]", bold=True, gap=True),
        Run("."),
    )
    # A list split by a blank line keeps its numbering.
    assert [b.marker for b in blocks[3:6]] == ["1) ", "2) ", "3) "]
    assert blocks[6] == Block("signature", cells=((Run("14.03.2026"),), (Run("Подпись"),)))


def test_plain_paragraphs_skip_the_parser_and_read_the_same():
    chunk = "Обычный абзац (с точкой, запятой; и скобками) \\[без разметки]."
    assert (
        dialect.plain_paragraph(chunk)
        == "Обычный абзац (с точкой, запятой; и скобками) [без разметки]."
    )
    assert dialect.chunk_blocks(chunk) == tuple(dialect._parse(chunk))
    assert dialect.plain_paragraph("**жирный**") is None
    assert dialect.plain_paragraph("1. пункт") is None


def test_inline_resolves_escapes_and_emphasis():
    assert dialect.inline("a \\*b\\* **c**") == (Run("a *b* "), Run("c", bold=True))
    assert dialect.inline("2 * 3 * 4") == (Run("2 * 3 * 4"),)  # no emphasis between spaces


def test_plain_text_for_docx_templates_comes_from_the_same_reader():
    assert plain_inline("**Прошу** *суд*") == "Прошу суд"
    assert str(_plain_blocks("Абзац.\n\n1. а\n2. б\n\n- в")) == "Абзац.\a1) а\a2) б\a– в"


def test_template_lines_are_classified_by_the_dialect():
    assert dialect.line_start("## Заголовок") == ("h2", 1, 3)
    assert dialect.line_start("7) пункт") == ("ol", 7, 3)
    assert dialect.line_start("- пункт") == ("ul", 1, 2)
    assert dialect.line_start("Текст") is None
    assert dialect.container("::: header") == "header"
    assert dialect.container(":::") == ""
    assert dialect.container("текст") is None


def test_export_reads_emphasis_around_tags_as_the_layout_does():
    from complaintgen.orgtemplates.export_plan import Tok, _inline

    atoms = _inline([Tok("text", "**"), Tok("var", "{{ name }}"), Tok("text", "** и 2 * 3")])
    assert atoms[0][1].src == "{{ name }}" and atoms[0][2] is True  # bold
    assert atoms[1] == ("text", " и 2 * 3", False, False)  # a lone * is no emphasis
