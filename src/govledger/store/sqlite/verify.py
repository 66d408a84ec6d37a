"""Reading a SQLite ledger's chain fast, and the two-process verification worker.

The quick walk (:func:`walk_fields`) reads each record's stored columns as plain
tuples and hashes the compact JSON of its hashed fields, written by orjson exactly as
sealing wrote it, checking each partnership's versions on the way; SQLite's
``json_array()`` (:func:`candidate`) renders the candidates of the ordinary walk, which
judges any record the quick walk stops at. A ledger of at least
``PARALLEL_VERIFY_MIN_EVENTS`` records is walked in two halves at once: the second by a
short-lived ``python -I`` worker (:func:`segment_worker`) running :func:`walk_fields`'s
own source, over a read-only URI of the same file.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

from ..chain import ChainRow, canonical_fields

if TYPE_CHECKING:  # imported where used: only a ledger of PARALLEL_VERIFY_MIN_EVENTS starts one
    import subprocess

__all__ = [
    "ALL_V1",
    "candidate",
    "chain_rows_sql",
    "fields_sql",
    "hashed_fields",
    "plain_row",
    "segment_worker",
]

#: The columns hash definition 1 covered (records sealed before schema 3).
HASHED_1 = "position, partnership, type, schema_version, effective, recorded_at, payload"


#: The columns hash definition 2 covers: every column but the two hashes.
HASHED_2 = (
    "position, partnership, version, type, schema_version, effective, visible_from, "
    "recorded_at, payload"
)


NO_VISIBLE_FROM = "0001-01-01"


CHAIN_ROWS_PLAIN = (
    f"SELECT position, prev_hash, hash, {HASHED_2} FROM events WHERE position > ? ORDER BY position"
)


EXACT = f"SELECT {HASHED_2} FROM events WHERE position = ?"


EXACT_1 = f"SELECT {HASHED_1} FROM events WHERE position = ?"


CHAIN_ROWS_PLAIN_1 = (
    f"SELECT position, prev_hash, hash, {HASHED_1} FROM events WHERE position > ? ORDER BY position"
)


#: The "first definition-2 position" of a ledger of an older schema: every record
#: was sealed under definition 1 (and the newer columns may not exist yet).
ALL_V1: Final = 2**62


def candidate(v2_from: int) -> str:
    """SQL rendering each record's canonical bytes under its own hash definition.

    SQLite's json_array() renders the hashed fields as Python's compact JSON does, in C;
    where it ever differs, verify_chain asks for the exact bytes before judging a record.
    """
    if v2_from >= ALL_V1:  # an older schema, perhaps without the newer columns
        return f"CAST(json_array({HASHED_1}) AS BLOB)"
    return (
        f"CAST(CASE WHEN position >= {int(v2_from)} THEN json_array({HASHED_2}) "
        f"ELSE json_array({HASHED_1}) END AS BLOB)"
    )


def chain_rows_sql(v2_from: int) -> str:
    return (
        f"SELECT position, prev_hash, hash, {candidate(v2_from)} FROM events "
        "WHERE position > ? ORDER BY position"
    )


def fields_sql() -> str:
    """The records after one position up to another, with every hashed field as stored
    (hash definition 2)."""
    return (
        f"SELECT position, prev_hash, hash, {HASHED_2} FROM events "
        "WHERE position > ? AND position <= ? ORDER BY position"
    )


def hashed_fields(row: Sequence[object], v2_from: int) -> tuple[object, ...]:
    """The hashed values of a row of :data:`HASHED_2` (of :data:`HASHED_1` when
    *v2_from* is :data:`ALL_V1`) under the record's own definition."""
    if v2_from >= ALL_V1:
        return tuple(row)
    position = row[0]
    if isinstance(position, int) and not isinstance(position, bool) and position < v2_from:
        return (row[0], row[1], row[3], row[4], row[5], row[7], row[8])
    return tuple(row)


# The worker runs walk_fields's own source; it prints where the chain held to, and the
# first and last version of each partnership it saw.
WORKER_MAIN = """
import json, sqlite3, sys
target, sql, after, through, prev = sys.argv[1:6]
rows = sqlite3.connect(target, uri=True).execute(sql, (int(after), int(through)))
position, prev, spans = walk_fields(rows, int(after), prev)
print(position, prev, json.dumps(spans, separators=(",", ":")))
"""


def segment_worker(
    reader: str, sql: str, *, after: int, through: int, prev: str
) -> subprocess.Popen[str] | None:
    """Start a process walking the records after *after* up to *through*, or ``None``."""
    import inspect
    import subprocess

    from ..quickwalk import walk_fields

    try:
        source = "from __future__ import annotations\n" + inspect.getsource(walk_fields)
        return subprocess.Popen(
            [
                *(sys.executable, "-I", "-c", source + WORKER_MAIN),
                *(reader, sql, str(after), str(through), prev),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            stdin=subprocess.DEVNULL,
            text=True,
        )
    except (OSError, TypeError, ValueError):
        return None


def cpus() -> int:
    """How many CPUs this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def as_text(value: object) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def plain_row(row: tuple[object, ...], v2_from: int) -> ChainRow:
    position, prev_hash, hash_ = row[:3]
    try:
        candidate = canonical_fields(*hashed_fields(row[3:], v2_from))
    except ValueError:
        candidate = b""
    return (position, prev_hash, hash_, candidate)  # type: ignore[return-value]
