"""Import time of each generated package vs ``import tenacity`` and ``import urllib3.util.retry``.

Every candidate is measured the same way: ``python -X importtime -c "<statement>"``,
summing the cumulative import time of the statement's top-level imports, median of
many runs after a warm-up (whole-process differences are below this machine's noise
for imports this small). Each package is measured as an SDK vendors it: copied to ``anysdk/_vendor/<slug>`` (a
regular package) and byte-compiled, as pip byte-compiles tenacity and urllib3 when it
installs them; ``PYTHONDONTWRITEBYTECODE`` is cleared for the runs. Besides
``import pkg`` it shows the first use of each part: ``from pkg import from_response``
(errors) and ``DEFAULT_POLICY`` (the retry runtime). Run: ``make bench``.
"""

from __future__ import annotations

import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 30


def import_time(statement: str, cwd: Path, env: dict[str, str]) -> float:
    """Median seconds that ``statement``'s imports take in a fresh interpreter."""
    command = [sys.executable, "-X", "importtime", "-c", statement]
    samples = []
    for run in range(RUNS + 1):
        lines = subprocess.run(command, check=True, cwd=cwd, env=env, capture_output=True, text=True).stderr.splitlines()
        # top-level imports of the statement: the lines of depth 0 after site's own
        rows = [line.split("|") for line in lines if line.startswith("import time:") and "|" in line]
        after_site = rows[next(i for i, row in enumerate(rows) if row[2].strip() == "site") + 1 :]
        total = sum(int(row[1]) for row in after_site if not row[2].startswith("  ") and row[2].strip() != "site")
        if run:
            samples.append(total / 1e6)
    return statistics.median(samples)


def main() -> None:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    work = Path(tempfile.mkdtemp(prefix="bench-import-"))
    try:
        vendor = work / "anysdk" / "_vendor"
        vendor.mkdir(parents=True)
        (work / "anysdk" / "__init__.py").write_text("")
        (vendor / "__init__.py").write_text("")
        slugs = sorted(p.stem for p in (ROOT / "specs").glob("*.yaml"))
        for slug in slugs:
            shutil.copytree(ROOT / "generated" / slug, vendor / slug, ignore=shutil.ignore_patterns("__pycache__"))
        compileall.compile_dir(work / "anysdk", quiet=1)

        tenacity = import_time("import tenacity", work, env)
        urllib3 = import_time("import urllib3.util.retry", work, env)
        print(f"python {sys.version.split()[0]}; median of {RUNS} runs")
        print(f"import tenacity: {tenacity * 1e3:.2f} ms | import urllib3.util.retry: {urllib3 * 1e3:.2f} ms")
        for slug in slugs:
            pkg = f"anysdk._vendor.{slug}"
            rows = {
                f"import {slug}": f"import {pkg}",
                "+ from_response": f"from {pkg} import from_response",
                "+ DEFAULT_POLICY": f"from {pkg} import from_response, DEFAULT_POLICY",
            }
            parts = []
            for label, statement in rows.items():
                cost = import_time(statement, work, env)
                parts.append(f"{label} {cost * 1e3:.2f} ms ({cost / tenacity:.2f}x tenacity)")
            print(" | ".join(parts))
        print("target: import at most 0.15x tenacity")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
