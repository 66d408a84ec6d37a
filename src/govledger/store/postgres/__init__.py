"""The PostgreSQL event store (the ``postgres`` extra): :class:`PostgresStore`."""

from .store import (
    MIGRATIONS,
    STORE_SCHEMA_VERSION,
    PostgresMigrationStep,
    PostgresStore,
    register_migration,
)

__all__ = [
    "MIGRATIONS",
    "STORE_SCHEMA_VERSION",
    "PostgresMigrationStep",
    "PostgresStore",
    "register_migration",
]
