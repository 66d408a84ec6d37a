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

__all__ = ["code_repr", "install"]


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


def install(namespace: Mapping[str, object], module: str) -> None:
    """Give every attrs class and enumeration defined in *module* a code repr, and each
    attrs class a constructor that explains wrong arguments (:mod:`govledger._arguments`)."""
    for value in list(namespace.values()):
        if not isinstance(value, type) or value.__module__ != module:
            continue
        if attrs.has(value):
            explained(value)
            setattr(value, "__repr__", code_repr)  # noqa: B010 - on the class, after attrs
            setattr(value, "_repr_pretty_", _repr_pretty_)  # noqa: B010
        elif issubclass(value, Enum):
            setattr(value, "__repr__", _enum_repr)  # noqa: B010
