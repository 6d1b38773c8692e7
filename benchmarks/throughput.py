"""Where people wait, each beside its baseline, measured in the same run. Prints four tables:

1. Start-up: CPU of one whole `complaintgen appeal CASE --lang ru` process (cold: no cache;
   warm: the user's cache filled by an earlier run) and of `complaintgen --help`, beside a
   one-shot docxtpl script that opens a document of the same size, renders and saves it.
2. Batch: documents per second with one and two workers, beside the naive docxtpl loop (open,
   render, save for every document) and the floor (writing the same bytes to disk).
3. PDF: `batch --pdf -j2` converting N of those documents, beside LibreOffice converting the
   same files in one call of its own.
4. Profile of the per-document batch path (batch.render_case), by module and by function.

    .venv/bin/python benchmarks/throughput.py                  # 1,000 cases, all documents
    .venv/bin/python benchmarks/throughput.py --cases 200 --pdf-docs 100 --rss 100,10000
    .venv/bin/python benchmarks/throughput.py --only startup   # or batch, pdf, profile

CPU is user + system time of the child processes (resource.RUSAGE_CHILDREN), the median of
--runs runs; throughput is documents per second of wall time.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from complaintgen import context, layout  # noqa: E402
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
    with context.per_case(words=True):  # warm, as a long batch is (each wording's names read)
        for data, kind, lang in items[-40:]:
            render_text(validate_case(data, "bench"), kind, lang, TODAY)
    t_text = t_docx = 0.0
    with context.per_case(words=True):  # as the batch renders (a case's documents in a row)
        for data, kind, lang in sample:
            case = cases[id(data)]
            t0 = time.perf_counter()
            text, _ = render_text(case, kind, lang, TODAY)
            t1 = time.perf_counter()
            layout.build_docx(text, lang)
            t_text += t1 - t0
            t_docx += time.perf_counter() - t1
    return 1000 * t_text / len(sample), 1000 * t_docx / len(sample)


def child_cpu(cmd: list[str], env: dict[str, str]) -> float:
    """CPU seconds (user + system) of one child process run to the end."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run(cmd, env=env, capture_output=True, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{proc.stderr.decode()}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def median_cpu(cmd: list[str], env: dict[str, str], runs: int) -> float:
    return statistics.median(child_cpu(cmd, env) for _ in range(runs))


DOCXTPL_ONE_SHOT = """
import sys
from docxtpl import DocxTemplate
doc = DocxTemplate(sys.argv[1])
doc.render({"victim_name": "Иванов Иван", "year": "2026"})
doc.save(sys.argv[2])
"""


def startup(tmp: Path, runs: int) -> list[tuple[str, float]]:
    """CPU of one whole process: complaintgen cold and warm, --help, the docxtpl script."""
    case_file = ROOT / "examples" / "zhaksybekov-custody-no-corpus.yaml"
    exe = [sys.executable, "-m", "complaintgen"]
    appeal = [*exe, "appeal", str(case_file), "--lang", "ru", "-o", str(tmp / "one.docx")]
    appeal += ["--today", TODAY.isoformat()]
    base = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    base.pop("COMPLAINTGEN_NO_CACHE", None)
    cold = {**base, "COMPLAINTGEN_NO_CACHE": "1"}
    warm = {**base, "XDG_CACHE_HOME": str(tmp / "startup-cache")}
    child_cpu(appeal, warm)  # fills the cache
    child_cpu(appeal, cold)  # the .pyc files, so that neither side pays for compiling Python
    # The docxtpl side: the same document (complaintgen's own output) with two tags in it.
    sample = validate_case(synthetic_case(0, 1), "bench")
    text, _ = render_text(sample, "appeal", "ru", TODAY)
    template = tmp / "one_shot_template.docx"
    template.write_bytes(layout.build_docx(text.replace("2026", "{{ year }}", 1), "ru"))
    one_shot = [sys.executable, "-c", DOCXTPL_ONE_SHOT, str(template), str(tmp / "one_shot.docx")]
    child_cpu(one_shot, base)
    return [
        ("complaintgen appeal --lang ru, cold (no cache)", median_cpu(appeal, cold, runs)),
        ("complaintgen appeal --lang ru, warm (cache filled)", median_cpu(appeal, warm, runs)),
        ("one-shot docxtpl script, same size of document", median_cpu(one_shot, base, runs)),
        ("complaintgen --help", median_cpu([*exe, "--help"], warm, runs)),
    ]


def pdf_rates(tmp: Path, cases_file: Path, docs: list[str], langs: list[str], n: int):
    """(documents, batch --pdf -j2 docs/s, LibreOffice one call docs/s) over the same files."""
    out = tmp / "pdf"
    run_batch(cases_file, out, docs, langs, 2)  # the DOCX files; then only the PDF phase counts
    files = sorted(out.rglob("*.docx"))
    for extra in files[n:]:  # keep n documents: the manifest still lists the rest, which the
        extra.with_suffix(".pdf").touch()  # batch then takes as converted (a newer PDF)
    files = files[:n]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "XDG_CACHE_HOME": str(tmp / "cache")}
    cmd = [sys.executable, "-m", "complaintgen", "batch", str(cases_file), "-o", str(out)]
    cmd += ["--docs", ",".join(docs), "--lang", ",".join(langs), "-j", "2", "--draft", "--pdf"]
    cmd += ["--today", TODAY.isoformat()]
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    ours = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(proc.stderr)
    made = sum(1 for f in files if f.with_suffix(".pdf").stat().st_size > 1000)
    # LibreOffice alone: the same files, one call, one instance, its own fresh profile.
    flat, target = tmp / "lo-in", tmp / "lo-out"
    flat.mkdir()
    for i, f in enumerate(files):
        shutil.copyfile(f, flat / f"{i:05d}.docx")
    profile = tmp / "lo-profile"
    lo = [shutil.which("soffice") or "soffice", f"-env:UserInstallation={profile.as_uri()}"]
    lo += ["--headless", "--convert-to", "pdf", "--outdir", str(target)]
    lo += sorted(map(str, flat.iterdir()))
    start = time.perf_counter()
    subprocess.run(lo, capture_output=True, check=False)
    theirs = time.perf_counter() - start
    return made, made / ours, len(list(target.glob("*.pdf"))) / theirs


def profile_batch(n_cases: int, docs: list[str], langs: list[str], tmp: Path) -> str:
    """cProfile of batch.render_case over n_cases warm cases: per document, by module and
    by function (own time), as a text block for benchmarks/README.md."""
    from complaintgen import batch

    options = batch.Options(tuple(docs), tuple(langs), strict=False, today=TODAY)
    cases = [validate_case(synthetic_case(i, 3), "bench") for i in range(n_cases)]
    out = tmp / "profile"
    batch._warm()
    for case in cases[:20]:  # the per-process caches, as a long batch has them
        batch.render_case(case, options, out)
    shutil.rmtree(out)
    made = 0
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    for case in cases:
        made += len(batch.render_case(case, options, out)["outputs"])
    profiler.disable()
    wall = time.perf_counter() - start
    stats = pstats.Stats(profiler)
    total = sum(v[2] for v in stats.stats.values())  # own time of every function
    groups: dict[str, float] = defaultdict(float)
    rows = []
    for (file, line, func), (_, ncalls, own, _cum, _) in stats.stats.items():
        groups[_group(file)] += own
        rows.append((own, ncalls, f"{_short(file)}:{line}({func})"))
    lines = [
        f"{made} documents of {n_cases} cases in {wall:.2f} s under the profiler "
        f"({1000 * wall / made:.2f} ms per document; cProfile inflates small calls 2–3×)",
        "",
        "own time by part, per document:",
    ]
    for name, own in sorted(groups.items(), key=lambda kv: -kv[1])[:14]:
        lines.append(f"  {1000 * own / made:6.3f} ms  {100 * own / total:4.1f} %  {name}")
    lines += ["", "own time by function, per document (top 25):"]
    for own, ncalls, where in sorted(rows, reverse=True)[:25]:
        lines.append(f"  {1000 * own / made:6.3f} ms  {ncalls / made:7.1f} calls  {where}")
    return "\n".join(lines)


def _short(file: str) -> str:
    for marker in ("site-packages/", "/src/", "python3.11/"):
        if marker in file:
            return file.split(marker, 1)[1]
    return file


def _group(file: str) -> str:
    """The part of the work a function belongs to."""
    f = _short(file)
    if f.startswith("<template>"):
        return "Jinja templates (compiled code: the documents' own logic)"
    if f.startswith("<string>"):
        return "generated __init__ of dataclasses (markdown-it tokens, RenderState, …)"
    if f == "~" or f.startswith("<"):
        return "built-ins (re, str, zlib, getattr, isinstance, …)"
    if f.startswith("complaintgen/"):
        return f
    return f.split("/", 1)[0] + " (library)"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--cases", type=int, default=1000)
    ap.add_argument("--docs", default=",".join(KINDS))
    ap.add_argument("--lang", default="ru,kk")
    ap.add_argument("--naive-sample", type=int, default=300, help="documents timed for docxtpl")
    ap.add_argument("--runs", type=int, default=7, help="runs of each start-up measure")
    ap.add_argument("--pdf-docs", type=int, default=200, help="documents converted to PDF")
    ap.add_argument("--profile-cases", type=int, default=150)
    ap.add_argument("--only", choices=["startup", "batch", "pdf", "profile"], action="append")
    ap.add_argument("--rss", default="", help="case counts to measure peak RSS at, e.g. 100,10000")
    args = ap.parse_args()
    parts = set(args.only or ["startup", "batch", "pdf", "profile"])
    docs, langs = args.docs.split(","), args.lang.split(",")
    tmp = Path(tempfile.mkdtemp(prefix="complaintgen-bench-"))
    os.environ["XDG_CACHE_HOME"] = str(tmp / "cache")  # this run's cache, not the user's
    os.environ.pop("COMPLAINTGEN_NO_CACHE", None)
    # An installed package has its .pyc files (pip compiles them); a shell that forbids writing
    # them would make every child process compile every module again, as no user's does.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{os.cpu_count()} cores, load average {load} (figures shrink as the load grows)")
    try:
        if "startup" in parts:
            print(f"\n1. Start-up: CPU of one whole process, median of {args.runs}")
            for label, cpu in startup(tmp, args.runs):
                print(f"   {label:58} {cpu:6.2f} s")
        cases_file = tmp / "cases.jsonl"
        write_cases(cases_file, args.cases)
        if "batch" in parts:
            batch_table(args, tmp, cases_file, docs, langs)
        if "pdf" in parts:
            if not shutil.which("soffice"):
                print("\n3. PDF: skipped, LibreOffice is not installed")
            else:
                made, ours, theirs = pdf_rates(tmp, cases_file, docs, langs, args.pdf_docs)
                print(f"\n3. PDF: {made} documents, docs/s")
                print(f"   {'complaintgen batch --pdf -j2 (the PDF phase)':58} {ours:6.1f}")
                print(f"   {'LibreOffice alone, the same files in one call':58} {theirs:6.1f}")
        if "profile" in parts:
            print(f"\n4. Profile of the per-document batch path ({args.profile_cases} cases)")
            text = profile_batch(args.profile_cases, docs, langs, tmp)
            print("   " + text.replace("\n", "\n   "))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def batch_table(args, tmp: Path, cases_file: Path, docs: list[str], langs: list[str]) -> None:
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

    print(f"\n2. Batch\n   {'':72} {'docs/s':>7} {'× naive':>8}")
    for label, rate, ratio in rows:
        shown = "" if ratio is None else f"{ratio:.1f}"
        print(f"   {label:72} {rate:7.0f} {shown:>8}")
    print(
        f"   per document, in process: text {text_ms:.2f} ms + DOCX {docx_ms:.2f} ms "
        f"(over {min(200, len(items))} documents)"
    )
    for n in [int(x) for x in args.rss.split(",") if x]:
        f = tmp / f"rss{n}.jsonl"
        write_cases(f, n, seed=2)
        elapsed, made, rss = run_batch(f, tmp / f"rss{n}", ["appeal"], ["ru"], 2)
        label = f"peak RSS, {n} cases (appeal ru, -j2)"
        print(f"   {label}: {rss:.0f} MB; {made} docs in {elapsed:.1f} s")


if __name__ == "__main__":
    main()
