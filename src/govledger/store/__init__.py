"""The append-only event store: the only part of govledger that touches a database.

The store keeps already-encoded records; it knows nothing about event classes.
:class:`EventStore` and :class:`WriteSession` are the interface the ledger uses;
:class:`SQLiteStore` is the SQLite implementation. :func:`verify_chain` checks the
hash chain of any store that is a :class:`ChainSource`; :func:`migrate` upgrades an
older SQLite ledger to this release's schema. :func:`open_store` opens whichever
store a location names: a SQLite path, or a ``postgresql://`` URL for
:class:`govledger.store.postgres.PostgresStore` (which needs the ``postgres`` extra
and is imported only then).
"""

from .base import (
    GENESIS_HASH,
    GENESIS_HEAD,
    HASH_DEFINITION,
    LEDGER_PARTNERSHIP,
    MAX_CLOCK_SKEW,
    MAX_PAYLOAD_BYTES,
    ChainHead,
    ChainProblem,
    ChainRow,
    ChainSource,
    Checkpoint,
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
from .open import open_store
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
    "HASH_DEFINITION",
    "LEDGER_PARTNERSHIP",
    "MAX_CLOCK_SKEW",
    "MAX_PAYLOAD_BYTES",
    "MIGRATIONS",
    "STORE_SCHEMA_VERSION",
    "ChainHead",
    "ChainProblem",
    "ChainRow",
    "ChainSource",
    "Checkpoint",
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
    "open_store",
    "register_migration",
    "verify_chain",
]
