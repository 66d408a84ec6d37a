"""Reading a PostgreSQL ledger's chain for verification, and the audit's checks beyond it."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from ..chain import ChainRow, canonical_fields
from ..records import iso_timestamp
from .lifetime import PAGE, PostgresConnection

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
