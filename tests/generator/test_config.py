"""``[tool.error-contracts]`` in pyproject.toml: found from the working directory upward (or
named with ``--config``), paths relative to its directory, flags winning over it, every
command reading it, and every mistake in it one line naming the file and the key (exit 2)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import SPEC_FILES, quickest_quiet_vendors
from generator import cli, config
from generator.output import writer
from generator.output.writer import read_tree

FIRST, SECOND = sorted(quickest_quiet_vendors(2))  # quick to generate; stderr holds only what is tested


def _pyproject(directory: Path, table: str, extra: str = "") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "pyproject.toml").write_text(f'[project]\nname = "anysdk"\n{extra}\n[tool.error-contracts]\n{table}')
    return directory / "pyproject.toml"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An SDK project: two specs in contracts/, its own package in src/anysdk/, no Makefile."""
    (tmp_path / "contracts").mkdir()
    for slug in (FIRST, SECOND):
        shutil.copy(SPEC_FILES[slug], tmp_path / "contracts" / SPEC_FILES[slug].name)
    (tmp_path / "src" / "anysdk" / "_vendor").mkdir(parents=True)
    (tmp_path / "src" / "anysdk" / "_vendor" / "__init__.py").write_text("")
    _pyproject(tmp_path, 'specs = "contracts"\nout = "src/anysdk/_vendor"\ngenerate-command = "hatch run generate"\n')
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _packages(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.is_dir())


# --- discovery and precedence --------------------------------------------------------------------


def test_the_nearest_pyproject_is_read_from_any_subdirectory_with_paths_relative_to_it(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    deep = project / "src" / "anysdk"
    monkeypatch.chdir(deep)
    assert cli.main(["generate", "--quiet", "--no-cache"]) == 0, capsys.readouterr().err
    vendor = project / "src" / "anysdk" / "_vendor"
    assert _packages(vendor) == sorted([FIRST, SECOND])
    assert not (deep / "generated").exists() and not (project / "generated").exists()
    assert cli.main(["check", "--quiet"]) == 0
    assert cli.main(["validate", "--quiet"]) == 0
    monkeypatch.chdir(project)
    assert cli.main(["check", "--quiet"]) == 0  # the same bytes from the project root


def test_the_search_stops_at_the_first_pyproject_even_without_the_table(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inner = project / "tools"
    inner.mkdir()
    (inner / "pyproject.toml").write_text('[project]\nname = "tools"\n')
    found = config.discover(inner)
    assert found.file is None and found.root == inner.resolve() and found.specs is None  # defaults, from here
    assert config.discover(project).file == (project / "pyproject.toml").resolve()


def test_without_any_pyproject_the_defaults_apply_in_the_working_directory(tmp_path: Path) -> None:
    found = config.discover(tmp_path)
    assert found == config.Config(root=tmp_path.resolve()) and found.command == "error-contracts generate"


def test_config_flag_names_the_file_and_its_directory_is_the_project_root(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert cli.main(["generate", "--quiet", "--no-cache", "--config", str(project / "pyproject.toml")]) == 0, capsys.readouterr().err
    assert _packages(project / "src" / "anysdk" / "_vendor") == sorted([FIRST, SECOND])
    assert not list(elsewhere.iterdir())
    (elsewhere / "other.toml").write_text('[tool.other]\nx = 1\n')
    assert cli.main(["validate", "--config", "other.toml"]) == 2
    assert capsys.readouterr().err == "generator: error: other.toml: no [tool.error-contracts] table (given with --config)\n"
    assert cli.main(["validate", "--config", "missing.toml"]) == 2
    assert "missing.toml: no such file (given with --config)" in capsys.readouterr().err


def test_flags_override_the_configuration(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "only").mkdir()
    shutil.copy(SPEC_FILES[FIRST], project / "only")
    assert cli.main(["generate", "--quiet", "--specs", "only", "--out", "elsewhere", "--cache-dir", "my-cache"]) == 0
    assert _packages(project / "elsewhere") == [FIRST]
    assert (project / "my-cache" / "CACHEDIR.TAG").exists()
    assert _packages(project / "src" / "anysdk" / "_vendor") == []  # the configured out was not touched
    header = (project / "elsewhere" / FIRST / "errors.py").read_text().splitlines()[:2]
    assert header[0].endswith("regenerate with `hatch run generate`.")  # what is not overridden still applies
    assert header[1].startswith(f"# Source: only/{SPEC_FILES[FIRST].name} (sha256 ")


def test_cache_dir_from_the_configuration_is_relative_to_the_project_root(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _pyproject(project, 'specs = "contracts"\nout = "src/anysdk/_vendor"\ncache-dir = "build/contract-cache"\n')
    monkeypatch.chdir(project / "src")
    assert cli.main(["generate", "--quiet"]) == 0
    assert (project / "build" / "contract-cache" / "CACHEDIR.TAG").exists() and not (project / "src" / "build").exists()


# --- vendors -------------------------------------------------------------------------------------


def test_vendors_selects_the_specs_every_command_works_on(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _pyproject(project, f'specs = "contracts"\nout = "src/anysdk/_vendor"\nvendors = ["{SECOND}"]\n')
    broken = project / "contracts" / SPEC_FILES[FIRST].name
    broken.write_text("openapi: [not, a, spec\n")  # not selected: never read
    assert cli.main(["validate"]) == 0
    assert "1 spec(s) valid" in capsys.readouterr().err
    assert cli.main(["generate", "--quiet", "--no-cache"]) == 0, capsys.readouterr().err
    assert _packages(project / "src" / "anysdk" / "_vendor") == [SECOND]
    assert cli.main(["check", "--quiet"]) == 0
    assert cli.main(["diff", "contracts", "contracts"]) == 0, capsys.readouterr().err  # only SECOND is loaded


def test_a_vendor_left_out_of_the_configuration_has_its_package_removed(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["generate", "--quiet", "--no-cache"]) == 0
    vendor = project / "src" / "anysdk" / "_vendor"
    assert _packages(vendor) == sorted([FIRST, SECOND])
    _pyproject(project, f'specs = "contracts"\nout = "src/anysdk/_vendor"\nvendors = ["{FIRST}"]\n')
    assert cli.main(["check"]) == 1
    assert f"unexpected: src/anysdk/_vendor/{SECOND}/errors.py" in capsys.readouterr().out
    assert cli.main(["generate", "--quiet", "--no-cache"]) == 0
    assert _packages(vendor) == [FIRST] and (vendor / "__init__.py").read_text() == ""
    assert writer.read_manifest(vendor).packages == {FIRST}
    assert cli.main(["check", "--quiet"]) == 0


# --- mistakes: one line naming the file and the key, exit 2 ---------------------------------------


MISTAKES = {
    "unknown-key": ('spec = "contracts"\n', "spec: unknown key (known keys: cache-dir, generate-command, out, specs, vendors)"),
    "specs-type": ("specs = 3\n", "specs: expected a path (a non-empty string), not an integer"),
    "out-empty": ('out = ""\n', "out: expected a path (a non-empty string), not a string"),
    "cache-dir-type": ("cache-dir = true\n", "cache-dir: expected a path (a non-empty string), not a boolean"),
    "vendors-string": ('vendors = "one"\n', "vendors: expected a list of spec names (strings), not a string"),
    "vendors-numbers": ("vendors = [1]\n", "vendors: expected a list of spec names (strings), not a list"),
    "vendors-empty": ("vendors = []\n", "vendors: is empty: list the specs to generate"),
    "vendors-twice": ('vendors = ["a", "a"]\n', "vendors: 'a' is listed twice"),
    "vendors-unknown": ('vendors = ["nosuchvendor"]\nspecs = "contracts"\n', "vendors: no spec 'nosuchvendor' in '../contracts' (specs there: "),
    "command-type": ("generate-command = 7\n", "generate-command: expected a string, not an integer"),
    "command-lines": ('generate-command = "make\\ngenerate"\n', "generate-command: must be one line of printable characters"),
    "command-backtick": ('generate-command = "run `this`"\n', "generate-command: cannot hold a backtick"),
    "command-comment-end": ('generate-command = "x --> y"\n', "generate-command: cannot hold '-->'"),
    "command-blank": ('generate-command = "  "\n', "generate-command: is empty"),
}


@pytest.mark.parametrize("mistake", sorted(MISTAKES))
@pytest.mark.parametrize("command", ["generate", "check", "validate", "diff"])
def test_a_configuration_mistake_is_one_line_naming_the_file_and_the_key(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], mistake: str, command: str
) -> None:
    table, message = MISTAKES[mistake]
    _pyproject(project, table)
    monkeypatch.chdir(project / "src")  # the file is shown relative to where the command runs
    before = read_tree(project)
    argv = [command, "dir:../contracts", "dir:../contracts"] if command == "diff" else [command]
    assert cli.main(argv) == cli.USAGE_ERROR
    err = capsys.readouterr().err
    assert err.startswith(f"generator: error: ../pyproject.toml: [tool.error-contracts] {message}"), err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert read_tree(project) == before


def test_invalid_toml_and_a_misplaced_table_are_one_line(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "pyproject.toml").write_text("[tool.error-contracts]\nspecs = \n")
    assert cli.main(["validate"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("generator: error: pyproject.toml: not valid TOML: ") and err.count("\n") == 1
    (project / "pyproject.toml").write_text('[tool]\nerror-contracts = "specs"\n')
    assert cli.main(["validate"]) == 2
    assert capsys.readouterr().err == (
        "generator: error: pyproject.toml: tool.error-contracts must be a table ([tool.error-contracts]), not a string\n"
    )


def test_another_tools_table_is_not_the_generators_business(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "pyproject.toml").write_text(
        (project / "pyproject.toml").read_text() + '\n[tool.black]\nline-length = "whatever"\n'
    )
    assert cli.main(["validate", "--quiet"]) == 0, capsys.readouterr().err


# --- the configured command in messages -------------------------------------------------------------


def test_messages_name_the_configured_generate_command(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["generate", "--quiet", "--no-cache"]) == 0
    edited = project / "src" / "anysdk" / "_vendor" / FIRST / "retry.py"
    edited.write_text(edited.read_text() + "HAND_EDIT = 1\n")
    assert cli.main(["check", "--quiet"]) == 1
    assert capsys.readouterr().err == "generator: src/anysdk/_vendor is stale: run `hatch run generate` and commit the result\n"
    assert cli.main(["check", "--quiet", "--format", "github"]) == 1
    out = capsys.readouterr().out
    assert f"file=src/anysdk/_vendor/{FIRST}/retry.py" in out and "run `hatch run generate` and commit" in out
    assert "make generate" not in out
    assert cli.main(["check", "--quiet", "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out)["stale"] == [{"file": f"src/anysdk/_vendor/{FIRST}/retry.py", "state": "edited"}]
    assert cli.main(["check", "--quiet", "--format", "sarif"]) == 1
    results = json.loads(capsys.readouterr().out)["runs"][0]["results"]
    assert results and all("run `hatch run generate` and commit" in r["message"]["text"] for r in results)


def test_without_configuration_messages_name_the_installed_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "specs").mkdir()
    shutil.copy(SPEC_FILES[FIRST], tmp_path / "specs")
    monkeypatch.chdir(tmp_path)
    assert cli.main(["check", "--quiet"]) == 1
    assert capsys.readouterr().err == "generator: generated is stale: run `error-contracts generate` and commit the result\n"
