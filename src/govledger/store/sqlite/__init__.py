"""The SQLite event store, govledger's default: :class:`SQLiteStore` and its schema steps."""

from .store import (
    APPLICATION_ID,
    MIGRATIONS,
    PARALLEL_VERIFY_MIN_EVENTS,
    STORE_SCHEMA_VERSION,
    MigrationStep,
    SQLiteStore,
    migrate,
    register_migration,
)

__all__ = [
    "APPLICATION_ID",
    "MIGRATIONS",
    "PARALLEL_VERIFY_MIN_EVENTS",
    "STORE_SCHEMA_VERSION",
    "MigrationStep",
    "SQLiteStore",
    "migrate",
    "register_migration",
]
