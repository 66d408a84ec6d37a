"""Build events from rows the ledger itself wrote, without running their validators again.

Every stored payload was encoded from an event that had passed its validators, and
its row is sealed into the hash chain, so reading it back needs no second check.
:func:`builder` generates, once per class, a function that turns such a payload (the
parsed JSON object) into the same frozen attrs object the validating decoder builds,
setting each field directly (``object.__new__`` and ``object.__setattr__``) instead of
calling ``__init__`` with its converters, validators and ``__attrs_post_init__``.

A builder expects exactly the shape :func:`govledger.codec.encode` writes: every
field present, nothing else. Anything else (a missing or extra key, a value of an
unexpected shape) makes it raise, and :func:`govledger.codec.decode_trusted` then
decodes the payload the validating way, which explains the problem. A class whose
fields hold a type this module does not know gets no builder (``None``) and always
takes the validating path. Untrusted input (drafts, imports, copies from another
file, anything a user hands in) never comes here: it goes through
:func:`govledger.codec.decode`.
"""

from __future__ import annotations

import enum
import re
import types
import typing
from collections.abc import Callable
from datetime import date
from fractions import Fraction
from typing import Any, Final

import attrs

from .events import (
    EVENT_TAGS,
    EVENT_TYPES,
    Citation,
    CouncilBody,
    EntryRetracted,
    Individual,
    JointBody,
    Member,
    Part,
    Period,
    ResolutionRef,
)

__all__ = ["Builder", "builder", "omitted_when_default"]

#: Turns one parsed payload object into its event (or nested value).
Builder = Callable[[dict[str, Any]], Any]

#: The union tags the codec writes (``"type"`` inside the object), by class.
_TAGS: Final[dict[type, str]] = {
    CouncilBody: "council_body",
    JointBody: "joint_body",
    Individual: "individual",
    ResolutionRef: "resolution",
    Citation: "citation",
}

_IDENTITY: Final = frozenset({str, int, bool, type(None)})
#: The same, and the union tags, for the append's quick check (:mod:`~govledger.codec_checks`).
PLAIN_TYPES: Final = _IDENTITY
UNION_TAGS: Final = _TAGS


#: The fields :func:`govledger.codec.encode` leaves out of an object when they hold
#: their default, by class (besides the events' own, see :func:`omitted_when_default`),
#: so that a payload not using them reads and writes exactly as before they existed.
_OMITTED: Final[dict[type, frozenset[str]]] = {
    Member: frozenset({"identifiers"}),
    CouncilBody: frozenset({"identifiers"}),
    ResolutionRef: frozenset({"partnership"}),
    Part: frozenset({"mirrors"}),
}

#: Every event class with these fields leaves them out when empty (schema 2's fields).
_OMITTED_FROM_EVENTS: Final = ("not_on_record", "identifiers")


def omitted_when_default(cls: type) -> frozenset[str]:
    """The fields of *cls* that the codec leaves out of a payload when they hold their
    default; every other field is always written.

    The codec's converter is configured from this, and a trusted builder reads every
    other field without asking whether it is there (a payload lacking one is not of
    this release's shape, and takes the validating path).
    """
    if cls in EVENT_TAGS:
        names = attrs.fields_dict(cls)
        if "not_on_record" in names:
            return frozenset(name for name in _OMITTED_FROM_EVENTS if name in names)
    return _OMITTED.get(cls, frozenset())


class _Unknown(Exception):
    """A field type this module cannot build directly: the class keeps the validating path."""


#: Fractions already read, by their JSON text: a few shares ("1/2", "1/3") recur in
#: every partnership, and parsing one costs more than building the rest of its share.
_FRACTIONS: dict[Any, Fraction] = {}
_MAX_FRACTIONS: Final = 4096


def _fraction(value: Any) -> Fraction:
    """``Fraction(value)``, shared between equal texts (a Fraction is immutable)."""
    try:
        return _FRACTIONS[value]
    except KeyError:
        made = Fraction(value)
        if len(_FRACTIONS) < _MAX_FRACTIONS:
            _FRACTIONS[value] = made
        return made


# Every generated function lives in one namespace, so that classes that contain
# themselves (a Part's parts) and classes built later resolve by name at call time.
_NAMESPACE: dict[str, Any] = {
    "_new": object.__new__,
    "_set": object.__setattr__,
    "_day": date.fromisoformat,
    "_Fraction": _fraction,
    "_str": str,
    "_dict": dict,
    "_len": len,
    "_map": map,
    "_tuple": tuple,
}
_NAMES: dict[tuple[type, bool], str] = {}
_SHARED: dict[Any, str] = {}  # union types -> the name of their builder
_BUILDERS: dict[type, Builder | None] = {}


def builder(cls: type) -> Builder | None:
    """The trusted builder for *cls*, generated on first use; ``None`` if it has none."""
    try:
        return _BUILDERS[cls]
    except KeyError:
        pass
    try:
        name = _class_builder(cls, tagged=False)
        made: Builder | None = _NAMESPACE[name]
    except _Unknown:
        made = None
    _BUILDERS[cls] = made
    return made


def _class_builder(cls: type, *, tagged: bool) -> str:
    """Generate the builder of attrs class *cls*; return its name in the namespace.

    *tagged* builders are for members of a tagged union: the object holds the
    ``"type"`` tag besides the fields (the union's function read it to choose the
    builder, so the builder does not look at it again).
    """
    key = (cls, tagged)
    known = _NAMES.get(key)
    if known is not None:
        return known
    name = f"_build_{cls.__name__}{'_tagged' if tagged else ''}_{len(_NAMES)}"
    _NAMES[key] = name  # before the fields, so a class may contain itself
    try:
        source = _class_source(cls, name, tagged=tagged)
    except BaseException:
        del _NAMES[key]
        raise
    _NAMESPACE[name] = _define(name, source, f"<govledger.trusted {cls.__name__}>")
    return name


#: How a builder's expression of a tuple begins (see the converter check in _class_source).
_TUPLE_MARK: Final = ("_tuple(", "(_tuple(")

_NAME = re.compile(r"\b_[A-Za-z]\w*")


def _define(name: str, source: str, filename: str) -> Callable[..., Any]:
    """Compile the function *name* defined by *source*, its constants bound as closure cells.

    Every name the source uses that the namespace already holds (setters, defaults,
    enum lookups, builders made earlier) is read once here, not looked up at each
    call; names not made yet (a class's own builder, a union being built) stay
    global, resolved at call time.
    """
    bound = sorted({word for word in _NAME.findall(source) if word != name and word in _NAMESPACE})
    body = "".join(f"    {line}\n" for line in source.splitlines())
    factory = f"def _make({', '.join(bound)}):\n{body}    return {name}\n"
    scope: dict[str, Any] = {}
    exec(compile(factory, filename, "exec"), _NAMESPACE, scope)
    made: Callable[..., Any] = scope["_make"](*(_NAMESPACE[word] for word in bound))
    return made


def _class_source(cls: type, name: str, *, tagged: bool) -> str:
    fields = attrs.fields(cls)
    hints = typing.get_type_hints(cls)
    _NAMESPACE[f"{name}_cls"] = cls
    # The codec leaves a few fields out when they hold their default: those are looked
    # for, and filled from the default when missing; every other field is read as
    # always there (a missing one raises KeyError). Then the object holds no unknown
    # key exactly when it holds as many keys as were read.
    optional = [field.name for field in fields if field.name in omitted_when_default(cls)]
    count = " + ".join(
        [str(len(fields) - len(optional) + tagged), *(f"({key!r} in d)" for key in optional)]
    )
    lines = [
        f"def {name}(d):",
        f"    if _len(d) != {count}: raise KeyError('fields')",
        f"    o = _new({name}_cls)",
    ]
    for index, field in enumerate(fields):
        raw = f"d[{field.name!r}]"
        if cls is EntryRetracted and field.name == "replacement":
            expression = f"_replacement({raw})"
        else:
            try:
                expression = _value(hints[field.name], raw, f"{name}_{index}", field=True)
            except _Unknown:
                if field.converter is None:
                    raise
                expression = raw  # the field's own converter reads the JSON value
        if field.converter is not None and not (
            expression.startswith(_TUPLE_MARK) and _keeps_tuples(field.converter)
        ):  # the value as the class itself would hold it
            _NAMESPACE[f"{name}_c{index}"] = field.converter
            expression = f"{name}_c{index}({expression})"
        default = _default_source(field, f"{name}_d{index}")
        if field.name in optional and default is not None:
            expression = f"({expression} if {field.name!r} in d else {default})"
        setter = _setter(cls, field.name)
        if setter is None:
            lines.append(f"    _set(o, {field.name!r}, {expression})")
        else:
            _NAMESPACE[f"{name}_s{index}"] = setter
            lines.append(f"    {name}_s{index}(o, {expression})")
    lines.append("    return o")
    return "\n".join(lines) + "\n"


def _keeps_tuples(converter: Callable[[Any], Any]) -> bool:
    """Whether *converter* gives back a tuple it is handed as it is (``_to_tuple`` does):
    then a field whose builder makes a tuple needs no call to it."""
    probe = (object(),)
    try:
        return converter(probe) is probe
    except Exception:
        return False


def _setter(cls: type, name: str) -> Callable[[Any, Any], None] | None:
    """The ``__set__`` of the slot that holds field *name* of *cls*, or ``None``.

    Setting a slot through its descriptor skips the attribute lookup (and the frozen
    class's refusing ``__setattr__``) that ``object.__setattr__`` goes through.
    """
    for klass in cls.__mro__:
        if name in vars(klass):
            slot = vars(klass)[name]
            if isinstance(slot, types.MemberDescriptorType):
                setter: Callable[[Any, Any], None] = slot.__set__
                return setter
            return None
    return None


def _default_source(field: Any, key: str) -> str | None:
    """Python source for *field*'s default (``None`` when it has none), kept under *key*."""
    default = field.default
    if default is attrs.NOTHING:
        return None
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        if default.takes_self:
            return None  # never left out by the codec; a missing key stays an error
        _NAMESPACE[key] = default.factory
        return f"{key}()"
    _NAMESPACE[key] = default
    return key


def _value(kind: Any, expression: str, prefix: str, *, field: bool = False) -> str:
    """Python source that turns the JSON value *expression* into a value of *kind*.

    A *field*'s optional value or its date or period is read in line (through a local
    named after *prefix*), saving a call per field; elsewhere a union is a function.
    """
    if kind in _IDENTITY:
        return expression
    if kind is date:
        return f"_day({expression})"
    if kind is Fraction:
        return f"_Fraction({expression})"
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        if field:  # a subscript costs less than a call
            _NAMESPACE[prefix] = kind._value2member_map_
            return f"{prefix}[{expression}]"
        _NAMESPACE[prefix] = kind._value2member_map_.__getitem__
        return f"{prefix}({expression})"
    if isinstance(kind, type) and attrs.has(kind):
        return f"{_class_builder(kind, tagged=False)}({expression})"
    origin = typing.get_origin(kind)
    args = typing.get_args(kind)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        if field:  # most lists are empty: the empty tuple, without building one
            local = f"{prefix}_v"
            made = _value(kind, local, prefix)
            return f"({made} if ({local} := {expression}) else ())"
        item = args[0]
        if item in _IDENTITY:
            return f"_tuple({expression})"
        each = _value(item, "x", prefix + "_x")
        if each.endswith("(x)") and each[:-3].isidentifier():  # one function: map it
            return f"_tuple(_map({each[:-3]}, {expression}))"
        return f"_tuple([{each} for x in {expression}])"
    if origin in (typing.Union, types.UnionType):
        if all(arg in _IDENTITY for arg in args):  # text or a number, or None: as it is
            return expression
        if field:
            inline = _inline_union(args, expression, f"{prefix}_v")
            if inline is not None:
                return inline
            tagged = _tagged_union(args, expression, f"{prefix}_v", f"{prefix}_tags")
            if tagged is not None:
                return tagged
        function = _SHARED.get(kind)
        if function is None:  # one function per union type, shared by every field
            function = f"_union_{len(_SHARED)}"
            _SHARED[kind] = function  # reserved first: building it may name other unions
            try:
                _NAMESPACE[function] = _union(args, function)
            except BaseException:
                del _SHARED[kind]
                raise
        return f"{function}({expression})"
    raise _Unknown(repr(kind))


def _inline_union(args: tuple[Any, ...], expression: str, local: str) -> str | None:
    """Source reading an optional value, or a date or a period, in line; ``None`` for
    other unions (classes told apart by their tag keep their function)."""
    optional = type(None) in args
    members = tuple(arg for arg in args if arg is not type(None))
    if set(members) == {date, Period}:
        period = _class_builder(Period, tagged=False)
        if optional:
            return (
                f"(None if ({local} := {expression}) is None else _day({local}) "
                f"if {local}.__class__ is _str else {period}({local}))"
            )
        return (
            f"(_day({local}) if ({local} := {expression}).__class__ is _str else {period}({local}))"
        )
    if optional and len(members) == 1:
        inner = _value(members[0], local, local + "_only")
        return f"(None if ({local} := {expression}) is None else {inner})"
    return None


def _tagged_union(args: tuple[Any, ...], expression: str, local: str, key: str) -> str | None:
    """Source choosing a tagged union member's builder by its tag in line, once every
    member's builder exists; ``None`` otherwise (the union's function is used)."""
    if type(None) in args or not all(member in _TAGS for member in args):
        return None
    builders = {_TAGS[member]: _class_builder(member, tagged=True) for member in args}
    if not all(made in _NAMESPACE for made in builders.values()):
        return None
    _NAMESPACE[key] = {tag: _NAMESPACE[made] for tag, made in builders.items()}
    return f"{key}[({local} := {expression})['type']]({local})"


def _union(args: tuple[Any, ...], name: str) -> Callable[[Any], Any]:
    """A union: optional values, a date or a period, or classes told apart by their tag."""
    optional = type(None) in args
    members = tuple(arg for arg in args if arg is not type(None))
    lines = [f"def {name}(v):"]
    if optional:
        lines.append("    if v is None: return None")
    if len(members) == 1:
        lines.append(f"    return {_value(members[0], 'v', name + '_only')}")
    elif set(members) == {date, Period}:
        lines.append("    if v.__class__ is _str: return _day(v)")
        lines.append(f"    return {_class_builder(Period, tagged=False)}(v)")
    elif all(member in _TAGS for member in members):
        builders = {_TAGS[member]: _class_builder(member, tagged=True) for member in members}
        if all(made in _NAMESPACE for made in builders.values()):  # one look-up by tag
            _NAMESPACE[f"{name}_tags"] = {tag: _NAMESPACE[made] for tag, made in builders.items()}
            lines.append(f"    return {name}_tags[v['type']](v)")
        else:  # a member still being built (it contains the union): by name at call time
            for tag, made in builders.items():
                lines.append(f"    if v['type'] == {tag!r}: return {made}(v)")
            lines.append("    raise KeyError('type')")
    else:
        raise _Unknown(repr(args))
    return _define(name, "\n".join(lines) + "\n", f"<govledger.trusted {name}>")


def _replacement(value: Any) -> Any:
    """An :class:`EntryRetracted`'s replacement, written as ``{"type": ..., "event": ...}``."""
    if value is None:
        return None
    if len(value) != 2:
        raise KeyError("replacement")
    made = builder(EVENT_TYPES[value["type"]])
    if made is None:
        raise KeyError("replacement")
    return made(value["event"])


_NAMESPACE["_replacement"] = _replacement


# --------------------------------------------------------------------------- checking


#: Checks one value in place; raises :class:`NotAsDecoded` naming the first value that
#: is not of exactly the type the decoder would build for it.
Checker = Callable[[Any, str], None]


class NotAsDecoded(Exception):
    """A value is not of exactly the type decoding its canonical JSON would build."""


_CHECKERS: dict[Any, Checker] = {}


def checker(kind: Any) -> Checker | None:
    """The in-place check for values of *kind* (an event class); ``None`` if it has none.

    An event that passes holds, at every level, values of exactly the types the decoder
    builds from its canonical JSON (a ``tuple`` where a tuple is decoded, never a list;
    a ``date``, never a ``datetime``; the enum member, never its text), and every
    nested object's field validators and ``__attrs_post_init__`` checks pass on it as
    it is now (frozen objects can still be changed behind their back). Such an event
    reads back from its canonical bytes as itself (tests/test_trusted.py proves it for
    every event kind), so appending it needs neither a second validation nor a decode.
    """
    try:
        return _checker(kind)
    except _Unknown:
        return None


def _checker(kind: Any) -> Checker:
    known = _CHECKERS.get(kind)
    if known is not None:
        return known
    if isinstance(kind, type) and attrs.has(kind):
        return _class_checker(kind)
    made = _value_checker(kind)
    _CHECKERS[kind] = made
    return made


def _exactly(kind: type) -> Checker:
    def check(value: Any, path: str) -> None:
        if value.__class__ is not kind:
            raise NotAsDecoded(f"{path} holds {type(value).__name__}, not {kind.__name__}")

    return check


def _value_checker(kind: Any) -> Checker:
    if kind in _IDENTITY or kind is date or kind is Fraction:
        return _exactly(kind)
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return _exactly(kind)
    origin = typing.get_origin(kind)
    args = typing.get_args(kind)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = _checker(args[0])

        def items(value: Any, path: str) -> None:
            if value.__class__ is not tuple:
                raise NotAsDecoded(f"{path} holds {type(value).__name__}, not tuple")
            for index, element in enumerate(value):
                item(element, f"{path}[{index}]")

        return items
    if origin in (typing.Union, types.UnionType):
        optional = type(None) in args
        members = tuple(arg for arg in args if arg is not type(None))
        for member in members:
            if not (
                member in _IDENTITY
                or member is date
                or member is Fraction
                or (
                    isinstance(member, type)
                    and (attrs.has(member) or issubclass(member, enum.Enum))
                )
            ):
                raise _Unknown(repr(kind))
        if len(members) > 1 and not (
            set(members) == {date, Period}
            or all(member in _TAGS for member in members)
            or all(  # plain values told apart by their exact class (an enum or its text)
                member in _IDENTITY or (isinstance(member, type) and issubclass(member, enum.Enum))
                for member in members
            )
        ):
            raise _Unknown(repr(kind))
        by_class: dict[type, Checker] = {}
        for member in members:
            by_class[member] = _checker(member)  # a class may contain itself: see below

        def union(value: Any, path: str) -> None:
            if value is None and optional:
                return
            check = by_class.get(value.__class__)
            if check is None:
                raise NotAsDecoded(f"{path} holds {type(value).__name__}, not {kind}")
            check(value, path)

        return union
    raise _Unknown(repr(kind))


def _class_checker(cls: type) -> Checker:
    """Generate the check of attrs class *cls*: each field's validator, then its type."""
    name = f"_check_{cls.__name__}_{len(_CHECKERS)}"
    _NAMESPACE[f"{name}_cls"] = cls
    _NAMESPACE["_NotAsDecoded"] = NotAsDecoded
    _NAMESPACE["_wrong"] = _wrong
    _NAMESPACE["_converted"] = _converted
    # Placeholder first, so that a class may contain itself: fields call it by name.
    _CHECKERS[cls] = lambda value, path: _NAMESPACE[name](value, path)
    try:
        hints = typing.get_type_hints(cls)
        lines = [
            f"def {name}(o, path):",
            f"    if o.__class__ is not {name}_cls: _wrong(path, o, {name}_cls)",
        ]
        for index, field in enumerate(attrs.fields(cls)):
            lines.append(f"    v = o.{field.name}")
            if field.validator is not None:
                _NAMESPACE[f"{name}_v{index}"] = field.validator
                _NAMESPACE[f"{name}_a{index}"] = field
                lines.append(f"    {name}_v{index}(o, {name}_a{index}, v)")
            kind = hints[field.name]
            if field.converter is not None and typing.get_origin(kind) is not tuple:
                # the class holds what its converter gives: a value the converter would
                # still change (a role's text that names a statutory role) reads back
                # changed. Tuples are checked as exact tuples below.
                _NAMESPACE[f"{name}_k{index}"] = field.converter
                lines.append(
                    f"    if {name}_k{index}(v) is not v: "
                    f"_converted(path + {'.' + field.name!r}, v, {name}_k{index}(v))"
                )
            if cls is EntryRetracted and field.name == "replacement":
                check: Checker = _replacement_checker
            elif kind in _IDENTITY or kind is date or kind is Fraction or _is_enum(kind):
                _NAMESPACE[f"{name}_t{index}"] = kind
                lines.append(
                    f"    if v.__class__ is not {name}_t{index}: "
                    f"_wrong(path + {'.' + field.name!r}, v, {name}_t{index})"
                )
                continue
            else:
                check = _checker(kind)
            _NAMESPACE[f"{name}_c{index}"] = check
            lines.append(f"    {name}_c{index}(v, path + {'.' + field.name!r})")
        post_init = getattr(cls, "__attrs_post_init__", None)
        if post_init is not None:
            _NAMESPACE[f"{name}_post"] = post_init
            lines.append(f"    {name}_post(o)")
        source = "\n".join(lines) + "\n"
        exec(compile(source, f"<govledger.trusted check {cls.__name__}>", "exec"), _NAMESPACE)
    except BaseException:
        del _CHECKERS[cls]
        raise
    made: Checker = _NAMESPACE[name]
    _CHECKERS[cls] = made
    return made


def _is_enum(kind: Any) -> bool:
    return isinstance(kind, type) and issubclass(kind, enum.Enum)


def _wrong(path: str, value: object, kind: type) -> None:
    raise NotAsDecoded(f"{path} holds {type(value).__name__}, not {kind.__name__}")


def _converted(path: str, value: object, held: object) -> None:
    raise NotAsDecoded(f"{path} holds {value!r}, which the class would hold as {held!r}")


def _replacement_checker(value: Any, path: str) -> None:
    if value is None:
        return
    cls = type(value)
    if cls not in EVENT_TAGS:
        raise NotAsDecoded(f"{path} holds {cls.__name__}, not an event")
    _checker(cls)(value, path)
