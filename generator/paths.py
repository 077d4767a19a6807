"""Where the specs and templates are. Free of heavy imports: a cached ``generate`` needs only this."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

# templates/ beside the package in a source tree; inside it when installed (see pyproject.toml)
_HERE = Path(__file__).resolve().parent
TEMPLATES_DIR = _HERE / "templates" if (_HERE / "templates").is_dir() else _HERE.parent / "templates"

# The vendor-independent runtime: plain Python in templates/runtime/, the same in every
# package, copied as it is below the provenance header (tests keep it black-formatted and
# mypy --strict clean).
RUNTIME_DIR = TEMPLATES_DIR / "runtime"


@cache
def runtime_files(runtime_dir: Path = RUNTIME_DIR) -> tuple[str, ...]:
    """Every module of templates/runtime/ (each is part of every package), sorted for
    byte-stable output."""
    return tuple(sorted(name for name in os.listdir(runtime_dir) if name.endswith(".py")))


@cache
def runtime_modules(runtime_dir: Path = RUNTIME_DIR) -> dict[str, str]:
    """``{module file name: source}`` of the static runtime, read once per process."""
    return {name: (runtime_dir / name).read_text(encoding="utf-8") for name in runtime_files(runtime_dir)}


SPEC_SUFFIXES = (".yaml", ".yml")  # both are read; x.yaml beside x.yml is an error (pipeline.spec_clashes)


def spec_files(specs_dir: Path) -> list[Path]:
    """The ``*.yaml`` and ``*.yml`` specs of ``specs_dir``, sorted: one per vendor.

    A directory that cannot be read raises OSError (``Path.glob`` would find nothing in it,
    and ``diff`` would report every vendor removed)."""
    with os.scandir(specs_dir) as entries:
        names = [entry.name for entry in entries if os.path.normcase(entry.name).endswith(SPEC_SUFFIXES)]
    return sorted(p for p in (specs_dir / name for name in names) if p.is_file())


def display_path(file: Path) -> str:
    """``specs/x.yaml`` relative to the working directory when possible (a link is shown by
    its own name, never by where it points)."""
    try:
        return (file.parent.resolve() / file.name).relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return file.as_posix()
