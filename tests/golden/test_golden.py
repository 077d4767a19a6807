"""generated/ is the golden record: regenerating from specs/ must give it byte for byte.

Update it with `make generate` and review the diff like any other change.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import GENERATED, ROOT, SPEC_FILES, SPECS, VENDORS
from generator import pipeline
from generator.output.writer import MANIFEST, read_tree


def test_generated_matches_specs_byte_for_byte() -> None:
    expected = pipeline.generate(SPECS)
    assert read_tree(GENERATED) == expected


def test_every_vendor_has_a_complete_package() -> None:
    from generator.emit.render import MODULE_TEMPLATES, RUNTIME_FILES

    assert sorted(p.name for p in GENERATED.iterdir() if p.is_dir()) == VENDORS  # one package per spec, no other
    for slug in VENDORS:
        names = sorted(p.name for p in (GENERATED / slug).iterdir() if p.name != "__pycache__")
        rendered = set(MODULE_TEMPLATES.values())
        assert set(RUNTIME_FILES) | rendered | {"ERRORS.md", "models.py", "py.typed", "vectors.json"} <= set(names)
        assert "__init__.py" in rendered  # the package's names are rendered from the model, not copied


def test_the_static_runtime_is_copied_verbatim_and_is_black_formatted() -> None:
    """templates/runtime/ is not formatted at generation time, so it must already be."""
    from generator.emit.formatting import format_source
    from generator.emit.render import RUNTIME_DIR, RUNTIME_FILES

    for name in RUNTIME_FILES:
        source = (RUNTIME_DIR / name).read_text()
        assert format_source(source) == source, f"run black (line length 100) on templates/runtime/{name}"
        for slug in VENDORS:
            assert (GENERATED / slug / name).read_text() == source


ANY = VENDORS[0]  # the tests below edit what every package and spec has


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=env, capture_output=True, text=True)


def test_check_fails_with_a_readable_diff_after_a_hand_edit(tmp_path: Path) -> None:
    shutil.copytree(SPECS, tmp_path / "specs")
    shutil.copytree(GENERATED, tmp_path / "generated", ignore=shutil.ignore_patterns("__pycache__"))
    assert _cli("check", cwd=tmp_path).returncode == 0

    runtime = tmp_path / "generated" / ANY / "_http.py"
    runtime.write_text(runtime.read_text().replace("MAX_MESSAGE_CHARS = 2_000", "MAX_MESSAGE_CHARS = 5"))
    result = _cli("check", cwd=tmp_path)
    assert result.returncode == 1
    assert "-MAX_MESSAGE_CHARS = 5" in result.stdout
    assert "+MAX_MESSAGE_CHARS = 2_000" in result.stdout
    assert f"generated/{ANY}/_http.py" in result.stdout
    assert "stale" in result.stderr


def test_check_fails_after_a_spec_edit_that_was_not_regenerated(tmp_path: Path) -> None:
    shutil.copytree(SPECS, tmp_path / "specs")
    shutil.copytree(GENERATED, tmp_path / "generated", ignore=shutil.ignore_patterns("__pycache__"))
    spec = tmp_path / "specs" / SPEC_FILES[ANY].name
    text = spec.read_text()
    found = re.search(r"max-attempts: (\d+)", text)
    assert found
    attempts = int(found[1])
    spec.write_text(text[: found.start(1)] + str(attempts + 2) + text[found.end(1) :])
    result = _cli("check", cwd=tmp_path)
    assert result.returncode == 1
    assert f"-    max_attempts={attempts}," in result.stdout
    assert f"+    max_attempts={attempts + 2}," in result.stdout


def test_check_reports_extra_and_missing_files(tmp_path: Path) -> None:
    shutil.copytree(SPECS, tmp_path / "specs")
    shutil.copytree(GENERATED, tmp_path / "generated", ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "generated" / ANY / "py.typed").unlink()
    (tmp_path / "generated" / "stale_vendor").mkdir()
    (tmp_path / "generated" / "stale_vendor" / "errors.py").write_text("x = 1\n")
    result = _cli("check", cwd=tmp_path)
    assert result.returncode == 1
    assert "generated/stale_vendor/errors.py" in result.stdout

    assert _cli("generate", "--quiet", cwd=tmp_path).returncode == 0
    assert not (tmp_path / "generated" / "stale_vendor").exists()
    assert (tmp_path / "generated" / ANY / "py.typed").exists()
    assert _cli("check", cwd=tmp_path).returncode == 0


def test_output_is_identical_under_different_hash_seeds(tmp_path: Path) -> None:
    outputs = []
    for seed in ("0", "4242"):
        out = tmp_path / f"out-{seed}"
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": seed}
        subprocess.run(
            # no cache (it would serve the second run) and one process, so each seed really regenerates
            [sys.executable, "-m", "generator", "generate", "--quiet", "--no-cache", "--jobs", "1", "--out", str(out)],
            cwd=ROOT, env=env, check=True, capture_output=True,
        )
        outputs.append({p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()})
    assert outputs[0] == outputs[1]
    assert set(outputs[0]) == set(read_tree(GENERATED)) | {MANIFEST}
