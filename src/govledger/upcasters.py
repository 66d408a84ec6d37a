"""How a payload written by an older schema version is brought up to date.

Each upcaster turns a payload of one schema version into the next version's shape;
:func:`govledger.codec.decode` runs them, one version at a time, before it structures
the event.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .errors import DecodeError, InvalidEvent
from .events import EVENT_TYPES, EntryRetracted

__all__ = [
    "LEGACY_AGREEMENT_NOTE",
    "SCHEMA_VERSION",
    "Upcaster",
    "register_upcaster",
    "upcast",
]

#: Version of the payload schema written by this release.
#:
#: 2: changes may carry ``not_on_record`` and parts ``mirrors`` (both omitted from the
#: payload when empty). A version-1 partnership-level change is read with a
#: ``not_on_record`` caveat saying its councils' agreement was never checked, so a
#: ledger written by 0.1 answers as it did (see :mod:`govledger.agreement`).
SCHEMA_VERSION = 2

#: An upcaster turns a payload of one schema version into the next version's shape.
Upcaster = Callable[[dict[str, Any]], dict[str, Any]]

_UPCASTERS: dict[tuple[str, int], Upcaster] = {}


def upcast(type_name: str, version: int, data: dict[str, Any]) -> dict[str, Any]:
    while version < SCHEMA_VERSION:
        upcaster = _UPCASTERS.get((type_name, version))
        if upcaster is None:
            raise DecodeError(
                f"{type_name} schema version {version} has no upcaster to version "
                f"{version + 1}; register one with govledger.codec.register_upcaster"
            )
        data = upcaster(data)
        version += 1
    return data


def register_upcaster(type_name: str, from_version: int) -> Callable[[Upcaster], Upcaster]:
    """Register a function that upgrades *type_name* payloads from *from_version* by one.

    Registering a second upcaster for the same type and version runs both, in the
    order they were registered. Use it as a decorator::

        @register_upcaster("PostRetitled", 1)
        def _add_until(payload: dict[str, Any]) -> dict[str, Any]:
            return {**payload, "until": None}
    """
    if type_name not in EVENT_TYPES:
        raise InvalidEvent(f"cannot register an upcaster for unknown event type {type_name!r}")

    def register(func: Upcaster) -> Upcaster:
        earlier = _UPCASTERS.get((type_name, from_version))
        if earlier is None:
            _UPCASTERS[(type_name, from_version)] = func
        else:  # several changes in one version: run each, in the order registered

            def both(payload: dict[str, Any]) -> dict[str, Any]:
                return func(earlier(payload))

            _UPCASTERS[(type_name, from_version)] = both
        return func

    return register


# --------------------------------------------------------------------------- upcasters

#: The caveat a version-1 partnership-level change is read with.
LEGACY_AGREEMENT_NOTE = (
    "recorded by govledger 0.1, which did not check that every council party agreed; "
    "the other parties' decisions may not be on record"
)


def _legacy_agreement(payload: dict[str, Any]) -> dict[str, Any]:
    if payload.get("not_on_record"):
        return payload
    return {**payload, "not_on_record": [{"council": None, "note": LEGACY_AGREEMENT_NOTE}]}


def _unchanged(payload: dict[str, Any]) -> dict[str, Any]:
    return payload


def _legacy_retraction(payload: dict[str, Any]) -> dict[str, Any]:
    nested = payload.get("replacement")
    if not isinstance(nested, Mapping) or not isinstance(nested.get("event"), Mapping):
        return payload
    kind = nested.get("type")
    upcaster = _UPCASTERS.get((kind, 1)) if isinstance(kind, str) else None
    if upcaster is None:
        return payload
    return {**payload, "replacement": {**nested, "event": upcaster(dict(nested["event"]))}}


def _register_schema_2() -> None:
    from .agreement import PARTNERSHIP_LEVEL

    for name, cls in EVENT_TYPES.items():
        if cls is EntryRetracted:
            register_upcaster(name, 1)(_legacy_retraction)
        elif issubclass(cls, PARTNERSHIP_LEVEL):
            register_upcaster(name, 1)(_legacy_agreement)
        else:
            register_upcaster(name, 1)(_unchanged)


_register_schema_2()
