"""Issue 12's acceptance, end to end: a fresh scratch SDK outside the repository installs
the tool from a wheel, configures it in pyproject.toml, generates into
src/anysdk/_vendor, uses the packages with every client, passes mypy --strict and
pyright, and its own tests pass with the testing kit.

One module-scoped SDK serves every test here: the tool is built and installed once
(``tool``), the SDK written and generated once (``sdk``), then mypy, pyright and the
SDK's pytest run side by side (``checks``), each test waiting for its own. The SDK's
files are ``scratch_sdk.py``; the vendors are chosen by what their specs document.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import scratch_sdk
from conftest import PYRIGHT_PIN, ROOT, SPEC_FILES, VENDORS, Documented, first_documented, pyright_command

VERSION: str = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
SCRIPT = "error-contracts"
TIMEOUT = 600  # seconds for any one command; a cold pip install downloads from PyPI


def _env(**extra: str) -> dict[str, str]:
    """The environment for the SDK's commands: nothing of the suite's own pytest run."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST_") and key != "PYTHONPATH"}
    return {**env, "NO_COLOR": "1", **extra}


def _run(command: list[str], cwd: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=_env(**extra), timeout=TIMEOUT)


# -- the tool, as a user installs it ------------------------------------------------------


@dataclass
class Tool:
    script: Path  # the console script in a fresh virtual environment
    wheel: Path
    seconds: dict[str, float] = field(default_factory=dict)


@pytest.fixture(scope="module")
def tool(tmp_path_factory: pytest.TempPathFactory) -> Tool:
    """A wheel built from a copy of the source (never the work tree, never editable), and
    a fresh virtual environment of the running Python with it pip-installed, its
    dependencies constrained to the pins of requirements/generate.txt."""
    work = tmp_path_factory.mktemp("tool")
    assert not work.is_relative_to(ROOT)
    source = work / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, source / name)
    for name in ("generator", "templates"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    seconds: dict[str, float] = {}
    venv, dist = work / "venv", work / "dist"
    python = venv / "bin" / "python"
    steps = {
        "venv": [sys.executable, "-m", "venv", str(venv)],
        "wheel": [str(python), "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(dist), str(source)],
    }
    for step, command in steps.items():
        started = time.monotonic()
        result = _run(command, work)
        seconds[step] = time.monotonic() - started
        assert result.returncode == 0, f"{step}: {result.stdout}{result.stderr}"
    (wheel,) = dist.glob("*.whl")
    started = time.monotonic()
    constraints = ROOT / "requirements" / "generate.txt"
    result = _run([str(python), "-m", "pip", "install", "--quiet", "-c", str(constraints), str(wheel)], work)
    seconds["install"] = time.monotonic() - started
    assert result.returncode == 0, result.stdout + result.stderr
    return Tool(venv / "bin" / SCRIPT, wheel, seconds)


def test_the_tool_installs_from_its_wheel_and_says_its_version(tool: Tool) -> None:
    assert tool.wheel.name.startswith(f"error_contract_generator-{VERSION}-")
    result = _run([str(tool.script), "--version"], tool.script.parent)
    assert result.returncode == 0 and result.stdout.split()[-1] == VERSION, result.stdout + result.stderr
    site = _run([str(tool.script.parent / "python"), "-c", "import generator; print(generator.__file__)"], tool.script.parent)
    assert "site-packages" in site.stdout and not Path(site.stdout.strip()).is_relative_to(ROOT), site.stdout


# -- the scratch SDK -----------------------------------------------------------------------


def _decides(vendor: ModuleType, status: int, headers: dict[str, str], method: str, attempt: int = 1) -> Any:
    return vendor.DEFAULT_POLICY.decide(vendor.from_response(status, headers, b""), attempt=attempt, method=method)


def _plays_the_scenarios(vendor: ModuleType) -> bool:
    """The main API's vendor plays what the SDK's tests script: a bare 503 retried twice
    for a GET (after a refused connection too), and a 429 with Retry-After resent after
    exactly that wait, also for a POST (a 429 is refused before processing)."""
    policy = vendor.DEFAULT_POLICY
    backs_off = policy.max_attempts >= 3 and all(_decides(vendor, 503, {}, "GET", n).retry for n in (1, 2))
    waits = all(
        tuple(_decides(vendor, 429, {"Retry-After": wait}, method)[:2]) == (True, float(wait))
        for wait, method in (("2", "POST"), ("1", "POST"), ("1", "GET"))
    )
    return backs_off and waits and policy.retry_connection_errors


def _waits_as_documented(case: Documented) -> bool:
    """A documented 429 that a GET retries after exactly the wait its headers give."""
    decision = case.vendor.DEFAULT_POLICY.decide(case.error, attempt=1, method="GET")
    wait = case.error.retry_after
    return case.vector["status"] == 429 and decision.retry and wait is not None and decision.delay == wait


def _reads_a_document(case: Documented) -> bool:
    """A documented error whose body is not the usual JSON (XML, problem+json, ...) and
    gives the error's message, from a vendor whose contract reads such documents; a POST
    getting it is not retried."""
    if not any(shape.format != "json" or shape.problem for shape in case.vendor.CONTRACT.shapes):
        return False
    try:
        json.loads(case.error.content)
        plain_json = case.error.title is None
    except ValueError:
        plain_json = False
    said = case.error.message in case.error.content.decode("utf-8", "replace")
    return not plain_json and said and not case.vendor.DEFAULT_POLICY.decide(case.error, attempt=1, method="POST").retry


@dataclass
class SDK:
    root: Path
    api: str  # the main API's vendor
    docs: str  # the catalog's vendor, reading another document format
    unselected: str | None  # a spec in contracts/ that `vendors` leaves out
    written: dict[str, str]  # what the test wrote, by path
    runs: list[tuple[str, subprocess.CompletedProcess[str]]]  # the generator's, with their directory


@pytest.fixture(scope="module")
def sdk(tool: Tool, tmp_path_factory: pytest.TempPathFactory) -> SDK:
    rate_limited = first_documented(
        "is a 429 retried after its Retry-After by a vendor playing the scratch SDK's scenarios",
        lambda case: _waits_as_documented(case) and _plays_the_scenarios(case.vendor),
    )
    api = rate_limited.slug
    final = first_documented(
        f"is a documented error of {api} that a GET does not retry",
        lambda case: case.slug == api and not case.vendor.DEFAULT_POLICY.decide(case.error, attempt=1, method="GET").retry,
    )
    document = first_documented("is an error document that is not JSON", lambda c: c.slug != api and _reads_a_document(c))
    docs = document.slug
    unselected = next((slug for slug in VENDORS if slug not in (api, docs)), None)
    root = tmp_path_factory.mktemp("scratch") / "anysdk"
    written = scratch_sdk.files(
        api, docs, rate_limited=rate_limited.vector["name"], final=final.vector["name"],
        document=document.vector["name"], document_message=document.error.message,
    )
    written.update(scratch_sdk.readme_examples((ROOT / "README.md").read_text(), api))
    for path, text in written.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)
    (root / "contracts").mkdir()
    for slug in (api, docs, unselected):
        if slug is not None:
            shutil.copy(SPEC_FILES[slug], root / "contracts" / SPEC_FILES[slug].name)
    runs = []
    for command, where in (("generate", "."), ("check", "."), ("generate", "src/anysdk"), ("check", "tests")):
        runs.append((where, _run([str(tool.script), command], root / where)))
    return SDK(root, api, docs, unselected, written, runs)


def test_generate_and_check_configured_in_pyproject_from_any_directory(sdk: SDK) -> None:
    for where, run in sdk.runs:
        assert run.returncode == 0, f"{' '.join(run.args)} in {where}: {run.stdout}{run.stderr}"
    assert "up to date" in sdk.runs[1][1].stderr and "up to date" in sdk.runs[3][1].stderr
    vendored = sdk.root / "src" / "anysdk" / "_vendor"
    owned = sorted(path.name for path in vendored.iterdir() if path.name != "__pycache__")
    assert owned == sorted([".error-contracts-manifest.json", "__init__.py", sdk.api, sdk.docs])  # not sdk.unselected
    for path, text in sdk.written.items():  # the SDK's own files, _vendor/__init__.py too, byte for byte
        assert (sdk.root / path).read_bytes() == text.encode(), path
    for slug in (sdk.api, sdk.docs):
        header = (vendored / slug / "errors.py").read_text().splitlines()[:2]
        assert header[0] == f"# Generated by error-contract-generator {VERSION}; do not edit: regenerate with `{scratch_sdk.GENERATE_COMMAND}`."
        assert header[1].startswith(f"# Source: contracts/{SPEC_FILES[slug].name} (sha256 ")
    for where, _ in sdk.runs:  # paths are the project root's, wherever the command ran
        assert not (sdk.root / where / "generated").exists() and not (sdk.root / where / "specs").exists()
        assert (sdk.root / where / ".cache").exists() == (where == ".")


# -- mypy, pyright and the SDK's tests, side by side -----------------------------------------


@pytest.fixture(scope="module")
def checks(sdk: SDK, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """mypy --strict, pyright and the SDK's pytest started at once over the generated SDK
    (each a ``Popen``, or for pyright the reason it cannot run); every one still running
    at the end is killed."""
    assert all(run.returncode == 0 for _, run in sdk.runs), "the SDK did not generate"
    cache = tmp_path_factory.mktemp("mypy-cache")
    commands: dict[str, list[str]] = {
        "mypy": [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(cache), "src", "tests"],
        "pytest": [sys.executable, "-m", "pytest", "-q", "-rfEsxX"],
    }
    started: dict[str, Any] = {}
    try:
        commands["pyright"] = [pyright_command(), "--outputjson", "--pythonpath", sys.executable]
    except pytest.skip.Exception as skipped:
        started["pyright"] = str(skipped)
    for name, command in commands.items():
        started[name] = subprocess.Popen(
            command, cwd=sdk.root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(PYTHONPATH="src")
        )
    yield started
    for process in started.values():
        if isinstance(process, subprocess.Popen) and process.poll() is None:
            process.kill()
            process.communicate()


def _finished(checks: dict[str, Any], name: str) -> tuple[int, str, str]:
    process = checks[name]
    if isinstance(process, str):
        pytest.skip(process)
    stdout, stderr = process.communicate(timeout=TIMEOUT)
    return process.returncode, stdout, stderr


def _checked(sdk: SDK) -> list[Path]:
    """The files mypy and pyright check: the SDK's sources, the vendored packages, its tests."""
    return [path for folder in ("src", "tests") for path in (sdk.root / folder).rglob("*.py")]


def test_the_sdk_passes_mypy_strict(checks: dict[str, Any], sdk: SDK) -> None:
    returncode, stdout, stderr = _finished(checks, "mypy")
    assert returncode == 0 and f"Success: no issues found in {len(_checked(sdk))} source files" in stdout, stdout + stderr


def test_the_sdk_passes_pyright(checks: dict[str, Any], sdk: SDK) -> None:
    """The SDK's own modules and tests in strict mode, the vendored packages in standard
    mode (its [tool.pyright]), for Python 3.9: no error, no warning."""
    returncode, stdout, stderr = _finished(checks, "pyright")
    assert returncode in (0, 1), stdout + stderr  # 1: it found errors
    report = json.loads(stdout)
    if not os.environ.get("PYRIGHT"):
        assert report["version"] == PYRIGHT_PIN, report["version"]
    assert report["summary"]["filesAnalyzed"] == len(_checked(sdk)), report["summary"]
    findings = [
        f"{Path(d['file']).relative_to(sdk.root)}:{d['range']['start']['line'] + 1}: {d['severity']}: {d['message']}"
        for d in report["generalDiagnostics"]
        if d["severity"] in ("error", "warning")
    ]
    assert not findings, "\n".join(findings)


def test_the_sdk_tests_pass_with_the_testing_kit(checks: dict[str, Any]) -> None:
    """The SDK's tests: replayed exchanges through httpx and requests, documented
    errors from the examples, and aiohttp, urllib3 and httpx2 against a real server."""
    returncode, stdout, stderr = _finished(checks, "pytest")
    expected = sum(scratch_sdk.TESTS.values())
    summary = stdout.strip().splitlines()[-1] if stdout.strip() else ""
    assert returncode == 0 and re.fullmatch(rf"{expected} passed in [\d.]+s", summary), stdout + stderr
