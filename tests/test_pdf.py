"""PDF through LibreOffice: many documents per call, failures reported, nothing left running."""

from __future__ import annotations

import json
import os
import stat
import textwrap
import time
from pathlib import Path

import pytest

from complaintgen import pdf
from complaintgen.cli import main

from .conftest import ROOT

CASE = ROOT / "examples" / "zhaksybekov-custody-no-corpus.yaml"
FAKE_PDF = b"%PDF-1.4\n%%EOF\n"

# Stands in for soffice: converts each file, unless its content says CRASH or HANG.
FAKE_SOFFICE = textwrap.dedent(
    """\
    #!/bin/sh
    out=""; files=""
    while [ $# -gt 0 ]; do
      case "$1" in
        --outdir) out="$2"; shift 2 ;;
        -*|pdf:*) shift ;;
        *) files="$files $1"; shift ;;
      esac
    done
    echo "$$" >> "$(dirname "$0")/calls"
    for f in $files; do
      case "$(cat "$f")" in
        CRASH) kill -SEGV $$ ;;
        HANG) sleep 600 & echo $! > "$(dirname "$0")/hung"; wait ;;
        *) printf '%%PDF-1.4\\n%%%%EOF\\n' > "$out/$(basename "$f" .docx).pdf" ;;
      esac
    done
    """
)


@pytest.fixture
def fake(tmp_path, monkeypatch) -> Path:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "soffice"
    script.write_text(FAKE_SOFFICE)
    script.chmod(0o700)
    monkeypatch.setattr(pdf, "soffice", lambda: str(script))
    return bin_dir


def _docs(folder: Path, contents: list[bytes]) -> list[Path]:
    paths = []
    for i, data in enumerate(contents):
        sub = folder / f"case{i % 2}"  # two folders: one call still takes them all
        sub.mkdir(parents=True, exist_ok=True)
        path = sub / f"doc{i}.docx"
        path.write_bytes(data)
        paths.append(path)
    return paths


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie is gone for every purpose that matters here
    status = Path(f"/proc/{pid}/status")
    return status.exists() and "zombie" not in status.read_text()


def test_one_call_for_documents_of_many_folders(fake, tmp_path):
    files = _docs(tmp_path / "out", [b"a", b"b", b"c", b"d"])
    pdfs = pdf.convert(files)
    assert pdfs == [f.with_suffix(".pdf") for f in files]
    assert all(p.read_bytes() == FAKE_PDF for p in pdfs)
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in pdfs)
    assert len((fake / "calls").read_text().split()) == 1


def test_a_crash_fails_that_document_and_a_fresh_instance_does_the_rest(fake, tmp_path):
    files = _docs(tmp_path / "out", [b"a", b"CRASH", b"c", b"d"])
    made, failures = pdf.convert_some(files)
    assert made == [files[0].with_suffix(".pdf"), None, *(f.with_suffix(".pdf") for f in files[2:])]
    assert failures == [f"{files[1]}: LibreOffice crashed on it (signal 11)"]
    assert not files[1].with_suffix(".pdf").exists()
    assert len((fake / "calls").read_text().split()) == 2
    with pytest.raises(pdf.PdfError) as err:
        pdf.convert(files)
    assert err.value.lines() == failures and err.value.exit_code == 7


def test_a_hang_is_stopped_and_nothing_is_left_running(fake, tmp_path):
    files = _docs(tmp_path / "out", [b"a", b"HANG", b"c"])
    start = time.monotonic()
    made, failures = pdf.convert_some(files, stall=1.0)
    assert time.monotonic() - start < 30
    assert failures == [f"{files[1]}: LibreOffice stopped responding for 1 s and was stopped"]
    assert made[0] and made[2] and made[1] is None
    for pid in map(int, [*(fake / "calls").read_text().split(), (fake / "hung").read_text()]):
        assert not _alive(pid)


def test_no_libreoffice_is_a_clear_error(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    code = main(["appeal", str(CASE), "-o", str(tmp_path), "--pdf"])
    assert code == 7 and "--pdf needs LibreOffice" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())  # said before anything was written


def test_bytes_in_bytes_out(fake, tmp_path):
    assert pdf.convert_bytes([b"a", b"b"]) == [FAKE_PDF, FAKE_PDF]
    assert pdf.pdf_bytes(b"a") == FAKE_PDF


def test_every_document_command_and_packet_take_pdf(fake, tmp_path, capsys):
    for kind in ("appeal", "protection", "examination"):
        out = tmp_path / kind
        code = main([kind, str(CASE), "-o", str(out), "--pdf", "--today", "2026-11-25"])
        assert code == 0, capsys.readouterr().err
        assert sorted(p.suffix for p in out.iterdir()) == [".docx", ".docx", ".pdf", ".pdf"]
    cat_case = ROOT / "examples" / "bekmukhambetova-knb-exhausted-cat.yaml"
    out = tmp_path / "cat"
    assert main(["cat", str(cat_case), "-o", str(out), "--pdf", "--today", "2026-11-25"]) == 0
    assert len(list(out.glob("*.pdf"))) == 2
    out = tmp_path / "packet"
    assert main(["packet", str(CASE), "-o", str(out), "--pdf", "--today", "2026-11-25"]) == 0
    assert len(list(out.glob("*.pdf"))) == len(list(out.glob("*.docx"))) > 2


def test_batch_lists_pdfs_in_the_manifest_and_converts_only_what_changed(
    fake, tmp_path, examples_folder
):
    out = tmp_path / "batch"
    args = ["batch", str(examples_folder), "-o", str(out), "--draft", "--today", "2026-11-25"]
    assert main([*args, "--pdf", "-j2"]) == 0
    manifest = json.loads((out / "manifest.json").read_text())
    outputs = [o for case in manifest["cases"] for o in case["outputs"]]
    assert outputs and all(o["pdf"] == o["path"][: -len(".docx")] + ".pdf" for o in outputs)
    assert all(len(o["pdf_sha256"]) == 64 for o in outputs)
    calls = len((fake / "calls").read_text().split())
    assert main([*args, "--pdf"]) == 0  # resumed: nothing changed, nothing converted
    assert len((fake / "calls").read_text().split()) == calls
    again = json.loads((out / "manifest.json").read_text())
    assert [o for case in again["cases"] for o in case["outputs"]] == outputs


def test_real_libreoffice(soffice, tmp_path, capsys):
    code = main(["appeal", str(CASE), "-o", str(tmp_path), "--pdf", "--today", "2026-11-25"])
    assert code == 0, capsys.readouterr().err
    pdfs = sorted(tmp_path.glob("*.pdf"))
    assert len(pdfs) == 2
    for p in pdfs:
        assert pdf.is_pdf(p.read_bytes()) and p.stat().st_size > 5000
        assert stat.S_IMODE(p.stat().st_mode) == 0o600
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    made, failures = pdf.convert_some([broken, *sorted(tmp_path.glob("*.docx"))[:1]])
    assert made[0] is None and made[1] is not None
    assert failures and failures[0].startswith(f"{broken}: ")


def test_an_interrupted_conversion_stops_libreoffice_at_once(fake, tmp_path):
    import threading

    files = _docs(tmp_path / "out", [b"HANG", b"b"])
    stop = threading.Event()
    threading.Timer(0.5, stop.set).start()
    start = time.monotonic()
    failed = pdf._Worker(str(fake / "soffice"), 600.0, stop).run(files, [0, 1])
    assert time.monotonic() - start < 10
    assert failed[0] == "interrupted" and not files[1].with_suffix(".pdf").exists()
    for pid in map(int, [*(fake / "calls").read_text().split(), (fake / "hung").read_text()]):
        assert not _alive(pid)
