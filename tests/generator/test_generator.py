"""The generator's own stages: loading with locations, validation messages, safe rendering."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from conftest import SPECS
from generator.emit.formatting import format_source
from generator.emit.render import (
    CONTEXT_FILTERS,
    RenderError,
    comment_text,
    docstring_text,
    environment,
    identifier,
    py_literal,
)
from generator.spec.build import build
from generator.spec.diagnostics import SpecError
from generator.spec.loader import load_text
from generator.spec.validate import validate


def _spec_text(**ext_changes: Any) -> str:
    data = yaml.safe_load((SPECS / "shortkit.yaml").read_text())
    data["x-error-contract"].update(ext_changes)
    return yaml.safe_dump(data, sort_keys=False)


def _messages(text: str) -> list[str]:
    try:
        spec = load_text(text, "specs/shortkit.yaml")
    except SpecError as exc:
        return [d.format() for d in exc.diagnostics]
    return [d.format() for d in validate(spec)]


def test_locations_point_at_the_line_of_the_problem() -> None:
    text = (SPECS / "shortkit.yaml").read_text()
    lines = text.splitlines()
    index = next(i for i, line in enumerate(lines) if line.strip() == "max-attempts: 4")
    lines.insert(index + 1, lines[index].replace("max-attempts: 4", "max-atempts: 4"))
    messages = _messages("\n".join(lines))
    assert len(messages) == 1
    first, hint = messages[0].split("\n")
    assert first == f"specs/shortkit.yaml:{index + 2}:5: error: unknown key 'max-atempts' (/x-error-contract/retry/max-atempts)"
    assert hint.startswith("    hint: did you mean 'max-attempts'? allowed keys here: ") and " max-attempts," in hint


def test_duplicate_keys_are_errors_with_both_lines() -> None:
    messages = _messages("openapi: 3.1.0\ninfo: {}\nopenapi: 3.0.0\n")
    assert any(m.startswith("specs/shortkit.yaml:3:1: error: duplicate key 'openapi' (first defined on line 1)") for m in messages)
    assert any("missing the x-error-contract extension" in m for m in messages)  # and the rest is still checked


def test_invalid_yaml_is_a_located_error() -> None:
    assert _messages("a: [1, 2\nb: 3\n")[0].startswith("specs/shortkit.yaml:")


def test_colliding_class_names_are_errors() -> None:
    data = yaml.safe_load(_spec_text())
    data["x-error-contract"]["codes"]["NOT_FOUND"].pop("class")  # default NotFoundError = the 404 class
    messages = _messages(yaml.safe_dump(data, sort_keys=False))
    assert any("class name 'NotFoundError' collides" in m and "/x-error-contract/codes/NOT_FOUND" in m for m in messages)


def test_case_variants_of_a_code_are_errors() -> None:
    data = yaml.safe_load(_spec_text())
    data["x-error-contract"]["codes"]["quota_exceeded"] = {"status": 429, "class": "OtherQuotaError"}
    messages = _messages(yaml.safe_dump(data, sort_keys=False))
    assert any("differs from 'QUOTA_EXCEEDED'" in m and "only by case" in m for m in messages)


def test_undeclared_codes_and_bad_refs_are_errors() -> None:
    data = yaml.safe_load(_spec_text())
    data["x-error-contract"]["retry"]["codes"]["QUOTA_EXCEDED"] = False
    data["components"]["responses"]["404"]["content"]["application/json"]["schema"]["$ref"] = "#/components/schemas/Nope"
    messages = _messages(yaml.safe_dump(data, sort_keys=False))
    assert any("retry rule names undeclared code 'QUOTA_EXCEDED'" in m for m in messages)
    assert any("$ref '#/components/schemas/Nope' does not resolve" in m for m in messages)


def test_status_keys_outside_range_are_errors() -> None:
    data = yaml.safe_load(_spec_text())
    data["components"]["responses"]["699"] = {"description": "x"}
    assert any("'699' is not a status between 100 and 599" in m for m in _messages(yaml.safe_dump(data, sort_keys=False)))


def test_every_checked_in_spec_is_valid_and_builds() -> None:
    for file in sorted(SPECS.glob("*.yaml")):
        spec = load_text(file.read_text(), f"specs/{file.name}")
        assert validate(spec) == []
        vendor = build(spec)
        assert vendor.classes[0].name == vendor.root_class
        names = [c.name for c in vendor.classes]
        assert len(names) == len(set(names))
        assert all(names.index(c.base) < names.index(c.name) for c in vendor.classes[1:])


@given(st.text())
def test_py_literal_round_trips_any_string(text: str) -> None:
    assert ast.literal_eval(py_literal(text)) == text


@given(st.binary())
def test_py_literal_round_trips_any_bytes_also_through_black(data: bytes) -> None:
    """Documented example bodies are embedded in testing.py as bytes literals."""
    assert ast.literal_eval(py_literal(data)) == data
    tree = ast.parse(format_source(f"x = {py_literal((data, 1))}\n"))
    assert ast.literal_eval(tree.body[0].value) == (data, 1)  # type: ignore[attr-defined]


@given(st.text())
def test_docstring_text_round_trips_through_black_and_cannot_escape(text: str) -> None:
    source = format_source(f'def f():\n    """{docstring_text(text)}"""\n')
    tree = ast.parse(source)
    assert len(tree.body) == 1 and len(tree.body[0].body) == 1  # type: ignore[attr-defined]
    assert ast.get_docstring(tree.body[0], clean=False) == text  # type: ignore[arg-type]


@given(st.text())
def test_comment_text_stays_on_one_line(text: str) -> None:
    source = f"x = 1  # {comment_text(text)}\n"
    assert len(ast.parse(source).body) == 1 and len(source.splitlines()) == 1


def test_non_identifiers_and_non_finite_numbers_are_refused() -> None:
    for bad in ("a b", "class", "x;import os", "", "é"):
        with pytest.raises(RenderError):
            identifier(bad)
    with pytest.raises(RenderError):
        py_literal(float("nan"))
    with pytest.raises(RenderError):
        py_literal({"a": 1})


SAFE_FILTERS = set(CONTEXT_FILTERS)


def test_every_template_expression_ends_in_a_context_filter() -> None:
    """Statically, besides finalize at render time: no {{ }} in templates/ prints a raw value."""
    from jinja2 import nodes

    env = environment()
    checked = 0
    for name in env.list_templates(extensions=["j2"]):  # templates/runtime/ is plain Python, copied as it is
        tree = env.parse(env.loader.get_source(env, name)[0])  # type: ignore[union-attr]
        for output in tree.find_all(nodes.Output):
            for node in output.nodes:
                if isinstance(node, nodes.TemplateData):
                    continue
                assert isinstance(node, nodes.Filter) and node.name in SAFE_FILTERS, f"{name} line {node.lineno}"
                checked += 1
    assert checked > 50


def test_an_unfiltered_value_cannot_reach_a_template(tmp_path: Path) -> None:
    (tmp_path / "t.j2").write_text("x = {{ value }}\n")
    env = environment(tmp_path)
    with pytest.raises(RenderError, match="without a filter"):
        env.get_template("t.j2").render(value="1; import os")
    assert env.get_template("t.j2").render(value=py_literal("1; import os")) == 'x = "1; import os"\n'


def test_hostile_descriptions_generate_working_code(tmp_path: Path) -> None:
    """Spec prose with quotes, backslashes and line separators cannot break out of a docstring."""
    from generator.pipeline import render_vendor

    data = yaml.safe_load(_spec_text())
    hostile = '"""; import os; os._exit(3) #\\ \r\u2028\x00 {{ x }}'
    data["x-error-contract"]["codes"]["QUOTA_EXCEEDED"]["description"] = hostile
    data["x-error-contract"]["vendor"] = hostile
    data["components"]["responses"]["429"]["description"] = hostile
    spec = load_text(yaml.safe_dump(data, sort_keys=False), "specs/shortkit.yaml")
    assert [d for d in validate(spec) if d.level == "error"] == []
    files = render_vendor(build(spec))
    package = tmp_path / "hostile_pkg"
    for path, content in files.items():
        target = tmp_path / path.replace("shortkit/", "hostile_pkg/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content)
    import subprocess
    import sys

    expected_doc = " ".join(hostile.split())  # descriptions are folded to one line
    script = (
        "import hostile_pkg as p\n"
        "e = p.from_response(429, {}, b'')\n"
        f"assert p.QuotaExceededError.__doc__ == {expected_doc!r}\n"
        "print(type(e).__name__)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "RateLimitError\n"
    assert package.exists()


def test_the_openapi_validator_never_reads_another_document() -> None:
    """Even if validate's own $ref check were bypassed, the resolver refuses every scheme."""
    from generator.spec.openapi import RetrievalRefused, openapi_errors

    data = yaml.safe_load(_spec_text())
    data["components"]["schemas"]["ErrorItem"]["properties"]["code"] = {"$ref": "file:///etc/hostname"}
    with pytest.raises(Exception) as info:
        openapi_errors(data)
    error: BaseException | None = info.value
    while error is not None and not isinstance(error, RetrievalRefused):
        error = error.__cause__ or error.__context__
    assert isinstance(error, RetrievalRefused), info.value


def test_the_generator_itself_is_mypy_strict_clean(tmp_path: Path) -> None:
    import subprocess
    import sys

    from conftest import ROOT

    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "cache"), "generator"],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_standard_status_class_has_a_reason_phrase_in_the_runtime() -> None:
    from generator.emit.render import RUNTIME_DIR
    from generator.model.statuses import STATUSES

    runtime = ast.parse((RUNTIME_DIR / "_http.py").read_text())
    reasons = next(
        node.value for node in runtime.body if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", "") == "REASONS"
    )
    assert set(ast.literal_eval(reasons)) == set(STATUSES)
