"""Reading a PostgreSQL ledger's chain for verification, and the audit's checks beyond it."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from ..chain import GENESIS_HASH, ChainHead, ChainRow, VerificationReport, canonical_fields
from ..quickwalk import Spans, spans_follow, walk_fields
from ..records import iso_timestamp
from ..verification import intact_report
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


#: The hashed fields as sealing wrote them: days and the UTC recording time as ISO
#: text (what :func:`~govledger.store.records.iso_timestamp` writes), so the quick walk
#: hashes them without building a date or a datetime per record.
_QUICKPAGE = (
    "SELECT position, prev_hash, hash, position, partnership, version, type, schema_version, "
    "to_char(effective, 'YYYY-MM-DD'), to_char(visible_from, 'YYYY-MM-DD'), "
    "to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"+00:00\"'), "
    "payload FROM events WHERE position > %s ORDER BY position LIMIT %s"
)


class PostgresChainReader(PostgresConnection):
    """The chain as verification reads it, and the audit's checks beyond the chain."""

    def _quick_verify(self, expected_head: ChainHead | None) -> VerificationReport | None:
        """Walk an intact ledger's chain and versions fast; ``None`` if that cannot say.

        Only a ledger whose every record is sealed under hash definition 2 is walked
        so, a page at a time, with :func:`~govledger.store.quickwalk.walk_fields`.
        Anything short of the whole walk holding leaves the verdict and its diagnosis to
        the ordinary walk. The report it gives means the versions are checked too, so
        the audit need not run the window query over the whole ledger.
        """
        if self._v2_from != 1:
            return None
        position, prev = 0, GENESIS_HASH
        spans: Spans = {}
        watch = expected_head.position if expected_head is not None else -1
        watched = GENESIS_HASH if watch == 0 else None
        after = -(2**63)  # a record before position 1 is damage too: the walk stops at it
        while True:
            connection = self._live()
            with self._errors("verifying"):
                rows = connection.execute(_QUICKPAGE, (after, PAGE)).fetchall()
            if not rows:
                break
            end, prev, spans = walk_fields(rows, position, prev, spans)
            if end != rows[-1][0] or end - position != len(rows):
                return None
            if position < watch <= end:
                watched = rows[watch - position - 1][2]
            position = after = end
            if len(rows) < PAGE:
                break
        if not spans_follow({}, spans):
            return None
        if expected_head is not None and watched != expected_head.hash:
            return None
        return intact_report(ChainHead(position, prev), expected_head=expected_head)

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
