"""A SQLite ledger's saved checkpoints as the driver gives them back.

Saving, finding and dropping them is the same in both stores
(:mod:`govledger.store._backend`); only reading a row differs.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ..records import Checkpoint

__all__ = [
    "checkpoint_of",
]


def checkpoint_of(row: Sequence[object]) -> Checkpoint | None:
    """A checkpoint row as a :class:`Checkpoint`; ``None`` if its values are malformed.

    SQLite keeps whatever value it is given in any column, so a file edited by hand may
    hold a checkpoint of the wrong kinds: each is checked (PostgreSQL's are typed)."""
    try:
        partnership, kind, through, position, format_, data, entries, chain, digest = row
        if not (
            isinstance(partnership, str)
            and isinstance(kind, str)
            and isinstance(through, str)
            and isinstance(position, int)
            and isinstance(format_, str)
            and isinstance(data, bytes)
            and isinstance(entries, int)
            and isinstance(chain, str)
            and isinstance(digest, str)
        ):
            return None
        return Checkpoint(
            partnership=partnership,
            kind=kind,
            through=date.fromisoformat(through),
            position=position,
            format=format_,
            data=data,
            entries=entries,
            chain_hash=chain,
            digest=digest,
        )
    except (TypeError, ValueError):
        return None
