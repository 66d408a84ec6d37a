"""Events of the arrangements (shared services, their variations and endings), of posts
and statutory roles, of cost shares and of actions.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs

from .. import _code
from ..errors import InvalidEvent
from ._base import _authorities, _Change, _Event
from ._dated import _date_spec, _optional_date_spec
from ._validators import (
    _MAX_SLUG,
    _day,
    _fail,
    _instance,
    _items,
    _non_empty,
    _optional_day,
    _optional_slug,
    _optional_text,
    _slug,
    _slugs,
    _text,
    _to_tuple,
)
from .dates import DateSpec, describe, earliest
from .enums import (
    DesignatedRole,
    EndingStage,
    HolderBasis,
    Mechanism,
    ShareKind,
    StatutoryRole,
    VacancyReason,
    designated_role,
)
from .values import (
    Authority,
    Role,
    Share,
)

__all__ = [
    "ActionAssigned",
    "ActionCompleted",
    "ArrangementDecoupled",
    "ArrangementEnded",
    "ArrangementEstablished",
    "ArrangementVaried",
    "CostShareAgreed",
    "EndingStageReached",
    "NoticeGiven",
    "PostCreated",
    "PostDeleted",
    "PostHolderAppointed",
    "PostRetitled",
    "PostTermExtended",
    "PostVacated",
    "StatutoryRoleDesignated",
]


# --------------------------------------------------------------------------- arrangements


@attrs.frozen(kw_only=True, repr=False, eq=False)
class ArrangementEstablished(_Change):
    """Councils began running one or more services jointly under a legal mechanism."""

    arrangement: str = attrs.field(validator=_slug)
    name: str = attrs.field(validator=_text)
    services: tuple[str, ...] = attrs.field(converter=_to_tuple, validator=[_slugs, _non_empty])
    mechanism: Mechanism = attrs.field(validator=_instance(Mechanism))
    mechanism_detail: str | None = attrs.field(default=None, validator=_optional_text)
    lead: str | None = attrs.field(default=None, validator=_optional_slug)
    notice_period: str | None = attrs.field(default=None, validator=_optional_text)


@attrs.frozen(kw_only=True, repr=False, eq=False)
class ArrangementVaried(_Change):
    """An arrangement changed (mechanism, lead, services) without ending."""

    arrangement: str = attrs.field(validator=_slug)
    mechanism: Mechanism | None = attrs.field(
        default=None, validator=attrs.validators.optional(_instance(Mechanism))
    )
    mechanism_detail: str | None = attrs.field(default=None, validator=_optional_text)
    lead: str | None = attrs.field(default=None, validator=_optional_slug)
    services_added: tuple[str, ...] = attrs.field(default=(), converter=_to_tuple, validator=_slugs)
    services_removed: tuple[str, ...] = attrs.field(
        default=(), converter=_to_tuple, validator=_slugs
    )
    notice_period: str | None = attrs.field(default=None, validator=_optional_text)

    def __attrs_post_init__(self) -> None:
        if (
            self.mechanism is None
            and self.mechanism_detail is None
            and self.lead is None
            and not self.services_added
            and not self.services_removed
            and self.notice_period is None
        ):
            raise InvalidEvent(
                f"ArrangementVaried {self.arrangement!r} changes nothing; set the new "
                "mechanism, lead, services or notice period"
            )
        both = set(self.services_added) & set(self.services_removed)
        if both:
            raise InvalidEvent(f"ArrangementVaried both adds and removes {sorted(both)}")


@attrs.frozen(kw_only=True, repr=False, eq=False)
class NoticeGiven(_Change):
    """A member gave notice to end an arrangement; it stays in force until ``notice_ends``."""

    arrangement: str = attrs.field(validator=_slug)
    given_by: str = attrs.field(validator=_slug)
    notice_ends: date = attrs.field(validator=_day)

    def __attrs_post_init__(self) -> None:
        if self.notice_ends < earliest(self.effective):
            raise InvalidEvent(
                f"NoticeGiven on {self.arrangement!r}: the notice ends ({self.notice_ends}) "
                f"before it was given ({describe(self.effective)})"
            )


@attrs.frozen(kw_only=True, repr=False, eq=False)
class EndingStageReached(_Change):
    """A step towards ending an arrangement was taken, perhaps long before its end is known.

    "Agreed to give notice", "start the process of terminating", "activate the
    termination clause", notice given "subject to the notice period to be agreed":
    ``stage`` says which, ``by`` the councils taking it, ``words`` the record's own
    words. The arrangement stays in force; the state shows it as "ending: <stage>
    since <date>, no end date yet" until an end is recorded, by ``ends`` here or on a
    later stage, a :class:`NoticeGiven` or an :class:`ArrangementEnded`. With ``ends``
    the arrangement is under notice until that day and ended after it.
    """

    arrangement: str = attrs.field(validator=_slug)
    stage: EndingStage = attrs.field(validator=_instance(EndingStage))
    by: tuple[str, ...] = attrs.field(default=(), converter=_to_tuple, validator=_slugs)
    ends: date | None = attrs.field(default=None, validator=_optional_day)
    words: str | None = attrs.field(default=None, validator=_optional_text)

    def __attrs_post_init__(self) -> None:
        if self.ends is not None and self.ends < earliest(self.effective):
            raise InvalidEvent(
                f"EndingStageReached on {self.arrangement!r}: the end ({self.ends}) is "
                f"before the stage was reached ({describe(self.effective)})"
            )


@attrs.frozen(kw_only=True, repr=False, eq=False)
class ArrangementDecoupled(_Change):
    """Services stopped being run jointly: they left the arrangement.

    With ``services`` empty the whole arrangement is decoupled; otherwise only those
    services leave it, and it is decoupled when its last service leaves.
    """

    arrangement: str = attrs.field(validator=_slug)
    services: tuple[str, ...] = attrs.field(default=(), converter=_to_tuple, validator=_slugs)


@attrs.frozen(kw_only=True, repr=False, eq=False)
class ArrangementEnded(_Change):
    """The arrangement's agreement was ended (terminated, expired)."""

    arrangement: str = attrs.field(validator=_slug)
    reason: str | None = attrs.field(default=None, validator=_optional_text)


# --------------------------------------------------------------------------- posts


@attrs.frozen(kw_only=True, repr=False, eq=False)
class PostCreated(_Change):
    """A post was created, perhaps shared between councils."""

    post: str = attrs.field(validator=_slug)
    title: str = attrs.field(validator=_text)
    employer: str | None = attrs.field(default=None, validator=_optional_slug)
    shared_by: tuple[str, ...] = attrs.field(default=(), converter=_to_tuple, validator=_slugs)


@attrs.frozen(kw_only=True, repr=False, eq=False)
class PostRetitled(_Change):
    """A post's title changed, perhaps only ``until`` a date (then it reverts)."""

    post: str = attrs.field(validator=_slug)
    previous_title: str = attrs.field(validator=_text)
    new_title: str = attrs.field(validator=_text)
    until: DateSpec | None = attrs.field(default=None, validator=_optional_date_spec)


@attrs.frozen(kw_only=True, repr=False, eq=False)
class PostHolderAppointed(_Change):
    """Someone took up a post: substantive, acting, interim or seconded."""

    post: str = attrs.field(validator=_slug)
    basis: HolderBasis = attrs.field(validator=_instance(HolderBasis))
    holder: str | None = attrs.field(default=None, validator=_optional_text)
    employer: str | None = attrs.field(default=None, validator=_optional_slug)
    term_ends: DateSpec | None = attrs.field(default=None, validator=_optional_date_spec)


@attrs.frozen(kw_only=True, repr=False, eq=False)
class PostVacated(_Change):
    """The holder left the post; the post remains."""

    post: str = attrs.field(validator=_slug)
    reason: VacancyReason = attrs.field(validator=_instance(VacancyReason))


@attrs.frozen(kw_only=True, repr=False, eq=False)
class PostTermExtended(_Change):
    """The holder's term (a secondment, an interim appointment) was extended."""

    post: str = attrs.field(validator=_slug)
    term_ends: DateSpec = attrs.field(validator=_date_spec)


@attrs.frozen(kw_only=True, repr=False, eq=False)
class PostDeleted(_Change):
    """The post was deleted from the establishment."""

    post: str = attrs.field(validator=_slug)


def _designated_role(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, StatutoryRole):
        return
    _text(inst, attribute, value)
    if len(str(value)) > _MAX_SLUG:
        raise _fail(inst, attribute.name, f"is longer than {_MAX_SLUG} characters")


@attrs.frozen(kw_only=True, repr=False, eq=False)
class StatutoryRoleDesignated(_Change):
    """A council designated its own officer for a role (head of paid service, ...).

    ``role`` is a :class:`StatutoryRole` for the three statutory designations, or
    any role as the record names it ("Returning Officer", "Deputy Electoral
    Registration Officer"); text naming a statutory role becomes its constant.
    """

    council: str = attrs.field(validator=_slug)
    role: DesignatedRole = attrs.field(converter=designated_role, validator=_designated_role)
    post: str | None = attrs.field(default=None, validator=_optional_slug)
    person: str | None = attrs.field(default=None, validator=_optional_text)

    def __attrs_post_init__(self) -> None:
        if self.post is None and self.person is None:
            raise InvalidEvent(
                "StatutoryRoleDesignated must name the post or the person designated"
            )


# --------------------------------------------------------------------------- money, actions


@attrs.frozen(kw_only=True, repr=False, eq=False)
class CostShareAgreed(_Change):
    """Costs (or savings, contributions) for a scope are shared in exact proportions.

    A newer agreement for the same ``scope`` supersedes the older from its effective date.
    """

    scope: str = attrs.field(validator=_slug)
    description: str = attrs.field(validator=_text)
    shares: tuple[Share, ...] = attrs.field(
        converter=_to_tuple, validator=[_items(Share), _non_empty]
    )
    kind: ShareKind = attrs.field(default=ShareKind.COSTS, validator=_instance(ShareKind))


@attrs.frozen(kw_only=True, repr=False, eq=False)
class ActionAssigned(_Change):
    """Someone was tasked to do something, perhaps by a due date ("by the first week of ...")."""

    action: str = attrs.field(validator=_slug)
    description: str = attrs.field(validator=_text)
    assignee: Role | None = attrs.field(
        default=None, validator=attrs.validators.optional(_instance(Role))
    )
    due: DateSpec | None = attrs.field(default=None, validator=_optional_date_spec)


@attrs.frozen(kw_only=True, repr=False, eq=False)
class ActionCompleted(_Event):
    """An assigned action was done."""

    action: str = attrs.field(validator=_slug)
    evidence: str | None = attrs.field(default=None, validator=_optional_text)
    authorised_by: tuple[Authority, ...] = attrs.field(
        default=(), converter=_to_tuple, validator=_authorities
    )


# Keep these last: every class above prints as the Python code that rebuilds it.
_code.install(globals(), __name__)
