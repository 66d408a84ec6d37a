"""The PostgreSQL ledger's tables, triggers and schema steps.

A new ledger is laid out at the current schema from :data:`SCHEMA_2_TABLES` and the
steps after it; the steps of a :class:`~govledger.store.Migrations` (by default
:data:`MIGRATIONS`, handed to the store when it opens) upgrade an older one by one
schema version each, inside the migration's transaction, and the store verifies the
chain before it commits.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any, Final

import psycopg

from .._backend import last_position_of, version_of
from .._sql import POSTGRES, V2_FROM_KEY, Migrations
from ..chain import LEDGER_PARTNERSHIP
from ..records import StoredRecord
from ..verification import hash_definition_mark
from .connect import Connection

__all__ = [
    "MIGRATIONS",
    "SELECT",
    "STORE_SCHEMA_VERSION",
    "PostgresMigrationStep",
    "copy_rows",
    "entry_of",
    "hash_every_column",
    "record_of",
]

#: Version of the table layout this release reads and writes. It counts the same
#: features as the SQLite store's schema: 2 has ``visible_from`` and checkpoints.
#: PostgreSQL ledgers began at schema 2, so there is no step from schema 1. Schema 4
#: drops ``events_partnership_visible``, as SQLite's does.
STORE_SCHEMA_VERSION: Final = 4


NO_VISIBLE_FROM: Final = date.min


#: One migration step: it upgrades the ledger by one schema version on the connection
#: it is given, inside the migration's transaction (so it must not commit). It must
#: never change the hashed content of recorded events.
PostgresMigrationStep = Callable[[psycopg.Connection[Any]], None]


#: ``govledger_meta``'s ``application`` value: how a govledger schema is told apart.
APPLICATION = "govledger"


#: ``"GVLG"`` in ASCII: the first half of every advisory lock key govledger takes.
LOCK_CLASS: Final = 0x47564C47


COLUMNS = (
    "position, partnership, version, type, schema_version, "
    "effective, recorded_at, payload, prev_hash, hash, visible_from"
)


SELECT = f"SELECT {COLUMNS} FROM events"


LAST = "SELECT position, recorded_at, hash FROM events ORDER BY position DESC LIMIT 1"


RELATIONS = (
    "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'f') "
    "ORDER BY c.relname"
)


SCHEMA_2_TABLES = """
CREATE TABLE events (
    position bigint PRIMARY KEY,
    partnership text NOT NULL,
    version integer NOT NULL,
    type text NOT NULL,
    schema_version integer NOT NULL,
    effective date NOT NULL,
    recorded_at timestamptz NOT NULL,
    payload text NOT NULL,
    prev_hash text NOT NULL,
    hash text NOT NULL,
    visible_from date NOT NULL,
    CONSTRAINT events_partnership_version UNIQUE (partnership, version)
);
CREATE INDEX events_partnership_effective ON events (partnership, effective, position);
CREATE INDEX events_effective ON events (effective, position);
CREATE INDEX events_recorded_at ON events (recorded_at, position);
CREATE INDEX events_partnership_visible ON events (partnership, visible_from, effective);
CREATE INDEX events_type ON events (type, partnership, position);
CREATE FUNCTION govledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
    RAISE EXCEPTION 'govledger events are append-only: % is refused; record a correcting '
        'event instead', TG_OP USING ERRCODE = 'restrict_violation';
END
$body$;
CREATE TRIGGER events_refuse_update BEFORE UPDATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION govledger_refuse_change();
CREATE TRIGGER events_refuse_delete BEFORE DELETE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION govledger_refuse_change();
CREATE TRIGGER events_refuse_truncate BEFORE TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION govledger_refuse_change();
CREATE TABLE checkpoints (
    partnership text NOT NULL,
    kind text NOT NULL,
    through date NOT NULL,
    position bigint NOT NULL,
    format text NOT NULL,
    data bytea NOT NULL,
    PRIMARY KEY (partnership, kind, format, through, position)
);
CREATE TABLE govledger_meta (key text PRIMARY KEY, value text NOT NULL);
"""


# Schema 3: checkpoints bound to the chain, their rows never updated. (PostgreSQL has
# no REPLACE: INSERT ... ON CONFLICT DO UPDATE
# fires the UPDATE statement trigger, which refuses it.)
SCHEMA_3_PARTS = """
DROP TABLE IF EXISTS checkpoints;
CREATE TABLE checkpoints (
    partnership text NOT NULL,
    kind text NOT NULL,
    through date NOT NULL,
    position bigint NOT NULL,
    format text NOT NULL,
    data bytea NOT NULL,
    entries bigint NOT NULL,
    chain_hash text NOT NULL,
    digest text NOT NULL,
    PRIMARY KEY (partnership, kind, format, through, position)
);
CREATE FUNCTION govledger_refuse_checkpoint_update() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
    RAISE EXCEPTION 'govledger checkpoints are never updated: % is refused; drop a '
        'checkpoint with Ledger.drop_checkpoints() instead', TG_OP
        USING ERRCODE = 'restrict_violation';
END
$body$;
CREATE TRIGGER checkpoints_refuse_update BEFORE UPDATE ON checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION govledger_refuse_checkpoint_update();
"""


# Schema 4: no ``events_partnership_visible``; the upcoming entries of a state (after a
# day, visible by it) are read through ``events_partnership_effective``, as on SQLite.
SCHEMA_4_PARTS = "DROP INDEX IF EXISTS events_partnership_visible"


Row = tuple[int, str, int, str, int, date, datetime, str, str, str, date]


def lock_schema(connection: Connection) -> None:
    """Serialise creating or migrating the ledger in this schema, for this transaction."""
    connection.execute(
        "SELECT pg_advisory_xact_lock(%s, hashtext(current_schema()))", (LOCK_CLASS,)
    )


#: An ``events`` row as a :class:`StoredRecord`.
record_of: Final = POSTGRES.record_of

#: An ``events`` row as an :data:`~govledger.store.records.EntryRow`.
entry_of: Final = POSTGRES.entry_of


def read_v2_from(connection: Connection, *, schema: int) -> int:
    """The first position hashed under definition 2; every one, before schema 3."""
    if schema < 3:
        return last_position_of(connection) + 1
    row = connection.execute(
        "SELECT value FROM govledger_meta WHERE key = %s", (V2_FROM_KEY,)
    ).fetchone()
    try:
        return max(1, int(row[0])) if row else 1
    except (TypeError, ValueError):
        return 1


def hash_every_column(connection: Connection) -> None:
    """Schema 2 -> 3: hash definition 2, checkpoints bound to the chain.

    As the SQLite step: nothing is re-sealed; records sealed under definition 1 get
    ``visible_from`` 0001-01-01, and a record sealed under definition 2 marks the change.
    Run by the tables' owner (it disables a trigger for one statement).
    """
    connection.execute("ALTER TABLE events DISABLE TRIGGER events_refuse_update")
    connection.execute(
        "UPDATE events SET visible_from = %s WHERE visible_from <> %s",
        (NO_VISIBLE_FROM, NO_VISIBLE_FROM),
    )
    connection.execute("ALTER TABLE events ENABLE TRIGGER events_refuse_update")
    connection.execute(SCHEMA_3_PARTS)
    last = connection.execute(LAST).fetchone()
    v2_from = 1
    if last is not None:
        mark = hash_definition_mark(
            last_position=int(last[0]),
            last_hash=str(last[2]),
            last_recorded=last[1],
            version=version_of(connection, POSTGRES, LEDGER_PARTNERSHIP) + 1,
        )
        copy_rows(connection, [mark])
        v2_from = mark.position
    connection.execute(
        "INSERT INTO govledger_meta (key, value) VALUES (%s, %s) ON CONFLICT (key) DO NOTHING",
        (V2_FROM_KEY, str(v2_from)),
    )


def drop_unplanned_index(connection: Connection) -> None:
    """Schema 3 -> 4: drop ``events_partnership_visible``; no record changes."""
    connection.execute(SCHEMA_4_PARTS)


COPY = f"COPY events ({COLUMNS}) FROM STDIN"


def copy_rows(connection: Connection, records: Sequence[StoredRecord]) -> None:
    if not records:
        return
    with connection.cursor() as cursor, cursor.copy(COPY) as copy:
        for record in records:
            copy.write_row(
                (
                    record.position,
                    record.partnership,
                    record.version,
                    record.type,
                    record.schema_version,
                    record.effective,
                    record.recorded_at,
                    record.payload,
                    record.prev_hash,
                    record.hash,
                    record.visible_from,
                )
            )


#: This release's schema and the steps up to it from each older one: the default
#: ``migrations`` of the store's ``open``. Extend it with ``MIGRATIONS.with_step(...)``.
MIGRATIONS: Final[Migrations[PostgresMigrationStep]] = Migrations(
    latest=STORE_SCHEMA_VERSION, steps={2: hash_every_column, 3: drop_unplanned_index}
)
