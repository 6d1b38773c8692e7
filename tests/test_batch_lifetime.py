"""A batch owns its output folder while it runs, and its workers do not outlive it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from complaintgen.cli import main
from complaintgen.errors import ExitCode

from .conftest import ROOT
from .synthetic import case as synthetic_case

ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
OPTIONS = ["--docs", "appeal", "--lang", "ru", "--today", "2026-11-25"]


def test_a_second_batch_on_the_same_folder_refuses_naming_the_first(
    tmp_path, capsys, examples_folder
):
    out = tmp_path / "out"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from complaintgen import batch\n"
            "with batch.lock(Path(sys.argv[1])):\n    print('locked', flush=True); time.sleep(60)",
            str(out),
        ],
        env=ENV,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        code = main(["batch", str(examples_folder), "-o", str(out), "--draft", *OPTIONS])
        err = capsys.readouterr().err
        assert code == ExitCode.BUSY
        assert f"pid {holder.pid}" in err and "started" in err and "another batch" in err
        assert not list(out.rglob("*.docx"))
    finally:
        holder.kill()
        holder.wait()
    # The kernel dropped the lock with its holder: no stale lock to clean up by hand.
    assert main(["batch", str(examples_folder), "-o", str(out), "--draft", *OPTIONS]) == 0
    capsys.readouterr()


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


@pytest.mark.slow  # a batch of dozens or hundreds of cases: `make test`
def test_workers_end_when_the_main_process_is_killed(tmp_path):
    rows = [synthetic_case(i, seed=11) for i in range(400)]
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "complaintgen", "batch", str(path), "-o", str(out), "-j", "2"]
    proc = subprocess.Popen([*cmd, *OPTIONS], env=ENV, stderr=subprocess.DEVNULL)
    journal = out / "journal.jsonl"
    deadline = time.time() + 120
    while time.time() < deadline:
        if journal.exists() and journal.read_text(encoding="utf-8").count("\n") >= 5:
            break
        time.sleep(0.05)
    workers = children(proc.pid)
    assert workers, "the batch should have started its workers"
    os.kill(proc.pid, signal.SIGKILL)  # the main process only, not its group
    proc.wait()
    deadline = time.time() + 10
    while time.time() < deadline and any(alive(w) for w in workers):
        time.sleep(0.1)
    assert not any(alive(w) for w in workers), "workers outlived the batch"
    written = len(list(out.rglob("*.docx")))
    time.sleep(1)
    assert len(list(out.rglob("*.docx"))) == written  # nobody is writing any more
    assert written < 400
