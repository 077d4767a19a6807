"""Generation, whole processes as a user waits for them, against one ``datamodel-codegen`` run.

Sides (each a fresh process, wall time from start to exit, run in alternating order
round by round):

- ``cold --jobs 1`` and ``cold``: ``generate`` of every spec in ``specs/`` (copied into a
  temporary project directory, the working directory, with ``--specs specs --out out
  --cache-dir cache``) with an empty cache and a new output directory, with ``--jobs 1``
  and with the default number of jobs;
- ``datamodel-codegen``: its command line on the largest spec (the same file), with the
  flags closest to the options ``generator/emit/bodies.py`` passes it;
- ``retry edit``: the same specs, the cache and output warmed beforehand, then one number
  of the largest spec's ``retry`` section changed (``max-attempts`` + 1, checked to be the
  only change) in a copy of that warmed project directory (the same relative paths, so
  nothing but the edit differs), and ``generate`` run again (default jobs);
- ``no-op``: ``generate`` again with the cache warm and the output up to date.

Figures: cold (both) / datamodel-codegen, retry edit / datamodel-codegen, no-op / cold
(default jobs), each the median of per-round ratios.
"""

from __future__ import annotations

import re
import shutil
import statistics
import tempfile
from collections.abc import Callable, Collection
from pathlib import Path

import yaml
from _project import PYTHON, dmcg_flags, env, generate_command, largest_spec, spec_files, tool
from _timing import Figure, Target, fmt_seconds, interleave, median_of_ratios, wall_time

FIGURES = ("cold-generate-jobs1", "cold-generate", "regenerate-retry", "noop-generate")
# figure: (numerator side, denominator side, kind, target)
_RATIOS = {
    "cold-generate-jobs1": ("cold --jobs 1", "datamodel-codegen", Target("<=", 1.2)),
    "cold-generate": ("cold", "datamodel-codegen", Target("<=", 1.2)),
    "regenerate-retry": ("retry edit", "datamodel-codegen", Target("<=", 0.35)),
    "noop-generate": ("no-op", "cold", Target("<=", 0.08)),
}


def edit_retry_number(text: str) -> tuple[str, str]:
    """``text`` (a spec) with one number of its ``x-error-contract`` ``retry`` section changed,
    by editing that one line: ``max-attempts`` + 1 when present, else the first plain number.
    Returns the new text and what changed; raises if anything but that number would change."""
    lines = text.splitlines(keepends=True)
    top = next(i for i, line in enumerate(lines) if re.match(r"x-error-contract:\s*(#.*)?$", line))
    start = indent = None
    for i in range(top + 1, len(lines)):
        found = re.match(r"( +)retry:\s*(#.*)?$", lines[i])
        if found and (indent is None or len(found.group(1)) == indent):
            start, indent = i, len(found.group(1))
            break
        if re.match(r"\S", lines[i]) and not lines[i].startswith("#"):  # past x-error-contract
            break
    if start is None or indent is None:
        raise LookupError("no block-style retry section under x-error-contract")
    section = []
    for i in range(start + 1, len(lines)):
        content = lines[i].strip()
        if content and not content.startswith("#") and len(lines[i]) - len(lines[i].lstrip(" ")) <= indent:
            break
        section.append(i)
    number = re.compile(r"^(\s+)([\w-]+):(\s*)(\d+(?:\.\d+)?)(\s*(#.*)?\n?)$")
    found = {i: m for i in section if (m := number.match(lines[i]))}
    chosen = next((i for i, m in found.items() if m.group(2) == "max-attempts"), None)
    if chosen is None:
        if not found:
            raise LookupError("no plain number in the retry section")
        chosen = next(iter(found))
    match = found[chosen]
    old = match.group(4)
    new = str(int(old) + 1) if old.isdigit() else f"{float(old) + 0.5:g}"
    lines[chosen] = f"{match.group(1)}{match.group(2)}:{match.group(3)}{new}{match.group(5)}"
    edited = "".join(lines)
    before, after = yaml.safe_load(text), yaml.safe_load(edited)
    key = match.group(2)
    if after["x-error-contract"]["retry"].get(key) != yaml.safe_load(new):
        raise AssertionError(f"the edit of {key} did not land in x-error-contract.retry")
    after["x-error-contract"]["retry"][key] = before["x-error-contract"]["retry"][key]
    if after != before:
        raise AssertionError(f"editing {key} changed more than the retry number")
    return edited, f"retry.{key}: {old} -> {new} (line {chosen + 1})"


def run(selected: Collection[str], rounds: int, log: Callable[[str], None], quick: bool = False) -> list[Figure]:
    needed = {side for name in selected for side in _RATIOS[name][:2]}
    work = Path(tempfile.mkdtemp(prefix="bench-generate-"))
    try:
        return _run(selected, needed, rounds, work, log)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _run(
    selected: Collection[str], needed: set[str], rounds: int, work: Path, log: Callable[[str], None]
) -> list[Figure]:
    # Every generate runs in a project directory of its own (specs/, out/, cache/ inside, the
    # working directory, named relatively), so that the spec paths the output records are the
    # same in a warmed copy as in the run that warmed it.
    specs = work / "specs"
    specs.mkdir()
    for file in spec_files():
        shutil.copy2(file, specs / file.name)
    largest = largest_spec()
    environment = env(pycache=work / "pycache")  # compiled by the warm-up round, outside the work tree
    counter = iter(range(1_000_000))

    def generate_in(project: Path, *extra: str) -> float:
        command = generate_command(Path("specs"), Path("out"), Path("cache"), *extra)
        return wall_time(command, cwd=project, env=environment)[0]

    def show(side: str, project: Path) -> None:
        """Once, untimed: what the generator says it did (cached or generated, per spec) for ``side``."""
        command = [arg for arg in generate_command(Path("specs"), Path("out"), Path("cache")) if arg != "--quiet"]
        said = wall_time(command, cwd=project, env=environment, stdout=True)[1]
        log(f"{side}, as the generator reports it (an untimed run):")
        for line in said.splitlines():
            log(f"  {line.strip()}")

    def cold(*extra: str) -> Callable[[], float]:
        def once() -> float:
            project = work / f"run-{next(counter)}"
            shutil.copytree(specs, project / "specs")
            try:
                return generate_in(project, *extra)
            finally:
                shutil.rmtree(project, ignore_errors=True)

        return once

    sides: dict[str, Callable[[], float]] = {}
    dmcg_notes: list[str] = []
    edit_notes: list[str] = []
    if "cold --jobs 1" in needed:
        sides["cold --jobs 1"] = cold("--jobs", "1")
    if "cold" in needed:
        sides["cold"] = cold()
    if "datamodel-codegen" in needed:
        flags, unmapped = dmcg_flags()
        dmcg_notes += [f"datamodel-codegen on {largest.name} (the largest spec): {' '.join(flags)}", *unmapped]
        command = [tool("datamodel-codegen"), "--input", str(Path("specs") / largest.name), *flags]
        sides["datamodel-codegen"] = lambda: wall_time([*command, "--output", "models.py"], cwd=work, env=environment)[
            0
        ]
    warm = work / "warm"
    if needed & {"retry edit", "no-op"}:
        shutil.copytree(specs, warm / "specs")
        generate_in(warm)
    if "retry edit" in needed:
        edited, change = edit_retry_number((specs / largest.name).read_text(encoding="utf-8"))
        edit_notes.append(f"retry edit: {largest.name} {change}; cache and output warmed with the original specs")

        def edited_copy() -> Path:
            project = work / f"run-{next(counter)}"
            shutil.copytree(warm, project)
            (project / "specs" / largest.name).write_text(edited, encoding="utf-8")
            return project

        def retry_edit() -> float:
            project = edited_copy()
            try:
                return generate_in(project)
            finally:
                shutil.rmtree(project, ignore_errors=True)

        shown = edited_copy()
        show("retry edit", shown)
        shutil.rmtree(shown, ignore_errors=True)
        sides["retry edit"] = retry_edit
    if "no-op" in needed:
        show("no-op", warm)
        sides["no-op"] = lambda: generate_in(warm)

    log(f"generate: {len(spec_files())} specs, sides {', '.join(sides)}; {rounds} rounds after a warm-up")
    samples = interleave(sides, rounds, progress=log)
    figures = []
    for name in FIGURES:
        if name not in selected:
            continue
        ours, theirs, target = _RATIOS[name]
        what = {
            "cold-generate-jobs1": f"cold generate, {len(spec_files())} specs, --jobs 1",
            "cold-generate": f"cold generate, {len(spec_files())} specs, default jobs",
            "regenerate-retry": "regenerate after one retry number changed",
            "noop-generate": "no-op generate (cache warm, output up to date)",
        }[name]
        alternative = (
            f"datamodel-codegen CLI, {largest.name}" if theirs == "datamodel-codegen" else "cold generate, default jobs"
        )
        figures.append(
            Figure(
                name=name,
                what=what,
                ours=fmt_seconds(statistics.median(samples[ours])),
                alternative=f"{alternative}: {fmt_seconds(statistics.median(samples[theirs]))}",
                kind="ratio",
                value=median_of_ratios(samples[ours], samples[theirs]),
                target=target,
                notes=(dmcg_notes if theirs == "datamodel-codegen" else [])
                + (edit_notes if ours == "retry edit" else []),
                samples={ours: samples[ours], theirs: samples[theirs]},
            )
        )
    return figures


if __name__ == "__main__":
    import sys

    sys.exit(f"run the benchmarks with `make bench` or `{PYTHON} bench/run.py --only NAME` ({', '.join(FIGURES)})")
