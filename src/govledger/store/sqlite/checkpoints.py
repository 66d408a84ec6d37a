"""A SQLite ledger's saved checkpoints: finding, keeping and dropping them."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import date
from typing import Final

from ...errors import UsageError
from .._sql import (
    CHECKPOINT_COLUMNS,
    SQLITE,
    earliest_days,
    stale_checkpoint_sql,
)
from ..chain import checkpoint_digest
from ..records import Checkpoint, NewRecord

__all__ = [
    "checkpoint_of",
    "drop_stale_checkpoints",
    "save_checkpoint",
    "unreadable_checkpoint",
]


_STALE_CHECKPOINT: Final = stale_checkpoint_sql(SQLITE)
_SAVE_CHECKPOINT = (
    f"INSERT INTO checkpoints ({CHECKPOINT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_CHECKPOINT_EXISTS = (
    "SELECT 1 FROM checkpoints WHERE partnership = ? AND kind = ? AND format = ? "
    "AND through = ? AND position = ?"
)


# -------------------------------------------------------------------- rows


# -------------------------------------------------------------------- checkpoints


def checkpoint_of(row: Sequence[object]) -> Checkpoint | None:
    """A checkpoint row as a :class:`Checkpoint`; ``None`` if its values are malformed."""
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


def unreadable_checkpoint(row: Sequence[object]) -> Checkpoint:
    """A stand-in naming a checkpoint row too malformed to read, for reports."""
    try:
        through = date.fromisoformat(str(row[2]))
    except ValueError:
        through = date.min
    position = row[3] if isinstance(row[3], int) else -1
    return Checkpoint(
        partnership=str(row[0]),
        kind=str(row[1]),
        through=through,
        position=position,
        format=str(row[4]),
        data=b"",
    )


def save_checkpoint(connection: sqlite3.Connection, checkpoint: Checkpoint) -> bool:
    if not isinstance(checkpoint, Checkpoint):
        raise UsageError(f"save_checkpoint() takes a Checkpoint, not {checkpoint!r}")
    through = checkpoint.through.isoformat()
    stale = connection.execute(
        _STALE_CHECKPOINT, (checkpoint.partnership, checkpoint.position, through)
    ).fetchone()
    if stale is not None:
        return False
    head = connection.execute(
        "SELECT hash FROM events WHERE position = ?", (checkpoint.position,)
    ).fetchone()
    if head is None:
        return False
    key = (checkpoint.partnership, checkpoint.kind, checkpoint.format, through, checkpoint.position)
    if connection.execute(_CHECKPOINT_EXISTS, key).fetchone() is not None:
        return True  # the same fold of the same entries: already kept
    chain = str(head[0])
    digest = checkpoint_digest(checkpoint, chain)
    connection.execute(
        _SAVE_CHECKPOINT,
        (
            checkpoint.partnership,
            checkpoint.kind,
            through,
            checkpoint.position,
            checkpoint.format,
            checkpoint.data,
            checkpoint.entries,
            chain,
            digest,
        ),
    )
    return True


def drop_stale_checkpoints(connection: sqlite3.Connection, batch: Sequence[NewRecord]) -> None:
    """Drop every checkpoint that a record of *batch* would change."""
    connection.executemany(
        "DELETE FROM checkpoints WHERE partnership = ? AND through >= ?",
        [(partnership, day.isoformat()) for partnership, day in earliest_days(batch).items()],
    )
