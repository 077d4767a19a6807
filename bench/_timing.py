"""Shared timing helpers: median of several repeats after a warm-up, per call."""

from __future__ import annotations

import statistics
import timeit
from collections.abc import Callable


def per_call(
    fn: Callable[[], object], *, number: int = 2000, repeat: int = 15, before: Callable[[], object] | None = None
) -> float:
    """Median seconds per call of ``fn`` over ``repeat`` runs of ``number`` calls, after a
    warm-up run; ``before`` runs (untimed) ahead of each run, e.g. to make fresh inputs."""
    samples = []
    for run in range(repeat + 1):
        if before is not None:
            before()
        seconds = timeit.timeit(fn, number=number)
        if run:
            samples.append(seconds / number)
    return statistics.median(samples)


def report(label: str, ours: float, theirs: float, alternative: str, *, scale: float = 1e6, unit: str = "µs") -> None:
    """One line: both figures and the ratio ours/theirs (below 1 means we are faster)."""
    ratio = ours / theirs
    speed = f"{1 / ratio:.1f}x faster" if ratio < 1 else f"{ratio:.1f}x slower"
    print(f"{label}: ours {ours * scale:.2f} {unit} | {alternative} {theirs * scale:.2f} {unit} | ratio {ratio:.2f} ({speed})")
