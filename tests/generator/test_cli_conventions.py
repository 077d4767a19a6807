"""Command-line conventions (issue 12.7): stdout holds only what was asked for, status lines and
``--verbose`` go to stderr, colour appears only where it may and never carries spec text, ``--format
sarif`` is a valid SARIF 2.1.0 log, and operating-system errors are one line, never a traceback."""

from __future__ import annotations

import errno
import json
import os
import re
import select
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import unquote, urlparse

import pytest
import yaml

import generator
from conftest import FORMATS_SPEC, ROOT, SPEC_FILES, quickest_quiet_vendors
from generator import cli, terminal
from generator.diff.compare import compare
from generator.diff.sarif import SARIF_LEVELS, sarif_report
from generator.diff.sides import load_side
from generator.output import writer

SLUGS = sorted(quickest_quiet_vendors(2))  # quick to regenerate, and their specs warn of nothing
CASES = ROOT / "tests" / "golden" / "diff_cases"
ESC = "\x1b"
OUR_CODES = re.compile("\x1b\\[(?:" + "|".join(re.escape(code) for code in set(terminal.STYLES.values())) + "|0)m")

# ESC sequences (clear screen, set the window title, ring the bell), a C1 CSI and a bidi override.
HOSTILE = '"X\\e[2J\\e]0;pwned\\a\\x9b31m\\u202e"'


@pytest.fixture(scope="module")
def generated_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two specs and their freshly generated packages."""
    work = tmp_path_factory.mktemp("conventions")
    (work / "specs").mkdir()
    for slug in SLUGS:
        shutil.copy(SPEC_FILES[slug], work / "specs")
    status = subprocess.run(
        [sys.executable, "-m", "generator", "generate", "--quiet", "--no-cache", "--jobs", "1"],
        cwd=work, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=300,
    )
    assert status.returncode == 0, status.stderr
    return work


@pytest.fixture
def work(generated_once: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(generated_once, tmp_path / "work")
    monkeypatch.chdir(tmp_path / "work")
    for name in ("NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path / "work"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _formats_specs(root: Path, code: str = "DUPLICATE", name: str = "formats.yaml") -> Path:
    specs = root / "specs"
    specs.mkdir(parents=True, exist_ok=True)
    (specs / name).write_text(FORMATS_SPEC.replace("code: CODE", f"code: {code}"), encoding="utf-8")
    return specs


# --- stdout is for what was asked; everything else is on stderr --------------------------------


def test_stdout_holds_only_what_was_asked_for(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(capsys, "generate", "--no-cache", "--jobs", "1")
    assert (status, out) == (0, "")
    lines = err.splitlines()
    assert [line.split()[0] for line in lines[:-1]] == SLUGS and all(line.endswith("  generated") for line in lines[:-1])
    assert re.fullmatch(r"\d+ files unchanged in generated \(\d+\.\d\ds\)", lines[-1])

    assert _run(capsys, "validate") == (0, "", "2 spec(s) valid\n")
    status, out, err = _run(capsys, "check", "--jobs", "1")
    assert (status, out) == (0, "") and re.fullmatch(r"generated is up to date \(\d+\.\d\ds\)\n", err)
    for quiet in (["validate", "-q"], ["check", "--quiet", "--jobs", "1"], ["generate", "-q", "--no-cache", "--jobs", "1"]):
        assert _run(capsys, *quiet) == (0, "", "")

    edited = work / "generated" / SLUGS[0] / "retry.py"
    edited.write_text(edited.read_text() + "HAND_EDIT = 1\n")
    stale_line = "generator: generated is stale: run `error-contracts generate` and commit the result\n"  # no configuration: the default command
    status, out, err = _run(capsys, "check", "--jobs", "1")
    assert status == 1 and "+HAND_EDIT = 1" not in out and "-HAND_EDIT = 1" in out and err == stale_line
    for form in ("json", "sarif"):
        status, out, err = _run(capsys, "check", "--jobs", "1", "--format", form)
        assert status == 1 and json.loads(out) and err == stale_line
    status, out, err = _run(capsys, "check", "--jobs", "1", "--format", "github")
    assert status == 1 and out.startswith("::error file=generated/") and err == stale_line

    status, out, err = _run(capsys, "diff", "dir:specs", "dir:specs")
    assert (status, out, err) == (0, "no changes to the error surface from specs to specs\n", "")


# --- --verbose -------------------------------------------------------------------------------------


def _block(err: str, slug: str) -> str:
    """The lines of ``slug``'s progress line and the indented notes under it."""
    lines = err.splitlines()
    start = next(i for i, line in enumerate(lines) if line.split()[:1] == [slug])
    end = next((i for i in range(start + 1, len(lines)) if not lines[i].startswith("      ")), len(lines))
    return "\n".join(lines[start:end])


STAGES = r"load \d+\.\d\ds, validate \d+\.\d\ds, build \d+\.\d\ds, render \d+\.\d\ds"


def test_verbose_generate_says_what_was_done_and_why(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(capsys, "generate", "-v", "--cache-dir", "cache", "--jobs", "1")
    assert (status, out) == (0, "")
    for slug in SLUGS:
        block = _block(err, slug)
        assert block.splitlines()[0].endswith("  generated") and re.search(STAGES, block), block
        assert re.search(r"no cache entry [0-9a-f]{12}: the spec, a template, the generator or an installed package changed", block)
    assert "nothing written: every file in generated already matched" in err
    assert "cache cache: 2 entries stored, 0 unused removed\n" in err

    edited = work / "generated" / SLUGS[0] / "retry.py"
    edited.write_text(edited.read_text() + "HAND_EDIT = 1\n")
    (work / "specs" / SPEC_FILES[SLUGS[1]].name).unlink()  # its package goes, and its cache entry
    status, out, err = _run(capsys, "-v", "generate", "--cache-dir", "cache", "--jobs", "1")
    assert (status, out) == (0, "")
    block = _block(err, SLUGS[0])
    assert block.splitlines()[0].endswith("  cached") and "are unchanged" in block and not re.search(STAGES, block)
    assert f"  wrote generated/{SLUGS[0]}/retry.py (it differed)\n" in err
    assert f"  removed generated/{SLUGS[1]}/errors.py (no longer generated)\n" in err
    assert f"  wrote generated/{writer.MANIFEST} (it differed)\n" in err
    assert re.search(r"cache cache: 0 entries stored, 1 unused removed \([0-9a-f]{12}\)\n", err)
    assert re.fullmatch(r"\d+ files written in generated \(\d+\.\d\ds\)", err.splitlines()[-1])

    status, out, err = _run(capsys, "generate", "-v", "--no-cache", "--jobs", "1")
    assert status == 0 and "generated: --no-cache" in _block(err, SLUGS[0])


def test_verbose_validate_check_and_diff(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(capsys, "validate", "--verbose")
    assert (status, out) == (0, "")
    for slug in SLUGS:
        assert re.search(rf"^  specs/{SPEC_FILES[slug].name}: load \d+\.\d\ds, validate \d+\.\d\ds, build \d+\.\d\ds$", err, re.M)

    status, out, err = _run(capsys, "check", "-v", "--jobs", "1")
    assert (status, out) == (0, "")
    for slug in SLUGS:
        block = _block(err, slug)
        assert "generated: check never uses the cache" in block and re.search(STAGES, block)
    assert re.search(r"^compared \d+ files with generated: 0 stale$", err, re.M) and "is up to date" in err

    status, out, err = _run(capsys, "diff", "-v", "dir:specs", "--fail-on", "warning")
    assert (status, out) == (0, "no changes to the error surface from specs to specs\n")
    assert re.search(r"^base: directory 'specs', 2 specs loaded, validated and built in \d+\.\d\ds$", err, re.M)
    assert re.search(r"^head: directory 'specs', 2 specs", err, re.M)
    assert f"  specs/{SPEC_FILES[SLUGS[0]].name}\n" in err
    assert "compared in " in err and err.endswith("exit status 0: no change at or above --fail-on warning\n")


def test_flags_go_before_or_after_the_command_and_verbose_excludes_quiet(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for argv in (["-v", "validate"], ["validate", "-v"], ["--verbose", "validate", "--color", "never"]):
        status, out, err = _run(capsys, *argv)
        assert status == 0 and out == "" and ": load " in err and ESC not in err, argv
    assert ESC not in _run(capsys, "validate")[2]
    assert f"{ESC}[32m" not in _run(capsys, "--color", "always", "validate", "--colour", "never")[2]  # the later wins
    status, out, err = _run(capsys, "check", "--jobs", "1", "--color", "always")
    assert status == 0 and err.startswith(f"generated is {ESC}[32mup to date{ESC}[0m (")
    for argv in (["-v", "validate", "-q"], ["generate", "--quiet", "--verbose"]):
        status, out, err = _run(capsys, *argv)
        assert status == cli.USAGE_ERROR and err == "generator: error: --verbose and --quiet contradict each other: give one\n"


# --- colour ------------------------------------------------------------------------------------------


@pytest.fixture
def terminal_streams(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[], Callable[[], tuple[str, str]]]]:
    """A function putting ``sys.stdout`` and ``sys.stderr`` on two pseudo-terminals (call it in
    the test itself: pytest sets both streams again between a fixture and the test), which
    returns a reader of what reached them since it last read. A thread drains each terminal,
    whose buffer holds only a few kilobytes."""
    opened: list[tuple[int, TextIO, bytearray]] = []
    done = threading.Event()

    def drain(master: int, received: bytearray) -> None:
        while not done.is_set():
            if select.select([master], [], [], 0.05)[0]:
                received.extend(os.read(master, 65536))

    def install() -> Callable[[], tuple[str, str]]:
        for name in ("stdout", "stderr"):
            master, slave = os.openpty()
            stream = open(slave, "w", encoding="utf-8", buffering=1)  # noqa: SIM115 (closed below)
            opened.append((master, stream, bytearray()))
            threading.Thread(target=drain, args=(master, opened[-1][2]), daemon=True).start()
            monkeypatch.setattr(sys, name, stream)

        def read() -> tuple[str, str]:
            texts = []
            for master, stream, received in opened:
                stream.flush()
                while select.select([master], [], [], 0.2)[0]:  # until the thread has it all
                    time.sleep(0.05)
                time.sleep(0.1)
                texts.append(bytes(received).decode("utf-8").replace("\r\n", "\n"))  # the terminal's line ends
                received.clear()
            return texts[0], texts[1]

        return read

    yield install
    monkeypatch.undo()
    done.set()
    time.sleep(0.1)
    for master, stream, _ in opened:
        stream.close()
        os.close(master)


Reader = Callable[[], tuple[str, str]]
COLOURED_LEVELS = (f"{ESC}[1;31merror{ESC}[0m", f"{ESC}[1;33mwarning{ESC}[0m")


@pytest.mark.parametrize(
    ("environment", "flags", "coloured"),
    [
        ({}, [], True),
        ({"NO_COLOR": "1"}, [], False),
        ({"NO_COLOR": ""}, [], True),  # set but empty: no-color.org says it does not count
        ({}, ["--color", "never"], False),
        ({"TERM": "dumb"}, [], False),
        ({"NO_COLOR": "1", "FORCE_COLOR": "1"}, [], False),
        ({"NO_COLOR": "1"}, ["--color", "always"], True),  # an explicit flag wins, as no-color.org asks
    ],
    ids=["terminal", "NO_COLOR", "empty-NO_COLOR", "never", "dumb-terminal", "NO_COLOR-beats-FORCE_COLOR", "always"],
)
def test_colour_on_a_terminal(environment: dict[str, str], flags: list[str], coloured: bool, tmp_path: Path,
                              monkeypatch: pytest.MonkeyPatch, terminal_streams: Callable[[], Reader]) -> None:
    monkeypatch.chdir(tmp_path)
    _formats_specs(tmp_path)
    monkeypatch.setenv("TERM", "xterm-256color")
    for name in ("NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    read = terminal_streams()
    assert cli.main(["validate", *flags]) == 1
    out, err = read()
    assert out == ""
    plain = OUR_CODES.sub("", err)
    assert ": error: rule names undeclared code 'DUPLICATE'" in plain and ": warning: rule can never fire" in plain
    assert all(code in err for code in COLOURED_LEVELS) == coloured and (ESC in err) == coloured


@pytest.mark.parametrize(
    ("environment", "flags", "coloured"),
    [({}, [], False), ({"FORCE_COLOR": "1"}, [], True), ({}, ["--color", "always"], True), ({"FORCE_COLOR": "1"}, ["--color", "never"], False)],
    ids=["piped", "FORCE_COLOR", "always", "never-beats-FORCE_COLOR"],
)
def test_colour_when_not_on_a_terminal(environment: dict[str, str], flags: list[str], coloured: bool, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    _formats_specs(tmp_path)
    for name in ("NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    status, out, err = _run(capsys, "validate", *flags)
    assert status == 1 and out == "" and (ESC in err) == coloured
    assert all(code in err for code in COLOURED_LEVELS) == coloured


def test_machine_formats_never_carry_colour(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            terminal_streams: Callable[[], Reader]) -> None:
    """json, github and sarif on a terminal, colour forced: not one escape code."""
    monkeypatch.chdir(tmp_path)
    _formats_specs(tmp_path, HOSTILE)
    read = terminal_streams()
    for form in ("json", "github", "sarif"):
        assert cli.main(["validate", "--format", form, "--color", "always"]) == 1
        out, err = read()
        assert out and ESC not in out and "\x07" not in out, form
        assert "\x9b" not in out and "\u202e" not in out
    valid = FORMATS_SPEC.replace("code: CODE", "code: ALREADY_EXISTS")  # a warning, no error: it loads
    (tmp_path / "specs" / "formats.yaml").write_text(valid)
    _formats_specs(tmp_path / "after", "ALREADY_EXISTS").joinpath("formats.yaml").write_text(
        valid.replace("max-attempts: 3", "max-attempts: 4")
    )
    for form in ("json", "markdown", "sarif"):
        assert cli.main(["diff", "dir:specs", "dir:after/specs", "--format", form, "--color", "always"]) == 0
        out, _ = read()
        assert "retry-attempts-changed" in out and ESC not in out, form
    assert cli.main(["diff", "dir:specs", "dir:after/specs", "--color", "always"]) == 0
    assert f"{ESC}[1;33mwarning{ESC}[0m: formats:" in read()[0]  # the text report is coloured


def _on_terminal(argv: list[str], cwd: Path, environment: dict[str, str]) -> tuple[int, str, str]:
    """``python -m generator ARGV`` with stdout and stderr each on a pseudo-terminal of its own."""
    env = {name: value for name, value in os.environ.items() if name not in ("NO_COLOR", "FORCE_COLOR")}
    env.update({"TERM": "xterm-256color", "PYTHONPATH": str(ROOT), **environment})
    pairs = [os.openpty(), os.openpty()]
    process = subprocess.Popen([sys.executable, "-m", "generator", *argv], cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                               stdout=pairs[0][1], stderr=pairs[1][1])
    for _, slave in pairs:
        os.close(slave)
    received = {master: b"" for master, _ in pairs}
    reading = set(received)
    while reading:
        ready = select.select(list(reading), [], [], 120)[0]
        assert ready, "the command hangs"
        for master in ready:
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the other end is closed and everything was read
                data = b""
            if data:
                received[master] += data
            else:
                reading.discard(master)
                os.close(master)
    status = process.wait(timeout=60)
    out, err = (received[master].decode("utf-8").replace("\r\n", "\n") for master, _ in pairs)
    return status, out, err


def test_a_terminal_run_is_coloured_and_hostile_spec_text_cannot_inject_escapes(tmp_path: Path) -> None:
    """A real process on pseudo-terminals: levels coloured; escape sequences, BEL, C1 CSI and
    bidi controls from a spec's text and file name arrive escaped; NO_COLOR turns colour off."""
    _formats_specs(tmp_path, HOSTILE)
    _formats_specs(tmp_path, "Y", name=f"{ESC}[31mred.yaml")
    for environment, coloured in (({}, True), ({"NO_COLOR": "1"}, False)):
        status, out, err = _on_terminal(["validate"], tmp_path, environment)
        assert status == 1 and out == ""
        assert (f"{ESC}[1;31merror{ESC}[0m" in err) == coloured and (f"{ESC}[1;33mwarning{ESC}[0m" in err) == coloured
        plain = OUR_CODES.sub("", err)
        assert not any(ch in plain for ch in (ESC, "\x07", "\x9b", "\u202e")), plain
        assert "'X\\x1b[2J\\x1b]0;pwned\\x07\\x9b31m\\u202e'" in plain and "specs/\\x1b[31mred.yaml:" in plain


def test_the_text_diff_on_a_terminal_colours_levels_and_escapes_spec_text(tmp_path: Path) -> None:
    slug = SLUGS[0]
    before, after = tmp_path / "before", tmp_path / "after"
    for side in (before, after):
        side.mkdir()
        shutil.copy(SPEC_FILES[slug], side)
    data: dict[str, Any] = yaml.safe_load(SPEC_FILES[slug].read_text())
    data["x-error-contract"].setdefault("codes", {})[f"NEW{ESC}[2J{ESC}]0;t\x07\u202e"] = {"status": 400, "class": "ForgedError"}
    (after / SPEC_FILES[slug].name).write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    status, out, err = _on_terminal(["diff", "dir:before", "dir:after"], tmp_path, {})
    assert (status, err) == (0, "")
    assert f": {ESC}[36minfo{ESC}[0m: {slug}: " in out and f"(1 {ESC}[36minfo{ESC}[0m)\n" in out
    plain = OUR_CODES.sub("", out)
    assert "`NEW\\x1b[2J\\x1b]0;t\\x07\\u202e`" in plain and not any(ch in plain for ch in (ESC, "\x07", "\u202e"))


# --- SARIF -------------------------------------------------------------------------------------------

# The properties SARIF 2.1.0 allows on each object this tool writes (the schema sets
# additionalProperties false on all of them), and those it requires.
SARIF_OBJECTS: dict[str, tuple[set[str], set[str]]] = {
    "sarifLog": ({"$schema", "version", "runs", "inlineExternalProperties", "properties"}, {"version", "runs"}),
    "run": ({"addresses", "artifacts", "automationDetails", "baselineGuid", "columnKind", "conversion", "defaultEncoding",
             "defaultSourceLanguage", "externalPropertyFileReferences", "graphs", "invocations", "language",
             "logicalLocations", "newlineSequences", "originalUriBaseIds", "policies", "properties", "redactionTokens",
             "results", "runAggregates", "specialLocations", "taxonomies", "threadFlowLocations", "tool", "translations",
             "versionControlProvenance", "webRequests", "webResponses"}, {"tool"}),
    "tool": ({"driver", "extensions", "properties"}, {"driver"}),
    "toolComponent": ({"associatedComponent", "contents", "dottedQuadFileVersion", "downloadUri", "fullDescription",
                       "fullName", "globalMessageStrings", "guid", "informationUri", "isComprehensive", "language",
                       "localizedDataSemanticVersion", "locations", "minimumRequiredLocalizedDataSemanticVersion", "name",
                       "notifications", "organization", "product", "productSuite", "properties", "releaseDateUtc", "rules",
                       "semanticVersion", "shortDescription", "supportedTaxonomies", "taxa", "translationMetadata",
                       "version"}, {"name"}),
    "reportingDescriptor": ({"defaultConfiguration", "deprecatedGuids", "deprecatedIds", "deprecatedNames",
                             "fullDescription", "guid", "help", "helpUri", "id", "messageStrings", "name", "properties",
                             "relationships", "shortDescription"}, {"id"}),
    "reportingConfiguration": ({"enabled", "level", "parameters", "properties", "rank"}, set()),
    "multiformatMessageString": ({"markdown", "properties", "text"}, {"text"}),
    "result": ({"analysisTarget", "attachments", "baselineState", "codeFlows", "correlationGuid", "fingerprints", "fixes",
                "graphTraversals", "graphs", "guid", "hostedViewerUri", "kind", "level", "locations", "message",
                "occurrenceCount", "partialFingerprints", "properties", "provenance", "rank", "relatedLocations", "rule",
                "ruleId", "ruleIndex", "stacks", "suppressions", "taxa", "webRequest", "webResponse", "workItemUris"},
               {"message"}),
    "message": ({"arguments", "id", "markdown", "properties", "text"}, set()),
    "location": ({"annotations", "id", "logicalLocations", "message", "physicalLocation", "properties", "relationships"},
                 set()),
    "physicalLocation": ({"address", "artifactLocation", "contextRegion", "properties", "region"}, set()),
    "artifactLocation": ({"description", "index", "properties", "uri", "uriBaseId"}, set()),
    "region": ({"byteLength", "byteOffset", "charLength", "charOffset", "endColumn", "endLine", "message", "properties",
                "snippet", "sourceLanguage", "startColumn", "startLine"}, set()),
}
SARIF_LEVEL_VALUES = {"none", "note", "warning", "error"}


def _sarif_object(value: object, kind: str) -> dict[str, Any]:
    assert isinstance(value, dict), (kind, value)
    allowed, required = SARIF_OBJECTS[kind]
    assert set(value) <= allowed, (kind, set(value) - allowed)
    assert required <= set(value), (kind, required - set(value))
    if "properties" in value:  # a property bag: anything, but "tags" is a list of unique strings
        tags = value["properties"].get("tags", [])
        assert isinstance(value["properties"], dict) and all(isinstance(t, str) for t in tags) and len(set(tags)) == len(tags)
    return value


def _assert_sarif(text: str) -> list[dict[str, Any]]:
    """Check a SARIF 2.1.0 log against what the schema requires of the objects it holds; its results."""
    log = _sarif_object(json.loads(text), "sarifLog")
    assert log["version"] == "2.1.0" and urlparse(log["$schema"]).scheme == "https"
    assert isinstance(log["runs"], list) and len(log["runs"]) == 1
    run = _sarif_object(log["runs"][0], "run")
    assert run["columnKind"] == "unicodeCodePoints"
    driver = _sarif_object(_sarif_object(run["tool"], "tool")["driver"], "toolComponent")
    assert driver["name"] == "error-contract-generator" and driver["version"] == generator.__version__
    assert "informationUri" not in driver  # the project has no public page to point at
    ids = []
    for rule in driver["rules"]:
        _sarif_object(rule, "reportingDescriptor")
        for key in ("shortDescription", "fullDescription"):
            assert _sarif_object(rule[key], "multiformatMessageString")["text"]
        assert _sarif_object(rule["defaultConfiguration"], "reportingConfiguration")["level"] in SARIF_LEVEL_VALUES
        ids.append(rule["id"])
    assert len(set(ids)) == len(ids) and all(isinstance(i, str) and i for i in ids)
    assert isinstance(run["results"], list)
    for result in run["results"]:
        _sarif_object(result, "result")
        message = _sarif_object(result["message"], "message")
        assert isinstance(message["text"], str) and message["text"].isprintable()
        assert result["level"] in SARIF_LEVEL_VALUES
        assert isinstance(result["ruleIndex"], int) and driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        assert len(result["locations"]) == 1
        physical = _sarif_object(_sarif_object(result["locations"][0], "location")["physicalLocation"], "physicalLocation")
        uri = _sarif_object(physical["artifactLocation"], "artifactLocation")["uri"]
        parsed = urlparse(uri)
        assert not parsed.scheme and not parsed.netloc and not uri.startswith("/") and "\\" not in uri, uri
        assert re.fullmatch(r"[A-Za-z0-9\-._~/%!$&'()*+,;=:@]+", uri), uri  # a URI reference: reserved and unreserved characters only
        region = _sarif_object(physical["region"], "region")
        assert all(isinstance(region[k], int) and region[k] >= 1 for k in ("startLine", "startColumn"))
    return list(run["results"])


@pytest.mark.parametrize("name", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_diff_sarif_has_one_result_per_change_at_its_spec_line(name: str) -> None:
    case = CASES / name
    base, head = (load_side(side, Path("specs"), case) for side in ("before", "after"))
    changes = compare(base.vendors, head.vendors)
    results = _assert_sarif(sarif_report(changes, {**base.files, **head.files}, case))
    expected = json.loads((case / "expected.json").read_text())["changes"]
    assert len(results) == len(expected)
    for result, change in zip(results, expected, strict=True):
        assert result["ruleId"] == change["rule_id"] and result["level"] == SARIF_LEVELS[change["level"]]
        assert result["message"]["text"] == f"{change['vendor']}: {change['message']}"
        region = result["locations"][0]["physicalLocation"]["region"]
        location = change["location"]
        assert (region["startLine"], region["startColumn"]) == (location["line"], location["column"])
        assert unquote(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]) == location["file"]
        assert result["properties"] == {"vendor": change["vendor"], "diffLevel": change["level"], "side": location["side"],
                                        "spec": location["file"], "pointer": location["pointer"]}


def test_diff_sarif_rules_are_every_rule_with_its_level() -> None:
    from generator.diff.rules import RULES

    driver = json.loads(sarif_report([], {}, Path.cwd()))["runs"][0]["tool"]["driver"]
    assert [(r["id"], r["defaultConfiguration"]["level"], r["properties"]["diffLevel"]) for r in driver["rules"]] == [
        (rule_id, {"breaking": "error", "warning": "warning", "info": "note"}[rule.level], rule.level)
        for rule_id, rule in RULES.items()
    ]


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c", "commit.gpgsign=false",
                           *args], cwd=repo, check=True, capture_output=True, text=True).stdout


def test_diff_sarif_between_revisions_points_into_the_work_tree_from_any_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A removed vendor is placed at its line in the base version, a change at its line in HEAD;
    paths are relative to the repository's top, wherever the command runs."""
    repo = tmp_path / "repo"
    (repo / "specs").mkdir(parents=True)
    for slug in SLUGS:
        shutil.copy(SPEC_FILES[slug], repo / "specs")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "specs")
    _git(repo, "commit", "-q", "-m", "specs")
    _git(repo, "checkout", "-q", "-b", "scratch")
    kept, gone = (repo / "specs" / SPEC_FILES[slug].name for slug in SLUGS)
    text = kept.read_text()
    attempts = re.search(r"\n(\s+)max-attempts: (\d+)", text)
    assert attempts
    kept.write_text(text.replace(attempts.group(0), f"\n{attempts.group(1)}max-attempts: {int(attempts.group(2)) + 1}"))
    gone.unlink()
    _git(repo, "commit", "-q", "-am", "edit")
    (repo / "sub").mkdir()
    documents = []
    for cwd, specs in ((repo, "specs"), (repo / "sub", "../specs")):
        monkeypatch.chdir(cwd)
        status, out, err = _run(capsys, "diff", "rev:main", "rev:HEAD", "--specs", specs, "--format", "sarif")
        assert (status, err) == (0, "")
        documents.append(out)
    assert documents[0] == documents[1]
    results = {r["ruleId"]: r for r in _assert_sarif(documents[0])}
    assert set(results) == {"vendor-removed", "retry-attempts-changed"}
    removed, changed = results["vendor-removed"], results["retry-attempts-changed"]
    assert removed["level"] == "error" and changed["level"] == "warning"
    for result, file, side, rev in ((removed, gone, "base", "main"), (changed, kept, "head", "HEAD")):
        where = result["locations"][0]["physicalLocation"]
        assert where["artifactLocation"]["uri"] == f"specs/{file.name}"
        assert (result["properties"]["side"], result["properties"]["spec"]) == (side, f"{rev}:specs/{file.name}")
    line = changed["locations"][0]["physicalLocation"]["region"]["startLine"]
    assert "max-attempts:" in kept.read_text().splitlines()[line - 1]


def test_validate_and_check_sarif_hold_the_diagnostics_and_stale_files(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    specs = _formats_specs(work / "bad")
    status, out, _ = _run(capsys, "validate", "--specs", str(specs), "--format", "sarif")
    document = json.loads(_run(capsys, "validate", "--specs", str(specs), "--format", "json")[1])
    results = _assert_sarif(out)
    assert status == 1 and len(results) == len(document["diagnostics"]) == 2
    for result, d in zip(results, document["diagnostics"], strict=True):
        assert result["ruleId"] == f"spec-{d['level']}" and result["level"] == d["level"]
        assert result["message"]["text"] == f"{d['message']} (hint: {d['hint']})"
        where = result["locations"][0]["physicalLocation"]
        assert where["artifactLocation"]["uri"] == "bad/specs/formats.yaml"
        assert (where["region"]["startLine"], where["region"]["startColumn"]) == (d["line"], d["column"])
    assert _assert_sarif(_run(capsys, "validate", "--format", "sarif")[1]) == []

    (work / "generated" / SLUGS[0] / "retry.py").write_text("edited\n")
    (work / "generated" / SLUGS[1] / "errors.py").unlink()
    status, out, _ = _run(capsys, "check", "--jobs", "1", "--format", "sarif")
    results = _assert_sarif(out)
    assert status == 1 and [(r["ruleId"], r["level"]) for r in results] == [("stale-output", "error")] * 2
    assert [(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["properties"]["state"]) for r in results] == [
        (f"generated/{SLUGS[0]}/retry.py", "edited"), (f"generated/{SLUGS[1]}/errors.py", "missing")
    ]
    assert results[0]["message"]["text"].startswith(f"generated/{SLUGS[0]}/retry.py is edited: run `error-contracts generate`")


def test_sarif_escapes_hostile_text_and_encodes_file_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    _formats_specs(tmp_path, HOSTILE, name="a b%\udcff.yaml")  # a space, a percent sign, a byte that is not UTF-8
    status, out, _ = _run(capsys, "validate", "--format", "sarif")
    results = _assert_sarif(out)
    assert status == 1 and "\\x1b[2J\\x1b]0;pwned\\x07\\x9b31m\\u202e" in results[-1]["message"]["text"]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert uris == {"specs/a%20b%25%FF.yaml"}


# --- operating-system errors: one line, exit 4, for every command -----------------------------------


def _deny(monkeypatch: pytest.MonkeyPatch, directory: str) -> None:
    """Reading ``directory`` fails as it does for a directory without read permission (as root too)."""
    real = os.scandir

    def scandir(path: Any = ".") -> Any:
        if Path(path).name == directory:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)


@pytest.mark.parametrize(
    "argv",
    [["validate"], ["generate", "--no-cache", "-j1"], ["check", "-j1"], ["diff", "dir:specs", "dir:specs"], ["diff", "dir:before"],
     ["diff", "-v", "dir:before", "--format", "sarif"]],
    ids=["validate", "generate", "check", "diff", "diff-head", "diff-sarif"],
)
def test_an_unreadable_specs_directory_is_one_line_and_exit_4(
    argv: list[str], work: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Not "no specs" (2), and for diff not "every vendor removed": the cause, on one line."""
    shutil.copytree(work / "specs", work / "before")
    _deny(monkeypatch, "specs")
    status, out, err = _run(capsys, *argv)
    assert status == cli.SYSTEM_ERROR and out == ""
    assert err.endswith(f"generator: error: '{'specs' if 'diff' not in argv else work / 'specs'}': "
                        f"{os.strerror(errno.EACCES)} (EACCES)\n")
    assert "Traceback" not in err and err.count("generator: error:") == 1


def test_an_os_error_anywhere_in_diff_is_one_line(work: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    from generator.diff import compare as compare_module

    def failing(*args: object) -> object:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(compare_module, "compare", failing)
    status, out, err = _run(capsys, "diff", "dir:specs", "dir:specs")
    assert (status, out, err) == (cli.SYSTEM_ERROR, "", f"generator: error: {os.strerror(errno.EIO)} (EIO)\n")


@pytest.mark.parametrize("argv", [["validate"], ["generate", "--no-cache", "-j1"], ["check", "-j1"], ["diff", "dir:specs"]])
def test_an_unreadable_pyproject_is_one_line_if_it_is_read(
    argv: list[str], work: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A configuration file that cannot be read (here a directory named pyproject.toml, which
    fails as root too, and every open of that name refused) is either not read or one line and exit 4."""
    import builtins
    import io

    (work / "pyproject.toml").mkdir()
    tried: list[str] = []
    real_open = builtins.open

    def guarded(file: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(file, (str, os.PathLike)) and Path(file).name == "pyproject.toml":
            tried.append(str(file))
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(file))
        return real_open(file, *args, **kwargs)

    for target in (builtins, io):
        monkeypatch.setattr(target, "open", guarded)
    status, out, err = _run(capsys, *argv)
    assert "Traceback" not in err
    if status == cli.SYSTEM_ERROR:
        assert err.count("\n") == 1 and err.startswith("generator: error: ") and "pyproject.toml" in err and out == ""
    else:
        assert status == 0 and not tried, err  # not read at all


def test_a_closed_stdout_is_one_line_not_an_exception_at_exit(work: Path) -> None:
    """``generator diff ... | head -0``: the reader is gone before anything is written."""
    process = subprocess.Popen([sys.executable, "-m", "generator", "diff", "dir:specs", "dir:specs", "--format", "sarif"],
                               cwd=work, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    err = process.stderr.read()
    assert process.wait(timeout=120) == cli.SYSTEM_ERROR
    assert err == f"generator: error: {os.strerror(errno.EPIPE)} (EPIPE)\n"


def test_a_failing_stdout_in_process_is_one_line(work: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    class Full:
        def write(self, text: str) -> int:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        def flush(self) -> None:
            pass

        def isatty(self) -> bool:
            return False

    monkeypatch.setattr(sys, "stdout", Full())
    status = cli.main(["diff", "dir:specs", "dir:specs", "--format", "json"])
    monkeypatch.undo()
    assert status == cli.SYSTEM_ERROR
    assert capsys.readouterr().err == f"generator: error: {os.strerror(errno.ENOSPC)} (ENOSPC)\n"

