"""The store contract: what every govledger store promises, checked on SQLite and PostgreSQL.

Each test takes ``backend`` (directly or through ``store`` / ``ledger``), so it runs once
per store; the few PostgreSQL-only promises (TRUNCATE, URLs, roles, schemas) take
``postgres``.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factories import P, formed, resolved
from govledger import ConcurrencyError, Ledger
from govledger.errors import (
    LedgerBusy,
    LedgerClosed,
    MigrationFailed,
    MigrationRequired,
    NotALedger,
    ReadOnlyLedger,
    SchemaVersionError,
    StoreError,
    UsageError,
)
from govledger.store import (
    GENESIS_HASH,
    GENESIS_HEAD,
    BulkImport,
    ChainBroken,
    ChainHead,
    ChainProblem,
    Checkpoints,
    EntryRows,
    FastVerify,
    Migrations,
    NewRecord,
    PayloadSearch,
    Query,
    SessionCheckpoints,
    StoredRecord,
    WriteSession,
    canonical_bytes,
    chain_hash,
    verify_chain,
    verify_store,
)
from govledger.store.base import Checkpoint, EventStore

from .conftest import (
    MEMORY,
    START,
    Backend,
    PostgresBackend,
    RawError,
    SetClock,
    Store,
    another_store,
    offering,
    offers_all,
    opened,
)
from .memory import MemoryStore


def record(
    partnership: str = "cdc-occ",
    effective: date = date(2022, 9, 1),
    *,
    type: str = "PostRetitled",
    payload: str = '{"n":0}',
    visible_from: date | None = None,
) -> NewRecord:
    return NewRecord(
        partnership=partnership,
        type=type,
        schema_version=1,
        effective=effective,
        payload=payload,
        visible_from=visible_from,
    )


#: A test of the required interface alone: it runs on the in-memory store too.
REQUIRED = pytest.mark.required
#: Tests of an optional capability: each runs on the stores that offer it, and only there.
OFFERS_CHECKPOINTS = pytest.mark.offers.with_args(Checkpoints)
OFFERS_FAST_VERIFY = pytest.mark.offers.with_args(FastVerify)
OFFERS_BULK_IMPORT = pytest.mark.offers.with_args(BulkImport)
OFFERS_ENTRY_ROWS = pytest.mark.offers.with_args(EntryRows)
OFFERS_PAYLOAD_SEARCH = pytest.mark.offers.with_args(PayloadSearch)


def append(store: EventStore, *records: NewRecord) -> list[StoredRecord]:
    with store.write() as session:
        return session.append(list(records))


def numbered(count: int, partnership: str = "cdc-occ") -> list[NewRecord]:
    return [
        record(partnership, date(2020, 1, 1) + timedelta(days=n % 400), payload=f'{{"n":{n}}}')
        for n in range(count)
    ]


# ---------------------------------------------------------------- the interface


@REQUIRED
def test_each_store_offers_the_required_interface_and_says_what_else(
    backend: Backend, store: EventStore
) -> None:
    with store.write() as session:
        assert isinstance(session, WriteSession)
        offered_in_session = isinstance(session, SessionCheckpoints)
    offered = {
        capability.__name__
        for capability in (Checkpoints, FastVerify, BulkImport, EntryRows)
        if isinstance(store, capability)
    }

    assert isinstance(store, EventStore)
    if backend.name == MEMORY:  # the required methods alone
        assert (offered, offered_in_session) == (set(), False)
    else:
        every = {"Checkpoints", "FastVerify", "BulkImport", "EntryRows"}
        assert (offered, offered_in_session) == (every, True)


class _CachingMemoryStore(MemoryStore):
    """The in-memory store, pretending to keep checkpoints: for choosing tests only."""

    def checkpoint(
        self, partnership: str, kind: str, *, through: date, known_by: int, format: str
    ) -> Checkpoint | None:
        return None

    def save_checkpoint(self, checkpoint: Checkpoint) -> bool:
        return False

    def drop_checkpoints(
        self, partnership: str | None = None, *, unless_format: str | None = None
    ) -> int:
        return 0

    def checkpoint_rows(self) -> Iterator[tuple[Checkpoint, str | None, bool]]:
        return iter(())


def test_a_capability_is_tested_on_each_store_that_offers_it_and_only_there() -> None:
    assert offering([Checkpoints, FastVerify, BulkImport, EntryRows]) == ["sqlite", "postgresql"]
    assert offering([]) == ["sqlite", "postgresql", MEMORY]
    assert not offers_all(MemoryStore, [Checkpoints])
    assert offers_all(_CachingMemoryStore, [Checkpoints])
    assert not offers_all(_CachingMemoryStore, [Checkpoints, FastVerify])


@REQUIRED
def test_the_ledger_keeps_checkpoints_only_where_the_store_offers_them(
    backend: Backend,
) -> None:
    with Ledger(backend.open(), checkpoint_every=1) as ledger:
        ledger.append(formed(), resolved("r1", date(2021, 1, 1)))

        ledger.checkpoint(P)
        state = ledger.state(P, as_of=date(2021, 2, 1))
        deep = ledger.verify(deep=True)
        dropped = ledger.drop_checkpoints()

    assert [r.resolution for r in state.resolutions] == ["r1"]
    assert (deep.ok, deep.checkpoints_checked > 0) == (True, backend.name != MEMORY)
    assert (dropped > 0) == (backend.name != MEMORY)


# ---------------------------------------------------------------- positions and versions


@REQUIRED
def test_positions_are_gapless_from_one_across_partnerships_and_batches(
    store: EventStore,
) -> None:
    append(store, record("a"), record("b"))
    append(store, record("a"))
    append(store, record("c"), record("b"), record("a"))

    positions = [r.position for r in store.read(Query(order="position"))]

    assert positions == [1, 2, 3, 4, 5, 6]
    assert store.last_position() == 6


@REQUIRED
def test_versions_increase_by_one_per_partnership_in_the_order_given(store: EventStore) -> None:
    append(store, record("a"), record("b"), record("a"))
    stored = append(store, record("b"), record("a"))

    assert [(r.partnership, r.version) for r in stored] == [("b", 2), ("a", 3)]
    assert (store.version("a"), store.version("b"), store.version("zzz")) == (3, 2, 0)


@REQUIRED
def test_empty_store_has_nothing(store: EventStore) -> None:
    assert (store.last_position(), store.version("a"), store.partnerships()) == (0, 0, [])
    assert store.head() == GENESIS_HEAD
    assert list(store.read()) == []


@REQUIRED
def test_write_session_sees_its_own_appends(store: EventStore) -> None:
    with store.write() as session:
        session.append([record("a"), record("a", date(2020, 1, 1))])
        assert (session.version("a"), session.last_position()) == (2, 2)
        assert [r.effective for r in session.read(Query(partnership="a"))] == [
            date(2020, 1, 1),
            date(2022, 9, 1),
        ]
        assert [
            r.position for r in session.read(Query(partnership="a", after=date(2021, 1, 1)))
        ] == [1]


@REQUIRED
def test_appending_nothing_writes_nothing(store: EventStore) -> None:
    with store.write() as session:
        assert session.append([]) == []

    assert store.last_position() == 0


# ---------------------------------------------------------------- recording time


@REQUIRED
def test_recorded_at_is_the_clock_time_in_utc(store: EventStore, clock: SetClock) -> None:
    clock.now = datetime(2026, 11, 23, 14, 0, 0, 654321, tzinfo=timezone(timedelta(hours=2)))

    (stored,) = append(store, record())

    assert stored.recorded_at == clock.now
    assert stored.recorded_at.utcoffset() == timedelta(0)
    (read,) = store.read()
    assert read.recorded_at == datetime(2026, 11, 23, 12, 0, 0, 654321, tzinfo=UTC)


@REQUIRED
def test_records_in_one_batch_share_one_recorded_at(store: EventStore) -> None:
    stored = append(store, *numbered(5))

    assert len({r.recorded_at for r in stored}) == 1


@REQUIRED
def test_recorded_at_never_goes_back_when_the_clock_does(
    store: EventStore, clock: SetClock
) -> None:
    append(store, record())
    clock.now = START - timedelta(days=3)

    (later,) = append(store, record())

    assert later.recorded_at == START


@REQUIRED
def test_recorded_at_round_trips_with_microseconds_after_reopening(
    backend: Backend, clock: SetClock
) -> None:
    with backend.open(clock=clock) as first:
        (stored,) = append(first, record())

    with backend.open() as reopened:
        (read,) = reopened.read()

    assert read.recorded_at == stored.recorded_at == START
    assert read == stored


@REQUIRED
def test_without_a_clock_recorded_at_is_the_stores_own_time(backend: Backend) -> None:
    before = datetime.now(UTC)
    with backend.open() as store:
        first = append(store, record())[0].recorded_at
        second = append(store, record())[0].recorded_at
    after = datetime.now(UTC)

    assert before - timedelta(seconds=5) <= first <= second <= after + timedelta(seconds=5)
    assert first.utcoffset() == timedelta(0)


@REQUIRED
def test_naive_clock_is_refused_with_store_error(store: EventStore, clock: SetClock) -> None:
    clock.now = datetime(2026, 1, 1)

    with pytest.raises(StoreError, match="timezone-aware"):
        append(store, record())

    assert store.last_position() == 0


@REQUIRED
def test_position_at_is_the_last_position_recorded_by_then(
    store: EventStore, clock: SetClock
) -> None:
    append(store, record(), record())
    clock.now = START + timedelta(hours=1)
    append(store, record())

    assert store.position_at(START - timedelta(seconds=1)) == 0
    assert store.position_at(START) == 2
    assert store.position_at(START + timedelta(minutes=59)) == 2
    assert store.position_at(START + timedelta(hours=2)) == 3


# ---------------------------------------------------------------- append-only


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE events SET payload = '{}' WHERE position = 1",
        "UPDATE events SET payload = payload",
        "DELETE FROM events WHERE position = 1",
        "DELETE FROM events",
    ],
)
def test_raw_update_and_delete_are_refused(
    backend: Backend, store: EventStore, statement: str
) -> None:
    original = append(store, record(), record())

    with pytest.raises(RawError, match="append-only"):
        backend.raw(statement)

    assert list(store.read(Query(order="position"))) == original


def test_raw_truncate_is_refused_on_postgres(postgres: PostgresBackend) -> None:
    with postgres.open() as store:
        append(store, record())

        with pytest.raises(RawError, match="append-only: TRUNCATE is refused"):
            postgres.raw("TRUNCATE events")

        assert store.last_position() == 1


# ---------------------------------------------------------------- transactions


@REQUIRED
def test_exception_inside_write_writes_nothing(store: EventStore) -> None:
    def refused_write() -> None:
        with store.write() as session:
            session.append([record("a"), record("b")])
            raise RuntimeError("the rules said no")

    with pytest.raises(RuntimeError):
        refused_write()

    assert (store.last_position(), store.partnerships()) == (0, [])


@REQUIRED
def test_a_refused_append_inside_a_session_leaves_the_rest_of_it(store: EventStore) -> None:
    with store.write() as session:
        session.append([record("a")])
        with pytest.raises(UsageError):
            session.append([record("b"), record("", payload="{}")])
        session.append([record("c")])

    assert [(r.partnership, r.position) for r in store.read(Query(order="position"))] == [
        ("a", 1),
        ("c", 2),
    ]


@REQUIRED
def test_write_session_cannot_be_used_after_its_block(store: EventStore) -> None:
    with store.write() as session:
        pass

    with pytest.raises(UsageError, match="ended"):
        session.append([record()])


@REQUIRED
def test_nested_write_is_refused(store: EventStore) -> None:
    with store.write(), pytest.raises(UsageError, match="already open"), store.write():
        pass


def test_write_lock_makes_another_writer_busy(backend: Backend) -> None:
    with backend.open() as holder, backend.open(busy_timeout=0.2) as waiter:
        with holder.write() as session:
            session.append([record()])
            started = time.monotonic()
            with pytest.raises(LedgerBusy, match="busy timeout"), waiter.write():
                pass
            waited = time.monotonic() - started
        assert 0.1 <= waited < 5
        append(waiter, record())
        assert waiter.last_position() == 2


def test_zero_busy_timeout_fails_at_once(backend: Backend) -> None:
    with (
        backend.open() as holder,
        backend.open(busy_timeout=0) as waiter,
        holder.write(),
        pytest.raises(LedgerBusy),
    ):
        append(waiter, record())


# ---------------------------------------------------------------- reading


@pytest.fixture
def filled(store: EventStore, clock: SetClock) -> EventStore:
    """Five records of two partnerships, recorded at two moments."""
    append(
        store,
        record("a", date(2022, 3, 1), type="PostCreated"),
        record("b", date(2021, 1, 1), visible_from=date(2020, 6, 1)),
        record("a", date(2021, 6, 1)),
    )
    clock.now = START + timedelta(hours=1)
    append(store, record("a", date(2021, 6, 1), type="PostCreated"), record("b", date(2023, 1, 1)))
    return store


def positions(records: Iterator[StoredRecord]) -> list[int]:
    return [r.position for r in records]


@REQUIRED
def test_read_orders_by_effective_date_then_position(filled: EventStore) -> None:
    assert positions(filled.read()) == [2, 3, 4, 1, 5]


@REQUIRED
def test_read_by_position_is_the_recording_order(filled: EventStore) -> None:
    assert positions(filled.read(Query(order="position"))) == [1, 2, 3, 4, 5]


@REQUIRED
@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"partnership": "a"}, [3, 4, 1]),
        ({"until": date(2021, 6, 1)}, [2, 3, 4]),
        ({"after": date(2021, 6, 1)}, [1, 5]),
        ({"after": date(2021, 1, 1), "until": date(2022, 3, 1)}, [3, 4, 1]),
        ({"visible_by": date(2020, 12, 31)}, [2]),
        ({"types": ["PostCreated"]}, [4, 1]),
        ({"types": []}, []),
        ({"max_position": 3}, [2, 3, 1]),
        ({"after_position": 3}, [4, 5]),
        ({"recorded_by": START}, [2, 3, 1]),
        ({"recorded_by": START - timedelta(microseconds=1)}, []),
        ({"partnership": "b", "max_position": 4}, [2]),
    ],
)
def test_read_filters_all_hold(
    filled: EventStore, filters: dict[str, object], expected: list[int]
) -> None:
    assert positions(filled.read(Query(**filters))) == expected  # type: ignore[arg-type]


@REQUIRED
def test_read_recorded_by_compares_instants_across_time_zones(filled: EventStore) -> None:
    ahead = START.astimezone(timezone(timedelta(hours=5)))

    assert positions(filled.read(Query(recorded_by=ahead, order="position"))) == [1, 2, 3]


@REQUIRED
def test_visible_from_is_kept_and_defaults_to_the_effective_day(filled: EventStore) -> None:
    kept = {r.position: r.visible_from for r in filled.read()}

    assert kept[2] == date(2020, 6, 1)
    assert kept[1] == date(2022, 3, 1)


@REQUIRED
def test_read_is_lazy_and_pinned_to_when_it_started(store: EventStore) -> None:
    append(store, *numbered(3))
    reading = store.read(Query(order="position"))

    first = next(reading)
    append(store, record())

    assert [first.position, *positions(reading)] == [1, 2, 3]


@REQUIRED
def test_read_streams_many_records_in_order(store: EventStore) -> None:
    append(store, *numbered(4_500))

    by_position = positions(store.read(Query(order="position")))
    by_day = [(r.effective, r.position) for r in store.read()]

    assert by_position == list(range(1, 4_501))
    assert by_day == sorted(by_day)
    assert len(by_day) == 4_500


@REQUIRED
@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ({"order": "recorded"}, "order must be"),
        ({"until": datetime(2022, 1, 1, tzinfo=UTC)}, "until must be a datetime.date"),
        ({"recorded_by": datetime(2022, 1, 1)}, "timezone-aware"),
        ({"types": "PostCreated"}, "types must be a list"),
        ({"partnership": 7}, "partnership must be"),
    ],
)
def test_read_refuses_bad_filters(
    store: EventStore, filters: dict[str, object], message: str
) -> None:
    with pytest.raises(UsageError, match=message):
        list(store.read(Query(**filters)))  # type: ignore[arg-type]


def entry(record: StoredRecord) -> tuple[object, ...]:
    """*record* as :meth:`EntryRows.entries` gives it."""
    return (
        record.position,
        record.partnership,
        record.version,
        record.type,
        record.schema_version,
        record.recorded_at,
        record.payload,
        record.hash,
    )


@OFFERS_ENTRY_ROWS
@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"order": "position"},
        {"partnership": "a"},
        {"after": date(2021, 1, 1), "until": date(2022, 3, 1)},
        {"visible_by": date(2020, 12, 31)},
        {"types": ["PostCreated"]},
        {"types": []},
        {"recorded_by": START, "order": "position"},
        {"partnership": "b", "max_position": 4, "after_position": 1},
    ],
)
def test_entries_are_the_records_read_as_plain_tuples(
    filled: EventStore, filters: dict[str, object]
) -> None:
    assert isinstance(filled, EntryRows)
    query = Query(**filters)  # type: ignore[arg-type]

    entries = list(filled.entries(query))

    assert entries == [entry(record) for record in filled.read(query)]
    assert all(type(row) is tuple for row in entries)
    assert all(row[5].utcoffset() == timedelta(0) for row in entries)


@OFFERS_ENTRY_ROWS
def test_entries_are_lazy_and_pinned_to_when_they_started(store: EventStore) -> None:
    assert isinstance(store, EntryRows)
    append(store, *numbered(3))
    reading = store.entries(Query(order="position"))

    first = next(reading)
    append(store, record())

    assert [first[0], *(row[0] for row in reading)] == [1, 2, 3]


@OFFERS_ENTRY_ROWS
def test_entries_stream_many_records_in_order(store: EventStore) -> None:
    assert isinstance(store, EntryRows)
    append(store, *numbered(4_500))

    assert [row[0] for row in store.entries(Query(order="position"))] == list(range(1, 4_501))
    assert [row[0] for row in store.entries()] == positions(store.read())


@REQUIRED
def test_history_is_the_same_whether_the_store_streams_entries_or_records(
    backend: Backend,
) -> None:
    store = backend.open()
    with Ledger(store) as ledger:
        ledger.append(formed(), resolved("r1", date(2021, 1, 1)), resolved("r2", date(2020, 6, 1)))
        entries = list(ledger.history(P))
        every = list(ledger.events())
        records = list(store.read(Query(partnership=P)))

    assert [e.position for e in entries] == [r.position for r in records]
    assert [(e.version, e.recorded_at, e.hash) for e in entries] == [
        (r.version, r.recorded_at, r.hash) for r in records
    ]
    assert [e.event for e in every] == [e.event for e in sorted(entries, key=lambda e: e.position)]


@REQUIRED
def test_partnerships_are_distinct_and_sorted(store: EventStore) -> None:
    append(store, record("b"), record("a"), record("b"), record("C"), record("a-b"))

    assert store.partnerships() == ["C", "a", "a-b", "b"]


@REQUIRED
def test_read_gives_back_exactly_what_was_appended(store: EventStore) -> None:
    payload = '{"title":"Directeur général – Joint Chief Executive 🏛","n":[1,2.5,null]}'
    stored = append(store, record(payload=payload), record("b", date(1066, 10, 14)))

    assert list(store.read(Query(order="position"))) == stored


# ---------------------------------------------------------------- the hash chain


@REQUIRED
def test_each_record_links_to_the_one_before_and_hashes_its_content(store: EventStore) -> None:
    append(store, record("a"), record("b"))
    append(store, record("a", payload='{"n":2}'))

    previous = GENESIS_HASH
    for stored in store.read(Query(order="position")):
        assert stored.prev_hash == previous
        assert stored.hash == chain_hash(previous, canonical_bytes(stored))
        previous = stored.hash
    assert store.head() == ChainHead(3, previous)


@REQUIRED
def test_intact_ledger_verifies_every_event(store: EventStore) -> None:
    append(store, *numbered(2_500))

    report = verify_store(store)

    assert (report.ok, report.events_checked, report.head) == (True, 2_500, store.head())


@REQUIRED
def test_empty_ledger_verifies_with_the_genesis_head(store: EventStore) -> None:
    assert verify_store(store).head == GENESIS_HEAD


@pytest.fixture
def six(backend: Backend, store: EventStore) -> ChainHead:
    """Six records in three batches; returns the head."""
    append(store, record("a"), record("b"))
    append(store, record("a", payload='{"n":1}'), record("a", payload='{"n":2}'))
    append(store, record("b", payload='{"n":3}'), record("a", payload='{"n":4}'))
    return store.head()


@OFFERS_FAST_VERIFY
@pytest.mark.parametrize(
    ("statements", "problem", "position"),
    [
        ([("UPDATE events SET payload = ? WHERE position = 3", ['{"n":9}'])], "payload", 3),
        ([("UPDATE events SET hash = ? WHERE position = 2", ["ab" * 32])], "hash", 2),
        ([("UPDATE events SET prev_hash = ? WHERE position = 4", ["cd" * 32])], "hash", 4),
        (["DELETE FROM events WHERE position = 4"], "missing", 4),
        ([("UPDATE events SET partnership = ? WHERE position = 5", ["z"])], "payload", 5),
    ],
)
def test_tampering_is_found_and_named_at_its_position(
    backend: Backend,
    store: Store,
    six: ChainHead,
    statements: list[tuple[str, list[object]] | str],
    problem: str,
    position: int,
) -> None:
    backend.tamper(*statements)

    report = store.verify()

    kinds = {
        "payload": ChainProblem.PAYLOAD_CHANGED,
        "hash": ChainProblem.HASH_EDITED,
        "missing": ChainProblem.ROW_MISSING,
    }
    assert (report.ok, report.problem, report.first_bad_position) == (
        False,
        kinds[problem],
        position,
    )
    assert report.events_checked == position - 1


def test_open_with_verify_refuses_a_broken_ledger(backend: Backend, six: ChainHead) -> None:
    backend.tamper(("UPDATE events SET payload = ? WHERE position = 2", ['{"n":9}']))

    with pytest.raises(ChainBroken, match="position 2"):
        Ledger.open(backend.target, verify=True)


@OFFERS_FAST_VERIFY
def test_a_truncated_tail_is_found_against_a_remembered_head(
    backend: Backend, store: Store, six: ChainHead
) -> None:
    backend.tamper("DELETE FROM events WHERE position >= 5")

    assert store.verify().ok
    report = store.verify(expected_head=six)
    assert (report.ok, report.problem) == (False, ChainProblem.TAIL_TRUNCATED)


@OFFERS_FAST_VERIFY
def test_rewritten_and_rehashed_history_is_found_against_a_remembered_head(
    backend: Backend, store: Store, six: ChainHead
) -> None:
    records = list(store.read(Query(order="position")))
    prev = records[1].hash
    statements: list[tuple[str, list[object]] | str] = []
    for old in records[2:]:
        payload = '{"rewritten":true}' if old.position == 3 else old.payload
        changed = attrs.evolve(old, payload=payload)
        new_hash = chain_hash(prev, canonical_bytes(changed))
        statements.append(
            (
                "UPDATE events SET payload = ?, prev_hash = ?, hash = ? WHERE position = ?",
                [changed.payload, prev, new_hash, old.position],
            )
        )
        prev = new_hash
    backend.tamper(*statements)

    assert store.verify().ok
    report = store.verify(expected_head=six)
    assert (report.ok, report.problem) == (False, ChainProblem.HISTORY_REWRITTEN)


@OFFERS_FAST_VERIFY
def test_fast_verify_gives_the_verdicts_of_the_plain_walk(
    backend: Backend, store: Store, six: ChainHead
) -> None:
    def both() -> list[tuple[object, ...]]:
        return [
            (r.ok, r.problem, r.first_bad_position, r.events_checked, r.head)
            for r in (store.verify(), verify_chain(store))
        ]

    intact = both()
    backend.tamper(("UPDATE events SET payload = ? WHERE position = 3", ['{"n":9}']))
    broken = both()

    assert intact[0] == intact[1] and intact[0][0] is True
    assert broken[0] == broken[1] and broken[0][:3] == (False, ChainProblem.PAYLOAD_CHANGED, 3)


#: One damage of each kind the walk and the audit tell apart, as SQL run at a position.
DAMAGES: dict[str, tuple[str, list[object]]] = {
    "payload": ("UPDATE events SET payload = ? WHERE position = ?", ['{"n":9}']),
    "hash": ("UPDATE events SET hash = ? WHERE position = ?", ["ab" * 32]),
    "prev_hash": ("UPDATE events SET prev_hash = ? WHERE position = ?", ["cd" * 32]),
    "version": ("UPDATE events SET version = version + 7 WHERE position = ?", []),
    "partnership": ("UPDATE events SET partnership = 'z' WHERE position = ?", []),
    "type": ("UPDATE events SET type = 'Other' WHERE position = ?", []),
    "schema_version": ("UPDATE events SET schema_version = 2 WHERE position = ?", []),
    "effective": ("UPDATE events SET effective = ? WHERE position = ?", [date(1999, 1, 1)]),
    "visible_from": (
        "UPDATE events SET visible_from = ? WHERE position = ?",
        [date(1999, 1, 1)],
    ),
    "recorded_at": (
        "UPDATE events SET recorded_at = ? WHERE position = ?",
        [datetime(2001, 1, 1, tzinfo=UTC)],
    ),
    "deleted": ("DELETE FROM events WHERE position = ?", []),
    "moved": ("UPDATE events SET position = position + 100 WHERE position = ?", []),
}


@OFFERS_FAST_VERIFY
@pytest.mark.parametrize("at", range(1, 7))
@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_fast_verify_gives_the_plain_walks_verdict_on_every_damage(
    backend: Backend, store: Store, six: ChainHead, damage: str, at: int
) -> None:
    """Whatever is damaged, wherever: the store's own verify() (its quick walk, and the
    ordinary walk where that stops) says what the plain walk and full audit say."""
    sql, values = DAMAGES[damage]
    if backend.name == "sqlite":
        # the text the SQLite store keeps: ISO days, and recording times with microseconds
        values = [
            v.isoformat(timespec="microseconds")
            if isinstance(v, datetime)
            else v.isoformat()
            if isinstance(v, date)
            else v
            for v in values
        ]
    backend.tamper((sql, [*values, at]))

    for expected in (None, six):
        fast = store.verify(expected_head=expected)
        plain = verify_chain(store, expected_head=expected)
        shown = (fast.ok, fast.problem, fast.first_bad_position, fast.events_checked, fast.head)
        assert shown == (
            plain.ok,
            plain.problem,
            plain.first_bad_position,
            plain.events_checked,
            plain.head,
        )
        assert fast.detail == plain.detail
    assert not store.verify(expected_head=six).ok


@OFFERS_PAYLOAD_SEARCH
@pytest.mark.parametrize(
    "words",
    [(), ('"n"',), ('"n":1',), ('"n":1', "x"), ('"q":"%_\\\\"',), ("é",), ("none",)],
)
def test_a_payload_search_gives_the_records_a_read_and_a_test_would(
    store: Store, words: tuple[str, ...]
) -> None:
    append(store, record("a"), record("b", payload='{"n":1,"x":2}'))
    append(store, record("a", payload='{"n":11}'), record("b", payload='{"q":"%_\\\\"}'))
    append(store, record("a", payload='{"é":1}'), record("a", payload='{"n":1}'))
    for known in (0, 3, 6):
        expected = [
            r
            for r in store.read(Query(order="position", max_position=known))
            if all(w in r.payload for w in words)
        ]
        assert isinstance(store, PayloadSearch)
        assert list(store.containing(words, max_position=known)) == expected


@OFFERS_BULK_IMPORT
def test_bulk_import_keeps_another_stores_records_unchanged(backend: Backend, store: Store) -> None:
    with another_store(backend) as source:
        append(source, record("a"), record("b"))
        append(source, record("a", date(2020, 1, 1), visible_from=date(2019, 1, 1)))
        sealed = list(source.read(Query(order="position")))

    with pytest.raises(UsageError, match="does not follow record 1"):
        store.import_records(iter([sealed[0], sealed[2]]))
    assert store.last_position() == 0
    assert store.import_records(iter(sealed)) == 3

    assert list(store.read(Query(order="position"))) == sealed
    assert store.head() == ChainHead(3, sealed[-1].hash)
    assert verify_store(store).ok
    with pytest.raises(UsageError, match="already holds events"):
        store.import_records(iter(sealed))
    assert store.last_position() == 3


# ---------------------------------------------------------------- the ledger on each store


def test_expected_version_conflict_is_a_concurrency_error(backend: Backend) -> None:
    with Ledger.open(backend.target) as first, Ledger.open(backend.target) as second:
        first.append(formed())
        seen = second.version(P)
        first.append(resolved("r1", date(2021, 1, 1)), expected_version=seen)

        with pytest.raises(ConcurrencyError, match="at version 2, not the expected 1"):
            second.append(resolved("r2", date(2021, 1, 2)), expected_version=seen)

        assert second.version(P) == 2
        second.append(resolved("r2", date(2021, 1, 2)), expected_version=2)
        assert [e.position for e in first.history(P)] == [1, 2, 3]


@REQUIRED
def test_a_rejected_append_writes_nothing_on_either_store(ledger: Ledger) -> None:
    ledger.append(formed())

    with pytest.raises(Exception, match="partnership"):
        ledger.append(resolved("r1", date(2021, 1, 1), partnership="nobody"))

    assert ledger.version(P) == 1
    assert ledger.verify().ok


@REQUIRED
def test_ledger_state_and_history_on_the_store(ledger: Ledger) -> None:
    ledger.append(formed(), resolved("r1", date(2021, 1, 1)))
    ledger.append(resolved("r2", date(2020, 6, 1)))

    history = [(e.position, e.event.effective) for e in ledger.history(P)]
    state = ledger.state(P, as_of=date(2021, 2, 1))

    assert history == [(1, date(2020, 1, 1)), (3, date(2020, 6, 1)), (2, date(2021, 1, 1))]
    assert [m.council for m in state.members] == ["alpha", "beta"]
    assert [r.resolution for r in state.resolutions] == ["r1", "r2"]
    assert ledger.partnerships() == [P]


# ---------------------------------------------------------------- checkpoints


def checkpoint(
    through: date, position: int, *, partnership: str = "a", data: bytes = b"\x00fold\xff"
) -> Checkpoint:
    return Checkpoint(
        partnership=partnership,
        kind="state",
        through=through,
        position=position,
        format="v1",
        data=data,
    )


def find(store: Store, through: date, known_by: int = 100) -> Checkpoint | None:
    found = store.checkpoint("a", "state", through=through, known_by=known_by, format="v1")
    return unbound(found)


def unbound(found: Checkpoint | None) -> Checkpoint | None:
    """*found* without what the store added when saving it (its chain binding)."""
    if found is None:
        return None
    assert len(found.chain_hash) == 64 and len(found.digest) == 64
    return attrs.evolve(found, chain_hash="", digest="")


@OFFERS_CHECKPOINTS
def test_a_saved_checkpoint_is_found_for_later_questions(store: Store) -> None:
    append(store, record("a", date(2021, 1, 1)), record("a", date(2022, 1, 1)))
    saved = checkpoint(date(2021, 6, 1), 2)

    assert store.save_checkpoint(saved)

    assert find(store, date(2021, 6, 1)) == saved
    assert find(store, date(2030, 1, 1)) == saved
    assert find(store, date(2021, 5, 31)) is None
    assert find(store, date(2030, 1, 1), known_by=1) is None
    assert store.checkpoint("a", "state", through=date(2030, 1, 1), known_by=9, format="v2") is None


@OFFERS_CHECKPOINTS
def test_the_best_checkpoint_is_the_latest_through_then_the_latest_position(
    store: Store,
) -> None:
    append(store, *[record("a", date(2025, 1, 1))] * 3)
    for through, position in [(date(2021, 1, 1), 1), (date(2022, 1, 1), 2), (date(2022, 1, 1), 3)]:
        assert store.save_checkpoint(checkpoint(through, position))

    best = find(store, date(2023, 1, 1))

    assert best is not None and (best.through, best.position) == (date(2022, 1, 1), 3)
    older = find(store, date(2023, 1, 1), known_by=2)
    assert older is not None and older.position == 2


@OFFERS_CHECKPOINTS
def test_a_checkpoint_already_stale_is_not_kept(store: Store) -> None:
    append(store, record("a", date(2021, 1, 1)))
    append(store, record("a", date(2020, 1, 1)))  # position 2, back-dated

    assert not store.save_checkpoint(checkpoint(date(2021, 6, 1), 1))
    assert store.save_checkpoint(checkpoint(date(2019, 6, 1), 1))
    assert find(store, date(2021, 6, 1)) == checkpoint(date(2019, 6, 1), 1)


@OFFERS_CHECKPOINTS
def test_a_back_dated_append_drops_the_checkpoints_it_changes(store: Store) -> None:
    append(store, record("a", date(2021, 1, 1)), record("b", date(2021, 1, 1)))
    for through in (date(2020, 1, 1), date(2021, 1, 1), date(2022, 1, 1)):
        assert store.save_checkpoint(checkpoint(through, 2))
    assert store.save_checkpoint(checkpoint(date(2022, 1, 1), 2, partnership="b"))

    append(store, record("a", date(2021, 1, 1)), record("a", date(2023, 1, 1)))

    kept = [find(store, day) for day in (date(2020, 6, 1), date(2021, 6, 1), date(2030, 1, 1))]
    assert [c.through if c else None for c in kept] == [date(2020, 1, 1)] * 3
    in_b = store.checkpoint("b", "state", through=date(2030, 1, 1), known_by=9, format="v1")
    assert in_b is not None


@OFFERS_CHECKPOINTS
def test_drop_checkpoints_removes_them_and_counts(store: Store) -> None:
    append(store, record("a"), record("b"))
    store.save_checkpoint(checkpoint(date(2030, 1, 1), 2))
    store.save_checkpoint(checkpoint(date(2031, 1, 1), 2))
    store.save_checkpoint(checkpoint(date(2030, 1, 1), 2, partnership="b"))

    assert store.drop_checkpoints("a") == 2
    assert store.drop_checkpoints() == 1
    assert store.drop_checkpoints() == 0
    assert store.last_position() == 2


@OFFERS_CHECKPOINTS
def test_saving_a_checkpoint_does_not_wait_for_a_writer(backend: Backend) -> None:
    with backend.open() as writer, backend.open(busy_timeout=30) as reader:
        append(writer, record("a"))
        with writer.write():
            started = time.monotonic()
            kept = reader.save_checkpoint(checkpoint(date(2030, 1, 1), 1))
            waited = time.monotonic() - started
        assert (kept, waited < 2) == (False, True)
        assert reader.save_checkpoint(checkpoint(date(2030, 1, 1), 1))


@OFFERS_CHECKPOINTS
def test_a_write_session_can_save_and_find_checkpoints(store: Store) -> None:
    with store.write() as session:
        session.append([record("a", date(2021, 1, 1))])
        assert isinstance(session, SessionCheckpoints)
        assert session.save_checkpoint(checkpoint(date(2021, 1, 1), 1))
        found = unbound(
            session.checkpoint("a", "state", through=date(2022, 1, 1), known_by=1, format="v1")
        )
    assert found == checkpoint(date(2021, 1, 1), 1)
    assert find(store, date(2022, 1, 1)) == found


# ---------------------------------------------------------------- schema versions


def meta_schema(backend: Backend) -> int:
    ((value,),) = backend.raw("SELECT value FROM govledger_meta WHERE key = 'schema_version'")
    return int(value)


@attrs.define
class NextSchema:
    """Migrations to a pretend next schema, and what their step has done."""

    migrations: Migrations[Any]
    ran: list[str]


@pytest.fixture
def next_schema(backend: Backend) -> NextSchema:
    """A closed ledger of two records, and migrations that write the next schema."""
    with backend.open() as store:
        append(store, record("a"), record("b"))
    default: Migrations[Any] = backend.module.MIGRATIONS
    ran: list[str] = []

    def add_notes(connection: Any) -> None:
        ran.append("notes")
        connection.execute("CREATE TABLE govledger_notes (note TEXT NOT NULL)")

    return NextSchema(default.with_step(default.latest, add_notes), ran)


def test_the_ledger_records_its_schema_version(backend: Backend, store: EventStore) -> None:
    assert meta_schema(backend) == backend.module.STORE_SCHEMA_VERSION == 4


def test_an_older_schema_needs_migrate(backend: Backend, next_schema: NextSchema) -> None:
    with pytest.raises(MigrationRequired, match="migrate=True"):
        Ledger.open(backend.target, migrations=next_schema.migrations)

    assert next_schema.ran == []
    assert meta_schema(backend) == 4
    with Ledger.open(backend.target) as unchanged:  # the default migrations: schema 4
        assert unchanged.partnerships() == ["a", "b"]


def test_migrate_upgrades_in_one_step_and_keeps_every_event(
    backend: Backend, next_schema: NextSchema
) -> None:
    migrations = next_schema.migrations
    with Ledger.open(backend.target, migrate=True, verify=True, migrations=migrations) as ledger:
        assert ledger.partnerships() == ["a", "b"]

    assert next_schema.ran == ["notes"]
    assert meta_schema(backend) == 5
    assert "govledger_notes" in backend.tables()
    with Ledger.open(backend.target, migrations=migrations) as reopened:
        assert reopened.verify().events_checked == 2
    with pytest.raises(SchemaVersionError, match="newer govledger"):
        Ledger.open(backend.target)  # this release's own migrations stop at schema 4


def test_a_failed_migration_leaves_the_ledger_as_it_was(
    backend: Backend, next_schema: NextSchema
) -> None:
    def half_done(connection: Any) -> None:
        connection.execute("CREATE TABLE govledger_half (x TEXT)")
        raise RuntimeError("disk gremlin")

    migrations = next_schema.migrations.with_step(4, half_done)

    with pytest.raises(MigrationFailed, match="disk gremlin"):
        Ledger.open(backend.target, migrate=True, migrations=migrations)

    assert meta_schema(backend) == 4
    assert "govledger_half" not in backend.tables()


def test_a_newer_schema_is_refused(backend: Backend) -> None:
    with backend.open() as store:
        append(store, record())
    backend.raw("UPDATE govledger_meta SET value = '99' WHERE key = 'schema_version'")

    with pytest.raises(SchemaVersionError, match="newer govledger"):
        Ledger.open(backend.target, migrate=True)


def test_a_database_of_other_tables_is_not_a_ledger(backend: Backend) -> None:
    backend.add_foreign_table()

    with pytest.raises(NotALedger, match="minutes"):
        Ledger.open(backend.target)

    assert backend.tables() == {"minutes"}


@REQUIRED
def test_reopening_keeps_every_record(backend: Backend, clock: SetClock) -> None:
    with backend.open(clock=clock) as first:
        stored = append(first, *numbered(10))

    with backend.open() as second:
        assert list(second.read(Query(order="position"))) == stored
        assert verify_store(second).head == ChainHead(10, stored[-1].hash)


# ---------------------------------------------------------------- closing


@REQUIRED
@pytest.mark.parametrize(
    "call",
    [
        lambda s: s.write().__enter__(),
        lambda s: list(s.read()),
        lambda s: s.version("a"),
        lambda s: s.last_position(),
        lambda s: s.partnerships(),
        lambda s: s.head(),
        lambda s: s.position_at(START),
        lambda s: list(s.chain_rows()),
        lambda s: verify_store(s),
    ],
)
def test_a_closed_store_raises_ledger_closed(
    backend: Backend, call: Callable[[EventStore], object]
) -> None:
    store = backend.open()
    store.close()

    with pytest.raises(LedgerClosed):
        call(store)


@OFFERS_CHECKPOINTS
@pytest.mark.parametrize(
    "call",
    [
        lambda s: s.checkpoint("a", "state", through=date(2020, 1, 1), known_by=1, format="v1"),
        lambda s: s.save_checkpoint(checkpoint(date(2020, 1, 1), 1)),
        lambda s: s.drop_checkpoints(),
        lambda s: list(s.checkpoint_rows()),
    ],
)
def test_a_closed_store_raises_ledger_closed_from_its_checkpoints(
    backend: Backend, call: Callable[[Any], object]
) -> None:
    store = backend.open()
    store.close()

    with pytest.raises(LedgerClosed):
        call(store)


@OFFERS_FAST_VERIFY
def test_a_closed_store_raises_ledger_closed_from_its_fast_verify(backend: Backend) -> None:
    store = backend.open()
    store.close()

    with pytest.raises(LedgerClosed):
        store.verify()


@OFFERS_BULK_IMPORT
def test_a_closed_store_raises_ledger_closed_from_its_bulk_import(backend: Backend) -> None:
    store = backend.open()
    store.close()

    with pytest.raises(LedgerClosed):
        store.import_records([])


@REQUIRED
def test_closing_twice_is_harmless(store: EventStore) -> None:
    store.close()
    store.close()


@REQUIRED
def test_iterating_a_read_after_close_raises_ledger_closed(backend: Backend) -> None:
    store = backend.open()
    append(store, *numbered(3))
    reading = store.read()
    next(reading)
    store.close()

    with pytest.raises(LedgerClosed):
        list(reading)


@REQUIRED
def test_closing_inside_a_write_writes_nothing(backend: Backend) -> None:
    store = backend.open()

    def close_midway() -> None:
        with store.write() as session:
            session.append([record()])
            store.close()

    with pytest.raises(LedgerClosed):
        close_midway()

    with backend.open() as reopened:
        assert reopened.last_position() == 0


# ---------------------------------------------------------------- properties

_TEXT = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=20)
_RECORDS = st.builds(
    NewRecord,
    partnership=st.text(
        st.characters(codec="utf-8", exclude_characters="\x00"), min_size=1, max_size=8
    ),
    type=st.sampled_from(["PostRetitled", "ResolutionPassed"]),
    schema_version=st.integers(1, 3),
    effective=st.dates(date(1, 1, 1), date(9999, 12, 31)),
    payload=_TEXT,
    visible_from=st.none() | st.dates(date(1, 1, 1), date(9999, 12, 31)),
)
_BATCHES = st.lists(st.lists(_RECORDS, min_size=1, max_size=5), min_size=1, max_size=4)


@REQUIRED
@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(batches=_BATCHES)
def test_any_batches_read_back_unchanged_in_one_verified_chain(
    backend: Backend, batches: list[list[NewRecord]]
) -> None:
    with another_store(backend) as store:
        stored = [r for batch in batches for r in append(store, *batch)]

        assert list(store.read(Query(order="position"))) == stored
        assert [r.position for r in stored] == list(range(1, len(stored) + 1))
        versions: dict[str, int] = {}
        for r in stored:
            versions[r.partnership] = versions.get(r.partnership, 0) + 1
            assert r.version == versions[r.partnership]
        assert verify_store(store).ok
        assert store.partnerships() == sorted(versions)


# ---------------------------------------------------------------- PostgreSQL only


def test_postgres_urls_of_both_spellings_open_the_same_ledger(postgres: PostgresBackend) -> None:
    with postgres.open() as store:
        append(store, record())
    alias = postgres.target.replace("postgresql://", "postgres://", 1)

    with Ledger.open(alias) as ledger:
        assert ledger.verify().events_checked == 1


def test_a_password_never_shows_in_the_stores_name(postgres: PostgresBackend) -> None:
    with_password = postgres.target.replace(
        "postgresql://postgres@", "postgresql://postgres:s3cret@"
    )

    with opened(with_password) as store:
        assert "s3cret" not in repr(store)
        assert "postgres@" in getattr(store, "path", "")


def test_a_server_that_is_not_there_is_a_store_error(tmp_path: object) -> None:
    pytest.importorskip("psycopg", reason="reaching a server needs the postgres extra")
    url = "postgresql://nobody@/ledger?host=/nonexistent-govledger-socket-dir&port=1"

    with pytest.raises(StoreError, match="cannot connect to the PostgreSQL ledger"):
        Ledger.open(url)


def test_a_missing_database_says_how_to_create_it(postgres: PostgresBackend) -> None:
    url = postgres.server.url().replace("/govledger_test", "/no_such_ledger_db")

    with pytest.raises(StoreError, match=r"createdb no_such_ledger_db"):
        Ledger.open(url)


def test_a_bad_url_is_a_usage_error() -> None:
    pytest.importorskip("psycopg", reason="reading a postgresql:// URL needs the postgres extra")
    with pytest.raises(UsageError, match="libpq"):
        opened("postgresql://host/db?nonsense_option=1")


def test_an_unknown_scheme_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="no store for mysql://"):
        opened("mysql://localhost/ledger")


def test_without_psycopg_a_postgres_url_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)
    monkeypatch.delitem(sys.modules, "govledger.store.postgres", raising=False)
    monkeypatch.delitem(sys.modules, "govledger.store.postgres.store", raising=False)

    with pytest.raises(StoreError, match=r"pip install 'govledger\[postgres\]'"):
        opened("postgresql://localhost/ledger")


def test_two_ledgers_in_two_schemas_do_not_share_a_write_lock(
    postgres: PostgresBackend,
) -> None:
    other = PostgresBackend(postgres.server)
    try:
        with postgres.open() as first, opened(other.target, busy_timeout=0) as second:
            with first.write() as session:
                session.append([record("first")])
                append(second, record("second"))
            assert (first.partnerships(), second.partnerships()) == (["first"], ["second"])
    finally:
        other.drop()


def test_a_role_that_may_only_read_opens_the_ledger_read_only(postgres: PostgresBackend) -> None:
    with postgres.open() as store:
        append(store, record())
    role = f"reader_{postgres.schema}"
    postgres.server.execute(f"CREATE ROLE {role} LOGIN")
    try:
        postgres.server.execute(f"GRANT USAGE ON SCHEMA {postgres.schema} TO {role}")
        postgres.server.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA {postgres.schema} TO {role}")
        url = postgres.target.replace("postgresql://postgres@", f"postgresql://{role}@")

        with opened(url) as reader:
            assert getattr(reader, "read_only", None) is True
            assert reader.verify().ok
            assert not reader.save_checkpoint(checkpoint(date(2030, 1, 1), 1))
            with pytest.raises(ReadOnlyLedger, match="read-only"):
                append(reader, record())
    finally:
        postgres.server.execute(f"DROP OWNED BY {role}")
        postgres.server.execute(f"DROP ROLE {role}")


def test_a_nul_character_is_refused_on_postgres_before_anything_is_written(
    postgres: PostgresBackend,
) -> None:
    with postgres.open() as store:
        with pytest.raises(UsageError, match="NUL"):
            append(store, record(), record("a\x00b"))

        assert store.last_position() == 0


def test_a_search_path_naming_no_schema_is_a_store_error(postgres: PostgresBackend) -> None:
    url = postgres.server.url("no_such_schema_here")

    with pytest.raises(StoreError, match="CREATE SCHEMA"):
        opened(url)
