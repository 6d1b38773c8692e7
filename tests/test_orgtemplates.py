"""Organisation templates: letterheads, full custom DOCX, the template check, export, context."""

from __future__ import annotations

import io
import json
import re
import zipfile
from functools import cache
from pathlib import Path

import pytest
import yaml
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm
from lxml import etree

from complaintgen import context, docx_text, layout, orgtemplates, rendering, resources
from complaintgen.documents import KINDS, render_document
from complaintgen.errors import TemplateError, UsageError
from complaintgen.loading import load_case
from complaintgen.orgtemplates import plaintext, sandbox

from .conftest import EXAMPLES, ROOT, TODAY, example_case, quick_first

TEMPLATES = ROOT / "examples" / "templates"
LETTERHEAD = TEMPLATES / "letterhead.docx"
CUSTOM = TEMPLATES / "custom-appeal.docx"
ORG = "Правовая помощь — Пример"
# What make_examples.py writes into the examples' properties, as Word would: must not leak.
TRACES = ("Шаблонова", "бухгалтерия", "Blank-2024.dotm", "aigul.shablonova")


case_of = example_case  # loaded once per worker, shared with the other modules' choices


@cache
def appeal_cases() -> tuple[Path, ...]:
    return tuple(p for p in EXAMPLES if KINDS["appeal"].needs(case_of(p)) is None)


def need_template(kind: str, lang: str) -> None:
    if resources.find("templates", f"{lang}/{kind}.md.j2") is None:
        pytest.skip(f"templates/{lang}/{kind}.md.j2 is not written yet")


def shipped_templates() -> list[tuple[str, str]]:
    return [
        (kind.name, lang)
        for kind in KINDS.values()
        for lang in kind.langs
        if resources.find("templates", f"{lang}/{kind.name}.md.j2")
    ]


def text_of(data: bytes) -> str:
    return docx_text.extract_text(data)


def part_texts(data: bytes, prefix: str) -> str:
    """All text of word/header*.xml or word/footer*.xml."""
    out = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.startswith(f"word/{prefix}") and name.endswith(".xml"):
                xml = z.read(name).decode("utf-8")
                out += re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml)
    return "".join(out)


def build_docx(tmp_path: Path, paragraphs: list[str], name: str = "t.docx", **parts) -> Path:
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    if "header" in parts:
        doc.sections[0].header.paragraphs[0].text = parts["header"]
    if "footer" in parts:
        doc.sections[0].footer.paragraphs[0].text = parts["footer"]
    path = tmp_path / name
    doc.save(path)
    return path


def case_with_narrative(tmp_path: Path, narrative: str):
    data = yaml.safe_load((ROOT / "examples" / "seitzhanova-free-no-event.yaml").read_text())
    data["incident"]["narrative"] = {"ru": narrative, "kk": narrative}
    path = tmp_path / "case.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return load_case(path)


# --- letterhead -----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ru", "kk"])
@pytest.mark.parametrize("path", quick_first(appeal_cases()), ids=lambda p: p.stem)
def test_letterhead_holds_the_shipped_appeal_and_keeps_its_own_parts(path, lang):
    need_template("appeal", lang)
    case = case_of(path)
    shipped = render_document(case, "appeal", lang, today=TODAY)
    out = orgtemplates.render_with_template(case, "appeal", lang, LETTERHEAD, today=TODAY)

    body = text_of(out.docx)
    assert text_of(shipped.docx).strip() in body  # every paragraph of the appeal, in order
    number = f"Исх. № {case.id} от 25.11.2026" if lang == "ru" else f"Шығ. № {case.id}, 25.11.2026"
    assert body.startswith(number)  # the letterhead's own tags, same context
    assert ORG in part_texts(out.docx, "header")
    footer = part_texts(out.docx, "footer")
    assert case.id in footer and "{{" not in footer
    with zipfile.ZipFile(io.BytesIO(out.docx)) as z:
        assert any(n.startswith("word/media/") for n in z.namelist())  # the logo
    doc = Document(io.BytesIO(out.docx))
    section = doc.sections[0]
    assert abs(section.top_margin - Mm(35)) < Mm(0.1)  # the letterhead's page set-up
    assert abs(section.right_margin - Mm(15)) < Mm(0.1)
    assert out.gaps == shipped.gaps and out.text == shipped.text
    runs = [r for p in doc.paragraphs if "ЖАЛОБА" in p.text or "ШАҒЫМ" in p.text for r in p.runs]
    assert runs and all(r.font.name == "Times New Roman" for r in runs)


def test_letterhead_body_tag_must_be_alone_and_single(tmp_path):
    twice = build_docx(tmp_path, ["{{p body }}", "{{p body }}"], "twice.docx")
    case = case_of(appeal_cases()[0])
    with pytest.raises(TemplateError, match=r"twice\.docx: .*appears 2 times"):
        orgtemplates.render_with_template(case, "appeal", "ru", twice, today=TODAY)
    crowded = build_docx(tmp_path, ["Текст {{p body }}"], "crowded.docx", header="{{p body }}")
    problems = orgtemplates.check_template(crowded)
    assert any("paragraph 1: {{p body }} must be alone" in p for p in problems)
    assert any("header, paragraph 1: the body goes in the main text" in p for p in problems)
    with pytest.raises(TemplateError, match=r"crowded\.docx"):
        orgtemplates.render_with_template(case, "appeal", "ru", crowded, today=TODAY)


# --- full custom template -------------------------------------------------------------------------


@pytest.mark.parametrize("path", quick_first(appeal_cases()), ids=lambda p: p.stem)
def test_custom_template_renders(path):
    case = case_of(path)
    out = orgtemplates.render_with_template(case, "appeal", "ru", CUSTOM, today=TODAY)
    text = text_of(out.docx)
    victim = context.person(case.victim.name, case.victim.gender.value, "ru")
    assert "ЖАЛОБА" in text and victim["full"] in text
    for item in case.evidence:
        assert item.title.ru in text  # the {%tr for %} table row, once per attachment
    assert not re.search(r"\{\{|\{%|%\}|\}\}", text)
    assert "*" not in text  # snippets and phrases come as plain text, not Markdown
    assert "\\" not in text  # no Markdown escapes either
    for gap in out.gaps:
        assert f"[УТОЧНИТЬ: {gap}]" in text


def test_custom_template_gaps_are_listed_and_highlighted():
    case = case_of(ROOT / "examples" / "ospanov-self-refused-prosecutor.yaml")
    out = orgtemplates.render_with_template(case, "appeal", "ru", CUSTOM, today=TODAY)
    assert out.gaps == ["число листов"]
    doc = Document(io.BytesIO(out.docx))
    runs = [
        r
        for t in doc.tables
        for c in t._cells
        for p in c.paragraphs
        for r in p.runs
        if "[" in r.text
    ]
    assert [r.text for r in runs] == ["[УТОЧНИТЬ: число листов]"]
    assert runs[0].font.highlight_color is not None and runs[0].bold


def test_snippet_paragraphs_stay_paragraphs_and_blank_lines_in_case_text_too(tmp_path):
    case = case_with_narrative(tmp_path, "Первый абзац рассказа.\n\nВторой абзац рассказа.")
    out = orgtemplates.render_with_template(case, "appeal", "ru", CUSTOM, today=TODAY)
    lines = text_of(out.docx).split("\n")
    assert "Первый абзац рассказа." in lines and "Второй абзац рассказа." in lines
    snippet = plaintext._plain_blocks("Один *курсив* и **жирный**.\n\nДва: 1\\. не список.")
    assert snippet.split("\a") == ["Один курсив и жирный.", "Два: 1. не список."]


@pytest.mark.parametrize("template", [CUSTOM, LETTERHEAD], ids=lambda p: p.stem)
def test_case_text_is_printed_literally(tmp_path, template):
    hostile = "Он сказал: {{ 6*7*1000+1 }} {% if true %}x{% endif %} <b>&amp; & </b> \\*не курсив*"
    case = case_with_narrative(tmp_path, hostile)
    out = orgtemplates.render_with_template(case, "appeal", "ru", template, today=TODAY)
    text = text_of(out.docx)
    assert hostile in text
    assert "42001" not in text


def test_control_characters_in_case_text_do_not_break_the_document(tmp_path):
    case = case_with_narrative(tmp_path, "До\x01после\x0bконец\x07.")
    out = orgtemplates.render_with_template(case, "appeal", "ru", CUSTOM, today=TODAY)
    assert "Допослеконец." in text_of(out.docx)


# --- safety ---------------------------------------------------------------------------------------

MALICIOUS = [
    ("{{ ''.__class__ }}", "sandbox"),
    ("{{ cycler.__init__.__globals__ }}", "sandbox"),
    ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "sandbox"),
    ("{{ victim.full | attr('__class__') }}", "sandbox"),
    ("{{ g.__globals__ }}", "sandbox"),
    ("{{ 'a' * 100000000 }}", "too long"),
    ("{{ 2 ** 1000000 }}", "exponent"),
    ("{{ undefined_name }}", "'undefined_name' is undefined"),
    ("{{ victim.full | shout }}", "No filter named 'shout'"),
    ("{{ victim.full | safe }}", "No filter named 'safe'"),
    ("{{ lipsum(100000) }}", "'lipsum' is undefined"),
    ("{% include 'x.docx' %}", "include, import and extends are not available"),
    ("{{ victim.full", "syntax"),
    ("{{ 1 / 0 }}", "ZeroDivisionError"),
    ("{{ victim }}", "whole record"),
    ("{{ today }}", "raw date"),
    ("{{ g }}", "not text"),
    ("{{r victim.full }}", "not supported"),
]


# Each template is rendered in a forked child: `make check` tries one of each refusal (one
# sandbox escape, one unknown name, one unknown filter: `lipsum` and `safe`), `make test` them all.
_SAME_REFUSAL_AGAIN = {m[0] for m in MALICIOUS[1:5]} | {
    "{{ undefined_name }}",
    "{{ victim.full | shout }}",
}


@pytest.mark.parametrize(
    ("source", "message"),
    [
        pytest.param(*m, marks=pytest.mark.slow) if m[0] in _SAME_REFUSAL_AGAIN else m
        for m in MALICIOUS
    ],
    ids=[m[0] for m in MALICIOUS],
)
def test_malicious_or_broken_template_is_refused_with_a_clear_error(tmp_path, source, message):
    template = build_docx(tmp_path, ["Текст.", source], "evil.docx")
    case = case_of(appeal_cases()[0])
    with pytest.raises(TemplateError) as caught:
        orgtemplates.render_with_template(case, "appeal", "ru", template, today=TODAY)
    assert str(caught.value).startswith("evil.docx:")
    assert message in str(caught.value)


def test_a_template_that_loops_forever_is_stopped(tmp_path, monkeypatch):
    monkeypatch.setattr(sandbox, "TIME_LIMIT", 0.2)  # the loop burns CPU until it is stopped
    loops = "{% for a in range(99999) %}{% for b in range(99999) %}{% endfor %}{% endfor %}"
    template = build_docx(tmp_path, [loops], "slow.docx")
    with pytest.raises(TemplateError, match=r"slow\.docx: .*longer than 0\.2 s"):
        orgtemplates.render_with_template(
            case_of(appeal_cases()[0]), "appeal", "ru", template, today=TODAY
        )


def test_a_word_template_dotx_is_accepted(tmp_path):
    with zipfile.ZipFile(CUSTOM) as src, zipfile.ZipFile(tmp_path / "org.dotx", "w") as dst:
        for info in src.infolist():
            blob = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                blob = blob.replace(b"document.main+xml", b"template.main+xml")
            dst.writestr(info, blob)
    dotx = tmp_path / "org.dotx"
    assert orgtemplates.check_template(dotx) == []
    case = case_of(appeal_cases()[0])
    out = orgtemplates.render_with_template(case, "appeal", "ru", dotx, today=TODAY)
    expected = orgtemplates.render_with_template(case, "appeal", "ru", CUSTOM, today=TODAY)
    assert out.docx == expected.docx


def test_not_a_docx_is_a_template_error(tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(TemplateError, match=r"bad\.docx: not a DOCX"):
        orgtemplates.render_with_template(case_of(EXAMPLES[0]), "appeal", "ru", bad, today=TODAY)
    assert orgtemplates.check_template(bad)[0].startswith("bad.docx: not a DOCX")
    with pytest.raises(UsageError):
        orgtemplates.render_with_template(case_of(EXAMPLES[0]), "nope", "ru", CUSTOM, today=TODAY)


# --- reproducibility and privacy ------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("template", [CUSTOM, LETTERHEAD], ids=lambda p: p.stem)
def test_same_input_same_bytes(template):
    case = case_of(appeal_cases()[0])
    first = orgtemplates.render_with_template(case, "appeal", "ru", template, today=TODAY)
    second = orgtemplates.render_with_template(case, "appeal", "ru", template, today=TODAY)
    assert first.docx == second.docx
    assert orgtemplates.export_template("appeal", "ru") == orgtemplates.export_template(
        "appeal", "ru"
    )


@pytest.mark.parametrize("template", [CUSTOM, LETTERHEAD], ids=lambda p: p.stem)
def test_output_carries_no_author_company_revision_or_template_path(template):
    source = template.read_bytes()
    with zipfile.ZipFile(io.BytesIO(source)) as z:
        blob = b"".join(z.read(n) for n in z.namelist()).decode("utf-8", "replace")
    assert all(trace in blob for trace in TRACES)  # the template does carry them
    case = case_of(appeal_cases()[0])
    out = orgtemplates.render_with_template(case, "appeal", "ru", template, today=TODAY)
    props = Document(io.BytesIO(out.docx)).core_properties
    assert (props.author, props.last_modified_by, props.comments, props.title) == ("", "", "", "")
    assert props.revision == 1
    with zipfile.ZipFile(io.BytesIO(out.docx)) as z:
        for name in z.namelist():
            text = z.read(name).decode("utf-8", "replace")
            for trace in TRACES:
                assert trace not in text, (name, trace)
            assert "w:rsid" not in text and "attachedTemplate" not in text, name
        assert z.read("docProps/app.xml") == layout.APP_XML


# --- check_template -------------------------------------------------------------------------------


@pytest.mark.parametrize("template", [LETTERHEAD, CUSTOM], ids=lambda p: p.stem)
def test_example_templates_are_clean(template):
    assert orgtemplates.check_template(template) == []


def broken_template(tmp_path: Path) -> Path:
    doc = Document()
    doc.add_paragraph("Обычный текст без тегов.")  # 1
    split = doc.add_paragraph("Потерпевший: ")  # 2
    split.add_run("{{ victim.")
    split.add_run("full }}").bold = True
    doc.add_paragraph("{{ victim.full if victim.custody == “free” }}")  # 3
    doc.add_paragraph("{%p if incident.in_official_custody %}")  # 4, never closed
    doc.add_paragraph("{{ victim.fulname }}")  # 5
    doc.add_paragraph("{{ nobody_knows }}")  # 6
    doc.add_paragraph("{{ victim.full | shout }}")  # 7
    doc.add_paragraph("{{ incident.date | date( }}")  # 8
    doc.add_paragraph("{% for c in complaints %}{{ c.date | date }}")  # 9: closes in 10
    doc.add_paragraph("{% endfor %}")  # 10
    table = doc.add_table(rows=1, cols=2)
    table.rows[0].cells[1].paragraphs[0].text = "{{ victim.adress }}"
    doc.sections[0].header.paragraphs[0].text = "{{ phrase(«grounds.no_event») }}"
    footer = doc.sections[0].footer.paragraphs[0]
    footer.add_run("Дело {{ i")
    footer.add_run("d }}").italic = True
    path = tmp_path / "broken.docx"
    doc.save(path)
    return path


EXPECTED_DEFECTS = [
    ("paragraph 2", "tag split across runs: '{{ victim.' + 'full }}'"),
    ("paragraph 3", "typographic quotes “ ”"),
    ("paragraph 4", "'{%p if incident.in_official_custody %}' is never closed"),
    ("paragraph 5", "'victim' has no 'fulname'"),
    ("paragraph 6", "unknown variable 'nobody_knows'"),
    ("paragraph 7", "unknown filter 'shout'"),
    ("paragraph 8", "template syntax error"),
    ("paragraph 10", "closes '{% for c in complaints %}' opened in another paragraph"),
    ("table 1, row 1, cell 2, paragraph 1", "'victim' has no 'adress' (did you mean 'address'?)"),
    ("header, paragraph 1", "typographic quotes « »"),
    ("footer, paragraph 1", "tag split across runs: '{{ i' + 'd }}'"),
]


def test_check_template_finds_each_defect_where_it_is(tmp_path):
    problems = orgtemplates.check_template(broken_template(tmp_path))
    for where, what in EXPECTED_DEFECTS:
        hits = [p for p in problems if p.startswith(f"broken.docx: {where}: ") and what in p]
        assert hits, f"not reported: {where}: {what}\n" + "\n".join(problems)
    assert not [p for p in problems if p.startswith("broken.docx: paragraph 1:")]
    assert len(problems) == len(EXPECTED_DEFECTS), "\n".join(problems)  # one line per defect


@pytest.mark.slow
def test_check_template_knows_every_name_the_context_has(tmp_path):
    """Not noisy: a template that uses every key of real contexts draws no complaint."""
    paragraphs: list[str] = []

    def walk(value, expr: str, depth: int) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if not key.startswith("_") and not callable(item):
                    walk(item, f"{expr}.{key}" if expr else key, depth)
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            var = f"item{depth}"
            paragraphs.append(f"{{%p for {var} in {expr} %}}")
            walk(value[0], var, depth + 1)
            paragraphs.append("{%p endfor %}")
        else:
            paragraphs.append(f"{{{{ {expr} }}}}")

    for path in EXAMPLES:
        for lang in ("ru", "kk"):
            ctx = context.build(case_of(path), "appeal", lang, rendering.RenderState(lang), TODAY)
            walk(ctx, "", 0)
    paragraphs.append(
        '{{ g("a", "b") }} {{ gp(signer, "a", "b") }} {{ phrase("grounds.no_event") }}'
    )
    paragraphs.append('{{ snippet("burden-of-proof") }}')
    template = build_docx(tmp_path, paragraphs, "all.docx")
    assert orgtemplates.check_template(template) == []


def test_check_template_reports_phrases_and_snippets_that_do_not_exist(tmp_path):
    template = build_docx(tmp_path, ['{{ phrase("grounds.nope") }}', '{{ snippet("nope") }}'])
    problems = orgtemplates.check_template(template)
    assert any("paragraph 1: phrase 'grounds.nope'" in p for p in problems)
    assert any("paragraph 2: no snippet 'nope'" in p for p in problems)


# --- export_template ------------------------------------------------------------------------------


def normalised(text: str) -> str:
    """Text as a reader compares it: lines of the header and signature are paragraphs in the
    export, line breaks in the shipped layout."""
    return " ".join(text.replace(" | ", " ").replace(" / ", " ").split())


def with_word_numbers(data: bytes) -> bytes:
    """The DOCX with Word's list numbers written out as text ("2) " before the second paragraph
    of a w:num), so the export's Word numbering and the shipped layout's typed numbers compare."""
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    numbering = etree.fromstring(parts["word/numbering.xml"])
    next_number = {}
    for num in numbering.iter(f"{w}num"):
        start = num.find(f"{w}lvlOverride/{w}startOverride")
        next_number[num.get(f"{w}numId")] = int(start.get(f"{w}val")) if start is not None else 1
    body = etree.fromstring(parts["word/document.xml"])
    for p in body.iter(f"{w}p"):
        num_id = p.find(f"{w}pPr/{w}numPr/{w}numId")
        if num_id is None:
            continue
        number = next_number[num_id.get(f"{w}val")]
        next_number[num_id.get(f"{w}val")] = number + 1
        run = etree.SubElement(p, f"{w}r")
        etree.SubElement(run, f"{w}t").text = f"{number}) "
        p.find(f"{w}pPr").addnext(run)  # the number goes first
    parts["word/document.xml"] = etree.tostring(body)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, blob in parts.items():
            z.writestr(name, blob)
    return buf.getvalue()


@pytest.mark.slow
@pytest.mark.parametrize(("kind", "lang"), shipped_templates())
def test_exported_template_passes_the_check(tmp_path, kind, lang):
    path = tmp_path / f"{kind}-{lang}.docx"
    path.write_bytes(orgtemplates.export_template(kind, lang))
    assert orgtemplates.check_template(path) == []


EXPORT_CASES = [
    (kind, lang, path)
    for kind, lang in shipped_templates()
    for path in EXAMPLES
    if KINDS[kind].needs(case_of(path)) is None
]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("kind", "lang", "path"),
    EXPORT_CASES,
    ids=[f"{kind}-{lang}-{p.stem}" for kind, lang, p in EXPORT_CASES],
)
def test_exported_template_renders_what_the_shipped_one_does(tmp_path, kind, lang, path):
    template = tmp_path / f"{kind}-{lang}.docx"
    template.write_bytes(orgtemplates.export_template(kind, lang))
    case = case_of(path)
    shipped = render_document(case, kind, lang, today=TODAY)
    out = orgtemplates.render_with_template(case, kind, lang, template, today=TODAY)
    exported = text_of(with_word_numbers(out.docx))
    assert normalised(exported) == normalised(text_of(shipped.docx))
    # the same gaps; a DOCX template finishes each say() as it comes, the shipped one the whole
    # text at the end, so a missing translation may be listed in another place
    assert sorted(out.gaps) == sorted(shipped.gaps)


def test_exported_template_keeps_the_layout_as_word_formatting():
    need_template("appeal", "ru")
    doc = Document(io.BytesIO(orgtemplates.export_template("appeal", "ru")))
    paragraphs = doc.paragraphs
    title = next(p for p in paragraphs if p.text == "ЖАЛОБА")
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER and all(r.bold for r in title.runs)
    # The skeleton words decided items: the header, body and requests are say(it) paragraphs.
    says = [p for p in paragraphs if p.text == "{{ say(it) }}"]
    header, body = says[0], says[1]
    assert abs(header.paragraph_format.left_indent - layout.HEADER_BLOCK_INDENT) < Mm(0.1)
    assert body.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert abs(body.paragraph_format.first_line_indent - layout.INDENT) < Mm(0.1)
    numbered = [p for p in paragraphs if p._p.pPr is not None and p._p.pPr.numPr is not None]
    assert numbered and any("{{ say(it) }}" in p.text for p in numbered)
    numbering = doc.part.numbering_part.element.xml
    assert 'w:lvlText w:val="%1)"' in numbering
    controls = [p.text for p in paragraphs if p.text.startswith("{%p ")]
    assert "{%p for it in doc.requests %}" in controls
    assert not any("{%-" in p.text for p in paragraphs)
    (signature,) = doc.tables
    left, right = signature.rows[0].cells
    assert any('part="place"' in p.text for p in left.paragraphs)
    assert right.paragraphs[-1].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert Document(io.BytesIO(layout.build_docx("", "ru"))).sections[0].left_margin == (
        doc.sections[0].left_margin
    )


def test_export_of_a_missing_template_is_a_template_error():
    with pytest.raises(TemplateError):
        orgtemplates.export_template("appeal", "xx")


# --- context_json ---------------------------------------------------------------------------------


def test_context_json_is_plain_data():
    case = case_of(appeal_cases()[0])
    data = orgtemplates.context_json(case, "appeal", "ru", today=TODAY)
    json.dumps(data, ensure_ascii=False)  # serialisable as it is

    def keys(value):
        if isinstance(value, dict):
            for k, v in value.items():
                yield k
                yield from keys(v)
        elif isinstance(value, list):
            for v in value:
                yield from keys(v)

    assert not [k for k in keys(data) if k.startswith("_")]
    assert set(data["functions"]) == {"g", "gp", "phrase", "snippet"}
    assert all(isinstance(v, str) and v for v in data["functions"].values())
    assert set(sandbox.SHIPPED_FILTERS) <= set(data["filters"])
    assert data["today"] == TODAY.isoformat()
    assert data["incident"]["date"] == case.incident.date.isoformat()
    assert data["victim"]["gen"] and data["kind"] == "appeal" and data["lang"] == "ru"
    for step in data["missed_steps"]:
        assert "\\" not in step["argument"] and "*" not in step["argument"]
