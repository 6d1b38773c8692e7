"""Cost of the bilingual vocabulary: import, first translate (loads and indexes the data), later
translates, the Kazakh → Russian tables, and search. Each start-up figure is the median of fresh
processes, so no cache of an earlier run helps.

    .venv/bin/python benchmarks/vocabulary.py [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_PROBE = r"""
import json, time
import complaintgen  # the package itself is not what is measured here
t0 = time.perf_counter()
from complaintgen import vocabulary
t1 = time.perf_counter()
vocabulary.translate("старший оперуполномоченный Ауэзовского РУП ДП г. Алматы", "ru", "kk")
t2 = time.perf_counter()
for _ in range(1000):
    vocabulary.translate("ИВС ДП г. Алматы", "ru", "kk")
t3 = time.perf_counter()
vocabulary.translate("Алматы қаласы ПД Алатау ауданының полиция басқармасы", "kk", "ru")
t4 = time.perf_counter()
vocabulary.search("прок алм", "ru")
t5 = time.perf_counter()
print(json.dumps({
    "import_ms": (t1 - t0) * 1e3,
    "first_translate_ms": (t2 - t1) * 1e3,
    "translate_us": (t3 - t2) * 1e3,
    "first_kk_to_ru_ms": (t4 - t3) * 1e3,
    "first_search_ms": (t5 - t4) * 1e3,
}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    runs = []
    for _ in range(args.runs):
        out = subprocess.run(
            [sys.executable, "-c", _PROBE], capture_output=True, text=True, check=True, cwd=ROOT
        )
        runs.append(json.loads(out.stdout))
    for key in runs[0]:
        values = [r[key] for r in runs]
        unit = "µs" if key.endswith("_us") else "ms"
        print(f"{key:22} median {statistics.median(values):8.1f} {unit}  (min {min(values):.1f})")


if __name__ == "__main__":
    main()
