"""A PostgreSQL ledger's saved checkpoints: finding, keeping and dropping them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

from .._sql import (
    CHECKPOINT_COLUMNS,
    POSTGRES,
    earliest_days,
    stale_checkpoint_sql,
)
from ..chain import checkpoint_digest
from ..records import Checkpoint, NewRecord
from .connect import Connection

__all__ = [
    "checkpoint_of",
    "drop_stale_checkpoints",
    "save_checkpoint",
]


_STALE_CHECKPOINT: Final = stale_checkpoint_sql(POSTGRES)
_SAVE_CHECKPOINT = (
    f"INSERT INTO checkpoints ({CHECKPOINT_COLUMNS}) "
    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) "
    "ON CONFLICT (partnership, kind, format, through, position) DO NOTHING"
)


# -------------------------------------------------------------------- checkpoints


def checkpoint_of(row: Sequence[Any]) -> Checkpoint:
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


def save_checkpoint(connection: Connection, checkpoint: Checkpoint) -> bool:
    stale = connection.execute(
        _STALE_CHECKPOINT, (checkpoint.partnership, checkpoint.position, checkpoint.through)
    ).fetchone()
    if stale is not None:
        return False
    head = connection.execute(
        "SELECT hash FROM events WHERE position = %s", (checkpoint.position,)
    ).fetchone()
    if head is None:
        return False
    chain = str(head[0])
    connection.execute(
        _SAVE_CHECKPOINT,
        (
            checkpoint.partnership,
            checkpoint.kind,
            checkpoint.through,
            checkpoint.position,
            checkpoint.format,
            checkpoint.data,
            checkpoint.entries,
            chain,
            checkpoint_digest(checkpoint, chain),
        ),
    )
    return True


def drop_stale_checkpoints(connection: Connection, batch: Sequence[NewRecord]) -> None:
    """Drop every checkpoint that a record of *batch* would change."""
    with connection.cursor() as cursor:
        cursor.executemany(
            "DELETE FROM checkpoints WHERE partnership = %s AND through >= %s",
            list(earliest_days(batch).items()),
        )
