"""What both SQL stores do with saved checkpoints, written once (a private module: theirs).

Finding, saving and dropping a checkpoint differ between SQLite and PostgreSQL only in
the placeholder and in how a day is bound, so they are written here in terms of each
backend's :class:`~govledger.store._sql.Dialect`. Reading a row back is each backend's
own (``checkpoint_of``): SQLite's columns may hold a value of any kind.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from contextlib import closing
from datetime import date
from typing import Any

from ..errors import UsageError
from ._sql import (
    Dialect,
    checkpoint_exists_sql,
    drop_stale_sql,
    earliest_days,
    find_checkpoint_sql,
    save_checkpoint_sql,
    stale_checkpoint_sql,
)
from .chain import checkpoint_digest, checkpoint_intact
from .records import Checkpoint, NewRecord, check_day, check_partnership, check_position

__all__ = [
    "drop_stale_checkpoints",
    "find_checkpoint",
    "save_checkpoint",
    "unreadable_checkpoint",
]


#: The checkpoint SQL of each dialect, built once.
_find_sql = functools.cache(find_checkpoint_sql)
_stale_sql = functools.cache(stale_checkpoint_sql)
_exists_sql = functools.cache(checkpoint_exists_sql)
_save_sql = functools.cache(save_checkpoint_sql)
_drop_stale_sql = functools.cache(drop_stale_sql)


def save_checkpoint(connection: Any, dialect: Dialect, checkpoint: Checkpoint) -> bool:
    """Keep *checkpoint* on *connection*, whose transaction holds the write lock, if it is
    still exact (see :meth:`~govledger.store.Checkpoints.save_checkpoint`); bind it to the
    hash now at its position, with the digest of its bytes."""
    if not isinstance(checkpoint, Checkpoint):
        raise UsageError(f"save_checkpoint() takes a Checkpoint, not {checkpoint!r}")
    through = dialect.day(checkpoint.through)
    stale = connection.execute(
        _stale_sql(dialect), (checkpoint.partnership, checkpoint.position, through)
    ).fetchone()
    if stale is not None:
        return False
    head = connection.execute(
        f"SELECT hash FROM events WHERE position = {dialect.placeholder}", (checkpoint.position,)
    ).fetchone()
    if head is None:
        return False
    key = (checkpoint.partnership, checkpoint.kind, checkpoint.format, through, checkpoint.position)
    if connection.execute(_exists_sql(dialect), key).fetchone() is not None:
        return True  # the same fold of the same entries: already kept
    chain = str(head[0])
    connection.execute(
        _save_sql(dialect),
        (
            checkpoint.partnership,
            checkpoint.kind,
            through,
            checkpoint.position,
            checkpoint.format,
            checkpoint.data,
            checkpoint.entries,
            chain,
            checkpoint_digest(checkpoint, chain),
        ),
    )
    return True


def drop_stale_checkpoints(connection: Any, dialect: Dialect, batch: Sequence[NewRecord]) -> None:
    """Drop every checkpoint that a record of *batch* would change, on *connection*."""
    day = dialect.day
    params = [(partnership, day(first)) for partnership, first in earliest_days(batch).items()]
    with closing(connection.cursor()) as cursor:
        cursor.executemany(_drop_stale_sql(dialect), params)


def unreadable_checkpoint(row: Sequence[object]) -> Checkpoint:
    """A stand-in naming a checkpoint row too malformed to read, for reports."""
    through = row[2]
    if not isinstance(through, date):
        try:
            through = date.fromisoformat(str(through))
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


def find_checkpoint(
    connection: Any,
    dialect: Dialect,
    checkpoint_of: Callable[[Any], Checkpoint | None],
    partnership: str,
    kind: str,
    *,
    through: date,
    known_by: int,
    format: str,
) -> Checkpoint | None:
    """The best saved checkpoint for the question (see
    :meth:`~govledger.store.Checkpoints.checkpoint`): the first found that is bound to the
    chain (the JOIN) and whose bytes match its digest."""
    params = (
        check_partnership(partnership),
        kind,
        format,
        dialect.day(check_day("through", through)),
        check_position(known_by),
    )
    for row in connection.execute(_find_sql(dialect), params).fetchall():
        checkpoint = checkpoint_of(row)
        if checkpoint is not None and checkpoint_intact(checkpoint, checkpoint.chain_hash):
            return checkpoint
    return None
