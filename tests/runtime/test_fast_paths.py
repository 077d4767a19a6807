"""The runtime's fast paths give exactly what the general paths give, and stay fast to load.

Each shortcut the runtime takes for the common case (the C JSON scanner without the
``json`` package, named tuples without ``typing``) is checked against what it
replaces, over generated inputs where it parses them.
"""

from __future__ import annotations

import collections
import copy
import importlib
import json
import math
import pickle
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import GENERATED, VENDORS, vendor_package

RUNTIME = importlib.import_module(f"generated.{VENDORS[0]}._http")


# --- loading: what a first decision imports ------------------------------------------------


@pytest.mark.parametrize("slug", VENDORS)
def test_a_first_decision_loads_neither_typing_nor_json_nor_the_retry_loops(tmp_path: Path, slug: str) -> None:
    """``import pkg`` + ``from_response`` of a JSON body + ``DEFAULT_POLICY.decide``, in a
    fresh interpreter without site-packages: what it imports is what it costs."""
    shutil.copytree(GENERATED / slug, tmp_path / slug, ignore=shutil.ignore_patterns("__pycache__"))
    script = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(tmp_path)!r})
        import {slug} as pkg
        error = pkg.from_response(429, {{"Retry-After": "1"}}, b'{{"error": {{"code": "X", "message": "m"}}}}')
        decision = pkg.DEFAULT_POLICY.decide(error, attempt=1, method="GET")
        assert decision.reason, decision
        heavy = ("typing", "threading", "json", "logging", "collections", "dataclasses", "inspect")
        own = ("_retrying", "_body", "_adapters", "_bridges", "_testing", "adapters", "bridges", "models")
        loaded = [name for name in heavy if name in sys.modules]
        loaded += [name for name in own if "{slug}." + name in sys.modules]
        print(loaded)
        """
    )
    done = subprocess.run([sys.executable, "-S", "-I", "-c", script], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


# --- JSON: the C scanner, as json.loads runs it -------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=15,
)
spaces = st.sampled_from(["", " ", "\n", "\t ", "\r\n", "\u00a0", "\ufeff", "\u2028"])
json_texts = st.one_of(
    st.tuples(spaces, json_values.map(json.dumps), spaces).map("".join),
    st.tuples(json_values.map(json.dumps), st.sampled_from(["", "x", "}", "]", " 1", ",", "\x00"])).map("".join),
    st.lists(st.sampled_from(list('{}[]",:0123456789.eE-+ \\ntrufalsNIiy\u00e9\ud800')), max_size=30).map("".join),
    st.text(max_size=40),
    st.sampled_from(["[NaN, Infinity, -Infinity]", '{"a": 1e999}', '["\\ud800"]', "[" * 5000 + "]" * 5000]),
)


def _reference(text: str) -> Any:
    """What ``_parse_json`` returned through ``json.JSONDecoder().raw_decode``."""
    start = len(text) - len(text.lstrip())
    if text[start : start + 1] not in ("{", "["):
        return RUNTIME.MISSING
    try:
        value, end = json.JSONDecoder().raw_decode(text, start)
    except (ValueError, RecursionError):
        return RUNTIME.MISSING
    return value if end == len(text) or not text[end:].strip() else RUNTIME.MISSING


def _same(a: Any, b: Any) -> bool:
    """Equal values of the same types all the way down (NaN equal to NaN)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[key], b[key]) for key in a)
    return a is b if a is RUNTIME.MISSING or b is RUNTIME.MISSING else a == b


@settings(max_examples=400, deadline=None)
@given(json_texts)
def test_bodies_parse_as_json_loads_parses_them(text: str) -> None:
    parsed = RUNTIME._parse_json(text, len(text.encode("utf-8", "surrogatepass")))
    assert _same(parsed, _reference(text)), (text, parsed)


# --- named tuples without typing ----------------------------------------------------------


def _records() -> list[tuple[type, Any, tuple[Any, ...]]]:
    """Each record class of the runtime, a collections.namedtuple twin, and sample values."""
    package = vendor_package(VENDORS[0])
    samples = [
        (package.WaitHint, (2.0, "Retry-After", "seconds")),
        (package.RetryDecision, (True, 2.5, "429: retry 1 of 3")),
        (package.Attempt, (1, 503, "ServiceUnavailableError", "req_1", 0.5, "why", 0.01)),
    ]
    return [(cls, collections.namedtuple(cls.__name__, cls._fields), values) for cls, values in samples]


@pytest.mark.parametrize("cls, twin, values", _records(), ids=lambda value: getattr(value, "__name__", ""))
def test_records_behave_as_collections_namedtuple(cls: type, twin: Any, values: tuple[Any, ...]) -> None:
    record, expected = cls(*values), twin(*values)
    assert isinstance(record, tuple) and tuple(record) == values == record and hash(record) == hash(values)
    assert repr(record) == repr(expected) and record._fields == expected._fields == cls.__match_args__
    assert record._asdict() == expected._asdict()
    assert [getattr(record, name) for name in cls._fields] == list(values)
    assert cls(**expected._asdict()) == record == cls(values[0], **dict(list(expected._asdict().items())[1:]))
    assert type(record._replace(**{cls._fields[1]: "changed"})) is cls
    assert record._replace(**{cls._fields[1]: "changed"}) == expected._replace(**{cls._fields[1]: "changed"})
    assert cls._make(values) == record and type(cls._make(values)) is cls
    for copied in (pickle.loads(pickle.dumps(record)), copy.copy(record), copy.deepcopy(record)):
        assert type(copied) is cls and copied == record
    with pytest.raises(ValueError):
        record._replace(nonsense=1)
    for wrong in ((values[:-1], {}), (values + (1,), {}), (values, {cls._fields[0]: 1}), (values[:-1], {"x": 1})):
        with pytest.raises(TypeError):
            cls(*wrong[0], **wrong[1])
        with pytest.raises(TypeError):
            twin(*wrong[0], **wrong[1])
