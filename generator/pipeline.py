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
from .reference import FILE_NAME as REFERENCE_FILE
from .reference import render_reference
from .render import RenderError, environment, render_modules, runtime_modules
from .paths import display_path, spec_files

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


def render_all(checked: Checked, progress: Callable[[str, float], None] | None = None) -> dict[str, str]:
    """Every file of every vendor, sorted by path, all in memory.

    A vendor that cannot be rendered (its body models fail ``bodies.check_models``, or a
    template refuses a value) becomes a diagnostic; the others are still tried, and
    SpecError lists them all, so nothing is written unless every vendor succeeded.
    """
    files: dict[str, str] = {}
    problems: list[Diagnostic] = []
    for spec, vendor in zip(checked.specs, checked.vendors):
        begun = time.perf_counter()
        try:
            files.update(render_vendor(vendor))
        except RenderError as exc:
            problems.append(spec.diagnostic(exc.pointer, f"cannot generate {vendor.slug}: {exc}", exc.hint))
        if progress is not None:
            progress(vendor.slug, time.perf_counter() - begun)
    if problems:
        raise SpecError(problems)
    return dict(sorted(files.items()))


def generate(specs_dir: Path) -> dict[str, str]:
    """Every generated file for every spec in ``specs_dir``, sorted by path."""
    return render_all(load_and_check(spec_files(specs_dir)))
