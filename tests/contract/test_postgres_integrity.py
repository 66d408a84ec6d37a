"""``open(verify=True)`` on PostgreSQL checks the ledger's indexes with ``amcheck``.

SQLite's counterpart (``quick_check``) is tested in ``tests/test_integrity.py``. Here the
throwaway server's own index file is damaged on disk while the server is stopped, as a
failing disk or a bad restore would, and the damage must be refused as ``CorruptLedger``.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from factories import P, formed, resolved
from govledger import CorruptLedger, Ledger

from .conftest import PostgresBackend

#: Enough decisions that the largest index of the events table spans several pages.
DECISIONS = 400
PAGE = 8192


def _filled(postgres: PostgresBackend) -> None:
    start = date(2021, 1, 1)
    with Ledger.open(postgres.target, create=True) as ledger:
        ledger.append(
            formed(),
            *(resolved(f"r{i}", start + timedelta(days=i)) for i in range(DECISIONS)),
        )


def _largest_index(postgres: PostgresBackend) -> tuple[str, str]:
    """The events table's largest btree index and its file, relative to the data folder."""
    rows = postgres.raw(
        "SELECT c.relname, pg_relation_filepath(c.oid), pg_relation_size(c.oid) "
        "FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
        "JOIN pg_class t ON t.oid = i.indrelid "
        "WHERE t.relname = 'events' AND t.relnamespace = ?::regnamespace "
        "ORDER BY 3 DESC LIMIT 1",
        (postgres.schema,),
    )
    name, path, size = rows[0]
    assert int(size) >= 3 * PAGE, f"index {name} has only {size} bytes"
    return str(name), str(path)


def test_a_healthy_ledger_passes_amcheck(postgres: PostgresBackend) -> None:
    _filled(postgres)
    postgres.server.execute("CREATE EXTENSION IF NOT EXISTS amcheck")

    with Ledger.open(postgres.target, verify=True) as ledger:
        assert ledger.partnerships() == [P]
        assert ledger.version(P) == DECISIONS + 1


def test_a_damaged_index_is_refused_as_corrupt(postgres: PostgresBackend) -> None:
    cluster = postgres.server.cluster
    if cluster is None:
        pytest.skip("damaging a data file needs the throwaway server the tests start")
    _filled(postgres)
    postgres.server.execute("CREATE EXTENSION IF NOT EXISTS amcheck")
    index, relative = _largest_index(postgres)
    postgres.server.execute("CHECKPOINT")

    def damage() -> None:
        with (cluster.data / relative).open("r+b") as file:
            file.seek(PAGE + 1024)  # inside the first leaf page, past its header
            file.write(bytes([0x5A]) * 2048)

    cluster.restart("fast", while_stopped=damage)

    with pytest.raises(CorruptLedger) as refused:
        Ledger.open(postgres.target, verify=True)
    message = str(refused.value)
    assert "damaged" in message and "backup" in message
    assert f"amcheck finds index {index} corrupt" in message
