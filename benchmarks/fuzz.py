"""Fuzz the whole command path in-process: mutated case files through every command.

    .venv/bin/python benchmarks/fuzz.py                      # 100,000 inputs, 2 processes
    .venv/bin/python benchmarks/fuzz.py -n 2000 --jobs 1 --seed 7

Each input is a real example mutated in its structure or its bytes (tests/mutations.py), run
through cli.main with a random command (document commands, packet, validate, batch; --redact,
-o a folder or a .docx). Prints how many inputs ran, the exit codes seen, and the count of
broken promises: internal errors (exit 70 or an exception out of main), unescaped control
characters in the output, partial or temporary files, files readable by others. The internal
error count must be 0. Not a CI test: it takes minutes.
"""

from __future__ import annotations

import argparse
import collections
import functools
import multiprocessing
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from complaintgen import batch  # noqa: E402
from tests.mutations import run_one  # noqa: E402


def _chunk(args: tuple[int, int]) -> tuple[int, list[str]]:
    start, stop = args
    os.fsync = lambda fd: None  # durability is not what this run checks; fsync would dominate
    # The engine fingerprint hashes every source file; they do not change during the run.
    batch.engine_fingerprint = functools.cache(batch.engine_fingerprint)
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="complaintgen-fuzz-") as tmp:
        for seed in range(start, stop):
            problems += run_one(seed, Path(tmp) / "w")
    return stop - start, problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=100_000, help="number of inputs")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0, help="first seed")
    opts = parser.parse_args()
    chunks = [
        (s, min(s + 500, opts.seed + opts.n)) for s in range(opts.seed, opts.seed + opts.n, 500)
    ]
    started = time.monotonic()
    done, problems = 0, []
    with multiprocessing.get_context("fork").Pool(opts.jobs) as pool:
        for count, found in pool.imap_unordered(_chunk, chunks):
            done += count
            problems += found
            for p in found:  # as they come: a long run is worth watching
                print(f"\n{p}", file=sys.stderr)
            rate = done / (time.monotonic() - started)
            print(
                f"\r{done:,} inputs, {len(problems)} problems, {rate:,.0f}/s",
                end="",
                file=sys.stderr,
            )
    print(file=sys.stderr)
    kinds = collections.Counter(p.split(": ", 2)[2].split(":")[0] for p in problems)
    internal = sum(1 for p in problems if "exit 70" in p or "escaped main()" in p)
    print(f"inputs: {done:,} in {time.monotonic() - started:,.0f} s")
    print(f"internal errors: {internal}")
    print(f"other broken promises: {len(problems) - internal}")
    for kind, n in kinds.most_common():
        print(f"  {n:6}  {kind}")
    for p in problems[:30]:
        print("  " + p)


if __name__ == "__main__":
    main()
