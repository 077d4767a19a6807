"""Safe writes and the command line's exit statuses.

The packages are replaced only when every vendor rendered; removed vendors and modules
disappear; an interruption at any point leaves each package intact; a package directory
that holds anything else is never replaced, and entries beside the packages are left alone.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from conftest import GENERATED, SPEC_FILES, project_config, quickest_quiet_vendors, vendor_package
from generator import cli, pipeline
from generator.emit.render import RenderError
from generator.output import writer
from generator.output.writer import UnsafeOutput, read_tree, write_tree

OLD = {"acme/__init__.py": "old = 1\n", "acme/errors.py": "old = 2\n", "gone/errors.py": "removed vendor\n"}
NEW = {"acme/__init__.py": "new = 1\n", "acme/py.typed": "", "beta/errors.py": "new vendor\n"}


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    """An output as the generator leaves it: ``files`` and its manifest."""
    root = tmp_path / "out"
    for path, content in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(content)
    (root / writer.MANIFEST).write_text(writer.manifest_text(files))
    return root


def _leftovers(root: Path) -> list[str]:
    """What a swap leaves while it runs: its directories in the output, partial files."""
    return sorted(p.name for p in root.rglob(".*") if p.name != writer.MANIFEST) if root.is_dir() else []


def test_write_replaces_the_tree_and_deletes_stale_vendors_and_modules(tmp_path: Path) -> None:
    root = _tree(tmp_path, OLD)
    assert write_tree(root, NEW) is True
    assert read_tree(root) == NEW
    assert not (root / "gone").exists() and not (root / "acme" / "errors.py").exists()
    assert _leftovers(root) == []
    assert write_tree(root, NEW) is False  # unchanged: nothing touched


@pytest.mark.parametrize("fail_on", ["staging", "swap"])
def test_an_interruption_leaves_the_previous_output_intact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fail_on: str) -> None:
    root = _tree(tmp_path, OLD)
    real_replace, real_open = os.replace, open

    def replace(src: os.PathLike[str], dst: os.PathLike[str]) -> None:
        if fail_on == "swap" and Path(src).name.startswith(".error-contracts.new.acme."):  # after acme moved aside
            assert not Path(dst).exists()
            raise KeyboardInterrupt
        real_replace(src, dst)

    def failing_open(file: os.PathLike[str], *args: object, **kwargs: object) -> object:
        if Path(file).name == "errors.py":
            raise OSError(28, "No space left on device")
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(writer, "_exchange", lambda a, b: False)  # the two-rename swap of platforms without renameat2
    monkeypatch.setattr(writer.os, "replace", replace)
    monkeypatch.setattr("builtins.open", failing_open if fail_on == "staging" else real_open)
    with pytest.raises(KeyboardInterrupt if fail_on == "swap" else OSError):
        write_tree(root, NEW)
    monkeypatch.undo()
    assert read_tree(root) == OLD
    assert _leftovers(root) == []


def test_a_hard_kill_between_the_renames_is_undone_by_the_next_run(tmp_path: Path) -> None:
    root = _tree(tmp_path, OLD)
    os.replace(root / "acme", root / ".error-contracts.old.acme.99999-0badcafe")  # killed here: acme/ is gone ...
    (root / ".error-contracts.new.acme.99999-0123abcd").mkdir()  # ... and a half-written copy is left
    (root / ".error-contracts.new.acme.99999-0123abcd" / "__init__.py").write_text("half")
    assert write_tree(root, OLD) is False  # the previous package is back, so there is nothing to write
    assert read_tree(root) == OLD
    assert _leftovers(root) == []
    assert write_tree(root, NEW) is True and read_tree(root) == NEW


def test_a_package_holding_other_files_is_never_replaced_and_entries_beside_the_packages_stay(tmp_path: Path) -> None:
    root = _tree(tmp_path, OLD)
    (root / "README.md").write_text("mine\n")  # beside the packages: not the generator's business
    (root / "acme" / "notes.txt").write_text("mine\n")  # inside an owned package: would be deleted with it
    before = read_tree(root)
    with pytest.raises(UnsafeOutput, match=r"refusing to replace '.*/out/acme': it holds files the generator did not write \(acme/notes.txt\)"):
        write_tree(root, NEW)
    assert read_tree(root) == before
    (root / "acme" / "notes.txt").unlink()
    assert write_tree(root, NEW) is True
    assert read_tree(root) == {**NEW, "README.md": "mine\n"}


# --- the command line -------------------------------------------------------------------------


# Two specs without warnings (stderr holds only what is tested); EDITED has no fallback
# delays of its own, so the warning test can add one.
QUIET = quickest_quiet_vendors(len(SPEC_FILES))
EDITED = next(slug for slug in QUIET if "fallback-delays:" not in SPEC_FILES[slug].read_text())
OTHER = next(slug for slug in QUIET if slug != EDITED)


def _edit_retry(spec: Path, line: str) -> None:
    """Add ``line`` (a key of the retry section) after the section's max-attempts."""
    text = spec.read_text()
    found = re.search(r"\n(\s+)max-attempts: \S+\n", text)
    assert found
    spec.write_text(text[: found.end()] + found.group(1) + line + "\n" + text[found.end() :])


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A checkout-like directory with two specs and their generated packages."""
    (tmp_path / "specs").mkdir()
    for slug in (EDITED, OTHER):
        shutil.copy(SPEC_FILES[slug], tmp_path / "specs")
        shutil.copytree(GENERATED / slug, tmp_path / "generated" / slug, ignore=shutil.ignore_patterns("__pycache__"))
    copied = {path: text for path, text in read_tree(tmp_path / "generated").items() if text is not None}
    (tmp_path / "generated" / writer.MANIFEST).write_text(writer.manifest_text(copied))
    project_config(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_one_vendor_failing_to_render_writes_nothing(workdir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    spec = workdir / "specs" / SPEC_FILES[EDITED].name
    spec.write_text(re.sub(r"max-attempts: (\d+)", lambda m: f"max-attempts: {int(m[1]) + 2}", spec.read_text(), count=1))
    assert pipeline.load_and_check([spec])  # valid, and would change generated/EDITED
    before = read_tree(workdir / "generated")
    real = pipeline.render_vendor

    def render_vendor(vendor: object, provenance: object, *args: object) -> dict[str, str]:
        if vendor.slug == OTHER:
            raise RenderError("models.py line 3: refused", "/components/schemas", "simplify the schema")
        return real(vendor, provenance, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "render_vendor", render_vendor)
    assert cli.main(["generate", "--quiet"]) == 1
    err = capsys.readouterr().err
    assert f"specs/{SPEC_FILES[OTHER].name}:" in err and f"error: cannot generate {OTHER}: models.py line 3: refused (/components/schemas)" in err
    assert "nothing was written" in err
    assert read_tree(workdir / "generated") == before


def test_generate_then_check(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workdir / "generated" / "theirs").mkdir()  # beside the packages, in no manifest: ignored and left alone
    (workdir / "generated" / "theirs" / "errors.py").write_text("x = 1\n")
    assert cli.main(["check", "--quiet"]) == 0
    edited = workdir / "generated" / OTHER / "errors.py"
    edited.write_text(edited.read_text() + "x = 1\n")
    assert cli.main(["check", "--quiet"]) == 1
    assert cli.main(["generate", "--quiet"]) == 0
    assert sorted(p.name for p in (workdir / "generated").iterdir()) == [writer.MANIFEST, *sorted((EDITED, OTHER, "theirs"))]
    assert (workdir / "generated" / "theirs" / "errors.py").read_text() == "x = 1\n"
    assert cli.main(["check", "--quiet"]) == 0


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["generate", "--specs", "nowhere"], "specs directory 'nowhere' does not exist"),
        (["validate", "--specs", "empty"], "no *.yaml or *.yml specs in 'empty'"),
        (["generate", "--out", "."], "would hold the specs"),
        (["generate", "--out", "specs"], "would hold the specs"),
        (["generate", "--out", f"specs/{SPEC_FILES[EDITED].name}"], "is not a directory"),
        (["generate", "--out", "elsewhere"], f"refusing to replace 'elsewhere/{EDITED}': a package directory the generator did not write ({EDITED}/notes.md)"),
    ],
)
def test_usage_errors_exit_2_and_touch_nothing(workdir: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    (workdir / "empty").mkdir()
    (workdir / "elsewhere" / EDITED).mkdir(parents=True)
    (workdir / "elsewhere" / EDITED / "notes.md").write_text("mine\n")
    before = read_tree(workdir)
    assert cli.main(argv) == 2
    assert message in capsys.readouterr().err
    assert read_tree(workdir) == before


def test_argparse_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in ([], ["frobnicate"], ["validate", "--bogus"]):
        with pytest.raises(SystemExit) as exit_info:
            cli.main(argv)
        assert exit_info.value.code == 2


def test_warnings_pass_unless_strict_and_validate_writes_nothing(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    unretried = next(s for s in range(400, 600) if not vendor_package(EDITED).DEFAULT_POLICY.is_retryable(s))
    _edit_retry(workdir / "specs" / SPEC_FILES[EDITED].name, f"fallback-delays: {{{unretried}: 5}}")
    before = read_tree(workdir)
    assert cli.main(["validate"]) == 0
    out = capsys.readouterr()
    assert f"warning: fallback delay for {unretried}, which is not retried" in out.err and "2 spec(s) valid, 1 warning(s)" in out.err
    assert cli.main(["validate", "--strict"]) == 1
    assert "1 warning(s) and --strict; nothing was written" in capsys.readouterr().err
    assert read_tree(workdir) == before
