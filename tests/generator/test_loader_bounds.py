"""The loader composes from parser events: the same data as PyYAML, within its limits."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.spec import loader
from generator.spec.diagnostics import SpecError

_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20))
_DOCUMENTS = st.dictionaries(
    st.text(min_size=1, max_size=10),
    st.recursive(
        _SCALARS,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
        max_leaves=30,
    ),
    max_size=6,
)


@settings(max_examples=200, deadline=None)
@given(_DOCUMENTS, st.booleans())
def test_data_equals_pyyaml_for_any_document(document: dict[str, object], flow: bool) -> None:
    shared = list(document.values())[:1]
    document = {**document, "first": shared, "again": shared}  # safe_dump writes an anchor and an alias
    text = yaml.safe_dump(document, default_flow_style=flow, allow_unicode=True)
    assert loader.load_text(text, "x.yaml").data == yaml.safe_load(text)


_FLAT = st.dictionaries(st.sampled_from("abcdef"), st.integers(0, 9), max_size=5)


@settings(max_examples=200, deadline=None)
@given(st.lists(_FLAT, min_size=1, max_size=3), _FLAT, st.booleans())
def test_merge_keys_mean_what_pyyaml_says_for_any_mappings(
    merged: list[dict[str, int]], own: dict[str, int], listed: bool
) -> None:
    """Own keys win over merged ones, and an earlier merged mapping over a later one, in PyYAML's key order."""
    lines = [f"m{i}: &m{i} {yaml.safe_dump(part, default_flow_style=True).strip()}" for i, part in enumerate(merged)]
    names = [f"*m{i}" for i in range(len(merged))]
    source = f"[{', '.join(names)}]" if listed or len(names) > 1 else names[0]
    own_text = "".join(f", {key}: {value}" for key, value in own.items())
    text = "\n".join([*lines, f"out: {{<<: {source}{own_text}}}"]) + "\n"
    loaded = loader.load_text(text, "x.yaml")
    assert loaded.data == yaml.safe_load(text)
    assert list(loaded.data["out"]) == list(yaml.safe_load(text)["out"])
    assert not loaded.problems


@pytest.mark.parametrize(
    "text",
    [
        "a: &a {x: 1, y: 2}\nb: &b {y: 3, z: 4}\nc: {<<: [*a, *b], z: 5, w: 6}\n",
        "a: &a {x: 1}\nb:\n  <<: *a\n  x: 2\n",
        "base: &base [1, 2]\nlist: [*base, *base]\n",
    ],
)
def test_merge_keys_and_aliases_mean_what_pyyaml_says(text: str) -> None:
    loaded = loader.load_text(text, "x.yaml")
    assert loaded.data == yaml.safe_load(text)
    assert list(loaded.data) == list(yaml.safe_load(text))
    assert not loaded.problems


def test_limits_apply_and_can_be_raised() -> None:
    text = "a: &s " + "x" * 1000 + "\nb: [" + ", ".join(["*s"] * 100) + "]\n"
    before = loader.limits()
    try:
        loader.set_limits(loader.Limits(expanded_bytes=50_000))
        with pytest.raises(SpecError, match="larger than 50000 bytes"):
            loader.load_text(text, "x.yaml")
        with pytest.raises(SpecError, match="nested more than"):
            loader.load_text("a: " + "[" * 70 + "]" * 70, "x.yaml")
        loader.set_limits(loader.Limits(expanded_bytes=200_000, spec_bytes=10))
        assert len(loader.load_text(text, "x.yaml").data["b"]) == 100
        with pytest.raises(SpecError, match="larger than the limit of 10 bytes"):
            loader.load_bytes(text.encode(), "x.yaml", "x")
    finally:
        loader.set_limits(before)
