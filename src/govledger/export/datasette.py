"""A Datasette ``metadata.json`` for a ledger file: titles, descriptions, facets, search.

`Datasette <https://datasette.io>`_ opens a SQLite ledger file as it is; the readable
views (see :mod:`govledger.store.views`) are what a reader wants. :func:`metadata`
describes them: a title and description per view, a description per column, default
facets, full-text search over decisions (``decisions_fts``), and hides the tables and
helper views a reader has no use for.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from ..store import views
from ..store.views import FTS_TABLE, VIEWS
from .tables import TABLES

__all__ = ["VIEW_DESCRIPTIONS", "metadata"]

#: Each readable view: its title, what it holds, and the columns to facet by.
VIEW_DESCRIPTIONS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "decisions": (
        "Decisions",
        "Every recorded decision, as recorded (corrections applied): who decided, when "
        "(both bounds of a date given only as a period, and its words), the item and "
        "title, and the summaries of its parts. Search it by words in titles and parts.",
        ("partnership", "decided_by", "kind"),
    ),
    "parts": (
        "Parts of decisions",
        "Every numbered part of every resolution, nested parts too, with its outcome, "
        "conditions and recommendations.",
        ("partnership", "outcome", "depth"),
    ),
    "votes": (
        "Votes",
        "Every vote on a decision or a part: the motion, the counts, unanimity, the "
        "casting vote and whether it was carried.",
        ("partnership", "motion", "carried"),
    ),
    "named_votes": (
        "Named votes",
        "Every member's vote recorded by name.",
        ("partnership", "position", "member"),
    ),
    "arrangement_spells": (
        "Arrangement changes",
        "Each change to each joint arrangement (established, varied, notice given, "
        "decoupled, ended) and the spell it starts, until the next change.",
        ("partnership", "arrangement", "change", "status"),
    ),
    "service_spells": (
        "Services in arrangements",
        "Each service's spell in each arrangement: from when it joined until it left, "
        "and how it left.",
        ("partnership", "arrangement", "left_by"),
    ),
    "arrangements_now": (
        "Arrangements as they now stand",
        "Each arrangement as its latest recorded change left it: status, mechanism, lead "
        "and the services still run under it.",
        ("partnership", "status", "mechanism"),
    ),
    "posts_spells": (
        "Posts: titles and holders",
        "Each title and each holder a post has had, from when until when, with the "
        "decisions behind each.",
        ("partnership", "post", "aspect"),
    ),
    "delegations": (
        "Delegations",
        "Every delegation of authority: to whom, in consultation with whom, its scope and "
        "limits, when granted, expiring or revoked, and how often exercised.",
        ("partnership", "jointly"),
    ),
    "cost_shares": (
        "Cost shares",
        "Each council's exact share of each cost, saving or contribution.",
        ("partnership", "council", "kind"),
    ),
}

#: Columns of the views that the tables out do not have, or mean differently there.
_VIEW_COLUMNS: dict[str, str] = {
    "summaries": "The summaries of every part, separated by ' / '",
    "parts": "How many numbered parts it has",
    "votes": "How many votes are recorded on it",
    "recorded_at": "When the ledger recorded it (UTC)",
    "exempt_applies_to": "What the exemption covers: the whole item, a report, an annex",
    "position": "The ledger position of the entry that records it (a stable key)",
    "change": "What changed: established, varied, notice given, decoupled, ended",
    "status": "The status the change left it in",
    "services_named": "The services the change names",
    "services_added": "Services it added",
    "services_removed": "Services it removed",
    "services_left": "Services that have left it",
    "last_change": "Its latest recorded change",
    "left_by": "How the service left: decoupled, varied out, arrangement ended",
    "ended_by": "The decisions that ended the spell",
    "left_at": "The ledger position of the entry it left by",
    "aspect": "title or holder",
    "value": "The title, or the holder's name",
    "basis": "The holder's basis: substantive, acting, interim, seconded",
    "created_as": "The post's title when it was created",
    "exercised": "How many decisions were taken under it",
    "share": "The exact share, such as 1/2",
    "share_decimal": "The share as a decimal, for sorting and sums",
}

#: Columns that mean something else in one view.
_OWN_COLUMNS: dict[str, dict[str, str]] = {
    "named_votes": {"position": "for, against or abstain"},
    "service_spells": {"service": "The service"},
    "posts_spells": {"employer": "The holder's employer"},
}

_SPANS = (
    "from",
    "until",
    "since",
    "granted",
    "temporary_until",
    "term_ends",
    "expires",
    "revoked",
)


def _column_docs() -> dict[str, str]:
    docs: dict[str, str] = {}
    for table in TABLES:
        for column in table.columns:
            docs.setdefault(column.name, column.description)
    for span in _SPANS:
        what = span.replace("_", " ")
        docs.setdefault(f"{span}_earliest", f"{what}: the earliest day it may be (ISO)")
        docs.setdefault(f"{span}_latest", f"{what}: the latest day it may be (ISO)")
        docs.setdefault(f"{span}_words", f"{what}: the record's words for a period")
    docs.update(_VIEW_COLUMNS)
    return docs


def metadata(database: str, *, title: str | None = None) -> dict[str, Any]:
    """Datasette metadata for a ledger file opened as *database* (its file name's stem)."""
    docs = _column_docs()
    columns = _view_columns()
    tables: dict[str, Any] = {}
    for view, (view_title, description, facets) in VIEW_DESCRIPTIONS.items():
        tables[view] = {
            "title": view_title,
            "description": description,
            "columns": {
                name: _OWN_COLUMNS.get(view, {}).get(name, docs.get(name, ""))
                for name in columns[view]
            },
            "facets": list(facets),
        }
    tables["decisions"]["fts_table"] = FTS_TABLE
    tables["decisions"]["fts_pk"] = "position"
    tables["decisions"]["sort_desc"] = "decided_latest"
    for hidden in (
        *(name for name in VIEWS if name.startswith("govledger_")),
        "govledger_meta",
        "checkpoints",
        FTS_TABLE,
    ):
        tables[hidden] = {"hidden": True}
    tables["events"] = {
        "title": "Events (the log itself)",
        "description": "The append-only, hash-chained log: one row per recorded event, its "
        "payload as JSON. Read the views instead; this is what they are built from.",
        "facets": ["type", "partnership"],
    }
    return {
        "title": title or f"govledger: {database}",
        "description": "Decisions of councils working together, as recorded in a govledger "
        "ledger. Dates known only as periods have _earliest, _latest and _words columns.",
        "databases": {database: {"tables": tables}},
    }


def _view_columns() -> dict[str, list[str]]:
    """Every view's column names, read from its SQL by SQLite itself."""
    connection = sqlite3.connect(":memory:")
    try:
        connection.execute(
            "CREATE TABLE events (position INTEGER PRIMARY KEY, partnership TEXT, version "
            "INTEGER, type TEXT, schema_version INTEGER, effective TEXT, recorded_at TEXT, "
            "payload TEXT, prev_hash TEXT, hash TEXT, visible_from TEXT)"
        )
        connection.execute("CREATE TABLE govledger_meta (key TEXT PRIMARY KEY, value TEXT)")
        views.create(connection)
        found = {}
        for view in VIEWS:
            cursor = connection.execute(f"SELECT * FROM {view} LIMIT 0")
            found[view] = [d[0] for d in cursor.description]
        return found
    finally:
        connection.close()
