"""Looking up what an event names in the recorded world, refusing what is not there.

Shared by :mod:`govledger.rules.checks` and :mod:`govledger.rules.authority`: each
raises the :class:`~govledger.errors.RuleViolation` a reader of the event needs.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TypeVar

from ..errors import (
    AlreadyDecoupled,
    ArrangementClosed,
    BodyDisbandedError,
    DuplicateId,
    InvalidTransition,
    NotAMember,
    UnknownReference,
)
from ..events import Event, Role, certain_from
from ..projections import ArrangementState, ArrangementStatus, Fold, PostState, settle_arrangement

_T = TypeVar("_T")


def unique(key: str, table: Mapping[str, object], kind: str, event: Event) -> None:
    if key in table:
        raise DuplicateId(
            f"a {kind} with id {key!r} already exists in {event.partnership!r}; choose another id",
            event=event,
        )


def known(key: str, table: dict[str, _T], kind: str, event: Event) -> _T:
    found = table.get(key)
    if found is None:
        listed = ", ".join(sorted(table)) or "none"
        raise UnknownReference(
            f"no {kind} {key!r} exists in {event.partnership!r} on "
            f"{certain_from(event.effective)} (known: {listed})",
            event=event,
        )
    return found


def member(fold: Fold, council: str, event: Event) -> None:
    if council not in fold.members:
        members = ", ".join(sorted(fold.members)) or "none"
        raise NotAMember(
            f"{council!r} is not a member of {event.partnership!r} on "
            f"{certain_from(event.effective)} (members: {members}); record MemberAdmitted "
            "first or correct the council id",
            event=event,
        )


def role(fold: Fold, role: Role, event: Event) -> None:
    if role.organisation:
        return  # an organisation consulted may be outside the partnership
    if role.council is not None and role.council not in fold.members:
        member(fold, role.council, event)
    if role.post is not None:
        known(role.post, fold.posts, "post", event)


def active_post(fold: Fold, post: str, event: Event) -> PostState:
    found = known(post, fold.posts, "post", event)
    if found.deleted is not None:
        raise InvalidTransition(f"post {post!r} was deleted on {found.deleted}", event=event)
    return found


def active_body(fold: Fold, body: str, day: date, event: Event) -> None:
    found = known(body, fold.bodies, "body", event)
    if found.disbanded is not None and found.disbanded <= day:
        raise BodyDisbandedError(f"body {body!r} was disbanded on {found.disbanded}", event=event)


def open_arrangement(fold: Fold, arrangement: str, day: date, event: Event) -> ArrangementState:
    found = settle_arrangement(known(arrangement, fold.arrangements, "arrangement", event), day)
    if found.status is ArrangementStatus.DECOUPLED:
        raise AlreadyDecoupled(
            f"arrangement {arrangement!r} was already decoupled on {found.closed_on}; record "
            "an ArrangementEstablished (with a new id) to start joint working again",
            event=event,
        )
    if found.status is ArrangementStatus.ENDED:
        raise ArrangementClosed(
            f"arrangement {arrangement!r} ended on {found.closed_on}; record an "
            "ArrangementEstablished (with a new id) to start joint working again",
            event=event,
        )
    return found
