"""Rewriting a shipped template's Jinja for docxtpl, piece by piece (its Markdown is read by
dialect.py)."""

from __future__ import annotations

import re

from ..errors import TemplateError

_STRINGS = re.compile(r""""[^"]*"|'[^']*'""")


def _split_top(text: str, sep: str, maxsplit: int = -1) -> list[str]:
    parts, depth, start, i = [], 0, 0, 0
    while i < len(text):
        c = text[i]
        if c in "\"'":
            i = text.index(c, i + 1) + 1
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif c == sep and depth == 0 and (maxsplit < 0 or len(parts) < maxsplit):
            parts.append(text[start:i])
            start = i + 1
        i += 1
    parts.append(text[start:])
    return parts


def dict_literals(expr: str, where: str) -> str:
    """{"a": x, "b": y} → dict(a=x, b=y): docxtpl's {%p %} tags cannot contain braces."""
    out, i = [], 0
    while i < len(expr):
        c = expr[i]
        if c in "\"'":
            j = expr.index(c, i + 1)
            out.append(expr[i : j + 1])
            i = j + 1
        elif c == "{":
            depth, j = 0, i
            while True:
                if expr[j] in "\"'":
                    j = expr.index(expr[j], j + 1)
                elif expr[j] == "{":
                    depth += 1
                elif expr[j] == "}":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            pairs = []
            for item in _split_top(expr[i + 1 : j], ","):
                if not item.strip():
                    continue
                key, value = _split_top(item, ":", 1)
                m = re.fullmatch(r"""\s*(["'])([A-Za-z_]\w*)\1\s*""", key)
                if not m:
                    raise TemplateError(f"{where}: cannot convert the dict key {key.strip()}")
                pairs.append(f"{m.group(2)}={dict_literals(value.strip(), where)}")
            out.append("dict(" + ", ".join(pairs) + ")")
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def rewrite_calls(inner: str, names: set[str], ns: str) -> str:
    if not names:
        return inner
    call = re.compile(r"(?<![\w.])(" + "|".join(map(re.escape, sorted(names))) + r")(?=\s*\()")
    pieces, pos = [], 0
    for m in _STRINGS.finditer(inner):
        pieces.append(call.sub(ns + r".\1", inner[pos : m.start()]) + m.group())
        pos = m.end()
    pieces.append(call.sub(ns + r".\1", inner[pos:]))
    return "".join(pieces)


def p_tag(src: str, where: str) -> str:
    inner = src[2:-2].strip()
    if "}" in inner or "%" in inner:
        raise TemplateError(f"{where}: cannot write '{src}' as a paragraph tag (it has }} or %)")
    return "{%p " + inner + " %}"
