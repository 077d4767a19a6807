"""Body models (``models.py``) from ``components/schemas`` via datamodel-code-generator.

Called in-process with every option that affects output pinned here, so an upgrade
of its defaults cannot silently change generated code. Descriptions are not passed
on: only structure reaches the models, so no spec prose can reach this module.
"""

from __future__ import annotations

import json
import warnings
from typing import Any

from .model import Vendor


def _structure_only(node: Any) -> Any:
    """The schema without prose (descriptions, examples, titles, comments)."""
    if isinstance(node, dict):
        return {
            key: _structure_only(value)
            for key, value in node.items()
            if key not in ("description", "example", "examples", "title", "$comment") and not key.startswith("x-")
        }
    if isinstance(node, list):
        return [_structure_only(item) for item in node]
    return node


def render_models(vendor: Vendor) -> str:
    """Source of ``models.py`` for one vendor, before the final black pass."""
    from datamodel_code_generator import DataModelType, Formatter, InputFileType, PythonVersion, generate

    document = {
        "openapi": "3.1.0",
        "info": {"title": vendor.slug, "version": "0"},
        "paths": {},
        "components": {"schemas": _structure_only(vendor.schemas)},
    }
    header = (
        f"# Body models of {vendor.slug}'s error responses, generated from {vendor.spec_file}\n"
        "# by the error-contract generator with datamodel-code-generator; do not edit."
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # its FutureWarnings about defaults: we pin them all
        source = generate(
            json.dumps(document, sort_keys=False),
            input_file_type=InputFileType.OpenAPI,
            output_model_type=DataModelType(vendor.model_type),
            target_python_version=PythonVersion.PY_311,
            formatters=[Formatter.BUILTIN],
            custom_file_header=header,
            disable_timestamp=True,
            keep_model_order=True,
            use_standard_collections=True,
            use_union_operator=True,
            use_schema_description=False,
            use_field_description=False,
            use_annotated=False,
            strict_nullable=True,
            field_constraints=False,
            snake_case_field=False,
            capitalise_enum_members=False,
            enum_field_as_literal="all",
            use_closed_typed_dict=False,
        )
    if not isinstance(source, str):
        raise TypeError(f"datamodel-code-generator returned {type(source).__name__}, expected one module")
    return source
