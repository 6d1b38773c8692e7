"""One exception family; cli.py turns it into messages and exit codes in one place."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located as precisely as we can."""

    source: str  # file name, or "<stdin>"
    field: str  # dotted path: incident.date, complaints[1].outcome; "" for the whole file
    message: str
    line: int | None = None  # 1-based line in the file
    row: int | None = None  # spreadsheet row, for batch input

    def __str__(self) -> str:
        return self.render(self.message)

    def render(self, message: str) -> str:
        """The located line with `message` (for instance the message in another language)."""
        where = self.source
        if self.row is not None:
            where += f", row {self.row}"
        if self.line is not None:
            where += f":{self.line}"
        return f"{where}: {self.field}: {message}" if self.field else f"{where}: {message}"


class ComplaintgenError(Exception):
    """Base of every error the user can cause; never shown with a traceback (unless --debug)."""

    exit_code = 1

    def lines(self) -> list[str]:
        return [str(self)]


class InputError(ComplaintgenError):
    """A case file that cannot be read or does not validate."""

    exit_code = 2

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]


class GapsError(ComplaintgenError):
    """--strict: facts the document needs are missing."""

    exit_code = 3

    def __init__(self, source: str, gaps: list[str]):
        self.source = source
        self.gaps = gaps
        super().__init__(f"{source}: {len(gaps)} missing fact(s)")

    def lines(self) -> list[str]:
        return [f"{self.source}: missing: {g}" for g in self.gaps]


class AdmissibilityError(ComplaintgenError):
    """The communication to the Committee against Torture would be inadmissible on these facts."""

    exit_code = 5

    def __init__(self, source: str, problems: list[str]):
        self.source = source
        self.problems = problems
        super().__init__(f"{source}: not admissible")

    def lines(self) -> list[str]:
        return [f"{self.source}: not admissible: {p}" for p in self.problems]


class TemplateError(ComplaintgenError):
    """A template or snippet is broken or tries something it may not."""

    exit_code = 4


class UsageError(ComplaintgenError):
    exit_code = 2


class StageError(ComplaintgenError):
    """The document is not the next step at the case's stage; the message says which is."""

    exit_code = 5

    def __init__(self, source: str, kind: str, why: str):
        self.source, self.kind, self.why = source, kind, why
        super().__init__(f"{source}: {kind}: {why}")
