"""naming.py decides every identifier that comes from a spec; each case of the issue, one by one."""

from __future__ import annotations

import ast
import builtins
import keyword

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import SPEC_FILES, VENDORS
from generator.emit.render import environment, render_modules
from generator.model import naming
from generator.model.schemas import name_models
from generator.spec.build import build
from generator.spec.loader import load_file

RESERVED = set(keyword.kwlist) | set(keyword.softkwlist) | set(dir(builtins))


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("QUOTA_EXCEEDED", "QuotaExceededError"), ("INTERNAL_ERROR", "InternalError"),  # no double "Error"
        ("class", "ClassError"), ("None", "NoneError"), ("match", "MatchError"), ("type", "TypeError"),  # keywords
        ("_", ""), ("__init__", "InitError"), ("0day", "Code0DayError"), ("404", "Code404Error"),  # digits
        ("rate-limit.exceeded", "RateLimitExceededError"), ("not found", "NotFoundError"),  # hyphens, dots
        ("caf\u00e9", "CafeError"), ("\uff21\uff22", "AbError"), ("\u65e5\u672c", ""), ("", ""),  # non-ASCII, empty
        ("not_found", "NotFoundError"), ("NOT_FOUND", "NotFoundError"), ("notFound", "NotFoundError"),  # case
        ('"""; import os; """', "ImportOsError"), ("a\u2028b\x00c", "ABCError"),
    ],
)
def test_code_class_names(code: str, name: str) -> None:
    assert naming.class_name_for_code(code) == name


def test_an_explicit_class_wins_over_the_code() -> None:
    assert naming.class_name_for_code("NOT_FOUND", "ResourceNotFoundError") == "ResourceNotFoundError"


@pytest.mark.parametrize(
    ("schema", "name"),
    [
        ("ErrorEnvelope", "ErrorEnvelope"), ("XMLErrors", "XMLErrors"), ("Error_2", "Error_2"),  # kept as written
        ("rate-limit.exceeded", "RateLimitExceeded"), ("0day", "Model0Day"), ("class", "Class"),
        ("__init__", "Init"), ("match", "Match"), ("caf\u00e9", "Cafe"), ("\u65e5\u672c", ""), ("_", ""),
    ],
)
def test_model_class_names(schema: str, name: str) -> None:
    assert naming.model_class_name(schema) == name


@pytest.mark.parametrize(
    ("name", "module", "problem"),
    [
        ("AcmeError", "errors", ""), ("Headers", "models", ""), ("List", "models", ""),
        ("None", "errors", "keyword or builtin"), ("True", "errors", "keyword or builtin"),
        ("Exception", "errors", "keyword or builtin"), ("ValueError", "errors", "keyword or builtin"),
        ("match", "errors", "keyword or builtin"), ("_", "errors", "keyword or builtin"),
        ("_Shape", "errors", "underscore"), ("lower", "errors", "upper-case"),
        ("Headers", "errors", "already a name of the generated errors.py"),
        ("RetryPolicy", "errors", "already a name"), ("DEFAULT_POLICY", "errors", "already a name"),
        ("TypedDict", "models", "already a name of the generated models.py"), ("Literal", "models", "already a name"),
        ("Caf\u00e9Error", "errors", "not an ASCII Python identifier"), ("Rate-Limit", "errors", "not an ASCII"),
        ("0Day", "errors", "not an ASCII"), ("", "errors", "not an ASCII"), ("A;import os", "errors", "not an ASCII"),
    ],
)
def test_class_name_problems(name: str, module: naming.Module, problem: str) -> None:
    found = naming.class_name_problem(name, module)
    assert (problem in found and found) if problem else found == ""


@pytest.mark.parametrize("slug", ["match", "type", "class", "list", "_", "0day", "rate-limit", "rate.limit", "Acme", "caf\u00e9", ""])
def test_bad_package_names(slug: str) -> None:
    assert naming.module_name_problem(slug) != ""


@given(st.text())
def test_derived_names_are_identifiers_or_refused(text: str) -> None:
    """Whatever the spec says, a derived name is "" or ASCII PascalCase; it is usable or a reported problem."""
    for name, module in ((naming.class_name_for_code(text), "errors"), (naming.model_class_name(text), "models")):
        if name:
            assert name.isidentifier() and name.isascii() and name[0].isupper()
            problem = naming.class_name_problem(name, module)  # type: ignore[arg-type]
            assert problem == "" or name in RESERVED | naming.PACKAGE_NAMES | naming.MODELS_IMPORTS


def test_inline_object_schemas_are_named_after_parent_and_property() -> None:
    schemas = {
        "Body": {"type": "object", "properties": {
            "meta": {"type": "object", "properties": {"id": {"type": "string"}}},
            "errors": {"type": "array", "items": {"type": "object", "properties": {"code": {"type": "string"}}}},
            "$": {"type": "object", "properties": {}},
            "map": {"type": "object", "additionalProperties": {"type": "object", "properties": {}}},
            "either": {"oneOf": [{"$ref": "#/components/schemas/rate-limit"}, {"type": "object", "properties": {}}]},
        }},
        "rate-limit": {"type": "object", "properties": {"title": {"type": "string", "title": "prose", "description": "prose"}}},
    }
    models = {m.pointer: m.name for m in name_models(schemas)}
    assert models == {
        "/components/schemas/Body": "Body",
        "/components/schemas/rate-limit": "RateLimit",
        "/components/schemas/Body/properties/meta": "BodyMeta",
        "/components/schemas/Body/properties/errors/items": "BodyErrorsItem",
        "/components/schemas/Body/properties/$": "BodyProperty3",
        "/components/schemas/Body/properties/map/additionalProperties": "BodyMapValue",
        "/components/schemas/Body/properties/either/oneOf/1": "BodyEitherOption2",
    }
    by_name = {m.name: m.schema for m in name_models(schemas)}
    assert by_name["Body"]["properties"]["either"]["oneOf"][0] == {"$ref": "#/components/schemas/RateLimit"}
    assert by_name["RateLimit"] == {"type": "object", "properties": {"title": {"type": "string"}}}  # prose dropped, property kept


def _module_names(source: str) -> set[str]:
    names: set[str] = set()
    body = list(ast.parse(source).body)
    while body:
        node = body.pop()
        if isinstance(node, ast.If):  # e.g. imports under `if TYPE_CHECKING:` bind names too
            body.extend(node.body + node.orelse)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
        elif isinstance(node, (ast.ClassDef, ast.FunctionDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


def test_package_names_match_what_the_templates_bind() -> None:
    vendor = build(load_file(SPEC_FILES[VENDORS[0]]))
    modules = render_modules(vendor, environment())
    own = {c.name for c in vendor.classes if c.kind in ("root", "status", "kind", "code")}
    bound = (_module_names(modules["errors.py"]) | _module_names(modules["__init__.py"])) - own
    assert {name for name in bound if name[0].isupper()} == naming.PACKAGE_NAMES
