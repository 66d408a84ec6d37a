"""Every way a plain client can try to rewrite a recorded row, on both stores.

A client here is anyone holding an ordinary connection to the database, sending SQL
directly. Each attempt must be refused by the database itself and leave every row as
it was; the chain then still verifies. What a plain client cannot be stopped from
doing (dropping the triggers in a SQLite file it can write; anything the PostgreSQL
tables' owner may do) is caught by verification instead: see docs/guarantees.md and
tests/test_integrity.py. On PostgreSQL the documented set-up is an application role
that owns nothing, tested at the end.
"""

from __future__ import annotations

from datetime import date

import pytest

from factories import P, formed, resolved
from govledger import Ledger
from govledger.store.open import open_store

from .conftest import Backend, PostgresBackend, RawError

_ROW = "position, partnership, version, type, schema_version, effective, recorded_at, payload, prev_hash, hash, visible_from"  # noqa: E501

#: Statements that would rewrite or remove a recorded event, on either store.
COMMON = [
    "UPDATE events SET payload = '{}' WHERE position = 1",
    "UPDATE events SET version = 9 WHERE position = 2",
    "UPDATE events SET visible_from = '2099-01-01'",
    "DELETE FROM events WHERE position = 2",
    "DELETE FROM events",
    f"INSERT INTO events ({_ROW}) SELECT {_ROW} FROM events WHERE position = 1"
    " ON CONFLICT (position) DO UPDATE SET payload = '{}'",
]
SQLITE_ONLY = [
    f"REPLACE INTO events ({_ROW}) SELECT {_ROW} FROM events WHERE position = 1",
    f"INSERT OR REPLACE INTO events ({_ROW}) SELECT {_ROW} FROM events WHERE position = 1",
    # a new position over an existing (partnership, version): REPLACE would delete row 1
    "INSERT OR REPLACE INTO events SELECT 99, partnership, version, type, schema_version,"
    " effective, recorded_at, payload, prev_hash, hash, visible_from FROM events"
    " WHERE position = 1",
    "UPDATE OR REPLACE events SET position = 1 WHERE position = 2",
    "INSERT OR IGNORE INTO events SELECT * FROM events WHERE position = 1",
]
POSTGRES_ONLY = [
    "TRUNCATE events",
    "TRUNCATE events CASCADE",
    "MERGE INTO events e USING (SELECT 1 AS p) s ON e.position = s.p"
    " WHEN MATCHED THEN UPDATE SET payload = '{}'",
    "MERGE INTO events e USING (SELECT 1 AS p) s ON e.position = s.p WHEN MATCHED THEN DELETE",
]
CHECKPOINTS = ["UPDATE checkpoints SET data = '\\x00'"]


@pytest.fixture
def recorded(backend: Backend) -> Backend:
    """Two partnerships' events and a saved checkpoint on the test's store."""
    with Ledger(backend.open(), checkpoint_every=1) as ledger:
        ledger.append(formed(), resolved("r1", date(2021, 1, 1)))
        ledger.append(formed(partnership="other"))
        ledger.checkpoint()
    return backend


def _rows(backend: Backend) -> list[tuple[object, ...]]:
    return backend.raw("SELECT * FROM events ORDER BY position")


def _attempts(backend: Backend) -> list[str]:
    extra = SQLITE_ONLY if backend.name == "sqlite" else POSTGRES_ONLY
    return COMMON + extra + CHECKPOINTS


def test_every_plain_rewrite_is_refused_and_changes_nothing(recorded: Backend) -> None:
    before = _rows(recorded)
    checkpoints = recorded.raw("SELECT * FROM checkpoints ORDER BY position")
    assert checkpoints
    refused = []
    for statement in _attempts(recorded):
        with pytest.raises(RawError, match=r"append-only|never") as caught:
            recorded.raw(statement)
        refused.append((statement, str(caught.value)))
    assert _rows(recorded) == before
    assert recorded.raw("SELECT * FROM checkpoints ORDER BY position") == checkpoints
    with Ledger.open(recorded.target) as ledger:
        assert ledger.verify().ok
    assert len(refused) == len(_attempts(recorded))


# ---------------------------------------------------------------- an application role


def _as_role(postgres: PostgresBackend, role: str) -> str:
    """The test's URL, connecting as *role* instead of the superuser."""
    from psycopg.conninfo import conninfo_to_dict  # installed with the postgres extra

    user = conninfo_to_dict(postgres.target).get("user")
    url = postgres.target.replace(f"://{user}@", f"://{role}@", 1)
    assert url != postgres.target
    return url


def _app_role(postgres: PostgresBackend) -> str:
    """A login role that owns nothing, granted only what appending and reading need."""
    role = f"app_{postgres.schema}"
    schema = postgres.schema
    postgres.raw(f"CREATE ROLE {role} LOGIN")
    postgres.raw(f"GRANT USAGE ON SCHEMA {schema} TO {role}")
    postgres.raw(f"GRANT SELECT, INSERT ON {schema}.events TO {role}")
    postgres.raw(f"GRANT SELECT, INSERT, DELETE ON {schema}.checkpoints TO {role}")
    postgres.raw(f"GRANT SELECT ON {schema}.govledger_meta TO {role}")
    return role


def test_an_application_role_that_owns_nothing_cannot_get_past_the_triggers(
    postgres: PostgresBackend,
) -> None:
    import psycopg  # the postgres fixture has already skipped if it is not installed

    with Ledger.open(postgres.target) as owner:  # the owner creates the tables
        owner.append(formed())
    role = _app_role(postgres)
    app_url = _as_role(postgres, role)
    try:
        with Ledger(open_store(app_url), checkpoint_every=1) as app:
            app.append(resolved("r1", date(2021, 1, 1)))
            app.checkpoint()
            assert app.verify().ok
        for statement in (
            "ALTER TABLE events DISABLE TRIGGER events_refuse_update",
            "ALTER TABLE events DISABLE TRIGGER ALL",
            "DROP TRIGGER events_refuse_update ON events",
            "SET session_replication_role = replica",
            "UPDATE events SET payload = '{}'",
            "TRUNCATE events",
            "DROP TABLE events",
            "UPDATE checkpoints SET data = '\\x00'",
        ):
            with (
                psycopg.connect(app_url, autocommit=True) as connection,
                pytest.raises(psycopg.Error),
            ):
                connection.execute(statement)
        with Ledger.open(postgres.target) as owner:
            assert owner.verify().ok and owner.version(P) == 2
    finally:
        postgres.raw(f"DROP OWNED BY {role}")
        postgres.raw(f"DROP ROLE {role}")
