"""The JSON the commands print, from one converter over the state types.

Every field of a state type (:class:`~govledger.projections.PartnershipState` and its
entries, the :class:`~govledger.council.CouncilView`, a
:class:`~govledger.changes.Change`) reaches ``--json`` through the converter of
:func:`govledger.codec.to_data`, in the shapes it gives: a field added to a state type
is printed with no edit here. This module adds only what a list of fields cannot say:

- :data:`DERIVED`, the few properties a type's JSON carries after its fields (whether
  a body is active, a delegation in force on the day asked about ...);
- :data:`SPREAD`, the council view's entries whose state is spread into the entry, so
  that each has the shape the same thing has in ``state --json``;
- the recorded ``formed`` and ``dissolved`` (a period stays a period), and a recorded
  event's own event spread beside where the ledger holds it.

Values a state derives from its data (its index of parts) are left out.
"""

from __future__ import annotations

import functools
import typing
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import attrs

from .. import codec
from ..changes import Change, PartnershipFacts
from ..council import (
    CouncilArrangement,
    CouncilCostShare,
    CouncilDelegation,
    CouncilPending,
    CouncilPost,
    CouncilView,
)
from ..events import DateSpec
from ..ledger import RecordedEvent
from ..partstate import StateData
from ..projections import (
    ActionState,
    ArrangementState,
    BodyState,
    DelegationState,
    PartnershipState,
    PostState,
    ResolutionState,
)
from ..wording import summarise

if TYPE_CHECKING:
    import cattrs

__all__ = [
    "DERIVED",
    "SPREAD",
    "change_to_json",
    "council_to_json",
    "day_json",
    "recorded_event_to_json",
    "sections",
    "state_to_json",
    "to_json_data",
    "when_json",
]

#: How a derived value is read: from the value and the day the answer is for.
Derive = Callable[[Any, date], object]


def _property(name: str) -> Derive:
    def read(value: Any, _: date) -> object:
        return getattr(value, name)

    read.__name__ = name
    return read


def _in_force(delegation: DelegationState, on: date) -> bool:
    return delegation.in_force_on(on)


def _shared_services(state: PartnershipState, _: date) -> list[str]:
    return sorted(state.shared_services)


#: What a type's JSON carries after its fields: values derived from them, by key. The
#: fields themselves need no entry: the converter writes every one.
DERIVED: Mapping[type, Mapping[str, Derive]] = {
    PartnershipState: {"exists": _property("exists"), "shared_services": _shared_services},
    BodyState: {"active": _property("active")},
    ArrangementState: {
        "in_force": _property("in_force"),
        "ending_words": _property("ending_words"),
    },
    PostState: {"active": _property("active")},
    ResolutionState: {"decided_words": _property("decided_words")},
    ActionState: {"outstanding": _property("outstanding")},
    DelegationState: {"in_force": _in_force},  # on the day the answer is for
    CouncilArrangement: {"leads": _property("lead")},
    CouncilPending: {"awaits_this_council": _property("awaits_this_council")},
}

#: A council view's entry types, and the field holding the state whose JSON is spread
#: into the entry after the entry's own fields.
SPREAD: Mapping[type, str] = {
    CouncilArrangement: "arrangement",
    CouncilPost: "post",
    CouncilDelegation: "delegation",
    CouncilCostShare: "cost_share",
    CouncilPending: "pending",
}

#: The day the value being converted is answered for (a delegation's ``in_force``).
_ON: ContextVar[date] = ContextVar("govledger_cli_on")


def _is_state_type(kind: object) -> bool:
    return isinstance(kind, type) and issubclass(kind, StateData) and attrs.has(kind)


def _derived_type(kind: object) -> bool:
    """A field of a value derived from the state's data (``DERIVED = True``), never data."""
    args = getattr(kind, "__args__", None) or (kind,)
    return any(getattr(arg, "DERIVED", False) is True for arg in args)


def _state_hook(cls: type, conv: cattrs.Converter) -> Callable[[Any], dict[str, Any]]:
    """Every field of *cls* as the converter writes it, then its :data:`DERIVED` values."""
    from cattrs.gen import make_dict_unstructure_fn, override

    attrs.resolve_types(cls)
    left_out: dict[str, Any] = {
        f.name: override(omit=True) for f in attrs.fields(cls) if _derived_type(f.type)
    }
    fields: Callable[[Any], dict[str, Any]] = make_dict_unstructure_fn(cls, conv, **left_out)
    derived = DERIVED.get(cls, {})
    spread = SPREAD.get(cls)

    def unstructure(value: Any) -> dict[str, Any]:
        data: dict[str, Any] = fields(value)
        if derived:
            on = _ON.get()
            for key, derive in derived.items():
                data[key] = conv.unstructure(derive(value, on))
        if spread is not None:
            inner = data.pop(spread)
            data.update(inner)
        return data

    return unstructure


@functools.cache
def _converter() -> cattrs.Converter:
    conv = codec.make_value_converter()
    conv.register_unstructure_hook(datetime, datetime.isoformat)
    conv.register_unstructure_hook_factory(_is_state_type, lambda cls: _state_hook(cls, conv))
    return conv


def to_json_data(value: object, *, on: date) -> Any:
    """*value* (a state type, a council view, a change, a recorded event) as the
    commands print it, answered for the day *on*: ISO dates, fractions as ``"1/2"``,
    enumerations by value, events and values from events as :mod:`govledger.codec`
    writes them."""
    token = _ON.set(on)
    try:
        return _converter().unstructure(value)
    finally:
        _ON.reset(token)


def sections(cls: type) -> tuple[str, ...]:
    """The fields of *cls* that are lists (a state's members, bodies ...): the rows of
    its ``--csv`` and ``--nl``, in field order."""
    hints = typing.get_type_hints(cls)
    return tuple(
        f.name
        for f in attrs.fields(cls)
        if typing.get_origin(hints[f.name]) is tuple and ... in typing.get_args(hints[f.name])
    )


# --------------------------------------------------------------------------- values


def when_json(value: DateSpec | None) -> Any:
    """``"2022-08-31"``, or a period ``{"earliest", "latest", "words"}``, or ``None``."""
    return None if value is None else _converter().unstructure(value)


def day_json(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _happened(day: date | None, recorded: DateSpec | None) -> Any:
    """*day* (a state's date), or the period it was recorded as, the same shape everywhere."""
    if day is None:
        return None
    return when_json(recorded if recorded is not None else day)


# --------------------------------------------------------------------------- answers


def state_to_json(
    state: PartnershipState,
    *,
    formed: DateSpec | None = None,
    dissolved: DateSpec | None = None,
) -> dict[str, Any]:
    """*state* as plain JSON data: every field, then ``exists`` and ``shared_services``.

    Values that come from events (authorities, roles, periods, shares) have the same
    shape as in :func:`govledger.codec.to_json`. ``formed`` and ``dissolved`` are the
    recorded dates (pass *formed*/*dissolved*, the events' ``effective``, to keep a
    stated period as a period, as ``partnerships`` does) once they have happened on
    ``as_of``. ``docs/cli.md`` documents every key.
    """
    data: dict[str, Any] = to_json_data(state, on=state.as_of)
    data["formed"] = _happened(state.formed, formed)
    data["dissolved"] = _happened(state.dissolved, dissolved)
    return data


def change_to_json(
    change: Change, recorded: Mapping[str, DateSpec | None] | None = None
) -> dict[str, Any]:
    """One :class:`~govledger.changes.Change` as plain JSON data; its ``before`` and
    ``after`` in the shapes of ``state --json``, on the change's day.

    *recorded* holds the partnership's ``formed`` and ``dissolved`` dates as recorded
    (:func:`~govledger.cli.commands.partnership_dates`), so that a period stays a period
    as in ``state --json``.
    """
    recorded = recorded or {}
    data: dict[str, Any] = to_json_data(change, on=change.on)
    for side in ("before", "after"):
        facts = getattr(change, side)
        if isinstance(facts, PartnershipFacts):
            for key in ("formed", "dissolved"):
                data[side][key] = _happened(getattr(facts, key), recorded.get(key))
    return data


def council_to_json(view: CouncilView) -> dict[str, Any]:
    """*view* as plain JSON data; each entry names its ``partnership`` first.

    The entries have the shapes of ``state --json`` (an arrangement, a post, a
    delegation, a cost share, a pending decision) after what relates them to the
    council: ``leads``, ``shares``/``employs``, ``delegate``/``consultee``, its
    ``share`` (``"1/2"``) and ``awaits_this_council``.
    """
    data: dict[str, Any] = to_json_data(view, on=view.as_of)
    data["caveats"] = [{"partnership": p, **caveat} for p, caveat in data["caveats"]]
    return data


def recorded_event_to_json(record: RecordedEvent) -> dict[str, Any]:
    """One recorded event: where and when the ledger holds it, and the event itself
    (``type``, ``schema_version``, ``event``) as :func:`govledger.codec.to_json` writes it."""
    data: dict[str, Any] = to_json_data(record, on=record.recorded_at.date())
    data.update(data.pop("event"))
    data["summary"] = summarise(record.event)
    return data
