"""The generator renders every spec-given field of the runtime's RetryPolicy, and no other.

``generator/model/runtime.policy_fields`` lists the fields ``retry.py`` sets from a spec;
the runtime's ``_FIELDS`` lists every field. A field added to the runtime must be either
rendered from the spec or named here as one the spec never sets (a caller's option or a
runtime constant); otherwise ``retry.py`` would silently leave it at its default.
"""

from __future__ import annotations

from conftest import SPEC_FILES, VENDORS
from generator.model import runtime
from generator.spec.build import build
from generator.spec.loader import load_file

# Fields a spec never sets: opt-ins of the caller, and runtime constants.
NOT_FROM_SPECS = {"generate_idempotency_key", "idempotent_methods", "max_error_body"}


def test_policy_fields_cover_every_runtime_field_but_the_callers_options() -> None:
    vendor = build(load_file(SPEC_FILES[VENDORS[0]]))
    rendered = {name for name, _ in runtime.policy_fields(vendor.retry)}
    every = set(runtime.module("_policy")._FIELDS)
    assert rendered | NOT_FROM_SPECS == every and not rendered & NOT_FROM_SPECS
