"""``vectors.json``: the spec's conformance vectors, for any implementation to run.

Language-neutral data: each vector is a response (``status``; ``headers`` as a list
of ``[name, value]`` pairs, so a name may repeat; the body as ``body`` text when it is
UTF-8, else ``body_base64``) and the ``expect``ation as the spec wrote it (see README,
"Writing a spec", and ``$defs/expect`` of the extension's schema). Where a decision
draws jitter, the draw is ``jitter_draw``. ``provenance`` names the generator and the
spec (path and SHA-256) that produced the file. The bytes are deterministic: sorted keys,
a fixed indent, ASCII only, a final newline.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from ..model import Vector, Vendor
from ..provenance import Provenance
from .errors import RenderError

FILE_NAME = "vectors.json"
FORMAT = 1
JITTER_DRAW = 0.5  # what the policy's random source returns while a vector's decisions are checked


def vector_document(vector: Vector) -> dict[str, Any]:
    """One vector as JSON data."""
    document: dict[str, Any] = {
        "name": vector.name,
        "source": vector.source,
        "status": vector.status,
        "headers": [list(pair) for pair in vector.headers],
        "expect": dict(vector.expect),
    }
    try:
        document["body"] = vector.body.decode("utf-8")
    except UnicodeDecodeError:
        document["body_base64"] = base64.b64encode(vector.body).decode("ascii")
    return document


def render_vectors(vendor: Vendor, provenance: Provenance | None = None) -> str:
    """The text of ``<slug>/vectors.json``; RenderError names a vector that is not JSON
    (a YAML value such as a date or ``.nan`` in its expectation)."""
    found = []
    for vector in vendor.vectors:
        document = vector_document(vector)
        try:
            json.dumps(document, allow_nan=False)
        except (TypeError, ValueError) as exc:
            raise RenderError(
                f"vector {vector.name!r} is not JSON: {exc}", vector.pointer, "give JSON values only"
            ) from None
        found.append(document)
    top = {
        "$comment": (
            f"Conformance vectors of {vendor.name}: its documented example responses and what the package must "
            f"make of each. Generated from {vendor.spec_file} by the error-contract generator; do not edit "
            '("provenance" says how to regenerate).'
        ),
        "format": FORMAT,
        "package": vendor.slug,
        "provenance": (provenance or Provenance(vendor.spec_file, vendor.spec_sha256)).json(),
        "jitter_draw": JITTER_DRAW,
        "vectors": found,
    }
    return json.dumps(top, indent=2, sort_keys=True, ensure_ascii=True, allow_nan=False) + "\n"
