"""The generator says which version it is, the same one its distribution declares."""

from __future__ import annotations

import subprocess
import sys
import tomllib

import generator
from conftest import ROOT


def test_version_flag_prints_the_declared_version() -> None:
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    result = subprocess.run([sys.executable, "-m", "generator", "--version"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"error-contracts {declared}" == f"error-contracts {generator.__version__}"  # the console script's name


def test_the_changelog_has_an_entry_for_the_version() -> None:
    assert f"## {generator.__version__} " in (ROOT / "CHANGELOG.md").read_text()
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
