"""Which index SQLite plans each query of the store with (``EXPLAIN QUERY PLAN``).

A workload of appends (batched and one by one, from a warm and a cold ledger), questions
(``state`` as of days and as known at positions, ``history``, ``standing``, ``events``),
checkpoints and verification runs on a file ledger while every statement the store
sends is traced; each distinct statement is then planned. The schema's secondary
indexes must each serve some query (an index nothing plans with costs every append and
buys nothing), and the index schema 4 dropped must not be wanted back: planned on a
ledger that still has it, no query uses it.
"""

from __future__ import annotations

import random
import re
import sqlite3
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from govledger import Ledger
from govledger.events import Event

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # bench/ sits beside src/, not inside the package
    sys.path.insert(0, str(ROOT))

from bench import generate  # noqa: E402

#: The secondary indexes of the events table and what the docs say each one serves.
SECONDARY = {
    "events_partnership_version",
    "events_partnership_effective",
    "events_type",
    "events_recorded_at",
}
DROPPED = "events_partnership_visible"


def _traced(path: Path, events: list[Event]) -> list[str]:
    """Every distinct statement the store sends for the workload, with its values."""
    seen: dict[str, str] = {}

    def trace(statement: str) -> None:
        seen.setdefault(re.sub(r"'[^']*'|\b\d+\b", "?", statement), statement)

    def opened(**options: int) -> Ledger:
        ledger = Ledger.open(path, **options)  # type: ignore[arg-type]
        ledger._store._conn.set_trace_callback(trace)  # type: ignore[attr-defined]
        return ledger

    half = len(events) // 2
    with opened() as ledger:
        for start in range(0, half, 100):
            ledger.append(*events[start : start + 100])
        for event in events[half : half + 50]:
            ledger.append(event)
    rng = random.Random(17)
    with opened(rules_cache=1) as ledger:  # cold worlds: every append reads its history
        for event in events[half + 50 :]:
            ledger.append(event)
        known = ledger.position_at()
        partnerships = ledger.partnerships()
        for _ in range(20):
            partnership = rng.choice(partnerships)
            day = date(rng.randint(2012, 2027), rng.randint(1, 12), 1)
            ledger.state(partnership, as_of=day)
            ledger.state(partnership, as_of=day, known_at=known - 5)
            list(ledger.history(partnership))
            list(ledger.history(partnership, known_at=known))
            ledger.standing(partnership)
        ledger.checkpoint()
        ledger.state(partnerships[0], as_of=date(2030, 1, 1))
        ledger.position_at(ledger.record(known // 2).recorded_at)
        list(ledger.events(known_at=known // 2))
        ledger.head(known_at=known // 2)
        assert ledger.verify().ok
    return list(seen.values())


def _plans(path: Path, statements: list[str]) -> Iterator[tuple[str, set[str]]]:
    """Each query statement and the indexes SQLite plans it with."""
    raw = sqlite3.connect(path)
    try:
        for statement in statements:
            if statement.split(None, 1)[0].upper() not in {"SELECT", "WITH", "DELETE"}:
                continue
            rows = raw.execute("EXPLAIN QUERY PLAN " + statement).fetchall()
            used = {name for row in rows for name in re.findall(r"INDEX (\w+)", str(row[3]))}
            yield statement, used
    finally:
        raw.close()


@pytest.fixture(scope="module")
def events() -> list[Event]:
    return generate.generate(600, 17)


def test_every_secondary_index_serves_a_query(tmp_path: Path, events: list[Event]) -> None:
    path = tmp_path / "plans.db"
    statements = _traced(path, events)
    raw = sqlite3.connect(path)
    indexes = {
        str(row[0])
        for row in raw.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' "
            "AND sql IS NOT NULL"
        )
    }
    raw.close()
    assert indexes == SECONDARY
    used = set().union(*(found for _, found in _plans(path, statements)))
    assert used >= SECONDARY, f"no traced query is planned with {SECONDARY - used}"


def test_the_dropped_index_would_serve_no_query(tmp_path: Path, events: list[Event]) -> None:
    path = tmp_path / "plans.db"
    statements = _traced(path, events)
    raw = sqlite3.connect(path)
    raw.execute(f"CREATE INDEX {DROPPED} ON events (partnership, visible_from, effective)")
    raw.close()
    wanting = [statement for statement, used in _plans(path, statements) if DROPPED in used]
    assert not wanting
    # The upcoming entries of a state are among the queries planned, served by another.
    upcoming = [s for s in statements if "visible_from <=" in s and s.startswith("SELECT")]
    assert upcoming
