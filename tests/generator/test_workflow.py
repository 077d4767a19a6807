"""The review workflow around the generator: pre-commit hooks, the example CI job, the installed tool."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import GENERATED, ROOT, SPEC_FILES, SPECS, VENDORS, project_config
from generator.cli import _parser

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
SCRIPT = next(iter(PYPROJECT["project"]["scripts"]))
HOOKS: list[dict[str, Any]] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())


def test_pre_commit_hooks_run_cli_commands_that_exist() -> None:
    assert [hook["id"] for hook in HOOKS] == ["error-contracts-validate", "error-contracts-check"]
    for hook in HOOKS:
        program, *args = shlex.split(hook["entry"])
        assert program == SCRIPT and hook["language"] == "python" and hook["pass_filenames"] is False
        assert _parser().parse_args(args).command in hook["id"]
        assert "make" not in hook["entry"]  # an SDK repository has no Makefile


# Paths a commit touches (relative to the repository root, as pre-commit matches them)
# that must run each hook, wherever [tool.error-contracts] puts the specs and packages.
TRIGGERS = {
    "error-contracts-validate": ["specs/shortkit.yaml", "contracts/acme.yml", "pyproject.toml", "sdk/pyproject.toml"],
    "error-contracts-check": [
        "specs/shortkit.yaml", "contracts/acme.yml", "pyproject.toml",
        "generated/shortkit/errors.py", "src/anysdk/_vendor/shortkit/_http.py", "src/anysdk/_vendor/shortkit/py.typed",
        "src/anysdk/_vendor/shortkit/ERRORS.md", "src/anysdk/_vendor/shortkit/vectors.json",
        "src/anysdk/_vendor/.error-contracts-manifest.json",
    ],
}
QUIET = ["README.md", "specs/README.md", "docs/notes.txt", "src/anysdk/_vendor/LICENSE", "pyproject.toml.orig"]


@pytest.mark.parametrize("hook", HOOKS, ids=[hook["id"] for hook in HOOKS])
def test_pre_commit_hook_files_patterns_trigger_wherever_specs_and_packages_live(hook: dict[str, Any]) -> None:
    for path in TRIGGERS[hook["id"]]:
        assert re.search(hook["files"], path), path
    for path in QUIET:
        assert not re.search(hook["files"], path), path


def test_example_workflow_runs_the_check_and_a_valid_diff_command() -> None:
    workflow: dict[str, Any] = yaml.safe_load((ROOT / "examples" / "error-contracts-review.yml").read_text())
    runs = "\n".join(step.get("run", "") for step in workflow["jobs"]["review"]["steps"])
    assert "make check" in runs
    command = next(line for line in runs.splitlines() if "-m generator diff" in line)
    words = shlex.split(command.split(" > ")[0].replace("$BASE_REF", "main"))
    args = _parser().parse_args(words[words.index("-m") + 2 :])
    assert (args.command, args.base, args.head, args.format, args.fail_on) == ("diff", "rev:origin/main", "rev:HEAD", "markdown", "breaking")


def test_example_workflow_uploads_the_sarif_diff_it_writes() -> None:
    workflow: dict[str, Any] = yaml.safe_load((ROOT / "examples" / "error-contracts-review.yml").read_text())
    steps = workflow["jobs"]["review"]["steps"]
    command = next(step["run"] for step in steps if "--format sarif" in step.get("run", ""))
    words = shlex.split(command.split(" > ")[0].replace("$BASE_REF", "main"))
    args = _parser().parse_args(words[words.index("-m") + 2 :])
    assert (args.command, args.base, args.head, args.format, args.fail_on) == ("diff", "rev:origin/main", "rev:HEAD", "sarif", "never")
    upload = next(step for step in steps if step.get("uses", "").startswith("github/codeql-action/upload-sarif@"))
    assert upload["with"]["sarif_file"] == command.split(" > ")[1].strip()
    assert "head.repo.full_name == github.repository" in upload["if"]  # a fork's token cannot upload
    assert workflow["permissions"]["security-events"] == "write"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The generator installed as pre-commit installs it (a built package, not a source
    tree): the directory to put on sys.path."""
    tmp_path = tmp_path_factory.mktemp("installed")
    source = tmp_path / "source"  # a copy: building in place would leave build/ in the work tree
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, source / name)
    for name in ("generator", "templates"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation", "--disable-pip-version-check",
         "--target", str(tmp_path / "site"), str(source)],
        check=True, capture_output=True, cwd=tmp_path,
    )
    return tmp_path / "site"


def _installed_run(site: Path, cwd: Path, entry: str) -> subprocess.CompletedProcess[str]:
    """Run a hook's ``entry`` (``error-contracts ...``) with the installed generator in ``cwd``."""
    program, *args = shlex.split(entry)
    assert program == SCRIPT
    script = (
        "import sys; sys.path.insert(0, sys.argv[1])\n"
        "import generator.emit.render, generator.cli\n"
        "assert generator.emit.render.TEMPLATES_DIR.is_relative_to(sys.argv[1]), generator.emit.render.TEMPLATES_DIR\n"
        "sys.exit(generator.cli.main(sys.argv[2:]))\n"
    )
    return subprocess.run([sys.executable, "-c", script, str(site), *args], cwd=cwd, capture_output=True, text=True)


def test_an_installed_generator_carries_its_templates(installed: Path, tmp_path: Path) -> None:
    """pre-commit installs the package (not a source tree): templates/ must be inside it."""
    shutil.copytree(SPECS, tmp_path / "repo" / "specs")
    shutil.copytree(GENERATED, tmp_path / "repo" / "generated", ignore=shutil.ignore_patterns("__pycache__"))
    project_config(tmp_path / "repo")
    result = _installed_run(installed, tmp_path / "repo", f"{SCRIPT} check --quiet")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_hooks_work_in_an_sdk_without_a_makefile_with_specs_and_packages_elsewhere(installed: Path, tmp_path: Path) -> None:
    """An SDK repository: specs in contracts/, packages vendored into src/anysdk/_vendor/
    beside the SDK's own files, one of the specs selected, its own command to regenerate."""
    sdk = tmp_path / "sdk"
    (sdk / "contracts").mkdir(parents=True)
    chosen = VENDORS[0]
    for slug in VENDORS[:2]:
        shutil.copy(SPEC_FILES[slug], sdk / "contracts" / SPEC_FILES[slug].name)
    vendor_dir = sdk / "src" / "anysdk" / "_vendor"
    vendor_dir.mkdir(parents=True)
    (vendor_dir / "__init__.py").write_text("# the SDK's own\n")
    (sdk / "pyproject.toml").write_text(
        '[project]\nname = "anysdk"\nversion = "1.0"\n\n'
        "[tool.error-contracts]\n"
        'specs = "contracts"\nout = "src/anysdk/_vendor"\n'
        f'vendors = ["{chosen}"]\ngenerate-command = "tox -e generate"\n'
    )
    validate, check = (hook["entry"] for hook in HOOKS)
    assert _installed_run(installed, sdk, validate).returncode == 0
    stale = _installed_run(installed, sdk, check)
    assert stale.returncode == 1 and "run `tox -e generate`" in stale.stderr and "make" not in stale.stderr
    made = _installed_run(installed, sdk, f"{SCRIPT} generate --quiet")
    assert made.returncode == 0, made.stderr
    assert sorted(p.name for p in vendor_dir.iterdir()) == sorted([".error-contracts-manifest.json", "__init__.py", chosen])
    assert _installed_run(installed, sdk, check).returncode == 0
    edited = vendor_dir / chosen / "errors.py"
    assert edited.read_text().startswith("# Generated by error-contract-generator ") and "`tox -e generate`" in edited.read_text()
    edited.write_text(edited.read_text() + "HAND_EDIT = 1\n")
    again = _installed_run(installed, sdk, check)
    assert again.returncode == 1 and "-HAND_EDIT = 1" in again.stdout
    assert "src/anysdk/_vendor is stale: run `tox -e generate`" in again.stderr
    changed = [path.relative_to(sdk).as_posix() for path in (edited, sdk / "contracts" / SPEC_FILES[chosen].name, sdk / "pyproject.toml")]
    for hook in HOOKS:  # what this commit touches runs the hooks
        assert any(re.search(hook["files"], path) for path in changed)


def test_example_workflow_pins_actions_by_commit_watches_the_toolchain_and_runs_once_per_pull_request() -> None:
    text = (ROOT / "examples" / "error-contracts-review.yml").read_text()
    workflow: dict[str, Any] = yaml.safe_load(text)
    uses = [step["uses"] for step in workflow["jobs"]["review"]["steps"] if "uses" in step]
    assert uses and all(re.fullmatch(r"[\w.-]+/[\w.-]+(/[\w.-]+)*@[0-9a-f]{40}", use) for use in uses), uses  # a tag can be moved
    # yaml reads the key "on" as True
    paths = set((workflow.get("on") or workflow[True])["pull_request"]["paths"])
    assert {"specs/**", "generated/**", "generator/**", "templates/**", "requirements/**", "pyproject.toml", "Makefile"} <= paths
    assert "pull_request.number" in workflow["concurrency"]["group"] and workflow["concurrency"]["cancel-in-progress"] is True
