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

import yaml

from conftest import GENERATED, ROOT, SPECS
from generator.cli import _parser

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
SCRIPT = next(iter(PYPROJECT["project"]["scripts"]))


def test_pre_commit_hooks_run_cli_commands_that_exist() -> None:
    hooks: list[dict[str, Any]] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert [hook["id"] for hook in hooks] == ["error-contracts-validate", "error-contracts-check"]
    for hook in hooks:
        program, *args = shlex.split(hook["entry"])
        assert program == SCRIPT and hook["language"] == "python" and hook["pass_filenames"] is False
        assert _parser().parse_args(args).command in hook["id"]
        assert re.search(hook["files"], "specs/shortkit.yaml") and not re.search(hook["files"], "specs/README.md")


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


def test_an_installed_generator_carries_its_templates(tmp_path: Path) -> None:
    """pre-commit installs the package (not a source tree): templates/ must be inside it."""
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
    shutil.copytree(SPECS, tmp_path / "repo" / "specs")
    shutil.copytree(GENERATED, tmp_path / "repo" / "generated", ignore=shutil.ignore_patterns("__pycache__"))
    script = (
        "import sys; sys.path.insert(0, sys.argv[1])\n"
        "import generator.emit.render, generator.cli\n"
        "assert generator.emit.render.TEMPLATES_DIR.is_relative_to(sys.argv[1]), generator.emit.render.TEMPLATES_DIR\n"
        "sys.exit(generator.cli.main(['check', '--quiet']))\n"
    )
    result = subprocess.run([sys.executable, "-c", script, str(tmp_path / "site")], cwd=tmp_path / "repo", capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_example_workflow_pins_actions_by_commit_watches_the_toolchain_and_runs_once_per_pull_request() -> None:
    text = (ROOT / "examples" / "error-contracts-review.yml").read_text()
    workflow: dict[str, Any] = yaml.safe_load(text)
    uses = [step["uses"] for step in workflow["jobs"]["review"]["steps"] if "uses" in step]
    assert uses and all(re.fullmatch(r"[\w.-]+/[\w.-]+(/[\w.-]+)*@[0-9a-f]{40}", use) for use in uses), uses  # a tag can be moved
    # yaml reads the key "on" as True
    paths = set((workflow.get("on") or workflow[True])["pull_request"]["paths"])
    assert {"specs/**", "generated/**", "generator/**", "templates/**", "requirements/**", "pyproject.toml", "Makefile"} <= paths
    assert "pull_request.number" in workflow["concurrency"]["group"] and workflow["concurrency"]["cancel-in-progress"] is True
