"""Body models (``models.py``) from ``components/schemas`` via datamodel-code-generator.

Called in-process with every option that affects output pinned here, so an upgrade
of its defaults cannot silently change generated code. It gets the schemas that
``schemas.name_models`` prepared: no prose, and every model already named by us.

Its output is third-party code built from spec strings, so it is not trusted: it is
parsed and checked against the few forms a module of TypedDicts needs (``check_models``),
and what ships is ``ast.unparse`` of the checked tree, so every string literal is
re-escaped by ``repr`` whatever datamodel-code-generator wrote: a spec property whose
name is a piece of Python code stays a dictionary key.
"""

from __future__ import annotations

import ast
import json
import warnings
from collections.abc import Iterable

from ..model import Vendor, naming
from ..model.schemas import SCHEMAS_POINTER
from ..output.cache import Artifacts
from ..records import field, record
from .errors import RenderError

_HINT = "simplify the schemas (objects, arrays, enums, oneOf/anyOf/allOf of named schemas) or name the part in components/schemas"
_BUILTIN_TYPES = frozenset({"bool", "bytes", "dict", "float", "int", "list", "object", "str", "tuple"})
_LITERAL_VALUES = (str, int, float, bool, type(None))


def _comment(vendor: Vendor) -> str:
    return (
        f"# Body models of {vendor.slug}'s error responses, from {vendor.spec_file}'s schemas\n"
        "# by datamodel-code-generator.\n\n"
    )


def render_models(vendor: Vendor) -> str:
    """Source of ``models.py`` for one vendor, before the final black pass."""
    return _comment(vendor) + models_source({model.name: model.schema for model in vendor.models})


@record
class ModelsRequest:
    """What makes one vendor's models.py: its schemas (the artifact's key) and the comment
    lines above the body (the provenance header and ``_comment``)."""

    key: str
    schemas: dict[str, object] = field(compare=False)
    above: str


def models_request(vendor: Vendor, header: str, store: Artifacts) -> ModelsRequest:
    """The request for ``vendor``'s models.py below ``header``."""
    schemas = {model.name: model.schema for model in vendor.models}
    key = store.key("models", repr(schemas))  # repr tells 1 from "1" and keeps the order
    return ModelsRequest(key, schemas, header + _comment(vendor))


def models_file(request: ModelsRequest, body: str) -> str:
    """models.py of ``request`` from its formatted body (``formatted_models``): what black makes
    of the comments above the body, which stay as they are."""
    from .formatting import comment_safe, format_source

    if comment_safe(request.above) and body[:1] not in ("", "\n", " ", "#"):
        return request.above + body
    return format_source(request.above + models_source(request.schemas))


def models_module(vendor: Vendor, header: str, store: Artifacts | None = None) -> str:
    """``models.py`` of one vendor below ``header``, formatted: ``render_models`` through black.

    The formatted body depends only on the schemas and the toolchain (datamodel-code-generator
    is given nothing else), so it is an artifact (``output.cache.Artifacts``, kind
    ``models``): a spec edit that leaves the schemas alone neither imports
    datamodel-code-generator nor formats anything here, and vendors with the same
    schemas share one.
    """
    store = store if store is not None else Artifacts()
    request = models_request(vendor, header, store)
    body = store.get("models", request.key)
    if not isinstance(body, str):
        body = formatted_models(request.schemas)
        store.put("models", request.key, body)
    return models_file(request, body)


def models_source(schemas: dict[str, object]) -> str:
    """The checked, portable module of TypedDicts for ``schemas`` (named JSON Schemas)."""
    body = _checked_body(schemas)
    return "from __future__ import annotations\n\n" + ast.unparse(ast.Module(body=body, type_ignores=[])) + "\n"


def formatted_models(schemas: dict[str, object]) -> str:
    """``models_source`` as black formats it (the body of models.py, without its comments)."""
    from .formatting import format_source

    return format_source(models_source(schemas))


def _checked_body(schemas: dict[str, object]) -> list[ast.stmt]:
    try:
        source = _datamodel_code_generator(schemas)
    except RenderError:
        raise
    except Exception as exc:  # third-party code on spec input: a diagnostic, not a traceback
        raise RenderError(f"datamodel-code-generator failed: {exc}", SCHEMAS_POINTER, _HINT) from exc
    tree = ast.parse(source)
    check_models(tree, set(schemas))
    return portable(tree.body)


def _datamodel_code_generator(schemas: dict[str, object]) -> str:
    """datamodel-code-generator's module for ``schemas``, every option pinned. It is given
    the schemas alone (the document's title is fixed), so models.py's body is a function of
    the schemas: vendors with the same ones share it (``models_module``)."""
    from datamodel_code_generator import InputFileType, LiteralType, PythonVersion, generate
    from datamodel_code_generator.enums import DataModelType
    from datamodel_code_generator.format import Formatter

    document = {
        "openapi": "3.1.0",
        "info": {"title": "models", "version": "0"},
        "paths": {},
        "components": {"schemas": schemas},
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # its FutureWarnings about defaults: we pin them all
        source = generate(
            json.dumps(document, sort_keys=False),
            input_file_type=InputFileType.OpenAPI,
            output_model_type=DataModelType.TypingTypedDict,
            target_python_version=PythonVersion.PY_311,
            formatters=[Formatter.BUILTIN],
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
            enum_field_as_literal=LiteralType.All,
            use_closed_typed_dict=False,
        )
    if not isinstance(source, str):
        made = "no module" if source is None else f"{len(source)} modules"
        raise RenderError(f"datamodel-code-generator made {made} instead of one", SCHEMAS_POINTER, _HINT)
    return source


def check_models(tree: ast.Module, names: set[str]) -> None:
    """Refuse anything in ``tree`` but imports from typing, TypedDicts and type aliases.

    Every class and alias must be one of ``names`` (the models ``schemas`` named), every
    annotation a type expression over those, builtins and the imported typing names.
    """
    imported: set[str] = set()

    def own_name(node: ast.AST, name: str) -> None:
        if name not in names:
            raise _refused(node, f"datamodel-code-generator made a model {name!r} that the spec does not name")

    def type_expr(node: ast.AST | None, literal: bool = False) -> None:
        if literal and isinstance(node, ast.Constant) and isinstance(node.value, _LITERAL_VALUES):
            return
        if isinstance(node, ast.Constant) and node.value is None:
            return
        if isinstance(node, ast.Constant) and isinstance(node.value, str):  # a forward reference, evaluated later
            try:
                type_expr(ast.parse(node.value, mode="eval").body)
            except SyntaxError:
                raise _refused(node, "a string annotation that is not a type") from None
            return
        if isinstance(node, ast.Name) and (node.id in names or node.id in imported or node.id in _BUILTIN_TYPES):
            return
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
            type_expr(node.left)
            type_expr(node.right)
            return
        if isinstance(node, ast.Tuple):
            for item in node.elts:
                type_expr(item, literal)
            return
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
            type_expr(node.value)
            type_expr(node.slice, literal=node.value.id == "Literal")
            return
        raise _refused(node if node is not None else tree, "not a type expression")

    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module == "__future__":
            _expect_names(node, ["annotations"])
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module == "typing":
            _expect_names(node, naming.MODELS_IMPORTS)
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ClassDef) and not node.decorator_list and not node.keywords:
            own_name(node, node.name)
            for base in node.bases:
                if not (isinstance(base, ast.Name) and (base.id == "TypedDict" or base.id in names)):
                    raise _refused(base, "a base that is not TypedDict or a model")
            for stmt in node.body:
                if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value is None:
                    type_expr(stmt.annotation)
                elif not isinstance(stmt, ast.Pass):
                    raise _refused(stmt, "not a field")
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):  # X: TypeAlias = ...
            own_name(node, node.target.id)
            if not (isinstance(node.annotation, ast.Name) and node.annotation.id == "TypeAlias"):
                raise _refused(node, "an annotated assignment that is not a type alias")
            type_expr(node.value)
        elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            own_name(node, node.targets[0].id)  # X = TypedDict("X", {"key": type, ...})
            call = node.value
            if not (
                isinstance(call, ast.Call)
                and isinstance(call.func, ast.Name)
                and call.func.id == "TypedDict"
                and not call.keywords
                and len(call.args) == 2
                and isinstance(call.args[1], ast.Dict)
                and isinstance(call.args[0], ast.Constant)
                and call.args[0].value == node.targets[0].id
            ):
                raise _refused(node, "an assignment that is not a TypedDict")
            for key, value in zip(call.args[1].keys, call.args[1].values, strict=True):
                if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
                    raise _refused(node, "a TypedDict key that is not a string")
                type_expr(value)
        else:
            raise _refused(node, "a statement models.py has no use for")


def portable(statements: list[ast.stmt]) -> list[ast.stmt]:
    """The checked statements of models.py in forms Python 3.9 runs and mypy takes for 3.9 to 3.13.

    datamodel-code-generator writes for 3.11 (``NotRequired``, ``TypeAlias``, ``A | B`` in
    assignments). Optional keys become a ``total=False`` TypedDict over a private base of
    the required ones, which every version runs with no import newer than 3.8 and which
    keeps ``__required_keys__`` right even where ``NotRequired`` would be a string
    annotation that the interpreter cannot see. Expressions evaluated when the module is
    imported (aliases, functional TypedDicts) spell unions ``Union[...]``; class field
    annotations are never evaluated (``from __future__ import annotations``) and stay as written.
    """
    out: list[ast.stmt] = []
    for node in statements:
        if isinstance(node, ast.ImportFrom):  # typing is imported again below, for what is used
            continue
        if isinstance(node, ast.ClassDef):
            out.extend(_split_class(node))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            out.append(ast.Assign(targets=[node.target], value=_unions(node.value), lineno=0))
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            out.extend(_split_functional(node.targets[0], node.value))
        else:
            out.append(node)
    used = sorted({n.id for s in out for n in ast.walk(s) if isinstance(n, ast.Name)} & naming.MODELS_IMPORTS)
    if used:
        out.insert(0, ast.ImportFrom(module="typing", names=[ast.alias(name) for name in used], level=0))
    return out


def _optional(annotation: ast.expr) -> tuple[bool, ast.expr]:
    """Whether a field annotation is ``NotRequired[...]``, and the type without the wrapper."""
    if isinstance(annotation, ast.Subscript) and isinstance(annotation.value, ast.Name):
        if annotation.value.id in ("NotRequired", "Required"):
            return annotation.value.id == "NotRequired", annotation.slice
    return False, annotation


def _split_class(node: ast.ClassDef) -> list[ast.stmt]:
    fields = [stmt for stmt in node.body if isinstance(stmt, ast.AnnAssign)]
    required: list[ast.stmt] = []
    optional: list[ast.stmt] = []
    for stmt in fields:
        is_optional, annotation = _optional(stmt.annotation)
        field = ast.AnnAssign(target=stmt.target, annotation=annotation, value=None, simple=1)
        (optional if is_optional else required).append(field)
    if not optional:
        return [
            ast.ClassDef(
                name=node.name, bases=node.bases, keywords=[], body=required or [ast.Pass()], decorator_list=[]
            )
        ]
    total_false = [ast.keyword(arg="total", value=ast.Constant(False))]
    if not required:
        return [ast.ClassDef(name=node.name, bases=node.bases, keywords=total_false, body=optional, decorator_list=[])]
    base = "_" + node.name + "Required"
    return [
        ast.ClassDef(name=base, bases=node.bases, keywords=[], body=required, decorator_list=[]),
        ast.ClassDef(name=node.name, bases=[ast.Name(base)], keywords=total_false, body=optional, decorator_list=[]),
    ]


def _split_functional(target: ast.expr, call: ast.Call) -> list[ast.stmt]:
    assert isinstance(target, ast.Name) and isinstance(call.args[1], ast.Dict)  # check_models made sure
    parts: dict[bool, tuple[list[ast.expr | None], list[ast.expr]]] = {False: ([], []), True: ([], [])}
    for key, value in zip(call.args[1].keys, call.args[1].values, strict=True):
        is_optional, annotation = _optional(value)
        parts[is_optional][0].append(key)
        parts[is_optional][1].append(_unions(annotation))

    def typed_dict(name: str, is_optional: bool) -> ast.stmt:
        keys, values = parts[is_optional]
        keywords = [ast.keyword(arg="total", value=ast.Constant(False))] if is_optional else []
        args: list[ast.expr] = [ast.Constant(name), ast.Dict(keys=keys, values=values)]
        return ast.Assign(
            targets=[ast.Name(name)], value=ast.Call(func=ast.Name("TypedDict"), args=args, keywords=keywords), lineno=0
        )

    if not parts[True][0] or not parts[False][0]:
        return [typed_dict(target.id, bool(parts[True][0]))]
    required, optional = "_" + target.id + "Required", "_" + target.id + "Optional"
    return [
        typed_dict(required, False),
        typed_dict(optional, True),
        ast.ClassDef(
            name=target.id,
            bases=[ast.Name(required), ast.Name(optional)],
            keywords=[],
            body=[ast.Pass()],
            decorator_list=[],
        ),
    ]


def _unions(node: ast.expr) -> ast.expr:
    """``node`` with every ``A | B`` spelled ``Union[A, B]``: 3.9 evaluates no ``|`` of types."""

    class Spell(ast.NodeTransformer):
        def visit_BinOp(self, binop: ast.BinOp) -> ast.AST:
            if not isinstance(binop.op, ast.BitOr):
                return self.generic_visit(binop)
            members: list[ast.expr] = []

            def flatten(part: ast.expr) -> None:
                if isinstance(part, ast.BinOp) and isinstance(part.op, ast.BitOr):
                    flatten(part.left)
                    flatten(part.right)
                else:
                    members.append(self.visit(part))

            flatten(binop)
            return ast.Subscript(value=ast.Name("Union"), slice=ast.Tuple(elts=members))

    spelled = ast.fix_missing_locations(Spell().visit(node))
    assert isinstance(spelled, ast.expr)
    return spelled


def _refused(node: ast.AST, why: str) -> RenderError:
    return RenderError(
        f"models.py line {getattr(node, 'lineno', '?')}: {why}: {ast.unparse(node)[:120]!r}", SCHEMAS_POINTER, _HINT
    )


def _expect_names(node: ast.ImportFrom, allowed: Iterable[str]) -> None:
    for alias in node.names:
        if alias.asname is not None or alias.name not in allowed:
            raise _refused(node, f"an import of {alias.name!r}")
