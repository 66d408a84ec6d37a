"""The asking of a question: which day (*as of*) and which knowledge (*known at*).

Every question names a day in force, a moment or position of knowledge, or both.
Each is checked and resolved here once, at the top of the question, to a ledger
position; everything below works from that position and never asks the store again
what *known at* meant.
"""

from __future__ import annotations

from datetime import date, datetime

import attrs

from ..errors import UnknownPartnership, UsageError
from ..store import EventStore, Query
from .entries import KnownAt

__all__ = ["Question", "check_day", "position_at", "require"]


def check_day(name: str, value: object) -> date:
    """*value*, if it is a day (a :class:`datetime.date` that is not a datetime)."""
    if isinstance(value, datetime) or not isinstance(value, date):
        raise UsageError(f"{name} must be a datetime.date such as date(2022, 9, 1), not {value!r}")
    return value


def position_at(store: EventStore, known_at: KnownAt | None = None) -> int:
    """The ledger position that *known_at* stands for.

    ``None`` is the last position; a position is itself (capped at the last); a
    timezone-aware datetime is the last position recorded at or before it.
    """
    last = store.last_position()
    if known_at is None:
        return last
    if isinstance(known_at, datetime):
        if known_at.utcoffset() is None:
            raise UsageError(
                f"known_at must be timezone-aware, such as "
                f"datetime(2026, 1, 5, 9, 0, tzinfo=UTC), not {known_at!r}"
            )
        return store.position_at(known_at)
    if isinstance(known_at, bool) or not isinstance(known_at, int):
        raise UsageError(
            "known_at is a recording time (a timezone-aware datetime) or a ledger "
            f"position (an int), not {known_at!r}; for a day in force, use as_of"
        )
    if known_at < 0:
        raise UsageError(f"known_at as a position must be >= 0, not {known_at}")
    return min(known_at, last)


def require(store: EventStore, partnership: str, known: int | None = None) -> None:
    """Refuse a *partnership* that is not recorded (or not yet, as known at *known*)."""
    if not isinstance(partnership, str):
        raise UsageError(f"partnership must be a partnership id string, not {partnership!r}")
    if store.version(partnership) == 0:
        known_names = ", ".join(store.partnerships()) or "none yet"
        raise UnknownPartnership(
            f"no partnership {partnership!r} is recorded in this ledger (known: {known_names})"
        )
    if (
        known is not None
        and known < store.last_position()  # else its entries are all known
        and next(
            store.read(Query(partnership=partnership, max_position=known, order="position")), None
        )
        is None
    ):
        raise UnknownPartnership(
            f"partnership {partnership!r} had no entries as known at position {known}; "
            "ask as known at a later time"
        )


@attrs.frozen
class Question:
    """A question about one partnership, as known at one ledger position."""

    partnership: str
    #: The last ledger position the question knows of.
    known: int

    @classmethod
    def of(cls, store: EventStore, partnership: str, known_at: KnownAt | None) -> Question:
        """Resolve *known_at* to a position and check *partnership* was known by then."""
        known = position_at(store, known_at)
        require(store, partnership, known)
        return cls(partnership, known)
