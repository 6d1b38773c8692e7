"""Every file complaintgen writes: atomic, the owner's only, a set all or nothing.

- Files are 0600 and the folders we create 0700: drafts name victims and carry their ИИН.
- A file is written to a private temporary file beside it and renamed into place, so a reader
  never sees half a file; a *set* of files (both languages, a packet) is written as temporary
  files first and renamed only when all are written; if any step fails, none of the set remains
  and files it would have replaced are put back.
- A DOCX complaintgen made names complaintgen as its application (docProps/app.xml, written by
  layout and by the organisation-template scrubber). `protect=True` refuses to replace an
  existing file that does not carry that mark, unless the user said --force: `-o report.docx`
  must not silently destroy someone's own document.
- Every OSError becomes a FileError naming the path and the cause in words (disk full,
  permission denied, read-only, a folder…), never an internal error.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import tempfile
import zipfile
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path

from .errors import ExitCode, FileError

FILE_MODE = 0o600
DIR_MODE = 0o700
OUR_MARK = b"<Application>complaintgen</Application>"

_CAUSES = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "the file system is read-only",
    errno.EISDIR: "it is a folder, not a file",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.ENOENT: "no such file or folder",
    errno.ENAMETOOLONG: "the name is too long",
    errno.EEXIST: "it already exists",
    errno.EFBIG: "the file would be too large",
    errno.EIO: "input/output error (a failing disk?)",
}


def cause(e: OSError) -> str:
    """An OSError in words a person acts on."""
    return _CAUSES.get(e.errno or 0) or e.strerror or type(e).__name__


def io_error(path: Path | str, e: OSError, doing: str = "cannot write") -> FileError:
    code = ExitCode.DISK_FULL if e.errno in (errno.ENOSPC, errno.EDQUOT) else ExitCode.IO
    return FileError(f"{path}: {doing}: {cause(e)}", code)


def make_dirs(folder: Path) -> None:
    """Create `folder` and missing parents as 0700; folders that exist are left as they are."""
    if os.path.isdir(folder):  # the usual case (a batch writes many files into each folder)
        return
    missing = []
    p = Path(folder)
    while not p.exists():
        missing.append(p)
        if p.parent == p:
            break
        p = p.parent
    try:
        for d in reversed(missing):
            with contextlib.suppress(FileExistsError):
                os.mkdir(d, DIR_MODE)
                os.chmod(d, DIR_MODE)  # the umask may have taken bits away; never added
    except OSError as e:
        raise io_error(d, e, "cannot create the folder") from None
    if not Path(folder).is_dir():
        raise FileError(f"{folder}: exists and is not a folder", ExitCode.IO)


def is_ours(path: Path) -> bool:
    """Whether an existing file is a DOCX (or XLSX) complaintgen wrote: its app.xml names us."""
    try:
        with zipfile.ZipFile(path) as z:
            return OUR_MARK in z.read("docProps/app.xml")
    except (OSError, zipfile.BadZipFile, KeyError, RuntimeError, ValueError):
        return False


def check_replaceable(paths: list[Path], *, force: bool) -> None:
    """Refuse before any work is written: a target is a folder, a device, or someone else's."""
    for path in paths:
        if not os.path.lexists(path):
            continue
        if path.is_dir():
            raise FileError(f"{path}: is a folder; give a .docx name or the folder itself")
        if not path.is_file():  # /dev/null, a pipe, a socket: never a place for a filing
            raise FileError(f"{path}: is not a regular file; give a .docx file name or a folder")
        if not force and not is_ours(path):
            raise FileError(
                f"{path}: exists and was not written by complaintgen; "
                "choose another name, or add --force to replace it"
            )


def write_atomic(path: Path, data: bytes, *, durable: bool = True) -> None:
    """One file: private temporary file, then rename."""
    write_set({Path(path): data}, durable=durable)


def write_set(
    files: Mapping[Path, bytes],
    *,
    durable: bool = True,
    protect: Collection[Path] = (),
    force: bool = False,
) -> None:
    """Write every file or none; the `protect`ed ones (documents the user named or that land in
    a folder the user named) only over files complaintgen wrote, unless `force`. durable=False
    skips fsync: a batch checks every file's SHA-256 against its journal when it resumes, so a
    file lost to a power cut is redone, not trusted."""
    targets = [Path(p) for p in files]
    if protect:
        check_replaceable([Path(p) for p in protect], force=force)
    temps: dict[Path, str] = {}
    placed = 0  # temporary files renamed into place: none of them is left to remove
    try:
        for path in targets:
            make_dirs(path.parent)
            temps[path] = _write_temp(path, files[path], durable)
        with _rollback(temps) as replaced:
            for path, tmp in temps.items():
                _replace(path, tmp, replaced, alone=len(temps) == 1)
                placed += 1
    finally:
        for tmp in list(temps.values())[placed:]:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _write_temp(path: Path, data: bytes, durable: bool) -> str:
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name[:100]}.", suffix=".tmp")
    except OSError as e:
        raise io_error(path, e) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        os.chmod(tmp, FILE_MODE)  # mkstemp makes 0600 already; say so for the reader
    except OSError as e:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise io_error(path, e) from None
    return tmp


def _replace(
    path: Path, tmp: str, replaced: list[tuple[Path, str | None]], *, alone: bool = False
) -> None:
    """Rename `tmp` over `path`, keeping what it replaces until the whole set is in place (a
    file written `alone` needs no copy: if its rename fails, nothing was replaced)."""
    backup = None
    try:
        if not alone and os.path.lexists(path):
            backup = tempfile.mktemp(dir=path.parent, prefix=f".{path.name[:100]}.", suffix=".old")
            os.link(path, backup)
        os.replace(tmp, path)
    except OSError as e:
        if backup:
            with contextlib.suppress(OSError):
                os.unlink(backup)
        raise io_error(path, e) from None
    replaced.append((path, backup))


@contextlib.contextmanager
def _rollback(temps: dict) -> Iterator[list[tuple[Path, str | None]]]:
    replaced: list[tuple[Path, str | None]] = []
    try:
        yield replaced
    except BaseException:
        for path, backup in reversed(replaced):
            with contextlib.suppress(OSError):
                if backup:
                    os.rename(backup, path)  # not os.replace: a test fails that one
                else:
                    os.unlink(path)
        raise
    for _, backup in replaced:
        if backup:
            with contextlib.suppress(OSError):
                os.unlink(backup)


def append_line(fh: io.TextIOBase, line: str, path: Path) -> None:
    """A line of a journal, flushed; a full disk is a FileError naming the journal."""
    try:
        fh.write(line)
        fh.flush()
    except OSError as e:
        raise io_error(path, e) from None


def open_private(path: Path, mode: str = "a") -> io.TextIOWrapper:
    """A text file only the owner can read (journal.jsonl), created 0600."""
    make_dirs(path.parent)
    flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if mode == "a" else os.O_TRUNC)
    try:
        fd = os.open(path, flags, FILE_MODE)
        os.fchmod(fd, FILE_MODE)
        return open(fd, mode, encoding="utf-8")
    except OSError as e:
        raise io_error(path, e) from None


def read_bytes(path: Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as e:
        raise io_error(path, e, "cannot read") from None
