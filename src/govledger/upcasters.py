"""How a payload written by an older schema version is brought up to date.

An :class:`Upcasters` value holds the steps, one function per (event type, schema
version), each turning a payload of that version into the next version's shape.
:func:`govledger.codec.decode` runs them, one version at a time, before it structures
the event. It is a value, not a registry: :data:`UPCASTERS`, this release's schema
history, is built once on import, and a caller with other needs passes its own::

    mine = UPCASTERS.with_step("PostRetitled", 1, add_until)
    decode("PostRetitled", 1, payload, upcasters=mine)

Nothing global changes, so two callers with different steps never see each other's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

import attrs

from .errors import DecodeError, InvalidEvent
from .events import EVENT_TAGS, EVENT_TYPES, EntryRetracted

__all__ = [
    "LEGACY_AGREEMENT_NOTE",
    "SCHEMA_VERSION",
    "UPCASTERS",
    "Upcaster",
    "Upcasters",
    "default_upcasters",
    "register_upcaster",
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

#: Where a retraction carries the event that replaces it (written at its own version).
_RETRACTION = EVENT_TAGS[EntryRetracted]


def _steps(value: Mapping[tuple[str, int], Upcaster]) -> Mapping[tuple[str, int], Upcaster]:
    for type_name, from_version in value:
        _check_step(type_name, from_version)
    return MappingProxyType(dict(value))


def _check_step(type_name: str, from_version: int) -> None:
    if type_name not in EVENT_TYPES:
        raise InvalidEvent(f"cannot register an upcaster for unknown event type {type_name!r}")
    if type(from_version) is not int or not 1 <= from_version < SCHEMA_VERSION:
        raise InvalidEvent(
            f"an upcaster for {type_name} must start from a schema version between 1 and "
            f"{SCHEMA_VERSION - 1} (this release writes {SCHEMA_VERSION}), not {from_version!r}"
        )


@attrs.frozen(eq=False)
class Upcasters:
    """The steps that bring payloads of older schema versions up to :data:`SCHEMA_VERSION`.

    *steps* maps ``(event type, from version)`` to the function that turns such a
    payload into the next version's shape. Immutable: :meth:`with_step` gives a new
    value. A retraction's replacement is written at the retraction's version, so each
    step of an ``EntryRetracted`` payload also brings its replacement up, by the step
    for the replacement's own type.
    """

    steps: Mapping[tuple[str, int], Upcaster] = attrs.field(factory=dict, converter=_steps)

    def with_step(self, type_name: str, from_version: int, step: Upcaster) -> Upcasters:
        """These steps, and *step* for *type_name* payloads of *from_version*.

        Where a step for that type and version is already there, both run: the one
        already there first, then *step* (several changes in one version).
        """
        _check_step(type_name, from_version)
        key = (type_name, from_version)
        earlier = self.steps.get(key)
        if earlier is None:
            return Upcasters({**self.steps, key: step})
        first = earlier

        def both(payload: dict[str, Any]) -> dict[str, Any]:
            return step(first(payload))

        return Upcasters({**self.steps, key: both})

    def upcast(self, type_name: str, version: int, data: dict[str, Any]) -> dict[str, Any]:
        """*data*, a *type_name* payload of schema *version*, in this release's shape.

        Raises :class:`DecodeError` if a version on the way has no step.
        """
        while version < SCHEMA_VERSION:
            step = self.steps.get((type_name, version))
            if step is None:
                raise DecodeError(
                    f"{type_name} schema version {version} has no upcaster to version "
                    f"{version + 1}; pass decode an Upcasters with one "
                    "(govledger.upcasters.UPCASTERS.with_step)"
                )
            data = step(data)
            if type_name == _RETRACTION:
                data = self._replacement_up(data, version)
            version += 1
        return data

    def _replacement_up(self, payload: dict[str, Any], version: int) -> dict[str, Any]:
        nested = payload.get("replacement")
        if not isinstance(nested, Mapping) or not isinstance(nested.get("event"), Mapping):
            return payload
        kind = nested.get("type")
        step = self.steps.get((kind, version)) if isinstance(kind, str) else None
        if step is None:  # an unknown type: structuring the retraction says so
            return payload
        return {**payload, "replacement": {**nested, "event": step(dict(nested["event"]))}}


# --------------------------------------------------------------------------- schema 2

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


def _schema_2() -> Upcasters:
    """Version 1 to 2: partnership-level changes gain the caveat; nothing else changes."""
    from .agreement import PARTNERSHIP_LEVEL

    return Upcasters(
        {
            (name, 1): _legacy_agreement if issubclass(cls, PARTNERSHIP_LEVEL) else _unchanged
            for name, cls in EVENT_TYPES.items()
        }
    )


#: This release's schema history: what :func:`~govledger.codec.decode` uses when it is
#: given no other :class:`Upcasters`. Built once, on import.
UPCASTERS: Upcasters = _schema_2()

_default = UPCASTERS


def default_upcasters() -> Upcasters:
    """What decode uses when it is given none: :data:`UPCASTERS`, plus any step added
    through :func:`register_upcaster`."""
    return _default


def register_upcaster(type_name: str, from_version: int) -> Callable[[Upcaster], Upcaster]:
    """Add a step to the default upcasters, for code written before :class:`Upcasters`.

    This changes what every caller in the process decodes; prefer building a value
    (``UPCASTERS.with_step(...)``) and passing it as ``upcasters=``. Registering a
    second upcaster for the same type and version runs both, in the order they were
    registered. Use it as a decorator::

        @register_upcaster("PostRetitled", 1)
        def _add_until(payload: dict[str, Any]) -> dict[str, Any]:
            return {**payload, "until": None}
    """
    _check_step(type_name, from_version)

    def register(func: Upcaster) -> Upcaster:
        global _default
        _default = _default.with_step(type_name, from_version, func)
        return func

    return register
