"""Import time of each generated package vs ``import tenacity`` and ``import urllib3.util.retry``.

Whole-process timings (what every SDK process pays): the median of many runs of
``python -c "import X"`` minus the median of ``python -c "pass"``, after a warm-up.
For each package it shows ``import pkg`` and the first use of each part
(``from pkg import from_response``, ``pkg.DEFAULT_POLICY``). Run: ``make bench``.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 25


def process_time(statement: str) -> float:
    command = [sys.executable, "-c", statement]
    subprocess.run(command, check=True, cwd=ROOT)  # warm-up
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        subprocess.run(command, check=True, cwd=ROOT)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def main() -> None:
    base = process_time("pass")
    tenacity = process_time("import tenacity") - base
    urllib3 = process_time("import urllib3.util.retry") - base
    print(f"python {sys.version.split()[0]}; interpreter start {base * 1e3:.1f} ms (subtracted)")
    print(f"import tenacity: {tenacity * 1e3:.1f} ms | import urllib3.util.retry: {urllib3 * 1e3:.1f} ms")
    slugs = sorted(p.stem for p in (ROOT / "specs").glob("*.yaml"))
    for slug in slugs:
        pkg = f"generated.{slug}"
        rows = {
            f"import {slug}": f"import {pkg}",
            "+ from_response": f"from {pkg} import from_response",
            "+ DEFAULT_POLICY": f"from {pkg} import from_response, DEFAULT_POLICY",
        }
        parts = []
        for label, statement in rows.items():
            cost = process_time(statement) - base
            parts.append(f"{label} {cost * 1e3:.1f} ms ({cost / tenacity:.2f}x tenacity, {cost / urllib3:.2f}x urllib3)")
        print(" | ".join(parts))


if __name__ == "__main__":
    main()
