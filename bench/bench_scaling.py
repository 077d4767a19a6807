"""Cost per added vendor: cold ``generate`` of N synthetic 50-code vendors, N from 1 to 100.

The template is built from an existing spec: the one with the most documented codes
(at most 50; ties: the larger file, then the name), kept whole (shapes, rules,
examples, retry) and given synthetic codes (``SYNTH_CODE_NN``, statuses taken in turn
from its own codes') until it documents exactly 50. Vendor ``i`` is the template under
the file ``synthNNN.yaml`` (its slug) with its own vendor name and root class.

Each round runs a cold ``generate`` (fresh process, empty cache, new output directory,
``--jobs 1``) for every N, in alternating order, and fits a line to that round's
times: the slope is the cost per added vendor. ``--jobs 1`` because with the default
one spec runs in the main process and two or more on a pool of workers, a step
between N = 1 and N = 2 that is not the vendors' cost (and on a 2-core machine the
default would halve the slope by parallelism, not by less work). The figures are the median of the
per-round slopes (ms per vendor) and, as the linearity check, the median of the
per-round maximum relative residuals; the fit of the per-N medians (intercept, R²)
is in the notes.
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any

import yaml
from _project import env, generate_command, spec_files
from _timing import Figure, Target, fit_line, fmt_seconds, interleave, summarize, wall_time

FIGURES = ("per-vendor", "per-vendor-linear")
CODES = 50
SIZES = (1, 10, 25, 50, 100)
QUICK_SIZES = (1, 4, 8)
MAX_RESIDUAL = 10.0  # percent: a round whose times stray further from its line is not linear


def _codes(data: dict[str, Any]) -> dict[str, Any]:
    codes: dict[str, Any] = data.get("x-error-contract", {}).get("codes") or {}
    return codes


def template() -> tuple[Path, dict[str, Any]]:
    """The base spec and its data with exactly ``CODES`` documented codes."""
    candidates = []
    for file in spec_files():
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        if len(_codes(data)) <= CODES:
            candidates.append((len(_codes(data)), file.stat().st_size, file.name, file, data))
    if not candidates:
        raise LookupError(f"every spec documents more than {CODES} codes")
    *_, file, data = max(candidates, key=lambda c: c[:3])
    ext = data["x-error-contract"]
    codes = dict(_codes(data))
    statuses = [entry["status"] for entry in codes.values() if isinstance(entry, dict) and "status" in entry] or [400]
    n = 0
    while len(codes) < CODES:
        name = f"SYNTH_CODE_{n:02d}"
        if name not in codes:
            codes[name] = {"status": statuses[n % len(statuses)], "description": f"Synthetic code {n}."}
        n += 1
    ext["codes"] = codes
    return file, data


def synthesize(folder: Path, vendors: int, data: dict[str, Any]) -> Path:
    """``vendors`` specs in ``folder``, each the template under its own slug, name and root class."""
    folder.mkdir(parents=True)
    for i in range(vendors):
        ext = data["x-error-contract"]
        ext["vendor"], ext["root-class"] = f"Synthetic {i:03d}", f"Synthetic{i:03d}Error"
        (folder / f"synth{i:03d}.yaml").write_text(
            yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8"
        )
    return folder


def run(selected: Collection[str], rounds: int, log: Callable[[str], None], quick: bool = False) -> list[Figure]:
    work = Path(tempfile.mkdtemp(prefix="bench-scaling-"))
    try:
        return _run(selected, rounds, log, work, QUICK_SIZES if quick else SIZES)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _run(
    selected: Collection[str], rounds: int, log: Callable[[str], None], work: Path, sizes: tuple[int, ...]
) -> list[Figure]:
    base, data = template()
    environment = env(pycache=work / "pycache")  # compiled by the warm-up run, outside the work tree
    folders = {n: synthesize(work / f"specs-{n}", n, data) for n in sizes}
    counter = iter(range(1_000_000))

    def cold(n: int) -> Callable[[], float]:
        def once() -> float:
            target = work / f"run-{next(counter)}"
            try:
                return wall_time(
                    generate_command(folders[n], target / "out", target / "cache", "--jobs", "1"),
                    cwd=work,
                    env=environment,
                )[0]
            finally:
                shutil.rmtree(target, ignore_errors=True)

        return once

    log(f"per-vendor: template {base.name} with {CODES} codes; N = {', '.join(map(str, sizes))}; {rounds} rounds")
    cold(sizes[0])()  # the warm-up: byte-code and page cache; the largest N would only cost time
    samples = interleave({f"N={n}": cold(n) for n in sizes}, rounds, warmup=0, progress=log)
    xs = list(sizes)
    fits = [fit_line(xs, [samples[f"N={n}"][r] for n in sizes]) for r in range(rounds)]
    medians = [statistics.median(samples[f"N={n}"]) for n in sizes]
    overall = fit_line(xs, medians)
    slopes = summarize([fit.slope * 1e3 for fit in fits])
    residuals = summarize([fit.max_relative_residual * 100 for fit in fits])
    notes = [
        f"template {base.name} ({len(_codes(yaml.safe_load(base.read_text(encoding='utf-8'))))} codes of its own, "
        f"{CODES} in all); cold generate, --jobs 1",
        "per-N medians: " + ", ".join(f"N={n} {fmt_seconds(m)}" for n, m in zip(sizes, medians, strict=True)),
        f"fit of the per-N medians: slope {overall.slope * 1e3:.1f} ms/vendor, intercept {fmt_seconds(overall.intercept)}, "
        f"R² {overall.r2:.4f}, max relative residual {overall.max_relative_residual * 100:.1f}%",
        f"per-round R²: median {statistics.median(f.r2 for f in fits):.4f}, min {min(f.r2 for f in fits):.4f}",
        "cost per added vendor between consecutive N (per-N medians): "
        + ", ".join(
            f"{sizes[i]}->{sizes[i + 1]} {(medians[i + 1] - medians[i]) / (sizes[i + 1] - sizes[i]) * 1e3:.0f} ms"
            for i in range(len(sizes) - 1)
        ),
    ]
    raw = {key: list(value) for key, value in samples.items()}
    figures = []
    if "per-vendor" in selected:
        figures.append(
            Figure(
                name="per-vendor",
                what=f"cost per added {CODES}-code vendor (slope, N {sizes[0]}..{sizes[-1]}, --jobs 1)",
                ours=f"{overall.slope * 1e3:.1f} ms/vendor",
                alternative=f"intercept {fmt_seconds(overall.intercept)}",
                kind="ms",
                value=slopes,
                target=Target("<=", 30.0),
                notes=notes,
                samples=raw,
            )
        )
    if "per-vendor-linear" in selected:
        figures.append(
            Figure(
                name="per-vendor-linear",
                what="... linear: max relative residual of a round's fit",
                ours=f"R² {overall.r2:.4f}",
                alternative="the least-squares line",
                kind="percent",
                value=residuals,
                target=Target("<=", MAX_RESIDUAL),
                notes=notes,
                samples=raw,
            )
        )
    return figures
