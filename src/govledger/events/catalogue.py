"""The catalogue as a whole: the ``Event`` union, the stored type tags (``EVENT_TYPES``,
``EVENT_TAGS``), and :class:`~govledger.events.EntryRetracted`, the correction that may
hold any event.

The event classes are named through their modules (``_partnership.PartnershipFormed``),
so that the one list of their names to import is the package's ``__init__``, which
re-exports them with everything else.
"""

from __future__ import annotations

from typing import Any, Final, TypeAlias, Union, cast

import attrs

from .. import _code
from ..errors import InvalidEvent
from . import arrangements as _arrangements
from . import partnership as _partnership
from . import resolutions as _resolutions
from ._base import _authorities, _Change, _Event
from ._validators import (
    _fail,
    _non_empty,
    _text,
    _to_tuple,
)
from .values import (
    Authority,
)

__all__ = [
    "EVENT_TAGS",
    "EVENT_TYPES",
    "EntryRetracted",
    "Event",
    "event_type",
    "is_change",
]


# --------------------------------------------------------------------------- corrections


def _position(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _fail(inst, attribute.name, f"must be a ledger position (int), not {value!r}")
    if value < 1:
        raise _fail(inst, attribute.name, f"must be a ledger position >= 1, not {value}")


def _replacement(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if type(value) not in EVENT_TAGS:
        raise _fail(inst, attribute.name, f"must be a govledger event or None, not {value!r}")
    value = cast("Event", value)
    if isinstance(value, EntryRetracted):
        raise _fail(
            inst,
            attribute.name,
            "cannot itself be a retraction: retract each wrong entry with its own EntryRetracted",
        )
    partnership = getattr(inst, "partnership", None)
    if value.partnership != partnership:
        raise _fail(
            inst,
            attribute.name,
            f"belongs to partnership {value.partnership!r}, not {partnership!r}: a "
            "correction replaces an entry within its own partnership",
        )


@attrs.frozen(kw_only=True, repr=False, eq=False)
class EntryRetracted(_Event):
    """An earlier ledger entry was wrong and is withdrawn; perhaps with the corrected entry.

    This corrects the *record*, not the decision: a council changing its mind is a new
    decision (a :class:`ResolutionPassed` and the changes it authorises). Minutes are
    typically corrected when the next meeting confirms them "subject to" amendments: a
    name removed from a recorded vote, a date put right. Such a correction cites the
    confirming resolution in ``authorised_by``.

    ``retracts`` is the ledger position of the wrong entry (``RecordedEvent.position``).
    From this entry's recording on, states leave the wrong entry out and fold
    ``replacement`` (if given) in its place, at the replacement's own effective date;
    questions asked *as known* before this entry still see the original. ``effective``
    is the day the correction was decided, for the record. When ``retracts`` names an
    earlier ``EntryRetracted`` that carried a replacement, it withdraws that
    replacement (the original stays withdrawn).
    """

    retracts: int = attrs.field(validator=_position)
    reason: str = attrs.field(validator=_text)
    authorised_by: tuple[Authority, ...] = attrs.field(
        converter=_to_tuple, validator=[_authorities, _non_empty]
    )
    replacement: Event | None = attrs.field(default=None, validator=_replacement)


# --------------------------------------------------------------------------- catalogue

Event: TypeAlias = Union[  # noqa: UP007
    _partnership.PartnershipFormed,
    _partnership.PartnershipDissolved,
    _partnership.MemberAdmitted,
    _partnership.MemberWithdrew,
    _partnership.MemberSucceeded,
    _partnership.BodyEstablished,
    _partnership.BodyDisbanded,
    _resolutions.ResolutionPassed,
    _resolutions.CallInRequested,
    _resolutions.CallInDetermined,
    _resolutions.ConditionSatisfied,
    _resolutions.ConditionLapsed,
    _resolutions.DelegatedDecisionTaken,
    _arrangements.ArrangementEstablished,
    _arrangements.ArrangementVaried,
    _arrangements.NoticeGiven,
    _arrangements.ArrangementDecoupled,
    _arrangements.ArrangementEnded,
    _arrangements.PostCreated,
    _arrangements.PostRetitled,
    _arrangements.PostHolderAppointed,
    _arrangements.PostVacated,
    _arrangements.PostTermExtended,
    _arrangements.PostDeleted,
    _arrangements.StatutoryRoleDesignated,
    _partnership.DelegationGranted,
    _partnership.DelegationRevoked,
    _arrangements.CostShareAgreed,
    _arrangements.ActionAssigned,
    _arrangements.ActionCompleted,
    EntryRetracted,
    _partnership.BodyTermsRevised,
    _partnership.BodyMemberAppointed,
    _partnership.BodyMemberLeft,
    _arrangements.EndingStageReached,
]


#: Every event class by its stored type tag. The tags are what the store holds, so they
#: are written out here, never taken from the class names: renaming a class keeps its tag.
EVENT_TYPES: Final[dict[str, type[Event]]] = {
    "PartnershipFormed": _partnership.PartnershipFormed,
    "PartnershipDissolved": _partnership.PartnershipDissolved,
    "MemberAdmitted": _partnership.MemberAdmitted,
    "MemberWithdrew": _partnership.MemberWithdrew,
    "MemberSucceeded": _partnership.MemberSucceeded,
    "BodyEstablished": _partnership.BodyEstablished,
    "BodyDisbanded": _partnership.BodyDisbanded,
    "ResolutionPassed": _resolutions.ResolutionPassed,
    "CallInRequested": _resolutions.CallInRequested,
    "CallInDetermined": _resolutions.CallInDetermined,
    "ConditionSatisfied": _resolutions.ConditionSatisfied,
    "ConditionLapsed": _resolutions.ConditionLapsed,
    "DelegatedDecisionTaken": _resolutions.DelegatedDecisionTaken,
    "ArrangementEstablished": _arrangements.ArrangementEstablished,
    "ArrangementVaried": _arrangements.ArrangementVaried,
    "NoticeGiven": _arrangements.NoticeGiven,
    "ArrangementDecoupled": _arrangements.ArrangementDecoupled,
    "ArrangementEnded": _arrangements.ArrangementEnded,
    "PostCreated": _arrangements.PostCreated,
    "PostRetitled": _arrangements.PostRetitled,
    "PostHolderAppointed": _arrangements.PostHolderAppointed,
    "PostVacated": _arrangements.PostVacated,
    "PostTermExtended": _arrangements.PostTermExtended,
    "PostDeleted": _arrangements.PostDeleted,
    "StatutoryRoleDesignated": _arrangements.StatutoryRoleDesignated,
    "DelegationGranted": _partnership.DelegationGranted,
    "DelegationRevoked": _partnership.DelegationRevoked,
    "CostShareAgreed": _arrangements.CostShareAgreed,
    "ActionAssigned": _arrangements.ActionAssigned,
    "ActionCompleted": _arrangements.ActionCompleted,
    "EntryRetracted": EntryRetracted,
    "BodyTermsRevised": _partnership.BodyTermsRevised,
    "BodyMemberAppointed": _partnership.BodyMemberAppointed,
    "BodyMemberLeft": _partnership.BodyMemberLeft,
    "EndingStageReached": _arrangements.EndingStageReached,
}


#: The stored type tag of each event class: the inverse of :data:`EVENT_TYPES`.
EVENT_TAGS: Final[dict[type[Event], str]] = {cls: tag for tag, cls in EVENT_TYPES.items()}


def event_type(event: object) -> str:
    """The stored type name of *event*; raises :class:`InvalidEvent` for a non-event."""
    tag = EVENT_TAGS.get(type(event))  # type: ignore[arg-type]  # any object may be asked
    if tag is None:
        raise InvalidEvent(
            f"{event!r} is not a govledger event; use one of the classes in govledger.events"
        )
    return tag


def is_change(event: Event) -> bool:
    """Whether *event* changes a partnership and so must name what authorised it."""
    return isinstance(event, _Change)


# Keep these last: every class above prints as the Python code that rebuilds it.
_code.install(globals(), __name__)
