"""Reading a PostgreSQL ledger's chain for verification, and the audit's checks beyond it."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from .._sql import ALL_CHECKPOINTS, WRONG_VERSION
from ..chain import ChainProblem, ChainRow, canonical_fields
from ..records import Checkpoint, iso_timestamp
from ..verification import column_findings
from .checkpoints import checkpoint_of
from .lifetime import PAGE, PostgresConnection
from .schema import NO_VISIBLE_FROM, last_position_of

__all__ = [
    "PostgresChainReader",
    "canonical_of",
]


_HASHED = (
    "position, partnership, version, type, schema_version, effective, visible_from, "
    "recorded_at, payload"
)
_CHAINPAGE = (
    f"SELECT position, prev_hash, hash, {_HASHED} FROM events "
    "WHERE position > %s ORDER BY position LIMIT %s"
)


class PostgresChainReader(PostgresConnection):
    """The chain as verification reads it, and the audit's checks beyond the chain."""

    def column_problem(self) -> tuple[int, ChainProblem, str] | None:
        """The first record whose version, unhashed column or hash-definition mark is wrong."""
        connection = self._live()
        with self._errors("verifying"):
            wrong = connection.execute(WRONG_VERSION).fetchone()
            edited = connection.execute(
                "SELECT position, visible_from FROM events WHERE position < %s "
                "AND visible_from <> %s ORDER BY position LIMIT 1",
                (self._v2_from, NO_VISIBLE_FROM),
            ).fetchone()
            mark = None
            if self._v2_from > 1:
                mark = connection.execute(
                    "SELECT partnership, type, payload FROM events WHERE position = %s",
                    (self._v2_from,),
                ).fetchone()
            last = last_position_of(connection)
        if edited is not None:
            edited = (edited[0], edited[1].isoformat())
        return column_findings(
            wrong=wrong, edited=edited, v2_from=self._v2_from, mark=mark, last=last
        )

    def checkpoint_rows(self) -> Iterator[tuple[Checkpoint, str | None, bool]]:
        """Every saved checkpoint, the hash now at its position, and whether it is stale."""
        connection = self._live()
        with self._errors("verifying the checkpoints of"):
            rows = connection.execute(ALL_CHECKPOINTS).fetchall()
        for row in rows:
            yield checkpoint_of(row[:9]), row[9], bool(row[10])

    def clock_ahead(self, limit: datetime) -> tuple[int, datetime] | None:
        """The first record recorded after *limit*, with its recording time."""
        connection = self._live()
        with self._errors("verifying the recording times of"):
            row = connection.execute(
                "SELECT position, recorded_at FROM events WHERE recorded_at > %s "
                "ORDER BY position LIMIT 1",
                (limit,),
            ).fetchone()
        return None if row is None else (int(row[0]), row[1].astimezone(UTC))

    def chain_rows(self) -> Iterator[ChainRow]:
        """Every record as ``(position, prev_hash, hash, canonical bytes)``, by position.

        The bytes are exact (:func:`~govledger.store.canonical_fields` of the typed
        columns), so verification never needs to ask twice.
        """
        after = -(2**63)
        while True:
            connection = self._live()
            with self._errors("verifying"):
                rows = connection.execute(_CHAINPAGE, (after, PAGE)).fetchall()
            for position, prev_hash, hash_, *hashed in rows:
                yield (position, prev_hash, hash_, canonical_of(hashed, self._v2_from))
            if len(rows) < PAGE:
                return
            after = rows[-1][0]

    def exact_canonical(self, position: int) -> bytes:
        """The exact canonical bytes of the record at *position*, from its stored values."""
        connection = self._live()
        with self._errors("verifying"):
            row = connection.execute(
                f"SELECT {_HASHED} FROM events WHERE position = %s", (position,)
            ).fetchone()
        if row is None:
            raise ValueError("it disappeared while the ledger was being verified")
        return canonical_of(row, self._v2_from)

    def locate(self, hash: str) -> int | None:
        """The position of the record whose stored hash is *hash*, if any."""
        connection = self._live()
        with self._errors("verifying"):
            row = connection.execute(
                "SELECT position FROM events WHERE hash = %s ORDER BY position LIMIT 1", (hash,)
            ).fetchone()
        return None if row is None else int(row[0])


# -------------------------------------------------------------------- rows


def canonical_of(hashed: Sequence[Any], v2_from: int) -> bytes:
    """:func:`canonical_fields` of a record read with typed columns, under its definition."""
    position, partnership, version, type_, schema_version = hashed[:5]
    effective, visible_from, recorded_at, payload = hashed[5:]
    if position < v2_from:
        return canonical_fields(
            position,
            partnership,
            type_,
            schema_version,
            effective.isoformat(),
            iso_timestamp(recorded_at),
            payload,
        )
    return canonical_fields(
        position,
        partnership,
        version,
        type_,
        schema_version,
        effective.isoformat(),
        visible_from.isoformat(),
        iso_timestamp(recorded_at),
        payload,
    )
