"""What the ledger hands out: recorded entries, and the users' own folds over them."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol, TypeVar

import attrs

from ..codec import decode_trusted
from ..events import Event
from ..store import StoredRecord
from ..upcasters import Upcasters

__all__ = ["KnownAt", "Projection", "RecordedEvent", "recorded"]

#: "As known at": a recording time (a timezone-aware datetime) or a ledger position.
KnownAt = datetime | int

_S = TypeVar("_S")


@attrs.frozen(kw_only=True)
class RecordedEvent:
    """An event as the ledger holds it: with its position and recording time.

    ``retracted_by`` is the position of the :class:`~govledger.events.EntryRetracted`
    that withdrew this entry, as far as the question's knowledge goes (``None`` if it
    stands).
    """

    position: int
    partnership: str
    version: int
    recorded_at: datetime
    event: Event
    hash: str
    retracted_by: int | None = None


class Projection(Protocol[_S]):
    """A user's own fold over the ledger, run by :meth:`Ledger.replay`.

    ``initial()`` gives the starting state; ``apply(state, entry)`` returns the state
    after one entry (it should not mutate *state* in place, so that a projection is
    a pure function of the entries). Entries arrive in fold order, (effective day,
    position), with corrections applied: a retracted entry never arrives, and a
    replacement arrives at its retraction's position.
    """

    def initial(self) -> _S:
        """The state before any entry."""
        ...

    def apply(self, state: _S, entry: RecordedEvent) -> _S:
        """The state after *entry*."""
        ...


def recorded(
    record: StoredRecord,
    retracted_by: int | None = None,
    *,
    upcasters: Upcasters | None = None,
) -> RecordedEvent:
    """*record* decoded (an older payload brought up to date by *upcasters*), as the
    ledger hands it out."""
    return RecordedEvent(
        position=record.position,
        partnership=record.partnership,
        version=record.version,
        recorded_at=record.recorded_at,
        event=decode_trusted(
            record.type, record.schema_version, record.payload, upcasters=upcasters
        ),
        hash=record.hash,
        retracted_by=retracted_by,
    )
