"""The append-only event store: the only part of govledger that touches a database.

The store keeps already-encoded records; it knows nothing about event classes.
:class:`EventStore` and :class:`WriteSession` are what every backend writes, and
:class:`Checkpoints`, :class:`EntryRows`, :class:`FastVerify`, :class:`PayloadSearch` and
:class:`BulkImport` what one may offer
(see :mod:`govledger.store.interface`);
:class:`SQLiteStore` is the SQLite implementation. :func:`verify_chain` checks the
hash chain of any store that is a :class:`ChainSource`; a :class:`Query` says which
records :meth:`EventStore.read` streams; :func:`migrate` upgrades an
older SQLite ledger to this release's schema. :func:`open_store` opens whichever
store a location names: a SQLite path, or a ``postgresql://`` URL for
:class:`govledger.store.postgres.PostgresStore` (which needs the ``postgres`` extra
and is imported only then).
"""

from ._sql import Migrations
from .chain import (
    GENESIS_HASH,
    GENESIS_HEAD,
    HASH_DEFINITION,
    LEDGER_PARTNERSHIP,
    MAX_CLOCK_SKEW,
    ChainBroken,
    ChainHead,
    ChainProblem,
    ChainRow,
    ChainSource,
    VerificationReport,
    canonical_bytes,
    canonical_fields,
    chain_hash,
)
from .interface import (
    BulkImport,
    Checkpoints,
    EntryRows,
    EventStore,
    FastVerify,
    PayloadSearch,
    SessionCheckpoints,
    WriteSession,
)
from .open import open_store
from .records import MAX_PAYLOAD_BYTES, Checkpoint, EntryRow, NewRecord, Query, StoredRecord
from .sqlite import MIGRATIONS, STORE_SCHEMA_VERSION, MigrationStep, SQLiteStore, migrate
from .verification import verify_chain, verify_store

__all__ = [
    "GENESIS_HASH",
    "GENESIS_HEAD",
    "HASH_DEFINITION",
    "LEDGER_PARTNERSHIP",
    "MAX_CLOCK_SKEW",
    "MAX_PAYLOAD_BYTES",
    "MIGRATIONS",
    "STORE_SCHEMA_VERSION",
    "BulkImport",
    "ChainBroken",
    "ChainHead",
    "ChainProblem",
    "ChainRow",
    "ChainSource",
    "Checkpoint",
    "Checkpoints",
    "EntryRow",
    "EntryRows",
    "EventStore",
    "FastVerify",
    "MigrationStep",
    "Migrations",
    "NewRecord",
    "PayloadSearch",
    "Query",
    "SQLiteStore",
    "SessionCheckpoints",
    "StoredRecord",
    "VerificationReport",
    "WriteSession",
    "canonical_bytes",
    "canonical_fields",
    "chain_hash",
    "migrate",
    "open_store",
    "verify_chain",
    "verify_store",
]
