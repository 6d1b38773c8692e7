"""A shipped .md.j2 planned as Word paragraphs, with its Jinja as docxtpl tags."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

from .. import dialect
from ..errors import TemplateError
from .docx_reading import opens_block
from .export_syntax import dict_literals, p_tag, rewrite_calls

_MARK = re.compile("([\U000f0000-\U000ffffd])")  # a tag standing in a line of text


def _inline(toks: list[Tok]) -> list[tuple]:
    """A line's text as the dialect reads it, each tag standing in it as one private-use
    character, so emphasis around a tag (**{{ name }}**) is read as the layout reads it."""
    marks: dict[str, Tok] = {}
    source = []
    for t in toks:
        if t.kind == "text":
            source.append(t.src)
        else:
            mark = chr(0xF0000 + len(marks))
            marks[mark] = t
            source.append(mark)
    out: list[tuple] = []
    for run in dialect.inline("".join(source)):
        for piece in _MARK.split(run.text):
            t = marks.get(piece)
            if t is None:
                if piece:
                    out.append(("text", piece, run.bold, run.italic))
            elif t.kind == "var":
                out.append(("text", t, run.bold, run.italic))
            else:
                out.append(("tag", t))
    return out


_SRC_TAG = re.compile(
    r"""\{\{(?:[^"'}]|"[^"]*"|'[^']*'|\}(?!\}))*\}\}|\{%(?:[^"'%]|"[^"]*"|'[^']*'|%(?!\}))*%\}"""
)


@dataclass
class Tok:
    kind: str  # text | var | stmt | macro
    src: str  # text, or the tag with whitespace control removed
    keyword: str = ""
    block: int = -1
    trims_newline: bool = False
    macro_name: str = ""


@dataclass
class _Block:
    id: int
    tokens: list[Tok] = field(default_factory=list)


@dataclass
class P:
    kind: str  # header | h1 | h2 | h3 | body | ol | ul | sig | macro
    # ("text", s, bold, italic) | ("tag", tok) | ("raw", s)
    items: list = field(default_factory=list)
    after_break: bool = True
    start: int = 1
    num: int | None = None


@dataclass
class PTag:
    src: str


@dataclass
class Sig:
    cells: list[list] = field(default_factory=lambda: [[], []])


class Exporter:
    """A shipped .md.j2 as paragraphs with docxtpl tags (see export.export_template)."""

    def __init__(self, source: str, where: str):
        self.where = where
        source = re.sub(r"(?m)^[ \t]*(?=\{#)", "", source)
        source = re.sub(r"\{#.*?#\}\n?", "", source, flags=re.S)  # trim_blocks drops the newline
        self.ns = "macros" if not re.search(r"\bmacros\b", source) else "macros_"
        self.blocks: list[_Block] = []
        self.macros: set[str] = set(re.findall(r"\{%-?\s*macro\s+(\w+)", source))
        self.lines = self._lines(source)

    # tokens
    def _tag(self, raw: str) -> Tok:
        kind = "var" if raw.startswith("{{") else "stmt"
        trims = kind == "stmt" and not raw.endswith("+%}")
        inner = raw[3 if raw[2:3] in ("-", "+") else 2 : -3 if raw[-3:-2] in ("-", "+") else -2]
        inner = inner.strip()
        inner = dict_literals(inner, self.where)
        kw = re.match(r"[A-Za-z_]\w*", inner)
        keyword = kw.group() if kw and kind == "stmt" else ""
        if keyword != "macro":
            inner = rewrite_calls(inner, self.macros, self.ns)
        src = "{{ " + inner + " }}" if kind == "var" else "{% " + inner + " %}"
        return Tok(kind, src, keyword, trims_newline=trims)

    def _lines(self, source: str) -> list[list[Tok]]:
        flat: list[Tok | None] = []  # None = newline
        for line_no, line in enumerate(source.split("\n")):
            if line_no:
                flat.append(None)
            pos = 0
            for m in _SRC_TAG.finditer(line):
                if m.start() > pos:
                    flat.append(Tok("text", line[pos : m.start()]))
                flat.append(self._tag(m.group()))
                pos = m.end()
            if pos < len(line):
                flat.append(Tok("text", line[pos:]))
        # A macro definition is one unit: it prints nothing where it stands.
        merged: list[Tok | None] = []
        i = 0
        while i < len(flat):
            tok = flat[i]
            if tok is not None and tok.kind == "stmt" and tok.keyword == "macro":
                depth, parts, j = 0, [], i
                while j < len(flat):
                    t = flat[j]
                    if t is not None and t.kind == "stmt" and t.keyword in ("macro", "endmacro"):
                        depth += 1 if t.keyword == "macro" else -1
                    parts.append(" " if t is None else t.src)
                    if depth == 0:
                        break
                    j += 1
                name = re.match(r"\{%\s*macro\s+(\w+)", tok.src).group(1)
                merged.append(
                    Tok("macro", "".join(parts), "macro", trims_newline=True, macro_name=name)
                )
                i = j + 1
                continue
            merged.append(tok)
            i += 1
        lines: list[list[Tok]] = [[]]
        for tok in merged:
            if tok is None:
                lines.append([])
            else:
                lines[-1].append(tok)
        # Blocks: each block tag knows its block, so blocks can be placed as a whole.
        stack: list[_Block] = []
        for tok in (t for line in lines for t in line if t.kind == "stmt"):
            if opens_block(tok.keyword, tok.src[2:-2].strip()):
                block = _Block(len(self.blocks))
                self.blocks.append(block)
                stack.append(block)
            elif tok.keyword in ("elif", "else") and stack:
                block = stack[-1]
            elif tok.keyword.startswith("end") and stack:
                block = stack.pop()
            else:
                block = _Block(len(self.blocks))
                self.blocks.append(block)
            tok.block = block.id
            block.tokens.append(tok)
        if stack:
            raise TemplateError(f"{self.where}: unbalanced blocks; fix the template first")
        return lines

    # atoms: what each line means for paragraphs
    def atoms(self) -> list[tuple]:
        out: list[tuple] = []
        ctx = "body"
        for line in self.lines:
            text_only = all(t.kind == "text" for t in line)
            joined = "".join(t.src for t in line)
            if not joined.strip():
                out.append(("break",))
                continue
            fence = dialect.container(joined) if text_only else None
            if fence is not None:
                ctx = fence or "body"
                out.append(("container", fence or None))
                continue
            if all(t.kind in ("stmt", "macro") or not t.src.strip() for t in line):
                out.extend(("tag", t) for t in line if t.kind != "text")
                continue
            toks = list(line)
            heading = False
            if ctx == "header":
                out.append(("start", "header", 1))
            elif ctx == "signature":
                out.append(("start", "sig", 1))
            elif toks[0].kind == "text":
                first = toks[0].src.lstrip()
                start = dialect.line_start(first)
                if start:
                    kind, number, end = start
                    out.append(("start", kind, number))
                    heading = kind.startswith("h")
                    toks[0] = Tok("text", first[end:])
            out.extend(_inline(toks))
            trims = toks[-1].kind in ("stmt", "macro") and toks[-1].trims_newline
            out.append(("eol", "" if ctx != "body" or trims else " "))
            if heading:
                out.append(("end",))  # a heading is one line
        return out

    def hoist_items(self, atoms: list[tuple]) -> list[tuple]:
        """{% if %} 1. a {% else %} 1. b {% endif %} → 1. {% if %} a {% else %} b {% endif %}.

        When every branch of an if/else starts the same kind of list item (and starts nothing
        else), the item can start before the block; the block then fits in one paragraph, and
        lines that continue the item stay in it, as in Markdown."""
        changed = True
        while changed:
            changed = False
            pos = {id(a[1]): i for i, a in enumerate(atoms) if a[0] == "tag"}
            for block in self.blocks:
                toks = block.tokens
                if len(toks) < 3 or toks[0].keyword != "if" or toks[-2].keyword != "else":
                    continue
                idx = [pos.get(id(t)) for t in toks]
                if None in idx:
                    continue
                starts = []
                for a, b in pairwise(idx):
                    content = [k for k in range(a + 1, b) if atoms[k][0] != "tag"]
                    if not content or atoms[content[0]][:2] not in (
                        ("start", "ol"),
                        ("start", "ul"),
                    ):
                        break
                    if any(
                        atoms[k][0] in ("start", "break", "container", "end") for k in content[1:]
                    ):
                        break
                    starts.append(content[0])
                else:
                    if len({atoms[k][1:] for k in starts}) == 1:
                        first = atoms[starts[0]]
                        for k in reversed(starts):
                            del atoms[k]
                        atoms.insert(idx[0], first)
                        changed = True
                        break
        return atoms

    # paragraphs, given which blocks are paragraph-level (PL)
    def segment(self, atoms: list[tuple], pl: set[int]) -> tuple[list, set[int]]:
        top: list = []
        target = top
        ctx = "body"
        cur: P | None = None
        pending: list[Tok] = []
        where: dict[int, tuple[P, int]] = {}
        conflicts: set[int] = set()
        since_break = True
        sig: Sig | None = None

        def close(hard: bool) -> None:
            nonlocal cur
            if cur is not None:
                texts = [k for k, item in enumerate(cur.items) if item[0] == "text"]
                if texts and cur.items[texts[-1]][1] == " ":
                    del cur.items[texts[-1]]  # the separator after the paragraph's last line
                if not cur.items:  # Markdown has no empty paragraphs
                    del target[next(k for k in range(len(target) - 1, -1, -1) if target[k] is cur)]
            cur = None
            if hard and pending:
                for tok in pending:
                    conflicts.add(tok.block)
                    target.append(PTag(p_tag(tok.src, self.where)))
                pending.clear()

        def open_para(kind: str, start: int = 1) -> P:
            nonlocal cur, since_break
            cur = P(kind, after_break=since_break, start=start)
            since_break = False
            for tok in pending:
                where[id(tok)] = (cur, len(cur.items))
                cur.items.append(("tag", tok))
            pending.clear()
            target.append(cur)
            return cur

        for atom in atoms:
            what = atom[0]
            if what == "container":
                close(True)
                ctx = {"header": "header", "signature": "sig"}.get(atom[1], "body")
                if ctx == "sig":
                    sig = Sig()
                    top.append(sig)
                    target = sig.cells[0]
                else:
                    target = top
                since_break = True
            elif what == "break":
                close(True)
                since_break = True
                if ctx == "sig" and sig is not None and target is sig.cells[0] and sig.cells[0]:
                    target = sig.cells[1]
            elif what == "tag":
                tok = atom[1]
                if tok.kind == "macro":
                    close(True)
                    target.append(PTag("{%p set macro_definitions %}"))
                    body = f"{tok.src}{{% set {self.ns}.{tok.macro_name} = {tok.macro_name} %}}"
                    target.append(P("macro", [("raw", body)]))
                    target.append(PTag("{%p endset %}"))
                elif tok.block in pl:
                    close(True)
                    target.append(PTag(p_tag(tok.src, self.where)))
                elif cur is not None:
                    where[id(tok)] = (cur, len(cur.items))
                    cur.items.append(("tag", tok))
                else:
                    pending.append(tok)
            elif what == "start":
                close(False)
                open_para(atom[1], atom[2])
            elif what == "text":
                if cur is None:
                    open_para({"header": "header", "sig": "sig"}.get(ctx, "body"))
                if isinstance(atom[1], Tok) or atom[1]:
                    cur.items.append(atom)
            elif what == "end":
                close(False)
            elif what == "eol" and cur is not None and atom[1]:
                cur.items.append(("text", atom[1], False, False))
        close(True)
        # Inline blocks must sit in one paragraph that has text of its own outside them.
        for block in self.blocks:
            if block.id in pl or block.id in conflicts or not block.tokens:
                continue
            spots = [where.get(id(t)) for t in block.tokens]
            if any(s is None for s in spots) or len({id(s[0]) for s in spots}) > 1:
                conflicts.add(block.id)
                continue
            if len(block.tokens) < 2:
                continue
            # ... and that paragraph must not come out empty: it needs text outside the block,
            # or an {% else %} with text in every branch.
            para = spots[0][0]
            marks = [s[1] for s in spots]

            def has_text(k: int, para: P = para) -> bool:
                item = para.items[k]
                return item[0] == "text" and (isinstance(item[1], Tok) or bool(item[1].strip()))

            outside = any(
                has_text(k) for k in range(len(para.items)) if not marks[0] < k < marks[-1]
            )
            always = block.tokens[-2].keyword == "else" and all(
                any(has_text(k) for k in range(a + 1, b)) for a, b in pairwise(marks)
            )
            if not outside and not always:
                conflicts.add(block.id)
        return top, conflicts

    def plan(self) -> list:
        atoms = self.hoist_items(self.atoms())
        pl: set[int] = set()
        while True:
            elements, conflicts = self.segment(atoms, pl)
            if not conflicts:
                break
            pl |= conflicts
        if self.macros:
            elements.insert(0, PTag(f"{{%p set {self.ns} = namespace() %}}"))
        # Numbered lists: one Word list per Markdown list, continued across {%p %} paragraphs.
        number: int | None = None
        lists = 0
        for el in elements:
            if isinstance(el, P) and el.kind == "ol":
                if number is None:
                    lists += 1
                    number = lists
                el.num = number
            elif isinstance(el, P) and (el.kind != "body" or el.after_break):
                if el.kind != "macro":
                    number = None
            elif isinstance(el, Sig):
                number = None
        return elements
