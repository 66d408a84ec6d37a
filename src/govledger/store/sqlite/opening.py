"""Opening a SQLite ledger: what the file holds, creating its tables, upgrading its schema."""

from __future__ import annotations

import sqlite3
import time
from datetime import UTC, datetime
from typing import Literal

from ...errors import (
    GovLedgerError,
    MigrationFailed,
    NotALedger,
    ReadOnlyLedger,
    SchemaVersionError,
)
from .. import views
from .._sql import V2_FROM_KEY
from ..verification import walk_chain
from .audit import SQLiteChainReader
from .files import APPLICATION_ID
from .schema import create_tables, meta_schema_version, user_version
from .verify import ALL_V1

__all__ = [
    "SQLiteOpening",
]


class SQLiteOpening(SQLiteChainReader):
    """Checking, creating and upgrading a SQLite ledger as it is opened."""

    def _prepare(self, *, in_memory: bool, migrate: bool) -> None:
        connection = self._live()
        with self._errors("opening"):
            connection.execute("PRAGMA query_only = ON")
            state, found = self._inspect(connection)
            if found < self._migrations.latest and (
                not migrate or self._read_only or self._migrations.missing(found) is not None
            ):
                raise self._migration_required(found)
            if self._read_only:
                if state == "empty":
                    raise ReadOnlyLedger(
                        f"{self._path} is empty and cannot be written, so it cannot become a "
                        "ledger; check its permissions and those of its directory"
                    )
                self._v2_from = self._read_v2_from(connection)
                return
            connection.execute("PRAGMA query_only = OFF")
            connection.execute("PRAGMA foreign_keys = ON")
            if not in_memory:
                # Switching to WAL needs the database to itself; WAL persists in the file, so
                # ask only when it is not WAL yet, or an opener can starve behind busy writers.
                mode = str(connection.execute("PRAGMA journal_mode").fetchone()[0])
                if mode.lower() != "wal":
                    self._switch_to_wal(connection)
                connection.execute("PRAGMA synchronous = FULL")
            if state == "empty":
                self._create_schema(connection)
            elif found < self._migrations.latest:
                self._migrate(connection)
            self._v2_from = self._read_v2_from(connection)
            if not in_memory:  # readable SQL views for other SQLite clients (store/views.py)
                views.ensure(connection)
                self._searchable = views.searchable(connection)

    def _switch_to_wal(self, connection: sqlite3.Connection) -> None:
        """Turn WAL on, waiting as long as the busy timeout allows.

        SQLite answers "database is locked" at once, without its busy handler, when
        another connection holds the file while the journal mode changes: processes
        creating one new ledger together hit it. Retry until the busy timeout.
        """
        deadline = time.monotonic() + self._busy_timeout
        delay = 0.001
        while True:
            try:
                connection.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as exc:
                if "database is locked" not in str(exc) or time.monotonic() >= deadline:
                    raise
            time.sleep(delay)
            delay = min(delay * 2, 0.05)

    def _read_v2_from(self, connection: sqlite3.Connection, *, schema: int | None = None) -> int:
        """The first position hashed under definition 2, from ``govledger_meta``.

        A ledger of an older *schema* sealed every record under definition 1.
        """
        if schema is None:
            schema = max(user_version(connection), meta_schema_version(connection, self._path))
        if schema < 3:
            return ALL_V1
        row = connection.execute(
            "SELECT value FROM govledger_meta WHERE key = ?", (V2_FROM_KEY,)
        ).fetchone()
        try:
            return max(1, int(row[0]))
        except (TypeError, ValueError):
            return 1  # the strictest reading: every record under definition 2

    def _migrate(self, connection: sqlite3.Connection) -> None:
        """Run every migration step up to this schema in one transaction, or none."""
        connection.execute("BEGIN IMMEDIATE")
        try:
            _, found = self._inspect(connection)  # another process may have migrated it
            views.drop(connection)  # reinstalled after the upgrade, over the new tables
            if found < self._migrations.latest:
                # Re-verify the chain as it was sealed before changing anything.
                self._v2_from = self._read_v2_from(connection, schema=found)
                before = walk_chain(self)
                if not before.ok:
                    raise MigrationFailed(
                        f"{self._path} was not upgraded: its hash chain fails before the "
                        f"upgrade, at position {before.first_bad_position}: {before.detail}. "
                        "An upgrade never re-seals a broken chain; restore the file from a "
                        "backup first"
                    )
            for version in range(found, self._migrations.latest):
                self._run_step(connection, version)
            connection.execute(f"PRAGMA user_version = {self._migrations.latest}")
            connection.execute(
                "UPDATE govledger_meta SET value = ? WHERE key = 'schema_version'",
                (str(self._migrations.latest),),
            )
            self._v2_from = self._read_v2_from(connection)
            self._check_upgraded()
            connection.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise

    def _run_step(self, connection: sqlite3.Connection, version: int) -> None:
        step = self._migrations.step(version)
        if step is None:
            raise self._migration_required(version)
        try:
            step(connection)
        except GovLedgerError:
            raise
        except Exception as exc:
            raise MigrationFailed(
                f"upgrading {self._path} from schema {version} to {version + 1} failed "
                f"({type(exc).__name__}: {exc}); the upgrade was rolled back and the file "
                "left as it was"
            ) from exc
        if not connection.in_transaction:
            raise MigrationFailed(
                f"the migration step from schema {version} committed on its own, so "
                f"{self._path} may be half upgraded; restore it from your backup, and fix "
                "the step so that it neither commits nor calls executescript()"
            )

    def _inspect(self, connection: sqlite3.Connection) -> tuple[Literal["empty", "ledger"], int]:
        """Say whether the database is empty or a ledger, and its schema; refuse others.

        The header and the table list are two reads: another process creating the
        ledger in between would make a new ledger look foreign. Creation is one
        transaction, so a file refused outside a transaction is read once more, when
        both reads come after it. (A read transaction around the two reads was tried
        first; with it, processes creating one new file together once waited out the
        whole busy timeout on each other's locks.)
        """
        try:
            return self._inspect_snapshot(connection)
        except NotALedger:
            if connection.in_transaction:
                raise
            return self._inspect_snapshot(connection)

    def _inspect_snapshot(
        self, connection: sqlite3.Connection
    ) -> tuple[Literal["empty", "ledger"], int]:
        application_id = int(connection.execute("PRAGMA application_id").fetchone()[0])
        names = [
            str(row[0])
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        if not names and application_id in (0, APPLICATION_ID):
            return "empty", self._migrations.latest
        if application_id != APPLICATION_ID or not {"events", "govledger_meta"} <= set(names):
            shown = ", ".join(names[:5]) + (", ..." if len(names) > 5 else "")
            raise NotALedger(
                f"{self._path} is a SQLite database but not a govledger ledger (it holds "
                f"{shown or 'no tables'}); pass a new path to create a ledger"
            )
        found = max(user_version(connection), meta_schema_version(connection, self._path))
        if found > self._migrations.latest:
            raise SchemaVersionError(
                f"{self._path} was written by a newer govledger (schema {found}); "
                "upgrade govledger to open it"
            )
        return "ledger", found

    def _create_schema(self, connection: sqlite3.Connection) -> None:
        connection.execute("BEGIN IMMEDIATE")
        try:
            state, _ = self._inspect(connection)
            if state == "empty":  # another process may have won the race
                create_tables(
                    connection, created_at=datetime.now(UTC), version=self._migrations.latest
                )
            connection.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise


# -------------------------------------------------------------------- schema
