"""How events relate to the fold: the order they are folded in, when they show, the
corrections that stand, and the wait keys of what they create and refer to."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from ..events import (
    ArrangementEstablished,
    BodyEstablished,
    DelegatedDecisionTaken,
    DelegationGranted,
    EntryRetracted,
    Event,
    JointBody,
    PostCreated,
    ResolutionPassed,
    ResolutionRef,
    Role,
    certain_from,
    earliest,
)


def order_key(event: Event, position: int) -> tuple[date, int]:
    """Fold order: the day an event certainly takes effect, then its position."""
    return certain_from(event.effective), position


def visible_from(event: Event) -> date:
    """The first day *event* can show in a state at all.

    A decision shows as pending from the day it was taken (or could have been), a fact
    dated by a period shows as uncertain from the period's first day, a retraction
    from whichever its replacement shows; anything else from its effective day.
    """
    if isinstance(event, EntryRetracted):
        return (
            certain_from(event.effective)
            if event.replacement is None
            else visible_from(event.replacement)
        )
    day = earliest(event.effective)
    if isinstance(event, ResolutionPassed) and event.decided is not None:
        day = min(day, earliest(event.decided))
    return day


def corrected(pairs: Iterable[tuple[int, Event]]) -> list[tuple[int, Event]]:
    """The entries that stand once every :class:`~govledger.events.EntryRetracted` is applied.

    *pairs* are ``(position, event)``. A retracted entry is left out; a retraction's
    replacement stands at the retraction's own position; retractions themselves are
    not entries of the partnership's history. Retracting a retraction withdraws its
    replacement, not the retraction.

    >>> corrected([])
    []
    """
    pairs = list(pairs)
    withdrawn = {event.retracts for _, event in pairs if isinstance(event, EntryRetracted)}
    standing: list[tuple[int, Event]] = []
    for position, event in pairs:
        if position in withdrawn:
            continue
        if isinstance(event, EntryRetracted):
            if event.replacement is not None:
                standing.append((position, event.replacement))
            continue
        standing.append((position, event))
    return standing


def creates(event: Event) -> str | None:
    """The wait key of what *event* brings into being (``"post:jce"``), if anything."""
    match event:
        case PostCreated():
            return f"post:{event.post}"
        case ArrangementEstablished():
            return f"arrangement:{event.arrangement}"
        case BodyEstablished():
            return f"body:{event.body}"
        case DelegationGranted():
            return f"delegation:{event.delegation}"
        case ResolutionPassed():
            return f"resolution:{event.resolution}"
        case DelegatedDecisionTaken():
            return f"resolution:{event.decision}"
        case _:
            return None


def references(event: Event) -> frozenset[str]:
    """The wait keys of what *event* acts on or names (its post, arrangement, body ...)."""
    keys: set[str] = set()
    for name, kind in (
        ("post", "post"),
        ("arrangement", "arrangement"),
        ("body", "body"),
        ("delegation", "delegation"),
        ("through", "body"),
    ):
        value = getattr(event, name, None)
        if isinstance(value, str) and not isinstance(event, _CREATIONS):
            keys.add(f"{kind}:{value}")
    roles = (
        *getattr(event, "delegates", ()),
        *getattr(event, "consultees", ()),
        getattr(event, "assignee", None),
        getattr(event, "taken_by", None),
    )
    keys.update(f"post:{role.post}" for role in roles if isinstance(role, Role) and role.post)
    if isinstance(event, ResolutionPassed) and isinstance(event.decided_by, JointBody):
        keys.add(f"body:{event.decided_by.body}")
    for ref in getattr(event, "authorised_by", ()):
        if isinstance(ref, ResolutionRef):
            keys.add(f"resolution:{ref.resolution}")
    return frozenset(keys)


_CREATIONS = (PostCreated, ArrangementEstablished, BodyEstablished, DelegationGranted)
