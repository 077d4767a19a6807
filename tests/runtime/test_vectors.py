"""Conformance vectors: every generated package's ``vectors.json`` run through that package.

The vectors are the specs' documented example responses (``x-error-contract.examples``
and standard OpenAPI examples with ``x-expect``), each citing its source, emitted by
the generator. Vendors come from ``conftest.VENDORS`` (the specs): a new spec with its
examples brings its own cases here, and no test names a vendor.

The checks are those of ``vector_checks``.
"""

from __future__ import annotations

from typing import Any

import pytest

from conftest import VENDORS, vector_params, vectors, vendor_package
from vector_checks import check_vector


@pytest.mark.parametrize(("slug", "vector"), vector_params())
def test_vector(slug: str, vector: dict[str, Any]) -> None:
    check_vector(slug, vector)


@pytest.mark.parametrize("slug", VENDORS)
def test_every_documented_code_and_status_has_a_vector(slug: str) -> None:
    """Each documented code's class is some vector's class, each documented status some
    vector's status: a spec documents no error it gives no example of."""
    vendor = vendor_package(slug)
    found = vectors(slug)
    classes = {vector["expect"]["class"] for vector in found}
    statuses = {vector["status"] for vector in found}
    missing = [f"code {code}" for code, cls in vendor.ERRORS_BY_CODE.items() if cls.__name__ not in classes]
    missing += [f"status {status}" for status in vendor.ERRORS_BY_STATUS if status not in statuses]
    assert not missing, f"{slug}: no vector for {', '.join(missing)}"


@pytest.mark.parametrize("slug", VENDORS)
def test_vector_names_are_distinct_and_cited(slug: str) -> None:
    found = vectors(slug)
    names = [vector["name"] for vector in found]
    assert len(names) == len(set(names))
    assert all(vector["source"].strip() for vector in found)
