"""A fresh interpreter's first retry decision vs ``import tenacity`` in a fresh interpreter.

Ours: ``import pkg`` + the first ``pkg.from_response(...)`` + the first
``pkg.DEFAULT_POLICY.decide(...)`` on the runtime figures' documented 429 (see
``_project.runtime_input``). The package is copied out of ``generated/`` as an SDK
vendors it and byte-compiled; tenacity's installed package is byte-compiled too (pip
does so when it installs, this makes sure). Each sample is one fresh interpreter that
times the statements itself (``time.perf_counter`` around them, so the interpreter's
own start-up, the same for both, is not in either side); the sides alternate round by
round. A ``python -X importtime`` breakdown of each side is printed once.
"""

from __future__ import annotations

import compileall
import importlib.util
import shutil
import statistics
import subprocess
import tempfile
from collections.abc import Callable, Collection
from pathlib import Path

from _project import GENERATED, PYTHON, Documented, env, runtime_input
from _timing import Figure, Target, fmt_seconds, interleave, median_of_ratios, wall_time

FIGURES = ("first-decision",)

_TIMER = "import time as _t\n_s = _t.perf_counter()\n"


def ours_script(case: Documented) -> str:
    return (
        _TIMER
        + f"import {case.slug} as pkg\n"
        + "_i = _t.perf_counter()\n"
        + f"_e = pkg.from_response({case.status!r}, {case.headers!r}, {case.body!r})\n"
        + "_f = _t.perf_counter()\n"
        + "_d = pkg.DEFAULT_POLICY.decide(_e, attempt=1, method='GET')\n"
        + "_z = _t.perf_counter()\n"
        + "assert _d.retry, _d\n"
        + "print(_z - _s, _i - _s, _f - _s)\n"
    )


TENACITY = _TIMER + "import tenacity\n_z = _t.perf_counter()\nprint(_z - _s)\n"


def importtime_breakdown(script: str, cwd: Path, top: int = 12) -> list[str]:
    """The ``top`` imports by cumulative microseconds in ``python -X importtime``, one line each."""
    done = subprocess.run(
        [PYTHON, "-X", "importtime", "-c", script], cwd=cwd, env=env(), capture_output=True, text=True
    )
    done.check_returncode()
    rows = []
    startup = True
    for line in done.stderr.splitlines():
        fields = line.removeprefix("import time:").split("|")
        if not line.startswith("import time:") or len(fields) != 3 or not fields[0].strip().isdigit():
            continue
        if startup:  # the interpreter's own start-up imports, which end with site
            startup = fields[2].strip() != "site"
            continue
        rows.append((int(fields[1]), int(fields[0]), fields[2].rstrip()))
    rows.sort(key=lambda row: -row[0])
    return [f"{cum / 1e3:8.2f} ms cumulative {own / 1e3:7.2f} ms self  {name}" for cum, own, name in rows[:top]]


def run(selected: Collection[str], rounds: int, log: Callable[[str], None], quick: bool = False) -> list[Figure]:
    work = Path(tempfile.mkdtemp(prefix="bench-import-"))
    try:
        return _run(rounds, log, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _run(rounds: int, log: Callable[[str], None], work: Path) -> list[Figure]:
    case = runtime_input()
    shutil.copytree(GENERATED / case.slug, work / case.slug, ignore=shutil.ignore_patterns("__pycache__"))
    compileall.compile_dir(work / case.slug, quiet=1)
    spec = importlib.util.find_spec("tenacity")
    assert spec is not None and spec.submodule_search_locations, "tenacity is not installed: make bench installs it"
    for location in spec.submodule_search_locations:
        compileall.compile_dir(location, quiet=1)
    environment = env()
    script = ours_script(case)
    parts: dict[str, list[float]] = {"import": [], "from_response": []}

    def ours() -> float:
        total, imported, mapped = map(
            float, wall_time([PYTHON, "-c", script], cwd=work, env=environment, stdout=True)[1].split()
        )
        parts["import"].append(imported)
        parts["from_response"].append(mapped)
        return total

    def tenacity() -> float:
        return float(wall_time([PYTHON, "-c", TENACITY], cwd=work, env=environment, stdout=True)[1])

    log(f"first-decision: {case.slug} ({case.name!r}); {rounds} rounds")
    samples = interleave({"ours": ours, "tenacity": tenacity}, rounds, progress=log)
    log(f"importtime, ours ({case.slug}):")
    for line in importtime_breakdown(script, work):
        log("  " + line)
    log("importtime, tenacity:")
    for line in importtime_breakdown(TENACITY, work):
        log("  " + line)
    kept = rounds  # the warm-up round's parts are the first ones
    notes = [
        f"{case.slug}, byte-compiled, vendored as a top-level package; response: {case.name!r}",
        f"ours by step (median): import {fmt_seconds(statistics.median(parts['import'][-kept:]))}, "
        f"+ from_response {fmt_seconds(statistics.median(parts['from_response'][-kept:]))}, "
        f"+ decide {fmt_seconds(statistics.median(samples['ours']))}",
    ]
    return [
        Figure(
            name="first-decision",
            what=f"import {case.slug} + first from_response + first decide",
            ours=fmt_seconds(statistics.median(samples["ours"])),
            alternative=f"import tenacity: {fmt_seconds(statistics.median(samples['tenacity']))}",
            kind="ratio",
            value=median_of_ratios(samples["ours"], samples["tenacity"]),
            target=Target("<=", 0.1),
            notes=notes,
            samples=samples,
        )
    ]
