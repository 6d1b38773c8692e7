"""One exception family, one exit-code table; cli.main turns both into messages and exit codes.

Commands raise; only `cli.main` exits. Every value a message quotes goes through `show()`, and
every line printed through `printable()`, so input can neither drive the terminal (escape
sequences), nor hide in invisible characters, nor split one problem over several lines.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import IntEnum


class ExitCode(IntEnum):
    """The exit codes of every command (README.md, "Exit codes")."""

    OK = 0
    ERROR = 1  # any other error the user can act on
    INPUT = 2  # a case file or an option is wrong (also click's usage errors)
    GAPS = 3  # --strict: facts the document needs are missing
    TEMPLATE = 4  # a template is broken or refused
    INADMISSIBLE = 5  # the CAT communication would be inadmissible on these facts
    BATCH_FAILED = 6  # a batch finished, but some cases failed (report.csv)
    PDF = 7  # --pdf: LibreOffice is missing or made no PDF
    IO = 8  # a file cannot be read or written: permission, read-only, a folder, not ours
    DISK_FULL = 9  # no space left: nothing partial was left behind
    BUSY = 10  # another batch is writing to the same output folder
    REDACTION = 11  # a redacted copy would still show something hidden: it was not written
    STAGE = 12  # the document is not the next step at the case's stage (the message says which)
    INTERNAL = 70  # a bug in complaintgen (EX_SOFTWARE); never caused by input
    ABORTED = 130  # Ctrl+C


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
        where = show(self.source, 120, quote=False)
        if self.row is not None:
            where += f", row {self.row}"
        if self.line is not None:
            where += f":{self.line}"
        field = show(self.field, 120, quote=False)
        return f"{where}: {field}: {message}" if field else f"{where}: {message}"


class ComplaintgenError(Exception):
    """Base of every error the user can cause; never shown with a traceback (unless --debug)."""

    exit_code: int = ExitCode.ERROR

    def lines(self) -> list[str]:
        return [str(self)]


class InputError(ComplaintgenError):
    """A case file that cannot be read or does not validate."""

    exit_code = ExitCode.INPUT

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]


class GapsError(ComplaintgenError):
    """--strict: facts the document needs are missing."""

    exit_code = ExitCode.GAPS

    def __init__(self, source: str, gaps: list[str]):
        self.source = source
        self.gaps = gaps
        super().__init__(f"{source}: {len(gaps)} missing fact(s)")

    def lines(self) -> list[str]:
        return [f"{self.source}: missing: {g}" for g in self.gaps]


class AdmissibilityError(ComplaintgenError):
    """The communication to the Committee against Torture would be inadmissible on these facts."""

    exit_code = ExitCode.INADMISSIBLE

    def __init__(self, source: str, problems: list[str]):
        self.source = source
        self.problems = problems
        super().__init__(f"{source}: not admissible")

    def lines(self) -> list[str]:
        return [f"{self.source}: not admissible: {p}" for p in self.problems]


class TemplateError(ComplaintgenError):
    """A template or snippet is broken or tries something it may not."""

    exit_code = ExitCode.TEMPLATE


class UsageError(ComplaintgenError):
    exit_code = ExitCode.INPUT


class StageError(ComplaintgenError):
    """The document is not the next step at the case's stage; the message says which is."""

    exit_code = ExitCode.STAGE

    def __init__(self, source: str, kind: str, why: str):
        self.source, self.kind, self.why = source, kind, why
        super().__init__(f"{source}: {kind}: {why}")


class PdfError(ComplaintgenError):
    """LibreOffice is missing, or made no PDF of some documents: one line per document."""

    exit_code = ExitCode.PDF

    def __init__(self, problems: list[str] | str):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))

    def lines(self) -> list[str]:
        return list(self.problems)


class FileError(ComplaintgenError):
    """A file or folder cannot be read or written; the message names the path and the cause."""

    def __init__(self, message: str, exit_code: int = ExitCode.IO):
        super().__init__(message)
        self.exit_code = exit_code


class Failed(ComplaintgenError):
    """The command has already printed what went wrong; exit with `exit_code`, print nothing."""

    def __init__(self, exit_code: int):
        super().__init__("")
        self.exit_code = exit_code

    def lines(self) -> list[str]:
        return []


# --- showing values ----------------------------------------------------------------------------

VALUE_LIMIT = 80  # characters of a quoted value
LINE_LIMIT = 400  # characters of one printed line
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _char(c: str) -> str:
    if c in _ESCAPES:
        return _ESCAPES[c]
    if c == " ":
        return c
    cat = unicodedata.category(c)
    if cat == "Cc":
        return f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"<U+{ord(c):04X}>"
    if cat in ("Cf", "Cs", "Co", "Cn", "Zl", "Zp") or (cat == "Zs" and c != " "):
        return f"<U+{ord(c):04X}>"  # invisible, or not a character: name it
    if cat == "Mn" and unicodedata.combining(c):
        return f"<U+{ord(c):04X}>"  # a stress mark or a stray accent changes the word unseen
    return c


def show(value: object, limit: int = VALUE_LIMIT, *, quote: bool = True) -> str:
    """A value as a message quotes it: control characters escaped (\\x1b), invisible ones named
    (<U+200B>), never more than about `limit` characters, never more than one line."""
    text = value if isinstance(value, str) else repr(value)
    out, n = [], 0
    for c in text:
        piece = _char(c)
        if n + len(piece) > limit:
            out.append("…")
            break
        out.append(piece)
        n += len(piece)
    shown = "".join(out)
    return f"'{shown}'" if quote else shown


def printable(line: str, limit: int = LINE_LIMIT) -> str:
    """The last net before the terminal: one line, nothing the terminal would act on, bounded."""
    out, n = [], 0
    for c in line:
        visible = unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")
        piece = c if visible else _char(c)
        if n + len(piece) > limit:
            out.append("…")
            break
        out.append(piece)
        n += len(piece)
    return "".join(out)
