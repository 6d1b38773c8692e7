"""Batch throughput against a naive docxtpl loop, measured in the same run. Prints a table.

    .venv/bin/python benchmarks/throughput.py                  # 1,000 cases, all documents
    .venv/bin/python benchmarks/throughput.py --cases 200 --rss 100,10000

The naive baseline is what a docxtpl user writes: for every document, open the template, render,
save. Its templates are equivalent documents: one complaintgen output per document kind and
language, with the victim's name and the dates turned back into tags. The physical floor is
writing the same bytes to disk. Throughput is documents per second of wall time.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from complaintgen import layout  # noqa: E402
from complaintgen.documents import render_document, render_text  # noqa: E402
from complaintgen.kinds import KINDS  # noqa: E402
from complaintgen.loading import validate_case  # noqa: E402
from tests.synthetic import case as synthetic_case  # noqa: E402

TODAY = date(2026, 11, 25)


def write_cases(path: Path, n: int, seed: int = 1) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps(synthetic_case(i, seed), ensure_ascii=False) + "\n")


def plan(n: int, docs: list[str], langs: list[str]) -> list[tuple[dict, str, str]]:
    """Every (case, kind, lang) the batch will make for these cases."""
    out = []
    for i in range(n):
        data = synthetic_case(i, 1)
        case = validate_case(data, "bench")
        for kind in docs:
            if KINDS[kind].needs(case) is None:
                out += [(data, kind, lang) for lang in KINDS[kind].langs if lang in langs]
    return out


def docxtpl_templates(tmp: Path, docs: list[str], langs: list[str]) -> dict[tuple[str, str], Path]:
    """One docxtpl template per (kind, lang), made from a real output of the same kind."""
    sample = validate_case(synthetic_case(0, 1), "bench")
    full = " ".join(p for p in (sample.victim.name.last, sample.victim.name.first) if p)
    out = {}
    for kind in docs:
        for lang in KINDS[kind].langs:
            if lang not in langs:
                continue
            try:
                text, _ = render_text(sample, kind, lang, TODAY)
            except Exception:
                continue  # a kind this sample does not support
            text = text.replace(full, "{{ victim_name }}").replace("2026", "{{ year }}")
            path = tmp / f"{kind}_{lang}.docx"
            path.write_bytes(layout.build_docx(text, lang))
            out[(kind, lang)] = path
    return out


def naive_docxtpl(items, templates) -> float:
    from docxtpl import DocxTemplate

    start = time.perf_counter()
    for data, kind, lang in items:
        template = templates.get((kind, lang)) or next(iter(templates.values()))
        doc = DocxTemplate(str(template))
        name = f"{data['victim']['name']['last']} {data['victim']['name']['first']}"
        doc.render({"victim_name": name, "year": "2026"})
        doc.save(io.BytesIO())
    return time.perf_counter() - start


def run_batch(cases_file: Path, out: Path, docs: list[str], langs: list[str], jobs: int):
    shutil.rmtree(out, ignore_errors=True)
    cmd = [
        sys.executable,
        "-m",
        "complaintgen",
        "batch",
        str(cases_file),
        "-o",
        str(out),
        "--docs",
        ",".join(docs),
        "--lang",
        ",".join(langs),
        "-j",
        str(jobs),
        "--draft",
        "--today",
        TODAY.isoformat(),
    ]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    # A fresh wrapper process per run, so its children's peak RSS belongs to this batch alone
    # (the batch process and its workers; RUSAGE_CHILDREN keeps the largest).
    wrapper = (
        "import resource, subprocess, sys\n"
        "p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "sys.stderr.write(p.stderr)\n"
        "print(p.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", wrapper, *cmd], env=env, capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - start
    code, rss_kb = map(int, proc.stdout.split())
    if code not in (0, 6):
        raise SystemExit(proc.stderr)
    rss_mb = rss_kb / 1024
    return elapsed, len(list(out.rglob("*.docx"))), rss_mb


def floor(out: Path) -> float:
    """Writing the same bytes again, file by file: what no generator can beat."""
    files = [(p, p.read_bytes()) for p in out.rglob("*.docx")]
    target = out.parent / "floor"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir()
    start = time.perf_counter()
    for i, (_, data) in enumerate(files):
        with open(target / f"{i}.docx", "wb") as fh:
            fh.write(data)
    return time.perf_counter() - start


def in_process_split(items) -> tuple[float, float]:
    """Per document: the text (context + template) and the DOCX (layout + zip), in ms."""
    sample = items[: min(200, len(items))]
    cases = {id(d): validate_case(d, "bench") for d, _, _ in sample}
    t_text = t_docx = 0.0
    for data, kind, lang in sample:
        case = cases[id(data)]
        t0 = time.perf_counter()
        text, _ = render_text(case, kind, lang, TODAY)
        t1 = time.perf_counter()
        layout.build_docx(text, lang)
        t_text += t1 - t0
        t_docx += time.perf_counter() - t1
    return 1000 * t_text / len(sample), 1000 * t_docx / len(sample)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--cases", type=int, default=1000)
    ap.add_argument("--docs", default=",".join(KINDS))
    ap.add_argument("--lang", default="ru,kk")
    ap.add_argument("--naive-sample", type=int, default=300, help="documents timed for docxtpl")
    ap.add_argument("--rss", default="", help="case counts to measure peak RSS at, e.g. 100,10000")
    args = ap.parse_args()
    docs, langs = args.docs.split(","), args.lang.split(",")
    tmp = Path(tempfile.mkdtemp(prefix="complaintgen-bench-"))
    cases_file = tmp / "cases.jsonl"
    write_cases(cases_file, args.cases)
    items = plan(args.cases, docs, langs)
    render_document(validate_case(synthetic_case(0, 1), "bench"), "appeal", "ru", today=TODAY)

    templates = docxtpl_templates(tmp, docs, langs)
    sample = items[: args.naive_sample]
    naive = len(sample) / naive_docxtpl(sample, templates)
    text_ms, docx_ms = in_process_split(items)

    rows = [("naive docxtpl loop (1 core)", naive, None)]
    for jobs in (1, 2):
        elapsed, made, rss = run_batch(cases_file, tmp / f"out{jobs}", docs, langs, jobs)
        rows.append(
            (
                f"complaintgen batch -j{jobs} ({args.cases} cases, {made} docs, "
                f"{elapsed:.1f} s, peak RSS {rss:.0f} MB)",
                made / elapsed,
                made / elapsed / naive,
            )
        )
    floor_s = floor(tmp / "out2")
    made2 = len(list((tmp / "out2").rglob("*.docx")))
    rows.append(("floor: writing the same bytes (1 core)", made2 / floor_s, None))

    print(f"\n{'':58} {'docs/s':>10} {'× naive':>8}")
    for label, rate, ratio in rows:
        shown = "" if ratio is None else f"{ratio:.1f}"
        print(f"{label:58} {rate:10.0f} {shown:>8}")
    print(
        f"\nper document, in process: text {text_ms:.2f} ms + DOCX {docx_ms:.2f} ms "
        f"(over {min(200, len(items))} documents)"
    )

    for n in [int(x) for x in args.rss.split(",") if x]:
        f = tmp / f"rss{n}.jsonl"
        write_cases(f, n, seed=2)
        elapsed, made, rss = run_batch(f, tmp / f"rss{n}", ["appeal"], ["ru"], 2)
        print(f"peak RSS, {n} cases (appeal ru, -j2): {rss:.0f} MB; {made} docs in {elapsed:.1f} s")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
