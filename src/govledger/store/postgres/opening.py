"""Opening a PostgreSQL ledger: what the schema holds, creating its tables, upgrading it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

import psycopg

from ...errors import (
    GovLedgerError,
    MigrationFailed,
    NotALedger,
    ReadOnlyLedger,
    SchemaVersionError,
    StoreError,
)
from .._sql import V2_FROM_KEY
from ..records import iso_timestamp
from ..verification import walk_chain
from .audit import PostgresChainReader
from .connect import Connection, cannot_write, first_line, set_up
from .schema import (
    APPLICATION,
    LOCK_CLASS,
    RELATIONS,
    SCHEMA_2_TABLES,
    SCHEMA_3_PARTS,
    SCHEMA_4_PARTS,
    lock_schema,
    read_v2_from,
)

__all__ = [
    "PostgresOpening",
]


class PostgresOpening(PostgresChainReader):
    """Checking, creating and upgrading a PostgreSQL ledger as it is opened."""

    def _prepare(self, *, migrate: bool) -> None:
        connection = self._live()
        with self._errors("opening"):
            schema = set_up(connection, None)
            if schema is None:
                raise StoreError(
                    f"{self._where}: the connection's search_path names no schema that "
                    "exists, so there is nowhere to keep the ledger; create the schema "
                    "(CREATE SCHEMA name) or fix the URL's options=-csearch_path%3Dname"
                )
            self._schema = schema
            state, found = self._inspect(connection)
            self._read_only = cannot_write(connection, empty=state == "empty")
            if found < self._migrations.latest and (
                not migrate or self._read_only or self._migrations.missing(found) is not None
            ):
                raise self._migration_required(found)
            if state == "empty":
                if self._read_only:
                    raise ReadOnlyLedger(
                        f"{self._where} holds no ledger yet and cannot be written (a "
                        "standby server, or a role that may not create tables), so it "
                        "cannot become one; connect to the primary, or as its owner"
                    )
                self._create_schema(connection)
            elif found < self._migrations.latest:
                self._migrate(connection)
            row = connection.execute("SELECT 'events'::regclass::oid::bigint").fetchone()
            self._lock_key = (LOCK_CLASS << 32) | int(row[0] if row else 0)
            self._v2_from = read_v2_from(connection, schema=self._migrations.latest)

    def _inspect(self, connection: Connection) -> tuple[Literal["empty", "ledger"], int]:
        """Say whether the schema is empty or holds a ledger, and its version; refuse others."""
        names = [str(row[0]) for row in connection.execute(RELATIONS)]
        if not names:
            return "empty", self._migrations.latest
        meta: dict[str, str] = {}
        if {"events", "govledger_meta"} <= set(names):
            meta = dict(connection.execute("SELECT key, value FROM govledger_meta").fetchall())
        if meta.get("application") != APPLICATION:
            shown = ", ".join(names[:5]) + (", ..." if len(names) > 5 else "")
            raise NotALedger(
                f"schema {self._schema!r} of {self._where} holds tables ({shown}) but not a "
                "govledger ledger; use an empty database, or give the ledger a schema of "
                "its own with ?options=-csearch_path%3D<schema>"
            )
        try:
            found = int(meta["schema_version"])
        except (KeyError, ValueError):
            raise NotALedger(
                f"{self._where} looks like a govledger ledger but its govledger_meta table "
                "has no valid schema_version, so it is damaged; restore it from a backup"
            ) from None
        if found > self._migrations.latest:
            raise SchemaVersionError(
                f"{self._where} was written by a newer govledger (schema {found}); "
                "upgrade govledger to open it"
            )
        return "ledger", found

    def _create_schema(self, connection: Connection) -> None:
        with connection.transaction():
            lock_schema(connection)
            state, _ = self._inspect(connection)
            if state == "empty":  # another process may have won the race
                connection.execute(SCHEMA_2_TABLES)
                connection.execute(SCHEMA_3_PARTS)
                connection.execute(SCHEMA_4_PARTS)
                connection.execute(
                    "INSERT INTO govledger_meta (key, value) VALUES ('application', %s), "
                    "('schema_version', %s), ('created_at', %s), (%s, '1')",
                    (
                        APPLICATION,
                        str(self._migrations.latest),
                        iso_timestamp(datetime.now(UTC)),
                        V2_FROM_KEY,
                    ),
                )

    def _migrate(self, connection: Connection) -> None:
        """Run every migration step up to this schema in one transaction, or none."""
        with connection.transaction():
            lock_schema(connection)
            _, found = self._inspect(connection)  # another process may have migrated it
            if found < self._migrations.latest:
                # Re-verify the chain as it was sealed before changing anything.
                self._v2_from = read_v2_from(connection, schema=found)
                before = walk_chain(self)
                if not before.ok:
                    raise MigrationFailed(
                        f"{self._where} was not upgraded: its hash chain fails before the "
                        f"upgrade, at position {before.first_bad_position}: {before.detail}. "
                        "An upgrade never re-seals a broken chain; restore it from a backup"
                    )
            for version in range(found, self._migrations.latest):
                self._run_step(connection, version)
            connection.execute(
                "UPDATE govledger_meta SET value = %s WHERE key = 'schema_version'",
                (str(self._migrations.latest),),
            )
            self._v2_from = read_v2_from(connection, schema=self._migrations.latest)
            self._check_upgraded()

    def _run_step(self, connection: Connection, version: int) -> None:
        step = self._migrations.step(version)
        if step is None:
            raise self._migration_required(version)
        try:
            with connection.transaction():  # a savepoint: a failed step is undone whole
                step(connection)
        except GovLedgerError:
            raise
        except Exception as exc:
            raise MigrationFailed(
                f"upgrading {self._where} from schema {version} to {version + 1} failed "
                f"({type(exc).__name__}: {first_line(exc)}); the upgrade was rolled back "
                "and the ledger left as it was"
            ) from exc
        status = connection.info.transaction_status
        if status != psycopg.pq.TransactionStatus.INTRANS:
            raise MigrationFailed(
                f"the migration step from schema {version} committed on its own, so "
                f"{self._where} may be half upgraded; restore it from your backup, and fix "
                "the step so that it does not commit"
            )


# -------------------------------------------------------------------- connecting
