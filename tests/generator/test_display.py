"""Diagnostics cannot forge output: spec keys, file names and side names are shown escaped.

A key or a file name with a line break could start a line of its own in a CI log
(``::error ...`` is a GitHub Actions workflow command), and a bidi override could
reorder what a reviewer reads. Every diagnostic, usage error and text diff goes
through ``display.printable``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SPECS, VENDORS
from generator.cli import main
from generator.display import printable
from generator.output.writer import diff

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
HOSTILE = "a\n::error file=x.py::forged\r\u2028\u2029\x00\x1b[31m\x7f\x85" + BIDI
FORBIDDEN = set(BIDI + "\r\u2028\u2029\x00\x1b\x7f\x85\udcff")  # and "\n" but between lines


@settings(deadline=None)
@given(st.text())
def test_printable_text_is_kept_and_nothing_else_survives(text: str) -> None:
    shown = printable(text)
    assert shown.isprintable()
    assert (shown == text) == text.isprintable()
    assert printable(shown) == shown  # escaping twice changes nothing


@settings(deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=["Cs"])))
def test_escapes_read_as_python_would_write_them(text: str) -> None:
    """Without backslashes in the input, the escapes are exactly Python's string escapes."""
    if "\\" not in text:
        assert printable(text).encode("ascii", "backslashreplace").decode("unicode_escape") == text


def _lines(output: str) -> list[str]:
    """The lines of ``output``, none holding a character that could forge or hide text."""
    lines = output.split("\n")
    assert lines[-1] == "" and not FORBIDDEN & set(output), [ch for ch in output if ch in FORBIDDEN]
    return lines[:-1]


def _hostile_spec(vendor: str) -> dict[str, object]:
    data: dict[str, object] = yaml.safe_load((SPECS / f"{vendor}.yaml").read_text())
    ext = data["x-error-contract"]
    assert isinstance(ext, dict)
    ext[HOSTILE] = "unknown key"
    ext["retry"]["max-atempts" + HOSTILE] = 1
    ext.setdefault("codes", {})[HOSTILE] = {"status": 200}
    return data


@pytest.mark.parametrize("vendor", VENDORS)
def test_hostile_keys_and_file_names_cannot_start_a_line(vendor: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "specs").mkdir()
    name = "ok\n::error file=ci.yml::forged\u202e\udcff.yaml"  # a line break, even a byte not UTF-8 (0xff)
    (tmp_path / "specs" / name).write_text(yaml.safe_dump(_hostile_spec(vendor)), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for command in (["validate"], ["generate", "--no-cache"], ["check"]):
        assert main(command) == 1
        captured = capsys.readouterr()
        lines = _lines(captured.err + captured.out)
        assert len(lines) >= 4
        assert all(line.startswith(("specs/ok\\n::error", "    hint: ", "generator: ")) for line in lines), lines
        assert any("unknown key 'a\\n::error file=x.py::forged" in line for line in lines)
        assert "specs/ok\\n::error file=ci.yml::forged\\u202e\\udcff.yaml:" in captured.err


def test_usage_errors_and_the_text_diff_escape_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    vendor = VENDORS[0]
    before, after = tmp_path / "before", tmp_path / "af\nter\u202e"
    shutil.copytree(SPECS, before)
    shutil.copytree(SPECS, after)
    data: dict[str, object] = yaml.safe_load((SPECS / f"{vendor}.yaml").read_text())
    ext = data["x-error-contract"]
    assert isinstance(ext, dict)
    ext.setdefault("codes", {})["NEW\n::error::forged\u202e"] = {"status": 400, "class": "ForgedError"}
    (after / f"{vendor}.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["diff", "dir:before", f"dir:{after.name}"]) == 0
    lines = _lines(capsys.readouterr().out)
    assert [line for line in lines if "`NEW\\n::error::forged\\u202e`" in line and "[code-added]" in line]
    assert lines[-1].endswith(f"from before to af\\nter\\u202e ({lines[-1].rsplit('(', 1)[1]}")
    assert main(["diff", "dir:before", f"dir:{after.name}", "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert _lines(out) and "NEW\n::error::forged\u202e" in [c["message"].split("`")[1].encode().decode("unicode_escape")
                                                             for c in json.loads(out)["changes"]]
    assert main(["diff", "rev:no\n::error::such"]) == 2
    err = capsys.readouterr().err
    assert _lines(err) and "no\\n::error::such" in err


def test_check_names_stray_files_escaped(tmp_path: Path) -> None:
    (tmp_path / "acme").mkdir()
    (tmp_path / "acme" / "x\n::error::y.py").write_text("stray\n")
    text = diff(tmp_path, {"acme/errors.py": "new\n"}, label="generated")
    assert "generated/acme/x\\n::error::y.py" in text
    assert not any(line.startswith("::") for line in text.splitlines())
