"""What a change acts on: whether that entity exists yet, and whether it has closed.

A change waits until the post, arrangement, body or delegation it acts on is in force
(:func:`target_missing`), and can never take effect once that entity has closed
(:func:`target_closed`): an arrangement ended by notice, a post deleted.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import TYPE_CHECKING

from ..events import (
    ArrangementDecoupled,
    ArrangementEnded,
    ArrangementVaried,
    BodyDisbanded,
    BodyMemberAppointed,
    BodyMemberLeft,
    BodyTermsRevised,
    DelegationRevoked,
    EndingStageReached,
    Event,
    NoticeGiven,
    PostDeleted,
    PostHolderAppointed,
    PostRetitled,
    PostTermExtended,
    PostVacated,
)
from .settle import settle_arrangement

if TYPE_CHECKING:
    from .fold import Fold


#: The event types that act on an entity, and its kind: also the event's field naming it.
ACTS_ON: dict[type[Event], str] = {
    ArrangementVaried: "arrangement",
    NoticeGiven: "arrangement",
    EndingStageReached: "arrangement",
    ArrangementDecoupled: "arrangement",
    ArrangementEnded: "arrangement",
    PostRetitled: "post",
    PostHolderAppointed: "post",
    PostVacated: "post",
    PostTermExtended: "post",
    PostDeleted: "post",
    BodyDisbanded: "body",
    BodyTermsRevised: "body",
    BodyMemberAppointed: "body",
    BodyMemberLeft: "body",
    DelegationRevoked: "delegation",
}

#: The fold's entries of each kind, by attribute name.
_ENTRIES = {
    "arrangement": "arrangements",
    "post": "posts",
    "body": "bodies",
    "delegation": "delegations",
}


def target_missing(fold: Fold, event: Event) -> tuple[str, str] | None:
    """The (wait key, reason) if the entity *event* acts on is not yet in force."""
    kind = ACTS_ON.get(type(event))
    if kind is None:
        return None
    key: str = getattr(event, kind)
    entries: Mapping[str, object] = getattr(fold, _ENTRIES[kind])
    if key in entries:
        return None
    return f"{kind}:{key}", f"awaiting {kind} {key!r} to come into force"


def target_closed(fold: Fold, event: Event, day: date | None = None) -> str | None:
    """Why *event* can no longer act on its entity, if that entity has closed by *day*
    (the fold's day if not given).

    A change that waited for its authority can find, when the authority comes, that
    what it acts on has gone: an arrangement ended by notice, a post deleted. The
    entity must exist (see :func:`target_missing`).
    """
    kind = ACTS_ON.get(type(event))
    if kind is None:
        return None
    return _CLOSED[kind](fold, getattr(event, kind), day or fold.day)


def _arrangement_closed(fold: Fold, arrangement: str, day: date) -> str | None:
    settled = settle_arrangement(fold.arrangements[arrangement], day)
    if not settled.in_force:
        return (
            f"arrangement {arrangement!r} had already "
            f"{settled.status.value.replace('_', ' ')} on {settled.closed_on}"
        )
    return None


def _post_closed(fold: Fold, post: str, day: date) -> str | None:
    deleted = fold.posts[post].deleted
    return None if deleted is None else f"post {post!r} had already been deleted on {deleted}"


def _body_closed(fold: Fold, body: str, day: date) -> str | None:
    disbanded = fold.bodies[body].disbanded
    if disbanded is None:
        return None
    return f"body {body!r} had already been disbanded on {disbanded}"


def _delegation_closed(fold: Fold, delegation: str, day: date) -> str | None:
    revoked = fold.delegations[delegation].revoked
    if revoked is None:
        return None
    return f"delegation {delegation!r} had already been revoked on {revoked}"


#: Why an entity of each kind is closed on a day, if it is.
_CLOSED: dict[str, Callable[[Fold, str, date], str | None]] = {
    "arrangement": _arrangement_closed,
    "post": _post_closed,
    "body": _body_closed,
    "delegation": _delegation_closed,
}
