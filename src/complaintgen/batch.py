"""Many cases at once, for strategic litigation: spreadsheets in, documents out, nothing lost.

Every valid case is rendered; every invalid one is reported (file, sheet, row, field, message)
and the rest go on. Outputs are written atomically; a journal (one line per finished case) lets
an interrupted batch resume without redoing finished cases, and redo a case whose facts or
templates changed. manifest.json lists every output with its SHA-256.
"""

from __future__ import annotations

import contextlib
import csv
import fcntl
import hashlib
import io
import json
import os
import re
import signal
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from . import __version__, context, files, form, layout, resources
from . import deadlines as dl
from .batch_report import CaseLine
from .batch_report import write as write_report
from .documents import render_document
from .errors import (
    ComplaintgenError,
    ExitCode,
    FileError,
    InputError,
    Problem,
    UsageError,
)
from .form import row_to_data
from .kinds import KINDS, applicable, langs_for
from .loading import parse_document, validate_case
from .models import Case
from .tabular import CASE_ID, merge

JOURNAL = "journal.jsonl"
MANIFEST = "manifest.json"
REPORT = "report.csv"
LOCK = ".complaintgen-batch.lock"


@dataclass
class Record:
    """One case as read from the input, before validation."""

    source: str  # file name
    row: int | None  # spreadsheet / line number
    data: dict | None = None
    problems: list[Problem] = field(default_factory=list)
    items: dict[str, tuple[str, int]] = field(
        default_factory=dict
    )  # "complaints[1]" → (sheet, row)
    lines: dict = field(default_factory=dict)  # field path → line, for case files


@dataclass
class Options:
    docs: tuple[str, ...]
    langs: tuple[str, ...]
    strict: bool = True
    redact: bool = False
    today: date = field(default_factory=date.today)
    ui_lang: str = "en"  # language of report.csv / report.xlsx and deadlines.*


@dataclass
class Result:
    rendered: int = 0  # cases rendered in this run
    unchanged: int = 0  # cases finished earlier, skipped
    documents: int = 0
    failed: list[Problem] = field(default_factory=list)
    failed_cases: int = 0
    notes: list[str] = field(default_factory=list)
    cases: list[CaseLine] = field(default_factory=list)  # every case, for report.csv
    deadlines: list[dl.Deadline] = field(default_factory=list)  # of every valid case
    stopped: FileError | None = None  # the disk filled up: the rest was not attempted


# --- reading -----------------------------------------------------------------------------------


def read_input(path: Path) -> Iterator[Record]:
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in (".yaml", ".yml", ".json"))
        for f in files:
            yield _read_file(f)
    elif path.suffix.lower() == ".xlsx":
        yield from _read_xlsx(path)
    elif path.suffix.lower() == ".csv":
        yield from _read_csv(path)
    elif path.suffix.lower() == ".jsonl":
        yield from _read_jsonl(path)
    elif not path.exists():
        raise UsageError(f"{path}: no such file or folder")
    else:
        raise UsageError(f"{path}: give an .xlsx, .csv or .jsonl file or a folder of case files")


def _read_file(path: Path) -> Record:
    try:
        raw = path.read_bytes()
        data, lines = parse_document(raw, path.name, "json" if path.suffix == ".json" else "yaml")
        return Record(path.name, None, data, lines=lines)
    except InputError as e:
        return Record(path.name, None, problems=e.problems)
    except OSError as e:
        return Record(path.name, None, problems=[Problem(path.name, "", f"cannot read: {e}")])


def _read_jsonl(path: Path) -> Iterator[Record]:
    with path.open(encoding="utf-8-sig", errors="replace") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                data, _ = parse_document(line, path.name, "json")
                yield Record(path.name, n, data)
            except InputError as e:
                yield Record(path.name, n, problems=[_at_row(p, n) for p in e.problems])


def _read_csv(path: Path) -> Iterator[Record]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"{path}: not UTF-8 text (save the CSV as UTF-8)") from None
    dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t") if text.strip() else csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    if not rows:
        return
    header = [h.strip() for h in rows[0]]
    for n, row in enumerate(rows[1:], start=2):
        if any(cell.strip() for cell in row):
            yield _record_from_row(path.name, n, header, row)


def _record_from_row(source: str, n: int, header: list[str], row: list[Any]) -> Record:
    try:
        return Record(source, n, row_to_data(header, row))
    except (ValueError, AttributeError, TypeError) as e:
        return Record(source, n, problems=[Problem(source, "", f"cannot read the row: {e}", row=n)])


def _read_xlsx(path: Path) -> Iterator[Record]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many kinds for a damaged file
        raise UsageError(f"{path}: cannot open the workbook ({type(e).__name__}: {e})") from None
    sheets = wb.worksheets
    if not sheets:
        return
    # The cases sheet by its title in any language (a person may move sheets), else the first.
    main = next((s for s in sheets if form.sheet_key(s.title) == "cases"), sheets[0])
    sheets = [main, *(s for s in sheets if s is not main)]
    records: dict[str, Record] = {}
    order: list[Record] = []
    first = sheets[0].iter_rows(values_only=True)
    header = [str(h).strip() if h is not None else "" for h in next(first, [])]
    header = form.header_paths("cases", header)  # words in any language, or field paths
    for n, row in enumerate(first, start=2):
        if not any(c is not None and str(c).strip() for c in row):
            continue
        record = _record_from_row(path.name, n, header, list(row))
        order.append(record)
        case_id = (record.data or {}).get("id")
        if case_id is not None:
            case_id = str(case_id)
            if case_id in records:
                first_row = records[case_id].row
                record.problems.append(
                    Problem(path.name, "id", f"case id '{case_id}' repeats row {first_row}", row=n)
                )
            else:
                records[case_id] = record
    for sheet in sheets[1:]:
        key = form.sheet_key(sheet.title)
        if key is None:
            continue  # help, choices, a person's own notes
        rows = sheet.iter_rows(values_only=True)
        sheet_header = [str(h).strip() if h is not None else "" for h in next(rows, [])]
        sheet_header = form.header_paths(key, sheet_header)
        if CASE_ID not in sheet_header:
            continue
        id_at = sheet_header.index(CASE_ID)
        for n, row in enumerate(rows, start=2):
            row = list(row)
            if not any(c is not None and str(c).strip() for c in row):
                continue
            cell = row[id_at] if id_at < len(row) else None
            case_id = str(cell).strip() if cell is not None else ""
            owner = records.get(case_id)
            where = f"{path.name} [{sheet.title}]"
            if owner is None:
                msg = f"case_id '{case_id}' is not in the first sheet"
                order.append(Record(where, n, problems=[Problem(where, CASE_ID, msg, row=n)]))
                continue
            if owner.data is None:
                continue
            columns = [h if i != id_at else "" for i, h in enumerate(sheet_header)]
            if key in form.SINGLE:  # more facts of the case itself, one row per case
                merge(owner.data, row_to_data(columns, row, "cases"))
                continue
            item = row_to_data(columns, row, key)
            items = _list_at(owner.data, key)
            owner.items[f"{key}[{len(items)}]"] = (where, n)
            items.append(item)
    wb.close()
    yield from order


def _list_at(data: dict, path: str) -> list:
    node = data
    parts = path.split(".")
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    return node.setdefault(parts[-1], [])


def _at_row(p: Problem, row: int) -> Problem:
    return Problem(p.source, p.field, p.message, row=row)


def validate(record: Record) -> Case:
    if record.problems:
        raise InputError(record.problems)
    try:
        return validate_case(record.data or {}, record.source, record.lines, row=record.row)
    except InputError as e:
        raise InputError([_locate(p, record) for p in e.problems]) from None


def _locate(p: Problem, record: Record) -> Problem:
    """Point a problem in a list item at the sheet and row the item came from."""
    for prefix, (where, row) in record.items.items():
        if p.field == prefix or p.field.startswith(prefix + "."):
            return Problem(where, p.field, p.message, row=row)
    return p


# --- rendering ---------------------------------------------------------------------------------


def file_versions(kind: str) -> dict[str, str]:
    """SHA-256 (first 16 hex digits) of every template or snippet file in use, by its path."""
    versions: dict[str, str] = {}
    for d in reversed(resources.search_path(kind)):  # the most specific directory wins
        for p in sorted(d.rglob("*")):
            if p.is_file() and not p.name.startswith("."):
                rel = p.relative_to(d).as_posix()
                versions[rel] = hashlib.sha256(p.read_bytes()).hexdigest()[:16]
    return dict(sorted(versions.items()))


def engine_fingerprint() -> str:
    """Changes whenever the program, a template or a snippet changes: finished cases redo."""
    h = hashlib.sha256(__version__.encode())
    for kind in ("templates", "snippets"):
        h.update(json.dumps(file_versions(kind), sort_keys=True).encode())
    for p in sorted(Path(__file__).parent.rglob("*.py")):
        h.update(p.read_bytes())
    return h.hexdigest()


def safe_name(case_id: str) -> str:
    """A file-name-safe form of a case id; never a path that leaves the output folder."""
    name = re.sub(r"[^\w.\-]", "_", case_id).strip("._") or "case"
    return name[:64]


def case_fingerprint(case: Case, options: Options, engine: str) -> str:
    payload = json.dumps(
        {
            "case": case.model_dump(mode="json"),
            "docs": options.docs,
            "langs": options.langs,
            "strict": options.strict,
            "redact": options.redact,
            "today": options.today.isoformat(),
            "engine": engine,
        },
        ensure_ascii=False,
        sort_keys=True,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def render_case(case: Case, options: Options, outdir: Path) -> dict[str, Any]:
    """Render one case's documents and write them; runs in a worker process."""
    folder = outdir / safe_name(case.id)
    outputs, skipped, planned = [], [], []
    chosen, passed_over = applicable(case, list(options.docs))
    skipped += [{"kind": name, "why": why} for name, why in passed_over]
    with context.per_case(words=True):  # converted and argued once for all its documents
        for kind in chosen:
            for lang in langs_for(kind, options.langs):
                planned.append(
                    render_document(
                        case, kind.name, lang, today=options.today, redact=options.redact
                    )
                )
    gaps = [f"[{d.kind} {d.lang}] missing: {gap}" for d in planned for gap in d.gaps]
    if options.strict and gaps:
        raise BatchGaps(gaps)  # every gap of every document, not only the first
    # Resolved once per case (a few system calls per path component): a file that is no
    # symlink is inside the folder, so only the folder and symlinked files need the check.
    base = outdir.resolve()
    inside = base in folder.resolve().parents
    for doc in planned:
        suffix = "_redacted" if options.redact else ""
        path = folder / f"{safe_name(case.id)}_{doc.kind}_{doc.lang}{suffix}.docx"
        if not inside or (os.path.islink(path) and base not in path.resolve().parents):
            raise UsageError(f"{case.id}: output path would leave the output folder")
        files.write_atomic(path, doc.docx, durable=False)
        outputs.append(
            {
                "path": path.relative_to(outdir).as_posix(),
                "sha256": hashlib.sha256(doc.docx).hexdigest(),
                "kind": doc.kind,
                "lang": doc.lang,
                "template": f"{doc.lang}/{doc.kind}.md.j2",
            }
        )
    return {"outputs": outputs, "skipped": skipped}


class BatchGaps(ComplaintgenError):
    def __init__(self, gaps: list[str]):
        self.gaps = gaps
        super().__init__("\n".join(gaps))

    def lines(self) -> list[str]:
        return self.gaps


def _work(args: tuple[Case, Options, Path]) -> tuple[str, dict[str, Any] | list[str]]:
    case, options, outdir = args
    try:
        return "ok", render_case(case, options, outdir)
    except FileError as e:
        return ("stop" if e.exit_code == ExitCode.DISK_FULL else "error"), e.lines()
    except ComplaintgenError as e:
        return "error", e.lines()
    except Exception as e:  # a bug must not take the other cases down with it
        return "error", [f"internal error: {type(e).__name__}: {e}"]


def _worker_start(parent: int) -> None:
    """Per worker: die with the main process (a killed batch must not write on for a minute),
    then warm up."""
    _die_with_parent(parent)
    _warm()


def _die_with_parent(parent: int) -> None:
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG: Linux kills us when the parent dies
    except (OSError, AttributeError):  # not Linux: the pool notices a dead parent itself
        pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _warm() -> None:
    """Per worker: build the package and compile templates once, before the first case."""
    for kind in KINDS.values():
        for lang in kind.langs:
            layout.build_docx("", lang)


def run(
    input_path: Path,
    outdir: Path,
    options: Options,
    *,
    jobs: int = 1,
    progress: Callable[[int, int | None], None] | None = None,
) -> Result:
    """Render every case of the input; memory stays flat: cases stream through a small window.

    Holds the output folder's lock throughout; a full disk stops the batch, and the manifest and
    report of what was done are still written."""
    with lock(outdir):
        return _run(input_path, outdir, options, jobs=jobs, progress=progress)


def _run(
    input_path: Path,
    outdir: Path,
    options: Options,
    *,
    jobs: int,
    progress: Callable[[int, int | None], None] | None,
) -> Result:
    result = Result()
    engine = engine_fingerprint()
    done = _read_journal(outdir / JOURNAL)
    entries = dict(done)
    seen_ids: dict[str, str] = {}
    total = count_records(input_path)
    handled = 0
    lines: dict[str, CaseLine] = {}  # the report line of each valid case, by id

    def tick() -> None:
        nonlocal handled
        handled += 1
        if progress:
            progress(handled, total)

    def pending() -> Iterator[tuple[Case, Record, str]]:
        for record in read_input(input_path):
            try:
                case = validate(record)
            except InputError as e:
                result.failed += e.problems
                result.failed_cases += 1
                raw_id = (record.data or {}).get("id") if isinstance(record.data, dict) else None
                line = CaseLine(str(raw_id or ""), record.source, record.row, "failed")
                line.problems = e.problems
                result.cases.append(line)
                tick()
                continue
            name = safe_name(case.id)
            if name in seen_ids:
                msg = f"case id '{case.id}' repeats {seen_ids[name]}"
                result.failed.append(Problem(record.source, "id", msg, row=record.row))
                result.failed_cases += 1
                line = CaseLine(case.id, record.source, record.row, "failed")
                line.problems = [result.failed[-1]]
                result.cases.append(line)
                tick()
                continue
            result.deadlines += dl.for_case(case)
            line = CaseLine(case.id, record.source, record.row)
            line.deadline = dl.next_for(case, options.today)
            result.cases.append(line)
            lines[case.id] = line
            seen_ids[name] = record.source + (f", row {record.row}" if record.row else "")
            fp = case_fingerprint(case, options, engine)
            if _finished(done.get(case.id), fp, outdir):
                line.status = "unchanged"
                result.unchanged += 1
                result.documents += len(done[case.id]["outputs"])
                tick()
                continue
            record.data = None  # the validated case is all that is needed from here on
            yield case, record, fp

    with files.open_private(outdir / JOURNAL) as journal:
        for case_id, record, fp, (status, payload) in _execute(pending(), options, outdir, jobs):
            if status == "stop":
                result.stopped = FileError(payload[0], ExitCode.DISK_FULL)
                break
            if status == "ok":
                entry = {"id": case_id, "source": record.source, "row": record.row}
                entry |= {"fingerprint": fp, **payload}  # type: ignore[dict-item]
                line = json.dumps(entry, ensure_ascii=False) + "\n"
                try:
                    files.append_line(journal, line, outdir / JOURNAL)
                except FileError as e:
                    result.stopped = e
                    break
                entries[case_id] = entry
                result.rendered += 1
                result.documents += len(payload["outputs"])  # type: ignore[index]
            else:
                result.failed_cases += 1
                found = [Problem(record.source, "", m, row=record.row) for m in payload]
                result.failed += found
                lines[case_id].status, lines[case_id].problems = "failed", found
            tick()
    if result.stopped:  # what is written stands; what is not is said, and redone on a re-run
        stop = Problem(str(outdir), "", f"batch stopped: {result.stopped}")
        result.failed.append(stop)
        result.cases.append(CaseLine("", str(outdir), None, "failed", [stop]))
    _write_manifest(outdir, entries, engine, options, seen_ids)
    write_report(outdir, result.cases, result.deadlines, options.ui_lang, options.today)
    return result


def _execute(
    pending: Iterator[tuple[Case, Record, str]], options: Options, outdir: Path, jobs: int
) -> Iterator[tuple[str, Record, str, tuple[str, Any]]]:
    """Results in input order. With workers, at most a few cases per worker are in flight, so
    a batch of ten thousand cases holds no more in memory than a batch of ten."""
    if jobs <= 1:
        _warm()
        for case, record, fp in pending:
            yield case.id, record, fp, _work((case, options, outdir))
        return
    window: deque = deque()
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_worker_start, initargs=(os.getpid(),))
    try:
        for case, record, fp in pending:
            window.append((case.id, record, fp, pool.submit(_work, (case, options, outdir))))
            if len(window) >= jobs * 4:
                case_id, rec, f, future = window.popleft()
                yield case_id, rec, f, future.result()
        while window:
            case_id, rec, f, future = window.popleft()
            yield case_id, rec, f, future.result()
    finally:  # stopped early (a full disk): cases not yet started are not started
        pool.shutdown(wait=True, cancel_futures=True)


def count_records(path: Path) -> int | None:
    """How many cases the input holds, cheaply, for the progress bar; None when it cannot tell."""
    try:
        if path.is_dir():
            return sum(1 for p in path.iterdir() if p.suffix.lower() in (".yaml", ".yml", ".json"))
        if path.suffix.lower() in (".jsonl", ".csv"):
            with path.open("rb") as fh:
                lines = sum(1 for line in fh if line.strip())
            return lines - (path.suffix.lower() == ".csv")
    except OSError:
        return None
    return None


_HELD: dict[Path, int] = {}  # folders this process has locked, with how deep


@contextlib.contextmanager
def lock(outdir: Path) -> Iterator[None]:
    """The output folder for this process alone: a second batch on it refuses, naming the first.

    An flock on a file in the folder: the kernel drops it when the holder dies, so a killed
    batch never leaves a stale lock behind."""
    files.make_dirs(outdir)
    key = outdir.resolve()
    if key in _HELD:  # the CLI holds it across render, PDF and zip; run() takes it again
        _HELD[key] += 1
        try:
            yield
        finally:
            _HELD[key] -= 1
        return
    path = outdir / LOCK
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, files.FILE_MODE)
    except OSError as e:
        raise files.io_error(path, e) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "unknown"
            raise FileError(
                f"{outdir}: another batch is writing to this folder ({holder}); "
                "wait for it to finish or choose another folder",
                ExitCode.BUSY,
            ) from None
        started = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime())
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()}, started {started}".encode(), 0)
        _HELD[key] = 1
        try:
            yield
        finally:
            del _HELD[key]
    finally:
        os.close(fd)  # releases the flock


def _read_journal(path: Path) -> dict[str, dict]:
    done: dict[str, dict] = {}
    if not path.exists():
        return done
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            entry = json.loads(line)
            done[entry["id"]] = entry
        except (json.JSONDecodeError, KeyError, TypeError):
            continue  # a line torn by an interruption: that case is simply redone
    return done


def _finished(entry: dict | None, fingerprint: str, outdir: Path) -> bool:
    if not entry or entry.get("fingerprint") != fingerprint:
        return False
    for out in entry.get("outputs", []):
        path = outdir / out["path"]
        if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != out["sha256"]:
            return False
    return True


def _write_manifest(outdir: Path, entries: dict, engine: str, options: Options, ids: dict) -> None:
    manifest = {
        "complaintgen": __version__,
        "engine": engine,
        "options": {
            "docs": list(options.docs),
            "langs": list(options.langs),
            "strict": options.strict,
            "redact": options.redact,
            "today": options.today.isoformat(),
        },
        "templates": file_versions("templates"),
        "snippets": file_versions("snippets"),
        "cases": [entries[cid] for cid in sorted(entries) if safe_name(cid) in ids],
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True)
    files.write_atomic(outdir / MANIFEST, text.encode("utf-8"))


def zip_outputs(outdir: Path) -> Path:
    """Every document of the batch in one zip, with fixed timestamps (same input, same bytes)."""
    import zipfile

    target = outdir / "documents.zip"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted(outdir.rglob("*")):
            if path.suffix.lower() in (".docx", ".pdf") and path.is_file():
                info = zipfile.ZipInfo(path.relative_to(outdir).as_posix(), (2000, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(info, path.read_bytes())
    files.write_atomic(target, buf.getvalue())
    return target


def make_pdfs(outdir: Path, *, jobs: int = 1) -> list[str]:
    """A PDF beside every DOCX of the manifest that lacks an up-to-date one (a resumed batch
    converts only what changed), each listed in manifest.json beside its DOCX (pdf,
    pdf_sha256). Returns one line per document LibreOffice could not convert."""
    from . import pdf

    path = outdir / MANIFEST
    manifest = json.loads(path.read_text(encoding="utf-8"))
    outputs = [out for case in manifest["cases"] for out in case["outputs"]]

    def current(out: dict) -> bool:
        target = pdf.pdf_path(outdir / out["path"])
        return target.is_file() and (
            target.stat().st_mtime_ns >= (outdir / out["path"]).stat().st_mtime_ns
        )

    todo = [out for out in outputs if not current(out)]
    for out in todo:  # an old PDF of a changed document must not survive a failed conversion
        pdf.pdf_path(outdir / out["path"]).unlink(missing_ok=True)
    _, failures = pdf.convert_some([outdir / out["path"] for out in todo], jobs=jobs)
    for out in outputs:
        target = pdf.pdf_path(outdir / out["path"])
        if target.is_file():
            out["pdf"] = target.relative_to(outdir).as_posix()
            out["pdf_sha256"] = hashlib.sha256(target.read_bytes()).hexdigest()
    text = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True)
    files.write_atomic(path, text.encode("utf-8"))
    return failures
