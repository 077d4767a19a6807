"""load -> validate -> build -> render -> format, returning files instead of writing them.

``generate`` is pure apart from reading the specs and templates: it returns
``{path relative to the output directory: content}``, and ``writer`` decides what to
do with it. Every vendor is checked before any is rendered, so one bad spec stops
the run with all its diagnostics and nothing half-made.
"""

from __future__ import annotations

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
from .render import environment, render_modules

TYPED_MARKER = ""  # PEP 561: an empty py.typed marks a package that ships inline types


@dataclass(frozen=True)
class Checked:
    vendors: tuple[Vendor, ...]
    warnings: tuple[Diagnostic, ...]
    specs: tuple[LoadedSpec, ...] = ()  # what each vendor was built from, in the same order


def spec_files(specs_dir: Path) -> list[Path]:
    return sorted(p for p in specs_dir.glob("*.yaml") if p.is_file())


def display_path(file: Path) -> str:
    """``specs/x.yaml`` relative to the working directory when possible."""
    try:
        return file.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return file.as_posix()


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
    return Checked(vendors, tuple(sorted(problems)), tuple(loaded))


def render_vendor(vendor: Vendor) -> dict[str, str]:
    """All files of one vendor's package, formatted, keyed ``<slug>/<file>``, and its ERRORS.md."""
    from .bodies import render_models
    from .formatting import format_source

    env = environment()
    modules = render_modules(vendor, env)
    modules["models.py"] = render_models(vendor)
    files = {f"{vendor.slug}/{name}": format_source(source) for name, source in modules.items()}
    files[f"{vendor.slug}/py.typed"] = TYPED_MARKER
    files[f"{vendor.slug}/{REFERENCE_FILE}"] = render_reference(vendor, env)
    return dict(sorted(files.items()))


def generate(specs_dir: Path) -> dict[str, str]:
    """Every generated file for every spec in ``specs_dir``, sorted by path."""
    checked = load_and_check(spec_files(specs_dir))
    files: dict[str, str] = {}
    for vendor in checked.vendors:
        files.update(render_vendor(vendor))
    return dict(sorted(files.items()))
