"""Where the specs and templates are. Free of heavy imports: a cached ``generate`` needs only this."""

from __future__ import annotations

import os
from pathlib import Path

# templates/ beside the package in a source tree; inside it when installed (see pyproject.toml)
_HERE = Path(__file__).resolve().parent
TEMPLATES_DIR = _HERE / "templates" if (_HERE / "templates").is_dir() else _HERE.parent / "templates"


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
