"""Readable SQL views in a SQLite ledger file, for any SQLite client (Datasette, sqlite3).

The ``events`` table holds each event as a JSON payload, and its ``effective`` column
only the latest bound of an uncertain date. These views read the payloads with SQLite's
JSON functions and give one readable column per fact, both bounds (and the words) of
every date that may be a period, and never raw JSON:

``decisions``, ``parts``, ``votes``, ``named_votes``
    every standing decision (resolutions and delegated decisions), every numbered part
    (nested parts too, cited as ``cdc-exec-118(2)(b)``), every vote and named vote;
``arrangement_spells``, ``service_spells``, ``arrangements_now``
    each change to each arrangement and the spell it starts, each service's spell in
    each arrangement, and each arrangement as its latest change left it;
``posts_spells``
    each title and each holder a post has had, from when until when;
``delegations``, ``cost_shares``
    every delegation (with its revocation and how often it was exercised) and every
    council's share of every cost.

The views show the ledger **as recorded**: corrections are applied (a retracted entry
is left out, its replacement read in its place), but a change is dated by the decision's
own effective date, without waiting for conditions or call-in. What was *in force* on a
day is what :meth:`govledger.Ledger.state` and the exports in :mod:`govledger.export`
answer.

``decisions_fts`` is a full-text index (SQLite FTS5) of each decision's title and the
summaries of its parts, keyed by the decision's ledger position; every append extends it
in its own transaction (:func:`index_appended`, one statement per batch; views set 2 and
before kept it up with a trigger per record). The views are installed when a ledger
file is created, and again (idempotently) whenever a file opened for writing lacks them
or has an older set: they hold no data, so installing them never touches recorded
events or their hashes.
"""

from __future__ import annotations

import sqlite3
from typing import Final

from ._views_sql import VIEWS, VIEWS_VERSION

__all__ = [
    "FTS_TABLE",
    "VIEWS",
    "VIEWS_VERSION",
    "create",
    "drop",
    "ensure",
    "index_appended",
    "installed",
    "searchable",
]

#: The full-text index over decisions' titles and part summaries.
FTS_TABLE: Final = "decisions_fts"
#: The trigger that kept the index up in views set 2 and before; dropped with the views.
_FTS_TRIGGER = "decisions_fts_on_append"
_META_KEY = "views_version"

_SUMMARIES = (
    "(SELECT group_concat(value, ' / ') FROM json_tree(payload, '{parts}') WHERE key = 'summary')"
)
#: The full-text rows of the events ``{where}`` selects: each resolution's title and
#: its parts' summaries, each delegated decision's summary, and the same of a
#: resolution that a retraction puts in the place of the entry it withdraws. A payload
#: that is not JSON (the store accepts any text) is left out, never an error; a row
#: already there at a position (left by records deleted behind the store's back) is
#: replaced, as the trigger of views set 2 did.
_FILL = (
    f"INSERT OR REPLACE INTO {FTS_TABLE} (rowid, title, summaries) "
    "SELECT position, json_extract(payload, '$.title'), "
    + _SUMMARIES.format(parts="$.parts")
    + " FROM events WHERE type = 'ResolutionPassed' AND json_valid(payload){where} "
    "UNION ALL SELECT position, json_extract(payload, '$.summary'), NULL FROM events "
    "WHERE type = 'DelegatedDecisionTaken' AND json_valid(payload){where} "
    "UNION ALL SELECT position, json_extract(payload, '$.replacement.event.title'), "
    + _SUMMARIES.format(parts="$.replacement.event.parts")
    + " FROM events WHERE type = 'EntryRetracted' AND json_valid(payload){where} "
    "AND json_extract(payload, '$.replacement.type') = 'ResolutionPassed'"
)
_FILL_ALL = _FILL.format(where="")
_FILL_RANGE = _FILL.format(where=" AND position BETWEEN ? AND ?")


def _fts_available(connection: sqlite3.Connection) -> bool:
    options = {str(row[0]) for row in connection.execute("PRAGMA compile_options")}
    return "ENABLE_FTS5" in options


def _wanted(connection: sqlite3.Connection) -> set[str]:
    names = set(VIEWS)
    if _fts_available(connection):
        names.add(FTS_TABLE)
    return names


def installed(connection: sqlite3.Connection) -> bool:
    """Whether the current set of views (and the full-text index) is in the file."""
    found = {
        str(row[0])
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('view', 'table', 'trigger')"
        )
    }
    if "govledger_meta" not in found or not _wanted(connection) <= found:
        return False
    row = connection.execute(
        "SELECT value FROM govledger_meta WHERE key = ?", (_META_KEY,)
    ).fetchone()
    return row is not None and str(row[0]) == str(VIEWS_VERSION)


def drop(connection: sqlite3.Connection) -> None:
    """Remove every view, the full-text index and its trigger (inside the caller's
    transaction); recorded events are untouched."""
    connection.execute(f"DROP TRIGGER IF EXISTS {_FTS_TRIGGER}")
    connection.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
    for name in reversed(list(VIEWS)):
        connection.execute(f"DROP VIEW IF EXISTS {name}")


def create(connection: sqlite3.Connection) -> None:
    """Create every view and the full-text index, filled from the events, inside the
    caller's transaction (replacing any older set)."""
    drop(connection)
    for sql in VIEWS.values():
        connection.execute(sql)
    if _fts_available(connection):
        connection.execute(
            f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(title, summaries, "
            "tokenize = 'porter unicode61')"
        )
        connection.execute(_FILL_ALL)
    connection.execute(
        "INSERT OR REPLACE INTO govledger_meta (key, value) VALUES (?, ?)",
        (_META_KEY, str(VIEWS_VERSION)),
    )


def searchable(connection: sqlite3.Connection) -> bool:
    """Whether the file has the full-text index, which every append then extends
    (:func:`index_appended`)."""
    found = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (FTS_TABLE,)
    ).fetchone()
    return found is not None


def index_appended(connection: sqlite3.Connection, first: int, last: int) -> None:
    """Add the decisions recorded at positions *first* to *last* to the full-text index,
    inside the caller's transaction (the store does, in the transaction that writes them).

    One statement per batch, where a trigger ran once per record: the rows are exactly
    those :func:`create` fills the index with.
    """
    connection.execute(_FILL_RANGE, (first, last) * 3)


def ensure(connection: sqlite3.Connection) -> bool:
    """Install the views unless the file already has this set; say whether it did.

    Runs in its own write transaction, so it must be called outside one.
    """
    if installed(connection):
        return False
    connection.execute("BEGIN IMMEDIATE")
    try:
        done = not installed(connection)  # another process may have installed them
        if done:
            create(connection)
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise
    return done
