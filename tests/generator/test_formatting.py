"""black formats every generated module; its work is remembered and not repeated under
another provenance header (emit/formatting.py, emit/bodies.py)."""

from __future__ import annotations

import ast
import string
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SPEC_FILES, VENDORS
from generator import pipeline
from generator.emit import bodies, formatting
from generator.emit.render import environment, keyword_argument, py_literal, render_modules
from generator.model import Vendor
from generator.output.cache import Artifacts
from generator.provenance import Provenance


@cache
def any_vendor() -> Vendor:
    (vendor,) = pipeline.load_and_check([SPEC_FILES[VENDORS[0]]]).vendors
    return vendor


@cache
def rendered() -> dict[str, str]:
    vendor = any_vendor()
    return render_modules(vendor, environment(), Provenance(vendor.spec_file, vendor.spec_sha256))


@settings(max_examples=60, deadline=None)
@given(
    st.text(alphabet=st.characters(blacklist_characters="`", blacklist_categories=("Cc", "Cs")), min_size=1, max_size=60),
    st.text(alphabet=string.ascii_letters + string.digits + "/._- ", min_size=1, max_size=40),
)
def test_a_module_formatted_below_its_header_is_what_black_makes_of_both(command: str, path: str) -> None:
    """Formatting a module once, then putting each vendor's provenance header above it,
    gives black's output for the two together (or the header is formatted with it)."""
    header = Provenance(f"specs/{path}.yaml", "0" * 64, command.strip() or "x").python()
    for name in ("retry.py", "testing.py"):
        source = rendered()[name]
        assert formatting.with_header(header, source) == formatting.format_source(header + source), name


def test_models_py_below_its_header_is_what_black_makes_of_both() -> None:
    vendor = any_vendor()
    header = Provenance("somewhere/else.yaml", "1" * 64, "make it").python()
    assert bodies.models_module(vendor, header) == formatting.format_source(header + bodies.render_models(vendor))


def test_a_text_is_formatted_once_also_under_another_header(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = formatting.format_source
    monkeypatch.setattr(formatting, "format_source", lambda text: calls.append(text) or real(text))
    monkeypatch.setattr(formatting, "_FORMATTED", {})
    memo = Artifacts()
    source = rendered()["errors.py"]
    first = formatting.with_header("# one\n# two\n", source, memo)
    second = formatting.with_header("# three\n# four\n", source, memo)
    assert calls == [source]
    assert first.removeprefix("# one\n# two\n") == second.removeprefix("# three\n# four\n") == real(source)
    monkeypatch.setattr(formatting, "_FORMATTED", {})  # a new process: the memo (the cache) still has it
    assert formatting.with_header("# one\n# two\n", source, memo) == first and calls == [source]


# --- black's layout written by the templates: one black pass, the same output ------------------


@pytest.mark.parametrize("slug", VENDORS)
def test_the_modules_of_the_specs_are_rendered_as_black_leaves_them(slug: str) -> None:
    """black formats every module; when the rendered text is already in its layout black makes
    one pass over it rather than two (``black.format_str`` formats again a text its first
    pass changed), which halves its cost. A failure here is a slower generate, not another
    output: find the template line black changes and write it as black does."""
    (vendor,) = pipeline.load_and_check([SPEC_FILES[slug]]).vendors
    for name, source in render_modules(vendor, environment(), Provenance(vendor.spec_file, vendor.spec_sha256)).items():
        assert formatting.format_source(source) == source, f"{slug}/{name}"


texts = st.text(alphabet=st.characters(codec="utf-8", blacklist_categories=("Cs",)), max_size=30) | st.text(
    alphabet=string.ascii_letters + string.digits + "'\"\\ -_/.:", min_size=10, max_size=70
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


@settings(max_examples=300, deadline=None)
@given(literals, st.sampled_from([4, 8, 12]))
def test_a_keyword_argument_laid_out_by_pykw_is_formatted_as_on_one_line(value: object, depth: int) -> None:
    """The ``pykw`` filter never changes what black makes of a module: black formats the
    argument it lays out exactly as the same argument written on one line."""

    def module(argument: str) -> str:
        """A call one argument per line whose arguments are ``depth`` columns in."""
        blocks = [f"{'    ' * level}if x:\n" for level in range(depth // 4 - 1)]
        call = "    " * (depth // 4 - 1)
        return "".join(blocks) + f"{call}y = call(\n{' ' * depth}{argument}\n{call})\n"

    laid = module(keyword_argument(value, "name", depth))
    assert formatting.format_source(laid) == formatting.format_source(module(f"name={py_literal(value)},"))


def test_a_long_tuple_argument_is_written_one_item_per_line_as_black_writes_it() -> None:
    value = tuple((f"header-{i}", "seconds", ((429, 429),), ()) for i in range(4))
    laid = f"X = call(\n    {keyword_argument(value, 'wait_headers', 4)}\n)\n"
    assert laid.count("\n") == 8 and formatting.format_source(laid) == laid
    assert keyword_argument((1, 2), "short", 4) == "short=(1, 2),"


@settings(max_examples=500, deadline=None)
@given(st.text() | st.binary() | st.text(alphabet="'\"\\ab\n", max_size=12) | st.binary(max_size=12).map(lambda b: b.replace(b"\x00", b"'")))
def test_a_string_literal_is_written_as_black_writes_it(value: str | bytes) -> None:
    """The ``py`` filter writes a string in black's quotes, so a line holding it is as
    long as black makes it (``pykw`` decides by that length)."""
    literal = py_literal(value)
    assert ast.literal_eval(literal) == value
    assert formatting.format_source(f"x = {literal}\n") == f"x = {literal}\n"


@settings(max_examples=300, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_a_float_literal_is_written_as_black_writes_it(value: float) -> None:
    literal = py_literal(value)
    assert ast.literal_eval(literal) == value
    assert formatting.format_source(f"x = {literal}\n") == f"x = {literal}\n"
