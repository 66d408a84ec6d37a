"""The append's read-back checks: one generator, with paths for the message or without.

An event the recorder appends is checked in place instead of decoded again: every nested
object's field validators and class checks run on its values as they are now, and every
value must be of exactly the type decoding its canonical JSON builds (a ``tuple`` where
a tuple is decoded, never a list; a ``date``, never a ``datetime``; the enum member,
never its text). Such an event reads back from its canonical bytes as itself
(``tests/test_trusted.py`` proves it for every event kind), so appending it needs
neither a second validation nor a decode.

One generator writes, once per class, the function that walks it, in two flavours:

- :func:`checker` names the first value that fails by its path
  (``event.parts[0].votes[1]``) in :class:`NotAsDecoded`, and so carries a path into
  every nested check;
- :func:`quick` makes the same walk without the paths: the same validators and class
  checks in the same order, the same exact types. It raises something (anything) when
  the event would fail, and then the recorder runs the checker, which says what is
  wrong. An append checks every event, and nearly all of them pass.

``tests/test_codec_checks.py`` proves the two agree on every event kind, as drawn and
changed behind its validators' back.
"""

from __future__ import annotations

import enum
import functools
import types
import typing
from collections.abc import Callable
from datetime import date
from fractions import Fraction
from typing import Any

import attrs

from ._codegen import Generated, Unknown
from .events import EVENT_TAGS, EntryRetracted, Period
from .trusted import PLAIN_TYPES as _IDENTITY
from .trusted import UNION_TAGS as _TAGS

__all__ = ["Checker", "NotAsDecoded", "Quick", "checker", "quick"]

#: Checks one value in place; raises :class:`NotAsDecoded` naming the first value that
#: is not of exactly the type the decoder would build for it.
Checker = Callable[[Any, str], None]

#: Raises when the value would not pass its :func:`checker`.
Quick = Callable[[Any], None]


class NotAsDecoded(Exception):
    """A value is not of exactly the type decoding its canonical JSON would build."""


class _Failed(Exception):
    """A value the checker would refuse (it says why)."""


def _fail() -> None:
    raise _Failed


def _wrong(path: str, value: object, kind: type) -> None:
    raise NotAsDecoded(f"{path} holds {type(value).__name__}, not {kind.__name__}")


def _not_member(path: str, value: object, kind: object) -> None:
    raise NotAsDecoded(f"{path} holds {type(value).__name__}, not {kind}")


def _converted(path: str, value: object, held: object) -> None:
    raise NotAsDecoded(f"{path} holds {value!r}, which the class would hold as {held!r}")


_NAMESPACE: dict[str, Any] = {
    "_fail": _fail,
    "_wrong": _wrong,
    "_not_member": _not_member,
    "_converted": _converted,
    "_tuple": tuple,
    "_enumerate": enumerate,
}
_CHECKS: Generated[Checker] = Generated(_NAMESPACE)
_QUICK: Generated[Quick] = Generated(_NAMESPACE)


def checker(kind: Any) -> Checker | None:
    """The in-place check for values of *kind* (an event class), made on first use;
    ``None`` if it has none (the recorder then validates and decodes instead)."""
    return _CHECKS.made(kind, lambda: _NAMESPACE[_name_of(kind, paths=True)])


def quick(cls: type) -> Quick | None:
    """The quick check of event class *cls*, made on first use; ``None`` where
    :func:`checker` has no check either."""
    return _QUICK.made(cls, lambda: _NAMESPACE[_name_of(cls, paths=False)])


def _name_of(kind: Any, *, paths: bool) -> str:
    """The name, in the namespace, of the check of *kind* (made if need be)."""
    if isinstance(kind, type) and attrs.has(kind):
        source = functools.partial(_class_source, kind, paths=paths)
    else:
        source = functools.partial(_value_source, kind, paths=paths)
    family, stem = (_CHECKS, "_check") if paths else (_QUICK, "_quick")
    return family.named(kind, stem, source, f"<govledger {stem[1:]} {kind!r}>")


def _leaf(kind: Any) -> bool:
    return (
        kind in _IDENTITY
        or kind is date
        or kind is Fraction
        or (isinstance(kind, type) and issubclass(kind, enum.Enum))
    )


def _refused(path: str | None, value: str, kind: str) -> str:
    """The statement refusing *value* for not being exactly of *kind* (namespace names)."""
    return "_fail()" if path is None else f"_wrong({path}, {value}, {kind})"


def _called(kind: Any, value: str, path: str | None) -> str:
    """The call of *kind*'s own check on *value*."""
    name = _name_of(kind, paths=path is not None)
    return f"{name}({value})" if path is None else f"{name}({value}, {path})"


def _value_source(kind: Any, name: str, *, paths: bool) -> str:
    head = f"def {name}(v, path):" if paths else f"def {name}(v):"
    lines = [head, *_check_lines(kind, "v", name, "    ", "path" if paths else None)]
    return "\n".join(lines) + "\n"


def _check_lines(kind: Any, value: str, prefix: str, indent: str, path: str | None) -> list[str]:
    """Lines checking *value* (a local name) holds a *kind* as decoded; *path* is the
    expression of its path for the message (``None``: no message, no path)."""
    if _leaf(kind):
        _NAMESPACE[f"{prefix}_t"] = kind
        refuse = _refused(path, value, f"{prefix}_t")
        return [f"{indent}if {value}.__class__ is not {prefix}_t: {refuse}"]
    origin = typing.get_origin(kind)
    args = typing.get_args(kind)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return _tuple_lines(args[0], value, prefix, indent, path)
    if origin in (typing.Union, types.UnionType):
        return _union_lines(kind, args, value, prefix, indent, path)
    if isinstance(kind, type) and attrs.has(kind):
        return [f"{indent}{_called(kind, value, path)}"]
    raise Unknown(repr(kind))


def _tuple_lines(item: Any, value: str, prefix: str, indent: str, path: str | None) -> list[str]:
    element = f"{value}_i"
    lines = [f"{indent}if {value}.__class__ is not _tuple: {_refused(path, value, '_tuple')}"]
    if path is None:
        lines.append(f"{indent}for {element} in {value}:")
        at = None
    else:
        lines.append(f"{indent}{value}_p = {path}")
        lines.append(f"{indent}for {element}_n, {element} in _enumerate({value}):")
        at = f"f'{{{value}_p}}[{{{element}_n}}]'"
    if _leaf(item):
        _NAMESPACE[f"{prefix}_e"] = item
        refuse = _refused(at, element, f"{prefix}_e")
        return [*lines, f"{indent}    if {element}.__class__ is not {prefix}_e: {refuse}"]
    return [*lines, f"{indent}    {_called(item, element, at)}"]


def _union_lines(
    kind: Any, args: tuple[Any, ...], value: str, prefix: str, indent: str, path: str | None
) -> list[str]:
    optional = type(None) in args
    members = tuple(arg for arg in args if arg is not type(None))
    for member in members:
        if not (_leaf(member) or (isinstance(member, type) and attrs.has(member))):
            raise Unknown(repr(kind))
    if len(members) > 1 and not (
        set(members) == {date, Period}
        or all(member in _TAGS for member in members)
        or all(  # plain values told apart by their exact class (an enum or its text)
            member in _IDENTITY or (isinstance(member, type) and issubclass(member, enum.Enum))
            for member in members
        )
    ):
        raise Unknown(repr(kind))
    names = {member: _name_of(member, paths=path is not None) for member in members}
    _NAMESPACE[f"{prefix}_u"] = {member: _late(name) for member, name in names.items()}
    if path is None:
        lines = [f"{prefix}_u[{value}.__class__]({value})"]  # KeyError: not a member
    else:
        _NAMESPACE[f"{prefix}_k"] = kind
        lines = [
            f"{value}_c = {prefix}_u.get({value}.__class__)",
            f"if {value}_c is None: _not_member({path}, {value}, {prefix}_k)",
            f"{value}_c({value}, {path})",
        ]
    if optional:
        return [f"{indent}if {value} is not None:", *(f"{indent}    {line}" for line in lines)]
    return [f"{indent}{line}" for line in lines]


def _late(name: str) -> Callable[..., None]:
    """The function *name* of the namespace, or, while it is still being made (a class
    containing itself), a call of it by name."""
    made: Callable[..., None] | None = _NAMESPACE.get(name)
    if made is not None:
        return made
    return lambda *arguments: _NAMESPACE[name](*arguments)


def _class_source(cls: type, name: str, *, paths: bool) -> str:
    """The check of attrs class *cls*: each field's validator, its converter's verdict,
    then its type; the class's own ``__attrs_post_init__`` checks last."""
    _NAMESPACE[f"{name}_cls"] = cls
    hints = typing.get_type_hints(cls)
    refuse = _refused("path" if paths else None, "o", f"{name}_cls")
    lines = [
        f"def {name}(o, path):" if paths else f"def {name}(o):",
        f"    if o.__class__ is not {name}_cls: {refuse}",
    ]
    for index, field in enumerate(attrs.fields(cls)):
        local = f"v{index}"
        at = f"path + {'.' + field.name!r}" if paths else None
        lines.append(f"    {local} = o.{field.name}")
        if field.validator is not None:
            _NAMESPACE[f"{name}_v{index}"] = field.validator
            _NAMESPACE[f"{name}_a{index}"] = field
            lines.append(f"    {name}_v{index}(o, {name}_a{index}, {local})")
        kind = hints[field.name]
        if field.converter is not None and typing.get_origin(kind) is not tuple:
            # the class holds what its converter gives: a value the converter would
            # still change (a role's text that names a statutory role) reads back
            # changed. Tuples are checked as exact tuples below.
            converter = f"{name}_k{index}"
            _NAMESPACE[converter] = field.converter
            refuse = "_fail()" if at is None else f"_converted({at}, {local}, {converter}({local}))"
            lines.append(f"    if {converter}({local}) is not {local}: {refuse}")
        if cls is EntryRetracted and field.name == "replacement":
            lines.append(f"    _replacement({local}, {at})")
            continue
        lines += _check_lines(kind, local, f"{name}_f{index}", "    ", at)
    post_init = getattr(cls, "__attrs_post_init__", None)
    if post_init is not None:
        _NAMESPACE[f"{name}_post"] = post_init
        lines.append(f"    {name}_post(o)")
    return "\n".join(lines) + "\n"


def _replacement(value: Any, path: str | None) -> None:
    """Check an :class:`EntryRetracted`'s replacement (``None``, or an event)."""
    if value is None:
        return
    cls = value.__class__
    if cls not in EVENT_TAGS:
        if path is None:
            _fail()
        raise NotAsDecoded(f"{path} holds {cls.__name__}, not an event")
    if path is None:
        fast = quick(cls)
        if fast is None:
            raise _Failed  # the checker's own walk decides
        fast(value)
        return
    check = checker(cls)
    if check is None:
        raise NotAsDecoded(f"{path} holds {cls.__name__}, which has no read-back check")
    check(value, path)


_NAMESPACE["_replacement"] = _replacement
