"""A store of the required interface alone, in memory: the contract's smallest backend.

It writes the nine methods of :class:`~govledger.store.EventStore` and the four of
:class:`~govledger.store.WriteSession`, and none of the optional capabilities: no
checkpoints, no fast verification, no bulk import. The contract suite runs its
required part against it, which shows that the interface is as small as it says, and
that a :class:`~govledger.Ledger` works over it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime

from govledger.errors import LedgerClosed, StoreError, UsageError
from govledger.store import (
    GENESIS_HASH,
    GENESIS_HEAD,
    LEDGER_PARTNERSHIP,
    ChainHead,
    ChainRow,
    NewRecord,
    Query,
    StoredRecord,
    canonical_bytes,
)
from govledger.store.chain import seal_batch
from govledger.store.records import (
    EVERY_RECORD,
    check_clock,
    check_moment,
    check_partnership,
    check_query,
    check_record,
)

__all__ = ["MemoryDatabase", "MemoryStore"]


class MemoryDatabase:
    """The records themselves, shared by every store opened on them (as a file would be)."""

    def __init__(self) -> None:
        self.records: list[StoredRecord] = []
        #: The store whose write session holds the lock, if any.
        self.writer: MemoryStore | None = None


def _system_clock() -> datetime:
    return datetime.now(UTC)


def _keeps(query: Query, record: StoredRecord) -> bool:
    """Whether every filter of *query* holds for *record*."""
    return (
        (query.partnership is None or record.partnership == query.partnership)
        and (query.until is None or record.effective <= query.until)
        and (query.after is None or record.effective > query.after)
        and (query.visible_by is None or record.visible_from <= query.visible_by)
        and (query.max_position is None or record.position <= query.max_position)
        and (query.after_position is None or record.position > query.after_position)
        and (query.recorded_by is None or record.recorded_at <= query.recorded_by)
        and (query.types is None or record.type in query.types)
    )


class MemoryStore:
    """The required interface over a :class:`MemoryDatabase`; one writer at a time."""

    def __init__(
        self,
        database: MemoryDatabase | None = None,
        *,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        check_clock(clock, where=":memory:", in_memory=True)
        self._database = MemoryDatabase() if database is None else database
        self._clock = clock or _system_clock
        self._closed = False
        #: This store's uncommitted records, while its write session is open.
        self._pending: list[StoredRecord] | None = None

    # ------------------------------------------------------------ EventStore

    @contextmanager
    def write(self) -> Iterator[MemorySession]:
        self._live()
        if self._pending is not None:
            raise UsageError("a write session is already open on this store")
        if self._database.writer is not None:
            raise StoreError("another store holds the write lock")
        self._database.writer, self._pending = self, []
        session = MemorySession(self)
        try:
            yield session
            self._live()  # closed inside the block: nothing is written
            self._database.records.extend(self._pending)
        finally:
            session.ended = True
            self._database.writer, self._pending = None, None

    def read(self, query: Query = EVERY_RECORD) -> Iterator[StoredRecord]:
        self._live()
        query = check_query(query)
        kept = [r for r in self._visible() if _keeps(query, r)]  # pinned to now
        if query.order == "effective":
            kept.sort(key=lambda r: (r.effective, r.position))
        return self._stream(kept)

    def version(self, partnership: str) -> int:
        self._live()
        name = check_partnership(partnership)
        return sum(1 for r in self._visible() if r.partnership == name)

    def last_position(self) -> int:
        self._live()
        return len(self._visible())

    def position_at(self, moment: datetime) -> int:
        self._live()
        when = check_moment("moment", moment)
        return sum(1 for r in self._database.records if r.recorded_at <= when)

    def partnerships(self) -> list[str]:
        self._live()
        return sorted({r.partnership for r in self._visible()} - {LEDGER_PARTNERSHIP})

    def head(self) -> ChainHead:
        self._live()
        records = self._visible()
        return GENESIS_HEAD if not records else ChainHead(records[-1].position, records[-1].hash)

    def chain_rows(self) -> Iterator[ChainRow]:
        self._live()
        for r in list(self._visible()):
            yield (r.position, r.prev_hash, r.hash, canonical_bytes(r))

    def close(self) -> None:
        self._closed = True

    # ------------------------------------------------------------ the rest

    def __enter__(self) -> MemoryStore:
        self._live()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _live(self) -> None:
        if self._closed:
            raise LedgerClosed("this in-memory store is closed")

    def _visible(self) -> list[StoredRecord]:
        return self._database.records + (self._pending or [])

    def _stream(self, records: list[StoredRecord]) -> Iterator[StoredRecord]:
        for r in records:
            self._live()
            yield r

    def _seal(self, batch: list[NewRecord]) -> list[StoredRecord]:
        moment = self._clock()
        if not isinstance(moment, datetime) or moment.utcoffset() is None:
            raise StoreError(f"the store's clock returned {moment!r}; it must be timezone-aware")
        records = self._visible()
        recorded_at = moment.astimezone(UTC)
        prev_hash = records[-1].hash if records else GENESIS_HASH
        if records:
            recorded_at = max(recorded_at, records[-1].recorded_at)
        return seal_batch(
            batch,
            after=len(records),
            prev_hash=prev_hash,
            recorded_at=recorded_at,
            version=self.version,
        )


class MemorySession:
    """The inside of one :meth:`MemoryStore.write` block."""

    def __init__(self, store: MemoryStore) -> None:
        self._store = store
        self.ended = False

    def read(self, query: Query) -> Iterator[StoredRecord]:
        self._check()
        return self._store.read(query)

    def version(self, partnership: str) -> int:
        self._check()
        return self._store.version(partnership)

    def last_position(self) -> int:
        self._check()
        return self._store.last_position()

    def append(self, records: Sequence[NewRecord]) -> list[StoredRecord]:
        self._check()
        batch = [check_record(record) for record in records]
        sealed = self._store._seal(batch) if batch else []
        pending = self._store._pending
        assert pending is not None  # the session is open
        pending.extend(sealed)
        return sealed

    def _check(self) -> None:
        if self.ended:
            raise UsageError("this write session has ended; start a new one")
