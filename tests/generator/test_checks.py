"""The meaning checks of issue 10 that parse or judge spec input, as properties.

Each has a golden case too (tests/golden/cases/: float-integers, header-tokens,
shadowing-slugs, shape-paths, ...); these try many inputs.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SPECS, VENDORS
from generator.cli import main
from generator.model.naming import COMMON_MODULES, module_name_problem
from generator.model.schemas import EACH_ITEM, path_absence
from generator.spec import extension

TCHAR = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")  # RFC 9110 token


def _header_errors(name: str) -> list[Any]:
    return list(extension.validator().iter_errors({**_minimal(), "request-id-headers": [name]}))


def _minimal() -> dict[str, Any]:
    return {
        "vendor": "V",
        "root-class": "VError",
        "shapes": [{"schema": "Body", "match": {"code": "string"}}],
        "retry": {"max-attempts": 1, "statuses": [], "backoff": {"initial": 1, "multiplier": 1, "max": 1}, "max-server-wait": 0},
    }


@settings(deadline=None)  # the first call builds the validator
@given(st.text(max_size=30) | st.from_regex(TCHAR, fullmatch=True).map(lambda s: s[:100]))
def test_a_header_name_is_accepted_exactly_when_it_is_an_http_token(name: str) -> None:
    assert (not _header_errors(name)) == bool(TCHAR.fullmatch(name)), repr(name)


@settings(deadline=None)
@given(st.from_regex(TCHAR, fullmatch=True).map(lambda s: s[:99]), st.sampled_from(["\n", "\r\n", " ", ":"]))
def test_a_token_with_a_line_break_or_separator_after_it_is_refused(name: str, tail: str) -> None:
    assert _header_errors(name + tail)


@settings(deadline=None)
@given(st.integers(min_value=1, max_value=100))
def test_integers_written_as_floats_are_refused_and_as_integers_accepted(n: int) -> None:
    ext = _minimal()
    assert not list(extension.validator().iter_errors(ext | {"retry": ext["retry"] | {"max-attempts": n}}))
    errors = list(extension.validator().iter_errors(ext | {"retry": ext["retry"] | {"max-attempts": float(n)}}))
    assert [e.validator for e in errors] == ["type"]


def test_slugs_that_shadow_modules_are_refused_and_the_vendors_are_not() -> None:
    shadowing = {name for name in sys.stdlib_module_names if re.fullmatch(r"[a-z][a-z0-9_]*", name)} | COMMON_MODULES
    assert {"json", "typing", "http", "requests", "httpx", "pydantic", "yaml"} <= shadowing
    assert all("shadow" in module_name_problem(name) or "keyword" in module_name_problem(name) for name in shadowing)
    assert all(module_name_problem(slug) == "" for slug in VENDORS)


# A closed schema: an object whose properties are strings or closed schemas, nothing else allowed.
KEYS = st.text(alphabet="abcdef", min_size=1, max_size=3)


def _closed(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    objects = st.dictionaries(KEYS, inner, max_size=4).map(
        lambda props: {"type": "object", "additionalProperties": False, "properties": props}
    )
    return objects | inner.map(lambda item: {"type": "array", "items": item})


CLOSED = st.recursive(st.just({"type": "string"}), _closed, max_leaves=12)


def _paths(schema: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path a body of ``schema`` can hold."""
    found = [prefix]
    if schema.get("type") == "object":
        for key, child in schema["properties"].items():
            found += _paths(child, (*prefix, key))
    elif schema.get("type") == "array":
        found += _paths(schema["items"], (*prefix, 0)) + _paths(schema["items"], (*prefix, EACH_ITEM))
    return found


@settings(deadline=None)
@given(CLOSED, st.data())
def test_paths_a_closed_schema_holds_are_fine_and_any_other_key_is_not(schema: Any, data: st.DataObject) -> None:
    schemas = {"Body": {"allOf": [{"$ref": "#/components/schemas/Inner"}]}, "Inner": schema}
    paths = _paths(schema)
    for path in paths:
        assert path_absence(schemas, "Body", path) == "", path
    path = data.draw(st.sampled_from(paths))
    extra = data.draw(KEYS.map(lambda k: k + "z"))  # never a declared key
    assert path_absence(schemas, "Body", (*path, extra)) != ""
    opened = {"Body": {"anyOf": [{"$ref": "#/components/schemas/Inner"}, {"type": "object"}]}, "Inner": schema}
    assert path_absence(opened, "Body", (extra,)) == ""  # one member that allows it is enough


def test_generate_and_check_refuse_two_files_with_one_package_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """Workers generate one spec each, so the clash is found before them (pipeline.spec_clashes)."""
    (tmp_path / "specs").mkdir()
    vendor = VENDORS[0]
    shutil.copy(SPECS / f"{vendor}.yaml", tmp_path / "specs" / f"{vendor}.yaml")
    shutil.copy(SPECS / f"{vendor}.yaml", tmp_path / "specs" / f"{vendor}.yml")
    monkeypatch.chdir(tmp_path)
    for command in (["generate", "--no-cache"], ["check"], ["validate"]):
        assert main(command) == 1
        err = capsys.readouterr().err
        assert f"specs/{vendor}.yml:1:1: error: gives the package name '{vendor}', as specs/{vendor}.yaml does" in err
    assert not (tmp_path / "generated").exists()
