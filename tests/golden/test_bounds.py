"""Hostile specs: each a located diagnostic in bounded time and memory, from every command.

``tests/golden/bounds/<class>/`` holds ``make.py`` (``specs(base) -> {file name: text}``,
given the small valid spec ``bounds/base.yaml``: the hostile files are built here, not
committed) and ``expected.txt``. Each command (``validate``, ``generate``, ``diff`` of the
directory with itself and ``diff`` from a git revision holding the specs) runs in its
own process under a timeout and an address-space limit, so a regression to a hang, a
memory blow-up or a crash fails the test instead of the machine. Everything printed,
exit statuses included, must equal ``expected.txt``; ``make update-cases`` rewrites it.
"""

from __future__ import annotations

import os
import resource
import runpy
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT
from test_cases import record_or_compare

BOUNDS_DIR = ROOT / "tests" / "golden" / "bounds"
CASES = sorted(p for p in BOUNDS_DIR.iterdir() if p.is_dir())
SECONDS = 20  # per command; a hostile spec is refused in well under one
MEMORY = 1024**3  # address space per command; the generator itself needs some 400 MB of it
COMMANDS = (
    ["validate"],
    ["generate", "--quiet", "--no-cache", "--jobs", "1"],
    ["diff", "specs", "specs"],
    ["diff", "HEAD"],
)


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def _git(work: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@t",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@t",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    subprocess.run(["git", *args], cwd=work, env=env, check=True, capture_output=True)


def run_case(case: Path, work: Path) -> tuple[str, float]:
    """What every command prints for the case's specs, and the slowest command's seconds."""
    specs = work / "specs"
    specs.mkdir()
    made = runpy.run_path(str(case / "make.py"))["specs"]((BOUNDS_DIR / "base.yaml").read_text(encoding="utf-8"))
    for name, text in made.items():
        (specs / name).write_text(text, encoding="utf-8")
    _git(work, "init", "-q")
    _git(work, "add", "specs")
    _git(work, "commit", "-q", "-m", "specs")
    report, slowest = "", 0.0
    for command in COMMANDS:
        begun = time.monotonic()
        result = subprocess.run(
            [sys.executable, "-m", "generator", *command],
            cwd=work,
            capture_output=True,
            text=True,
            timeout=SECONDS,
            preexec_fn=_limited,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        slowest = max(slowest, time.monotonic() - begun)
        assert result.returncode in (0, 1, 3), f"{command}: crashed ({result.returncode})\n{result.stderr}"
        assert "Traceback" not in result.stderr, result.stderr
        report += f"$ generator {' '.join(command)}\n{result.stderr}{result.stdout}exit status: {result.returncode}\n"
    return report, slowest


@pytest.mark.parametrize("case", CASES, ids=[p.name for p in CASES])
def test_hostile_spec_is_refused_in_bounds(case: Path, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    actual, slowest = run_case(case, tmp_path)
    assert slowest < SECONDS
    record_or_compare(actual, case / "expected.txt", request)


def test_every_class_of_hostile_spec_has_a_case() -> None:
    assert {case.name for case in CASES} >= {
        "merge-key-bomb",
        "string-alias",
        "deep-nesting",
        "ref-chain",
        "nested-schemas",
        "ref-cycles",
        "redos-pattern",
        "regex-groups",
        "file-size",
    }
    for case in CASES:
        assert (case / "make.py").exists() and (case / "expected.txt").exists(), case.name


def test_the_base_spec_is_valid(tmp_path: Path) -> None:
    """So that every case's diagnostic is about its hostile part alone."""
    (tmp_path / "specs").mkdir()
    shutil.copy(BOUNDS_DIR / "base.yaml", tmp_path / "specs" / "bounds.yaml")
    result = subprocess.run(
        [sys.executable, "-m", "generator", "validate"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0, result.stderr


def test_raising_the_limit_lets_a_large_spec_through(tmp_path: Path) -> None:
    (tmp_path / "specs").mkdir()
    made = runpy.run_path(str(BOUNDS_DIR / "file-size" / "make.py"))["specs"]((BOUNDS_DIR / "base.yaml").read_text())
    for name, text in made.items():
        (tmp_path / "specs" / name).write_text(text, encoding="utf-8")
    command = [sys.executable, "-m", "generator", "validate"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    refused = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, env=env)
    larger_file = [*command, "--max-spec-bytes", "3000000"]
    expanded = subprocess.run(larger_file, cwd=tmp_path, capture_output=True, text=True, env=env)
    raised = subprocess.run([*larger_file, "--max-expanded-bytes", "3000000"], cwd=tmp_path, capture_output=True,
                            text=True, env=env, timeout=SECONDS, preexec_fn=_limited)
    assert "raise --max-spec-bytes" in refused.stderr and refused.returncode == 1
    assert "raise --max-expanded-bytes" in expanded.stderr and expanded.returncode == 1  # the 2 MB description
    assert (raised.returncode, raised.stdout, raised.stderr) == (0, "", "1 spec(s) valid\n"), raised.stderr
