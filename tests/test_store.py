"""The SQLite event store: append-only, gapless, hash-chained, and careful with files."""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from govledger.errors import (
    LedgerBusy,
    LedgerClosed,
    NotALedger,
    SchemaVersionError,
    StoreError,
    UsageError,
)
from govledger.store import (
    GENESIS_HASH,
    STORE_SCHEMA_VERSION,
    EventStore,
    NewRecord,
    Query,
    SQLiteStore,
    StoredRecord,
    canonical_bytes,
    chain_hash,
)
from govledger.store._sql import SQLITE
from govledger.testing.clock import TestClock

START = datetime(2026, 11, 23, 12, 0, 0, 123456, tzinfo=UTC)


class SetClock(TestClock):
    """A clock that says whatever the test last set; it never moves on its own."""

    def __init__(self, now: datetime = START) -> None:
        super().__init__()
        self.now = now
        self.reads = 0

    def __call__(self) -> datetime:
        self.reads += 1
        return self.now


def record(
    partnership: str = "cdc-occ",
    effective: date = date(2022, 9, 1),
    *,
    type: str = "PostRetitled",
    payload: str = '{"n":0}',
) -> NewRecord:
    return NewRecord(
        partnership=partnership,
        type=type,
        schema_version=1,
        effective=effective,
        payload=payload,
    )


def append(store: SQLiteStore, *records: NewRecord) -> list[StoredRecord]:
    with store.write() as session:
        return session.append(list(records))


@pytest.fixture
def clock() -> SetClock:
    return SetClock()


@pytest.fixture
def store(clock: SetClock) -> Iterator[SQLiteStore]:
    with SQLiteStore.open(":memory:", clock=clock) as opened:
        yield opened


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "ledger.db"


@pytest.fixture
def file_store(path: Path, clock: SetClock) -> Iterator[SQLiteStore]:
    with SQLiteStore.open(path, clock=clock) as opened:
        yield opened


# ---------------------------------------------------------------- positions and versions


def test_positions_are_gapless_from_one_across_partnerships_and_batches(
    store: SQLiteStore,
) -> None:
    append(store, record("a"), record("b"))
    append(store, record("b"))
    append(store, record("c"), record("a"), record("c"))

    positions = [stored.position for stored in store.read(Query(order="position"))]

    assert positions == [1, 2, 3, 4, 5, 6]
    assert store.last_position() == 6


def test_versions_increase_by_one_per_partnership_in_the_order_given(
    store: SQLiteStore,
) -> None:
    append(store, record("a"), record("b"), record("a"))
    append(store, record("a"))

    versions = [
        (stored.partnership, stored.version) for stored in store.read(Query(order="position"))
    ]

    assert versions == [("a", 1), ("b", 1), ("a", 2), ("a", 3)]
    assert (store.version("a"), store.version("b")) == (3, 1)


def test_empty_store_has_version_and_position_zero(store: SQLiteStore) -> None:
    assert (store.version("cdc-occ"), store.last_position()) == (0, 0)


def test_write_session_sees_its_own_appends(store: SQLiteStore) -> None:
    with store.write() as session:
        session.append([record("a"), record("a")])

        seen = (
            session.version("a"),
            session.last_position(),
            len(list(session.read(Query(partnership="a")))),
        )

    assert seen == (2, 2, 2)


def test_appending_nothing_writes_nothing(store: SQLiteStore) -> None:
    before = store.snapshot_bytes()

    assert append(store) == []
    assert store.snapshot_bytes() == before


# ---------------------------------------------------------------- recording time


def test_recorded_at_is_the_clock_time_in_utc(store: SQLiteStore, clock: SetClock) -> None:
    clock.now = datetime(2026, 11, 23, 14, 30, tzinfo=timezone(timedelta(hours=2)))

    (stored,) = append(store, record())

    assert stored.recorded_at == datetime(2026, 11, 23, 12, 30, tzinfo=UTC)
    assert stored.recorded_at.tzinfo is UTC


def test_records_in_one_batch_share_one_recorded_at(store: SQLiteStore) -> None:
    stored = append(store, record("a"), record("b"), record("a"))

    assert len({each.recorded_at for each in stored}) == 1


def test_recorded_at_never_goes_back_when_the_clock_does(
    store: SQLiteStore, clock: SetClock
) -> None:
    append(store, record())
    clock.now = START - timedelta(days=1)

    (later,) = append(store, record())

    assert later.recorded_at == START


def test_recorded_at_round_trips_with_microseconds(file_store: SQLiteStore, path: Path) -> None:
    append(file_store, record())

    with sqlite3.connect(path) as raw:
        (text,) = raw.execute("SELECT recorded_at FROM events").fetchone()

    assert text == "2026-11-23T12:00:00.123456+00:00"
    assert next(file_store.read()).recorded_at == START


def test_naive_clock_is_refused_with_store_error(store: SQLiteStore, clock: SetClock) -> None:
    clock.now = datetime(2026, 11, 23, 12, 0)

    with pytest.raises(StoreError, match="timezone-aware"):
        append(store, record())

    assert store.last_position() == 0


def test_opening_does_not_read_the_clock(path: Path, clock: SetClock) -> None:
    SQLiteStore.open(path, clock=clock).close()

    assert clock.reads == 0


def test_each_batch_reads_the_clock_once(store: SQLiteStore, clock: SetClock) -> None:
    append(store, record("a"), record("b"), record("a"))

    assert clock.reads == 1


# ---------------------------------------------------------------- append-only


def test_raw_update_of_an_event_is_refused(file_store: SQLiteStore, path: Path) -> None:
    append(file_store, record())

    with (
        sqlite3.connect(path) as raw,
        pytest.raises(sqlite3.IntegrityError, match="append-only"),
    ):
        raw.execute("UPDATE events SET payload = '{}'")


def test_raw_delete_of_an_event_is_refused(file_store: SQLiteStore, path: Path) -> None:
    append(file_store, record())

    with (
        sqlite3.connect(path) as raw,
        pytest.raises(sqlite3.IntegrityError, match="append-only"),
    ):
        raw.execute("DELETE FROM events")


def _append_then_fail(store: SQLiteStore) -> None:
    with store.write() as session:
        session.append([record(), record("b")])
        raise RuntimeError("the caller's check failed")


def test_exception_inside_write_writes_nothing(store: SQLiteStore) -> None:
    append(store, record())
    before = store.snapshot_bytes()

    with pytest.raises(RuntimeError, match="check failed"):
        _append_then_fail(store)

    assert store.snapshot_bytes() == before
    assert store.last_position() == 1


def test_rejected_append_leaves_the_database_unchanged(store: SQLiteStore) -> None:
    append(store, record())
    before = store.snapshot_bytes()
    bad = NewRecord(
        partnership="a",
        type="T",
        schema_version=1,
        effective=datetime(2022, 9, 1, 12, 0),
        payload="{}",
    )

    with pytest.raises(UsageError, match="effective"), store.write() as session:
        session.append([record(), bad])

    assert store.snapshot_bytes() == before


def test_write_session_cannot_be_used_after_its_block(store: SQLiteStore) -> None:
    with store.write() as session:
        pass

    with pytest.raises(UsageError, match="ended"):
        session.append([record()])


def test_nested_write_is_refused(store: SQLiteStore) -> None:
    with store.write(), pytest.raises(UsageError, match="already open"), store.write():
        pass


def test_write_lock_makes_another_writer_busy(file_store: SQLiteStore, path: Path) -> None:
    other = SQLiteStore.open(path, busy_timeout=0)

    with file_store.write(), pytest.raises(LedgerBusy, match="busy_timeout"), other.write():
        pass

    other.close()


# ---------------------------------------------------------------- reading


def test_read_orders_by_effective_date_then_position(store: SQLiteStore) -> None:
    append(store, record(effective=date(2022, 9, 1)), record(effective=date(2020, 1, 1)))
    append(store, record(effective=date(2022, 9, 1)), record(effective=date(2021, 6, 30)))

    positions = [stored.position for stored in store.read(Query(order="effective"))]

    assert positions == [2, 4, 1, 3]


def test_read_by_position_is_the_recording_order(store: SQLiteStore) -> None:
    append(store, record(effective=date(2022, 9, 1)), record(effective=date(2020, 1, 1)))

    positions = [stored.position for stored in store.read(Query(order="position"))]

    assert positions == [1, 2]


def test_read_by_partnership_keeps_only_its_records(store: SQLiteStore) -> None:
    append(store, record("a"), record("b"), record("a"))

    assert [stored.position for stored in store.read(Query(partnership="a"))] == [1, 3]


def test_read_until_keeps_records_effective_on_or_before_that_day(store: SQLiteStore) -> None:
    append(
        store,
        record(effective=date(2022, 8, 31)),
        record(effective=date(2022, 9, 1)),
        record(effective=date(2022, 9, 2)),
    )

    days = [stored.effective for stored in store.read(Query(until=date(2022, 9, 1)))]

    assert days == [date(2022, 8, 31), date(2022, 9, 1)]


def test_read_max_position_keeps_records_up_to_that_position(store: SQLiteStore) -> None:
    append(store, record(), record(), record())

    assert [stored.position for stored in store.read(Query(max_position=2))] == [1, 2]


def test_read_recorded_by_keeps_records_known_at_that_time(
    store: SQLiteStore, clock: SetClock
) -> None:
    append(store, record())
    clock.now = START + timedelta(hours=1)
    append(store, record())

    known = [
        stored.position for stored in store.read(Query(recorded_by=START + timedelta(minutes=59)))
    ]

    assert known == [1]


def test_read_recorded_by_compares_instants_across_time_zones(store: SQLiteStore) -> None:
    append(store, record())
    same_instant = START.astimezone(timezone(timedelta(hours=-5)))

    assert [stored.position for stored in store.read(Query(recorded_by=same_instant))] == [1]


def test_read_returns_a_lazy_iterator(store: SQLiteStore) -> None:
    append(store, record())

    records = store.read()

    assert isinstance(records, Iterator)
    assert not isinstance(records, list)


def test_read_streams_many_records_in_order(store: SQLiteStore) -> None:
    append(store, *(record(payload=f'{{"n":{n}}}') for n in range(1000)))

    positions = [stored.position for stored in store.read(Query(order="position"))]

    assert positions == list(range(1, 1001))


def test_read_refuses_an_unknown_order(store: SQLiteStore) -> None:
    with pytest.raises(UsageError, match="order"):
        store.read(Query(order="version"))  # type: ignore[arg-type]


def test_read_refuses_a_datetime_for_until(store: SQLiteStore) -> None:
    with pytest.raises(UsageError, match="until"):
        store.read(Query(until=datetime(2022, 9, 1, tzinfo=UTC)))


def test_read_refuses_a_naive_recorded_by(store: SQLiteStore) -> None:
    with pytest.raises(UsageError, match="timezone-aware"):
        store.read(Query(recorded_by=datetime(2026, 1, 1)))


def test_partnerships_are_distinct_and_sorted(store: SQLiteStore) -> None:
    append(store, record("occ"), record("cdc-occ"), record("occ"), record("abc"))

    assert store.partnerships() == ["abc", "cdc-occ", "occ"]


def test_read_gives_back_what_was_appended(store: SQLiteStore) -> None:
    new = record("a", date(2020, 2, 29), type="BodyEstablished", payload='{"name":"Cabinet"}')

    (stored,) = append(store, new)

    assert next(store.read()) == stored
    assert (stored.partnership, stored.type, stored.schema_version) == ("a", "BodyEstablished", 1)
    assert (stored.effective, stored.payload) == (date(2020, 2, 29), '{"name":"Cabinet"}')


# ---------------------------------------------------------------- hash chain


def test_first_record_follows_the_genesis_hash(store: SQLiteStore) -> None:
    (first,) = append(store, record())

    assert first.prev_hash == GENESIS_HASH == "0" * 64


def test_each_prev_hash_is_the_hash_of_the_record_before(store: SQLiteStore) -> None:
    append(store, record("a"), record("b"))
    append(store, record("a"))

    stored = list(store.read(Query(order="position")))

    assert [each.prev_hash for each in stored[1:]] == [each.hash for each in stored[:-1]]


def test_hash_recomputes_from_prev_hash_and_canonical_bytes(store: SQLiteStore) -> None:
    append(store, record("a"), record("b", payload='{"title":"Directeur général"}'))

    for stored in store.read(Query(order="position")):
        expected = hashlib.sha256(bytes.fromhex(stored.prev_hash) + canonical_bytes(stored))
        assert (
            stored.hash
            == expected.hexdigest()
            == chain_hash(stored.prev_hash, canonical_bytes(stored))
        )


def test_canonical_bytes_are_compact_utf8_json_of_the_hashed_fields() -> None:
    stored = StoredRecord(
        position=7,
        partnership="cdc-occ",
        version=3,
        type="PostRetitled",
        schema_version=1,
        effective=date(2022, 9, 1),
        recorded_at=START,
        payload='{"title":"Directeur général"}',
        prev_hash=GENESIS_HASH,
        hash=GENESIS_HASH,
        visible_from=date(2022, 8, 1),
    )

    expected = json.dumps(
        [
            7,
            "cdc-occ",
            3,
            "PostRetitled",
            1,
            "2022-09-01",
            "2022-08-01",
            "2026-11-23T12:00:00.123456+00:00",
            '{"title":"Directeur général"}',
        ],
        separators=(",", ":"),
        ensure_ascii=False,
    ).encode("utf-8")
    assert canonical_bytes(stored) == expected
    # Definition 1 (records sealed before schema 3) left out version and visible_from.
    first = json.dumps(
        [
            7,
            "cdc-occ",
            "PostRetitled",
            1,
            "2022-09-01",
            "2026-11-23T12:00:00.123456+00:00",
            '{"title":"Directeur général"}',
        ],
        separators=(",", ":"),
        ensure_ascii=False,
    ).encode("utf-8")
    assert canonical_bytes(stored, definition=1) == first


# ---------------------------------------------------------------- files


def test_random_bytes_file_is_refused_and_left_unchanged(path: Path) -> None:
    path.write_bytes(os.urandom(4096))
    before = path.read_bytes()

    with pytest.raises(NotALedger, match=rf"{re.escape(str(path))} is not a SQLite database"):
        SQLiteStore.open(path)

    assert path.read_bytes() == before


def test_text_file_is_refused_and_left_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "minutes.txt"
    path.write_text("Minutes of the Joint Committee, 1 September 2022\n", encoding="utf-8")
    before = path.read_bytes()

    with pytest.raises(NotALedger, match=rf"{re.escape(str(path))} is not a SQLite database"):
        SQLiteStore.open(path)

    assert path.read_bytes() == before


def test_damaged_sqlite_file_is_refused_as_not_a_database(path: Path) -> None:
    path.write_bytes(b"SQLite format 3\x00" + os.urandom(4080))
    before = path.read_bytes()

    with pytest.raises(NotALedger, match="not a SQLite database"):
        SQLiteStore.open(path)

    assert path.read_bytes() == before


def test_foreign_sqlite_database_is_refused_and_left_unchanged(path: Path) -> None:
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE councillors (name TEXT)")
    raw.close()
    before = path.read_bytes()

    with pytest.raises(NotALedger, match="is a SQLite database but not a govledger ledger"):
        SQLiteStore.open(path)

    assert path.read_bytes() == before


def _set_schema_version(path: Path, *, user_version: int, meta: int) -> None:
    raw = sqlite3.connect(path)
    with raw:
        raw.execute(f"PRAGMA user_version = {user_version}")
        raw.execute("UPDATE govledger_meta SET value = ? WHERE key = 'schema_version'", (meta,))
    raw.close()


@pytest.mark.parametrize(
    ("user_version", "meta"),
    [
        (STORE_SCHEMA_VERSION + 1, STORE_SCHEMA_VERSION),
        (STORE_SCHEMA_VERSION, STORE_SCHEMA_VERSION + 1),
    ],
    ids=["user_version", "meta"],
)
def test_newer_schema_is_refused_and_left_unchanged(
    path: Path, user_version: int, meta: int
) -> None:
    SQLiteStore.open(path).close()
    _set_schema_version(path, user_version=user_version, meta=meta)
    before = path.read_bytes()

    newer = STORE_SCHEMA_VERSION + 1
    with pytest.raises(SchemaVersionError, match=rf"newer govledger \(schema {newer}\); upgrade"):
        SQLiteStore.open(path)

    assert path.read_bytes() == before


def test_older_schema_is_refused(path: Path) -> None:
    SQLiteStore.open(path).close()
    _set_schema_version(path, user_version=0, meta=0)

    with pytest.raises(SchemaVersionError, match=f"older than schema {STORE_SCHEMA_VERSION}"):
        SQLiteStore.open(path)


def test_missing_directory_is_a_store_error_naming_the_path(tmp_path: Path) -> None:
    path = tmp_path / "no-such-dir" / "ledger.db"

    with pytest.raises(StoreError, match=re.escape(str(path))):
        SQLiteStore.open(path)

    assert not path.parent.exists()


def test_directory_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a directory"):
        SQLiteStore.open(tmp_path)


def test_empty_file_becomes_a_ledger_only_when_asked(path: Path) -> None:
    path.touch()

    with pytest.raises(NotALedger, match="empty file"):
        SQLiteStore.open(path)
    with SQLiteStore.open(path, create=True) as store:
        append(store, record())

        assert store.last_position() == 1


def test_new_file_is_marked_as_a_govledger_database(file_store: SQLiteStore, path: Path) -> None:
    with sqlite3.connect(path) as raw:
        application_id = raw.execute("PRAGMA application_id").fetchone()[0]
        user_version = raw.execute("PRAGMA user_version").fetchone()[0]
        meta = dict(raw.execute("SELECT key, value FROM govledger_meta").fetchall())
    raw.close()

    assert application_id == 0x47564C47
    assert user_version == STORE_SCHEMA_VERSION
    assert meta["schema_version"] == str(STORE_SCHEMA_VERSION)
    assert datetime.fromisoformat(meta["created_at"]).tzinfo == UTC


def test_reopening_a_file_keeps_every_record(path: Path, clock: SetClock) -> None:
    with SQLiteStore.open(path, clock=clock) as store:
        first = append(store, record("a"), record("b"))

    with SQLiteStore.open(path, clock=clock) as store:
        kept = list(store.read(Query(order="position")))
        (third,) = append(store, record("a"))

    assert kept == first
    assert (third.position, third.version, third.prev_hash) == (3, 2, first[-1].hash)


def test_files_use_write_ahead_logging(file_store: SQLiteStore, path: Path) -> None:
    with sqlite3.connect(path) as raw:
        mode = raw.execute("PRAGMA journal_mode").fetchone()[0]
    raw.close()

    assert mode == "wal"


def test_memory_stores_work_and_are_private() -> None:
    with SQLiteStore.open(":memory:") as one, SQLiteStore.open(":memory:") as two:
        append(one, record())

        assert (one.last_position(), two.last_position()) == (1, 0)
        assert one.path == ":memory:"


def test_path_is_the_path_given(file_store: SQLiteStore, path: Path) -> None:
    assert file_store.path == str(path)


def test_sqlite_store_is_an_event_store(store: SQLiteStore) -> None:
    as_interface: EventStore = store

    assert as_interface.partnerships() == []


# ---------------------------------------------------------------- closing


@pytest.mark.parametrize(
    "call",
    [
        lambda s: s.write().__enter__(),
        lambda s: s.read(),
        lambda s: s.partnerships(),
        lambda s: s.version("a"),
        lambda s: s.last_position(),
        lambda s: s.snapshot_bytes(),
    ],
    ids=["write", "read", "partnerships", "version", "last_position", "snapshot_bytes"],
)
def test_closed_store_raises_ledger_closed(call: Callable[[SQLiteStore], object]) -> None:
    store = SQLiteStore.open(":memory:")
    store.close()

    with pytest.raises(LedgerClosed, match="closed"):
        call(store)


def test_closing_twice_is_harmless(store: SQLiteStore) -> None:
    store.close()
    store.close()

    with pytest.raises(LedgerClosed):
        store.last_position()


def test_leaving_the_with_block_closes_the_store() -> None:
    with SQLiteStore.open(":memory:") as store:
        pass

    with pytest.raises(LedgerClosed):
        store.partnerships()


def test_iterating_a_read_after_close_raises_ledger_closed(store: SQLiteStore) -> None:
    append(store, record(), record())
    records = store.read()
    next(records)
    store.close()

    with pytest.raises(LedgerClosed):
        next(records)


def _append_then_close(store: SQLiteStore) -> None:
    with store.write() as session:
        session.append([record()])
        store.close()


def test_closing_inside_a_write_writes_nothing(path: Path) -> None:
    store = SQLiteStore.open(path)

    with pytest.raises(LedgerClosed, match="nothing was written"):
        _append_then_close(store)

    with SQLiteStore.open(path) as reopened:
        assert reopened.last_position() == 0


# ---------------------------------------------------------------- properties

_TEXT = st.text(st.characters(codec="utf-8"), max_size=20)
_NEW_RECORDS = st.builds(
    NewRecord,
    partnership=st.sampled_from(["cdc-occ", "occ", "wodc"]),
    type=st.text(st.characters(codec="utf-8"), min_size=1, max_size=12),
    schema_version=st.integers(min_value=1, max_value=3),
    effective=st.dates(),
    payload=_TEXT,
)
_BATCHES = st.lists(st.lists(_NEW_RECORDS, min_size=1, max_size=5), max_size=6)


def _as_new(stored: StoredRecord) -> NewRecord:
    return NewRecord(
        partnership=stored.partnership,
        type=stored.type,
        schema_version=stored.schema_version,
        effective=stored.effective,
        payload=stored.payload,
    )


@given(batches=_BATCHES)
def test_appended_batches_read_back_unchanged_with_gapless_positions(
    batches: list[list[NewRecord]],
) -> None:
    given_records = [new for batch in batches for new in batch]
    with SQLiteStore.open(":memory:") as store:
        appended = [stored for batch in batches for stored in append(store, *batch)]

        read_back = list(store.read(Query(order="position")))

    assert read_back == appended
    assert [stored.position for stored in read_back] == list(range(1, len(given_records) + 1))
    assert [_as_new(stored) for stored in read_back] == given_records


@given(batches=_BATCHES)
def test_versions_and_chain_hold_for_any_batches(batches: list[list[NewRecord]]) -> None:
    with SQLiteStore.open(":memory:") as store:
        for batch in batches:
            append(store, *batch)
        by_effective = list(store.read())
        by_position = list(store.read(Query(order="position")))

    assert by_effective == sorted(by_position, key=lambda each: (each.effective, each.position))
    prev_hash = GENESIS_HASH
    counts: dict[str, int] = {}
    for stored in by_position:
        counts[stored.partnership] = counts.get(stored.partnership, 0) + 1
        assert stored.version == counts[stored.partnership]
        assert stored.prev_hash == prev_hash
        assert stored.hash == chain_hash(prev_hash, canonical_bytes(stored))
        prev_hash = stored.hash


def test_a_stored_record_checks_nothing_so_the_readers_may_set_its_slots() -> None:
    # record_reader sets StoredRecord's slots directly: that is only the same as calling
    # the class while the class neither checks nor converts a field
    assert not any(
        field.validator is not None or field.converter is not None
        for field in attrs.fields(StoredRecord)
    )
    assert getattr(StoredRecord, "__attrs_post_init__", None) is None
    row = (
        7,
        "cdc-occ",
        2,
        "PostRetitled",
        1,
        "2022-09-01",
        START.isoformat(),
        "{}",
        "a",
        "b",
        "2022-08-01",
    )

    made = SQLITE.record_of(row)

    assert made == StoredRecord(
        position=7,
        partnership="cdc-occ",
        version=2,
        type="PostRetitled",
        schema_version=1,
        effective=date(2022, 9, 1),
        recorded_at=START,
        payload="{}",
        prev_hash="a",
        hash="b",
        visible_from=date(2022, 8, 1),
    )
    assert SQLITE.entry_of(row) == (7, "cdc-occ", 2, "PostRetitled", 1, START, "{}", "b")
