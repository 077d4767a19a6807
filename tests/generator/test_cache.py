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


# --- artifacts: one stage's result for exactly its inputs ------------------------------------------

FOURTH = (VENDORS * 4)[3]


def _imported(workdir: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    """generate, and the top-level packages it imported (``python -X importtime``)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "generator", "generate", "--cache-dir", str(workdir / "cache"), *args],
        cwd=workdir, env=env, capture_output=True, text=True,
    )
    found = {line.split("|")[-1].strip().split(".")[0] for line in result.stderr.splitlines() if line.startswith("import time:")}
    return result, found


def _fresh_copy(workdir: Path) -> Path:
    fresh = workdir / "fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    shutil.copytree(workdir / "specs", fresh / "specs")
    project_config(fresh)
    assert _generate(fresh, "--no-cache").returncode == 0
    return fresh


def test_an_extension_edit_reuses_the_models_and_the_openapi_verdict(workdir: Path) -> None:
    """A retry number changed: the spec is generated again, but neither
    datamodel-code-generator nor any validator is imported (black formats only the modules
    whose text changed), and the output is what a run without the cache writes."""
    assert _generate(workdir, "--jobs", "1").returncode == 0
    attempts = int(_edit(workdir, FIRST, "max-attempts", "?")) + 1
    _edit(workdir, FIRST, "max-attempts", attempts)
    result, imported = _imported(workdir, "--jobs", "1")
    assert result.returncode == 0, result.stderr
    assert _states(result)[FIRST] == "generated"
    assert not imported & {"datamodel_code_generator", "openapi_spec_validator", "jsonschema", "pydantic"}
    assert read_tree(workdir / "generated") == read_tree(_fresh_copy(workdir) / "generated")


def test_a_cold_run_imports_no_validator(tmp_path: Path) -> None:
    """The specs are inside what the fast checks restate: a cold run imports
    datamodel-code-generator and black (every module goes through black), no validator."""
    shutil.copytree(SPECS, tmp_path / "specs")
    project_config(tmp_path)
    result, imported = _imported(tmp_path, "--jobs", "1")
    assert result.returncode == 0, result.stderr
    assert {"datamodel_code_generator", "black"} <= imported
    assert not imported & {"openapi_spec_validator", "jsonschema", "requests", "pydantic_settings"}


def test_a_schema_edit_makes_the_models_again(workdir: Path) -> None:
    """The models artifact is keyed by the schemas: a changed schema is a miss, never a
    stale models.py."""
    assert _generate(workdir).returncode == 0
    spec = _spec(workdir, SECOND)
    text = spec.read_text()
    found = re.search(r"\n(\s+)type: string\n", text[text.index("\n  schemas:") :])
    assert found, "a string property in the schemas"
    at = text.index("\n  schemas:") + found.start()
    spec.write_text(text[:at] + text[at:].replace("type: string", "type: integer", 1))
    before = (workdir / "generated" / SECOND / "models.py").read_text()
    result = _generate(workdir)
    assert result.returncode == 0, result.stderr
    after = (workdir / "generated" / SECOND / "models.py").read_text()
    assert after != before and after == (_fresh_copy(workdir) / "generated" / SECOND / "models.py").read_text()


def _artifacts(cache_dir: Path) -> dict[str, dict[str, object]]:
    return {file.name[:64]: json.loads(file.read_text()) for file in cache_dir.glob("*.artifact")}


def test_every_artifact_is_used_by_an_entry_and_unused_ones_are_pruned(workdir: Path) -> None:
    assert _generate(workdir).returncode == 0
    entries = [json.loads(file.read_text()) for file in (workdir / "cache").glob("*.json")]
    used = {name for entry in entries for name in entry["uses"]}
    artifacts = _artifacts(workdir / "cache")
    kinds = {artifact["artifact"] for artifact in artifacts.values()}
    assert {name for name, artifact in artifacts.items() if artifact["artifact"] != "output"} == used
    assert [artifact["key"] for artifact in artifacts.values() if artifact["artifact"] == "output"] == [
        str((workdir / "generated").resolve())
    ]  # what the output held (writer.Known), the one artifact no spec uses
    assert {"models", "jinja", "runtime-code"} <= kinds
    own = set(json.loads(next(f for f in (workdir / "cache").glob("*.json") if json.loads(f.read_text())["slug"] == THIRD).read_text())["uses"])
    others = {name for entry in entries if entry["slug"] != THIRD for name in entry["uses"]}
    _spec(workdir, THIRD).unlink()
    assert _generate(workdir).returncode == 0
    left = {name for name, artifact in _artifacts(workdir / "cache").items() if artifact["artifact"] != "output"}
    assert left == others and not (own - others) & left


def test_a_corrupt_or_edited_artifact_is_a_miss(workdir: Path) -> None:
    assert _generate(workdir).returncode == 0
    for file in (workdir / "cache").glob("*.artifact"):
        payload = json.loads(file.read_text())
        if payload["artifact"] == "models":
            payload["value"] = "class Evil: ...\n"  # the digest no longer matches
            file.write_text(json.dumps(payload))
        else:
            file.write_text("{not json")
    for slug in VENDORS:
        _edit(workdir, slug, "max-attempts", int(_edit(workdir, slug, "max-attempts", "?")) + 1)
    result = _generate(workdir)
    assert result.returncode == 0, result.stderr
    assert read_tree(workdir / "generated") == read_tree(_fresh_copy(workdir) / "generated")


def test_every_input_of_an_artifact_is_in_its_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Changing any input of a stage changes its artifact's key (a miss); what is not an
    input (the vendor's name and spec path for the models, the extension for the OpenAPI
    verdict) does not."""
    from jinja2.bccache import Bucket

    from generator import pipeline
    from generator.emit import bodies, formatting
    from generator.emit.render import CompiledTemplates, environment
    from generator.model.pointers import EXTENSION
    from generator.provenance import Provenance
    from generator.records import replace
    from generator.spec import validate

    store = cache.Artifacts(tmp_path, "toolchain A")
    other = cache.Artifacts(tmp_path, "toolchain B")  # another generator, templates, package or Python
    (vendor,) = pipeline.load_and_check([SPEC_FILES[FIRST]]).vendors
    header = Provenance(vendor.spec_file, vendor.spec_sha256).python()

    # models: the schemas and the toolchain (datamodel-code-generator gets nothing else)
    request = bodies.models_request(vendor, header, store)
    renamed = replace(vendor, slug="renamed", name="Renamed", spec_file="elsewhere/renamed.yaml")
    assert bodies.models_request(renamed, "# another header\n", store).key == request.key
    assert bodies.models_request(vendor, header, other).key != request.key
    first = vendor.models[0]
    edited = replace(vendor, models=(replace(first, schema={"type": "string"}), *vendor.models[1:]))
    assert bodies.models_request(edited, header, store).key != request.key

    # the OpenAPI verdict: the document without its extension, and the toolchain
    data = pipeline.load_and_check([SPEC_FILES[FIRST]]).specs[0].data
    seen: list[str] = []
    monkeypatch.setattr(store, "get", lambda kind, key: seen.append(key))
    monkeypatch.setattr(validate, "surely_valid", lambda document: False)
    monkeypatch.setattr(validate, "openapi_errors", lambda document: ["an error"])
    validate.openapi_problems(data, store)
    validate.openapi_problems({**data, EXTENSION: {"changed": True}}, store)
    validate.openapi_problems({**data, "info": {**data["info"], "title": "changed"}}, store)
    monkeypatch.setattr(other, "get", lambda kind, key: seen.append(key))
    validate.openapi_problems(data, other)
    assert seen[0] == seen[1] and len({seen[0], seen[2], seen[3]}) == 3
    monkeypatch.undo()

    # black's output: the text, black's version and the mode
    keys: list[str] = []
    memo = cache.Artifacts(tmp_path, "")
    monkeypatch.setattr(memo, "get", lambda kind, key: keys.append(key))
    monkeypatch.setattr(memo, "put", lambda kind, key, value: None)
    for text, version in (("x = 1\n", "26.10.1"), ("x = 2\n", "26.10.1"), ("x = 1\n", "26.99.0")):
        monkeypatch.setattr(formatting, "black_version", lambda version=version: version)
        formatting._FORMATTED.clear()
        formatting.formatted(text, memo)
    formatting._FORMATTED.clear()
    assert len(set(keys)) == 3
    monkeypatch.undo()

    # a compiled template: its name, its source (Jinja's checksum) and the toolchain
    env = environment()

    def compiled_key(artifacts: cache.Artifacts, name: str, source: str) -> str:
        templates = CompiledTemplates(artifacts)
        return templates._key(Bucket(env, templates.get_cache_key(name), templates.get_source_checksum(source)))

    assert len({compiled_key(store, "a", "x"), compiled_key(store, "b", "x"), compiled_key(store, "a", "y"), compiled_key(other, "a", "x")}) == 4

    # the runtime's byte code (model.runtime): the module's path and source, and the toolchain
    assert len({
        store.key("runtime-code", "/r/_policy.py", b"x = 1\n"),
        store.key("runtime-code", "/r/_policy.py", b"x = 2\n"),
        store.key("runtime-code", "/s/_policy.py", b"x = 1\n"),
        other.key("runtime-code", "/r/_policy.py", b"x = 1\n"),
    }) == 4


def test_generation_spread_over_processes_writes_the_same_bytes_and_problems(workdir: Path) -> None:
    """With several jobs the body models are made in a helper process; a vendor whose models
    are refused is reported exactly as in one process, and nothing is written."""
    bad = ROOT / "tests" / "golden" / "cases" / "unsupported-schema" / "spec.yaml"
    shutil.copy(bad, workdir / "specs" / "unsupported.yaml")
    one = _generate(workdir, "--no-cache", "--jobs", "1")
    two = _generate(workdir, "--no-cache", "--jobs", "2")
    assert one.returncode == two.returncode == 1
    assert _diagnostics(one) == _diagnostics(two) and "cannot generate unsupported" in one.stderr
    assert read_tree(workdir / "generated") == read_tree(GENERATED)


def test_a_file_changed_since_the_cache_saw_it_is_read_again_whatever_its_times(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run that changes nothing reads no file the cache saw unchanged (writer.Known); an
    edit of the same size with the modification time put back still changes the file's
    change time and inode stamp, so it is read and repaired."""
    from generator import cli
    from generator.output import writer

    monkeypatch.chdir(workdir)
    monkeypatch.setattr(writer.Known, "SETTLE_NS", 0)  # record even files written just now
    assert cli.main(["generate", "--quiet", "--cache-dir", "cache"]) == 0
    assert cli.main(["generate", "--quiet", "--cache-dir", "cache"]) == 0  # stamps every file
    reads: list[str] = []
    real_read = writer._read
    monkeypatch.setattr(writer, "_read", lambda file, limit=-1: reads.append(str(file)) or real_read(file, limit))
    assert cli.main(["generate", "--quiet", "--cache-dir", "cache"]) == 0
    assert not [path for path in reads if "/generated/" in path and not path.endswith(writer.MANIFEST)]
    edited = workdir / "generated" / FIRST / "errors.py"
    before = edited.stat()
    text = edited.read_text()
    swapped = text.replace("Error", "Errar", 1)
    assert swapped != text and len(swapped) == len(text)
    edited.write_text(swapped)
    os.utime(edited, ns=(before.st_atime_ns, before.st_mtime_ns))  # the same size and modification time
    assert cli.main(["generate", "--quiet", "--cache-dir", "cache"]) == 0
    assert edited.read_text() == text
    assert read_tree(workdir / "generated") == read_tree(GENERATED)


def test_known_files_are_only_those_unchanged_since_they_held_the_expected_text(tmp_path: Path) -> None:
    from generator.output import writer

    file = tmp_path / "pkg" / "a.py"
    file.parent.mkdir()
    file.write_text("x = 1\n")
    info = os.lstat(file)
    known = writer.Known.of(tmp_path, {"pkg/a.py": "x = 1\n"}, info.st_ctime_ns + 10**10)
    entry = writer.scan(tmp_path / "pkg")["a.py"]
    assert known.unchanged("pkg/a.py", entry, "x = 1\n")
    assert not known.unchanged("pkg/a.py", entry, "x = 2\n")  # another expected text
    assert not known.unchanged("pkg/b.py", entry, "x = 1\n")
    assert not writer.Known.of(tmp_path, {"pkg/a.py": "x = 1\n"}, info.st_ctime_ns).stamps  # written just now: not vouched for
    file.write_text("x = 3\n")
    assert not known.unchanged("pkg/a.py", writer.scan(tmp_path / "pkg")["a.py"], "x = 1\n")


@pytest.mark.parametrize("helper_busy", [True, False])
def test_formatting_shared_with_the_helper_gives_blacks_output_for_each_text(helper_busy: bool) -> None:
    """Whichever process formats a module, and whether this one joins in (the helper busy
    with models) or leaves it all to the helper, each text gets black's output for it."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from generator import pipeline
    from generator.emit.formatting import format_source

    texts = [f"x{n} = {{ 'a':{n},  'b' : [1,2 , {n}] }}\ndef f{n}( a,b ):\n  return a+b\n" for n in range(6)]
    helper = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
    try:
        helper.submit(pipeline._import_formatter).result()
        made = pipeline._format_shared(helper, texts, helper_busy=helper_busy)
    finally:
        helper.shutdown()
    assert list(made) == texts
    assert all(made[text] == format_source(text) != text for text in texts)


def test_a_retry_edit_with_a_helper_writes_what_one_process_writes(workdir: Path) -> None:
    """One spec to generate again with several jobs: the helper formats its modules."""
    assert _generate(workdir, "--jobs", "2").returncode == 0
    attempts = int(_edit(workdir, FIRST, "max-attempts", "?")) + 1
    _edit(workdir, FIRST, "max-attempts", str(attempts))
    assert _generate(workdir, "--jobs", "2").returncode == 0
    fresh = _fresh_copy(workdir)
    assert read_tree(workdir / "generated") == read_tree(fresh / "generated")
