"""The import graph: no cycles, a light model, input channels apart from the DOCX layout.

Imports are read from the source (inside functions too: an import moved into a function hides
a cycle from Python, not from this test).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

import complaintgen

SRC = Path(complaintgen.__file__).resolve().parent
PKG = "complaintgen"

# Cycles that exist today, each waiting for the change that removes it. The test fails on any
# other cycle, and when one of these is gone (delete it here then).
KNOWN_CYCLES: set[frozenset[str]] = set()  # none left; keep it so
# The input channels: they read facts in, and must not need the DOCX layout to do it.
INPUT_CHANNELS = ("loading", "tabular", "intake", "web")
# write_atomic is leaving layout.py for files.py (issue 12 item 8, trust); until then a channel
# may use layout for that alone.
LAYOUT_ALLOWED = {"write_atomic"}


def _name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def modules() -> dict[str, Path]:
    return {_name(p): p for p in SRC.rglob("*.py")}


def _target(module: str, is_package: bool, node: ast.ImportFrom) -> str | None:
    if not node.level:
        mod = node.module or ""
        return mod.removeprefix(PKG).lstrip(".") if mod.split(".")[0] == PKG else None
    base = module.split(".") if module else []
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


@cache
def imports(module: str) -> dict[str, set[str]]:
    """Modules of the package that `module` imports (anywhere in it) → names it takes."""
    path = modules()[module]
    out: dict[str, set[str]] = {}
    tree = ast.parse(path.read_text(encoding="utf-8"))
    # `if TYPE_CHECKING:` imports are for the type checker only: they never run.
    typing_only = {
        id(n)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and getattr(block.test, "id", None) == "TYPE_CHECKING"
        for n in ast.walk(block)
    }
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == PKG:
                    out.setdefault(alias.name.removeprefix(PKG).lstrip("."), set())
        elif isinstance(node, ast.ImportFrom):
            target = _target(module, path.name == "__init__.py", node)
            if target is None:
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}" if target else alias.name
                if sub in modules():
                    out.setdefault(sub, set())
                else:
                    out.setdefault(target, set()).add(alias.name)
    # A module's own packages are being imported already when it runs: no edge.
    own = {".".join(module.split(".")[:i]) for i in range(len(module.split(".")))}
    return {m: names for m, names in out.items() if m in modules() and m not in own}


def cycles() -> list[frozenset[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[frozenset[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in imports(v):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = set()
            while True:
                w = stack.pop()
                group.add(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(frozenset(group))

    for m in sorted(modules()):
        if m not in index:
            visit(m)
    return found


def test_the_graph_is_read_from_every_import():
    assert "admissibility" in imports("kinds")  # an import inside a function counts
    assert "models" in imports("loading")
    assert "layout" in imports("documents")


def test_no_import_cycles_but_the_known_ones():
    found = set(cycles())
    assert found - KNOWN_CYCLES == set(), "new import cycle"
    assert KNOWN_CYCLES - found == set(), "a known cycle is gone: remove it from KNOWN_CYCLES"


def test_the_cycle_finder_finds_a_cycle(monkeypatch):
    fake = {"a": {"b": set()}, "b": {"c": set()}, "c": {"a": set()}, "d": {"a": set()}}
    monkeypatch.setattr(sys.modules[__name__], "imports", lambda m: fake[m])
    monkeypatch.setattr(sys.modules[__name__], "modules", lambda: fake)
    assert cycles() == [frozenset({"a", "b", "c"})]


@pytest.mark.parametrize("channel", INPUT_CHANNELS)
def test_input_channels_do_not_import_the_layout(channel):
    names = [m for m in modules() if m == channel or m.startswith(channel + ".")]
    assert names, f"no module {channel}"
    for name in names:
        taken = imports(name).get("layout")
        if taken is None:
            continue
        tree = ast.parse(modules()[name].read_text(encoding="utf-8"))
        used = {
            n.attr
            for n in ast.walk(tree)
            if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name)
            if n.value.id == "layout"
        }
        assert (taken | used) <= LAYOUT_ALLOWED, f"{name} uses layout for {taken | used}"


def test_the_model_loads_without_docx_or_jinja():
    code = (
        "import sys, complaintgen.models, complaintgen.fields, complaintgen.loading\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('docx', 'jinja2', 'lxml', 'markdown_it', 'docxtpl', 'openpyxl'))\n"
        "print(','.join(heavy))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == ""
