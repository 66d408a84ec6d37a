"""Unstructure an event for its payload without cattrs: the same plain values, faster.

:func:`govledger.codec.encode` turns an event into plain values with the converter
(:func:`govledger.codec.make_converter`), then writes them as canonical JSON. The
converter dispatches on every value it meets. :func:`unstructurer` generates, once per
class, a function building the same values directly: ISO days, ``"n/d"`` fractions,
enum values, lists for tuples, the union tags (``"type"``) of decision makers and
authorities, a retraction's replacement as ``{"type", "event"}``, and the fields
:func:`govledger.trusted.omitted_when_default` names left out when they hold their
default. ``tests/test_codec_unstructure.py`` proves the payloads byte for byte equal to
the converter's for every event kind; a class with a field of a type not known here gets
no function (``None``), and the converter encodes it.
"""

from __future__ import annotations

import enum
import types
import typing
from collections.abc import Callable
from datetime import date
from fractions import Fraction
from typing import Any

import attrs

from ._codegen import Generated, Unknown
from .events import EVENT_TAGS, EntryRetracted, Period
from .trusted import UNION_TAGS, omitted_when_default

__all__ = ["Unstructure", "unstructurer"]

#: Turns one event into the plain values its canonical JSON payload holds.
Unstructure = Callable[[Any], dict[str, Any]]


_NAMESPACE: dict[str, Any] = {}
#: A field type this module does not write (:class:`~govledger._codegen.Unknown`):
#: the class gets no function and keeps the converter.
_MADE: Generated[Unstructure] = Generated(_NAMESPACE)
_IDENTITY = frozenset({str, int, bool, type(None)})


def unstructurer(cls: type) -> Unstructure | None:
    """The function unstructuring events of *cls*, made on first use; ``None`` if it
    holds a type this module does not know."""
    return _MADE.made(cls, lambda: _NAMESPACE[_class_name(cls, None)])


def _class_name(cls: type, tag: str | None) -> str:
    return _MADE.named(
        (cls, tag),
        "_plain",
        lambda name: _class_source(cls, name, tag),
        f"<govledger unstructure {cls.__name__}>",
    )


def _class_source(cls: type, name: str, tag: str | None) -> str:
    hints = typing.get_type_hints(cls)
    omitted = omitted_when_default(cls)
    lines = [f"def {name}(o):"]
    lines.append("    d = {}" if tag is None else f"    d = {{'type': {tag!r}}}")
    for index, field in enumerate(attrs.fields(cls)):
        if cls is EntryRetracted and field.name == "replacement":
            lines.append(f"    d[{field.name!r}] = _replacement(o.{field.name})")
            continue
        expression = _expression(hints[field.name], "v", f"{name}_f{index}")
        lines.append(f"    v = o.{field.name}")
        if field.name not in omitted:
            lines.append(f"    d[{field.name!r}] = {expression}")
            continue
        default = field.default  # left out when equal to it, as cattrs' omit_if_default
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            if default.takes_self:
                raise Unknown(f"{cls.__name__}.{field.name}")
            _NAMESPACE[f"{name}_d{index}"] = default.factory
            compared = f"{name}_d{index}()"
        else:
            _NAMESPACE[f"{name}_d{index}"] = default
            compared = f"{name}_d{index}"
        lines.append(f"    if v != {compared}: d[{field.name!r}] = {expression}")
    lines.append("    return d")
    return "\n".join(lines) + "\n"


def _expression(kind: Any, value: str, prefix: str) -> str:
    """A Python expression giving the plain value of *value* (an expression) of *kind*."""
    if kind in _IDENTITY:
        return value
    if kind is date:
        return f"{value}.isoformat()"
    if kind is Fraction:
        _NAMESPACE["_fraction"] = _fraction
        return f"_fraction({value})"
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return f"{value}.value"
    if isinstance(kind, type) and attrs.has(kind):
        return f"{_class_name(kind, None)}({value})"
    origin = typing.get_origin(kind)
    args = typing.get_args(kind)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = args[0]
        if item in _IDENTITY:
            return f"list({value})"
        return f"[{_expression(item, 'e', prefix + '_e')} for e in {value}]"
    if origin in (typing.Union, types.UnionType):
        members = tuple(arg for arg in args if arg is not type(None))
        optional = len(members) != len(args)
        # the decision makers' and the authorities' unions are tagged (as the codec's
        # converter is configured): a union of such classes; a single class is not
        tags = UNION_TAGS if len(members) > 1 and all(m in UNION_TAGS for m in members) else None
        by_class: dict[type, Callable[[Any], Any]] = {}
        for member in members:
            if tags is not None and member in tags:
                by_class[member] = _NAMESPACE[_class_name(member, tags[member])]
            elif tags is not None:
                raise Unknown(repr(kind))
            else:
                by_class[member] = _value_function(member, f"{prefix}_m{len(by_class)}")
        if (
            len(members) > 1
            and tags is None
            and not (
                set(members) == {date, Period}
                or all(
                    member in _IDENTITY
                    or (isinstance(member, type) and issubclass(member, enum.Enum))
                    for member in members
                )
            )
        ):
            raise Unknown(repr(kind))
        _NAMESPACE[f"{prefix}_u"] = by_class
        call = f"{prefix}_u[{value}.__class__]({value})"
        if len(members) == 1 and tags is None:
            call = f"{by_class[members[0]].__name__}({value})"
        return f"(None if {value} is None else {call})" if optional else call
    raise Unknown(repr(kind))


def _value_function(kind: Any, name: str) -> Callable[[Any], Any]:
    source = f"def {name}(v):\n    return {_expression(kind, 'v', name)}\n"
    exec(compile(source, f"<govledger unstructure {kind!r}>", "exec"), _NAMESPACE)
    made: Callable[[Any], Any] = _NAMESPACE[name]
    return made


def _fraction(value: Fraction) -> str:
    return f"{value.numerator}/{value.denominator}"


def _replacement(value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    cls = value.__class__
    plain = unstructurer(cls)
    if plain is None:
        raise Unknown(cls.__name__)
    return {"type": EVENT_TAGS[cls], "event": plain(value)}


_NAMESPACE["_replacement"] = _replacement
