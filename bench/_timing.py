"""The benchmarks' shared machinery: interleaved rounds, per-round ratios, a line fit, the table.

Method (issue 13): the commands compared in a figure run alternately, round by round,
and each figure is the median of the ratios computed *within* each round, with the
interquartile range of those ratios and the number of rounds. A load that comes and
goes during the run then moves both sides of a ratio together, and a round disturbed
on one side only moves one ratio of many, which the median ignores. Absolute times are
printed for orientation only; nothing is gated on them, and ``make bench`` exits 0
whether or not a target is met.

Stdlib only, so that the harness's own test runs without the bench extra.
"""

from __future__ import annotations

import math
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

# --- statistics ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    """Median and quartiles of a figure's per-round values (ratios, speed-ups, slopes...)."""

    median: float
    q1: float
    q3: float
    n: int
    values: tuple[float, ...] = ()

    @property
    def iqr(self) -> float:
        return self.q3 - self.q1


def summarize(values: Sequence[float]) -> Summary:
    """Median, first and third quartiles (linear interpolation between order statistics,
    ``statistics.quantiles(method="inclusive")``) of ``values``; one value is its own quartiles."""
    if not values:
        raise ValueError("no values to summarize")
    ordered = sorted(values)
    if len(ordered) == 1:
        q1 = q3 = ordered[0]
    else:
        q1, _, q3 = statistics.quantiles(ordered, n=4, method="inclusive")
    return Summary(statistics.median(ordered), q1, q3, len(ordered), tuple(values))


def per_round_ratios(numerators: Sequence[float], denominators: Sequence[float]) -> list[float]:
    """``numerators[i] / denominators[i]``: the two sides of one round, never of different rounds."""
    if len(numerators) != len(denominators):
        raise ValueError(f"{len(numerators)} rounds of one side, {len(denominators)} of the other")
    return [a / b for a, b in zip(numerators, denominators, strict=True)]


def median_of_ratios(numerators: Sequence[float], denominators: Sequence[float]) -> Summary:
    """The summary of the per-round ratios (not the ratio of the two medians)."""
    return summarize(per_round_ratios(numerators, denominators))


@dataclass(frozen=True)
class Fit:
    """A least-squares line ``y = slope * x + intercept`` and how well it fits."""

    slope: float
    intercept: float
    r2: float  # coefficient of determination, 1.0 for points on a line
    max_relative_residual: float  # max |y - fitted| / y over the points (a measured time, never near 0)

    def at(self, x: float) -> float:
        return self.slope * x + self.intercept


def fit_line(xs: Sequence[float], ys: Sequence[float]) -> Fit:
    """Ordinary least squares of ``ys`` on ``xs`` (at least two distinct xs)."""
    if len(xs) != len(ys) or len(set(xs)) < 2:
        raise ValueError("a line needs at least two distinct x values, one y each")
    n = len(xs)
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mean_x) ** 2 for x in xs)
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    slope = sxy / sxx
    intercept = mean_y - slope * mean_x
    fitted = [slope * x + intercept for x in xs]
    ss_res = sum((y - f) ** 2 for y, f in zip(ys, fitted, strict=True))
    ss_tot = sum((y - mean_y) ** 2 for y in ys)
    r2 = 1.0 - ss_res / ss_tot if ss_tot else 1.0
    worst = max((abs(y - f) / abs(y) if y else math.inf) for y, f in zip(ys, fitted, strict=True))
    return Fit(slope, intercept, r2, worst)


# --- rounds ----------------------------------------------------------------------------------------


def interleave(
    sides: Mapping[str, Callable[[], float]],
    rounds: int,
    *,
    warmup: int = 1,
    palindrome: bool = False,
    progress: Callable[[str], None] | None = None,
) -> dict[str, list[float]]:
    """Run every side once per round, in alternating order; ``{side: one sample per round}``.

    Each callable runs once and returns its own measurement (seconds). The order is
    A B C in even rounds and C B A in odd ones (ABBA across rounds), so a slow drift
    favours no side; with ``palindrome`` every round is A B C C B A and a side's sample
    is the mean of its two runs (ABBA within the round; for cheap in-process sides).
    ``warmup`` rounds run first and are dropped (imports, page cache, byte-code).
    """
    names = list(sides)
    samples: dict[str, list[float]] = {name: [] for name in names}
    for index in range(-warmup, rounds):
        forward = names if index % 2 == 0 else names[::-1]
        order = forward + forward[::-1] if palindrome else forward
        runs: dict[str, list[float]] = {name: [] for name in names}
        for name in order:
            runs[name].append(sides[name]())
        if index >= 0:
            for name in names:
                samples[name].append(statistics.fmean(runs[name]))
        if progress is not None:
            state = "warm-up" if index < 0 else f"round {index + 1}/{rounds}"
            progress(f"{state}: " + ", ".join(f"{name} {fmt_seconds(statistics.fmean(runs[name]))}" for name in names))
    return samples


def wall_time(
    command: Sequence[str], *, cwd: Path | None = None, env: Mapping[str, str] | None = None, stdout: bool = False
) -> tuple[float, str]:
    """Wall time of a whole process (start to exit, as a user waits for it), and its stdout.

    A failing command is an error, never a fast sample."""
    started = time.perf_counter()
    done = subprocess.run(
        list(command), cwd=cwd, env=None if env is None else dict(env), capture_output=True, text=True
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(
            f"{' '.join(command)} exited {done.returncode}\n{done.stdout[-2000:]}{done.stderr[-4000:]}".rstrip()
        )
    return seconds, done.stdout if stdout else ""


def per_call(fn: Callable[[], object], number: int, before: Callable[[], object] | None = None) -> float:
    """One in-process sample: seconds per call over ``number`` calls of ``fn`` (``before``
    runs untimed first, e.g. to make fresh inputs)."""
    if before is not None:
        before()
    started = time.perf_counter()
    for _ in range(number):
        fn()
    return (time.perf_counter() - started) / number


# --- figures and the table -------------------------------------------------------------------------

KINDS = ("ratio", "speedup", "percent", "ms")


@dataclass(frozen=True)
class Target:
    """``op`` (``<=`` or ``>=``) ``value``, in the unit of the figure's ``kind``:
    ratio ours/alternative, speed-up alternative/ours, percent overhead, milliseconds."""

    op: str
    value: float

    def met(self, median: float) -> bool:
        return median <= self.value if self.op == "<=" else median >= self.value


@dataclass
class Figure:
    """One row of the table: a figure of issue 13's Targets, measured in this run."""

    name: str  # what --only selects
    what: str
    ours: str  # the median absolute time of our side, for orientation
    alternative: str  # what it is compared with, and that side's median time
    kind: str  # how ``value`` reads: one of KINDS
    value: Summary
    target: Target
    notes: list[str] = field(default_factory=list)
    samples: dict[str, list[float]] = field(default_factory=dict)  # raw per-round samples (seconds)

    @property
    def met(self) -> bool:
        return self.target.met(self.value.median)

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["value"] = {
            "median": self.value.median,
            "q1": self.value.q1,
            "q3": self.value.q3,
            "iqr": self.value.iqr,
            "rounds": self.value.n,
            "per_round": list(self.value.values),
        }
        data["target"] = {"op": self.target.op, "value": self.target.value}
        data["met"] = self.met
        return data


def fmt_seconds(seconds: float) -> str:
    """An absolute time with three significant figures, in s, ms or µs."""
    for scale, unit in ((1.0, "s"), (1e-3, "ms"), (1e-6, "µs")):
        if seconds >= scale or unit == "µs":
            value = seconds / scale
            return f"{value:.{2 if value < 10 else 1 if value < 100 else 0}f} {unit}"
    raise AssertionError("unreachable")


def fmt_value(kind: str, value: float) -> str:
    if kind == "ratio":
        return f"{value:.3f}x" if value < 0.1 else f"{value:.2f}x"
    if kind == "speedup":
        return f"{value:.2f}x faster"
    if kind == "percent":
        return f"{value:.1f}%"
    if kind == "ms":
        return f"{value:.1f} ms"
    raise ValueError(f"unknown kind {kind!r}")


def fmt_target(kind: str, target: Target) -> str:
    return f"{target.op} {fmt_value(kind, target.value)}"


def fmt_spread(figure: Figure) -> str:
    v = figure.value
    body = fmt_value(figure.kind, v.median)
    low, high = fmt_value(figure.kind, v.q1).split()[0], fmt_value(figure.kind, v.q3).split()[0]
    return f"{body} [IQR {low}..{high}, n={v.n}]"


def table(figures: Sequence[Figure]) -> str:
    """The final table: figure, ours, alternative, ratio (median, IQR, rounds), target, met/missed."""
    header = ("figure", "ours", "alternative", "ratio: median of per-round [IQR, rounds]", "target", "")
    rows = [header] + [
        (f.what, f.ours, f.alternative, fmt_spread(f), fmt_target(f.kind, f.target), "met" if f.met else "MISSED")
        for f in figures
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def machine_state() -> dict[str, Any]:
    """What the reader of a run needs to judge its noise: load averages, cores, Python."""
    try:
        load = list(os.getloadavg())
    except OSError:  # not available on this platform
        load = []
    return {"loadavg": load, "cpus": os.cpu_count(), "python": sys.version.split()[0], "executable": sys.executable}
