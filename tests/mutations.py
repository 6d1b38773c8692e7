"""Mutated case files and the commands they go through, for the fuzz test and benchmarks/fuzz.py.

One seed gives one input (a case file in YAML or JSON, mutated in its structure or its bytes)
and one command line (a document command, packet, validate or batch, with or without --redact,
-o a folder or a .docx). `run_one` runs it in-process through cli.main and returns what went
wrong by the standards the project promises: never an internal error (exit 70), every line of
output printable (no escape sequences, no raw control characters), no partial or temporary file
after a failure, every file the owner's only.
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import random
import shutil
import stat
import unicodedata
from pathlib import Path

import yaml

from complaintgen.cli import main
from complaintgen.errors import ExitCode

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
SMALL = {  # a case file with only what is required: most real first drafts look like it
    "id": "t-1",
    "victim": {"name": {"last": "Иванов", "first": "Иван", "middle": "Петрович"}, "gender": "male"},
    "applicant": "victim",
    "incident": {"date": "2026-01-05", "place": "ИВС ДП г. Павлодара", "narrative": "Избит."},
}
BASES = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in EXAMPLES] + [SMALL] * 8
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # making inputs is not what we measure
ALLOWED = {int(c) for c in ExitCode} - {ExitCode.INTERNAL}

NASTY = [
    "{{ 7*7 }}",
    "{% for x in range(10**9) %}x{% endfor %}",
    "<b>&amp;</b>",
    "*x*",
    "# x",
    "::: header",
    "\\",
    "[УТОЧНИТЬ: x]",
    "Ж" * 5_000,
    unicodedata.normalize("NFD", "Иван Ёжиков Әлихан"),
    "Aлия (латинская A)",
    "\u202e\u200b\u00ad",
    "\x1b]0;owned\x07",
    "a\r\nb",
    "male\u200b",
    "None",
    "~",
    "2026-02-30",
    "31.12.9999",
    "0" * 12,
    "010203040506",
    "-1",
    "1e309",
    "\ud800",
    "\x00",
    "\ufeff",
    "😀" * 10,
]
LEAVES = [None, True, False, 0, -1, 10**30, 1.5, float("nan"), [], {}, [1, 2], {"a": 1}]


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, (*prefix, i))


def _leaf(rng: random.Random):
    if rng.random() < 0.6:
        return rng.choice(NASTY)
    return copy.deepcopy(rng.choice(LEAVES))


def mutate_structure(rng: random.Random, data: dict) -> dict:
    for _ in range(rng.randint(1, 4)):
        targets = [p for p in _paths(data) if p]
        if not targets:
            break
        path = rng.choice(targets)
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        action = rng.choice(["replace", "replace", "delete", "add", "nest", "text"])
        key = path[-1]
        if action == "replace":
            parent[key] = _leaf(rng)
        elif action == "delete" and isinstance(parent, dict):
            parent.pop(key, None)
        elif action == "add" and isinstance(parent, dict):
            parent[rng.choice(["x", "gendr", "\u200bid", "\x1b[31m", "i" * 200])] = _leaf(rng)
        elif action == "nest":
            parent[key] = [[[{"a": [_leaf(rng)]}]]]
        elif action == "text" and isinstance(parent[key], str):
            s = parent[key]
            i = rng.randint(0, len(s))
            parent[key] = s[:i] + rng.choice(NASTY)[:50] + s[i:]
    return data


def mutate_bytes(rng: random.Random, raw: bytes) -> bytes:
    raw = bytearray(raw)
    for _ in range(rng.randint(1, 6)):
        if not raw:
            break
        i = rng.randrange(len(raw))
        op = rng.choice(["flip", "insert", "delete", "truncate", "dup", "special"])
        if op == "flip":
            raw[i] = rng.randrange(256)
        elif op == "insert":
            raw[i:i] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 4)))
        elif op == "delete":
            del raw[i : i + rng.randint(1, 20)]
        elif op == "truncate":
            del raw[i:]
        elif op == "dup":
            raw[i:i] = raw[max(0, i - 40) : i]
        else:
            special = [b"\\ud800", b"\\x1b", b"\t", b"&a", b"*a", b"!!python/object", b"'", b'"']
            raw[i:i] = rng.choice(special)
    return bytes(raw)


def make_input(rng: random.Random) -> tuple[str, bytes]:
    """(file name, content) of one mutated case file."""
    data = copy.deepcopy(rng.choice(BASES))
    fmt = rng.choice(["yaml", "json"])
    roll = rng.random()
    if roll < 0.6:
        data = mutate_structure(rng, data)
    if fmt == "json":
        text = json.dumps(data, ensure_ascii=rng.random() < 0.3, default=str)
    else:
        flow = rng.random() < 0.1
        try:
            text = yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, default_flow_style=flow)
        except UnicodeEncodeError:  # libyaml cannot write a lone surrogate; PyYAML escapes it
            text = yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow)
    raw = text.encode("utf-8", "surrogatepass")
    if roll >= 0.5:
        raw = mutate_bytes(rng, raw)
    if rng.random() < 0.01:
        raw = rng.choice([b"PK\x03\x04" + raw, b"%PDF-1.4\n" + raw, b"\xff\xfe" + raw])
    return f"case.{fmt}", raw


COMMANDS = [
    ["validate"],
    ["appeal", "--lang", "ru"],
    ["appeal", "--lang", "both", "--redact"],
    ["protection", "--lang", "kk"],
    ["examination", "--strict", "--lang", "ru"],
    ["cat"],
    ["packet", "--lang", "ru", "--redact"],
    ["batch", "--docs", "appeal", "--lang", "ru", "--draft"],
]


def make_command(rng: random.Random, case: Path, out: Path) -> list[str]:
    command = list(rng.choice(COMMANDS))
    name = command[0]
    args = [*command[:1], str(case if name != "batch" else case.parent), *command[1:]]
    if name in ("appeal", "protection", "examination", "cat") and rng.random() < 0.3:
        args += ["-o", str(out / "named.docx")]
    elif name != "validate":
        args += ["-o", str(out)]
    if name != "validate":
        args += ["--today", "2026-11-25"]
    return ["--ui-lang", rng.choice(["ru", "kk", "en"]), *args]


def _bad_line(line: str) -> bool:
    return any(unicodedata.category(c) in ("Cc", "Cs") and c != "\t" for c in line)


def run_one(seed: int, workdir: Path) -> list[str]:
    """Run the input and command of `seed`; return the broken promises (empty: all kept)."""
    rng = random.Random(seed)
    shutil.rmtree(workdir, ignore_errors=True)
    (workdir / "in").mkdir(parents=True)
    out = workdir / "out"
    name, raw = make_input(rng)
    case = workdir / "in" / name
    case.write_bytes(raw)
    argv = make_command(rng, case, out)
    stdout, stderr = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            code = main(argv)
    except BaseException as e:
        return [f"seed {seed}: {argv[2]}: escaped main(): {type(e).__name__}: {e}"]
    problems = []
    if code not in ALLOWED:
        problems.append(f"seed {seed}: {argv[2]}: exit {code}: {stderr.getvalue()[:300]!r}")
    lines = (stdout.getvalue() + stderr.getvalue()).splitlines()
    if any(_bad_line(line) for line in lines):
        problems.append(f"seed {seed}: {argv[2]}: unescaped control character in the output")
    made = [p for p in out.rglob("*") if p.is_file()] if out.exists() else []
    if any(p.name.endswith((".tmp", ".old")) for p in made):
        problems.append(f"seed {seed}: {argv[2]}: a temporary file was left behind")
    if code != 0 and argv[2] not in ("batch",) and made:
        problems.append(f"seed {seed}: {argv[2]}: exit {code} but files were written")
    if any(stat.S_IMODE(p.stat().st_mode) & 0o077 for p in made):
        problems.append(f"seed {seed}: {argv[2]}: a file readable by others")
    return problems
