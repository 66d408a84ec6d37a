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
import types
import typing
from collections.abc import Callable
from datetime import date
from fractions import Fraction
from typing import Any, Final

import attrs

from ._codegen import Generated, Unknown
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

__all__ = ["Builder", "builder", "omitted_when_default", "part_ref"]

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
#: Builders by class (and ``("union", kind)``); a type this module cannot build
#: directly (:class:`~govledger._codegen.Unknown`) gets none and keeps the validating path.
_BUILDERS: Generated[Builder] = Generated(_NAMESPACE)


def builder(cls: type) -> Builder | None:
    """The trusted builder for *cls*, generated on first use; ``None`` if it has none."""
    return _BUILDERS.made(cls, lambda: _NAMESPACE[_class_builder(cls, tagged=False)])


def _class_builder(cls: type, *, tagged: bool) -> str:
    """Generate the builder of attrs class *cls*; return its name in the namespace.

    *tagged* builders are for members of a tagged union: the object holds the
    ``"type"`` tag besides the fields (the union's function read it to choose the
    builder, so the builder does not look at it again).
    """
    return _BUILDERS.named(
        (cls, tagged),
        f"_build_{cls.__name__}{'_tagged' if tagged else ''}",
        lambda name: _class_source(cls, name, tagged=tagged),
        f"<govledger.trusted {cls.__name__}>",
        bind=True,  # constants as closure cells: see Generated.named
    )


#: How a builder's expression of a tuple begins (see the converter check in _class_source).
_TUPLE_MARK: Final = ("_tuple(", "(_tuple(")


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
            except Unknown:
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
        function = _BUILDERS.named(  # one function per union type, shared by every field
            ("union", kind),
            "_union",
            lambda name: _union_source(args, name),
            f"<govledger.trusted union {kind}>",
            bind=True,
        )
        return f"{function}({expression})"
    raise Unknown(repr(kind))


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


def _union_source(args: tuple[Any, ...], name: str) -> str:
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
        raise Unknown(repr(args))
    return "\n".join(lines) + "\n"


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


_set_resolution, _set_part, _set_partnership = (
    vars(ResolutionRef)[name].__set__ for name in ("resolution", "part", "partnership")
)


def part_ref(resolution: str, part: tuple[str, ...]) -> ResolutionRef:
    """``ResolutionRef(resolution=resolution, part=part)``, without its validators.

    Only for a part of a decision the fold already holds (a walked
    :class:`~govledger.events.ResolutionPassed`'s id and one of its part paths): both
    passed their validators when the decision was recorded, and the folds make such a
    reference for every adopting, mirroring and waiting part they meet.
    """
    ref: ResolutionRef = object.__new__(ResolutionRef)
    _set_resolution(ref, resolution)
    _set_part(ref, part)
    _set_partnership(ref, None)
    return ref
