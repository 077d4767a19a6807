"""Class selection in v2: rules, codes under several statuses, kinds, problem+json.

The packages are every vendor of ``specs/`` plus ``contract_features.yaml`` (a
synthetic spec using each feature once), generated into a temporary directory. Each
test picks the packages that have its feature from what the package itself declares
(``CONTRACT.rules``, ``documented_statuses``, ``ERRORS_BY_KIND``, a problem shape), so
a new spec with the feature brings its own tests. Expectations come from the package's
tables and the runtime's own condition evaluator (``_match.holds``), never from a list
of vendors.
"""

from __future__ import annotations

import importlib
import json
import pickle
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import VENDORS, vendor_package
from generator.pipeline import render_vendor
from generator.spec.build import build
from generator.spec.loader import load_file

FEATURES_SPEC = Path(__file__).with_name("contract_features.yaml")


def _features_package() -> ModuleType:
    """``contract_features.yaml`` generated and imported as its own top-level package."""
    import tempfile

    root = Path(tempfile.mkdtemp(prefix="contract-features-"))
    for name, text in render_vendor(build(load_file(FEATURES_SPEC))).items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    sys.path.insert(0, str(root))
    try:
        return importlib.import_module(FEATURES_SPEC.stem)
    finally:
        sys.path.remove(str(root))


PACKAGES = [vendor_package(slug) for slug in VENDORS] + [_features_package()]


def _ids(packages: list[ModuleType]) -> list[str]:
    return [package.__name__ for package in packages]


def _category(package: ModuleType, status: int) -> type:
    if 400 <= status <= 499:
        return package.ClientError  # type: ignore[no-any-return]
    if 500 <= status <= 599:
        return package.ServerError  # type: ignore[no-any-return]
    return package.APIError  # type: ignore[no-any-return]


def _status_class(package: ModuleType, status: int) -> type:
    return package.ERRORS_BY_STATUS.get(status, _category(package, status))  # type: ignore[no-any-return]


def _json_shape(package: ModuleType, need: str) -> Any:
    """The first JSON shape (not problem+json) that reads ``need`` (``code`` or ``kind``)."""
    for shape in package.CONTRACT.shapes:
        if shape.format == "json" and not shape.problem and getattr(shape, need) is not None:
            return shape
    return None


def _put(body: dict[str, Any], path: tuple[Any, ...], value: Any) -> None:
    """Set ``value`` at ``path``, making the objects and lists on the way."""
    node: Any = body
    for step, following in zip(path, path[1:] + (None,), strict=True):
        fresh: Any = value if following is None else ({} if type(following) is str else [])
        if type(step) is int:
            if type(node) is not list:
                return
            while len(node) <= step:
                node.append({} if type(following) is str else [])
            if following is None or type(node[step]) is not type(fresh):
                node[step] = fresh
            node = node[step]
        else:
            if type(node) is not dict:
                return
            if following is None or type(node.get(step)) is not type(fresh):
                node[step] = fresh
            node = node[step]


def _body(shape: Any, **values: Any) -> bytes:
    """A body of ``shape`` with its match satisfied and ``values`` at the shape's paths."""
    body: dict[str, Any] = {}
    for path, kind in shape.match:
        _put(body, path, {"string": "x", "object": {}, "array": [], "integer": 1, "boolean": True}.get(kind, "x"))
    for field, value in values.items():
        path = getattr(shape, field)
        if field == "message":  # a shape may read its message from several paths: the first
            path = path[0] if path else None
        if path and value is not None:
            _put(body, path, value)
    return json.dumps(body).encode()


# --- codes documented under several statuses --------------------------------------------

MULTI = [
    (package, code, cls)
    for package in PACKAGES
    for code, cls in package.ERRORS_BY_CODE.items()
    if len(cls.documented_statuses) > 1 and _json_shape(package, "code") is not None
]


def test_some_package_documents_a_code_under_several_statuses() -> None:
    assert MULTI  # the features spec does, so the tests below cannot be vacuous


@pytest.mark.parametrize(("package", "code", "cls"), MULTI, ids=[f"{p.__name__}:{c}" for p, c, _ in MULTI])
def test_a_code_under_several_statuses_is_caught_by_each_status_class(package: ModuleType, code: str, cls: type) -> None:
    shape = _json_shape(package, "code")
    for status in cls.documented_statuses:  # type: ignore[attr-defined]
        error = package.from_response(status, {}, _body(shape, code=code, message="m"))
        assert isinstance(error, cls) and isinstance(error, _status_class(package, status))
        assert type(error).__name__ == cls.__name__ and type(error).__module__ == cls.__module__
        assert error.code == code and error.status == status
        copy = pickle.loads(pickle.dumps(error))  # the combined class survives pickling
        assert type(copy) is type(error) and copy.__dict__ == error.__dict__


# --- kinds ------------------------------------------------------------------------------

KINDS = [p for p in PACKAGES if p.ERRORS_BY_KIND and _json_shape(p, "kind") is not None]


def test_some_package_has_kinds() -> None:
    assert KINDS


@pytest.mark.parametrize("package", KINDS, ids=_ids(KINDS))
@settings(max_examples=60, deadline=None)
@given(status=st.integers(400, 599), code=st.text(max_size=12), data=st.data())
def test_a_kind_class_catches_every_error_of_its_kind(package: ModuleType, status: int, code: str, data: Any) -> None:
    kind = data.draw(st.sampled_from(sorted(package.ERRORS_BY_KIND)))
    shape = _json_shape(package, "kind")
    error = package.from_response(status, {}, _body(shape, kind=kind, code=code, message="m"))
    assert error.kind == kind and error.code == (code or None)  # both exactly as sent
    assert isinstance(error, _status_class(package, status))  # except <StatusClass> keeps working
    fired = _first_rule(package, error)
    if fired is None:  # no rule reclassified it: the kind's class catches it
        documented = package.ERRORS_BY_CODE.get(code)
        if documented is None or documented.documented_kind in (None, kind):
            assert isinstance(error, package.ERRORS_BY_KIND[kind])


def test_a_code_of_a_kind_derives_from_the_kind_class() -> None:
    for package in KINDS:
        for cls in package.ERRORS_BY_CODE.values():
            if cls.documented_kind is not None:
                assert issubclass(cls, package.ERRORS_BY_KIND[cls.documented_kind])


# --- classification rules ---------------------------------------------------------------

RULED = [p for p in PACKAGES if p.CONTRACT.rules]


def _first_rule(package: ModuleType, error: Any) -> Any:
    """The first rule whose condition holds for the response behind ``error``, judged by
    the runtime's condition evaluator on what the error carries."""
    match = importlib.import_module(f"{package.__name__}._match")
    http = importlib.import_module(f"{package.__name__}._http")
    read = http.read_response(error.status, error.headers, error.content, package.CONTRACT.shapes, ())
    for rule in package.CONTRACT.rules:
        if match.holds(rule[0], read.status, read.headers, read.root, read.format, read.message):
            return rule
    return None


def test_some_package_has_rules() -> None:
    assert len(RULED) >= 2  # a vendor's and the features spec's


_header_names = st.sampled_from(["X-RateLimit-Remaining", "Retry-After", "X-Kind", "Content-Type"])
_headers = st.dictionaries(_header_names, st.one_of(st.sampled_from(["0", "1", "0, 5", "abc"]), st.text(max_size=8)))
_messages = st.one_of(
    st.sampled_from(["The asset already exists.", "ALREADY EXISTS.", "No such thing", "", "x" * 50]), st.text()
)


@pytest.mark.parametrize("package", RULED, ids=_ids(RULED))
@settings(max_examples=80, deadline=None)
@given(status=st.sampled_from([400, 402, 403, 404, 409, 422, 429, 500, 503, 418, 599]), headers=_headers,
       message=_messages, kind=st.sampled_from([None, "card_error", "api_error", "other"]))
def test_the_first_rule_that_holds_decides(package: ModuleType, status: int, headers: dict[str, str], message: str,
                                           kind: str | None) -> None:
    shape = _json_shape(package, "code") or _json_shape(package, "kind")
    body = _body(shape, message=message, kind=kind) if shape is not None else message.encode()
    error = package.from_response(status, headers, body)
    assert isinstance(error, _status_class(package, status))
    rule = _first_rule(package, error)
    if rule is None:
        return
    _, code, rule_kind = rule
    target = package.ERRORS_BY_CODE[code] if code is not None else package.ERRORS_BY_KIND[rule_kind]
    if code is not None and all(s // 100 != status // 100 for s in target.documented_statuses):
        assert not isinstance(error, target)  # a code class needs its category, rules or not
    else:
        assert isinstance(error, target)


def test_features_rules_by_example() -> None:
    features = PACKAGES[-1]
    body = b'{"error": {"code": "forbidden", "message": "no"}}'
    limited = features.from_response(403, {"X-RateLimit-Remaining": "0"}, body)
    assert type(limited).__name__ == "RateLimitedError" and isinstance(limited, features.PermissionDeniedError)
    assert limited.code == "forbidden"  # the rule classifies; the code stays as sent
    plain = features.from_response(403, {"X-RateLimit-Remaining": "7"}, body)
    assert type(plain) is features.PermissionDeniedError
    exists = features.from_response(422, {}, b'{"error": {"message": "The user ALREADY EXISTS."}}')
    assert isinstance(exists, features.AlreadyExistsError) and isinstance(exists, features.UnprocessableEntityError)
    assert features.AlreadyExistsError.status_inferred is True


# --- RFC 9457 problem+json ----------------------------------------------------------------

PROBLEM = [p for p in PACKAGES if any(shape.problem for shape in p.CONTRACT.shapes)]

_json_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20))
_json = st.recursive(_json_scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=8)
_MEMBERS = ("type", "title", "status", "detail", "instance")


def test_some_package_reads_problem_json() -> None:
    assert PROBLEM


@pytest.mark.parametrize("package", PROBLEM, ids=_ids(PROBLEM))
@settings(max_examples=120, deadline=None)
@given(status=st.integers(100, 650), data=st.data(),
       members=st.dictionaries(st.sampled_from(_MEMBERS + ("balance", "errors", "traceId")), _json, max_size=7),
       typed=st.booleans())
def test_any_problem_body_is_read_and_classified(package: ModuleType, status: int, data: Any,
                                                 members: dict[str, Any], typed: bool) -> None:
    uris = sorted(code for code in package.ERRORS_BY_CODE if ":" in code)
    if uris and data.draw(st.booleans()):
        members["type"] = data.draw(st.sampled_from(uris + ["about:blank"]))
    headers = {"Content-Type": "application/problem+json; charset=utf-8"} if typed else {}
    error = package.from_response(status, headers, json.dumps(members).encode())
    assert isinstance(error, package.APIError) and error.message
    if error.extensions is None:  # not read as problem details: only possible without the content type
        assert not typed
        return
    for name in ("title", "detail", "instance"):
        assert getattr(error, name) == (members[name] if type(members.get(name)) is str else None)
    assert error.extensions == {k: v for k, v in members.items() if k not in _MEMBERS}
    kind = members.get("type")
    if type(kind) is not str or kind in ("about:blank", ""):  # an empty code is no code, in every shape
        assert error.code is None
    else:
        assert error.code == kind
        documented = package.ERRORS_BY_CODE.get(kind)
        if documented is not None and any(s // 100 == status // 100 for s in documented.documented_statuses):
            assert isinstance(error, documented)


@pytest.mark.parametrize("package", PROBLEM, ids=_ids(PROBLEM))
@settings(max_examples=60, deadline=None)
@given(status=st.integers(400, 599), raw=st.binary(max_size=200))
def test_problem_content_type_with_any_bytes_never_raises(package: ModuleType, status: int, raw: bytes) -> None:
    error = package.from_response(status, {"Content-Type": "application/problem+json"}, raw)
    assert isinstance(error, _status_class(package, status)) and error.status == status


@pytest.mark.parametrize("package", RULED, ids=_ids(RULED))
@settings(max_examples=80, deadline=None)
@given(status=st.integers(0, 700), headers=_headers, body=st.one_of(st.binary(max_size=100), _json.map(json.dumps)))
def test_rules_on_arbitrary_responses_never_raise(package: ModuleType, status: int, headers: dict[str, str],
                                                  body: Any) -> None:
    error = package.from_response(status, headers, body)
    assert isinstance(error, _status_class(package, status)) and error.status == status


# --- a body without its code keeps what else it carries ---------------------------------

CODELESS = [
    (package, shape)
    for package in PACKAGES
    for shape in package.CONTRACT.shapes
    if shape.format == "json" and not shape.problem and shape.code is not None and shape.request_id is not None
    and all(path != shape.code for path, _ in shape.match)
]


def test_some_shape_matches_without_its_code() -> None:
    assert CODELESS


@pytest.mark.parametrize(("package", "shape"), CODELESS, ids=[f"{p.__name__}:{s.code}" for p, s in CODELESS])
def test_a_body_without_a_code_keeps_its_request_id_and_details(package: ModuleType, shape: Any) -> None:
    http = importlib.import_module(f"{package.__name__}._http")
    body = json.loads(_body(shape, message="Title is required", request_id="req_1"))
    if shape.details is not None and http.get_path(body, shape.details, "json") is http.MISSING:
        _put(body, shape.details, {"errors": [{"field": "title", "message": "required"}]})
    error = package.from_response(400, {}, json.dumps(body).encode())
    assert error.code is None and error.request_id == "req_1" and error.message == "Title is required"
    if shape.details is not None:
        assert error.details == http.get_path(body, shape.details, "json")
