"""Reading a SQLite ledger's chain for verification, and the audit's checks beyond it."""

from __future__ import annotations

import json
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
    fields_sql,
    hashed_fields,
    plain_row,
    segment_worker,
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

    def _quick_verify(
        self, connection: sqlite3.Connection, expected_head: ChainHead | None
    ) -> VerificationReport | None:
        """Walk an intact ledger's chain and versions fast; ``None`` if that cannot say.

        Only a ledger whose every record is sealed under hash definition 2 is walked
        so. A large one is walked in two halves at once, the second by a worker
        process. Anything short of the whole walk holding (a problem, an error, a worker
        that fails) leaves the verdict and its diagnosis to the ordinary walk. The
        report it gives means the versions are checked too (see :func:`audit`).
        """
        from ..quickwalk import spans_follow, walk_fields  # only verify() walks

        if self._v2_from != 1:
            return None
        try:
            last = last_position_of(connection)
            if last < 1:  # empty, or every record moved to a position before 1
                return None
            middle = last // 2
            worker = None
            if self._reader is not None and last >= max(PARALLEL_VERIFY_MIN_EVENTS, 2):
                (middle_hash,) = connection.execute(
                    "SELECT hash FROM events WHERE position = ?", (middle,)
                ).fetchone() or ("",)
                if cpus() >= 2:
                    worker = segment_worker(
                        self._reader, fields_sql(), after=middle, through=last, prev=middle_hash
                    )
            through = middle if worker is not None else last
            try:
                first = walk_fields(
                    connection.execute(fields_sql(), (MIN_POSITION, through)), 0, GENESIS_HASH
                )
                head = ChainHead(first[0], first[1])
                if worker is not None:
                    output, _ = worker.communicate()
            finally:
                if worker is not None and worker.poll() is None:
                    worker.kill()
                    worker.wait()
            if head.position != through or not spans_follow({}, first[2]):
                return None
            if worker is not None:
                if worker.returncode != 0 or head != ChainHead(middle, middle_hash):
                    return None
                end, end_hash, spans = output.split(maxsplit=2)
                head = ChainHead(int(end), end_hash)
                if head.position != last or not spans_follow(first[2], json.loads(spans)):
                    return None
            watched = connection.execute(
                "SELECT hash FROM events WHERE position = ?",
                (expected_head.position if expected_head else last,),
            ).fetchone()
        except (sqlite3.Error, ImportError, ValueError, UsageError):
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
