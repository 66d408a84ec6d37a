"""Reading a SQLite ledger's chain for verification, and the audit's checks beyond it."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

from ...errors import CorruptLedger, UsageError
from .._backend import last_position_of
from ..chain import (
    GENESIS_HASH,
    ChainHead,
    ChainRow,
    VerificationReport,
    canonical_fields,
)
from ..verification import intact_report
from .files import unreadable_value
from .lifetime import MIN_POSITION, SQLiteConnection
from .verify import (
    ALL_V1,
    CHAIN_ROWS_PLAIN,
    CHAIN_ROWS_PLAIN_1,
    EXACT,
    EXACT_1,
    as_text,
    chain_rows_sql,
    cpus,
    hashed_fields,
    plain_row,
    segment_sql,
    segment_worker,
    walk_segment,
)

__all__ = [
    "PARALLEL_VERIFY_MIN_EVENTS",
    "SQLiteChainReader",
]


#: A file ledger with at least this many events is verified by two processes at once
#: (this one and a short-lived ``python -I`` worker), when there are two CPUs.
PARALLEL_VERIFY_MIN_EVENTS = 100_000


class SQLiteChainReader(SQLiteConnection):
    """The chain as verification reads it, and the audit's checks beyond the chain."""

    def _verify_in_parallel(
        self, connection: sqlite3.Connection, expected_head: ChainHead | None
    ) -> VerificationReport | None:
        """Check a large intact ledger in two halves at once; ``None`` if that cannot say.

        The second half goes to a worker process. Anything short of both halves
        verifying (a problem, an error, no worker) leaves the verdict and its diagnosis
        to the ordinary walk.
        """
        if self._reader is None or cpus() < 2:
            return None
        try:
            last = last_position_of(connection)
            if last < max(PARALLEL_VERIFY_MIN_EVENTS, 2):
                return None
            middle = last // 2
            row = connection.execute("SELECT hash FROM events WHERE position = ?", (middle,))
            (middle_hash,) = row.fetchone() or ("",)
            worker = segment_worker(
                self._reader,
                segment_sql(self._v2_from),
                after=middle,
                through=last,
                prev=middle_hash,
            )
            if worker is None:
                return None
            try:
                first = walk_segment(
                    connection.execute(segment_sql(self._v2_from), (MIN_POSITION, middle)),
                    0,
                    GENESIS_HASH,
                )
                output, _ = worker.communicate()
            finally:
                if worker.poll() is None:
                    worker.kill()
                    worker.wait()
            end, end_hash = output.split()
            head = ChainHead(int(end), end_hash)
            watched = connection.execute(
                "SELECT hash FROM events WHERE position = ?",
                (expected_head.position if expected_head else last,),
            ).fetchone()
        except (sqlite3.Error, ValueError, UsageError):
            return None
        if first != (middle, middle_hash) or worker.returncode != 0 or head.position != last:
            return None
        if (
            expected_head is not None
            and expected_head.position > 0
            and (watched is None or watched[0] != expected_head.hash)
        ):
            return None
        return intact_report(head, expected_head=expected_head)

    # ------------------------------------------------------- chain source (verify_chain)

    def chain_rows(self) -> Iterator[ChainRow]:
        """Every record as ``(position, prev_hash, hash, candidate bytes)``, by position.

        A record with a value that cannot be read (text that is not UTF-8, a BLOB where
        text belongs) comes with an empty candidate, so verification judges it exactly.
        """
        connection = self._live()
        sql, plain = chain_rows_sql(self._v2_from), False
        after = MIN_POSITION
        while True:
            try:
                for row in connection.execute(sql, (after,)):
                    after = row[0]
                    yield plain_row(row, self._v2_from) if plain else row
                return
            except sqlite3.Error as exc:
                if "no such function" in str(exc) and not plain:
                    sql, plain = (  # an SQLite built without JSON
                        CHAIN_ROWS_PLAIN_1 if self._v2_from >= ALL_V1 else CHAIN_ROWS_PLAIN,
                        True,
                    )
                    continue
                if not unreadable_value(exc):
                    raise self._translated(exc, "verifying") from exc
            # The cursor reads ahead, so find the unreadable record one row at a time.
            while True:
                try:
                    row = connection.execute(sql + " LIMIT 1", (after,)).fetchone()
                except sqlite3.Error as exc:
                    if not unreadable_value(exc):
                        raise self._translated(exc, "verifying") from exc
                    row = self._unreadable_row(connection, after)
                    yield row
                    after = row[0]
                    break
                if row is None:
                    return
                yield plain_row(row, self._v2_from) if plain else row
                after = row[0]

    def _unreadable_row(self, connection: sqlite3.Connection, after: int) -> ChainRow:
        """The record after *after* with its hashes as raw text and no candidate."""
        with self._errors("verifying"):
            row = connection.execute(
                "SELECT position, CAST(prev_hash AS BLOB), CAST(hash AS BLOB) FROM events "
                "WHERE position > ? ORDER BY position LIMIT 1",
                (after,),
            ).fetchone()
        if row is None:
            raise CorruptLedger(
                f"{self._path} could not be read past position {after}; restore it from a backup"
            )
        return (int(row[0]), as_text(row[1]), as_text(row[2]), b"")

    def exact_canonical(self, position: int) -> bytes:
        """The exact canonical bytes of the record at *position*, from its stored values."""
        connection = self._live()
        try:
            exact = EXACT_1 if self._v2_from >= ALL_V1 else EXACT
            row = connection.execute(exact, (position,)).fetchone()
        except sqlite3.Error as exc:
            if not unreadable_value(exc):
                raise self._translated(exc, "verifying") from exc
            raise ValueError(f"it holds a value SQLite cannot give back as text ({exc})") from None
        if row is None:
            raise ValueError("it disappeared while the ledger was being verified")
        return canonical_fields(*hashed_fields(row, self._v2_from))

    def snapshot_bytes(self) -> bytes:
        """The whole database as bytes, as SQLite would write it to a file."""
        connection = self._live()
        with self._errors("serialising"):
            return connection.serialize()
