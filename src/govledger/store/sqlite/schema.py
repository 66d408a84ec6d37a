"""The SQLite ledger's tables, triggers and schema steps.

:func:`create_tables` lays out a new ledger at the current schema. The steps of a
:class:`~govledger.store.Migrations` (by default :data:`MIGRATIONS`, handed to the
store when it opens) upgrade an older file by one schema version each, inside the
migration's transaction; the store runs them
(``Ledger.open(path, migrate=True)`` or :func:`govledger.store.migrate`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime
from typing import Final

from ...errors import NotALedger
from .._backend import version_of
from .._sql import SQLITE, V2_FROM_KEY, Migrations
from ..chain import LEDGER_PARTNERSHIP
from ..records import EntryRow, StoredRecord, iso_timestamp
from ..verification import hash_definition_mark
from .files import APPLICATION_ID
from .verify import NO_VISIBLE_FROM

__all__ = [
    "MIGRATIONS",
    "STORE_SCHEMA_VERSION",
    "MigrationStep",
    "create_tables",
    "entry_of",
    "entry_row_of",
    "record_of",
    "row_of",
]

#: Version of the database layout this release reads and writes.
#: Schema 2 added the ``visible_from`` column, its indexes and the checkpoints table.
#: Schema 3 hashes every column (hash definition 2), refuses REPLACE, binds checkpoints
#: to the chain and drops a redundant index. Schema 4 drops ``events_partnership_visible``,
#: which no query the store makes is planned with.
STORE_SCHEMA_VERSION: Final = 4


#: One schema migration step: it upgrades an open database by one schema version,
#: inside the migration's transaction (so it must not commit, nor use executescript).
#: It must never change the hashed content of recorded events.
MigrationStep = Callable[[sqlite3.Connection], None]


APPEND_ONLY_TRIGGER = """
CREATE TRIGGER events_refuse_{name}
BEFORE {action} ON events
BEGIN
    SELECT RAISE(ABORT, 'govledger events are append-only: {action} is refused; \
record a correcting event instead');
END
"""


# REPLACE (and INSERT OR REPLACE) deletes the row it conflicts with without firing the
# DELETE trigger; refusing any insert that would conflict stops it before it starts.
REFUSE_REPLACE_TRIGGER = """
CREATE TRIGGER events_refuse_replace
BEFORE INSERT ON events
WHEN EXISTS (SELECT 1 FROM events WHERE position = NEW.position)
  OR EXISTS (SELECT 1 FROM events WHERE partnership = NEW.partnership
             AND version = NEW.version)
BEGIN
    SELECT RAISE(ABORT, 'govledger events are append-only: an insert over an existing \
position or version (REPLACE) is refused');
END
"""


CHECKPOINT_TRIGGERS = (
    """
CREATE TRIGGER checkpoints_refuse_update
BEFORE UPDATE ON checkpoints
BEGIN
    SELECT RAISE(ABORT, 'govledger checkpoints are never updated: UPDATE is refused; \
drop a checkpoint with Ledger.drop_checkpoints() instead');
END
""",
    """
CREATE TRIGGER checkpoints_refuse_replace
BEFORE INSERT ON checkpoints
WHEN EXISTS (SELECT 1 FROM checkpoints WHERE partnership = NEW.partnership
             AND kind = NEW.kind AND format = NEW.format AND through = NEW.through
             AND position = NEW.position)
BEGIN
    SELECT RAISE(ABORT, 'govledger checkpoints are never replaced: REPLACE is refused');
END
""",
)


def create_tables(connection: sqlite3.Connection, *, created_at: datetime, version: int) -> None:
    import sqlite_utils  # only here: reading a ledger never imports it (nor numpy through it)

    db = sqlite_utils.Database(connection, recursive_triggers=False, execute_plugins=False)
    events = db.create_table(
        "events",
        {
            "position": int,
            "partnership": str,
            "version": int,
            "type": str,
            "schema_version": int,
            "effective": str,
            "recorded_at": str,
            "payload": str,
            "prev_hash": str,
            "hash": str,
            "visible_from": str,
        },
        pk="position",
        not_null=[
            "partnership",
            "version",
            "type",
            "schema_version",
            "effective",
            "recorded_at",
            "payload",
            "prev_hash",
            "hash",
            "visible_from",
        ],
    )
    events.create_index(
        ["partnership", "version"], index_name="events_partnership_version", unique=True
    )
    events.create_index(
        ["partnership", "effective", "position"], index_name="events_partnership_effective"
    )
    events.create_index(["recorded_at"], index_name="events_recorded_at")
    for action in ("UPDATE", "DELETE"):
        db.execute(APPEND_ONLY_TRIGGER.format(name=action.lower(), action=action))
    create_schema_2_parts(connection)
    create_schema_3_parts(connection)
    drop_unplanned_index(connection)
    meta = db.create_table(
        "govledger_meta", {"key": str, "value": str}, pk="key", not_null=["key", "value"]
    )
    meta.insert_all(
        [
            {"key": "schema_version", "value": str(version)},
            {"key": "created_at", "value": iso_timestamp(created_at)},
            {"key": V2_FROM_KEY, "value": "1"},
        ]
    )
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute(f"PRAGMA user_version = {version}")


def create_schema_2_parts(connection: sqlite3.Connection) -> None:
    """The indexes and the checkpoints table that schema 2 added."""
    connection.execute(
        "CREATE INDEX events_partnership_visible ON events (partnership, visible_from, effective)"
    )
    connection.execute(
        "CREATE INDEX events_partnership_position ON events (partnership, position, effective)"
    )
    connection.execute("CREATE INDEX events_type ON events (type, partnership, position)")
    connection.execute(
        """CREATE TABLE checkpoints (
            partnership TEXT NOT NULL,
            kind TEXT NOT NULL,
            through TEXT NOT NULL,
            position INTEGER NOT NULL,
            format TEXT NOT NULL,
            data BLOB NOT NULL,
            PRIMARY KEY (partnership, kind, format, through, position)
        )"""
    )


def create_schema_3_parts(connection: sqlite3.Connection) -> None:
    """What schema 3 changed: the REPLACE guard, bound checkpoints, leaner indexes.

    * ``events_refuse_replace`` refuses an insert over an existing position or
      (partnership, version), which is how REPLACE rewrites a row past the DELETE trigger.
    * ``checkpoints`` gains ``entries``, ``chain_hash`` and ``digest`` (a checkpoint is
      bound to the chain head it was folded through), and triggers refuse UPDATE and
      REPLACE of its rows. Old checkpoints (pickles) are dropped: they are only a cache.
    * ``events_partnership_position`` is dropped: a partnership's records in position
      order are its records in version order, which the unique (partnership, version)
      index already gives (docs/guarantees.md lists the query each index serves).
    """
    connection.execute("DROP TABLE IF EXISTS checkpoints")
    connection.execute(
        """CREATE TABLE checkpoints (
            partnership TEXT NOT NULL,
            kind TEXT NOT NULL,
            through TEXT NOT NULL,
            position INTEGER NOT NULL,
            format TEXT NOT NULL,
            data BLOB NOT NULL,
            entries INTEGER NOT NULL,
            chain_hash TEXT NOT NULL,
            digest TEXT NOT NULL,
            PRIMARY KEY (partnership, kind, format, through, position)
        )"""
    )
    for trigger in CHECKPOINT_TRIGGERS:
        connection.execute(trigger)
    connection.execute(REFUSE_REPLACE_TRIGGER)
    connection.execute("DROP INDEX IF EXISTS events_partnership_position")


def drop_unplanned_index(connection: sqlite3.Connection) -> None:
    """Schema 3 -> 4: drop ``events_partnership_visible`` (partnership, visible_from,
    effective).

    SQLite plans no query the store makes with it: the one it was meant for, the entries
    of a partnership taking effect after a day but already visible by it, is served by
    ``events_partnership_effective`` (tests/test_query_plans.py asks SQLite for the plan of
    every query a workload makes). Yet it was the costliest index to keep up on every
    append. Nothing recorded changes, so nothing is re-sealed.
    """
    connection.execute("DROP INDEX IF EXISTS events_partnership_visible")


def hash_every_column(connection: sqlite3.Connection) -> None:
    """Schema 2 -> 3: hash definition 2, the REPLACE guard, bound checkpoints, indexes.

    Nothing is re-sealed: every record keeps its hash under definition 1 (the chain was
    verified before this step runs). Their ``visible_from``, which definition 1 did not
    hash, becomes ``0001-01-01`` ("may show on any day": always safe, and what
    verification then requires of them). If the ledger holds records, one record is
    appended, sealed under definition 2, saying that the hash definition changes at its
    position; ``govledger_meta`` keeps that position.
    """
    connection.execute("DROP TRIGGER IF EXISTS events_refuse_update")
    connection.execute(
        "UPDATE events SET visible_from = ? WHERE visible_from != ?",
        (NO_VISIBLE_FROM, NO_VISIBLE_FROM),
    )
    connection.execute(APPEND_ONLY_TRIGGER.format(name="update", action="UPDATE"))
    create_schema_3_parts(connection)
    last = connection.execute(
        "SELECT position, recorded_at, hash FROM events ORDER BY position DESC LIMIT 1"
    ).fetchone()
    v2_from = 1
    if last is not None:
        mark = hash_definition_mark(
            last_position=int(last[0]),
            last_hash=str(last[2]),
            last_recorded=datetime.fromisoformat(last[1]),
            version=version_of(connection, SQLITE, LEDGER_PARTNERSHIP) + 1,
        )
        connection.execute(INSERT, row_of(mark))
        v2_from = mark.position
    connection.execute(
        "INSERT OR REPLACE INTO govledger_meta (key, value) VALUES (?, ?)",
        (V2_FROM_KEY, str(v2_from)),
    )


def add_visibility_and_checkpoints(connection: sqlite3.Connection) -> None:
    """Schema 1 -> 2: the ``visible_from`` column, its indexes and the checkpoints table.

    Recorded events cannot be read here (the store knows no event classes), so their
    ``visible_from`` becomes ``0001-01-01``: "may show on any day", which is always
    safe and only makes day queries on old records read a little more.
    """
    connection.execute(
        "ALTER TABLE events ADD COLUMN visible_from TEXT NOT NULL DEFAULT '0001-01-01'"
    )
    create_schema_2_parts(connection)


def user_version(connection: sqlite3.Connection) -> int:
    return int(connection.execute("PRAGMA user_version").fetchone()[0])


def meta_schema_version(connection: sqlite3.Connection, path: str) -> int:
    row = connection.execute(
        "SELECT value FROM govledger_meta WHERE key = 'schema_version'"
    ).fetchone()
    try:
        return int(row[0])
    except (TypeError, ValueError):
        raise NotALedger(
            f"{path} looks like a govledger ledger but its govledger_meta table has no "
            "valid schema_version, so it is damaged; restore it from a backup"
        ) from None


# -------------------------------------------------------------------- rows


COLUMNS = (
    "position, partnership, version, type, schema_version, "
    "effective, recorded_at, payload, prev_hash, hash, visible_from"
)


INSERT = f"INSERT INTO events ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"


SELECT = f"SELECT {COLUMNS} FROM events"


#: The columns an :data:`~govledger.store.records.EntryRow` holds, in its order: a
#: history reads these eight of the eleven (no effective day, previous hash or
#: visibility, which SQLite would otherwise hand over as Python strings for nothing).
ENTRY_COLUMNS = "position, partnership, version, type, schema_version, recorded_at, payload, hash"


ENTRY_SELECT = f"SELECT {ENTRY_COLUMNS} FROM events"


Row = tuple[int, str, int, str, int, str, str, str, str, str, str]


def row_of(record: StoredRecord) -> Row:
    return (
        record.position,
        record.partnership,
        record.version,
        record.type,
        record.schema_version,
        record.effective.isoformat(),
        iso_timestamp(record.recorded_at),
        record.payload,
        record.prev_hash,
        record.hash,
        record.visible_from.isoformat(),
    )


#: An ``events`` row as a :class:`StoredRecord`.
record_of: Final = SQLITE.record_of

#: An ``events`` row as an :data:`~govledger.store.records.EntryRow`.
entry_of: Final = SQLITE.entry_of


def entry_row_of(row: tuple[int, str, int, str, int, str, str, str]) -> EntryRow:
    """A row of :data:`ENTRY_SELECT` as an :data:`~govledger.store.records.EntryRow`."""
    position, partnership, version, type_, schema_version, recorded_at, payload, hash_ = row
    return (
        position,
        partnership,
        version,
        type_,
        schema_version,
        datetime.fromisoformat(recorded_at),
        payload,
        hash_,
    )


#: This release's schema and the steps up to it from each older one: the default
#: ``migrations`` of the store's ``open``. Extend it with ``MIGRATIONS.with_step(...)``.
MIGRATIONS: Final[Migrations[MigrationStep]] = Migrations(
    latest=STORE_SCHEMA_VERSION,
    steps={
        1: add_visibility_and_checkpoints,
        2: hash_every_column,
        3: drop_unplanned_index,
    },
)
