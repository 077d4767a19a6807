"""load -> validate -> build -> render -> format, returning files instead of writing them.

``generate`` is pure apart from reading the specs and templates: it returns
``{path relative to the output directory: content}``, and ``writer`` decides what to
do with it. Every vendor is checked before any is rendered, so one bad spec stops
the run with all its diagnostics and nothing half-made.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from .build import build
from .diagnostics import Diagnostic, SpecError
from .loader import LoadedSpec, load_file
from .model import Vendor
from .paths import display_path, spec_files
from .reference import FILE_NAME as REFERENCE_FILE
from .reference import render_reference
from .render import RenderError, environment, render_modules, runtime_modules

TYPED_MARKER = ""  # PEP 561: an empty py.typed marks a package that ships inline types


@dataclass(frozen=True)
class Checked:
    specs: tuple[LoadedSpec, ...]
    vendors: tuple[Vendor, ...]  # one per spec, in the same order
    warnings: tuple[Diagnostic, ...]


def load_and_check(files: list[Path]) -> Checked:
    """Load, validate and build every spec; SpecError with all errors if any."""
    return check_all([partial(load_file, file, display_path(file)) for file in files])


def check_all(loaders: Sequence[Callable[[], LoadedSpec]]) -> Checked:
    """Run every loader, then validate and build; SpecError with all errors if any."""
    from .validate import validate

    loaded: list[LoadedSpec] = []
    problems: list[Diagnostic] = []
    for load in loaders:
        try:
            loaded.append(load())
        except SpecError as exc:
            problems.extend(exc.diagnostics)
    for spec in loaded:
        problems.extend(validate(spec))
    errors = [d for d in problems if d.level == "error"]
    if errors:
        raise SpecError(problems)
    vendors = tuple(build(spec) for spec in loaded)
    return Checked(tuple(loaded), vendors, tuple(sorted(problems)))


def render_vendor(vendor: Vendor) -> dict[str, str]:
    """All files of one vendor's package, formatted, keyed ``<slug>/<file>``, and its ERRORS.md."""
    from .bodies import render_models
    from .formatting import format_source

    env = environment()
    modules = render_modules(vendor, env)
    modules["models.py"] = render_models(vendor)
    files = {f"{vendor.slug}/{name}": format_source(source) for name, source in modules.items()}
    files.update({f"{vendor.slug}/{name}": source for name, source in runtime_modules().items()})
    files[f"{vendor.slug}/py.typed"] = TYPED_MARKER
    files[f"{vendor.slug}/{REFERENCE_FILE}"] = render_reference(vendor, env)
    return dict(sorted(files.items()))


def render_all(checked: Checked) -> dict[str, str]:
    """Every file of every vendor, sorted by path, all in memory.

    A vendor that cannot be rendered (its body models fail ``bodies.check_models``, or a
    template refuses a value) becomes a diagnostic; the others are still tried, and
    SpecError lists them all, so nothing is written unless every vendor succeeded.
    """
    files: dict[str, str] = {}
    problems: list[Diagnostic] = []
    for spec, vendor in zip(checked.specs, checked.vendors):
        try:
            files.update(render_vendor(vendor))
        except RenderError as exc:
            problems.append(spec.diagnostic(exc.pointer, f"cannot generate {vendor.slug}: {exc}", exc.hint))
    if problems:
        raise SpecError(problems)
    return dict(sorted(files.items()))


def generate(specs_dir: Path) -> dict[str, str]:
    """Every generated file for every spec in ``specs_dir``, sorted by path."""
    return render_all(load_and_check(spec_files(specs_dir)))


@dataclass(frozen=True)
class SpecResult:
    """What generating one spec gave: its files, or the problems that stopped it."""

    file: Path
    slug: str
    files: dict[str, str]
    warnings: tuple[Diagnostic, ...] = ()
    problems: tuple[Diagnostic, ...] = ()  # the spec is invalid
    unrendered: tuple[Diagnostic, ...] = ()  # valid, but its package could not be made
    seconds: float = 0.0


def generate_spec(file: Path) -> SpecResult:
    """Load, validate, build and render one spec; problems are returned, not raised."""
    begun = time.perf_counter()
    try:
        try:
            checked = load_and_check([file])
        except SpecError as exc:
            return SpecResult(file, file.stem, {}, problems=tuple(exc.diagnostics), seconds=time.perf_counter() - begun)
        try:
            files = render_all(checked)
        except SpecError as exc:
            return SpecResult(file, file.stem, {}, unrendered=tuple(exc.diagnostics), seconds=time.perf_counter() - begun)
    except MemoryError:
        raise MemoryError(f"while generating from {display_path(file)}") from None
    return SpecResult(file, checked.vendors[0].slug, files, checked.warnings, seconds=time.perf_counter() - begun)


def _ignore_interrupts() -> None:
    """Workers leave Ctrl-C to the parent, which stops them: one message, no traceback per worker."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def generate_specs(files: Sequence[Path], jobs: int) -> list[SpecResult]:
    """``generate_spec`` for each file, in order, on up to ``jobs`` processes.

    Specs are independent, and black, validation and datamodel-code-generator are
    CPU-bound, so with several specs and cores each worker process takes some. Workers
    are forked (where the platform has fork) and return plain results; the caller
    writes nothing until it has them all.
    """
    workers = min(jobs, len(files))
    if workers <= 1:
        return [generate_spec(file) for file in files]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if "fork" not in multiprocessing.get_all_start_methods():
        return [generate_spec(file) for file in files]
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"), initializer=_ignore_interrupts)
    try:
        results = list(pool.map(generate_spec, files))
    except BaseException:  # Ctrl-C, or a worker's error: stop the others now rather than wait for them
        pool.shutdown(wait=False, cancel_futures=True)
        for process in multiprocessing.active_children():
            process.terminate()
        raise
    pool.shutdown()
    return results
