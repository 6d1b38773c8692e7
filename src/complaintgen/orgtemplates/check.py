"""check_template: what breaks a template edited in Word, one line per defect."""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import jinja2
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from jinja2 import nodes

from ..errors import TemplateError
from .docx_reading import (
    BODY_TAG,
    TAG_RE,
    Para,
    Tag,
    make_tag,
    opens_block,
    paragraphs,
    read_template,
    short,
    text_parts,
)
from .name_check import Checker
from .sandbox import environment

NOT_AVAILABLE = {"include", "import", "from", "extends"}

_OPEN_RE = re.compile(r"\{[{%#]")
_TYPO_ANYWHERE = "“”„‘’‚"  # docxtpl rewrites “ ” ‘ ’ even inside string literals
_TYPO_OUTSIDE = "«»"  # fine inside a quoted string, a syntax error as delimiters

_DOCXTPL_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


def _tag_source(tag: Tag) -> str | None:
    """The tag as Jinja sees it after docxtpl's rewriting (None: nothing for Jinja)."""
    inner = tag.inner.translate(_DOCXTPL_QUOTES)  # docxtpl straightens these (only these)
    if tag.kind == "var":
        return "{{ " + inner + " }}"
    if tag.kind != "stmt":
        return None
    if tag.keyword in ("colspan", "cellbg"):
        return "{{ " + inner[len(tag.keyword) :].strip() + " }}"
    if tag.keyword in ("vm", "hm"):
        return None
    return "{% " + inner + " %}"


def _alone(tag: Tag) -> str | None:
    """The tag's source completed to parse on its own (an elif inside an if, an opening tag with
    its end), or None: nothing for Jinja, or an end tag (its opening tag stands for the block)."""
    src = _tag_source(tag)
    if src is None or tag.keyword.startswith("end"):
        return None
    if tag.keyword in ("elif", "else"):
        return "{% if x %}" + src + "{% endif %}"
    if opens_block(tag.keyword, tag.inner):
        return src + "{% end" + tag.keyword + " %}"
    return src


def _tag_syntax(env: jinja2.Environment, tag: Tag) -> str | None:
    src = _alone(tag)
    if src is None:
        return None
    try:
        env.parse(src)
    except jinja2.TemplateSyntaxError as e:
        return f"template syntax error in '{short(tag.src)}': {e.message}"
    return None


def _same_level(a: Tag, b: Tag) -> str | None:
    """Why block tags a (opening) and b cannot belong together in the XML, or None."""
    if a.prefix != b.prefix:
        fa = "{%" + (a.prefix + " " if a.prefix else " ") + a.keyword + " %}"
        fb = "{%" + (b.prefix + " " if b.prefix else " ") + b.keyword + " %}"
        return f"'{fb}' does not match '{fa}' in {a.where}: use the same kind of tag"
    if a.prefix == "" and a.para is not b.para:
        return (
            f"'{short(b.src)}' closes '{short(a.src)}' opened in another paragraph ({a.where}); "
            "a block that spans paragraphs needs {%p … %} tags, each alone in its paragraph"
        )
    if a.prefix == "p" and a.para.container != b.para.container:
        return f"'{short(b.src)}' is in another cell or box than '{short(a.src)}' ({a.where})"
    return None


def _never_closed(tag: Tag) -> str:
    return f"'{short(tag.src)}' is never closed (add {{% end{tag.keyword} %}})"


def _check_part(name: str, label: str, tags: list[Tag], is_main: bool) -> list[str]:
    out: list[str] = []
    env = environment()

    def say(tag: Tag, msg: str) -> None:
        out.append(f"{name}: {tag.where}: {msg}")

    body_tags = [t for t in tags if t.kind == "var" and t.prefix == "p" and t.inner == "body"]
    for t in body_tags:
        if not is_main:
            say(t, f"the body goes in the main text, not in the {label}")
        elif not BODY_TAG.match(t.para.text):
            say(t, "{{p body }} must be alone in its paragraph")
    if is_main and len(body_tags) > 1:
        say(body_tags[1], "{{p body }} appears more than once; keep one")
    code: list[Tag] = []
    raw = False
    for t in tags:
        if t.kind == "comment" or t in body_tags:
            continue
        if raw or t.keyword == "raw":
            raw = t.keyword != "endraw"
            continue
        if t.kind == "var" and t.prefix:
            kind = "rich text" if t.prefix == "r" else "a sub-document"
            say(t, f"'{short(t.src)}' expects {kind}; complaintgen gives text: write {{{{ … }}}}")
            continue
        if t.keyword in NOT_AVAILABLE:
            say(t, f"'{t.keyword}' is not available: a template is one file")
            continue
        code.append(t)
    syntax_ok = True
    for t in code:
        problem = _tag_syntax(env, t)
        if problem:
            if not t.typographic:  # already reported, and the cause
                say(t, problem)
            syntax_ok = False
    # Blocks must balance, and their tags must sit where docxtpl can cut the XML.
    stack: list[Tag] = []
    balanced = True
    for t in code:
        if t.kind != "stmt":
            continue
        if opens_block(t.keyword, t.inner):
            stack.append(t)
        elif t.keyword in ("elif", "else"):
            if not stack or stack[-1].keyword not in ("if", "for"):
                say(t, f"'{short(t.src)}' is outside any {{% if %}} or {{% for %}}")
                balanced = False
            elif why := _same_level(stack[-1], t):
                say(t, why)
                balanced = False
        elif t.keyword.startswith("end"):
            opened = t.keyword[3:]
            if not any(s.keyword == opened for s in stack):
                say(t, f"'{short(t.src)}' has no opening {{% {opened} … %}}")
                balanced = False
                continue
            while stack[-1].keyword != opened:
                s = stack.pop()
                say(s, _never_closed(s))
                balanced = False
            s = stack.pop()
            if why := _same_level(s, t):
                say(t, why)
                balanced = False
    for s in stack:
        say(s, _never_closed(s))
        balanced = False
    # Names, attributes and filters: through the whole part when it parses, else tag by tag.
    lines: list[str] = []
    by_line: dict[int, Tag] = {}
    for t in code:
        src = _tag_source(t)
        if src is not None:
            lines.append(src)
            by_line[len(lines)] = t

    def report_at(lineno: int, msg: str) -> None:
        tag = by_line.get(lineno) or (code[0] if code else None)
        text = f"{name}: {tag.where}: {msg}" if tag else f"{name}: {label or 'main text'}: {msg}"
        if text not in out:
            out.append(text)

    if syntax_ok and balanced:
        try:
            tree = env.parse("\n".join(lines))
        except jinja2.TemplateSyntaxError as e:
            report_at(e.lineno, f"template syntax error: {e.message}")
        else:
            Checker(report_at).block(tree.body, {})
        return out
    bound: set[str] = set()
    trees = []
    for line, t in by_line.items():
        src = _alone(t)
        if src is None:
            continue
        try:
            tree = env.parse(src)
        except jinja2.TemplateSyntaxError:
            continue
        trees.append((line, tree))
        for node in tree.find_all((nodes.For, nodes.Assign, nodes.AssignBlock, nodes.Macro)):
            target = getattr(node, "target", None)
            if isinstance(target, nodes.Name):
                bound.add(target.name)
            elif target is not None:
                bound.update(nm.name for nm in target.find_all(nodes.Name))
            if isinstance(node, nodes.Macro):
                bound.add(node.name)
                bound.update(a.name for a in node.args)
    for line, tree in trees:
        Checker(lambda _n, msg, line=line: report_at(line, msg), bound).block(tree.body, {})
    return out


def _check_paragraph(name: str, label: str, para: Para, tags: list[Tag]) -> list[str]:
    out: list[str] = []
    where = f"{label}, {para.where}" if label else para.where
    text = para.text
    bounds, pos = [], 0
    for _, piece in para.runs:
        pos += len(piece)
        bounds.append(pos)
    rest = list(text)
    found = []
    for m in TAG_RE.finditer(text):
        tag = make_tag(label, para, m.group())
        found.append(tag)
        rest[m.start() : m.end()] = " " * (m.end() - m.start())
        cuts = [b for b in bounds if m.start() < b < m.end()]
        if cuts:
            edges = [m.start(), *cuts, m.end()]
            pieces = " + ".join(f"'{text[a:b]}'" for a, b in pairwise(edges))
            out.append(
                f"{name}: {where}: tag split across runs: {pieces} — retype the tag in one go "
                "(or select it and clear its formatting)"
            )
        if tag.kind == "comment":
            continue
        inner = tag.inner
        typo = sorted({c for c in inner if c in _TYPO_ANYWHERE})
        outside = re.sub(r'"[^"]*"|\'[^\']*\'', "", inner)
        typo += sorted({c for c in outside if c in _TYPO_OUTSIDE})
        if typo:
            tag.typographic = True
            out.append(
                f"{name}: {where}: typographic quotes {' '.join(typo)} in '{short(tag.src)}': "
                "type straight quotes \" or ' (turn off AutoFormat's smart quotes)"
            )
    leftover = _OPEN_RE.search("".join(rest))
    if leftover:
        tail = text[leftover.start() :]
        out.append(f"{name}: {where}: tag not closed in this paragraph: '{short(tail, 30)}'")
    p_tags = [t for t in found if t.prefix in ("p", "tr", "tc") and t.kind in ("stmt", "comment")]
    if p_tags:
        rest_text = text
        for t in p_tags:
            rest_text = rest_text.replace(t.src, "", 1)
        if len(p_tags) > 1 and any(t.prefix == "p" for t in p_tags):
            out.append(f"{name}: {where}: only the first {{%p … %}} tag of a paragraph is kept")
        elif rest_text.strip():
            out.append(
                f"{name}: {where}: the paragraph of '{short(p_tags[0].src)}' also has text, "
                f"which is dropped: '{short(rest_text.strip(), 30)}'"
            )
    tags.extend(found)
    return out


def check_template(path: Path) -> list[str]:
    """One line per defect, each naming the template and the paragraph; [] when it is fine.

    Looks at the main text, headers, footers, footnotes, tables and text boxes for: tags split
    across runs, typographic quotes in tags, tags not closed in their paragraph, unbalanced or
    mismatched blocks ({%p if %} … {% endif %}, inline blocks across paragraphs), Jinja syntax
    errors, unknown variables and attributes (against models.Case and the derived context),
    unknown filters and tests, phrase keys and snippet ids that do not exist, tags complaintgen
    cannot fill ({{r x }}, {{p x }}), a misplaced {{p body }}, tracked changes and comments.

    Places read "paragraph 7" (the 7th paragraph of the main text, tables not counted),
    "table 1, row 2, cell 1, paragraph 1", "header (first page), paragraph 2", "footer, …".
    The language is not known here, so a person's case forms of either language are accepted.
    """
    path = Path(path)
    name = path.name
    try:
        _, doc = read_template(path)
    except TemplateError as e:
        return [str(e)]
    out: list[str] = []
    for label, root, is_main in text_parts(doc):
        tags: list[Tag] = []
        for para in paragraphs(root):
            out += _check_paragraph(name, label, para, tags)
        out += _check_part(name, label, tags, is_main)
        revisions = [qn(f"w:{t}") for t in ("ins", "del", "moveFrom", "moveTo")]
        if any(next(root.iter(tag), None) is not None for tag in revisions):
            where = label or "main text"
            out.append(f"{name}: {where}: tracked changes: accept or reject them before use")
    if any(rel.reltype == RT.COMMENTS for rel in doc.part.rels.values()):
        out.append(f"{name}: comments: delete them; they would be filed with the document")
    return out
