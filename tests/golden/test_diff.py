"""The error-surface diff: one case directory per area of rules, the acceptance scenario, git revisions.

Each ``tests/golden/diff_cases/<case>/`` holds ``before/`` and ``after/`` spec directories and
the expected report in every format (``expected.txt``, ``expected.md``, ``expected.json``).
After an intended change to the rules or their wording, rewrite every expected report
with ``UPDATE_DIFF_CASES=1 .venv/bin/python -m pytest tests/golden/test_diff.py`` and review the diff.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest
from markdown_it import MarkdownIt

from conftest import ROOT, SPECS, VENDORS
from generator.cli import main
from generator.diff.compare import compare
from generator.diff.report import FORMATS
from generator.diff.rules import RULES
from generator.diff.sides import load_side

CASES = ROOT / "tests" / "golden" / "diff_cases"
CASE_NAMES = sorted(p.name for p in CASES.iterdir() if p.is_dir())
EXPECTED = {"text": "expected.txt", "markdown": "expected.md", "json": "expected.json"}


def _reports(case: Path) -> dict[str, str]:
    base, head = (load_side(name, Path("specs"), case) for name in ("before", "after"))
    changes = compare(base.vendors, head.vendors)
    return {fmt: FORMATS[fmt](changes, base.label, head.label) for fmt in EXPECTED}


@pytest.mark.parametrize("name", CASE_NAMES)
def test_case_reports_match_expected(name: str) -> None:
    case = CASES / name
    reports = _reports(case)
    if os.environ.get("UPDATE_DIFF_CASES"):
        for fmt, file in EXPECTED.items():
            (case / file).write_text(reports[fmt], encoding="utf-8")
    for fmt, file in EXPECTED.items():
        assert reports[fmt] == (case / file).read_text(encoding="utf-8"), f"{name}/{file} (UPDATE_DIFF_CASES=1 rewrites it)"


def _expected_changes(name: str) -> list[dict[str, object]]:
    changes: list[dict[str, object]] = json.loads((CASES / name / "expected.json").read_text())["changes"]
    return changes


def test_every_rule_has_a_case_and_levels_follow_the_rules() -> None:
    seen = {}
    for name in CASE_NAMES:
        for change in _expected_changes(name):
            seen[change["rule_id"]] = change["level"]
    assert set(seen) == set(RULES)
    assert all(RULES[rule].level == level for rule, level in seen.items())  # type: ignore[index]


def test_unchanged_case_reports_nothing() -> None:
    assert _expected_changes("unchanged") == []


@pytest.mark.parametrize("name", CASE_NAMES)
def test_markdown_report_has_one_table_row_per_change_and_no_html(name: str) -> None:
    tokens = MarkdownIt("commonmark").enable("table").parse((CASES / name / "expected.md").read_text())
    inline = [child for token in tokens for child in token.children or []]
    assert not [t for t in tokens + inline if t.type in ("html_block", "html_inline", "link_open")]
    body_rows = sum(1 for t in tokens if t.type == "tr_open") - sum(1 for t in tokens if t.type == "thead_open")
    assert body_rows == len(_expected_changes(name))


def test_json_locations_point_at_the_changed_line() -> None:
    for name in CASE_NAMES:
        for change in _expected_changes(name):
            location: dict[str, object] = change["location"]  # type: ignore[assignment]
            folder = "before" if location["side"] == "base" else "after"
            assert str(location["file"]).startswith(folder + "/")
            lines = (CASES / name / str(location["file"])).read_text().splitlines()
            assert 1 <= int(location["line"]) <= len(lines)  # type: ignore[call-overload]
            last = str(location["pointer"]).rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")
            if last and not last.isdigit() and not change["rule_id"].startswith("field-"):  # type: ignore[union-attr]
                assert last.split("|")[0] in lines[int(location["line"]) - 1], (name, change)  # type: ignore[call-overload]


# --- the acceptance scenario: shortkit on a scratch branch ---------------------------------

GONE = """    GONE:
      status: 410                    # seed 002: "GONE 410 Resource has been deleted"
      description: Resource has been deleted.
      class: ResourceGoneError       # default GoneError collides with the 410 status class
"""


def _scratch_edit(specs: Path) -> None:
    """Make QUOTA_EXCEEDED retryable, remove GONE, add CONTENT_BLOCKED, in ``specs/shortkit.yaml``."""
    spec = specs / "shortkit.yaml"
    text = spec.read_text()
    for old, new in (
        ("      QUOTA_EXCEEDED: false\n", "      QUOTA_EXCEEDED: true\n"),
        (GONE, ""),
        ("    # Content errors\n", "    # Content errors\n    CONTENT_BLOCKED:\n      status: 422\n      description: Blocked by moderation.\n"),
    ):
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    example = text.index("    - name: GONE 410\n")  # its vector names the class that goes
    text = text[:example] + text[text.index("\n\n", example) + 2 :]
    spec.write_text(text)


SCENARIO = [("code-removed", "breaking"), ("retry-code-added", "warning"), ("code-added", "info")]


class Run(NamedTuple):
    code: int
    out: str
    err: str


def _run(args: list[str], cwd: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Run:
    """``generator diff ARGS`` in-process, in ``cwd``."""
    monkeypatch.chdir(cwd)
    code = main(["diff", *args])
    captured = capsys.readouterr()
    return Run(code, captured.out, captured.err)


def _check_scenario(out: dict[str, str]) -> None:
    document = json.loads(out["json"])
    assert [(c["rule_id"], c["level"]) for c in document["changes"]] == SCENARIO
    assert [c["vendor"] for c in document["changes"]] == ["shortkit"] * 3
    assert document["summary"] == {"breaking": 1, "warning": 1, "info": 1}
    assert "GONE" in document["changes"][0]["message"] and "QUOTA_EXCEEDED" in document["changes"][1]["message"]
    assert "CONTENT_BLOCKED" in document["changes"][2]["message"]

    lines = out["text"].splitlines()
    assert len(lines) == 4 and lines[-1].endswith("(1 breaking, 1 warning, 1 info)")
    assert [re.search(r": (breaking|warning|info): shortkit: .* \[([a-z-]+)\]$", line).group(2, 1) for line in lines[:3]] == SCENARIO  # type: ignore[union-attr]

    rows = [line for line in out["markdown"].splitlines() if line.startswith("| ") and not line.startswith("| level")]
    assert [re.match(r"\| \**(\w+)\** \| .* \| `([a-z-]+)` \|", row).group(2, 1) for row in rows] == SCENARIO  # type: ignore[union-attr]
    assert "#### shortkit: **1 breaking**" not in out["markdown"] and "#### shortkit: 1 breaking, 1 warning, 1 info" in out["markdown"]


def test_acceptance_scenario_between_directories(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(SPECS, tmp_path / "before")
    shutil.copytree(SPECS, tmp_path / "after")
    _scratch_edit(tmp_path / "after")
    out = {}
    for fmt in EXPECTED:
        code, out[fmt], _ = _run(["before", "after", "--format", fmt], tmp_path, monkeypatch, capsys)
        assert code == 0  # --fail-on never is the default
    _check_scenario(out)
    assert _run(["before", "after", "--fail-on", "breaking"], tmp_path, monkeypatch, capsys)[0] == 1
    assert _run(["before", "after", "--fail-on", "warning"], tmp_path, monkeypatch, capsys)[0] == 1
    assert _run(["before", "before", "--fail-on", "warning"], tmp_path, monkeypatch, capsys) == (0, "no changes to the error surface from before to before\n", "")


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c", "commit.gpgsign=false", *args],
                   cwd=repo, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository whose main has the real specs and whose scratch branch has the scenario's edit."""
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main")
    shutil.copytree(SPECS, repo / "specs")
    _git(repo, "add", "specs")
    _git(repo, "commit", "-q", "-m", "specs")
    _git(repo, "checkout", "-q", "-b", "scratch")
    _scratch_edit(repo / "specs")
    _git(repo, "commit", "-q", "-am", "scratch")
    return repo


def test_acceptance_scenario_between_git_revisions(repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    out = {fmt: _run(["main", "scratch", "--format", fmt], repo, monkeypatch, capsys)[1] for fmt in EXPECTED}
    _check_scenario(out)
    removed = json.loads(out["json"])["changes"][0]["location"]
    assert removed["side"] == "base" and removed["file"] == "main:specs/shortkit.yaml"
    assert removed["pointer"] == "/x-error-contract/codes/GONE"
    assert _run(["main", "scratch", "--fail-on", "breaking"], repo, monkeypatch, capsys)[0] == 1
    for rev in ("scratch", "main", "HEAD~1"):
        assert _run([rev, rev, "--fail-on", "warning", "--format", "json"], repo, monkeypatch, capsys)[0] == 0
    assert json.loads(_run(["HEAD", "HEAD", "--format", "json"], repo, monkeypatch, capsys)[1])["changes"] == []


def test_git_revision_against_the_work_tree_reads_no_checkout(repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["scratch"], repo, monkeypatch, capsys)[0] == 0  # work tree == scratch
    code, text, _ = _run(["main", "--fail-on", "breaking"], repo, monkeypatch, capsys)  # HEAD defaults to specs/
    assert code == 1 and text.splitlines()[-1] == "3 changes to the error surface from main to specs (1 breaking, 1 warning, 1 info)"
    spec = repo / "specs" / "shortkit.yaml"
    spec.write_text(spec.read_text().replace("max-attempts: 4", "max-attempts: 5"))  # uncommitted
    code, text, _ = _run(["HEAD", "--fail-on", "breaking"], repo, monkeypatch, capsys)
    assert code == 0 and "[retry-attempts-changed]" in text and len(text.splitlines()) == 2
    status = subprocess.run(["git", "status", "--porcelain"], cwd=repo, capture_output=True, text=True, check=True)
    assert status.stdout == " M specs/shortkit.yaml\n"  # the diff changed nothing in the repository


def test_revisions_are_read_the_same_from_a_subdirectory(repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "sub").mkdir()
    document = json.loads(_run(["main", "scratch", "--specs", "../specs", "--format", "json"], repo / "sub", monkeypatch, capsys).out)
    assert [(c["rule_id"], c["level"]) for c in document["changes"]] == SCENARIO
    assert document["changes"][0]["location"]["file"] == "main:specs/shortkit.yaml"  # git's REV:path, from the top


def test_exit_codes_for_usage_and_load_errors(repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    run = _run(["no-such-rev"], repo, monkeypatch, capsys)
    assert run.code == 2 and run.out == "" and "'no-such-rev' is neither a directory nor a git revision" in run.err
    run = _run(["--", "--output=written-by-git"], repo, monkeypatch, capsys)  # not an option to git
    assert run.code == 2 and "neither a directory nor a git revision" in run.err and not (repo / "written-by-git").exists()
    with pytest.raises(SystemExit) as exit_info:
        _run(["main", "--format", "yaml"], repo, monkeypatch, capsys)
    assert exit_info.value.code == 2
    (repo / "empty").mkdir()
    run = _run(["empty", "empty"], repo, monkeypatch, capsys)
    assert run.code == 2 and "no *.yaml or *.yml specs in empty or empty" in run.err

    spec = repo / "specs" / "shortkit.yaml"
    spec.write_text(spec.read_text().replace("max-attempts: 4", "max-atempts: 4"))
    _git(repo, "commit", "-q", "-am", "typo")
    run = _run(["main", "HEAD"], repo, monkeypatch, capsys)
    assert run.code == 3 and run.out == ""
    assert "HEAD:specs/shortkit.yaml:" in run.err and "unknown key 'max-atempts'" in run.err and "the specs of HEAD do not load" in run.err


def test_a_revision_without_specs_reports_every_vendor_added(repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    _git(repo, "checkout", "-q", "--orphan", "bare")
    _git(repo, "rm", "-rq", "--cached", "specs")
    (repo / "README").write_text("x\n")
    _git(repo, "add", "README")
    _git(repo, "commit", "-q", "-m", "no specs")
    _git(repo, "checkout", "-q", "-f", "main")
    code, out, _ = _run(["bare", "main", "--format", "json", "--fail-on", "warning"], repo, monkeypatch, capsys)
    assert code == 0
    assert [(c["rule_id"], c["vendor"]) for c in json.loads(out)["changes"]] == [
        ("vendor-added", slug) for slug in VENDORS
    ]


def test_the_module_entry_point_runs_the_diff(repo: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "generator", "diff", "main", "scratch", "--format", "markdown", "--fail-on", "breaking"],
                            cwd=repo, env=env, capture_output=True, text=True)
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith("### Error-surface changes\n\n3 changes from `main` to `scratch`: **1 breaking**, 1 warning, 1 info.")


def _readme_section() -> str:
    return (ROOT / "README.md").read_text().split("## Reviewing spec changes", 1)[1].split("\n## ", 1)[0]


def test_readme_lists_every_rule_with_its_level() -> None:
    rows = re.findall(r"^\| `([a-z-]+)` \| (breaking|warning|info) \|", _readme_section(), re.MULTILINE)
    assert sorted(rows) == sorted((rule_id, rule.level) for rule_id, rule in RULES.items())


def test_readme_example_is_the_real_markdown_output(repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    example = _readme_section().split("````markdown\n", 1)[1].split("````", 1)[0]
    out = _run(["main", "--format", "markdown"], repo, monkeypatch, capsys).out
    assert re.sub(r"\.yaml:\d+", ".yaml:N", out) == re.sub(r"\.yaml:\d+", ".yaml:N", example)


def test_a_name_that_is_both_a_directory_and_a_revision_is_refused(repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """A committed directory named like the base branch cannot stand in for the branch."""
    shutil.copytree(repo / "specs", repo / "main")  # the scratch branch's specs, under the name "main"
    run = _run(["main", "scratch"], repo, monkeypatch, capsys)
    assert run.code == 2 and run.out == ""
    assert "'main' is both a directory and a git revision: write dir:main or rev:main" in run.err
    document = json.loads(_run(["rev:main", "rev:scratch", "--format", "json"], repo, monkeypatch, capsys).out)
    assert [(c["rule_id"], c["level"]) for c in document["changes"]] == SCENARIO  # the branch, not the directory
    assert document["base"] == "main" and document["changes"][0]["location"]["file"] == "main:specs/shortkit.yaml"
    run = _run(["dir:main", "rev:scratch", "--format", "json"], repo, monkeypatch, capsys)
    assert run.code == 0 and json.loads(run.out)["changes"] == []  # the directory holds scratch's specs
    assert json.loads(_run(["rev:main", "--format", "json"], repo, monkeypatch, capsys).out)["head"] == "specs"


@pytest.mark.parametrize(("side", "message"), [
    ("", "empty side name ''"), ("rev:", "empty side name 'rev:'"), ("dir:", "empty side name 'dir:'"),
    ("dir:scratch", "'scratch' is not a directory"), ("rev:specs", "'specs' is not a git revision"),
])
def test_empty_or_mistyped_sides_are_usage_errors(side: str, message: str, repo: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    for args in ([side], ["rev:main", side]):
        run = _run(args, repo, monkeypatch, capsys)
        assert run.code == 2 and run.out == "" and message in run.err, run


def test_a_revision_side_goes_through_the_spec_loader(repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """A hostile spec at a revision is read by the same loader as a file, with its limits."""
    from generator.spec import loader

    calls: list[str] = []
    real = loader.load_text
    monkeypatch.setattr(loader, "load_text", lambda text, path, slug=None: calls.append(path) or real(text, path, slug))
    (repo / "specs" / "bomb.yaml").write_text("a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(8)))
    _git(repo, "add", "specs/bomb.yaml")
    _git(repo, "commit", "-q", "-m", "bomb")
    run = _run(["rev:main", "rev:HEAD"], repo, monkeypatch, capsys)
    assert run.code == 3 and "HEAD:specs/bomb.yaml:" in run.err and "raise --max-expanded-bytes" in run.err
    assert "HEAD:specs/bomb.yaml" in calls


def test_a_revision_blob_over_the_size_limit_is_refused_unread(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A huge committed spec costs no memory: its size in the tree refuses it before git is asked for it."""
    from generator.diff import sides
    from generator.spec import loader

    (repo / "specs" / "huge.yaml").write_bytes(b"a: " + b"x" * (loader.limits().spec_bytes + 10) + b"\n")
    _git(repo, "add", "specs/huge.yaml")
    _git(repo, "commit", "-q", "-m", "huge")
    read: list[list[str]] = []
    real = sides._git
    monkeypatch.setattr(sides, "_git", lambda args, cwd: read.append(args) or real(args, cwd))
    run = _run(["rev:main", "rev:HEAD"], repo, monkeypatch, capsys)
    assert run.code == 3 and "HEAD:specs/huge.yaml:1:1: error: the spec file is larger than the limit" in run.err
    huge = subprocess.run(["git", "rev-parse", "HEAD:specs/huge.yaml"], cwd=repo, capture_output=True, text=True).stdout.strip()
    blobs = [args[2] for args in read if args[:2] == ["cat-file", "blob"]]
    assert blobs and huge and huge not in blobs  # the other specs were read, the huge one never
