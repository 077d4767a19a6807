"""The spec's examples become vectors: validated at their line, built, emitted as
``vectors.json`` (deterministic, language-neutral), and run by the package they were
generated with. A small synthetic spec, so nothing here depends on a vendor."""

from __future__ import annotations

import base64
import copy
import importlib
import json
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import pipeline
from generator.emit.vectors import render_vectors, vector_document
from generator.model import Vector
from generator.spec.build import build
from generator.spec.diagnostics import SpecError
from generator.spec.loader import load_text
from generator.spec.validate import validate

SPEC = """\
openapi: 3.1.0
info: {title: Acme errors, version: "1"}
paths: {}
components:
  schemas:
    Body:
      type: object
      properties:
        error: {type: object, properties: {code: {type: string}, message: {type: string}}}
        id: {type: string}
  responses:
    "400":
      description: Bad request.
      content:
        application/json:
          schema: {$ref: "#/components/schemas/Body"}
          examples:
            missing:
              summary: documented missing field (400 MISSING)
              x-source: https://acme.example/errors#400
              x-headers: {X-Id: req_2}
              value: {error: {code: MISSING, message: name is required}, id: req_1}
              x-expect: {class: MissingError, code: MISSING, message: name is required, request_id: req_1}
            plain:
              summary: an example that is only documentation
              value: {error: {code: OTHER}}
    "503":
      description: Unavailable.
x-error-contract:
  vendor: Acme
  root-class: AcmeError
  request-id-headers: [X-Id]
  shapes:
    - schema: Body
      match: {error: object}
      code: error.code
      message: error.message
      request-id: id
  codes:
    MISSING: {status: 400, class: MissingError}
  retry:
    max-attempts: 3
    statuses: [503]
    backoff: {initial: 1, multiplier: 2, max: 8, jitter: full}
    max-server-wait: 60
  examples:
    - name: unavailable with Retry-After
      source: https://acme.example/errors#503
      status: 503
      headers: {Retry-After: "3", X-Id: req_9}
      expect:
        class: ServiceUnavailableError
        is-a: [ServerError, AcmeError]
        code: null
        request_id: req_9
        retryable: true
        retry_after: 3
        decisions:
          - {attempt: 1, method: GET, retry: true, delay: 3}
          - {attempt: 3, retry: false}
    - name: unavailable without a hint backs off with the fixed draw
      source: https://acme.example/errors#retry
      status: 503
      body-base64: /w==
      expect:
        class: ServiceUnavailableError
        retry_after: null
        decisions:
          - {attempt: 1, retry: true, delay: 0.5}
          - {attempt: 2, retry: true, delay: 1.0}
    - name: a repeated wait header gives its longest wait
      source: https://acme.example/errors#retry-after
      status: 503
      headers: [[Retry-After, "2"], [X-Id, req_7], [Retry-After, "4"]]
      expect:
        class: ServiceUnavailableError
        request_id: req_7
        retry_after: 4
        decisions: [{attempt: 1, retry: true, delay: 4}]
"""


def _data(text: str = SPEC) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(text)
    return loaded


def _messages(data: dict[str, Any]) -> list[str]:
    text = yaml.safe_dump(data, sort_keys=False)
    try:
        spec = load_text(text, "specs/acme.yaml")
    except SpecError as exc:
        return [d.format() for d in exc.diagnostics]
    return [d.format() for d in validate(spec) if d.level == "error"]


def _line_of(data: dict[str, Any], needle: str) -> int:
    """The line of the last occurrence of ``needle`` in the dumped spec."""
    return [n for n, line in enumerate(yaml.safe_dump(data, sort_keys=False).splitlines(), 1) if needle in line][-1]


def test_the_synthetic_spec_is_valid_and_its_vectors_are_built_in_order() -> None:
    assert _messages(_data()) == []
    built = build(load_text(SPEC, "specs/acme.yaml")).vectors
    assert [v.name for v in built] == [
        "unavailable with Retry-After",
        "unavailable without a hint backs off with the fixed draw",
        "a repeated wait header gives its longest wait",
        "documented missing field (400 MISSING)",
    ]
    extension, binary, repeated, standard = built
    assert repeated.headers == (("Retry-After", "2"), ("X-Id", "req_7"), ("Retry-After", "4"))
    assert extension.headers == (("Retry-After", "3"), ("X-Id", "req_9")) and extension.body == b""
    assert binary.body == b"\xff"
    assert standard.status == 400 and standard.source == "https://acme.example/errors#400"
    assert standard.headers == (("Content-Type", "application/json"), ("X-Id", "req_2"))
    assert json.loads(standard.body) == {"error": {"code": "MISSING", "message": "name is required"}, "id": "req_1"}
    assert standard.pointer == "/components/responses/400/content/application~1json/examples/missing"


def test_vectors_json_is_deterministic_sorted_and_ascii() -> None:
    vendor = build(load_text(SPEC, "specs/acme.yaml"))
    text = render_vectors(vendor)
    assert text == render_vectors(build(load_text(SPEC, "specs/acme.yaml")))
    assert text.endswith("}\n") and text.isascii()
    document = json.loads(text)
    assert text == json.dumps(document, indent=2, sort_keys=True) + "\n"
    assert "the error-contract generator" in text[:2048]  # the writer recognises it as generated
    assert document["jitter_draw"] == 0.5 and document["package"] == "acme"
    first = document["vectors"][0]
    assert first["headers"] == [["Retry-After", "3"], ["X-Id", "req_9"]] and first["body"] == ""
    assert document["vectors"][1]["body_base64"] == "/w==" and "body" not in document["vectors"][1]


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=64))
def test_any_body_survives_the_vector_file(body: bytes) -> None:
    """Text when the body is UTF-8, base64 otherwise: the bytes come back either way."""
    document = json.loads(json.dumps(vector_document(Vector("n", "s", 400, (), body, {"class": "X"}))))
    back = base64.b64decode(document["body_base64"]) if "body_base64" in document else document["body"].encode("utf-8")
    assert back == body


@pytest.mark.parametrize(
    ("change", "needle", "message"),
    [
        (lambda x: x["examples"][0]["expect"].update({"class": "NoSuchError"}), "class: NoSuchError",
         "expected class 'NoSuchError' is no class of the package"),
        (lambda x: x["examples"][0]["expect"].update({"is-a": ["ServerError", "Nope"]}), "- Nope",
         "expected class 'Nope' is no class of the package"),
        (lambda x: x["examples"].append({**copy.deepcopy(x["examples"][0]), "name": "other", "expect": {"class": "MissingError", "code": "OTHER"}}),
         "code: OTHER", "expected code 'OTHER' does not give MissingError, the class of the documented code 'MISSING'"),
        (lambda x: x["examples"][0].update({"body": "a", "body-json": {}}), "- name: unavailable with Retry-After",
         "example gives body and body-json"),
        (lambda x: x["examples"][1].update({"name": x["examples"][0]["name"]}), "- name: unavailable with Retry-After",
         "example name 'unavailable with Retry-After' is also the one of"),
        (lambda x: x["examples"][1].update({"body-base64": "/w="}), "body-base64: /w=", "example body cannot be sent"),
        (lambda x: x["examples"][0]["expect"]["decisions"][0].update({"attempt": 0}), "attempt: 0", "0 is less than the minimum of 1"),
        (lambda x: x["examples"][2].update({"headers": [["Retry-After"]]}), "- - Retry-After", "['Retry-After'] is too short"),
        (lambda x: x["examples"][0].pop("source"), "- name: unavailable with Retry-After", "missing key 'source'"),
    ],
)
def test_a_bad_example_is_an_error_at_its_line(change: Any, needle: str, message: str) -> None:
    data = _data()
    change(data["x-error-contract"])
    messages = _messages(data)
    assert len(messages) == 1, messages
    assert messages[0].startswith(f"specs/acme.yaml:{_line_of(data, needle)}:"), messages[0]
    assert message in messages[0]


def test_a_bad_openapi_example_is_an_error_at_its_line() -> None:
    data = _data()
    example = data["components"]["responses"]["400"]["content"]["application/json"]["examples"]["missing"]
    example["x-expect"]["class"] = "Unknown"
    del example["x-source"]
    messages = _messages(data)
    assert any("missing key 'x-source'" in m and "/examples/missing" in m for m in messages), messages
    example["x-source"] = "here"
    messages = _messages(data)
    assert len(messages) == 1 and f"specs/acme.yaml:{_line_of(data, 'class: Unknown')}:" in messages[0]
    assert "expected class 'Unknown' is no class of the package" in messages[0]


def test_the_generated_package_runs_its_vectors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Generate the synthetic spec and run its vectors with the same check as every vendor's."""
    spec = tmp_path / "specs" / "acme_vectors.yaml"
    spec.parent.mkdir()
    spec.write_text(SPEC)
    files = pipeline.generate(spec.parent)
    out = tmp_path / "out" / "synthetic_pkgs"
    for path, text in files.items():
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_text(text)
    (out / "__init__.py").write_text("")
    monkeypatch.syspath_prepend(str(out.parent))
    package = importlib.import_module("synthetic_pkgs.acme_vectors")
    document = json.loads((out / "acme_vectors" / "vectors.json").read_text())
    from vector_checks import check_response  # the one check, against this package

    try:
        for vector in document["vectors"]:
            check_response(package, vector, document["jitter_draw"])
    finally:
        for name in [n for n in sys.modules if n.startswith("synthetic_pkgs")]:
            del sys.modules[name]


def test_a_referenced_example_is_followed_and_located() -> None:
    data = _data()
    content = data["components"]["responses"]["400"]["content"]["application/json"]
    data["components"]["examples"] = {"Missing": content["examples"]["missing"]}
    content["examples"]["missing"] = {"$ref": "#/components/examples/Missing"}
    built = build(load_text(yaml.safe_dump(data, sort_keys=False), "specs/acme.yaml")).vectors
    assert [v.name for v in built][-1] == "documented missing field (400 MISSING)" and built[-1].status == 400
    data["components"]["examples"]["Missing"]["x-expect"]["class"] = "Unknown"
    messages = _messages(data)
    assert len(messages) == 1 and f"specs/acme.yaml:{_line_of(data, 'class: Unknown')}:" in messages[0], messages
