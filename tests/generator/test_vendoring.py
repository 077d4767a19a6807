"""Generating straight into an SDK's own ``_vendor/`` directory.

The directory also holds the SDK's files: its ``__init__.py``, other vendored libraries,
dot-files, links. ``generate`` writes and replaces only the packages it owns there and
leaves every other entry byte for byte; ``check`` guards the packages the SDK ships and
ignores the rest; a package directory the SDK owns is never overwritten.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SPEC_FILES, quickest_quiet_vendors
from generator import cli
from generator.output import writer

FIRST, SECOND = sorted(quickest_quiet_vendors(2))
SECRET = "secret-content-9b1d\n"

# The SDK's own entries of its _vendor/ directory; none may change or be printed.
THEIRS = {
    "__init__.py": '"""Vendored dependencies of anysdk."""\n',
    "six.py": SECRET,  # another vendored library, a module
    "urllib3/__init__.py": SECRET,  # another vendored library, a package
    "urllib3/util/retry.py": SECRET,
    "README.md": SECRET,
    ".gitattributes": "* linguist-vendored\n",
}


@pytest.fixture
def sdk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "anysdk"
    (root / "contracts").mkdir(parents=True)
    for slug in (FIRST, SECOND):
        shutil.copy(SPEC_FILES[slug], root / "contracts" / SPEC_FILES[slug].name)
    vendor = root / "src" / "anysdk" / "_vendor"
    for path, text in THEIRS.items():
        (vendor / path).parent.mkdir(parents=True, exist_ok=True)
        (vendor / path).write_text(text)
    (vendor / "linked").symlink_to(tmp_path, target_is_directory=True)
    (root / "src" / "anysdk" / "__init__.py").write_text("")
    (root / "pyproject.toml").write_text(
        '[tool.error-contracts]\nspecs = "contracts"\nout = "src/anysdk/_vendor"\ngenerate-command = "nox -s generate"\n'
    )
    monkeypatch.chdir(root)
    return root


def _theirs(vendor: Path) -> dict[str, bytes]:
    found = {path: (vendor / path).read_bytes() for path in THEIRS}
    assert (vendor / "linked").is_symlink()
    return found


def test_generate_and_check_in_an_sdks_vendor_directory_leave_its_own_files_alone(
    sdk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    vendor = sdk / "src" / "anysdk" / "_vendor"
    before = _theirs(vendor)
    assert cli.main(["generate"]) == 0, capsys.readouterr().err
    assert "files written in src/anysdk/_vendor" in capsys.readouterr().err
    assert _theirs(vendor) == before
    assert sorted(p.name for p in vendor.iterdir()) == sorted(
        [writer.MANIFEST, "README.md", ".gitattributes", "__init__.py", "six.py", "urllib3", "linked", FIRST, SECOND]
    )
    assert writer.read_manifest(vendor).packages == {FIRST, SECOND}
    assert cli.main(["check"]) == 0
    printed = "".join(capsys.readouterr())
    assert SECRET.strip() not in printed and "urllib3" not in printed and "README" not in printed
    assert cli.main(["generate"]) == 0  # nothing to change
    assert "files unchanged" in capsys.readouterr().err and _theirs(vendor) == before


def test_check_guards_the_owned_packages_only(sdk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    vendor = sdk / "src" / "anysdk" / "_vendor"
    assert cli.main(["generate", "--quiet"]) == 0
    (vendor / "six.py").write_text(SECRET + "edited\n")  # the SDK's own: not the generator's business
    (vendor / "new_lib").mkdir()
    (vendor / "new_lib" / "errors.py").write_text(SECRET)
    assert cli.main(["check", "--quiet"]) == 0
    edited = vendor / FIRST / "retry.py"
    edited.write_text(edited.read_text() + "HAND_EDIT = 1\n")
    (vendor / SECOND / "_http.py").unlink()
    assert cli.main(["check"]) == 1
    out, err = capsys.readouterr()
    assert f"--- src/anysdk/_vendor/{FIRST}/retry.py" in out and "-HAND_EDIT = 1" in out
    assert f"+++ src/anysdk/_vendor/{SECOND}/_http.py (expected)" in out
    assert SECRET.strip() not in out + err and "new_lib" not in out + err
    assert err == "generator: src/anysdk/_vendor is stale: run `nox -s generate` and commit the result\n"
    before = _theirs(vendor)
    assert cli.main(["generate", "--quiet"]) == 0
    assert cli.main(["check", "--quiet"]) == 0 and _theirs(vendor) == before
    assert (vendor / "new_lib" / "errors.py").read_text() == SECRET


def test_the_sdks_own_package_of_a_vendors_name_is_refused(sdk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    vendor = sdk / "src" / "anysdk" / "_vendor"
    (vendor / FIRST).mkdir()
    (vendor / FIRST / "__init__.py").write_text(SECRET)  # the SDK's hand-written client of the vendor
    everything = {p: p.read_bytes() for p in vendor.rglob("*") if p.is_file() and not p.is_symlink()}
    for command in (["generate", "--quiet"], ["generate", "--quiet", "--no-cache"]):
        assert cli.main(command) == 2
        err = capsys.readouterr().err
        assert err == (
            f"generator: error: refusing to replace 'src/anysdk/_vendor/{FIRST}': a package directory the generator "
            f"did not write ({FIRST}/__init__.py); move it away, or leave '{FIRST}' out of the vendors\n"
        )
    assert {p: p.read_bytes() for p in vendor.rglob("*") if p.is_file() and not p.is_symlink()} == everything
    assert not (vendor / SECOND).exists() and not (vendor / writer.MANIFEST).exists()  # nothing half-written
    (sdk / "pyproject.toml").write_text((sdk / "pyproject.toml").read_text() + f'vendors = ["{SECOND}"]\n')
    assert cli.main(["generate", "--quiet"]) == 0  # leaving it out of the vendors: generated beside it
    assert (vendor / FIRST / "__init__.py").read_text() == SECRET and writer.read_manifest(vendor).packages == {SECOND}


def test_the_vendored_packages_import_from_the_sdk(sdk: Path) -> None:
    assert cli.main(["generate", "--quiet"]) == 0
    script = (
        "import hashlib, pathlib\n"
        f"from anysdk._vendor import {FIRST} as vendored\n"
        f"spec = pathlib.Path('contracts/{SPEC_FILES[FIRST].name}')\n"
        "assert vendored.SPEC_PATH == spec.as_posix(), vendored.SPEC_PATH\n"
        "assert vendored.SPEC_SHA256 == hashlib.sha256(spec.read_bytes()).hexdigest()\n"
        "assert vendored.from_response(500, {}, b'').status == 500\n"
        "print(vendored.GENERATOR_VERSION)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(sdk / "src")}
    result = subprocess.run([sys.executable, "-B", "-c", script], cwd=sdk, env=env, capture_output=True, text=True)
    import generator

    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{generator.__version__}\n"
