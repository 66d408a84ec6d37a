"""The append-only event store: the only part of govledger that touches a database.

The store keeps already-encoded records; it knows nothing about event classes.
:class:`EventStore` and :class:`WriteSession` are the interface the ledger uses;
:class:`SQLiteStore` is the SQLite implementation.
"""

from .base import (
    GENESIS_HASH,
    EventStore,
    NewRecord,
    StoredRecord,
    WriteSession,
    canonical_bytes,
    chain_hash,
)
from .sqlite import STORE_SCHEMA_VERSION, SQLiteStore

__all__ = [
    "GENESIS_HASH",
    "STORE_SCHEMA_VERSION",
    "EventStore",
    "NewRecord",
    "SQLiteStore",
    "StoredRecord",
    "WriteSession",
    "canonical_bytes",
    "chain_hash",
]
