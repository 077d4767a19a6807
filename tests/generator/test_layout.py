"""Modules laid out without black are exactly what black makes of them (emit/layout.py).

black stays the formatter: every generated module is what black would make of the rendered
template. ``layout`` writes that directly where its rules are certain and gives up (returns
None: black formats the module) elsewhere; these tests hold it to black's output on the
golden vendors and cases and on hypothesis-made literals, strings, headers and vendors.
"""

from __future__ import annotations

import ast
import glob
import string
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT, SPEC_FILES, VENDORS
from generator import pipeline
from generator.emit import bodies, formatting, layout
from generator.emit.render import constant_lines, environment, py_literal, render_modules
from generator.model import Vendor
from generator.provenance import Provenance
from generator.records import replace
from generator.spec.diagnostics import SpecError

CORPUS = sorted(glob.glob(str(ROOT / "tests" / "golden" / "cases" / "*" / "*.y*ml"))) + sorted(
    glob.glob(str(ROOT / "tests" / "contracts" / "*.yaml"))
)


def black(source: str) -> str:
    return formatting.format_source(source)


@cache
def vendors_of(file: str) -> tuple[Vendor, ...]:
    try:
        return pipeline.load_and_check([Path(file)]).vendors
    except SpecError:
        return ()


def rendered(vendor: Vendor) -> dict[str, str]:
    return render_modules(vendor, environment(), Provenance(vendor.spec_file, vendor.spec_sha256))


def test_black_is_the_release_whose_style_layout_restates() -> None:
    """If this fails, black's stable style may have changed: check the rules in
    emit/layout.py against the new black, then move BLACK_MAJOR."""
    assert layout.supported(formatting.black_version())
    assert not layout.supported("25.12.0") and not layout.supported(None)


@pytest.mark.parametrize("slug", VENDORS)
def test_every_module_of_the_specs_is_laid_out_as_black_makes_it(slug: str) -> None:
    """The specs' modules and models.py are all laid out here (black is not run for them),
    and each is byte for byte black's output."""
    (vendor,) = vendors_of(str(SPEC_FILES[slug]))
    for name, source in rendered(vendor).items():
        laid = layout.lay_out(source, constant_lines())
        assert laid is not None, f"{slug}/{name} is no longer laid out without black"
        assert laid == black(source), f"{slug}/{name}"
    body = bodies._checked_body({m.name: m.schema for m in vendor.models})
    laid = layout.models_module([ast.unparse(node) for node in body], [_kind(node) for node in body])
    assert laid is not None and laid == black(bodies.models_source({m.name: m.schema for m in vendor.models}))


@pytest.mark.parametrize("file", CORPUS, ids=lambda file: str(Path(file).relative_to(ROOT)))
def test_every_module_of_the_golden_cases_laid_out_is_what_black_makes(file: str) -> None:
    for vendor in vendors_of(file):
        for name, source in rendered(vendor).items():
            laid = layout.lay_out(source, constant_lines())
            assert laid is None or laid == black(source), name
        schemas = {m.name: m.schema for m in vendor.models}
        try:
            body = bodies._checked_body(schemas)
        except Exception:  # noqa: BLE001 - a case whose models are refused
            continue
        laid = layout.models_module([ast.unparse(node) for node in body], [_kind(node) for node in body])
        assert laid is None or laid == black(bodies.models_source(schemas))


def _kind(node: ast.stmt) -> str:
    return "import" if isinstance(node, ast.ImportFrom) else "class" if isinstance(node, ast.ClassDef) else "assignment"


# --- literals ---------------------------------------------------------------------------------------

texts = st.text(alphabet=st.characters(codec="utf-8"), max_size=40) | st.text(
    alphabet=string.ascii_letters + string.digits + "'\"\\ -_/.:", min_size=20, max_size=70
)
scalars = st.one_of(
    texts,
    st.binary(max_size=40),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.none(),
)
literals = st.recursive(scalars, lambda inner: st.lists(inner, max_size=6).map(tuple), max_leaves=25)
CONTEXTS = (
    "X = call(\n    name={},\n)\n",
    "X = {{\n    'key': {},\n}}\n",
    "X = {{\n    404: {},\n}}\n",
    "class A:\n    value = {}\n",
    "X = [\n    {},\n]\n",
    "value = {}\n",
    "def f() -> None:\n    return g(\n        argument={},\n    )\n",
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(literals, st.sampled_from(CONTEXTS))
def test_a_literal_is_split_as_black_splits_it(value: Any, context: str) -> None:
    source = context.format(py_literal(value)).replace("'key'", '"key"')
    laid = layout.lay_out(source)
    if laid is not None:
        assert laid == black(source)


def test_the_splitting_rules_are_used() -> None:
    """Not only None: a long tuple in each context is laid out (and is black's)."""
    value = tuple(f"item number {i}" for i in range(12))
    for context in CONTEXTS:
        source = context.format(py_literal(value)).replace("'key'", '"key"')
        laid = layout.lay_out(source)
        assert laid is not None and laid == black(source), context


@settings(max_examples=500, deadline=None)
@given(st.text() | st.binary())
def test_a_string_literal_is_black_normalised_and_means_the_value(value: str | bytes) -> None:
    literal = layout.string_literal(value)
    assert ast.literal_eval(literal) == value
    assert black(f"x = {literal}\n") == f"x = {literal}\n"


@settings(max_examples=300, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_a_float_literal_is_black_normalised_and_means_the_value(value: float) -> None:
    literal = layout.float_literal(value)
    assert ast.literal_eval(literal) == value
    assert black(f"x = {literal}\n") == f"x = {literal}\n"


# --- headers ----------------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    st.text(alphabet=st.characters(blacklist_characters="`", blacklist_categories=("Cc", "Cs")), min_size=1, max_size=60),
    st.text(alphabet=string.ascii_letters + string.digits + "/._- ", min_size=1, max_size=40),
)
def test_a_module_formatted_below_its_header_is_what_black_makes_of_both(command: str, path: str) -> None:
    """Formatting a module once, then putting each vendor's provenance header above it,
    gives black's output for the two together (or the header is formatted with it)."""
    (vendor,) = vendors_of(str(SPEC_FILES[VENDORS[0]]))
    header = Provenance(f"specs/{path}.yaml", "0" * 64, command.strip() or "x").python()
    source = rendered(vendor)["retry.py"]
    assert formatting.with_header(header, source, constant_lines()) == black(header + source)


# --- vendors ----------------------------------------------------------------------------------------

names = st.from_regex(r"\A[A-Z][A-Za-z0-9]{0,70}\Z")
docs = st.text(alphabet=st.characters(codec="utf-8", blacklist_categories=("Cs",)), max_size=120)


@st.composite
def varied_vendors(draw: st.DrawFn) -> Vendor:
    """A golden vendor with spec text replaced by drawn text: docstrings, URLs, codes, class
    names, example responses, retry numbers and header names."""
    (vendor,) = vendors_of(str(SPEC_FILES[draw(st.sampled_from(VENDORS))]))
    classes = []
    for cls in vendor.classes:
        if cls.kind in ("code", "status") and draw(st.booleans()):
            cls = replace(
                cls,
                doc=draw(docs) or "x",
                docs_url=draw(st.sampled_from(["", "https://example.com/" + "a" * draw(st.integers(0, 120))])),
                docstring_notes=tuple(draw(st.lists(docs.filter(bool), max_size=2))),
                statuses=tuple(draw(st.lists(st.integers(400, 599), min_size=1, max_size=30))),
            )
        classes.append(cls)
    codes = tuple((draw(texts) or "c", name) for _, name in vendor.code_classes)
    vectors = tuple(
        replace(
            vector,
            name=draw(texts) or "v",
            headers=tuple(draw(st.lists(st.tuples(texts, texts), max_size=6))),
            body=draw(st.binary(max_size=150)),
        )
        for vector in vendor.vectors
    )
    if draw(st.integers(0, 4)) == 0:
        vectors = ()  # no documented example: an empty EXAMPLES
    retry = replace(
        vendor.retry,
        max_attempts=draw(st.integers(1, 10**6)),
        retry_codes=tuple(draw(st.lists(texts, max_size=8))),
        backoff_initial=draw(st.floats(0, 1e20)),
    )
    return replace(
        vendor,
        name=draw(docs) or "vendor",
        root_class=draw(names),
        classes=tuple(classes),
        code_classes=codes,
        vectors=vectors,
        retry=retry,
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(varied_vendors())
def test_a_module_of_any_vendor_laid_out_is_what_black_makes(vendor: Vendor) -> None:
    for name, source in rendered(vendor).items():
        laid = layout.lay_out(source, constant_lines())
        if laid is not None:
            assert laid == black(source), name


def test_black_formats_what_layout_gives_up_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """A module layout cannot vouch for, or any module under another black, goes to black."""
    source = 'x = """a"""; y = 1\n'
    assert layout.lay_out(source) is None
    assert formatting.format_module(source) == black(source)
    monkeypatch.setattr(formatting, "black_version", lambda: "25.1.0")
    calls: list[str] = []
    monkeypatch.setattr(formatting, "format_source", lambda text: calls.append(text) or text)
    formatting._FORMATTED.clear()
    formatting.format_module("x = 1\n")
    assert calls == ["x = 1\n"]


BLACK_RULES = {
    "an empty pair of brackets is joined": 'X: dict[str, int] = {\n}\n\nY = call(\n    a=1,\n    rules=(\n    ),\n)\n',
    "the closing quotes of a docstring go to its indentation": 'class A(B):\n    """Doc.\n\n    More.\n"""\n',
    "a class docstring is followed by one blank line": 'class A(B):\n    """Doc."""\n    x = 1\n\n\nclass C(B):\n    """Doc."""\n\n\nx = 2\n',
}


@pytest.mark.parametrize("name", sorted(BLACK_RULES))
def test_what_black_does_to_a_template_beyond_splitting_lines_is_done_as_black_does_it(name: str) -> None:
    source = BLACK_RULES[name]
    laid = layout.lay_out(source)
    assert laid is not None and laid != source and laid == black(source)
