"""Read a case file (YAML or JSON) into a validated Case, or fail with one Problem per defect."""

from __future__ import annotations

import difflib
import io
import json
import unicodedata
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from . import fields
from .errors import InputError, Problem, show
from .models import Case, cross_check

MAX_BYTES = 2_000_000  # a case file is a few KB; anything larger is a mistake, not a case


class _Loader(yaml.SafeLoader):
    """Safe YAML without implicit timestamps: dates stay strings so the model reports bad ones."""


_Loader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

Lines = dict[tuple, int]


def load_case(path: str | Path) -> Case:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise InputError([Problem(str(path), "", f"cannot read: {e.strerror or e}")]) from e
    return parse_case(raw, str(path), fmt="json" if path.suffix.lower() == ".json" else "yaml")


def parse_case(raw: bytes | str, source: str, fmt: str = "yaml") -> Case:
    data, lines = parse_document(raw, source, fmt)
    return validate_case(data, source, lines)


def parse_document(raw: bytes | str, source: str, fmt: str = "yaml") -> tuple[Any, Lines]:
    """Decode and parse, returning the data and a map from field path to 1-based line."""
    if isinstance(raw, bytes):
        other = _other_format(raw)
        if other:
            raise InputError([Problem(source, "", other)])
        if len(raw) > MAX_BYTES:
            raise InputError(
                [
                    Problem(
                        source,
                        "",
                        f"file is {len(raw):,} bytes; a case file is at most {MAX_BYTES:,}",
                    )
                ]
            )
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            raise InputError([Problem(source, "", f"not UTF-8 text (byte {e.start})")]) from e
    text = unicodedata.normalize("NFC", raw)
    if "\x00" in text:
        raise InputError([Problem(source, "", "file contains NUL bytes: not a text file")])
    if fmt == "json":
        data = _parse_json(text, source)
        lines = _LazyLines(text)  # located only if something is wrong: parsing twice is slow
    else:
        data, lines = _parse_yaml(text, source)
    if not isinstance(data, dict):
        raise InputError(
            [Problem(source, "", "expected a mapping of fields (key: value) at the top")]
        )
    broken = [
        Problem(source, dotted(path), _HALF_PAIR.format(char=show(c)), line=_line_of(path, lines))
        for path, c in _half_pairs(data, ())
    ]
    if broken:
        raise InputError(broken[:20])
    return data, lines


_HALF_PAIR = "contains {char}, half of a character pair, not a character: retype the text"


def _half_pairs(node: Any, path: tuple) -> Iterable[tuple[tuple, str]]:
    """Lone surrogates (JSON "\\ud800", YAML "\\uD800"): no file can hold them, so say where."""
    if isinstance(node, str):
        bad = next((c for c in node if "\ud800" <= c <= "\udfff"), None)
        if bad:
            yield path, bad
    elif isinstance(node, dict):
        for k, v in node.items():
            yield from _half_pairs(k, (*path, k)) if isinstance(k, str) else ()
            yield from _half_pairs(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _half_pairs(v, (*path, i))


# What people pass instead of a case file, known by its first bytes.
_MAGIC = {
    b"%PDF": "this is a PDF document, not a case file: give the case file (.yaml or .json)",
    b"\xd0\xcf\x11\xe0": "this is an old Word or Excel file (.doc, .xls), not a case file: "
    "give the case file (.yaml or .json)",
    b"{\\rtf": "this is an RTF document, not a case file: give the case file (.yaml or .json)",
}
_IN_ZIP = {
    "word/document.xml": "this is a Word document (DOCX), not a case file: "
    "give the case file (.yaml or .json)",
    "xl/workbook.xml": "this is an Excel workbook (XLSX), not a case file: "
    "a workbook of cases goes to complaintgen batch",
}


def _other_format(raw: bytes) -> str | None:
    for magic, message in _MAGIC.items():
        if raw.startswith(magic):
            return message
    if raw.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(raw)).namelist())
        except (zipfile.BadZipFile, ValueError, OSError):
            names = set()
        for name, message in _IN_ZIP.items():
            if name in names:
                return message
        return "this is a ZIP archive, not a case file: give the case file (.yaml or .json)"
    return None


def _parse_json(text: str, source: str) -> Any:
    def pairs(items: list[tuple[str, Any]]) -> dict:
        seen: dict[str, Any] = {}
        for k, v in items:
            if k in seen:
                raise InputError([Problem(source, k, "key appears twice")])
            seen[k] = v
        return seen

    try:
        return json.loads(text, object_pairs_hook=pairs)
    except json.JSONDecodeError as e:
        raise InputError([Problem(source, "", f"invalid JSON: {e.msg}", line=e.lineno)]) from e
    except RecursionError as e:
        raise InputError([Problem(source, "", "nesting is too deep")]) from e


def _parse_yaml(text: str, source: str) -> tuple[Any, Lines]:
    try:
        loader = _Loader(text)  # the reader already rejects unprintable characters here
    except yaml.YAMLError as e:
        raise InputError([Problem(source, "", f"invalid YAML: {_one_line(e)}")]) from e
    try:
        node = loader.get_single_node()
        if node is None:
            raise InputError([Problem(source, "", "file is empty")])
        lines: Lines = {}
        try:
            dups = _walk(node, (), lines, [0])
        except InputError as e:
            raise InputError([Problem(source, "", e.problems[0].message)]) from None
        if dups:
            raise InputError(
                [Problem(source, dotted(p), "key appears twice", line=ln) for p, ln in dups]
            )
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as e:
        # Where a construct began (an unclosed quote) says more than where parsing gave up.
        mark = e.context_mark or e.problem_mark
        msg = _one_line(Exception(" ".join(filter(None, [e.context, e.problem])))) or "invalid YAML"
        if e.context_mark and e.problem_mark and e.problem_mark.line != e.context_mark.line:
            msg += f" (line {e.problem_mark.line + 1})"
        line = mark.line + 1 if mark else None
        raise InputError([Problem(source, "", f"invalid YAML: {msg}", line=line)]) from e
    except yaml.YAMLError as e:
        raise InputError([Problem(source, "", f"invalid YAML: {_one_line(e)}")]) from e
    except RecursionError as e:
        raise InputError([Problem(source, "", "nesting is too deep")]) from e
    finally:
        loader.dispose()
    return data, lines


class _LazyLines(dict):
    """Field lines of a JSON file, worked out on first use (JSON has no node positions)."""

    def __init__(self, text: str):
        super().__init__()
        self._text: str | None = text

    def _fill(self) -> None:
        if self._text is not None:
            self.update(_yaml_lines(self._text))
            self._text = None

    def __contains__(self, key: object) -> bool:
        self._fill()
        return super().__contains__(key)

    def __getitem__(self, key: tuple) -> int:
        self._fill()
        return super().__getitem__(key)


def _one_line(e: Exception) -> str:
    return " ".join(str(e).split())


def _yaml_lines(text: str) -> Lines:
    try:
        node = yaml.compose(text, Loader=_Loader)
    except (yaml.YAMLError, RecursionError):
        return {}
    lines: Lines = {}
    if node is not None:
        try:
            _walk(node, (), lines, [0])
        except InputError:
            return {}
    return lines


MAX_NODES = 20_000  # a real case file has a few hundred; aliases can multiply them endlessly


def _walk(node: yaml.Node, path: tuple, lines: Lines, count: list[int]) -> list[tuple[tuple, int]]:
    """Record the line of every key and item; return duplicate keys (PyYAML keeps the last one).

    Counts nodes as seen through aliases, so a "billion laughs" file is refused, not expanded.
    """
    count[0] += 1
    if count[0] > MAX_NODES:
        raise InputError([Problem("", "", "too many items (YAML aliases expand without end?)")])
    dups: list[tuple[tuple, int]] = []
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            k = key.value if isinstance(key, yaml.ScalarNode) else str(key.start_mark)
            if k in seen:
                dups.append(((*path, k), key.start_mark.line + 1))
            seen.add(k)
            lines[(*path, k)] = key.start_mark.line + 1
            dups += _walk(value, (*path, k), lines, count)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            dups += _walk(item, (*path, i), lines, count)
    return dups


def validate_case(
    data: dict, source: str, lines: Lines | None = None, row: int | None = None
) -> Case:
    lines = {} if lines is None else lines
    try:
        case = Case.model_validate(data)
    except ValidationError as e:
        found = sorted(_problems(e, source, lines, row), key=lambda p: p.line or 0)
        raise InputError(found) from None
    except RecursionError:
        raise InputError([Problem(source, "", "nesting is too deep", row=row)]) from None
    problems = [
        Problem(source, path, msg, line=_line_of(split_path(path), lines), row=row)
        for path, msg in cross_check(case)
    ]
    if problems:
        raise InputError(problems)
    return case


def _problems(
    err: ValidationError, source: str, lines: Lines, row: int | None
) -> Iterable[Problem]:
    seen: set[tuple[str, str]] = set()
    for e in err.errors(include_url=False):
        loc = tuple(
            p
            for p in e["loc"]
            if not (isinstance(p, str) and p.startswith(("function-", "tagged-")))
        )
        msg = _message(e, loc)
        key = (dotted(loc), msg)
        if key in seen:
            continue
        seen.add(key)
        yield Problem(source, dotted(loc), msg, line=_line_of(loc, lines), row=row)


def _message(e: dict, loc: tuple) -> str:
    kind = e["type"]
    if kind == "extra_forbidden":
        known = _known_fields(loc[:-1])
        hint = difflib.get_close_matches(str(loc[-1]), known, n=1)
        return "unknown field" + (f" (did you mean '{hint[0]}'?)" if hint else "")
    if kind == "missing":
        return "required field is missing"
    if e.get("input", ...) is None:  # `key:` with nothing after it, as a blank case file has
        return "required field is empty: write its value after the colon"
    if kind == "enum":
        value = show(e["input"], quote=False)
        return f"'{value}' is not one of: {e['ctx']['expected'].replace(' or ', ', ')}"
    number = e.get("input")
    if loc and loc[-1] in _IDENTIFIERS and isinstance(number, int) and not isinstance(number, bool):
        # YAML read 010203040506 as the octal number 1108099398; a spreadsheet drops the 0.
        return f"read as the number {number} (a leading zero is lost): write it in quotes"
    if kind in _PLAIN:
        return _PLAIN[kind]
    msg = e["msg"]
    return msg.removeprefix("Value error, ").removeprefix("Assertion failed, ")


_IDENTIFIERS = ("iin", "erdr_number")  # digits that are text: a number loses their zeros

_PLAIN = {
    "string_type": "must be text",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "list_type": "must be a list",
    "model_type": "must be a group of fields (key: value)",
    "model_attributes_type": "must be a group of fields (key: value)",
    "dict_type": "must be a group of fields (key: value)",
    "date_type": "must be a date (2023-03-09 or 09.03.2023)",
}


def _known_fields(loc: tuple) -> list[str]:
    """Field names valid at `loc`, for 'did you mean' hints."""
    return [f.name for f in fields.children(loc)]


def _line_of(loc: tuple, lines: Lines) -> int | None:
    while loc:
        if loc in lines:
            return lines[loc]
        loc = loc[:-1]
    return None


def dotted(loc: Iterable) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def split_path(path: str) -> tuple:
    out: list = []
    for part in path.replace("]", "").split("."):
        name, *idx = part.split("[")
        out.append(name)
        out += [int(i) for i in idx]
    return tuple(out)
