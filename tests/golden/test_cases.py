"""One directory per bad or odd spec, each holding its spec(s) and what the generator must say.

``tests/golden/cases/<name>/`` holds one or more ``*.yaml`` or ``*.yml`` specs (each is run as
``specs/<file>``), ``expected.txt`` and optionally ``check.py``. The test runs
``generator validate``; if that passes, ``generator generate`` into a scratch
directory, then a fresh interpreter imports every package, prints its classes and
body models (tests/golden/case_driver.py) and runs ``check.py`` against it. Everything
printed, exit statuses included, must equal ``expected.txt``; and no hostile
payload may have run: none of them can create a file called ``pwned``.

After a deliberate change, rewrite every expected.txt with ``make update-cases``
(``pytest tests/golden/test_cases.py --update-cases``) and review the diff.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from generator import cli, pipeline
from generator.paths import spec_files

CASES_DIR = ROOT / "tests" / "golden" / "cases"
CASES = sorted(p for p in CASES_DIR.iterdir() if p.is_dir())
DRIVER = ROOT / "tests" / "golden" / "case_driver.py"


def _cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    status = cli.main(argv)
    captured = capsys.readouterr()
    return status, f"$ generator {' '.join(argv)}\n{captured.err}{captured.out}exit status: {status}\n"


def run_case(case: Path, work: Path, capsys: pytest.CaptureFixture[str]) -> str:
    (work / "specs").mkdir()
    for spec in spec_files(case):
        shutil.copy(spec, work / "specs" / spec.name)
    status, report = _cli(["validate"], capsys)
    if status != 0:
        return report
    status, text = _cli(["generate", "--quiet"], capsys)
    report += text
    if status != 0:
        return report
    command = [sys.executable, "-I", str(DRIVER), str(work / "generated")]
    if (case / "check.py").exists():
        command.append(str(case / "check.py"))
    result = subprocess.run(command, cwd=work, capture_output=True, text=True, timeout=120)  # importing hangs nothing
    report += f"$ python -I case_driver.py generated{' check.py' if len(command) > 4 else ''}\n{result.stdout}{result.stderr}"
    return report + f"exit status: {result.returncode}\n"


@pytest.mark.parametrize("case", CASES, ids=[p.name for p in CASES])
def test_case(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
              request: pytest.FixtureRequest) -> None:
    monkeypatch.chdir(tmp_path)
    actual = run_case(case, tmp_path, capsys)
    assert not list(tmp_path.rglob("pwned*")), "a payload from the spec was executed"
    if (case / "check.py").exists() and "$ python" in actual:
        assert "  all checks passed\n" in actual, actual  # a failing check is never recorded as expected
    record_or_compare(actual, case / "expected.txt", request)


def record_or_compare(actual: str, expected: Path, request: pytest.FixtureRequest) -> None:
    """With ``--update-cases`` write ``actual`` to ``expected``, else assert they are equal."""
    if request.config.getoption("--update-cases"):
        expected.write_text(actual, encoding="utf-8")
        return
    assert expected.exists(), f"no {expected}: run `make update-cases` and review it"
    assert actual == expected.read_text(encoding="utf-8")


def test_every_case_has_a_spec_and_an_expectation() -> None:
    assert len(CASES) >= 15
    for case in CASES:
        assert spec_files(case), case.name
        assert (case / "expected.txt").exists(), case.name


def test_generated_case_packages_pass_mypy_strict(tmp_path: Path) -> None:
    """Hostile specs' packages are as typed as the real ones (one mypy run for all)."""
    count = 0
    for case in CASES:
        if "$ python -I case_driver.py" not in (case / "expected.txt").read_text(encoding="utf-8"):
            continue  # the generator is expected to refuse this one
        for path, content in pipeline.generate(case).items():
            target = tmp_path / case.name.replace("-", "_") / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")
            count += path.endswith(".py")
    assert count >= 8
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.11", "--cache-dir", str(tmp_path / ".cache"),
         *sorted(str(p) for p in tmp_path.iterdir() if p.is_dir() and p.name != ".cache")],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
