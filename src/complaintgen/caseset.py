"""Many cases for the cross-case commands (deadlines, stats): case files, folders, workbooks.

All or nothing: every problem of every case is collected and raised at once, so a register or a
statistics table is never drawn from part of the cases without anyone noticing.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .errors import InputError, Problem, UsageError
from .models import Case

_CASE_FILES = (".yaml", ".yml", ".json")
_TABLES = (".xlsx", ".csv", ".jsonl")


def load_cases(paths: Iterable[Path]) -> list[Case]:
    """Every case named by `paths`: case files, folders of them (as batch reads them: the case
    files directly inside), workbooks (.xlsx, .csv, .jsonl)."""
    from .batch import read_input, validate

    cases: list[Case] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for path in paths:
        if not path.exists():
            raise UsageError(f"{path}: no such file or folder")
        for source in _inputs(path):
            for record in read_input(source) if source.suffix.lower() in _TABLES else [None]:
                try:
                    case = validate(record) if record is not None else _load_file(source)
                except InputError as e:
                    problems += e.problems
                    continue
                where = str(source) + (f", row {record.row}" if record and record.row else "")
                if case.id in seen:
                    msg = f"case id '{case.id}' repeats {seen[case.id]}"
                    problems.append(Problem(where, "id", msg))
                    continue
                seen[case.id] = where
                cases.append(case)
    if problems:
        raise InputError(problems)
    return cases


def _inputs(path: Path) -> list[Path]:
    if path.is_dir():
        found = [p for p in path.iterdir() if p.is_file() and p.suffix.lower() in _CASE_FILES]
        return sorted(p for p in found if not p.name.startswith("."))
    if path.suffix.lower() in _CASE_FILES + _TABLES:
        return [path]
    raise UsageError(f"{path}: give case files (.yaml, .json), folders or a workbook (.xlsx, .csv)")


def _load_file(path: Path) -> Case:
    from .loading import load_case

    return load_case(path)
