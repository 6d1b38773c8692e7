"""DOCX → PDF through LibreOffice, at LibreOffice's own pace.

Starting LibreOffice costs one to three seconds; converting one of our documents, well under a
tenth. So each worker runs one LibreOffice and feeds it its whole share, CHUNK documents per
call, whatever folders they come from (they are staged under numbered names in a private
temporary folder, because one call writes to one output folder). Each worker has its own
profile: two instances sharing a profile block each other.

A LibreOffice that crashes or stops making progress (no new PDF for `stall` seconds) is killed
with its whole process group, the document it was on is reported as failed, and the rest of its
share goes to a fresh instance. Nothing is left running, whatever happens. PDFs are written
atomically, readable by the owner only (0600).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .errors import PdfError

CHUNK = 200  # documents per LibreOffice call: a crash costs at most one restart per chunk
STALL = 60.0  # seconds without a new PDF before LibreOffice counts as hung (first start ~5 s)
_POLL = 0.05


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise PdfError(
            [
                "--pdf needs LibreOffice, which is not installed "
                "(Debian/Ubuntu: apt-get install libreoffice-writer-nogui fonts-liberation)"
            ]
        )
    return found


def pdf_path(docx: Path) -> Path:
    return docx.with_suffix(".pdf")


def convert(docx_paths: Sequence[Path], *, jobs: int = 1, stall: float = STALL) -> list[Path]:
    """A PDF beside each DOCX (same name, .pdf); the PDF paths, in order. If any document
    fails, the others are still converted and PdfError lists the failures, one line each."""
    pdfs, failures = convert_some(docx_paths, jobs=jobs, stall=stall)
    if failures:
        raise PdfError(failures)
    return [p for p in pdfs if p is not None]


def convert_some(
    docx_paths: Sequence[Path], *, jobs: int = 1, stall: float = STALL
) -> tuple[list[Path | None], list[str]]:
    """Like convert, without raising: (PDF path or None per document, one line per failure)."""
    files = [Path(p) for p in docx_paths]
    if not files:
        return [], []
    binary = soffice()
    jobs = max(1, min(jobs, len(files)))
    size = -(-len(files) // jobs)  # contiguous shares: one LibreOffice each
    shares = [list(range(i, min(i + size, len(files)))) for i in range(0, len(files), size)]
    failed: dict[int, str] = {}
    stop = threading.Event()  # Ctrl-C: LibreOffice, in its own session, does not get SIGINT
    with ThreadPoolExecutor(max_workers=len(shares)) as pool:
        try:
            for result in pool.map(lambda s: _Worker(binary, stall, stop).run(files, s), shares):
                failed.update(result)
        except BaseException:
            stop.set()  # the workers kill their LibreOffice and return at once
            raise
    pdfs: list[Path | None] = [None if i in failed else pdf_path(f) for i, f in enumerate(files)]
    return pdfs, [f"{files[i]}: {why}" for i, why in sorted(failed.items())]


def convert_bytes(documents: Sequence[bytes], *, stall: float = STALL) -> list[bytes]:
    """PDF bytes for DOCX bytes (for the web form's download): nothing stays on disk."""
    with tempfile.TemporaryDirectory(prefix="complaintgen-pdf-") as tmp:
        paths = []
        for i, data in enumerate(documents):
            path = Path(tmp) / f"{i:06d}.docx"
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            paths.append(path)
        return [p.read_bytes() for p in convert(paths, stall=stall)]


def pdf_bytes(docx: bytes, *, stall: float = STALL) -> bytes:
    return convert_bytes([docx], stall=stall)[0]


def is_pdf(data: bytes) -> bool:
    """A whole PDF, not one cut short by a crash: the header and the end-of-file marker."""
    return data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")


class _Worker:
    """One LibreOffice (restarted only after a crash or a hang) and its private folder."""

    def __init__(self, binary: str, stall: float, stop: threading.Event):
        self.binary, self.stall, self.stop = binary, stall, stop

    def run(self, files: list[Path], share: list[int]) -> dict[int, str]:
        from .files import write_atomic

        failed: dict[int, str] = {}
        with tempfile.TemporaryDirectory(prefix="complaintgen-pdf-") as tmp:
            root = Path(tmp)  # mode 0700: the staged copies are as private as the originals
            profile, inbox, outbox = root / "profile", root / "in", root / "out"
            inbox.mkdir()
            outbox.mkdir()
            queue = list(share)
            while queue and not self.stop.is_set():
                chunk, queue = queue[:CHUNK], queue[CHUNK:]
                staged = {}
                for i in chunk:
                    try:
                        shutil.copyfile(files[i], inbox / f"{i:06d}.docx")
                        staged[i] = inbox / f"{i:06d}.docx"
                    except OSError as e:
                        failed[i] = f"cannot read: {e.strerror or e}"
                if not staged:
                    continue
                trouble = self._call(profile, list(staged.values()), outbox)
                missing = []
                for i, src in staged.items():
                    out = outbox / f"{i:06d}.pdf"
                    data = out.read_bytes() if out.is_file() else b""
                    if is_pdf(data):
                        write_atomic(pdf_path(files[i]), data, durable=False)
                    else:
                        missing.append(i)
                    src.unlink(missing_ok=True)
                    out.unlink(missing_ok=True)
                if trouble and missing:
                    # LibreOffice converts in order: it died on the first one it did not finish.
                    failed[missing[0]] = trouble
                    queue = missing[1:] + queue
                else:
                    for i in missing:
                        failed[i] = "LibreOffice could not convert it (no PDF made)"
        return failed

    def _call(self, profile: Path, sources: list[Path], outbox: Path) -> str | None:
        """Run one LibreOffice over sources; None if it ended normally, else what went wrong."""
        cmd = [
            self.binary,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--invisible",
            "--nodefault",
            "--nolockcheck",
            "--norestore",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(outbox),
            *map(str, sources),
        ]
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its own process group, so that all of it can be killed
        )
        made, last = 0, time.monotonic()
        try:
            while proc.poll() is None:
                if self.stop.wait(_POLL):
                    return "interrupted"
                now_made = sum(1 for _ in os.scandir(outbox))
                if now_made != made:
                    made, last = now_made, time.monotonic()
                elif time.monotonic() - last > self.stall:
                    return f"LibreOffice stopped responding for {self.stall:.0f} s and was stopped"
            if proc.returncode != 0:
                how = (
                    f"signal {-proc.returncode}"
                    if proc.returncode < 0
                    else f"exit code {proc.returncode}"
                )
                return f"LibreOffice crashed on it ({how})"
            return None
        finally:
            _kill_group(proc)


def _kill_group(proc: subprocess.Popen) -> None:
    """Kill whatever is left of LibreOffice's process group (soffice starts soffice.bin)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=10)
