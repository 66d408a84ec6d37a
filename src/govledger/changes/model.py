"""The vocabulary of changes: what kind, to which entity, and the change itself."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from enum import StrEnum
from typing import TypeAlias

import attrs

from .. import _code
from ..errors import UsageError
from ..events import (
    Authority,
)
from ..partstate import StateData
from ..projections import (
    ActionState,
    ArrangementState,
    BodyState,
    CostShare,
    DelegationState,
    Designation,
    Membership,
    PostState,
)

ONE_DAY = timedelta(days=1)


# --------------------------------------------------------------------------- the vocabulary


class ChangeKind(StrEnum):
    """The kinds of change a reader of the minutes cares about, one per kind of step."""

    PARTNERSHIP_FORMED = "partnership_formed"
    PARTNERSHIP_RENAMED = "partnership_renamed"
    PARTNERSHIP_DISSOLVED = "partnership_dissolved"
    MEMBER_JOINED = "member_joined"
    MEMBER_LEFT = "member_left"
    MEMBER_SUCCEEDED = "member_succeeded"  # left, replaced by a successor authority
    BODY_ESTABLISHED = "body_established"
    BODY_DISBANDED = "body_disbanded"
    BODY_TERMS_REVISED = "body_terms_revised"
    BODY_MEMBERS_CHANGED = "body_members_changed"  # appointed, left, or a new chair
    ARRANGEMENT_ESTABLISHED = "arrangement_established"
    ARRANGEMENT_VARIED = "arrangement_varied"  # mechanism, lead, services, notice period
    NOTICE_GIVEN = "notice_given"
    ENDING_STAGE = "ending_stage"  # a step towards ending it, perhaps with no end date yet
    ARRANGEMENT_DECOUPLED = "arrangement_decoupled"  # services leaving (perhaps the last)
    ARRANGEMENT_ENDED = "arrangement_ended"  # ended, or its notice ran out
    POST_CREATED = "post_created"
    POST_RETITLED = "post_retitled"
    TITLE_REVERTED = "title_reverted"  # a title held ``until`` a date ran out
    HOLDER_APPOINTED = "holder_appointed"
    POST_VACATED = "post_vacated"
    TERM_EXTENDED = "term_extended"
    TERM_EXPIRED = "term_expired"
    POST_DELETED = "post_deleted"
    ROLE_DESIGNATED = "role_designated"
    DELEGATION_GRANTED = "delegation_granted"
    DELEGATION_EXERCISED = "delegation_exercised"
    DELEGATION_REVOKED = "delegation_revoked"
    DELEGATION_EXPIRED = "delegation_expired"
    COST_SHARE_AGREED = "cost_share_agreed"
    COST_SHARE_CHANGED = "cost_share_changed"
    ACTION_ASSIGNED = "action_assigned"
    ACTION_COMPLETED = "action_completed"
    AMENDED = "amended"  # recorded details changed in a way none of the above describes


class EntityType(StrEnum):
    """The kinds of entity a change acts on: one per entity collection of a state."""

    PARTNERSHIP = "partnership"
    MEMBER = "member"
    BODY = "body"
    ARRANGEMENT = "arrangement"
    POST = "post"
    DESIGNATION = "designation"
    DELEGATION = "delegation"
    COST_SHARE = "cost_share"
    ACTION = "action"


@attrs.frozen(kw_only=True, eq=False)
class PartnershipFacts(StateData):
    """The partnership's own facts, as a change to the partnership sees them."""

    partnership: str
    name: str | None = None
    formed: date | None = None
    dissolved: date | None = None


#: What ``Change.before`` and ``Change.after`` hold: the entity's frozen state.
EntityState: TypeAlias = (
    PartnershipFacts
    | Membership
    | BodyState
    | ArrangementState
    | PostState
    | Designation
    | DelegationState
    | CostShare
    | ActionState
)


@attrs.frozen(kw_only=True, eq=False)
class Change(StateData):
    """One dated change to one entity of a partnership.

    ``entity`` is the entity's id: a council slug for a member, a post id, an
    arrangement id, ``"<council>/<role>"`` for a statutory designation, the partnership
    id for the partnership itself. ``before`` and ``after`` are the entity's frozen
    state the day before and on ``on`` (``None`` when it did not exist, or is no longer
    recorded). When one day changes several aspects of one entity (a post created and
    filled the same day) there is one change per aspect, and they share ``before`` and
    ``after``. A member who leaves moves to the former members: ``after`` then has
    ``until`` set.

    ``authorised_by`` cites what authorised the change: the resolution parts (or outside
    documents) of the events behind it, or, for a change by the passage of time
    (``by_time``), of the decision that set the date.
    """

    kind: ChangeKind
    entity_type: EntityType
    entity: str
    on: date
    authorised_by: tuple[Authority, ...]
    before: EntityState | None
    after: EntityState | None
    description: str
    by_time: bool = False

    def __str__(self) -> str:
        return f"{self.on.isoformat()}: {self.description}"


def checked_day(name: str, value: object) -> date:
    if not isinstance(value, date) or type(value).__name__ == "datetime":
        raise UsageError(
            f"{name} must be a datetime.date, not {type(value).__name__}; "
            "pass a day such as date(2022, 9, 1)"
        )
    return value


def distinct(authorities: Iterable[Authority]) -> tuple[Authority, ...]:
    return tuple(dict.fromkeys(authorities))


_code.share_equalities(globals(), __name__)
