"""Generated packages are vendorable: stdlib-only, relative imports, typed, mypy --strict clean."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import GENERATED, VENDORS


def test_mypy_strict_is_clean_on_generated(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.11", "--cache-dir", str(tmp_path / "cache"), "."],
        cwd=GENERATED, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Success: no issues found in {len(list(GENERATED.glob('*/*.py')))} source files" in result.stdout


@pytest.mark.parametrize("slug", VENDORS)
def test_imports_are_stdlib_or_relative(slug: str) -> None:
    for file in sorted((GENERATED / slug).glob("*.py")):
        for node in ast.walk(ast.parse(file.read_text())):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            else:
                continue
            for name in names:
                assert name.split(".")[0] in sys.stdlib_module_names, f"{file.name} imports {name}"


@pytest.mark.parametrize("slug", VENDORS)
def test_copied_package_imports_under_another_parent_without_site_packages(tmp_path: Path, slug: str) -> None:
    target = tmp_path / "anysdk" / "_vendor" / slug
    shutil.copytree(GENERATED / slug, target, ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "anysdk" / "__init__.py").write_text("")
    (tmp_path / "anysdk" / "_vendor" / "__init__.py").write_text("")
    assert (target / "py.typed").exists()
    script = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(tmp_path)!r})
        import anysdk._vendor.{slug} as pkg
        import anysdk._vendor.{slug}.models
        error = pkg.from_response(503, {{"Retry-After": "1"}}, b"<html>down</html>")
        assert isinstance(error, pkg.ServerError), type(error)
        assert type(error).__module__ == "anysdk._vendor.{slug}.errors"
        pkg.DEFAULT_POLICY.decide(error, attempt=1)
        foreign = sorted(
            name for name in sys.modules
            if name.split(".")[0] not in sys.stdlib_module_names and name.split(".")[0] not in ("anysdk", "__main__")
        )
        assert not foreign, foreign
        assert not any(name.startswith("generated") for name in sys.modules)
        print("ok")
        """
    )
    result = subprocess.run([sys.executable, "-S", "-I", "-c", script], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr
