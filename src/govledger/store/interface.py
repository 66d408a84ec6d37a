"""The store interface, by capability: what every backend writes, and what it may offer.

Every backend implements :class:`EventStore` (nine methods) and its
:class:`WriteSession` (four). The rest is optional, and checked where it is used
(``isinstance(store, Checkpoints)``), never assumed:

* :class:`Checkpoints` keeps saved folds beside the records: a cache, never the truth.
  A store without it answers every question by folding from the first record.
  :class:`SessionCheckpoints` is the same inside one write.
* :class:`EntryRows` streams records as plain tuples of the columns the ledger hands
  out (:data:`~govledger.store.records.EntryRow`), for reading many cheaply; the
  ledger reads through :meth:`EventStore.read` where a store lacks it.
* :class:`FastVerify` is a backend's own way to verify the whole chain (SQLite's
  two-process walk, PostgreSQL's one-snapshot walk); :func:`verify_store` falls back
  to :func:`~govledger.store.verification.verify_chain` over :meth:`EventStore.chain_rows`.
* :class:`BulkImport` writes records sealed by another store unchanged, keeping their
  positions, recording times and hashes (:func:`govledger.copy.copy_ledger` needs it of
  the destination: :meth:`WriteSession.append` seals records afresh, so no function
  over the required methods can do it).

The contract suite (``tests/contract``) is the specification: it runs its required
part against an in-memory store of the required methods alone, and checks each
optional capability on the backends that offer it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import date, datetime, timedelta
from typing import Protocol, runtime_checkable

from .chain import MAX_CLOCK_SKEW, ChainHead, ChainRow, VerificationReport
from .records import EVERY_RECORD, Checkpoint, EntryRow, NewRecord, Query, StoredRecord

__all__ = [
    "BulkImport",
    "Checkpoints",
    "EntryRows",
    "EventStore",
    "FastVerify",
    "PayloadSearch",
    "SessionCheckpoints",
    "WriteSession",
]


@runtime_checkable
class WriteSession(Protocol):
    """The inside of one write transaction: read, check, then append."""

    def read(self, query: Query) -> Iterator[StoredRecord]:
        """The records *query* asks for, this write's own records included."""
        ...

    def version(self, partnership: str) -> int:
        """How many records *partnership* has (0 if none)."""
        ...

    def last_position(self) -> int:
        """The position of the last record (0 if the store is empty)."""
        ...

    def append(self, records: Sequence[NewRecord]) -> list[StoredRecord]:
        """Store *records* in the order given, assigning position, version, time and hash.

        A store offering :class:`Checkpoints` drops, in the same transaction, every
        checkpoint of a partnership in the batch whose ``through`` is on or after the
        earliest ``effective`` day of that partnership's records (see :class:`Checkpoint`).
        """
        ...


@runtime_checkable
class EventStore(Protocol):
    """An append-only log of records, shared by every partnership: what every backend writes."""

    def write(self) -> AbstractContextManager[WriteSession]:
        """One atomic transaction holding the write lock for its whole duration.

        Commits when the block ends normally; rolls back, writing nothing, if it raises.
        """
        ...

    def read(self, query: Query = EVERY_RECORD) -> Iterator[StoredRecord]:
        """Stream the records *query* asks for (every record, by default); see :class:`Query`.

        Records are streamed: memory does not grow with the number read. Reads made
        while a write session is open on the same store see that session's uncommitted
        records.
        """
        ...

    def version(self, partnership: str) -> int:
        """How many records *partnership* has (0 if none)."""
        ...

    def position_at(self, moment: datetime) -> int:
        """The position of the last record recorded at or before *moment* (0 if none).

        Recording times never decrease with position, so the records known at
        *moment* are exactly those at or before this position.
        """
        ...

    def last_position(self) -> int:
        """The position of the last record (0 if the store is empty): one cheap probe,
        where :meth:`head` also reads, and checks, the stored hash."""
        ...

    def partnerships(self) -> list[str]:
        """Every partnership with at least one record, sorted."""
        ...

    def head(self) -> ChainHead:
        """The last record's position and stored hash, read without verifying
        (:data:`~govledger.store.GENESIS_HEAD` for an empty store)."""
        ...

    def chain_rows(self) -> Iterator[ChainRow]:
        """Every record as a :data:`~govledger.store.ChainRow`, in position order, for
        :func:`~govledger.store.verification.verify_chain`; see
        :class:`~govledger.store.ChainSource`."""
        ...

    def close(self) -> None:
        """Release the database; every later call raises ``LedgerClosed``."""
        ...


@runtime_checkable
class Checkpoints(Protocol):
    """Optional: saved folds kept beside the records. A cache, never the truth."""

    def checkpoint(
        self, partnership: str, kind: str, *, through: date, known_by: int, format: str
    ) -> Checkpoint | None:
        """The best saved checkpoint for a question about *through*, or ``None``.

        That is, of the checkpoints of *partnership* of this *kind* and *format* with
        ``through`` on or before *through* and ``position`` at or before *known_by*,
        the one with the latest ``through`` (then the latest position).
        """
        ...

    def save_checkpoint(self, checkpoint: Checkpoint) -> bool:
        """Keep *checkpoint* if it is still exact; say whether it was kept.

        It is not kept (and no error raised: a checkpoint is only a cache) when the
        store is read-only, when the write lock is busy, or when a record of its
        partnership at a later position than ``checkpoint.position`` takes effect on or
        before ``checkpoint.through`` (it is already stale).
        """
        ...

    def drop_checkpoints(
        self, partnership: str | None = None, *, unless_format: str | None = None
    ) -> int:
        """Remove the checkpoints of *partnership* (of every partnership if ``None``);
        with *unless_format*, only those of another format.

        Returns how many were removed. Events are untouched.
        """
        ...

    def checkpoint_rows(self) -> Iterator[tuple[Checkpoint, str | None, bool]]:
        """Every saved checkpoint, for the audit; see :meth:`Audited.checkpoint_rows`."""
        ...


@runtime_checkable
class SessionCheckpoints(Protocol):
    """Optional, inside a write session of a store offering :class:`Checkpoints`."""

    def checkpoint(
        self, partnership: str, kind: str, *, through: date, known_by: int, format: str
    ) -> Checkpoint | None:
        """As :meth:`Checkpoints.checkpoint`, inside this transaction."""
        ...

    def save_checkpoint(self, checkpoint: Checkpoint) -> bool:
        """As :meth:`Checkpoints.save_checkpoint`, inside this transaction."""
        ...


@runtime_checkable
class EntryRows(Protocol):
    """Optional: the records of a query as plain tuples, without a record object each."""

    def entries(self, query: Query = EVERY_RECORD) -> Iterator[EntryRow]:
        """As :meth:`EventStore.read`, the same records in the same order, streamed the
        same way, each as an :data:`~govledger.store.records.EntryRow`."""
        ...


@runtime_checkable
class PayloadSearch(Protocol):
    """Optional: find records by text in their payloads in the database itself."""

    def containing(self, words: Sequence[str], *, max_position: int) -> Iterator[StoredRecord]:
        """Every record up to *max_position* whose payload contains each of *words* (as
        text, anywhere), in position order, streamed as :meth:`EventStore.read` does."""
        ...


@runtime_checkable
class FastVerify(Protocol):
    """Optional: the backend's own whole-chain verification, with the same verdicts."""

    def verify(
        self,
        *,
        expected_head: ChainHead | None = None,
        max_clock_skew: timedelta = MAX_CLOCK_SKEW,
    ) -> VerificationReport:
        """As :func:`~govledger.store.verification.verify_chain` of this store."""
        ...


@runtime_checkable
class BulkImport(Protocol):
    """Optional: write records sealed by another store into this empty one, unchanged."""

    def import_records(self, records: Iterable[StoredRecord], *, hash_v2_from: int = 1) -> int:
        """Write *records*, sealed by another store, into this empty store unchanged.

        Each keeps its position, version, recording time and hashes; they must form
        one whole chain from the genesis hash, checked record by record, or
        ``UsageError`` is raised and nothing is written. Records before *hash_v2_from*
        were sealed under hash definition 1 (the source's ``hash_v2_from``). One
        transaction; returns how many records were written.
        """
        ...
