"""The dialect's common shapes (heading line, one-line list items, ::: header and signature
blocks) are read without markdown-it: both readings must agree, block for block."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from complaintgen import dialect, layout
from complaintgen.batch import applicable, langs_for
from complaintgen.documents import render_text
from complaintgen.kinds import KINDS
from complaintgen.loading import load_case
from tests.conftest import EXAMPLES, draws, quick_first

# Mostly plain words, sometimes a character with a meaning somewhere in Markdown, so that both
# the shapes the fast path takes and those it must refuse (a closing # of a heading, an escape at
# a line's end, emphasis, a marker in the text, …) come up often.
_TEXT = st.lists(
    st.one_of(
        st.sampled_from(["а", "б", " ", "Zz", "09", "—", "[УТОЧНИТЬ: дата]", "\\.", "\\("]),
        st.sampled_from([*"#\\.-*_:[]&<>`~|\t\u00a0", "  ", " #", "\\#", "1.", "&amp;"]),
        st.sampled_from(["___", " ___ ", "a_b", "_a", "a_", "*a*", "_a_", "(_", "_)", "ж_"]),
    ),
    min_size=1,
    max_size=6,
).map("".join)
_HEADING = st.tuples(
    st.sampled_from(["#", "##", "###", "####", " #"]), st.sampled_from([" ", "  ", ""]), _TEXT
).map("".join)
_ITEM = st.tuples(
    st.sampled_from(["1. ", "2. ", "10. ", "01. ", "1) ", "- ", "-  ", "+ ", " - ", ""]), _TEXT
).map("".join)
# Stars between letters, blanks and punctuation, few enough kinds that every pairing comes up.
_EMPHASIS = st.lists(
    st.sampled_from(["*", "*", "а", "б", " ", "(", ")", ".", ",", ":", "\\*", "_", "1", "**"]),
    min_size=1,
    max_size=10,
).map("".join)
_CONTAINED = st.one_of(_TEXT, st.sampled_from(["", " ", ":::", "1. а", "# а"]))


def _agree(chunk: str) -> bool:
    fast = dialect.simple_blocks(chunk)
    if fast is None:
        return False
    parsed = tuple(dialect._parse(chunk))
    assert fast == parsed, chunk
    assert "".join(map(layout.block_xml, fast)) == "".join(map(layout.block_xml, parsed))
    return True


@settings(max_examples=draws(2000, 200), deadline=None)
@given(st.one_of(_HEADING, st.lists(_ITEM, min_size=1, max_size=4).map("\n".join)))
def test_headings_and_lists_read_as_the_parser_reads_them(chunk):
    _agree(chunk)


@settings(max_examples=draws(3000, 300), deadline=None)
@given(_EMPHASIS)
def test_italic_spans_read_as_the_parser_reads_them(line):
    _agree(line)


@settings(max_examples=draws(1500, 150), deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(["1. ", "2. ", "- "]), _EMPHASIS), min_size=1, max_size=3)
)
def test_list_items_with_italic_spans_read_as_the_parser_reads_them(items):
    _agree("\n".join(marker + text for marker, text in items))


@settings(max_examples=draws(1500, 150), deadline=None)
@given(st.sampled_from(["header", "signature"]), st.lists(_CONTAINED, max_size=5))
def test_containers_read_as_the_parser_reads_them(name, lines):
    _agree("\n".join([f"::: {name}", *lines, ":::"]))


@pytest.mark.parametrize(
    "chunk",
    [
        "# ЖАЛОБА",
        "### ПРОШУ:",
        "1. первое\n2. второе\n5. третье",
        "3. третье",
        "- 2026 жылғы 30 маусым\n- [УТОЧНИТЬ: дата] \\(копия\\)",
        "::: header\nСледственному судье\nг\\. Алматы\n\nот Иванова И\\.И\\.\n:::",
        "::: signature\n14\\.03\\.2026\n\nПодпись\n:::",
        "::: signature\n:::",
        "::: signature\nг\\. Алматы\n\nПотерпевший\n_____________ Н\\.С\\. Ахметов\n:::",
        "::: header\n[УТОЧНИТЬ: прокурор (investigation.supervising_prosecutor)]\n:::",
        "Суд (*Bouyid v. Belgium* [БП], № 23380/09) и *Blanco Abad v. Spain*, п\\. 8\\.2\\.",
        "*Tekin and Arslan*: «сәйкес келмейді» (*not consistent with*), \\*не курсив\\*",
        "1. Степень соответствия: «не соответствует» (*not consistent with*)?\n1. Вывод?",
    ],
)
def test_the_shapes_of_our_documents_take_the_fast_path(chunk):
    assert _agree(chunk)


@pytest.mark.parametrize(
    "chunk",
    ["# а #", "1. а\n2) б", "1. а\n- б", "- а\nб", "::: header\n а\n:::", "#### а", "1.  а"],
)
def test_shapes_the_parser_reads_otherwise_are_left_to_it(chunk):
    assert dialect.simple_blocks(chunk) is None


@pytest.mark.parametrize("path", quick_first(EXAMPLES), ids=lambda p: p.stem)
def test_every_chunk_of_the_examples_reads_the_same(path):
    case = load_case(path)
    chosen, _ = applicable(case, list(KINDS))
    fast = 0
    for kind in chosen:
        for lang in langs_for(kind, ("ru", "kk", "en")):
            text, _ = render_text(case, kind.name, lang, date(2026, 11, 25))
            chunks = dialect.chunks(text)
            fast += sum(_agree(c) for c in chunks)
            assert [b for c in chunks for b in dialect._parse(c)] == dialect.blocks(text)
    assert fast > 0


def test_a_gap_with_a_field_path_takes_the_fast_path():
    """«[УТОЧНИТЬ: причина пропуска срока (order.late_reason)]»: an underscore between letters
    is no emphasis, so a paragraph with a gap is read without markdown-it, and the same."""
    from complaintgen import dialect

    chunk = "Причина: [УТОЧНИТЬ: причина (order.late_reason)] — уважительная\\."
    assert dialect.plain_paragraph(chunk) is not None
    assert dialect.chunk_blocks(chunk) == tuple(dialect._parse(chunk))
