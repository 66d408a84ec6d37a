"""The SQLite event store, govledger's default: :class:`SQLiteStore` and its schema steps.

``store`` holds the connection's lifetime, writing and reading; ``files`` what may be
opened and what SQLite's errors mean; ``schema`` the tables, triggers and migration
steps; ``verify`` the fast chain reading and the two-process verification worker.
"""

from .files import APPLICATION_ID
from .schema import MIGRATIONS, STORE_SCHEMA_VERSION, MigrationStep
from .store import PARALLEL_VERIFY_MIN_EVENTS, SQLiteStore, migrate

__all__ = [
    "APPLICATION_ID",
    "MIGRATIONS",
    "PARALLEL_VERIFY_MIN_EVENTS",
    "STORE_SCHEMA_VERSION",
    "MigrationStep",
    "SQLiteStore",
    "migrate",
]
