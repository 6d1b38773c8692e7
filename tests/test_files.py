"""Every file complaintgen writes: owner-only, all or nothing, never over someone else's file,
and an I/O failure is a message naming the path and the cause, never an internal error."""

from __future__ import annotations

import errno
import functools
import io
import os
import stat
import zipfile
from pathlib import Path

import pytest

from complaintgen import files
from complaintgen.cli import main
from complaintgen.errors import ExitCode, FileError

from .conftest import EXAMPLES

CASE = EXAMPLES[-1]  # zhaksybekov: appeal in ru and kk
DAY = ["--today", "2026-11-25"]


def run(args, capsys) -> tuple[int, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out + err


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def full_disk_on(monkeypatch, after: int = 0) -> None:
    """os.replace raises ENOSPC after `after` successful calls (a disk that fills mid-set)."""
    real = os.replace
    calls = {"n": 0}

    def replace(src, dst):
        calls["n"] += 1
        if calls["n"] > after:
            raise OSError(errno.ENOSPC, "No space left on device", str(dst))
        return real(src, dst)

    monkeypatch.setattr(files.os, "replace", replace)


def test_written_files_are_the_owners_only_and_new_folders_0700(tmp_path, capsys):
    out = tmp_path / "new" / "deeper"
    code, _ = run(["appeal", CASE, "--lang", "both", "-o", out, *DAY], capsys)
    assert code == 0
    assert mode(tmp_path / "new") == 0o700 and mode(out) == 0o700
    docs = list(out.iterdir())
    assert len(docs) == 2 and all(mode(p) == 0o600 for p in docs)


def test_packet_and_batch_outputs_are_owner_only(tmp_path, capsys, examples_folder):
    assert run(["packet", CASE, "-o", tmp_path / "p", *DAY], capsys)[0] == 0
    assert all(mode(p) == 0o600 for p in (tmp_path / "p").iterdir())
    args = ["batch", examples_folder, "-o", tmp_path / "b", "--draft", "--zip", *DAY]
    code, err = run(args, capsys)
    assert code == 0, err
    made = list((tmp_path / "b").rglob("*"))
    assert {p.name for p in made} >= {"journal.jsonl", "manifest.json", "report.csv"}
    for p in made:
        assert mode(p) == (0o700 if p.is_dir() else 0o600), p


def test_both_languages_on_a_full_disk_leave_neither(tmp_path, capsys, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    full_disk_on(monkeypatch, after=1)  # the first file is renamed, the second fails
    code, err = run(["appeal", CASE, "--lang", "both", "-o", out, *DAY], capsys)
    assert code == ExitCode.DISK_FULL
    assert "disk is full" in err and str(out) in err and "internal" not in err
    assert list(out.iterdir()) == []  # neither the document nor a temporary file


def test_a_failed_set_puts_back_what_it_replaced(tmp_path, monkeypatch):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_bytes(b"old a")
    full_disk_on(monkeypatch, after=1)
    with pytest.raises(FileError) as info:
        files.write_set({a: b"new a", b: b"new b"})
    assert info.value.exit_code == ExitCode.DISK_FULL
    assert a.read_bytes() == b"old a" and not b.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_write_failure_while_writing_is_named(tmp_path, monkeypatch):
    def no_space(fd):  # where a full disk shows with delayed allocation
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(FileError, match=r"x\.docx: cannot write: the disk is full"):
        files.write_atomic(tmp_path / "x.docx", b"data" * 10_000)
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_read_only_folder_is_a_user_error(tmp_path, capsys):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        code, err = run(["appeal", CASE, "-o", ro, *DAY], capsys)
    finally:
        ro.chmod(0o700)
    assert code == ExitCode.IO and "permission denied" in err and str(ro) in err


@pytest.mark.parametrize("target", ["notes.txt", "/dev/null"])
def test_output_that_is_not_a_docx_or_folder_is_refused(tmp_path, capsys, target):
    path = Path(target) if target.startswith("/") else tmp_path / target
    if not path.exists():
        path.write_text("mine")
    code, err = run(["appeal", CASE, "-o", path, *DAY], capsys)
    assert code == ExitCode.IO and str(path) in err and "internal" not in err
    if path.parent == tmp_path:
        assert path.read_text() == "mine"


@pytest.mark.parametrize(
    ("err", "words"),
    [(errno.EROFS, "read-only"), (errno.EACCES, "permission denied"), (errno.EIO, "input/output")],
)
def test_refused_writes_name_path_and_cause(tmp_path, capsys, monkeypatch, err, words):
    def refuse(*a, **k):
        raise OSError(err, os.strerror(err))

    monkeypatch.setattr(files.tempfile, "mkstemp", refuse)
    code, out = run(["appeal", CASE, "--lang", "ru", "-o", tmp_path / "a.docx", *DAY], capsys)
    assert code == ExitCode.IO and words in out and "a.docx" in out


@functools.cache  # the same bytes each call (zip entries carry the time)
def someone_elses_docx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(
            "docProps/app.xml",
            "<Properties><Application>Microsoft Office Word</Application></Properties>",
        )
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


def test_output_refuses_to_replace_a_file_complaintgen_did_not_write(tmp_path, capsys):
    target = tmp_path / "report.docx"
    target.write_bytes(someone_elses_docx())
    args = ["appeal", CASE, "--lang", "ru", "-o", target, *DAY]
    code, err = run(args, capsys)
    assert code == ExitCode.IO and "--force" in err and "not written by complaintgen" in err
    assert target.read_bytes() == someone_elses_docx()
    assert run([*args, "--force"], capsys)[0] == 0
    assert files.is_ours(target)
    assert run(args, capsys)[0] == 0  # our own file: replaced without asking


def test_packet_refuses_to_replace_someone_elses_document(tmp_path, capsys):
    assert run(["packet", CASE, "-o", tmp_path, *DAY], capsys)[0] == 0
    victim = sorted(tmp_path.glob("*.docx"))[0]
    victim.write_bytes(someone_elses_docx())
    code, err = run(["packet", CASE, "-o", tmp_path, *DAY], capsys)
    assert code == ExitCode.IO and victim.name in err
    assert victim.read_bytes() == someone_elses_docx()


def test_batch_on_a_full_disk_stops_and_still_writes_its_report(tmp_path, capsys, monkeypatch):
    real = files.write_set

    def docx_fails(written, **kw):
        if any(Path(p).suffix == ".docx" for p in written):
            raise files.io_error(next(iter(written)), OSError(errno.ENOSPC, "full"))
        return real(written, **kw)

    monkeypatch.setattr(files, "write_set", docx_fails)
    out = tmp_path / "out"
    code, err = run(["batch", CASE.parent, "-o", out, "--draft", *DAY], capsys)
    assert code == ExitCode.DISK_FULL and "disk is full" in err
    report = (out / "report.csv").read_text(encoding="utf-8-sig")
    assert "batch stopped" in report and "disk is full" in report
    assert (out / "manifest.json").exists()


def test_unwritable_journal_is_not_an_internal_error(tmp_path, capsys, monkeypatch):
    def full(fh, line, path):
        raise files.io_error(path, OSError(errno.ENOSPC, "full"))

    monkeypatch.setattr(files, "append_line", full)
    code, err = run(["batch", CASE.parent, "-o", tmp_path / "o", "--draft", *DAY], capsys)
    assert code == ExitCode.DISK_FULL and "journal.jsonl" in err


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can run a check as another user")
def test_another_local_user_cannot_read_any_output(capsys, examples_folder):
    """As `nobody`, in a folder the owner left open (0755): every file stays unreadable."""
    import shutil
    import subprocess
    import sys
    import tempfile

    shared = Path(tempfile.mkdtemp(prefix="complaintgen-uid-"))
    try:
        shared.chmod(0o755)
        assert run(["appeal", CASE, "--lang", "both", "-o", shared, *DAY], capsys)[0] == 0
        assert run(["packet", CASE, "-o", shared / "p", *DAY], capsys)[0] == 0
        code, err = run(
            ["batch", examples_folder, "-o", shared / "b", "--draft", "--zip", *DAY], capsys
        )
        assert code == 0, err
        made = [str(p) for p in shared.rglob("*") if p.is_file()]
        assert len(made) > 5
        control = shared / "control.txt"  # proves the probe can read what is readable
        control.write_text("x")
        control.chmod(0o644)
        probe = (
            "import sys\nfor p in sys.argv[1:]:\n    try:\n        open(p, 'rb').read(1)\n"
            "        print('READ', p)\n    except OSError:\n        pass\n"
        )
        python = "/usr/bin/python3" if os.access("/usr/bin/python3", os.X_OK) else sys.executable
        proc = subprocess.run(
            [python, "-c", probe, str(control), *made],
            user=65534,
            capture_output=True,
            text=True,
            check=False,
        )
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.split() == ["READ", str(control)], proc.stdout
    finally:
        shutil.rmtree(shared)


def test_batch_pdfs_are_owner_only_and_in_the_manifest(tmp_path, soffice, capsys):
    import json

    out = tmp_path / "out"
    code, err = run(["batch", CASE.parent, "-o", out, "--pdf", "--draft", *DAY], capsys)
    assert code == 0, err
    pdfs = sorted(out.rglob("*.pdf"))
    assert pdfs and all(mode(p) == 0o600 for p in pdfs)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    listed = {o["pdf"] for c in manifest["cases"] for o in c["outputs"] if "pdf" in o}
    assert listed == {p.relative_to(out).as_posix() for p in pdfs}
