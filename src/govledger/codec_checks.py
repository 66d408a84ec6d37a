"""The append's read-back check without its paths: the verdict of :func:`trusted.checker`, quickly.

:func:`govledger.trusted.checker` walks an event as it is now, running every nested
object's field validators and class checks and requiring every value to be of exactly
the type decoding its canonical JSON builds; it names the first value that fails by its
path (``event.parts[0].votes[1]``), and so builds a path for every field and element it
walks. An append checks every event, and nearly all of them pass. :func:`quick` makes,
once per class, the same walk without the paths: the same validators and class checks
in the same order, the same exact types. It raises something (anything) when the event
would fail, and then the recorder runs the checker itself, which says what is wrong
exactly as before. ``tests/test_codec_checks.py`` proves the two agree on every event
kind, as drawn and changed behind its validators' back.
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

from .events import EVENT_TAGS, EntryRetracted, Period
from .trusted import PLAIN_TYPES as _IDENTITY
from .trusted import UNION_TAGS as _TAGS

__all__ = ["Quick", "quick"]

#: Raises when the value would not pass :func:`govledger.trusted.checker`.
Quick = Callable[[Any], None]


class _Failed(Exception):
    """A value the checker would refuse (it says why)."""


class _Unknown(Exception):
    """A type the checker does not know either: no quick check."""


def _fail() -> None:
    raise _Failed


_NAMESPACE: dict[str, Any] = {"_fail": _fail, "_tuple": tuple, "_none": None}
_QUICK: dict[Any, str] = {}
_MADE: dict[type, Quick | None] = {}


def quick(cls: type) -> Quick | None:
    """The quick check of event class *cls*, made on first use; ``None`` where
    :func:`govledger.trusted.checker` has no check either."""
    try:
        return _MADE[cls]
    except KeyError:
        pass
    try:
        made: Quick | None = _NAMESPACE[_name_of(cls)]
    except _Unknown:
        made = None
    _MADE[cls] = made
    return made


def _leaf(kind: Any) -> bool:
    return (
        kind in _IDENTITY
        or kind is date
        or kind is Fraction
        or (isinstance(kind, type) and issubclass(kind, enum.Enum))
    )


def _name_of(kind: Any) -> str:
    """The name, in the namespace, of the quick check of *kind* (made if need be)."""
    known = _QUICK.get(kind)
    if known is not None:
        return known
    name = f"_quick_{len(_QUICK)}"
    _QUICK[kind] = name  # before the body, so a class may contain itself
    try:
        if isinstance(kind, type) and attrs.has(kind):
            source = _class_source(kind, name)
        else:
            source = _value_source(kind, name)
        exec(compile(source, f"<govledger quick check {kind!r}>", "exec"), _NAMESPACE)
    except BaseException:
        del _QUICK[kind]
        raise
    return name


def _value_source(kind: Any, name: str) -> str:
    lines = [f"def {name}(v):", *_check_lines(kind, "v", name, "    ")]
    return "\n".join(lines) + "\n"


def _check_lines(kind: Any, value: str, prefix: str, indent: str) -> list[str]:
    """Lines checking *value* (an expression: a local name) holds a *kind* as decoded."""
    if _leaf(kind):
        _NAMESPACE[f"{prefix}_t"] = kind
        return [f"{indent}if {value}.__class__ is not {prefix}_t: _fail()"]
    origin = typing.get_origin(kind)
    args = typing.get_args(kind)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = args[0]
        element = f"{value}_i"
        lines = [
            f"{indent}if {value}.__class__ is not _tuple: _fail()",
            f"{indent}for {element} in {value}:",
        ]
        if _leaf(item):
            _NAMESPACE[f"{prefix}_e"] = item
            return [*lines, f"{indent}    if {element}.__class__ is not {prefix}_e: _fail()"]
        return [*lines, f"{indent}    {_name_of(item)}({element})"]
    if origin in (typing.Union, types.UnionType):
        optional = type(None) in args
        members = tuple(arg for arg in args if arg is not type(None))
        for member in members:
            if not (_leaf(member) or (isinstance(member, type) and attrs.has(member))):
                raise _Unknown(repr(kind))
        if len(members) > 1 and not (
            set(members) == {date, Period}
            or all(member in _TAGS for member in members)
            or all(
                member in _IDENTITY or (isinstance(member, type) and issubclass(member, enum.Enum))
                for member in members
            )
        ):
            raise _Unknown(repr(kind))
        by_class = {member: _name_of(member) for member in members}
        _NAMESPACE[f"{prefix}_u"] = {member: _NAMESPACE[n] for member, n in by_class.items()}
        check = f"{prefix}_u[{value}.__class__]({value})"  # KeyError: not a member
        if optional:
            return [f"{indent}if {value} is not None: {check}"]
        return [f"{indent}{check}"]
    if isinstance(kind, type) and attrs.has(kind):
        return [f"{indent}{_name_of(kind)}({value})"]
    raise _Unknown(repr(kind))


def _class_source(cls: type, name: str) -> str:
    """The quick check of attrs class *cls*: what ``trusted._class_checker`` generates,
    without the paths."""
    _NAMESPACE[f"{name}_cls"] = cls
    hints = typing.get_type_hints(cls)
    lines = [f"def {name}(o):", f"    if o.__class__ is not {name}_cls: _fail()"]
    for index, field in enumerate(attrs.fields(cls)):
        local = f"v{index}"
        lines.append(f"    {local} = o.{field.name}")
        if field.validator is not None:
            _NAMESPACE[f"{name}_v{index}"] = field.validator
            _NAMESPACE[f"{name}_a{index}"] = field
            lines.append(f"    {name}_v{index}(o, {name}_a{index}, {local})")
        kind = hints[field.name]
        if field.converter is not None and typing.get_origin(kind) is not tuple:
            _NAMESPACE[f"{name}_k{index}"] = field.converter
            lines.append(f"    if {name}_k{index}({local}) is not {local}: _fail()")
        if cls is EntryRetracted and field.name == "replacement":
            lines.append(f"    if {local} is not None: _replacement({local})")
            continue
        lines += _check_lines(kind, local, f"{name}_f{index}", "    ")
    post_init = getattr(cls, "__attrs_post_init__", None)
    if post_init is not None:
        _NAMESPACE[f"{name}_post"] = post_init
        lines.append(f"    {name}_post(o)")
    return "\n".join(lines) + "\n"


def _replacement(value: Any) -> None:
    cls = value.__class__
    if cls not in EVENT_TAGS:
        _fail()
    check = quick(cls)
    if check is None:
        raise _Failed  # the checker's own walk decides
    check(value)


_NAMESPACE["_replacement"] = _replacement
