from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from datetime import date
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
INVALID = sorted((ROOT / "examples" / "invalid").iterdir())
GOLDEN = ROOT / "tests" / "golden"
TODAY = date(2026, 11, 25)  # documents are dated and deadlines counted from this day


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/*.txt")


# What a test needs from outside Python marks it, so `make check` can leave it out:
# a fixture that starts LibreOffice or Chromium, or a module that drives a terminal (pexpect).
_NEEDS_FIXTURE = {"soffice": "libreoffice", "browser": "browser"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        for fixture, marker in _NEEDS_FIXTURE.items():
            if fixture in getattr(item, "fixturenames", ()):
                item.add_marker(marker)
        if getattr(item.module, "pexpect", None) is not None:
            item.add_marker("terminal")


def quick_first(values, keep: int = 1):
    """Parameters for a check run once per example: all of them in `make test`, the first `keep`
    in `make check` (the rest are marked slow: the same code on other facts)."""
    return [
        v if i < keep else pytest.param(*_values(v), marks=pytest.mark.slow)
        for i, v in enumerate(values)
    ]


def _values(v) -> tuple:
    return tuple(v) if isinstance(v, tuple) else (v,)


def quick_where(values, keep):
    """Parameters for a check run over many inputs: all of them in `make test`; in `make check`
    those `keep(value)` accepts (the rest are marked slow)."""
    return [v if keep(v) else pytest.param(*_values(v), marks=pytest.mark.slow) for v in values]


@cache
def example_case(path: Path):
    """An example loaded once per process, to choose parameters at collection (each xdist worker
    collects every module). Tests that change a case load their own."""
    from complaintgen.loading import load_case

    return load_case(path)


# `make check` sets COMPLAINTGEN_QUICK=1: a property test then draws fewer cases (the same property
# on a smaller draw); `make test` draws them all.
QUICK = os.environ.get("COMPLAINTGEN_QUICK") == "1"


def draws(full: int, quick: int) -> int:
    """How many cases a property test draws: `full` in `make test`, `quick` in `make check`."""
    return quick if QUICK else full


@pytest.fixture(scope="session")
def examples_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The examples as a batch reads them: the folder itself in `make test`; in `make check` a
    copy of the first two (a batch does the same for each case; an appeal, an examination and a
    CAT communication among them)."""
    if not QUICK:
        return ROOT / "examples"
    folder = tmp_path_factory.mktemp("examples")
    for path in EXAMPLES[:2]:
        shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        pytest.skip("LibreOffice is not installed (.ci/run installs it)")
    return found


MINIMAL = """\
id: t-1
victim:
  name: {last: Иванов, first: Иван, middle: Петрович}
  gender: male
applicant: victim
incident:
  date: 2026-01-05
  place: "ИВС ДП г. Павлодара"
  narrative: "Избит при задержании."
"""


@pytest.fixture
def minimal_yaml() -> str:
    return MINIMAL


# Messages are asserted in English; the language tests choose theirs explicitly.
os.environ["LANG"] = "en_US.UTF-8"
for _var in ("LC_ALL", "LC_MESSAGES"):
    os.environ.pop(_var, None)

# The compiled-template and catalog cache (usercache) of the test run, not the user's: a fresh
# folder per run, which pytest-xdist workers inherit from the controller, so each template is
# compiled once per run, not once per worker. `make check` names a lasting one under .venv
# (COMPLAINTGEN_TEST_CACHE), so the quick loop does not compile ~700 templates every time; its
# entries are keyed by the sources and the code, so an edit is never served stale.
_CACHE = os.environ.get("COMPLAINTGEN_TEST_CACHE", "")
if _CACHE:
    _CACHE = os.path.abspath(_CACHE)
    os.makedirs(_CACHE, mode=0o700, exist_ok=True)
else:
    _CACHE = tempfile.mkdtemp(prefix="complaintgen-test-cache-")
    atexit.register(shutil.rmtree, _CACHE, True)
os.environ["COMPLAINTGEN_TEST_CACHE"] = os.environ["XDG_CACHE_HOME"] = _CACHE
