"""The catalogue as a whole: the ``Event`` union, the stored type tags (``EVENT_TYPES``,
``EVENT_TAGS``), and :class:`~govledger.events.EntryRetracted`, the correction that may
hold any event.
"""

from __future__ import annotations

from typing import Any, Final, TypeAlias, Union, cast

import attrs

from .. import _code
from ..errors import InvalidEvent
from ._base import _authorities, _Change, _Event
from ._validators import (
    _fail,
    _non_empty,
    _text,
    _to_tuple,
)
from .arrangements import (
    ActionAssigned,
    ActionCompleted,
    ArrangementDecoupled,
    ArrangementEnded,
    ArrangementEstablished,
    ArrangementVaried,
    CostShareAgreed,
    EndingStageReached,
    NoticeGiven,
    PostCreated,
    PostDeleted,
    PostHolderAppointed,
    PostRetitled,
    PostTermExtended,
    PostVacated,
    StatutoryRoleDesignated,
)
from .partnership import (
    BodyDisbanded,
    BodyEstablished,
    BodyMemberAppointed,
    BodyMemberLeft,
    BodyTermsRevised,
    DelegationGranted,
    DelegationRevoked,
    MemberAdmitted,
    MemberSucceeded,
    MemberWithdrew,
    PartnershipDissolved,
    PartnershipFormed,
)
from .resolutions import (
    CallInDetermined,
    CallInRequested,
    ConditionLapsed,
    ConditionSatisfied,
    DelegatedDecisionTaken,
    ResolutionPassed,
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


@attrs.frozen(kw_only=True)
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
    PartnershipFormed,
    PartnershipDissolved,
    MemberAdmitted,
    MemberWithdrew,
    MemberSucceeded,
    BodyEstablished,
    BodyDisbanded,
    ResolutionPassed,
    CallInRequested,
    CallInDetermined,
    ConditionSatisfied,
    ConditionLapsed,
    DelegatedDecisionTaken,
    ArrangementEstablished,
    ArrangementVaried,
    NoticeGiven,
    ArrangementDecoupled,
    ArrangementEnded,
    PostCreated,
    PostRetitled,
    PostHolderAppointed,
    PostVacated,
    PostTermExtended,
    PostDeleted,
    StatutoryRoleDesignated,
    DelegationGranted,
    DelegationRevoked,
    CostShareAgreed,
    ActionAssigned,
    ActionCompleted,
    EntryRetracted,
    BodyTermsRevised,
    BodyMemberAppointed,
    BodyMemberLeft,
    EndingStageReached,
]


#: Every event class by its stored type tag. The tags are what the store holds, so they
#: are written out here, never taken from the class names: renaming a class keeps its tag.
EVENT_TYPES: Final[dict[str, type[Event]]] = {
    "PartnershipFormed": PartnershipFormed,
    "PartnershipDissolved": PartnershipDissolved,
    "MemberAdmitted": MemberAdmitted,
    "MemberWithdrew": MemberWithdrew,
    "MemberSucceeded": MemberSucceeded,
    "BodyEstablished": BodyEstablished,
    "BodyDisbanded": BodyDisbanded,
    "ResolutionPassed": ResolutionPassed,
    "CallInRequested": CallInRequested,
    "CallInDetermined": CallInDetermined,
    "ConditionSatisfied": ConditionSatisfied,
    "ConditionLapsed": ConditionLapsed,
    "DelegatedDecisionTaken": DelegatedDecisionTaken,
    "ArrangementEstablished": ArrangementEstablished,
    "ArrangementVaried": ArrangementVaried,
    "NoticeGiven": NoticeGiven,
    "ArrangementDecoupled": ArrangementDecoupled,
    "ArrangementEnded": ArrangementEnded,
    "PostCreated": PostCreated,
    "PostRetitled": PostRetitled,
    "PostHolderAppointed": PostHolderAppointed,
    "PostVacated": PostVacated,
    "PostTermExtended": PostTermExtended,
    "PostDeleted": PostDeleted,
    "StatutoryRoleDesignated": StatutoryRoleDesignated,
    "DelegationGranted": DelegationGranted,
    "DelegationRevoked": DelegationRevoked,
    "CostShareAgreed": CostShareAgreed,
    "ActionAssigned": ActionAssigned,
    "ActionCompleted": ActionCompleted,
    "EntryRetracted": EntryRetracted,
    "BodyTermsRevised": BodyTermsRevised,
    "BodyMemberAppointed": BodyMemberAppointed,
    "BodyMemberLeft": BodyMemberLeft,
    "EndingStageReached": EndingStageReached,
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
