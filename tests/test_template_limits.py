"""Organisation templates cannot exhaust the machine: a package too big to parse is refused
before parsing, XML entities are never expanded, formats cannot pad to gigabytes, and the render
runs in a child with CPU and memory limits; each refusal names its real cause."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest
from docx import Document

from complaintgen import orgtemplates
from complaintgen.errors import TemplateError
from complaintgen.loading import load_case
from complaintgen.orgtemplates import limits, sandbox

from .conftest import EXAMPLES, TODAY

CASE = load_case(EXAMPLES[-1])


def template(tmp_path: Path, paragraphs: list[str], name: str = "t.docx") -> Path:
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    path = tmp_path / name
    doc.save(path)
    return path


def with_part(path: Path, part: str, data: bytes, out: Path) -> Path:
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, data if info.filename == part else src.read(info))
        if part not in src.namelist():
            dst.writestr(part, data)
    return out


def render(path: Path):
    return orgtemplates.render_with_template(CASE, "appeal", "ru", path, today=TODAY)


def test_five_million_empty_paragraphs_are_refused_before_parsing(tmp_path):
    body = b"<w:p/>" * 5_000_000
    xml = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body>" + body + b"</w:body></w:document>"
    )
    bomb = with_part(template(tmp_path, ["x"]), "word/document.xml", xml, tmp_path / "bomb.docx")
    assert bomb.stat().st_size < 100_000
    started = time.monotonic()
    with pytest.raises(TemplateError, match=r"bomb\.docx: its XML unpacks to 30 MB"):
        render(bomb)
    assert time.monotonic() - started < 10  # refused, not parsed
    assert "unpacks to" in orgtemplates.check_template(bomb)[0]


def test_many_small_paragraphs_under_the_size_bound_are_refused_too(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_PARAGRAPHS", 100)
    many = template(tmp_path, ["x"] * 200, "many.docx")
    with pytest.raises(TemplateError, match=r"many\.docx: more than 100 paragraphs"):
        render(many)


def test_too_many_parts_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_PARTS", 5)
    with pytest.raises(TemplateError, match=r"parts; a template has at most 5"):
        render(template(tmp_path, ["x"]))


XXE = (
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    b'<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:footnote><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:footnote></w:footnotes>"
)


@pytest.mark.parametrize("part", ["word/footnotes.xml", "word/document.xml", "[Content_Types].xml"])
def test_a_dtd_anywhere_is_refused_naming_the_part(tmp_path, part):
    evil = with_part(template(tmp_path, ["x"]), part, XXE, tmp_path / "xxe.docx")
    with pytest.raises(
        TemplateError,
        match=rf"xxe\.docx: {part.replace('[', '.').replace(']', '.')} declares a DTD",
    ):
        render(evil)
    assert "declares a DTD" in orgtemplates.check_template(evil)[0]


@pytest.mark.parametrize(
    "source",
    [
        "{{ '%0999999999d'|format(1) }}",
        "{{ '%0999999999d' % 1 }}",
        "{{ '{:0999999999d}'.format(1) }}",
        "{{ '%*d' % (999999999, 1) }}",
        "{{ 'x'|center(999999999) }}",
        "{{ 'x'.ljust(999999999) }}",
    ],
)
def test_huge_format_widths_are_refused_quickly(tmp_path, source):
    started = time.monotonic()
    with pytest.raises(TemplateError, match="width of 999,999,999 characters is refused"):
        render(template(tmp_path, [source], "wide.docx"))
    assert time.monotonic() - started < 10


def test_ordinary_formats_still_work(tmp_path):
    out = render(template(tmp_path, ["{{ '%05d'|format(42) }} {{ '{:>6}'.format('ab') }}"]))
    assert "00042     ab" in out.text


@pytest.mark.slow  # burns a second of CPU to reach the limit
def test_cpu_time_limit_names_cpu_time(tmp_path, monkeypatch):
    monkeypatch.setattr(sandbox, "TIME_LIMIT", 300.0)  # only the CPU limit can stop it
    monkeypatch.setattr(limits, "CPU_SECONDS", 1)
    loops = "{% for a in range(99999) %}{% for b in range(99999) %}{% endfor %}{% endfor %}"
    with pytest.raises(TemplateError, match=r"slow\.docx: refused: .*longer than 1 s of CPU time"):
        render(template(tmp_path, [loops], "slow.docx"))


@pytest.mark.slow  # fills memory up to the limit: seconds
def test_memory_limit_names_memory(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MEMORY_BYTES", 150_000_000)
    greedy = "{% for i in range(99999) %}{{ 'x' * 99999 }}{% endfor %}"
    with pytest.raises(TemplateError, match=r"greedy\.docx: refused: .*more than 150 MB of memory"):
        render(template(tmp_path, [greedy], "greedy.docx"))


def test_the_child_sends_back_errors_and_results_intact(tmp_path):
    ok = render(template(tmp_path, ["{{ id }}"]))
    assert CASE.id in ok.text and ok.docx.startswith(b"PK")
    with pytest.raises(TemplateError, match="ZeroDivisionError"):
        render(template(tmp_path, ["{{ 1 / 0 }}"]))
