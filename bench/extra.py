"""The measurements issue 17 added: the floor of govledger's own schema, decoding one
stored event, replay in worker processes, checkpoint bytes, and import time.

Each is measured in the same run as the rest, so every figure can be a ratio to a
baseline timed under the same load.
"""

from __future__ import annotations

import json
import random
import sqlite3
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.measure import spread
from govledger import Ledger, RecordedEvent
from govledger.codec import decode_trusted
from govledger.projections import Fold
from govledger.store import views

__all__ = [
    "FoldEveryPartnership",
    "checkpoint_ratio",
    "decode_micros",
    "own_schema_floor",
]


def own_schema_floor(source: Path, target: Path, batch: int) -> float:
    """Events per second of ``executemany`` of govledger's own rows into its own schema.

    *source* is a ledger govledger wrote; *target* becomes a new, empty ledger (created
    by govledger, so with the same tables, indexes and triggers), and the rows of
    *source*'s events table are inserted into it as they are, *batch* rows per
    transaction, with WAL and ``synchronous = FULL`` as govledger writes, each batch's
    decisions added to the full-text index by the statement govledger's store runs
    (:func:`govledger.store.views.index_appended`): the floor of what govledger's append
    could cost with no rules, no encoding and no hashing.
    """
    Ledger.open(target).close()
    with sqlite3.connect(source) as reading:
        columns = [row[1] for row in reading.execute("PRAGMA table_info(events)")]
        rows = reading.execute(
            f"SELECT {', '.join(columns)} FROM events ORDER BY position"
        ).fetchall()
    insert = f"INSERT INTO events ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
    connection = sqlite3.connect(target, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = FULL")
        searchable = views.searchable(connection)
        at = columns.index("position")
        started = time.perf_counter()
        for start in range(0, len(rows), batch):
            page = rows[start : start + batch]
            connection.execute("BEGIN IMMEDIATE")
            connection.executemany(insert, page)
            if searchable:
                views.index_appended(connection, page[0][at], page[-1][at])
            connection.execute("COMMIT")
        seconds = time.perf_counter() - started
    finally:
        connection.close()
    return len(rows) / seconds


def decode_micros(path: Path, positions: Sequence[int], seed: int) -> tuple[float, float]:
    """``(trusted decode µs, json.loads µs)`` per stored event: medians over rounds.

    The same stored payloads, at *positions*, are decoded by govledger's decoder for
    its own rows and parsed by ``json.loads``, alternately, in random order.
    """
    with sqlite3.connect(path) as connection:
        wanted = sorted(set(positions))
        rows = [
            connection.execute(
                "SELECT type, schema_version, payload FROM events WHERE position = ?", (p,)
            ).fetchone()
            for p in wanted
        ]
    random.Random(seed).shuffle(rows)
    ours: list[float] = []
    theirs: list[float] = []
    loads = json.loads
    for _ in range(7):
        started = time.perf_counter()
        for kind, version, payload in rows:
            decode_trusted(kind, version, payload)
        ours.append((time.perf_counter() - started) * 1e6 / len(rows))
        started = time.perf_counter()
        for _kind, _version, payload in rows:
            loads(payload)
        theirs.append((time.perf_counter() - started) * 1e6 / len(rows))
    return spread(ours).median, spread(theirs).median


class _Folds(dict[str, Fold]):
    """Each partnership's fold; pickled (from a worker) as the number of entries fed."""

    def __reduce__(self) -> tuple[Any, ...]:
        return (dict, ({name: fold.fed for name, fold in self.items()},))


class FoldEveryPartnership:
    """A projection that folds every entry into its partnership's fold, as ``state`` does.

    ``replay(FoldEveryPartnership(), workers=N)`` is the full replay in N processes:
    every event read, decoded and folded. What comes back from a worker is how many
    entries each partnership's fold took, so the figure measures the folding, not
    the pickling of states.
    """

    def initial(self) -> dict[str, Any]:
        return _Folds()

    def apply(self, state: dict[str, Any], entry: RecordedEvent) -> dict[str, Any]:
        fold = state.get(entry.partnership)
        if fold is None:
            fold = state[entry.partnership] = Fold(entry.partnership)
        fold.feed(entry.event)  # in place: the bench's own projection, never shared
        return state

    def merge(self, left: dict[str, Any], right: dict[str, Any]) -> dict[str, Any]:
        return {**left, **right}


def folded_count(state: dict[str, Any]) -> int:
    """How many entries the folds of a :class:`FoldEveryPartnership` state took."""
    return sum(value if isinstance(value, int) else value.fed for value in state.values())


def checkpoint_ratio(path: Path, partnership: str) -> float | None:
    """Bytes of *partnership*'s saved checkpoints over the bytes of its payloads."""
    with sqlite3.connect(path) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        if "checkpoints" not in tables:
            return None
        (saved,) = connection.execute(
            "SELECT COALESCE(SUM(LENGTH(data)), 0) FROM checkpoints WHERE partnership = ?",
            (partnership,),
        ).fetchone()
        (payload,) = connection.execute(
            "SELECT COALESCE(SUM(LENGTH(CAST(payload AS BLOB))), 0) FROM events "
            "WHERE partnership = ?",
            (partnership,),
        ).fetchone()
    return float(saved) / float(payload) if payload else None
