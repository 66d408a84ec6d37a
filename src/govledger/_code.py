"""Reprs that are Python code: printing an event shows the call that rebuilds it.

``repr(event)`` is ``PostRetitled(partnership='cdc-occ', effective=datetime.date(2022,
9, 1), ...)``, with the fields left at their defaults omitted, enumeration members as
``Mechanism.S113_AGREEMENT`` and dates, fractions and text in their own Python reprs.
``eval`` gives the event back in a namespace holding :mod:`datetime`,
:class:`fractions.Fraction` and the names of :mod:`govledger.events`. Hypothesis (and
IPython) print with ``_repr_pretty_``, the same code wrapped to their line width, so a
failing example's events paste back into a test.

:func:`install` gives every attrs class and enumeration of a module these reprs (and
each attrs class a constructor that explains a wrong argument); every module of the
event catalogue calls it once, after its last class.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import Any, Protocol

import attrs

from ._arguments import explained

__all__ = ["code_repr", "install", "share_equalities", "share_equality"]


class _Printer(Protocol):
    """The part of a hypothesis or IPython pretty printer that ``_repr_pretty_`` uses."""

    def text(self, obj: str) -> None: ...

    def breakable(self, sep: str = " ") -> None: ...

    def pretty(self, obj: object) -> None: ...

    def group(self, indent: int = 0, open: str = "", close: str = "") -> Any: ...


def _is_default(field: attrs.Attribute[Any], value: object) -> bool:
    default: Any = field.default
    if default is attrs.NOTHING:
        return False
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        if default.takes_self:
            return False
        default = default.factory()
    try:
        return bool(type(value) is type(default) and value == default)
    except Exception:  # an odd value that cannot be compared: show it
        return False


def _shown(obj: object) -> list[tuple[str, object]]:
    """``(argument, value)`` for each init argument of *obj* not at its default."""
    shown = []
    for field in attrs.fields(type(obj)):  # type: ignore[arg-type]
        if not field.init:
            continue
        value = getattr(obj, field.name)
        if not _is_default(field, value):
            shown.append((field.alias or field.name, value))
    return shown


def code_repr(obj: object) -> str:
    """The constructor call that rebuilds the attrs instance *obj*, defaults omitted."""
    arguments = ", ".join(f"{name}={value!r}" for name, value in _shown(obj))
    return f"{type(obj).__name__}({arguments})"


def _repr_pretty_(obj: object, p: _Printer, cycle: bool) -> None:
    """:func:`code_repr`, broken across lines where the printer needs it."""
    name = type(obj).__name__
    if cycle:
        p.text(f"{name}(...)")
        return
    with p.group(4, f"{name}(", ")"):
        for index, (argument, value) in enumerate(_shown(obj)):
            if index:
                p.text(",")
                p.breakable()
            else:
                p.breakable("")
            p.text(f"{argument}=")
            p.pretty(value)


def _enum_repr(member: Enum) -> str:
    return f"{type(member).__name__}.{member.name}"


def share_equality(cls: type) -> None:
    """Give the attrs class *cls*, declared ``eq=False``, the ``__eq__`` and ``__hash__``
    attrs would have generated for it (field by field, same class only), generated when
    first called rather than when the class is defined: most classes are never compared
    or hashed in a run, and generating and compiling both for each class on import was
    about a fifth of ``import govledger``."""

    def __eq__(self: object, other: object) -> Any:  # noqa: N807 - NotImplemented too
        return _equality(cls).__eq__(self, other)

    def __hash__(self: object) -> int:  # noqa: N807
        made: int = _equality(cls).__hash__(self)
        return made

    for method in (__eq__, __hash__):
        method.__qualname__ = f"{cls.__qualname__}.{method.__name__}"
        setattr(cls, method.__name__, method)


def _equality(cls: type) -> Any:
    """Generate *cls*'s ``__eq__`` and ``__hash__`` (as attrs writes them) and put them on
    the class in place of the stubs :func:`share_equality` left; returns the class."""
    names = [field.name for field in attrs.fields(cls) if field.eq]
    same = " and ".join(f"self.{name} == other.{name}" for name in names) or "True"
    seed = hash(f"<govledger hash {cls.__module__}.{cls.__qualname__}>")
    source = (
        "def __eq__(self, other):\n"
        "    if other.__class__ is not self.__class__:\n"
        "        return NotImplemented\n"
        f"    return {same}\n"
        "def __hash__(self):\n"
        f"    return hash(({seed}, {''.join(f'self.{name}, ' for name in names)}))\n"
    )
    made: dict[str, Any] = {}
    exec(compile(source, f"<govledger equality {cls.__qualname__}>", "exec"), {}, made)
    for name, method in made.items():
        method.__qualname__ = f"{cls.__qualname__}.{name}"
        setattr(cls, name, method)
    return cls


def share_equalities(namespace: Mapping[str, object], module: str) -> None:
    """:func:`share_equality` for every attrs class defined in *module* and declared
    without its own ``__eq__`` (``eq=False``); the state classes call this alone, keeping
    attrs' repr."""
    for value in list(namespace.values()):
        ours = isinstance(value, type) and value.__module__ == module and attrs.has(value)
        if ours and "__eq__" not in vars(value):
            share_equality(value)  # type: ignore[arg-type]


def install(namespace: Mapping[str, object], module: str) -> None:
    """Give every attrs class and enumeration defined in *module* a code repr, each attrs
    class a constructor that explains wrong arguments (:mod:`govledger._arguments`), and
    each attrs class declared without its own ``__eq__`` (``eq=False``) the shared
    equality and hash of :func:`share_equality`.

    The event catalogue's classes are declared ``repr=False, eq=False``: attrs would
    otherwise generate and compile a repr replaced here and an ``__eq__`` and
    ``__hash__`` per class, about half the cost of defining them on import."""
    share_equalities(namespace, module)
    for value in list(namespace.values()):
        if not isinstance(value, type) or value.__module__ != module:
            continue
        if attrs.has(value):
            explained(value)
            setattr(value, "__repr__", code_repr)  # noqa: B010 - on the class, after attrs
            setattr(value, "_repr_pretty_", _repr_pretty_)  # noqa: B010
        elif issubclass(value, Enum):
            setattr(value, "__repr__", _enum_repr)  # noqa: B010
