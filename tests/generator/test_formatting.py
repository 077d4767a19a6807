"""black formats every generated module; its work is remembered and not repeated under
another provenance header (emit/formatting.py, emit/bodies.py)."""

from __future__ import annotations

import string
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SPEC_FILES, VENDORS
from generator import pipeline
from generator.emit import bodies, formatting
from generator.emit.render import environment, render_modules
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
