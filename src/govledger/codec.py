"""What goes on the wire: one cattrs converter for every event.

Events are stored as canonical JSON (sorted keys, no spaces, ISO dates, exact
fractions as ``"1/2"``) with their type name and a schema version beside them. Type
names and union tags are names we choose, never module paths. A payload written by an
older schema version is brought up to date by an :class:`~govledger.upcasters.Upcasters`
value, this release's by default, or one the caller passes.
"""

from __future__ import annotations

import functools
import json
import types
import typing
from collections.abc import Callable, Mapping
from datetime import date
from fractions import Fraction
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    import cattrs

try:  # a C JSON library: parsing and writing payloads several times faster
    import orjson as _orjson

    _SORT_KEYS: int = _orjson.OPT_SORT_KEYS
except ImportError:  # pragma: no cover - orjson is a dependency; this keeps a bare install working
    _orjson = None  # type: ignore[assignment]
    _SORT_KEYS = 0

import attrs

from . import trusted
from ._codec_unstructure import unstructurer
from ._explain import explain
from .errors import DecodeError, GovLedgerError, InvalidEvent
from .events import (
    EVENT_TAGS,
    EVENT_TYPES,
    Authority,
    BodyEstablished,
    Citation,
    CouncilBody,
    DecisionMaker,
    DesignatedRole,
    EntryRetracted,
    Event,
    Individual,
    JointBody,
    Member,
    Part,
    Period,
    ResolutionRef,
    designated_role,
    event_type,
)
from .upcasters import (
    LEGACY_AGREEMENT_NOTE,
    SCHEMA_VERSION,
    UPCASTERS,
    Upcaster,
    Upcasters,
    default_upcasters,
    register_upcaster,
)

__all__ = [
    "LEGACY_AGREEMENT_NOTE",
    "SCHEMA_VERSION",
    "UPCASTERS",
    "Upcaster",
    "Upcasters",
    "canonical_json",
    "decode",
    "decode_trusted",
    "encode",
    "encode_checked",
    "from_data",
    "from_json",
    "make_converter",
    "make_value_converter",
    "register_upcaster",
    "to_data",
    "to_json",
]

_V = TypeVar("_V")

_DECISION_MAKER_TAGS: dict[type, str] = {
    CouncilBody: "council_body",
    JointBody: "joint_body",
    Individual: "individual",
}
_AUTHORITY_TAGS: dict[type, str] = {ResolutionRef: "resolution", Citation: "citation"}


def _is_date_union(kind: Any) -> bool:
    if typing.get_origin(kind) not in (typing.Union, types.UnionType):
        return False
    args = set(typing.get_args(kind))
    return date in args and Period in args and args <= {date, Period, type(None)}


def _structure_date_spec(converter: cattrs.Converter) -> Callable[[Any, Any], date | Period | None]:
    def structure(value: Any, kind: Any) -> date | Period | None:
        if value is None:
            if type(None) in typing.get_args(kind):
                return None
            raise InvalidEvent("a date or period is required here, not null")
        if isinstance(value, str):
            return date.fromisoformat(value)
        return converter.structure(value, Period)

    return structure


def _structure_date(value: Any, _: Any) -> date:
    if not isinstance(value, str):
        raise InvalidEvent(f"a date must be an ISO string such as '2022-08-31', not {value!r}")
    return date.fromisoformat(value)


def _structure_role(value: Any, _: Any) -> Any:
    """A designated role: a statutory constant's value, or the role's own words."""
    if not isinstance(value, str):
        raise InvalidEvent(f"a designated role must be text, not {value!r}")
    return designated_role(value)


def _structure_fraction(value: Any, _: Any) -> Fraction:
    if not isinstance(value, str) or "/" not in value:
        raise InvalidEvent(f"a fraction must be a string such as '1/2', not {value!r}")
    return Fraction(value)


def _unstructure_fraction(value: Fraction) -> str:
    return f"{value.numerator}/{value.denominator}"


def _is_tuple_of_one_kind(kind: Any) -> bool:
    args = typing.get_args(kind)
    return typing.get_origin(kind) is tuple and len(args) == 2 and args[1] is Ellipsis


def _tuple_of_one_kind(kind: Any, conv: cattrs.Converter) -> Callable[[Any, Any], tuple[Any, ...]]:
    """Structure ``tuple[X, ...]`` from a JSON array, with X's hook looked up once.

    cattrs' general tuple hook looks the item hook up and checks the type again for
    every item, which was a third of decoding. A value that is not an array, or a text
    item that is not text, is refused (the detailed converter then says where).
    """
    item = typing.get_args(kind)[0]
    if item is str:

        def texts(value: Any, _: Any) -> tuple[Any, ...]:
            if type(value) is not list or not all(type(text) is str for text in value):
                raise TypeError(f"expected a JSON array of strings, not {value!r}")
            return tuple(value)

        return texts
    hook = conv.get_structure_hook(item)

    def items(value: Any, _: Any) -> tuple[Any, ...]:
        if type(value) is not list:
            raise TypeError(f"expected a JSON array, not {value!r}")
        return tuple([hook(element, item) for element in value])

    return items


def make_converter(*, detailed: bool = False) -> cattrs.Converter:
    """Build the stored-event converter: ISO dates, exact fractions, stable union tags.

    The default converter is the fast one :func:`decode` uses. ``detailed=True`` builds
    one that reports the path of every bad value (``parts[2].votes[0]``), slower; decode
    uses it only to explain a payload the fast one refused.
    """
    import cattrs  # on first use: importing govledger does not build or import it
    from cattrs.strategies import configure_tagged_union

    conv = cattrs.Converter(forbid_extra_keys=True)
    if not detailed:
        conv.register_structure_hook_factory(
            _is_tuple_of_one_kind, lambda kind: _tuple_of_one_kind(kind, conv)
        )
    conv.register_unstructure_hook(date, date.isoformat)
    conv.register_structure_hook(date, _structure_date)
    conv.register_unstructure_hook(Fraction, _unstructure_fraction)
    conv.register_structure_hook(Fraction, _structure_fraction)
    conv.register_structure_hook_func(_is_date_union, _structure_date_spec(conv))
    conv.register_structure_hook_func(lambda kind: kind == DesignatedRole, _structure_role)
    _omit_empty_identifiers(conv, (Member, CouncilBody))  # before the unions that hold them
    # a reference to another partnership's decision only says so: None is left out
    _omit_empty_identifiers(conv, (ResolutionRef,))
    configure_tagged_union(
        DecisionMaker,
        conv,
        tag_name="type",
        tag_generator=lambda cls: _DECISION_MAKER_TAGS[cls],
    )
    configure_tagged_union(
        Authority,
        conv,
        tag_name="type",
        tag_generator=lambda cls: _AUTHORITY_TAGS[cls],
    )
    _omit_empty_identifiers(conv, (BodyEstablished,))  # after the unions it holds
    _configure_retraction(conv)
    _omit_when_empty(conv)
    return conv


def _omit_when_empty(conv: cattrs.Converter) -> None:
    """Leave the schema-2 fields out of a payload when they are empty, so that an event
    not using them is written exactly as schema 1 wrote it."""
    _omit_defaults(conv, (Part, *EVENT_TYPES.values()))


def _omit_empty_identifiers(conv: cattrs.Converter, classes: tuple[type, ...]) -> None:
    """Write ``identifiers`` (a reference's ``partnership``) only when there are some, so a
    payload without them reads and writes exactly as before the field existed (no new
    schema version needed).

    A generated hook keeps the hooks of the field types it finds when it is made, so
    each class is registered after the unions inside it and before those around it.
    """
    _omit_defaults(conv, classes)


def _omit_defaults(conv: cattrs.Converter, classes: tuple[type, ...]) -> None:
    """Register, for each of *classes* that has any, a hook leaving out the fields
    :func:`govledger.trusted.omitted_when_default` names when they hold their default
    (the trusted builders read every other field as always written)."""
    from cattrs.gen import make_dict_unstructure_fn, override

    for cls in classes:
        names = trusted.omitted_when_default(cls)
        if names:
            omitted: dict[str, Any] = {
                name: override(omit_if_default=True) for name in sorted(names)
            }
            conv.register_unstructure_hook(cls, make_dict_unstructure_fn(cls, conv, **omitted))


def _configure_retraction(conv: cattrs.Converter) -> None:
    """An :class:`EntryRetracted` carries its replacement as ``{"type": ..., "event": ...}``.

    The replacement is written with the same schema version as the retraction itself.
    """
    from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

    plain_unstructure = make_dict_unstructure_fn(
        EntryRetracted, conv, replacement=override(omit=True)
    )
    plain_structure = make_dict_structure_fn(
        EntryRetracted, conv, replacement=override(omit=True), _cattrs_forbid_extra_keys=True
    )

    def unstructure(event: EntryRetracted) -> dict[str, Any]:
        data = plain_unstructure(event)
        replacement = event.replacement
        data["replacement"] = (
            None
            if replacement is None
            else {
                "type": event_type(replacement),
                "event": conv.unstructure(replacement, unstructure_as=type(replacement)),
            }
        )
        return data

    def structure(value: Any, _: Any) -> EntryRetracted:
        if not isinstance(value, Mapping):
            raise InvalidEvent(f"EntryRetracted must be a JSON object, not {value!r}")
        data = dict(value)
        nested = data.pop("replacement", None)
        replacement: Event | None = None
        if nested is not None:
            if not isinstance(nested, Mapping) or set(nested) != {"type", "event"}:
                raise InvalidEvent(
                    "EntryRetracted.replacement must be null or an object with 'type' and "
                    f"'event', not {nested!r}"
                )
            cls = EVENT_TYPES.get(nested["type"]) if isinstance(nested["type"], str) else None
            if cls is None:
                raise InvalidEvent(
                    f"EntryRetracted.replacement has unknown event type {nested['type']!r}"
                )
            replacement = conv.structure(nested["event"], cls)
        retraction = plain_structure(data, EntryRetracted)
        return attrs.evolve(retraction, replacement=replacement)

    conv.register_unstructure_hook(EntryRetracted, unstructure)
    conv.register_structure_hook(EntryRetracted, structure)


@functools.cache
def _converter() -> cattrs.Converter:
    """The fast converter, built on first use (building it is most of importing this)."""
    return make_converter()


def canonical_json(data: object) -> str:
    """Serialise *data* canonically: sorted keys, no spaces, UTF-8 text kept as is."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _payload_json(data: dict[str, Any]) -> str:
    """:func:`canonical_json` of an unstructured event, with orjson when it is installed.

    An event's payload holds only objects with text keys, arrays, text, whole numbers,
    booleans and null (no event field is a float), for which orjson with sorted keys
    writes exactly the bytes of :func:`canonical_json` (tests/test_codec.py proves it).
    What orjson refuses (a whole number beyond 64 bits, a lone surrogate, a key that is
    not text) is written by the standard library, which says what is wrong.
    """
    if _orjson is not None:
        try:
            return _orjson.dumps(data, option=_SORT_KEYS).decode("utf-8")
        except (TypeError, ValueError):
            pass
    return canonical_json(data)


def _loads(payload: str) -> Any:
    """Parse JSON text, with orjson when it is installed (same values for valid JSON)."""
    if _orjson is not None:
        try:
            return _orjson.loads(payload)
        except ValueError:
            pass
    return json.loads(payload)


def encode(event: Event) -> tuple[str, int, str]:
    """Encode *event* as ``(type name, schema version, canonical JSON payload)``."""
    name = event_type(event)
    try:
        payload = _converter().unstructure(event, unstructure_as=type(event))
        return name, SCHEMA_VERSION, _payload_json(payload)
    except (TypeError, ValueError) as exc:
        raise InvalidEvent(f"{name} could not be encoded: {exc}") from exc


def encode_checked(event: Event) -> tuple[str, int, str]:
    """:func:`encode` of an event the append's read-back check passed (every value of
    exactly the type decoding builds, see :func:`govledger.codec_checks.checker`): the same
    bytes, its plain values built without the converter
    (:mod:`govledger.codec_unstructure`). Anything else goes through :func:`encode`."""
    plain = unstructurer(type(event))
    if plain is not None:
        try:
            return event_type(event), SCHEMA_VERSION, _payload_json(plain(event))
        except Exception:  # the converter below says what is wrong
            pass
    return encode(event)


def decode_trusted(
    type_name: str, schema_version: int, payload: str, *, upcasters: Upcasters | None = None
) -> Event:
    """Decode a payload the ledger itself wrote and sealed, without validating it again.

    Gives the event :func:`decode` gives (equal, of the same classes), faster: the
    payload is parsed with orjson when installed and the frozen objects are built
    directly (see :mod:`govledger.trusted`). Only for rows read from a ledger's own
    store: anything a user hands in, drafts, imports and other files go through
    :func:`decode`. A payload of an older schema version, or one that does not have
    exactly the shape this release writes, is decoded by :func:`decode`, which upcasts
    it (with *upcasters*, as there) or says what is wrong.
    """
    if schema_version == SCHEMA_VERSION:
        try:
            build = _TRUSTED[type_name]
        except KeyError:
            build = _trusted_builder(type_name)
        if build is not None:
            try:  # orjson's refusals (a number beyond 64 bits) go the validating way too
                event: Event = build(_fast_loads(payload))
                return event
            except Exception:  # the validating path below explains what is wrong
                pass
    return decode(type_name, schema_version, payload, upcasters=upcasters)


#: Each event type's trusted builder (``None``: it has none), by type name: one look-up
#: per decoded row.
_TRUSTED: dict[str, trusted.Builder | None] = {}

#: The JSON parser of the trusted path: orjson when it is installed.
_fast_loads: Callable[[str], Any] = json.loads if _orjson is None else _orjson.loads


def _trusted_builder(type_name: str) -> trusted.Builder | None:
    cls = EVENT_TYPES.get(type_name)
    build = None if cls is None else trusted.builder(cls)
    if cls is not None:
        _TRUSTED[type_name] = build
    return build


def decode(
    type_name: str,
    schema_version: int,
    payload: str | Mapping[str, Any],
    *,
    upcasters: Upcasters | None = None,
) -> Event:
    """Decode a stored payload back into its event, upcasting older versions.

    An older payload is brought up to date by *upcasters*, by default
    :func:`~govledger.upcasters.default_upcasters` (this release's schema history).
    Raises :class:`DecodeError` for an unknown type, a newer or unknown schema version,
    a version with no upcaster, or a payload that does not fit the event.
    """
    cls = EVENT_TYPES.get(type_name)
    if cls is None:
        raise DecodeError(
            f"unknown event type {type_name!r}: this ledger holds events from a newer or "
            "different govledger; upgrade govledger or register the type"
        )
    if not isinstance(schema_version, int) or schema_version < 1:
        raise DecodeError(f"{type_name}: schema version {schema_version!r} is not valid")
    if schema_version > SCHEMA_VERSION:
        raise DecodeError(
            f"{type_name} was written with schema version {schema_version}, newer than "
            f"this govledger's {SCHEMA_VERSION}; upgrade govledger to read it"
        )
    data = _parse(type_name, payload)
    data = (upcasters or default_upcasters()).upcast(type_name, schema_version, data)
    import cattrs

    try:
        return _converter().structure(data, cls)
    except GovLedgerError as exc:
        raise DecodeError(f"{type_name} payload is invalid: {exc}") from exc
    except (cattrs.BaseValidationError, TypeError, ValueError, KeyError, AttributeError) as exc:
        refused = exc
    try:  # structure it again with the converter that says where and why
        _detailed().structure(data, cls)
    except GovLedgerError as exc:
        raise DecodeError(f"{type_name} payload is invalid: {exc}") from exc
    except (cattrs.BaseValidationError, TypeError, ValueError, KeyError, AttributeError) as exc:
        raise DecodeError(f"{type_name} payload does not fit the event: {explain(exc)}") from exc
    raise DecodeError(  # only the fast converter's stricter list check refused it
        f"{type_name} payload does not fit the event: {explain(refused)}"
    ) from refused


@functools.cache
def _detailed() -> cattrs.Converter:
    return make_converter(detailed=True)


def _parse(type_name: str, payload: str | Mapping[str, Any]) -> dict[str, Any]:
    if isinstance(payload, Mapping):
        return dict(payload)
    if not isinstance(payload, str):
        raise DecodeError(f"{type_name} payload must be JSON text, not {type(payload).__name__}")
    try:
        data = _loads(payload)
    except (ValueError, RecursionError) as exc:
        raise DecodeError(f"{type_name} payload is not valid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise DecodeError(f"{type_name} payload must be a JSON object, not {type(data).__name__}")
    return data


def to_json(value: object) -> str:
    """One event as a self-describing JSON object (``type`` and ``schema_version`` inside).

    Any other govledger value (a :class:`~govledger.projections.PartnershipState`, one
    of its entries, a spell) is written as the canonical JSON of :func:`to_data`.
    """
    if not _is_event(value):
        return canonical_json(to_data(value))
    name, version, payload = encode(value)  # type: ignore[arg-type]  # checked above
    return canonical_json({"type": name, "schema_version": version, "event": json.loads(payload)})


def _is_event(value: object) -> bool:
    return type(value) in EVENT_TAGS


def _event_data(event: Any) -> dict[str, Any]:
    return {
        "type": event_type(event),
        "schema_version": SCHEMA_VERSION,
        "event": _converter().unstructure(event, unstructure_as=type(event)),
    }


def _is_event_union(kind: Any) -> bool:
    if typing.get_origin(kind) not in (typing.Union, types.UnionType):
        return False
    args = set(typing.get_args(kind)) - {type(None)}
    return args == set(EVENT_TYPES.values())


def _structure_event(value: Any, kind: Any) -> Event | None:
    if value is None and type(None) in typing.get_args(kind):
        return None
    if not isinstance(value, Mapping) or not {"type", "schema_version", "event"} <= value.keys():
        raise InvalidEvent("an event here is an object with 'type', 'schema_version' and 'event'")
    return decode(value["type"], value["schema_version"], value["event"])


def make_value_converter() -> cattrs.Converter:
    """Build the converter for states and other values: the events' shapes, and events
    inside a value written as :func:`to_json` writes them (``type``, ``schema_version``,
    ``event``)."""
    conv = make_converter()
    for cls in EVENT_TYPES.values():
        conv.register_unstructure_hook(cls, _event_data)
    conv.register_structure_hook_func(_is_event_union, _structure_event)
    # a pair such as a council view's (partnership, caveat) is a JSON array, not a tuple
    conv.register_unstructure_hook_factory(
        _is_fixed_tuple,
        lambda kind: (
            lambda value: [
                conv.unstructure(v, k) for v, k in zip(value, kind.__args__, strict=True)
            ]
        ),
    )
    # values a state derives from its data (a state's index of its parts) are not data
    conv.register_unstructure_hook_func(_derived, lambda _: None)
    conv.register_structure_hook_func(_derived, lambda _, __: None)
    return conv


def _is_fixed_tuple(kind: object) -> bool:
    """Whether *kind* is a tuple of fixed length and kinds, such as ``tuple[str, Caveat]``."""
    args = typing.get_args(kind)
    return typing.get_origin(kind) is tuple and bool(args) and Ellipsis not in args


def _derived(kind: object) -> bool:
    """Whether *kind* is a derived value: a class that sets ``DERIVED = True``."""
    return isinstance(kind, type) and getattr(kind, "DERIVED", False) is True


@functools.cache
def _values() -> cattrs.Converter:
    return make_value_converter()


def to_data(value: object) -> Any:
    """*value* as plain JSON-ready data: dicts, lists, text, numbers, booleans, ``None``.

    Works for every event (the object :func:`to_json` writes) and for every state value
    (``PartnershipState`` and its entries, changes and spells): ISO dates, periods as
    ``{"earliest", "latest", "words"}``, fractions as ``"1/2"``, enumerations by value,
    decision makers and authorities tagged with ``"type"`` as in stored events.

    >>> from govledger.events import ResolutionRef
    >>> to_data(ResolutionRef.parse("cdc-exec-118(3)"))
    {'resolution': 'cdc-exec-118', 'part': ['3']}
    """
    if _is_event(value):
        return _event_data(value)
    if not attrs.has(type(value)):
        raise InvalidEvent(
            f"{type(value).__name__} is neither a govledger event nor a govledger value "
            "(a state, an entry of one, a change); pass one of those"
        )
    try:
        return _values().unstructure(value)
    except (TypeError, ValueError) as exc:
        raise InvalidEvent(f"{type(value).__name__} could not be turned into data: {exc}") from exc


def from_data(data: Any, kind: type[_V]) -> _V:
    """Read a value of *kind* back from what :func:`to_data` made of it.

    Raises :class:`DecodeError` when *data* does not fit *kind*.
    """
    import cattrs

    try:
        return _values().structure(data, kind)
    except GovLedgerError as exc:
        raise DecodeError(f"{kind.__name__} data is invalid: {exc}") from exc
    except (cattrs.BaseValidationError, TypeError, ValueError, KeyError, AttributeError) as exc:
        raise DecodeError(f"{kind.__name__} data does not fit: {explain(exc)}") from exc


def from_json(text: str, *, upcasters: Upcasters | None = None) -> Event:
    """Read an event written by :func:`to_json` (an older one brought up to date by
    *upcasters*, as :func:`decode` does)."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise DecodeError(f"not valid JSON: {exc}") from exc
    if not isinstance(data, dict) or not {"type", "schema_version", "event"} <= data.keys():
        raise DecodeError("expected an object with 'type', 'schema_version' and 'event'")
    return decode(data["type"], data["schema_version"], data["event"], upcasters=upcasters)
