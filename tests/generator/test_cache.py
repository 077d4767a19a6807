"""The no-op cache makes generate faster and can never leave generated/ stale."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import GENERATED, ROOT, SPEC_FILES, SPECS, VENDORS, project_config
from generator.output import cache
from generator.output.writer import read_tree
from generator.paths import TEMPLATES_DIR


def _generate(workdir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "generator", "generate", "--cache-dir", str(workdir / "cache"), *args],
        cwd=workdir, env=env, capture_output=True, text=True,
    )


def _states(result: subprocess.CompletedProcess[str]) -> dict[str, str]:
    """{vendor: "cached" or "generated"} from generate's progress lines (on stderr)."""
    lines = (re.fullmatch(r"  (\S+) +\d+\.\d+s  (cached|generated)", line) for line in result.stderr.splitlines())
    return dict(found.groups() for found in lines if found)  # type: ignore[misc]


def _diagnostics(result: subprocess.CompletedProcess[str]) -> list[str]:
    """stderr without the progress lines and the summary, which hold times and states."""
    return [line for line in result.stderr.splitlines() if not re.search(r"\d\.\d\ds( |\)$)", line)]


FIRST, SECOND, THIRD = (VENDORS * 3)[:3]  # any vendors: the tests edit what every spec has


def _spec(workdir: Path, slug: str) -> Path:
    return workdir / "specs" / SPEC_FILES[slug].name


def _edit(workdir: Path, slug: str, key: str, value: object) -> str:
    """Set the spec's first ``key:`` (a retry setting every spec has) to ``value``; its old value."""
    spec = _spec(workdir, slug)
    text = spec.read_text()
    found = re.search(rf"\n\s+{key}: (\S+)", text)
    assert found, key
    spec.write_text(text[: found.start(1)] + str(value) + text[found.end(1) :])
    return found.group(1)


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    shutil.copytree(SPECS, tmp_path / "specs")
    shutil.copytree(GENERATED, tmp_path / "generated", ignore=shutil.ignore_patterns("__pycache__"))
    project_config(tmp_path)
    return tmp_path


def test_a_second_run_is_all_cached_and_identical(workdir: Path) -> None:
    first = _generate(workdir)
    assert first.returncode == 0, first.stderr
    assert set(_states(first).values()) == {"generated"}
    second = _generate(workdir)
    assert second.returncode == 0
    assert set(_states(second).values()) == {"cached"} and len(_states(second)) == len(VENDORS)
    assert read_tree(workdir / "generated") == read_tree(GENERATED)
    assert "files unchanged" in second.stderr and second.stdout == ""


def test_a_cached_run_repairs_hand_edits_and_deleted_files(workdir: Path) -> None:
    assert _generate(workdir).returncode == 0
    edited = workdir / "generated" / FIRST / "errors.py"
    edited.write_text(edited.read_text() + "\nx = 1\n")
    (workdir / "generated" / SECOND / "_http.py").unlink()
    (workdir / "generated" / THIRD / "extra.py").write_text("y = 2\n")
    result = _generate(workdir)
    assert set(_states(result).values()) == {"cached"}
    assert "files written" in result.stderr
    assert read_tree(workdir / "generated") == read_tree(GENERATED)


def test_a_changed_spec_regenerates_only_that_vendor(workdir: Path) -> None:
    assert _generate(workdir).returncode == 0
    attempts = int(_edit(workdir, FIRST, "max-attempts", "?")) + 2
    _edit(workdir, FIRST, "max-attempts", attempts)
    result = _generate(workdir)
    assert _states(result) == {slug: "generated" if slug == FIRST else "cached" for slug in VENDORS}
    assert f"max_attempts={attempts}," in (workdir / "generated" / FIRST / "retry.py").read_text()
    fresh = workdir / "fresh"
    shutil.copytree(workdir / "specs", fresh / "specs")
    project_config(fresh)
    assert _generate(fresh, "--no-cache").returncode == 0
    assert read_tree(fresh / "generated") == read_tree(workdir / "generated")


def test_a_removed_spec_removes_its_package_and_entry(workdir: Path) -> None:
    assert _generate(workdir).returncode == 0
    _spec(workdir, SECOND).unlink()
    assert _generate(workdir).returncode == 0
    assert not (workdir / "generated" / SECOND).exists()
    assert len(list((workdir / "cache").glob("*.json"))) == len(VENDORS) - 1


def test_a_bad_spec_writes_nothing_and_caches_nothing(workdir: Path) -> None:
    _edit(workdir, FIRST, "max-attempts", "many")
    result = _generate(workdir)
    assert result.returncode == 1 and "max-attempts" in result.stderr
    assert read_tree(workdir / "generated") == read_tree(GENERATED)
    assert not list((workdir / "cache").glob("*.json"))


def test_corrupt_or_foreign_entries_are_misses(workdir: Path) -> None:
    assert _generate(workdir).returncode == 0
    entries = sorted((workdir / "cache").glob("*.json"))
    entries[0].write_text("{not json")
    payload = json.loads(entries[1].read_text())
    payload["files"] = {"elsewhere/evil.py": "import os\n"}
    entries[1].write_text(json.dumps(payload))
    result = _generate(workdir)
    assert sorted(_states(result).values()) == ["cached", "cached", "cached", "generated", "generated"]
    assert read_tree(workdir / "generated") == read_tree(GENERATED)


def test_no_cache_neither_reads_nor_writes_it(workdir: Path) -> None:
    result = _generate(workdir, "--no-cache")
    assert set(_states(result).values()) == {"generated"}
    assert not (workdir / "cache").exists()


def test_quiet_prints_nothing_on_success(workdir: Path) -> None:
    result = _generate(workdir, "--quiet")
    assert result.returncode == 0 and result.stdout == "" and result.stderr == ""


def test_warnings_are_replayed_from_the_cache_and_strict_still_fails(tmp_path: Path) -> None:
    spec = ROOT / "tests" / "golden" / "cases" / "hostile-strings" / "hostile.yaml"  # generates, with one warning
    (tmp_path / "specs").mkdir()
    shutil.copy(spec, tmp_path / "specs" / spec.name)
    first = _generate(tmp_path)
    assert first.returncode == 0 and "warning:" in first.stderr
    second = _generate(tmp_path)
    assert set(_states(second).values()) == {"cached"}
    assert _diagnostics(second) == _diagnostics(first) and _diagnostics(first)
    strict = _generate(tmp_path, "--strict")
    assert strict.returncode == 1 and "--strict" in strict.stderr


def test_the_key_covers_spec_templates_generator_code_and_dependencies(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = tmp_path / SPEC_FILES[FIRST].name
    shutil.copy(SPEC_FILES[FIRST], spec)
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES_DIR, templates)
    code = tmp_path / "generator"
    shutil.copytree(cache.GENERATOR_DIR, code, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "GENERATOR_DIR", code)

    def key() -> str:
        cache.toolchain_digest.cache_clear()
        return cache.key(spec, templates)

    seen = {key()}
    assert key() in seen  # stable

    spec.write_bytes(spec.read_bytes() + b"\n# a comment changes nothing else, but is an input\n")
    seen.add(key())
    (templates / "errors.py.j2").write_text((templates / "errors.py.j2").read_text() + "\n")
    seen.add(key())
    (templates / "runtime" / "_http.py").write_text((templates / "runtime" / "_http.py").read_text() + "\n")
    seen.add(key())
    (code / "spec" / "build.py").write_text((code / "spec" / "build.py").read_text() + "\n")
    seen.add(key())
    (code / "spec" / "x-error-contract.schema.json").write_text((code / "spec" / "x-error-contract.schema.json").read_text() + "\n")
    seen.add(key())
    monkeypatch.setattr(cache, "_installed", lambda: "black-99.0.0.dist-info")
    seen.add(key())
    assert len(seen) == 7
    cache.toolchain_digest.cache_clear()


def test_the_key_covers_what_the_provenance_header_says(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The header names the generator's version, the spec's path from the project root and
    the generate-command: a change of any of them is a miss, so no file keeps a stale header."""
    from generator import provenance
    from generator.provenance import Origin

    spec = tmp_path / "specs" / SPEC_FILES[FIRST].name
    spec.parent.mkdir()
    shutil.copy(SPEC_FILES[FIRST], spec)

    def key(origin: Origin) -> str:
        return cache.key(spec, TEMPLATES_DIR, origin.key(spec))

    base = Origin(tmp_path, "make generate")
    seen = {key(base), key(Origin(tmp_path, "tox -e generate")), key(Origin(tmp_path / "specs", "make generate"))}
    monkeypatch.setattr(provenance, "__version__", "9.9.9")
    seen.add(key(base))
    assert len(seen) == 4


def test_the_installed_distributions_include_the_pinned_formatter() -> None:
    names = cache._installed().splitlines()
    assert any(name.startswith("black-") for name in names)
    assert any(name.startswith("datamodel_code_generator-") for name in names)


def test_parallel_and_sequential_generation_write_the_same_bytes(workdir: Path) -> None:
    serial, parallel = workdir / "serial", workdir / "parallel"
    assert _generate(workdir, "--no-cache", "--jobs", "1", "--out", str(serial)).returncode == 0
    assert _generate(workdir, "--no-cache", "--jobs", "2", "--out", str(parallel)).returncode == 0
    assert read_tree(serial) == read_tree(parallel) == read_tree(GENERATED)


def test_parallel_generation_reports_every_bad_spec(workdir: Path) -> None:
    bad = sorted({FIRST, SECOND})
    for slug in bad:
        _edit(workdir, slug, "max-server-wait", "soon")
    result = _generate(workdir, "--jobs", "2")
    assert result.returncode == 1
    assert all(f"specs/{SPEC_FILES[slug].name}" in result.stderr for slug in bad)
    assert read_tree(workdir / "generated") == read_tree(GENERATED)
