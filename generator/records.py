"""``record``: the generator's frozen data classes, without the ``dataclasses`` module.

Every value the generator passes between stages is a frozen record (the model, the
diagnostics, the cache entries, the settings). ``dataclasses`` made them, but it imports
``inspect`` and builds each method with an ``exec`` of its own: some 30 ms of a run
that regenerates one spec, and a third of one that changes nothing. ``record`` makes
the same classes (``__init__`` with the fields in order and their defaults,
``__repr__``, ``__eq__`` and ``__hash__`` over the compared fields, ``order=True``'s
comparisons, assignment refused) with one ``exec`` per class (of its ``__init__``; the
other methods are shared), and type checkers read
it as ``dataclass(frozen=True)`` (``dataclass_transform``). ``field`` gives a default,
a default factory, or leaves a field out of the comparison or the repr; ``replace``
is ``dataclasses.replace``.
"""

from __future__ import annotations

from operator import attrgetter, ge, gt, le, lt

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (a tenth of a run that changes nothing)
if TYPE_CHECKING:
    from typing import Any, TypeVar, dataclass_transform, overload

    T = TypeVar("T")
else:

    def dataclass_transform(**kwargs: object) -> object:  # what type checkers read; nothing at run time
        return lambda function: function

    def overload(function: object) -> object:
        return function


_MISSING: Any = object()


class FrozenInstanceError(AttributeError):
    """An attempt to assign to a field of a record."""


class Field:
    """What ``field`` says about one field."""

    __slots__ = ("default", "default_factory", "compare", "repr")

    def __init__(self, default: Any, default_factory: Any, compare: bool, repr: bool) -> None:  # noqa: A002
        self.default = default
        self.default_factory = default_factory
        self.compare = compare
        self.repr = repr


def field(
    *, default: Any = _MISSING, default_factory: Any = _MISSING, compare: bool = True, repr: bool = True  # noqa: A002
) -> Any:
    """A field's default (``default`` or ``default_factory``), and whether it is compared and shown."""
    return Field(default, default_factory, compare, repr)


def _frozen_setattr(self: Any, name: str, value: Any) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: Any, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


def _values_getter(names: tuple[str, ...]) -> Any:
    """The compared fields' values of a record, as one tuple."""
    if len(names) >= 2:
        return staticmethod(attrgetter(*names))
    if names:
        name = names[0]
        return staticmethod(lambda record: (getattr(record, name),))
    return staticmethod(lambda record: ())


def _repr(self: Any) -> str:
    return (
        f"{type(self).__qualname__}("
        + ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__record_shown__)
        + ")"
    )


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is self.__class__:
        return self.__record_values__(self) == other.__record_values__(other)
    return NotImplemented


def _hash(self: Any) -> int:
    return hash(self.__record_values__(self))


def _compare(operator: Any) -> Any:
    def compare(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return operator(self.__record_values__(self), other.__record_values__(other))
        return NotImplemented

    return compare


_METHODS = {"__repr__": _repr, "__eq__": _eq, "__hash__": _hash}
_ORDER = {"__lt__": _compare(lt), "__le__": _compare(le), "__gt__": _compare(gt), "__ge__": _compare(ge)}


def _make(cls: type[T], order: bool) -> type[T]:
    names: list[str] = []
    defaults: dict[str, Any] = {}
    factories: dict[str, Any] = {}
    compared: list[str] = []
    shown: list[str] = []
    info: dict[str, Field] = {}
    for base in reversed(cls.__mro__[1:]):  # the fields of record bases first, as dataclasses has them
        for name, spec in getattr(base, "__record_field_info__", {}).items():
            if name not in names:
                names.append(name)
            info[name] = spec
    for name, annotation in cls.__dict__.get("__annotations__", {}).items():
        if isinstance(annotation, str) and annotation.startswith("ClassVar"):
            continue
        value = cls.__dict__.get(name, _MISSING)
        spec = value if isinstance(value, Field) else Field(value, _MISSING, True, True)
        info[name] = spec
        if name not in names:
            names.append(name)
        if isinstance(value, Field):
            if value.default is _MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, value.default)
    parameters: list[str] = []
    body: list[str] = []
    seen_default = False
    for name in names:
        spec = info[name]
        if spec.default_factory is not _MISSING:
            factories[name] = spec.default_factory
            parameters.append(f"{name}=_MISSING")
            body.append(f"    _set(self, {name!r}, _f_{name}() if {name} is _MISSING else {name})")
            seen_default = True
        elif spec.default is not _MISSING:
            defaults[name] = spec.default
            parameters.append(f"{name}=_d_{name}")
            body.append(f"    _set(self, {name!r}, {name})")
            seen_default = True
        else:
            if seen_default:
                raise TypeError(f"non-default field {name!r} follows a field with a default in {cls.__name__}")
            parameters.append(name)
            body.append(f"    _set(self, {name!r}, {name})")
        if spec.compare:
            compared.append(name)
        if spec.repr:
            shown.append(name)
    lines = [
        f"def __init__(self, {', '.join(parameters)}):" if parameters else "def __init__(self):",
        *(body or ["    pass"]),
    ]
    namespace: dict[str, Any] = {
        "_MISSING": _MISSING,
        "_set": object.__setattr__,
        **{f"_d_{name}": value for name, value in defaults.items()},
        **{f"_f_{name}": value for name, value in factories.items()},
    }
    exec("\n".join(lines), namespace)  # noqa: S102 - the text is made above from field names only
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    setattr(cls, "__init__", init)  # noqa: B010
    # The other methods are the same functions for every record, reading the class's fields
    # (compiling them per class was most of the cost of making one).
    setattr(cls, "__record_values__", _values_getter(tuple(compared)))  # noqa: B010
    setattr(cls, "__record_shown__", tuple(shown))  # noqa: B010
    for method, function in _METHODS.items():
        setattr(cls, method, function)
    if order:
        for method, function in _ORDER.items():
            setattr(cls, method, function)
    setattr(cls, "__setattr__", _frozen_setattr)  # noqa: B010 - type checkers would refuse the assignment
    setattr(cls, "__delattr__", _frozen_delattr)  # noqa: B010
    setattr(cls, "__record_fields__", tuple(names))  # noqa: B010
    setattr(cls, "__record_field_info__", info)  # noqa: B010
    setattr(cls, "__match_args__", tuple(names))  # noqa: B010
    return cls


@overload
def record(cls: type[T], /) -> type[T]: ...


@overload
def record(*, order: bool = False) -> Any: ...  # noqa: F811 - overloads (typing.overload for type checkers)


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def record(cls: Any = None, /, *, order: bool = False) -> Any:  # noqa: F811
    """A frozen data class: ``@record`` or ``@record(order=True)``."""
    if cls is None:
        return lambda klass: _make(klass, order)
    return _make(cls, order)


def replace(obj: T, /, **changes: Any) -> T:
    """``obj`` with some fields changed (``dataclasses.replace``)."""
    values = {name: getattr(obj, name) for name in obj.__record_fields__}  # type: ignore[attr-defined]
    unknown = set(changes) - set(values)
    if unknown:
        raise TypeError(f"{type(obj).__name__} has no field {sorted(unknown)[0]!r}")
    values.update(changes)
    return type(obj)(**values)
