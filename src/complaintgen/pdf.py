"""DOCX → PDF through LibreOffice headless: many files per process, processes in parallel.

Each process gets its own user profile: two LibreOffice instances sharing one profile block
each other.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .errors import PdfError

CHUNK = 50  # files per LibreOffice start: starting it costs seconds, converting one file less


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise PdfError(
            "--pdf needs LibreOffice, which is not installed "
            "(Debian/Ubuntu: apt-get install libreoffice-writer-nogui fonts-liberation)"
        )
    return found


def convert(files: list[Path], *, jobs: int = 1, timeout: int = 600) -> list[str]:
    """Convert each DOCX to a PDF beside it; return one line per file that failed."""
    if not files:
        return []
    binary = soffice()
    by_dir: dict[Path, list[Path]] = {}
    for f in files:
        by_dir.setdefault(f.parent, []).append(f)
    chunks = [
        (folder, group[i : i + CHUNK])
        for folder, group in sorted(by_dir.items())
        for i in range(0, len(group), CHUNK)
    ]
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        list(pool.map(lambda c: _run(binary, c[0], c[1], timeout), chunks))
    return [f"{f}: LibreOffice made no PDF" for f in files if not f.with_suffix(".pdf").is_file()]


def _run(binary: str, folder: Path, files: list[Path], timeout: int) -> None:
    with tempfile.TemporaryDirectory(prefix="complaintgen-lo-") as profile:
        cmd = [
            binary,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *map(str, files),
        ]
        # A timeout is reported by the caller, as files without a PDF.
        with contextlib.suppress(subprocess.TimeoutExpired):
            subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
