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


# --- decide: reasons formatted when read, as they were formatted eagerly --------------------


def _label(error: BaseException) -> str:
    status = getattr(error, "status", None)
    if type(status) is int:
        code = getattr(error, "documented_code", None)
        return f"{status} {code}" if code else str(status)
    return type(error).__name__


def _eager_decide(
    policy: Any,
    error: BaseException,
    *,
    attempt: int,
    elapsed: float = 0.0,
    method: str | None = None,
    request_headers: Any = None,
    previous_delay: float | None = None,
) -> tuple[bool, float, str]:
    """``RetryPolicy.decide`` as it was before its reasons were formatted lazily: the
    reference, built from the policy's own public rules."""
    waits = importlib.import_module(type(policy).__module__.rpartition(".")[0] + "._waits")
    status = code = headers = said = None
    if policy.failure_kind(error) == "response":
        kind = "response"
        status, code, headers = error.status, error.documented_code, error.headers  # type: ignore[attr-defined]
        if policy.directive_header is not None:
            said = policy.directive(headers)
        if said is False:
            return (False, 0.0, f"{_label(error)}: the server says not to retry")
        if said is None and not policy.is_retryable(status or 0, code, getattr(type(error), "documented_kind", None)):
            return (False, 0.0, f"{_label(error)} is not retryable")
    elif (kind := policy.failure_kind(error)) == "other":
        return (False, 0.0, f"{_label(error)} is not a transport or HTTP error")
    elif kind == "timeout" and not policy.retry_timeouts:
        return (False, 0.0, f"{_label(error)}: timeouts are not retried")
    elif kind != "timeout" and not policy.retry_connection_errors:
        return (False, 0.0, f"{_label(error)}: connection errors are not retried")
    if attempt >= policy.max_attempts:
        return (False, 0.0, f"{_label(error)}: gave up after {attempt} of {policy.max_attempts} attempts")
    if (
        method is not None
        and kind != "connect"
        and not policy._may_resend(method, request_headers, kind == "response")
        and not (kind == "response" and policy.refused(status, code))
    ):
        why = f"{method} is not idempotent and may have been applied"
        if policy.idempotency_header:
            why += f"; send an {policy.idempotency_header} header to allow retries"
        return (False, 0.0, f"{_label(error)}: {why}")
    hint = waits.wait_hint(policy.wait_headers, status, headers) if headers is not None else None
    if hint is not None:
        delay = hint.seconds
        if delay > policy.max_server_wait:
            why = f"{hint.source} asks to wait {delay:g}s, above the {policy.max_server_wait:g}s cap"
            return (False, delay, f"{_label(error)}: {why}")
        detail = f"{hint.header} ({hint.form}) asks to wait {delay:g}s"
    else:
        for fixed_status, fixed in policy.fallback_delays:
            if fixed_status == status:
                if fixed > policy.max_server_wait:
                    why = f"no server hint; the fixed wait {fixed:g}s is above the {policy.max_server_wait:g}s cap"
                    return (False, fixed, f"{_label(error)}: {why}")
                delay, detail = fixed, f"no server hint, fixed wait {fixed:g}s"
                break
        else:
            delay = policy.backoff(max(attempt, 1), previous_delay, error)
            detail = f"{policy.jitter} jitter backoff {delay:.3g}s"
    if policy.deadline is not None and not (elapsed + delay <= policy.deadline):
        return (False, 0.0, f"{_label(error)}: waiting {delay:g}s would pass the {policy.deadline:g}s deadline")
    directs = ", as the server directs" if said else ""
    return (True, delay, f"{_label(error)}: retry {attempt} of {policy.max_attempts - 1}, {detail}{directs}")


class ConnectError(Exception):
    """Named as httpx names a refused connection."""


class ReadTimeout(Exception):
    """Named as httpx names a read timeout."""


class RemoteProtocolError(Exception):
    """Named as httpx names a broken connection."""


class ClientResponseError(Exception):
    """A transport failure with an int ``status``, as aiohttp's has."""

    status = 503


class Timeout(Exception):
    """A timeout (named as requests names one) carrying a status and a code: its reasons
    name it by them, as they name an error response."""

    status = 504
    documented_code = "GATEWAY_TIMEOUT"


PACKAGES = [vendor_package(slug) for slug in VENDORS]
wait_values = st.sampled_from(["0", "2", "7", "61", "0.5", "120", "-1", "x", "Wed, 21 Oct 2015 07:28:00 GMT", "1, 3"])


@st.composite
def decisions(draw: st.DrawFn) -> tuple[Any, Any, dict[str, Any]]:
    vendor = draw(st.sampled_from(PACKAGES))
    policy = vendor.DEFAULT_POLICY.replace(
        random=lambda: 0.37,
        jitter=draw(st.sampled_from(["none", "full", "equal", "decorrelated"])),
        deadline=draw(st.sampled_from([None, 3.0, 100.0])),
        max_server_wait=draw(st.sampled_from([1.0, 60.0])),
        max_attempts=draw(st.integers(1, 5)),
        fallback_delays=draw(st.sampled_from([(), ((503, 2.5),), ((429, 90.0),)])),
        directive_header=draw(st.sampled_from([None, ("X-Should-Retry", ("true",), ("false",))])),
        retry_timeouts=draw(st.booleans()),
        retry_connection_errors=draw(st.booleans()),
        idempotency_header=draw(st.sampled_from([None, "Idempotency-Key"])),
        atomic_failures=draw(st.booleans()),
    )
    if draw(st.booleans()):
        codes = sorted(vendor.ERRORS_BY_CODE) or ["NONE"]
        body = json.dumps({"error": {"code": draw(st.sampled_from(codes)), "message": "m"}})
        names = st.sampled_from(["Retry-After", "retry-after-ms", "RateLimit-Reset", "X-Should-Retry", "Date", "X-Request-Id"])
        headers = draw(st.dictionaries(names, wait_values | st.sampled_from(["true", "false"]), max_size=3))
        status = draw(st.sampled_from([400, 404, 409, 429, 500, 502, 503, 504, 599]))
        error: BaseException = vendor.from_response(status, headers, body)
    else:
        error = draw(st.sampled_from([ConnectError, ReadTimeout, RemoteProtocolError, ClientResponseError, Timeout, ValueError]))()
    options = {
        "attempt": draw(st.integers(1, 6)),
        "elapsed": draw(st.sampled_from([0.0, 2.0, 99.0])),
        "method": draw(st.sampled_from([None, "GET", "get", "POST", "PATCH"])),
        "request_headers": draw(st.sampled_from([None, {}, {"idempotency-key": "k"}])),
        "previous_delay": draw(st.sampled_from([None, 0.7])),
    }
    return policy, error, options


@settings(max_examples=600, deadline=None)
@given(decisions())
def test_reasons_formatted_when_read_are_the_reasons_formatted_eagerly(case: tuple[Any, Any, dict[str, Any]]) -> None:
    policy, error, options = case
    decision = policy.decide(error, **options)
    expected = _eager_decide(policy, error, **options)
    assert decision.reason == expected[2] and decision[2] == expected[2]
    assert tuple(decision) == expected == decision and hash(decision) == hash(expected)
    retry, delay, reason = decision
    assert (retry, delay, reason) == expected and decision[:2] == expected[:2] and decision[-1] == expected[2]
    assert repr(decision) == repr(type(decision)(*expected)) and decision._asdict()["reason"] == expected[2]
    assert pickle.loads(pickle.dumps(decision)) == expected and expected[2] in decision
    # %-formatting reads the tuple's items in C, bypassing __getitem__
    assert "%s|%s|%s" % decision == "%s|%s|%s" % expected  # noqa: UP031
    assert str(decision[2]) == expected[2]
    assert decision._replace(delay=9.0) == (expected[0], 9.0, expected[2])


def test_an_unformatted_reason_acts_as_its_text_where_the_tuple_is_read_directly() -> None:
    """Code reading the tuple's items in C (``%``, ``in``, tuple comparison) gets an object
    that prints, compares and hashes as the text; ``tuple(decision)`` holds the text."""
    vendor = PACKAGES[0]
    error = vendor.from_response(503, {"Retry-After": "3"}, b"")
    decision = vendor.DEFAULT_POLICY.decide(error, attempt=1, method="GET")
    text = decision.reason
    raw = tuple.__getitem__(decision, 2)
    assert str(raw) == text and raw == text and text == raw and not raw != text and hash(raw) == hash(text)
    assert repr(raw) == repr(text) and f"{decision[2]}" == text and type(decision[2]) is str
    assert json.dumps(tuple(decision)) == json.dumps([decision.retry, decision.delay, text])
    assert sorted([decision, tuple(decision)]) == [tuple(decision)] * 2


def test_decisions_sort_as_their_texts_sort() -> None:
    """Sorting decisions compares reasons as text (a reason not formatted yet is no
    tuple to compare), with each other and with formatted ones."""
    decisions = []
    for vendor in PACKAGES:
        policy = vendor.DEFAULT_POLICY.replace(random=lambda: 0.5, jitter="none")
        errors: list[BaseException] = [vendor.from_response(status, {}, b"") for status in (400, 429, 500, 503)]
        errors += [ConnectError(), ReadTimeout(), Timeout(), ValueError()]
        decisions += [policy.decide(error, attempt=attempt) for error in errors for attempt in (1, 2, 9)]
    texts = [tuple(decision) for decision in decisions]
    assert sorted(decisions) == sorted(texts) and sorted(decisions, reverse=True) == sorted(texts, reverse=True)
    assert sorted(decisions + texts) == sorted(texts + texts) and max(decisions) == max(texts)
    for one, other in zip(decisions, decisions[1:] + decisions[:1], strict=True):
        for op in ("__lt__", "__le__", "__gt__", "__ge__", "__eq__", "__ne__"):
            assert getattr(one, op)(other) == getattr(tuple(one), op)(tuple(other)), (op, one, other)


# --- from_response: quicker readings give what the general ones give -----------------------

header_bytes = st.binary(max_size=6) | st.sampled_from([b"Retry-After", b"X-Request-Id", b"\xc3\xa9t\xc3\xa9", b"\xff"])
header_lists = st.lists(
    st.tuples(header_bytes.filter(lambda name: name.strip() == name and b"\n" not in name), st.binary(max_size=8)),
    max_size=6,
)


@settings(max_examples=300, deadline=None)
@given(header_lists, st.sampled_from([None, "utf-8", "latin-1"]), st.sampled_from(["httpx", "httpx2"]))
def test_httpx_headers_read_as_their_items_give_them(
    raw: list[tuple[bytes, bytes]], encoding: str | None, client: str
) -> None:
    """The runtime copies httpx's Headers as their byte triples and decodes them on first
    read: the same headers as copying ``items()``, which decodes and joins them at once."""
    module = importlib.import_module(client)
    try:
        headers = module.Headers(raw, encoding=encoding)
        expected = RUNTIME.Headers(list(headers.items()))  # the general path
    except Exception:  # names httpx itself refuses, or an encoding it cannot apply
        return
    quick = RUNTIME.Headers(headers)
    headers["X-Added-Later"] = "1"  # a snapshot: what happens to the response later is not seen
    assert list(quick.items()) == list(expected.items()) and list(quick) == list(expected)
    for name, _ in raw:
        text = name.decode("latin-1")
        assert quick.get(text) == expected.get(text) and (text in quick) == (text in expected)
    assert pickle.loads(pickle.dumps(quick)) == expected


def test_httpx_headers_of_another_layout_are_read_through_items() -> None:
    """Headers of a class named as httpx's whose private list is not byte triples (another
    httpx version) are read through ``items()``: never lost (a Retry-After among them)."""

    class Headers(dict):  # type: ignore[type-arg]
        __module__ = "httpx"

        def __init__(self, pairs: list[tuple[str, str]]) -> None:
            super().__init__(pairs)
            self._list = [(name.encode(), value.encode()) for name, value in pairs]  # pairs, not triples
            self._encoding = None

    raw = Headers([("Retry-After", "7"), ("X-Request-Id", "req_1")])
    headers = RUNTIME.Headers(raw)
    assert dict(headers.items()) == {"Retry-After": "7", "X-Request-Id": "req_1"}
    for vendor in PACKAGES:
        error = vendor.from_response(503, raw, b"")
        assert error.headers.get("retry-after") == "7" and vendor.DEFAULT_POLICY.retry_after(error) == 7.0


member_names = st.sampled_from(["error", "code", "message", "details", "meta", "requestId", "errors", "x"])
name_paths = st.lists(member_names, min_size=1, max_size=3).map(tuple)
any_paths = st.lists(member_names | st.integers(0, 2), min_size=1, max_size=3).map(tuple)  # as specs give them
json_bodies = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=4),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(member_names, inner, max_size=4),
    max_leaves=12,
).map(lambda value: {"error": value, "meta": value} if not isinstance(value, dict) else value)


@settings(max_examples=400, deadline=None)
@given(json_bodies, st.lists(st.none() | name_paths, min_size=5, max_size=7), st.booleans(), any_paths)
def test_a_shapes_fields_read_as_get_path_reads_them(
    root: dict[str, Any], paths: list[Any], indexed: bool, other: tuple[Any, ...]
) -> None:
    """``_values`` walks member names by get(), each first member once: the values
    ``get_path`` reaches, None where it reaches nothing (absent and null read alike)."""
    code, kind, problems, details, request_id, *messages = paths
    if indexed:
        code = other  # a list index somewhere: the general walk
    shape = RUNTIME.Shape(
        "json",
        (((code or ("error",))[:1], "any"),),
        code,
        tuple(message for message in messages if message is not None) or (("message",),),
        details,
        request_id,
        None,
        None if problems is None else RUNTIME.Problems(problems, ("message",), None),
        kind,
    )
    found = [RUNTIME.get_path(root, path, "json") for path in shape.paths]
    assert RUNTIME._values(root, shape) == [None if value is RUNTIME.MISSING else value for value in found]


@settings(max_examples=300, deadline=None)
@given(json_bodies, st.lists(st.tuples(member_names, st.sampled_from(["object", "array", "string", "boolean"])), max_size=3))
def test_shapes_recognised_by_member_types_as_by_their_match(root: dict[str, Any], match: list[Any]) -> None:
    """A shape matched by top-level members' types is told by one get() each: the
    shape matches exactly when its match, tested path by path, holds."""
    match_paths = tuple(((name,), kind) for name, kind in match)
    shape = RUNTIME.Shape("json", match_paths, ("code",), (("message",),), None, None, None, None)
    assert shape.member_types is not None
    general = copy.copy(shape)
    general.member_types = None  # the match tested path by path, as for any other shape
    found = RUNTIME._find_shape((shape,), root, b"", RUNTIME.Headers())
    assert found == RUNTIME._find_shape((general,), root, b"", RUNTIME.Headers()) or (
        found[0] is shape and RUNTIME._find_shape((general,), root, b"", RUNTIME.Headers())[0] is general
    )


# Every attribute an error response has (``ResponseError.__init__`` sets each).
ATTRIBUTES = (
    "message",
    "status",
    "code",
    "kind",
    "request_id",
    "details",
    "problems",
    "headers",
    "body",
    "content",
    "truncated",
    "title",
    "detail",
    "instance",
    "extensions",
    "attempts",
    "_decided",
    "retry_after",
    "retryable",
)


@pytest.mark.parametrize("slug", VENDORS)
def test_errors_made_at_once_equal_errors_constructed(slug: str) -> None:
    """``_errors.made`` sets an error's attributes at once: the same object as calling the
    class with the reading's arguments, for every documented response (and a class
    with an ``__init__`` of its own is called)."""
    from conftest import vector_response, vectors

    package = vendor_package(slug)
    http = importlib.import_module(f"{package.__name__}._http")
    errors = importlib.import_module(f"{package.__name__}._errors")
    contract = package.CONTRACT

    class Own(package.APIError):
        def __init__(self, message: str = "", **fields: Any) -> None:
            super().__init__(message, **fields)
            self.own = True

    for vector in vectors(slug):
        response = vector_response(vector)
        # each reading makes one error (made() hands its attributes over)
        first, second, third = (
            http.read_response(*response, contract.shapes, contract.request_id_headers) for _ in range(3)
        )
        cls = contract.classify(first)
        assert type(contract.from_response(*response)) is cls  # from the reading's parts, as classify chooses
        # what __init__ is given: the reading's attributes, the body by its name
        fields = {name.lstrip("_"): value for name, value in first.attributes.items()}
        expected = cls(**{**fields, "truncated": True})
        made = errors.made(cls, second.attributes, True)
        assert type(made) is cls and made.args == expected.args and str(made) == str(expected)
        for name in ATTRIBUTES:
            assert getattr(made, name) == getattr(expected, name), name
        # the error's own attributes are what the response said, those at their class
        # defaults (no problem details, no history) left to the class
        assert vars(made).items() <= vars(expected).items()
        assert all(getattr(cls, name) == value for name, value in vars(expected).items() if name not in vars(made))
        own = errors.made(Own, third.attributes, True)
        assert own.own is True and vars(own) == {**vars(expected), "own": True}


def test_classes_kept_per_code_kind_and_status_are_the_classes_chosen() -> None:
    """``classify`` keeps its answer per (code's class, kind's class, status) for HTTP's
    statuses only: the same classes as choosing anew, in a table bounded by the vendor's
    classes."""
    for package in PACKAGES:
        contract = package.CONTRACT
        http = importlib.import_module(f"{package.__name__}._http")
        codes = [None, "NOT_DOCUMENTED", *package.ERRORS_BY_CODE]
        kinds = [None, "not_documented", *package.ERRORS_BY_KIND]
        for status in (0, 99, 400, 404, 429, 451, 500, 503, 599, 600, 999_999):
            for code in codes:
                for kind in kinds:
                    read = http.read_response(status, {}, b"", contract.shapes, ())
                    read.lookup, read.kind = code, kind
                    chosen = contract.classify(read)
                    assert chosen is contract.classify(read)
                    code_cls = contract.by_code.get(code) if code is not None else None
                    kind_cls = contract.by_kind.get(kind) if kind is not None else None
                    assert chosen is contract._class_of(code_cls, kind_cls, read.status)
        assert all(100 <= status <= 599 for _, _, status in contract._classes)
        assert len(contract._classes) <= (len(package.ERRORS_BY_CODE) + 1) * (len(package.ERRORS_BY_KIND) + 1) * 500
        # the kept classes (some combined, not importable by name) do not stop pickling
        assert pickle.loads(pickle.dumps(package.DEFAULT_POLICY)) == package.DEFAULT_POLICY


# --- the retry layer on a request that succeeds at once -------------------------------------

timeout_values = st.none() | st.booleans() | st.sampled_from([0.5, 1, 5.0, 30, 1e6]) | st.just("x")
timeouts = st.dictionaries(st.sampled_from(["connect", "read", "write", "pool"]), timeout_values, max_size=4)


@settings(max_examples=200, deadline=None)
@given(timeouts, st.sampled_from([None, 10.0, 100.0, 1e5]))
def test_timeouts_already_within_the_deadline_are_left_as_they_are(given: dict[str, Any], deadline: float | None) -> None:
    """Before an attempt the httpx transports cut the request's timeouts to the time
    left; when every one is a number already shorter, the request is not rewritten,
    and otherwise it gets the timeouts the cut always gave."""
    import httpx

    adapters = importlib.import_module(f"generated.{VENDORS[0]}._adapters")
    policy = vendor_package(VENDORS[0]).DEFAULT_POLICY.replace(deadline=deadline)
    request = httpx.Request("GET", "http://127.0.0.1:1/", extensions={"timeout": given})
    before = request.extensions
    adapters._deadline_timeouts(request, policy)()
    if deadline is None:
        assert request.extensions is before
        return
    left = deadline  # give or take the microseconds the cut took: no value lies that close
    cut = {name: adapters._shorter(given.get(name), left) for name in ("connect", "read", "write", "pool")}
    numbers = all(type(given.get(name)) in (int, float) for name in cut)
    if numbers and all(given[name] <= left for name in cut):
        assert request.extensions is before  # nothing to cut
    else:
        got = request.extensions["timeout"]
        assert request.extensions is not before and list(got) == list(cut)
        for name, value in cut.items():  # the time left shrank by the microseconds the cut took
            close = type(value) is float and type(got[name]) is float and abs(got[name] - value) < 0.01
            assert got[name] == value or close, (name, got[name], value)


def test_a_release_into_a_full_budget_changes_nothing_and_takes_no_lock() -> None:
    budget = vendor_package(VENDORS[0]).RetryBudget(capacity=10, retry_cost=5, success_refund=1)

    class Refusing:
        def __enter__(self) -> None:
            raise AssertionError("a full budget was locked")

        def __exit__(self, *exc: object) -> None: ...

    lock, budget._lock = budget._lock, Refusing()
    budget.release(1)
    assert budget.available == 10
    budget._lock = lock
    assert budget.acquire(5) and budget.available == 5
    budget.release(1)
    assert budget.available == 6
    budget.release(100)
    assert budget.available == 10
