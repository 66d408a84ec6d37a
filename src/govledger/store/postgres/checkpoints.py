"""A PostgreSQL ledger's saved checkpoints as the driver gives them back.

Saving, finding and dropping them is the same in both stores
(:mod:`govledger.store._backend`); only reading a row differs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..records import Checkpoint

__all__ = [
    "checkpoint_of",
]


def checkpoint_of(row: Sequence[Any]) -> Checkpoint:
    """A checkpoint row as a :class:`Checkpoint`: the columns are typed, so no value can
    be of the wrong kind (unlike SQLite's; see ``sqlite/checkpoints.py``)."""
    return Checkpoint(
        partnership=row[0],
        kind=row[1],
        through=row[2],
        position=int(row[3]),
        format=row[4],
        data=bytes(row[5]),
        entries=int(row[6]),
        chain_hash=row[7],
        digest=row[8],
    )
