"""The PostgreSQL event store (the ``postgres`` extra): :class:`PostgresStore`.

``store`` holds the write lock, writing, reading and the ``COPY`` import; ``schema`` the
tables, triggers and migration steps; ``connect`` connecting, URL redaction and what
the server's errors mean.
"""

from .schema import MIGRATIONS, STORE_SCHEMA_VERSION, PostgresMigrationStep
from .store import PostgresStore

__all__ = [
    "MIGRATIONS",
    "STORE_SCHEMA_VERSION",
    "PostgresMigrationStep",
    "PostgresStore",
]
