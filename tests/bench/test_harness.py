"""The benchmark harness itself is right: its statistics on synthetic data, the inputs it
builds from the project (found by property, never by vendor name), and one cheap figure
run end to end in ``--quick`` mode. No time is asserted: only that the reported figure is
what its own raw samples give."""

from __future__ import annotations

import json
import math
import statistics
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import _project  # noqa: E402
import _timing  # noqa: E402
import bench_generate  # noqa: E402
import bench_scaling  # noqa: E402

# --- statistics -------------------------------------------------------------------------------------


def test_the_figure_is_the_median_of_per_round_ratios_not_the_ratio_of_medians() -> None:
    ours = [2.0, 4.0, 6.0, 100.0, 8.0]  # one round disturbed on our side only
    theirs = [1.0, 2.0, 3.0, 1.0, 4.0]
    summary = _timing.median_of_ratios(ours, theirs)
    assert summary.values == (2.0, 2.0, 2.0, 100.0, 2.0)
    assert summary.median == 2.0 and summary.n == 5
    assert statistics.median(ours) / statistics.median(theirs) != 2.0  # what the old benchmarks reported
    with pytest.raises(ValueError):
        _timing.per_round_ratios([1.0, 2.0], [1.0])


def test_quartiles_and_iqr() -> None:
    summary = _timing.summarize([9, 1, 8, 2, 7, 3, 6, 4, 5])
    assert (summary.q1, summary.median, summary.q3, summary.iqr) == (3, 5, 7, 4)
    even = _timing.summarize([1.0, 2.0, 3.0, 4.0])  # inclusive quantiles: (n - 1) * p between order statistics
    assert (even.q1, even.median, even.q3) == (1.75, 2.5, 3.25)
    assert _timing.summarize([0.7]).iqr == 0.0
    with pytest.raises(ValueError):
        _timing.summarize([])


def test_linear_fit() -> None:
    xs = [1, 10, 25, 50, 100]
    exact = _timing.fit_line(xs, [0.03 * x + 1.0 for x in xs])
    assert math.isclose(exact.slope, 0.03) and math.isclose(exact.intercept, 1.0)
    assert math.isclose(exact.r2, 1.0) and exact.max_relative_residual < 1e-12
    noisy = _timing.fit_line([0, 1, 2, 3], [1.0, 3.0, 5.0, 8.0])  # least squares by hand: y = 2.3x + 0.8
    assert math.isclose(noisy.slope, 2.3) and math.isclose(noisy.intercept, 0.8)
    assert math.isclose(noisy.r2, 1 - 0.3 / 26.75)
    assert math.isclose(noisy.max_relative_residual, 0.2 / 1.0)  # the first point: 1.0 measured, 0.8 fitted
    quadratic = _timing.fit_line(xs, [1.0 + 0.001 * x * x for x in xs])
    assert quadratic.max_relative_residual > 0.1  # what the linearity check catches
    with pytest.raises(ValueError):
        _timing.fit_line([3, 3], [1.0, 2.0])


def test_rounds_alternate_and_drop_the_warm_up() -> None:
    calls: list[str] = []
    clock = iter(range(1, 1000))

    def side(name: str):  # type: ignore[no-untyped-def]
        def once() -> float:
            calls.append(name)
            return float(next(clock))

        return once

    samples = _timing.interleave({"A": side("A"), "B": side("B")}, rounds=3, warmup=1)
    assert calls == ["B", "A", "A", "B", "B", "A", "A", "B"]  # warm-up, then ABBA across rounds
    assert samples == {"A": [3.0, 6.0, 7.0], "B": [4.0, 5.0, 8.0]}
    calls.clear()
    samples = _timing.interleave({"A": side("A"), "B": side("B")}, rounds=2, warmup=0, palindrome=True)
    assert calls == ["A", "B", "B", "A", "B", "A", "A", "B"]  # ABBA within each round
    assert samples == {"A": [(9 + 12) / 2, (14 + 15) / 2], "B": [(10 + 11) / 2, (13 + 16) / 2]}


def test_targets_and_table() -> None:
    assert _timing.Target("<=", 1.2).met(1.2) and not _timing.Target("<=", 1.2).met(1.21)
    assert _timing.Target(">=", 3.0).met(3.5) and not _timing.Target(">=", 3.0).met(2.9)
    figure = _timing.Figure(
        "x",
        "a figure",
        "1.00 s",
        "the other: 2.00 s",
        "ratio",
        _timing.summarize([0.5, 0.4, 0.6]),
        _timing.Target("<=", 0.55),
    )
    text = _timing.table([figure])
    assert "0.50x [IQR 0.45x..0.55x, n=3]" in text and "<= 0.55x" in text and text.rstrip().endswith("met")
    assert figure.as_json()["value"]["median"] == 0.5 and figure.as_json()["met"] is True


# --- inputs built from the project ------------------------------------------------------------------


@pytest.mark.parametrize("spec", _project.spec_files(), ids=lambda p: p.name)
def test_the_retry_edit_changes_one_number_of_the_retry_section(spec: Path) -> None:
    text = spec.read_text(encoding="utf-8")
    edited, change = bench_generate.edit_retry_number(text)  # raises if anything else would change
    assert change.startswith("retry.")
    assert sum(a != b for a, b in zip(text.splitlines(), edited.splitlines(), strict=True)) == 1


def test_datamodel_codegen_gets_every_option_the_generator_passes() -> None:
    flags, notes = _project.dmcg_flags()
    assert notes == [], notes  # an option bodies.py passes that the CLI side does not get
    assert flags[flags.index("--input-file-type") + 1] == "openapi"
    assert flags[flags.index("--output-model-type") + 1] == "typing.TypedDict"


def test_synthetic_vendors_have_fifty_codes_and_their_own_slugs(tmp_path: Path) -> None:
    _, data = bench_scaling.template()
    folder = bench_scaling.synthesize(tmp_path / "specs", 2, data)
    loaded = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in folder.iterdir()}
    assert len(loaded) == 2
    assert all(len(spec["x-error-contract"]["codes"]) == bench_scaling.CODES for spec in loaded.values())
    assert len({spec["x-error-contract"]["root-class"] for spec in loaded.values()}) == 2
    done = subprocess.run(
        [sys.executable, "-m", "generator", "validate", "--quiet", "--specs", str(folder)],
        cwd=tmp_path, capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


def test_the_runtime_figures_find_a_documented_retryable_429() -> None:
    case = _project.runtime_input()
    assert case.slug in _project.packages() and case.status == 429
    assert any(name.lower() == "retry-after" for name, _ in case.headers)


# --- end to end -------------------------------------------------------------------------------------


def test_one_cheap_figure_end_to_end_in_quick_mode() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--quick", "--json", "--only", "retry-decision"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["quick"] is True and document["failed"] == []
    (figure,) = document["figures"]
    assert figure["name"] == "retry-decision" and figure["kind"] == "speedup"
    samples = figure["samples"]
    ratios = [theirs / ours for theirs, ours in zip(samples["urllib3"], samples["ours"], strict=True)]
    assert figure["value"]["per_round"] == pytest.approx(ratios)
    assert figure["value"]["median"] == pytest.approx(statistics.median(ratios))
    assert figure["value"]["rounds"] == len(ratios) >= 2
    assert figure["met"] == (figure["value"]["median"] >= figure["target"]["value"])


def test_unknown_figure_names_are_refused() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--only", "no-such-figure"], capture_output=True, text=True
    )
    assert done.returncode == 2 and "no-such-figure" in done.stderr


def test_timed_processes_keep_byte_code_out_of_the_work_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    monkeypatch.setenv("PYTHONPATH", "/elsewhere")
    warmed = _project.env(pycache=tmp_path)
    assert warmed["PYTHONPYCACHEPREFIX"] == str(tmp_path) and "PYTHONDONTWRITEBYTECODE" not in warmed
    assert "PYTHONPATH" not in warmed
    plain = _project.env()  # the import figure reads byte-code compiled beside the copied package
    assert plain["PYTHONDONTWRITEBYTECODE"] == "1" and "PYTHONPYCACHEPREFIX" not in plain
