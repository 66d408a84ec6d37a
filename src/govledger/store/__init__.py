"""The append-only event store: the only part of govledger that touches a database.

The store keeps already-encoded records; it knows nothing about event classes.
:class:`EventStore` and :class:`WriteSession` are the interface the ledger uses;
:class:`SQLiteStore` is the SQLite implementation. :func:`verify_chain` checks the
hash chain of any store that is a :class:`ChainSource`; :func:`migrate` upgrades an
older SQLite ledger to this release's schema.
"""

from .base import (
    GENESIS_HASH,
    GENESIS_HEAD,
    MAX_PAYLOAD_BYTES,
    ChainHead,
    ChainProblem,
    ChainRow,
    ChainSource,
    EventStore,
    NewRecord,
    StoredRecord,
    VerificationReport,
    WriteSession,
    canonical_bytes,
    canonical_fields,
    chain_hash,
    verify_chain,
)
from .sqlite import (
    MIGRATIONS,
    STORE_SCHEMA_VERSION,
    MigrationStep,
    SQLiteStore,
    migrate,
    register_migration,
)

__all__ = [
    "GENESIS_HASH",
    "GENESIS_HEAD",
    "MAX_PAYLOAD_BYTES",
    "MIGRATIONS",
    "STORE_SCHEMA_VERSION",
    "ChainHead",
    "ChainProblem",
    "ChainRow",
    "ChainSource",
    "EventStore",
    "MigrationStep",
    "NewRecord",
    "SQLiteStore",
    "StoredRecord",
    "VerificationReport",
    "WriteSession",
    "canonical_bytes",
    "canonical_fields",
    "chain_hash",
    "migrate",
    "register_migration",
    "verify_chain",
]
