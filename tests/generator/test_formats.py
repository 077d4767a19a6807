"""``validate`` and ``check`` with ``--format text|json|github``: the same diagnostics, and
GitHub workflow commands that spec text cannot break out of."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import FORMATS_SPEC, SPECS
from generator.cli import main
from generator.display import printable
from generator.report import as_github
from generator.spec.diagnostics import Diagnostic

HOSTILE = '"DUP\\r\\n::warning file=x::injected%0A,title=a:b::\\n::add-mask::x"'


def _spec_dir(tmp_path: Path, code: str = "DUPLICATE") -> Path:
    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / "formats.yaml").write_text(FORMATS_SPEC.replace("code: CODE", f"code: {code}"))
    return specs


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _github_lines(out: str) -> list[tuple[str, dict[str, str], str]]:
    """Each line parsed as GitHub's runner does: ``::name props::message``."""
    parsed = []
    for line in out.splitlines():
        assert line.startswith("::")
        head, _, message = line[2:].partition("::")
        name, _, props = head.partition(" ")
        properties = dict(item.split("=", 1) for item in props.split(",")) if props else {}
        parsed.append((name, properties, message))
    return parsed


def _unescape(text: str) -> str:
    for escaped, raw in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(escaped, raw)
    return text


def test_validate_text_is_the_default_and_unchanged(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    specs = _spec_dir(tmp_path)
    default = _run(capsys, "validate", "--specs", str(specs))
    assert default == _run(capsys, "validate", "--specs", str(specs), "--format", "text")
    status, out, err = default
    assert status == 1 and out == ""
    assert ": warning: rule can never fire" in err and "error: rule names undeclared code 'DUPLICATE'" in err


def test_validate_json_holds_every_diagnostic_and_the_counts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    specs = _spec_dir(tmp_path)
    _, _, text = _run(capsys, "validate", "--specs", str(specs))
    status, out, _ = _run(capsys, "validate", "--specs", str(specs), "--format", "json")
    assert status == 1
    document = json.loads(out)
    diagnostics = document["diagnostics"]
    assert (document["errors"], document["warnings"]) == (1, 1)
    assert sorted(d["level"] for d in diagnostics) == ["error", "warning"]
    for d in diagnostics:
        assert set(d) == {"file", "line", "column", "level", "message", "hint", "pointer"}
        assert d["file"].endswith("formats.yaml") and d["line"] > 0 and d["column"] > 0 and d["pointer"]
        shown = Diagnostic(d["file"], d["line"], d["column"], d["pointer"], d["message"], d["hint"], d["level"])
        assert shown.format() in text  # the same diagnostics as the text form


def test_validate_github_prints_one_command_per_diagnostic(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    specs = _spec_dir(tmp_path)
    status, out, _ = _run(capsys, "validate", "--specs", str(specs), "--format", "github")
    document = json.loads(_run(capsys, "validate", "--specs", str(specs), "--format", "json")[1])
    assert status == 1
    lines = _github_lines(out)
    assert sorted(name for name, _, _ in lines) == ["error", "warning"]
    for (name, props, message), d in zip(lines, document["diagnostics"], strict=True):
        assert name == d["level"]
        assert _unescape(props["file"]) == d["file"]
        assert (props["line"], props["col"]) == (str(d["line"]), str(d["column"]))
        assert d["message"] in _unescape(message) and d["hint"] in _unescape(message)


def test_a_hostile_spec_string_cannot_inject_a_github_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    specs = _spec_dir(tmp_path, HOSTILE)
    status, out, _ = _run(capsys, "validate", "--specs", str(specs), "--format", "github")
    document = json.loads(_run(capsys, "validate", "--specs", str(specs), "--format", "json")[1])
    assert status == 1
    assert any("::add-mask::" in d["message"] for d in document["diagnostics"])  # the text did reach a message
    lines = _github_lines(out)
    assert len(lines) == len(document["diagnostics"]) == 2
    assert [name for name, _, _ in lines] == [d["level"] for d in document["diagnostics"]]
    for (_, props, message), d in zip(lines, document["diagnostics"], strict=True):
        assert set(props) == {"file", "line", "col", "title"}
        assert printable(d["message"]) in _unescape(message)  # all of it, in the one command
    assert "\r" not in out


def test_check_formats_report_stale_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    specs = tmp_path / "specs"
    specs.mkdir()
    spec = sorted(SPECS.glob("*.yaml"))[0]
    shutil.copy(spec, specs / spec.name)
    out_dir = tmp_path / "generated"
    assert main(["generate", "--quiet", "--specs", str(specs), "--out", str(out_dir), "--no-cache"]) == 0
    capsys.readouterr()
    status, out, _ = _run(capsys, "check", "--specs", str(specs), "--out", str(out_dir), "--format", "json")
    assert status == 0 and json.loads(out)["stale"] == [] and json.loads(out)["diff"] == ""
    edited = next(path for path in sorted(out_dir.rglob("*.py")))
    edited.write_text(edited.read_text() + "# edited\n")
    (edited.parent / "stray.txt").write_text("x")  # in a generated package (beside the packages it would be ignored)
    text_status, text_out, _ = _run(capsys, "check", "--specs", str(specs), "--out", str(out_dir))
    status, out, _ = _run(capsys, "check", "--specs", str(specs), "--out", str(out_dir), "--format", "json")
    document = json.loads(out)
    assert status == text_status == 1
    assert document["diff"] == text_out
    assert document["stale"] == sorted(
        [
            {"file": f"{out_dir}/{edited.relative_to(out_dir).as_posix()}", "state": "edited"},
            {"file": f"{out_dir}/{edited.parent.name}/stray.txt", "state": "unexpected"},
        ],
        key=lambda item: item["file"],
    )
    status, out, _ = _run(capsys, "check", "--specs", str(specs), "--out", str(out_dir), "--format", "github")
    lines = _github_lines(out)
    assert status == 1 and [(name, _unescape(props["file"])) for name, props, _ in lines] == [
        ("error", item["file"]) for item in document["stale"]
    ]


def test_check_json_reports_spec_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    specs = _spec_dir(tmp_path)
    status, out, _ = _run(capsys, "check", "--specs", str(specs), "--out", str(tmp_path / "out"), "--format", "json")
    document = json.loads(out)
    assert status == 1 and document["errors"] >= 1 and "stale" not in document


pieces = st.text(st.characters(codec="utf-8")) | st.sampled_from(["\n", "\r", "::", "%", ",", ":", "%0A", "\u2028"])
texts = st.lists(pieces, max_size=8).map("".join)


@given(st.lists(st.tuples(texts, texts, texts, texts, st.sampled_from(["error", "warning"])), max_size=5))
def test_github_output_is_one_command_per_diagnostic(items: list[tuple[str, str, str, str, str]]) -> None:
    diagnostics = [Diagnostic(file, 1, 2, pointer, message, hint, level) for file, pointer, message, hint, level in items]
    out = as_github(diagnostics)
    lines = out.split("\n")
    assert lines[-1] == "" and len(lines) - 1 == len(diagnostics)
    for line, diagnostic in zip(lines[:-1], diagnostics, strict=True):
        assert line.startswith(f"::{diagnostic.level} ")
        assert not any(ch in line for ch in "\r\u2028\u2029\x85\x0b\x0c\x1c\x1d\x1e")
        head, _, message = line[2:].partition("::")
        properties = dict(item.split("=", 1) for item in head.split(" ", 1)[1].split(","))
        assert list(properties) == ["file", "line", "col", "title"] and ":" not in head
        assert _unescape(properties["file"]) == printable(diagnostic.file)
        assert _unescape(message).startswith(printable(diagnostic.message))
