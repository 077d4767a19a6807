"""What the benchmarks take from the project, found rather than named.

Vendors are discovered from ``specs/`` and ``generated/`` (no list of vendors here), the
generator is run through its command line and the packages through their public API,
so the harness keeps working while the generator, templates and runtime change.
"""

from __future__ import annotations

import ast
import base64
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "specs"
GENERATED = ROOT / "generated"
PYTHON = sys.executable
SPEC_SUFFIXES = (".yaml", ".yml")


def spec_files(specs: Path = SPECS) -> list[Path]:
    """The vendor specs, as the generator reads them: ``*.yaml`` and ``*.yml``, sorted."""
    return sorted(p for p in specs.iterdir() if p.suffix in SPEC_SUFFIXES and p.is_file())


def largest_spec() -> Path:
    """The largest spec by bytes (ties: by name): the datamodel-codegen side's input."""
    return max(spec_files(), key=lambda p: (p.stat().st_size, p.name))


def packages() -> list[str]:
    """The generated packages (directories of ``generated/`` with an ``__init__.py``), sorted."""
    return sorted(p.name for p in GENERATED.iterdir() if (p / "__init__.py").is_file())


def tool(name: str) -> str:
    """A console script installed beside this interpreter (the .venv's), else the bare name."""
    beside = Path(PYTHON).with_name(name)
    return str(beside) if beside.exists() else name


def env(pycache: Path | None = None) -> dict[str, str]:
    """The environment of a measured process: this one, minus what would change what runs
    (another ``PYTHONPATH``, a startup file, a hash seed, import profiling).

    With ``pycache``, byte-code is read and written there only (``PYTHONPYCACHEPREFIX``,
    whatever ``PYTHONDONTWRITEBYTECODE`` said): a warm-up run compiles everything the
    timed runs import, and nothing is written into the work tree (a
    ``templates/runtime/__pycache__``, which the generator's own import of the runtime
    would otherwise leave, is listed by the Jinja loader as a template)."""
    drop = {"PYTHONPATH", "PYTHONSTARTUP", "PYTHONHASHSEED", "PYTHONPROFILEIMPORTTIME", "PYTHONPYCACHEPREFIX"}
    if pycache is not None:
        drop.add("PYTHONDONTWRITEBYTECODE")
    environment = {key: value for key, value in os.environ.items() if key not in drop}
    if pycache is not None:
        environment["PYTHONPYCACHEPREFIX"] = str(pycache)
    return environment


def generate_command(specs: Path, out: Path, cache: Path, *extra: str) -> list[str]:
    """``generate`` as a user runs it, every location explicit (no configuration applies)."""
    return [
        PYTHON, "-m", "generator", "generate", "--quiet",
        "--specs", str(specs), "--out", str(out), "--cache-dir", str(cache), *extra,
    ]  # fmt: skip


# --- datamodel-codegen with the generator's options ------------------------------------------------

BODIES = ROOT / "generator" / "emit" / "bodies.py"
# The keyword arguments of datamodel_code_generator.generate() that bodies.py passes,
# as command-line flags: (flag when True, flag when False); enum values by their value.
_BOOLEAN_FLAGS = {
    "disable_timestamp": ("--disable-timestamp", None),
    "keep_model_order": ("--keep-model-order", None),
    "use_standard_collections": ("--use-standard-collections", "--no-use-standard-collections"),
    "use_union_operator": ("--use-union-operator", "--no-use-union-operator"),
    "use_schema_description": ("--use-schema-description", None),
    "use_field_description": ("--use-field-description", None),
    "use_annotated": ("--use-annotated", "--no-use-annotated"),
    "strict_nullable": ("--strict-nullable", None),
    "field_constraints": ("--field-constraints", None),
    "snake_case_field": ("--snake-case-field", "--no-snake-case-field"),
    "capitalise_enum_members": ("--capitalise-enum-members", None),
    "use_closed_typed_dict": ("--use-closed-typed-dict", "--no-use-closed-typed-dict"),
}
_ENUM_FLAGS = {
    "input_file_type": ("--input-file-type", {"OpenAPI": "openapi", "JsonSchema": "jsonschema"}),
    "output_model_type": ("--output-model-type", {"TypingTypedDict": "typing.TypedDict"}),
    "target_python_version": ("--target-python-version", None),  # PY_311 -> 3.11
    "enum_field_as_literal": ("--enum-field-as-literal", {"All": "all", "One": "one", "None_": "none"}),
}
# What bodies.py passed when this harness was written: used if its call cannot be read.
FALLBACK_FLAGS = [
    "--input-file-type", "openapi", "--output-model-type", "typing.TypedDict", "--target-python-version", "3.11",
    "--formatters", "builtin", "--disable-timestamp", "--keep-model-order", "--use-standard-collections",
    "--use-union-operator", "--no-use-annotated", "--strict-nullable", "--no-snake-case-field",
    "--enum-field-as-literal", "all", "--no-use-closed-typed-dict",
]  # fmt: skip


def dmcg_flags() -> tuple[list[str], list[str]]:
    """The datamodel-codegen flags closest to the options ``generator/emit/bodies.py`` passes
    to ``datamodel_code_generator.generate`` (read from its source, so that a change there
    is followed here), and notes on anything that could not be carried over."""
    notes: list[str] = []
    try:
        tree = ast.parse(BODIES.read_text(encoding="utf-8"))
        call = next(
            node
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and any(k.arg == "output_model_type" for k in node.keywords)
        )
    except (OSError, SyntaxError, StopIteration):
        return FALLBACK_FLAGS, [
            f"could not read the datamodel-code-generator call in {BODIES.name}; used the flags of 0.3"
        ]
    flags: list[str] = []
    for keyword in call.keywords:
        name, value = keyword.arg, keyword.value
        if name in _BOOLEAN_FLAGS and isinstance(value, ast.Constant) and isinstance(value.value, bool):
            flag = _BOOLEAN_FLAGS[name][0 if value.value else 1]
            if flag:
                flags.append(flag)
        elif name in _ENUM_FLAGS and isinstance(value, ast.Attribute):
            flag, values = _ENUM_FLAGS[name]
            member = value.attr
            text = (
                (member.removeprefix("PY_")[0] + "." + member.removeprefix("PY_")[1:])
                if values is None
                else values.get(member)
            )
            if text is None:
                notes.append(f"{name}={member} has no flag here; left at the CLI's default")
            else:
                flags += [flag, text]
        elif name == "formatters" and isinstance(value, ast.List):
            chosen = [e.attr.lower() for e in value.elts if isinstance(e, ast.Attribute)]
            flags += ["--formatters", *chosen]
        else:
            notes.append(f"{name}={ast.unparse(value)} is not carried to the CLI")
    return flags, notes


# --- the runtime figures' vendor and input ---------------------------------------------------------


@dataclass(frozen=True)
class Documented:
    """One documented response (a conformance vector) that the runtime figures all use."""

    slug: str
    name: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes


def _vectors(slug: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = json.loads((GENERATED / slug / "vectors.json").read_text(encoding="utf-8"))["vectors"]
    return found


def _retry_after(vector: dict[str, Any]) -> bool:
    return any(name.lower() == "retry-after" for name, _ in vector.get("headers", []))


def runtime_input() -> Documented:
    """The vendor and response of the runtime figures, chosen by property: the first vendor,
    largest spec first, that documents a retryable 429 with a code and a Retry-After
    header (its conformance vectors say so); that response, as ``from_response`` takes it."""
    by_size = {p.stem: p.stat().st_size for p in spec_files()}
    for slug in sorted(packages(), key=lambda s: (-by_size.get(s, 0), s)):
        for vector in _vectors(slug):
            expect = vector.get("expect", {})
            if vector.get("status") == 429 and _retry_after(vector) and expect.get("code") and expect.get("retryable"):
                body = base64.b64decode(vector["body_base64"]) if "body_base64" in vector else vector["body"].encode()
                headers = [(name, value) for name, value in vector["headers"]]
                return Documented(slug, vector["name"], 429, headers, body)
    raise LookupError("no generated package documents a retryable 429 with a code and a Retry-After header")
