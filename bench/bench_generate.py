"""Generation speed, whole processes as a user waits for them, each against a named alternative.

1. cold ``generate`` of all five vendors (warm .venv, ``--no-cache``) vs one
   ``datamodel-codegen`` CLI run on one vendor's spec;
2. no-op ``generate`` (cache warm, nothing changed) vs cold;
3. scaling: synthetic specs of 1, 10 and 100 vendors with 50 codes each, cold; the
   time per added vendor, and whether it grows linearly.

Medians of several runs after a warm-up run. Run: ``make bench`` (``--quick`` for
fewer runs and no 100-vendor step).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DMCG = str(Path(PYTHON).with_name("datamodel-codegen"))


def timed(command: list[str], runs: int, cwd: Path = ROOT, before: list[str] | None = None) -> float:
    """Median wall time of ``command`` over ``runs`` runs after one warm-up run."""
    samples = []
    for index in range(runs + 1):
        if before:
            subprocess.run(before, cwd=cwd, check=True, capture_output=True)
        started = time.perf_counter()
        subprocess.run(command, cwd=cwd, check=True, capture_output=True)
        if index:
            samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def generate(specs: Path, out: Path, *extra: str) -> list[str]:
    return [PYTHON, "-m", "generator", "generate", "--quiet", "--specs", str(specs), "--out", str(out), *extra]


def synthetic_specs(folder: Path, vendors: int, codes: int = 50) -> Path:
    """``vendors`` copies of the shortkit spec, each renamed and carrying ``codes`` codes."""
    base = yaml.safe_load((ROOT / "specs" / "shortkit.yaml").read_text())
    statuses = sorted(int(s) for s in base["components"]["responses"])
    specs = folder / f"specs-{vendors}"
    specs.mkdir(parents=True)
    for n in range(vendors):
        data = yaml.safe_load(yaml.safe_dump(base))
        ext = data["x-error-contract"]
        ext["vendor"] = f"Vendor {n}"
        ext["root-class"] = f"Vendor{n}Error"
        ext["codes"] = {
            f"CODE_{i:02d}": {"status": statuses[i % len(statuses)], "description": f"Synthetic code {i}."}
            for i in range(codes)
        }
        ext["retry"]["codes"] = {"CODE_00": False}
        ext.pop("message-codes", None)
        for shape in ext["shapes"]:
            shape.pop("code-case", None)
        (specs / f"vendor{n:03d}.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    return specs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer runs, no 100-vendor step")
    args = parser.parse_args()
    runs = 3 if args.quick else 5
    work = Path(tempfile.mkdtemp(prefix="bench-generate-"))
    try:
        out = work / "generated"
        cold = timed(generate(ROOT / "specs", out, "--no-cache"), runs)
        dmcg = timed(
            [DMCG, "--input", "specs/shortkit.yaml", "--input-file-type", "openapi",
             "--output-model-type", "typing.TypedDict", "--output", str(work / "models.py")],
            runs,
        )
        cache = ["--cache-dir", str(work / "cache")]
        subprocess.run(generate(ROOT / "specs", out, *cache), cwd=ROOT, check=True)
        noop = timed(generate(ROOT / "specs", out, *cache), runs)

        print(f"python {sys.version.split()[0]}; medians of {runs} runs after a warm-up")
        print(f"cold generate, 5 vendors: {cold:.2f} s | one datamodel-codegen CLI run, 1 vendor: {dmcg:.2f} s | "
              f"ratio {cold / dmcg:.2f}x (target <= 1.0x)")
        print(f"no-op generate (cached): {noop * 1e3:.0f} ms | cold generate: {cold:.2f} s | "
              f"ratio {noop / cold:.3f}x (target <= 0.15x)")

        sizes = (1, 10) if args.quick else (1, 10, 100)
        times = {}
        for size in sizes:
            specs = synthetic_specs(work, size)
            target = work / f"out-{size}"
            times[size] = timed(generate(specs, target, "--no-cache"), 1 if size == 100 else runs,
                                before=["rm", "-rf", str(target)])
            print(f"scaling: {size:3d} vendors x 50 codes, cold: {times[size]:.2f} s")
        per_10 = (times[10] - times[1]) / 9
        print(f"time per added vendor, 1 -> 10: {per_10 * 1e3:.0f} ms (target < 60 ms)")
        if 100 in times:
            per_100 = (times[100] - times[10]) / 90
            print(f"time per added vendor, 10 -> 100: {per_100 * 1e3:.0f} ms; "
                  f"ratio to 1 -> 10: {per_100 / per_10:.2f} (1.0 = linear)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
