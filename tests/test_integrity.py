"""The hash chain: verification, named damage, remembered heads and schema migrations.

Tampering goes through raw ``sqlite3``, as an attacker with write access to the file
would. The append-only triggers refuse UPDATE and DELETE, so each tampering first drops
them; that is itself what such an attacker would do, and the chain still catches it.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import TickingClock
from factories import P, arrangement, formed, ref, resolved
from govledger import Ledger
from govledger.errors import (
    CorruptLedger,
    MigrationFailed,
    MigrationRequired,
    NotALedger,
    SchemaVersionError,
    UsageError,
)
from govledger.events import Event
from govledger.ledger import snapshots
from govledger.store import (
    GENESIS_HASH,
    GENESIS_HEAD,
    LEDGER_PARTNERSHIP,
    MIGRATIONS,
    STORE_SCHEMA_VERSION,
    ChainBroken,
    ChainHead,
    ChainProblem,
    ChainRow,
    Checkpoint,
    Migrations,
    MigrationStep,
    SQLiteStore,
    canonical_fields,
    chain_hash,
    migrate,
    quickwalk,
    verify_chain,
)
from govledger.store.chain import checkpoint_digest
from govledger.store.sqlite import audit as sqlite_audit
from govledger.store.sqlite import store as sqlite_store
from govledger.store.sqlite import verify as sqlite_verify
from govledger.testing.clock import TestClock
from ledger_files import file_bytes

EVENTS = 6
_HASHED = (
    "position, partnership, version, type, schema_version, effective, visible_from, "
    "recorded_at, payload"
)


@pytest.fixture
def path(tmp_path: Path, clock: TickingClock) -> Path:
    """A closed ledger file holding six events, recorded in three batches."""
    file = tmp_path / "ledger.db"
    with Ledger.open(file, clock=clock) as ledger:
        ledger.append(formed(), resolved("r0", date(2021, 1, 1)))
        ledger.append(*(resolved(f"r{n}", date(2021, 2, n)) for n in range(1, 4)))
        ledger.append(resolved("r4", date(2021, 3, 1)))
    return file


@pytest.fixture
def head(path: Path) -> ChainHead:
    with Ledger.open(path) as ledger:
        return ledger.head()


def tamper(path: Path, *statements: str) -> None:
    """Run *statements* on the file directly, after dropping the append-only triggers."""
    raw = sqlite3.connect(path)
    with raw:
        raw.execute("DROP TRIGGER IF EXISTS events_refuse_update")
        raw.execute("DROP TRIGGER IF EXISTS events_refuse_delete")
        for statement in statements:
            raw.execute(statement)
    raw.close()


def rehash_from(path: Path, position: int) -> None:
    """Recompute every hash from *position* on, as an attacker covering their tracks would."""
    raw = sqlite3.connect(path)
    with raw:
        row = raw.execute("SELECT hash FROM events WHERE position = ?", (position - 1,))
        prev = str(row.fetchone()[0]) if position > 1 else GENESIS_HASH
        for fields in raw.execute(
            f"SELECT {_HASHED} FROM events WHERE position >= ? ORDER BY position", (position,)
        ).fetchall():
            new = chain_hash(prev, canonical_fields(*fields))
            raw.execute(
                "UPDATE events SET prev_hash = ?, hash = ? WHERE position = ?",
                (prev, new, fields[0]),
            )
            prev = new
    raw.close()


def verify(path: Path, expected_head: ChainHead | None = None) -> tuple[bool, object, object]:
    with Ledger.open(path) as ledger:
        report = ledger.verify(expected_head=expected_head)
    return report.ok, report.problem, report.first_bad_position


# ---------------------------------------------------------------- an intact ledger


def test_intact_ledger_verifies_every_event(path: Path) -> None:
    with Ledger.open(path) as ledger:
        report = ledger.verify()
        head = ledger.head()

    assert report.ok
    assert report.events_checked == EVENTS
    assert report.head == head == ChainHead(EVENTS, head.hash)
    assert (report.first_bad_position, report.problem) == (None, None)
    assert "intact" in report.detail


def test_empty_ledger_verifies_with_the_genesis_head(ledger: Ledger) -> None:
    report = ledger.verify()

    assert (report.ok, report.events_checked, report.head) == (True, 0, GENESIS_HEAD)
    assert ledger.head() == GENESIS_HEAD == ChainHead(0, GENESIS_HASH)


def test_head_is_the_last_event_and_its_hash(ledger: Ledger) -> None:
    recorded = ledger.append(formed(), resolved("r1", date(2021, 1, 1)))

    assert ledger.head() == ChainHead(2, recorded[-1].hash)


def test_verify_reads_without_writing(path: Path) -> None:
    before = file_bytes(path)

    with Ledger.open(path, verify=True) as ledger:
        ledger.verify()

    assert file_bytes(path) == before


def test_open_with_verify_accepts_an_intact_ledger(path: Path) -> None:
    with Ledger.open(path, verify=True) as ledger:
        assert ledger.version(P) == EVENTS


# ---------------------------------------------------------------- named damage


def _set(column: str, value: str, position: int = 3) -> str:
    return f"UPDATE events SET {column} = {value} WHERE position = {position}"


_SWAP_3_4 = (
    "UPDATE events SET position = -3 WHERE position = 3",
    "UPDATE events SET position = 3 WHERE position = 4",
    "UPDATE events SET position = 4 WHERE position = -3",
)
_DELETE_3_AND_RENUMBER = (
    "DELETE FROM events WHERE position = 3",
    "UPDATE events SET position = -position WHERE position > 3",
    "UPDATE events SET position = -position - 1 WHERE position < 0",
)


@pytest.mark.parametrize(
    ("statements", "problem", "position"),
    [
        ([_set("payload", "replace(payload, 'Cabinet', 'Council')")], "payload-changed", 3),
        ([_set("effective", "'2030-01-01'")], "payload-changed", 3),
        ([_set("recorded_at", "'2020-01-01T00:00:00.000000+00:00'")], "payload-changed", 3),
        ([_set("type", "'PostRetitled'")], "payload-changed", 3),
        ([_set("partnership", "'gamma-delta'")], "payload-changed", 3),
        ([_set("schema_version", "1")], "payload-changed", 3),
        ([_set("hash", f"'{'f' * 64}'")], "hash-edited", 3),
        ([_set("prev_hash", f"'{'f' * 64}'")], "hash-edited", 3),
        (["DELETE FROM events WHERE position = 3"], "row-missing", 3),
        (["DELETE FROM events WHERE position = 1"], "row-missing", 1),
        (["DELETE FROM events WHERE position IN (3, 4)"], "row-missing", 3),
        (_DELETE_3_AND_RENUMBER, "row-missing", 3),
        (_SWAP_3_4, "rows-reordered", 3),
        ([_set("payload", "CAST(payload AS BLOB)")], "payload-changed", 3),
        ([_set("payload", "CAST(x'ff' AS TEXT)")], "payload-changed", 3),
        ([_set("hash", "CAST(x'ffff' AS TEXT)")], "hash-edited", 3),
    ],
    ids=[
        "payload",
        "effective",
        "recorded_at",
        "type",
        "partnership",
        "schema_version",
        "hash-column",
        "prev-hash-column",
        "delete-middle",
        "delete-first",
        "delete-two",
        "delete-and-renumber",
        "swap",
        "payload-as-blob",
        "payload-not-utf8",
        "hash-not-utf8",
    ],
)
def test_tampering_is_found_and_named_at_its_position(
    path: Path, statements: list[str], problem: str, position: int
) -> None:
    tamper(path, *statements)

    with Ledger.open(path) as ledger:
        report = ledger.verify()

    assert not report.ok
    assert (report.problem, report.first_bad_position) == (problem, position)
    assert report.events_checked == position - 1
    assert report.head.position == position - 1
    assert str(position) in report.detail


def test_report_head_is_the_intact_part_before_the_damage(path: Path) -> None:
    with Ledger.open(path) as ledger:
        second = [event.hash for event in ledger.events()][1]
    tamper(path, _set("payload", "replace(payload, 'Cabinet', 'Council')"))

    with Ledger.open(path) as ledger:
        report = ledger.verify()

    assert report.head == ChainHead(2, second)


def test_inserted_record_is_caught_at_the_record_it_displaced(path: Path) -> None:
    tamper(
        path,
        "UPDATE events SET position = -position, version = -version WHERE position >= 3",
        "UPDATE events SET position = 1 - position, version = 1 - version WHERE position < 0",
        "INSERT INTO events SELECT 3, partnership, 3, type, schema_version, effective,"
        " recorded_at, replace(payload, 'r0', 'forged'), prev_hash, hash,"
        " visible_from FROM events"
        " WHERE position = 2",
    )
    rehash_from_only(path, 3)

    assert verify(path) == (False, ChainProblem.ROWS_REORDERED, 4)


def rehash_from_only(path: Path, position: int) -> None:
    """Give the record at *position* a correct link and hash, leaving later ones alone."""
    raw = sqlite3.connect(path)
    with raw:
        (prev,) = raw.execute("SELECT hash FROM events WHERE position = ?", (position - 1,))
        fields = raw.execute(f"SELECT {_HASHED} FROM events WHERE position = ?", (position,))
        new = chain_hash(prev[0], canonical_fields(*fields.fetchone()))
        raw.execute(
            "UPDATE events SET prev_hash = ?, hash = ? WHERE position = ?", (prev[0], new, position)
        )
    raw.close()


def test_last_record_changed_is_reported_as_a_payload_change(path: Path) -> None:
    tamper(path, _set("payload", "replace(payload, 'r4', 'r9')", position=EVENTS))

    with Ledger.open(path) as ledger:
        report = ledger.verify()

    assert (report.problem, report.first_bad_position) == ("payload-changed", EVENTS)
    assert "last record" in report.detail


def test_remembered_head_tells_an_edited_last_hash_from_a_changed_payload(
    path: Path, head: ChainHead
) -> None:
    tamper(path, _set("hash", f"'{'e' * 64}'", position=EVENTS))

    assert verify(path) == (False, "payload-changed", EVENTS)
    assert verify(path, head) == (False, "hash-edited", EVENTS)


def test_truncated_tail_is_found_only_against_a_remembered_head(
    path: Path, head: ChainHead
) -> None:
    tamper(path, f"DELETE FROM events WHERE position > {EVENTS - 2}")

    assert verify(path) == (True, None, None)
    assert verify(path, head) == (False, "tail-truncated", EVENTS - 1)
    with Ledger.open(path) as ledger:
        assert not ledger.extends(head)


def test_rewritten_and_rehashed_history_is_found_against_a_remembered_head(
    path: Path, head: ChainHead
) -> None:
    tamper(path, _set("payload", "replace(payload, 'Cabinet', 'Council')", position=2))
    rehash_from(path, 2)

    assert verify(path) == (True, None, None)
    assert verify(path, head) == (False, "history-rewritten", EVENTS)


def test_truncated_then_extended_ledger_does_not_extend_the_old_head(
    path: Path, head: ChainHead
) -> None:
    tamper(path, f"DELETE FROM events WHERE position = {EVENTS}")
    with Ledger.open(path) as ledger:
        ledger.append(resolved("r-new", date(2021, 4, 1)))
        ledger.append(resolved("r-newer", date(2021, 4, 2)))

        assert ledger.verify().ok
        assert not ledger.extends(head)
        assert ledger.verify(expected_head=head).problem == "history-rewritten"


# ---------------------------------------------------------------- opening a broken ledger


def test_open_with_verify_refuses_a_broken_ledger_and_says_where(path: Path) -> None:
    tamper(path, "DELETE FROM events WHERE position = 4")
    before = file_bytes(path)

    with pytest.raises(ChainBroken, match=r"at position 4 \(row-missing\)") as caught:
        Ledger.open(path, verify=True)

    assert caught.value.position == 4
    assert caught.value.problem == ChainProblem.ROW_MISSING
    assert not caught.value.report.ok
    assert file_bytes(path) == before


def test_broken_ledger_still_opens_for_reading_without_verify(path: Path) -> None:
    tamper(path, _set("payload", "replace(payload, 'Cabinet', 'Council')"))

    with Ledger.open(path) as ledger:
        assert ledger.version(P) == EVENTS


# ---------------------------------------------------------------- heads an auditor keeps


def test_ledger_extends_a_head_it_has_grown_from(path: Path, head: ChainHead) -> None:
    with Ledger.open(path) as ledger:
        ledger.append(resolved("r-later", date(2021, 5, 1)))

        assert ledger.extends(head)
        assert ledger.extends(str(head))
        assert ledger.extends(GENESIS_HEAD)
        assert ledger.head().position == EVENTS + 1


def test_ledger_does_not_extend_another_ledgers_head(path: Path, ledger: Ledger) -> None:
    ledger.append(formed(name="Another partnership"))
    other = ledger.head()

    with Ledger.open(path) as mine:
        assert not mine.extends(other)
        assert mine.verify(expected_head=other).problem == "history-rewritten"


def test_head_text_is_one_line_with_position_hash_and_root(head: ChainHead) -> None:
    text = str(head)

    assert text == f"{EVENTS}:{head.hash}:{head.root}"
    assert str(ChainHead(head.position, head.hash)) == f"{EVENTS}:{head.hash}"
    assert ChainHead.parse(text).root == head.root
    assert "\n" not in text
    assert ChainHead.parse(text) == head
    assert ChainHead.parse(f"  {text}\n") == head


@pytest.mark.parametrize(
    "text",
    [
        "",
        "6",
        "six:" + "a" * 64,
        "6:" + "a" * 63,
        "6:" + "A" * 64,
        "-1:" + "a" * 64,
        "0:" + "a" * 64,
    ],
)
def test_malformed_head_text_is_refused_with_usage_error(text: str) -> None:
    with pytest.raises(UsageError, match="chain head"):
        ChainHead.parse(text)


def test_extends_refuses_something_that_is_not_a_head(ledger: Ledger) -> None:
    with pytest.raises(UsageError, match="chain head"):
        ledger.extends(42)  # type: ignore[arg-type]


@given(
    position=st.integers(min_value=1, max_value=2**63), digest=st.binary(min_size=32, max_size=32)
)
def test_head_text_round_trips(position: int, digest: bytes) -> None:
    head = ChainHead(position, digest.hex())

    assert ChainHead.parse(str(head)) == head


# ---------------------------------------------------------------- any change is caught

_COLUMNS = st.sampled_from(["partnership", "type", "effective", "recorded_at", "payload"])


@functools.cache
def _six_events() -> bytes:
    """The bytes of a closed ledger file holding six events."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "ledger.db"
        with Ledger.open(path, clock=TickingClock()) as ledger:
            ledger.append(
                formed(), *(resolved(f"r{n}", date(2021, 1, n)) for n in range(1, EVENTS))
            )
        return path.read_bytes()


@given(
    position=st.integers(min_value=1, max_value=EVENTS),
    column=_COLUMNS,
    suffix=st.text(min_size=1, max_size=3),
)
def test_any_change_to_a_hashed_text_field_is_caught_at_its_record(
    position: int, column: str, suffix: str
) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "ledger.db"
        path.write_bytes(_six_events())
        raw = sqlite3.connect(path)
        with raw:
            raw.execute("DROP TRIGGER events_refuse_update")
            raw.execute(
                f"UPDATE events SET {column} = {column} || ? WHERE position = ?", (suffix, position)
            )
        raw.close()

        assert verify(path) == (False, "payload-changed", position)


def test_verification_works_without_sqlite_json_functions(
    path: Path, head: ChainHead, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_json = sqlite_verify.chain_rows_sql

    def without_json(v2_from: int) -> str:  # an SQLite built without JSON
        return with_json(v2_from).replace("json_array", "no_such_function")

    monkeypatch.setattr(sqlite_audit, "chain_rows_sql", without_json)

    assert verify(path) == (True, None, None)
    tamper(path, _set("payload", "replace(payload, 'Cabinet', 'Council')"))
    assert verify(path, head) == (False, "payload-changed", 3)


# ---------------------------------------------------------------- two processes at once


@pytest.fixture
def workers(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Verify even this small ledger in two processes; list each worker started."""
    started: list[int] = []
    start_worker = sqlite_verify.segment_worker

    def counted(reader: str, sql: str, *, after: int, through: int, prev: str) -> object:
        started.append(after)
        return start_worker(reader, sql, after=after, through=through, prev=prev)

    monkeypatch.setattr(sqlite_audit, "PARALLEL_VERIFY_MIN_EVENTS", 2)
    monkeypatch.setattr(sqlite_audit, "segment_worker", counted)
    return started


def test_large_ledger_is_verified_by_two_processes(
    path: Path, head: ChainHead, workers: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_serial_walk(*args: object, **kwargs: object) -> None:
        raise AssertionError("the two processes should have settled it")

    monkeypatch.setattr(sqlite_store, "verify_chain", no_serial_walk)
    with Ledger.open(path) as ledger:
        report = ledger.verify()
        second = [event.hash for event in ledger.events()][1]
        continued = ledger.verify(expected_head=ChainHead(2, second))

    assert workers == [EVENTS // 2, EVENTS // 2]
    assert (report.ok, report.events_checked, report.head) == (True, EVENTS, head)
    assert "intact" in report.detail
    assert continued.ok
    assert "continues the remembered head 2:" in continued.detail


@pytest.mark.parametrize(
    "statements",
    [
        [_set("payload", "replace(payload, 'Cabinet', 'Council')", position=2)],
        [_set("payload", "replace(payload, 'Cabinet', 'Council')", position=5)],
        [_set("hash", f"'{'f' * 64}'", position=3)],
        [_set("hash", f"'{'f' * 64}'", position=4)],
        ["DELETE FROM events WHERE position = 5"],
        list(_SWAP_3_4),
        [f"DELETE FROM events WHERE position = {EVENTS}"],
    ],
    ids=[
        "first-half",
        "second-half",
        "hash-at-middle",
        "hash-after-middle",
        "delete",
        "swap",
        "truncate",
    ],
)
def test_two_processes_reach_the_serial_verdict(
    path: Path,
    head: ChainHead,
    workers: list[int],
    statements: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tamper(path, *statements)
    with Ledger.open(path) as ledger:
        in_parallel = (ledger.verify(), ledger.verify(expected_head=head))
        monkeypatch.setattr(sqlite_audit, "PARALLEL_VERIFY_MIN_EVENTS", 10**9)
        serial = (ledger.verify(), ledger.verify(expected_head=head))

    assert workers
    assert in_parallel == serial
    assert not serial[1].ok


def _sealed_rows(versions: list[int]) -> list[tuple[object, ...]]:
    """Rows as the quick walk reads them, one per version given, chained and hashed."""
    rows: list[tuple[object, ...]] = []
    prev = GENESIS_HASH
    for position, version in enumerate(versions, start=1):
        fields = (
            position,
            "p",
            version,
            "T",
            1,
            "2022-09-01",
            "0001-01-01",
            "2026-01-01T00:00:00.000000+00:00",
            f'{{"n":{position}}}',
        )
        digest = chain_hash(prev, canonical_fields(*fields))
        rows.append((position, prev, digest, *fields))
        prev = digest
    return rows


def test_walking_the_fields_stops_at_the_first_bad_link() -> None:
    rows = _sealed_rows([1, 2, 3, 4])

    whole = quickwalk.walk_fields(rows, 0, GENESIS_HASH)
    cut = quickwalk.walk_fields([*rows[:2], rows[3]], 0, GENESIS_HASH)

    assert whole == (4, rows[3][2], {"p": [1, 4]})
    assert cut[:2] == (2, rows[1][2])


def test_walking_the_fields_stops_at_a_version_that_does_not_run_on() -> None:
    rows = _sealed_rows([1, 2, 4, 5])

    assert quickwalk.walk_fields(rows, 0, GENESIS_HASH)[:2] == (2, rows[1][2])


def test_walking_the_fields_stops_at_a_value_no_sealed_record_holds() -> None:
    rows = _sealed_rows([1, 2, 3])
    rows[2] = (*rows[2][:-1], b'{"n":3}')

    assert quickwalk.walk_fields(rows, 0, GENESIS_HASH)[:2] == (2, rows[1][2])


def test_versions_of_a_later_segment_must_carry_on_from_the_earlier_one() -> None:
    assert quickwalk.spans_follow({"p": [1, 3]}, {"p": [4, 6], "q": [1, 2]})
    assert not quickwalk.spans_follow({"p": [1, 3]}, {"p": [5, 6]})
    assert not quickwalk.spans_follow({}, {"q": [2, 2]})


@pytest.mark.parametrize("parallel", [False, True], ids=["one-process", "two-processes"])
@pytest.mark.parametrize(
    ("statement", "at"),
    [
        ("UPDATE events SET version = 40 WHERE position = 5", 5),
        ("UPDATE events SET version = version + 1 WHERE position >= 4", 4),
        ("UPDATE events SET version = 7 - version WHERE position IN (2, 5)", 2),
    ],
    ids=["in-the-second-half", "where-the-second-half-begins", "swapped"],
)
def test_a_wrong_version_under_a_rehashed_chain_is_found(
    path: Path, monkeypatch: pytest.MonkeyPatch, statement: str, at: int, parallel: bool
) -> None:
    raw = sqlite3.connect(path)
    raw.execute("DROP INDEX events_partnership_version")  # it would refuse the swap
    raw.commit()
    raw.close()
    tamper(path, statement)
    rehash_from(path, 2)
    if parallel:
        monkeypatch.setattr(sqlite_audit, "PARALLEL_VERIFY_MIN_EVENTS", 2)

    assert verify(path) == (False, "version-wrong", at)


# ---------------------------------------------------------------- the walker, for any store


class _ListSource:
    """A store-less chain source: rows in memory, candidates deliberately wrong."""

    def __init__(self, fields: list[tuple[object, ...]]) -> None:
        self.exact: dict[int, bytes] = {}
        self.rows: list[ChainRow] = []
        prev = GENESIS_HASH
        for each in fields:
            canonical = canonical_fields(*each)
            position = int(str(each[0]))
            digest = chain_hash(prev, canonical)
            self.exact[position] = canonical
            self.rows.append((position, prev, digest, b"not the canonical bytes"))
            prev = digest

    def chain_rows(self) -> Iterator[ChainRow]:
        return iter(self.rows)

    def exact_canonical(self, position: int) -> bytes:
        return self.exact[position]

    def locate(self, hash: str) -> int | None:
        return next((row[0] for row in self.rows if row[2] == hash), None)


def _fields(count: int) -> list[tuple[object, ...]]:
    return [
        (n, "p", "T", 1, "2022-09-01", "2026-01-01T00:00:00.000000+00:00", f'{{"n":{n}}}')
        for n in range(1, count + 1)
    ]


def test_walker_falls_back_to_exact_bytes_when_a_fast_candidate_differs() -> None:
    source = _ListSource(_fields(5))

    report = verify_chain(source)

    assert (report.ok, report.events_checked) == (True, 5)
    assert report.head == ChainHead(5, source.rows[-1][2])


def test_walker_names_the_first_bad_record_of_any_source() -> None:
    source = _ListSource(_fields(5))
    source.exact[4] = canonical_fields(
        4, "p", "T", 1, "2022-09-01", "2026-01-01T00:00:00.000000+00:00", "{}"
    )

    report = verify_chain(source)

    assert (report.problem, report.first_bad_position, report.events_checked) == (
        ChainProblem.PAYLOAD_CHANGED,
        4,
        3,
    )


def test_walker_names_a_repeated_position_as_reordering() -> None:
    source = _ListSource(_fields(3))
    source.rows.insert(1, source.rows[0])

    report = verify_chain(source)

    assert (report.problem, report.first_bad_position) == (ChainProblem.ROWS_REORDERED, 2)


def test_canonical_fields_refuse_values_of_the_wrong_type() -> None:
    with pytest.raises(ValueError, match="its payload holds bytes"):
        canonical_fields(1, "p", "T", 1, "2022-09-01", "2026-01-01T00:00:00.000000+00:00", b"{}")


def test_store_verify_refuses_a_head_that_is_not_a_chain_head() -> None:
    with SQLiteStore.open(":memory:") as store, pytest.raises(UsageError, match="ChainHead"):
        store.verify(expected_head="0:" + GENESIS_HASH)  # type: ignore[arg-type]


# ---------------------------------------------------------------- schema versions


#: The schema a pretend next release writes, and the one this release writes.
NEXT = STORE_SCHEMA_VERSION + 1
NOW = STORE_SCHEMA_VERSION


@attrs.define
class NextSchema:
    """Migrations writing the next schema, with a step to it; and each time it ran.

    The step adds a table and appends to :attr:`ran`.
    """

    migrations: Migrations[MigrationStep]
    ran: list[int]


@pytest.fixture
def schema_two() -> NextSchema:
    """Migrations as a next release would have them: one more schema, one more step."""
    ran: list[int] = []

    def add_notes(connection: sqlite3.Connection) -> None:
        ran.append(1)
        connection.execute("CREATE TABLE govledger_notes (note TEXT NOT NULL)")

    return NextSchema(MIGRATIONS.with_step(NOW, add_notes), ran)


def _schema(path: Path) -> tuple[int, str, list[str]]:
    raw = sqlite3.connect(path)
    user_version = int(raw.execute("PRAGMA user_version").fetchone()[0])
    (meta,) = raw.execute("SELECT value FROM govledger_meta WHERE key = 'schema_version'")
    tables = [
        str(row[0]) for row in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    ]
    raw.close()
    return user_version, str(meta[0]), tables


def test_database_records_its_schema_version(path: Path) -> None:
    user_version, meta, _ = _schema(path)

    assert user_version == int(meta) == STORE_SCHEMA_VERSION


def test_older_schema_is_refused_with_how_to_migrate(path: Path, schema_two: NextSchema) -> None:
    before = file_bytes(path)

    with pytest.raises(
        MigrationRequired, match=rf"schema {NOW}, older than schema {NEXT}.*migrate=True"
    ):
        Ledger.open(path, migrations=schema_two.migrations)

    assert file_bytes(path) == before
    assert schema_two.ran == []


def test_open_with_migrate_upgrades_in_place_and_keeps_every_event(
    path: Path, head: ChainHead, schema_two: NextSchema
) -> None:
    migrations = schema_two.migrations
    with Ledger.open(path, migrate=True, verify=True, migrations=migrations) as ledger:
        assert ledger.extends(head)
        assert ledger.version(P) == EVENTS

    user_version, meta, tables = _schema(path)
    assert (user_version, meta, schema_two.ran) == (NEXT, str(NEXT), [1])
    assert "govledger_notes" in tables
    with Ledger.open(path, migrations=migrations) as reopened:
        assert reopened.verify().ok


def test_migrate_function_upgrades_once(path: Path, schema_two: NextSchema) -> None:
    assert migrate(path, migrations=schema_two.migrations) == NEXT
    assert migrate(path, migrations=schema_two.migrations) == NEXT

    assert schema_two.ran == [1]
    assert _schema(path)[0] == NEXT


def test_failed_migration_step_leaves_the_file_as_it_was(
    path: Path, schema_two: NextSchema
) -> None:
    def half_done(connection: sqlite3.Connection) -> None:
        connection.execute("CREATE TABLE govledger_half (x)")
        raise RuntimeError("disk gremlin")

    migrations = schema_two.migrations.with_step(NOW, half_done)
    before = file_bytes(path)

    with pytest.raises(MigrationFailed, match=rf"from schema {NOW} to {NEXT} failed.*gremlin"):
        Ledger.open(path, migrate=True, migrations=migrations)

    assert file_bytes(path) == before
    assert _schema(path)[:2] == (NOW, str(NOW))


def test_migration_that_changes_recorded_events_is_rolled_back(
    path: Path, schema_two: NextSchema
) -> None:
    def rewrite(connection: sqlite3.Connection) -> None:
        connection.execute("DROP TRIGGER events_refuse_update")
        connection.execute("UPDATE events SET payload = replace(payload, 'Cabinet', 'Council')")

    before = file_bytes(path)

    with pytest.raises(MigrationFailed, match="hash chain fails at position 2"):
        migrate(path, migrations=schema_two.migrations.with_step(NOW, rewrite))

    assert file_bytes(path) == before


def test_migration_step_that_commits_on_its_own_is_reported(
    path: Path, schema_two: NextSchema
) -> None:
    def commits(connection: sqlite3.Connection) -> None:
        connection.execute("COMMIT")

    with pytest.raises(MigrationFailed, match="committed on its own"):
        migrate(path, migrations=schema_two.migrations.with_step(NOW, commits))


def test_older_schema_without_a_migration_step_explains_there_is_none(path: Path) -> None:
    gap = Migrations(latest=NEXT + 1, steps={**MIGRATIONS.steps, NOW: lambda connection: None})

    with pytest.raises(
        SchemaVersionError, match=rf"no migration from schema {NEXT} to {NEXT + 1}"
    ) as caught:
        Ledger.open(path, migrate=True, migrations=gap)

    assert not isinstance(caught.value, MigrationRequired)


def test_newer_schema_is_refused_even_when_migrating(path: Path) -> None:
    raw = sqlite3.connect(path)
    with raw:
        raw.execute(f"PRAGMA user_version = {STORE_SCHEMA_VERSION + 1}")
    raw.close()
    before = file_bytes(path)

    with pytest.raises(SchemaVersionError, match="newer govledger"):
        Ledger.open(path, migrate=True)

    assert file_bytes(path) == before


# ---------------------------------------------------------------- every column hashed (16.2)

SEED_FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.mark.parametrize(
    ("column", "value"),
    [("version", "40"), ("visible_from", "'2099-01-01'"), ("effective", "'2030-01-01'")],
)
def test_editing_any_stored_column_breaks_verification(path: Path, column: str, value: str) -> None:
    tamper(path, _set(column, value, position=3))

    ok, problem, at = verify(path)

    assert (ok, at) == (False, 3)
    assert problem in ("payload-changed", "version-wrong")


def test_a_wrong_version_is_found_even_where_it_was_not_hashed(path: Path) -> None:
    raw = sqlite3.connect(path)
    raw.execute("UPDATE govledger_meta SET value = '9' WHERE key = 'hash_v2_from'")
    raw.commit()
    raw.close()

    # Under definition 1 for every record, the hashes no longer match: caught first.
    assert verify(path)[0] is False


def _seed_fixture(tmp_path: Path, name: str) -> Path:
    copy = tmp_path / name
    copy.write_bytes((SEED_FIXTURES / name).read_bytes())
    return copy


def _views() -> list[tuple[str, date]]:
    import sys

    sys.path.insert(0, str(EXAMPLES))
    try:
        import seed_ledger
    finally:
        sys.path.remove(str(EXAMPLES))
    return [(partnership, day) for partnership, _, dates in seed_ledger.VIEWS for day, _ in dates]


@pytest.mark.parametrize("name", ["ledger-0.1.db", "ledger-schema2.db"])
def test_a_ledger_written_by_an_older_release_migrates_verifies_and_answers_the_same(
    tmp_path: Path, name: str
) -> None:
    old = _seed_fixture(tmp_path, name)
    with _open_old(old) as before:
        old_head = before

    with pytest.raises(MigrationRequired):
        Ledger.open(old)
    with Ledger.open(old, migrate=True, verify=True) as upgraded:
        assert upgraded.extends(old_head)
        report = upgraded.verify()
        assert report.ok and report.head.position == old_head.position + 1
        # The same decisions recorded afresh, one by one, in a ledger of today's format:
        # the upgraded file must answer every seed question exactly as it does.
        with Ledger.open(":memory:") as fresh:
            for entry in upgraded.events():
                fresh.append(entry.event)
            views = _views()
            assert views
            for partnership, day in views:
                assert upgraded.state(partnership, day) == fresh.state(partnership, day)
        assert LEDGER_PARTNERSHIP not in upgraded.partnerships()
        assert all(e.partnership != LEDGER_PARTNERSHIP for e in upgraded.events())
        upgraded.append(resolved("r-after", date(2024, 1, 1), council="bdc", partnership="bdc-rbc"))
        assert upgraded.verify().ok

    raw = sqlite3.connect(old)
    mark = raw.execute(
        "SELECT partnership, type, payload FROM events WHERE position = ?",
        (old_head.position + 1,),
    ).fetchone()
    unhashed = raw.execute(
        "SELECT COUNT(*) FROM events WHERE position <= ? AND visible_from != '0001-01-01'",
        (old_head.position,),
    ).fetchone()
    raw.close()
    assert mark[:2] == (LEDGER_PARTNERSHIP, "HashDefinitionChanged")
    said = json.loads(mark[2])
    assert said["from_position"] == old_head.position + 1
    assert said["previous_definition_head"] == str(old_head)
    assert unhashed == (0,)


def test_a_schema_3_ledger_drops_the_unplanned_index_and_keeps_every_record(
    tmp_path: Path,
) -> None:
    """Schema 3 -> 4 only drops ``events_partnership_visible``: every stored row, the
    hash chain, the full-text index and every seed answer stay as they were."""
    old = _seed_fixture(tmp_path, "ledger-schema3.db")
    raw = sqlite3.connect(old)
    rows = raw.execute("SELECT * FROM events ORDER BY position").fetchall()
    searchable = raw.execute(
        "SELECT rowid, title, summaries FROM decisions_fts ORDER BY rowid"
    ).fetchall()
    raw.close()
    with _open_old(old) as before:
        old_head = before

    with pytest.raises(MigrationRequired):
        Ledger.open(old)
    with Ledger.open(old, migrate=True, verify=True) as upgraded:
        assert upgraded.head() == old_head  # nothing appended, nothing re-sealed
        with Ledger.open(":memory:") as fresh:
            for entry in upgraded.events():
                fresh.append(entry.event)
            for partnership, day in _views():
                assert upgraded.state(partnership, day) == fresh.state(partnership, day)
        upgraded.append(resolved("r-after", date(2024, 1, 1), council="bdc", partnership="bdc-rbc"))
        assert upgraded.verify().ok

    raw = sqlite3.connect(old)
    assert raw.execute("SELECT * FROM events ORDER BY position").fetchall()[: len(rows)] == rows
    indexes = {
        str(r[0]) for r in raw.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
    }
    assert "events_partnership_visible" not in indexes
    assert {"events_partnership_effective", "events_type"} <= indexes
    assert raw.execute("PRAGMA user_version").fetchone() == (STORE_SCHEMA_VERSION,)
    again = raw.execute("SELECT rowid, title, summaries FROM decisions_fts ORDER BY rowid")
    assert again.fetchall()[: len(searchable)] == searchable
    raw.close()


def _open_old(path: Path) -> contextlib.AbstractContextManager[ChainHead]:
    """The head of an old-schema file, read with plain sqlite3 (it cannot open unmigrated)."""

    @contextlib.contextmanager
    def head() -> Iterator[ChainHead]:
        raw = sqlite3.connect(path)
        try:
            position, hash_ = raw.execute(
                "SELECT position, hash FROM events ORDER BY position DESC LIMIT 1"
            ).fetchone()
        finally:
            raw.close()
        yield ChainHead(position, hash_)

    return head()


def test_a_broken_old_chain_is_not_migrated(tmp_path: Path) -> None:
    old = _seed_fixture(tmp_path, "ledger-0.1.db")
    raw = sqlite3.connect(old)
    raw.execute("DROP TRIGGER events_refuse_update")
    raw.execute("UPDATE events SET payload = replace(payload, 'a', 'b') WHERE position = 5")
    before = raw.execute("SELECT * FROM events ORDER BY position").fetchall()
    raw.commit()
    raw.close()

    with pytest.raises(MigrationFailed, match="fails before the upgrade, at position 5"):
        Ledger.open(old, migrate=True)
    raw = sqlite3.connect(old)
    assert raw.execute("SELECT * FROM events ORDER BY position").fetchall() == before
    assert raw.execute("PRAGMA user_version").fetchone() == (1,)
    raw.close()


def test_an_unhashed_column_of_an_old_record_is_checked_after_migration(tmp_path: Path) -> None:
    old = _seed_fixture(tmp_path, "ledger-0.1.db")
    Ledger.open(old, migrate=True).close()
    tamper(old, _set("visible_from", "'2030-01-01'", position=4))
    raw = sqlite3.connect(old)
    raw.execute("UPDATE events SET version = 1000 WHERE position = 6")
    raw.commit()
    raw.close()

    assert verify(old) == (False, "unhashed-column-edited", 4)
    tamper(old, _set("visible_from", "'0001-01-01'", position=4))
    assert verify(old) == (False, "version-wrong", 6)


def test_a_moved_hash_definition_mark_is_found(tmp_path: Path) -> None:
    old = _seed_fixture(tmp_path, "ledger-schema2.db")
    Ledger.open(old, migrate=True).close()
    raw = sqlite3.connect(old)
    (v2_from,) = raw.execute(
        "SELECT value FROM govledger_meta WHERE key = 'hash_v2_from'"
    ).fetchone()
    raw.execute(
        "UPDATE govledger_meta SET value = ? WHERE key = 'hash_v2_from'", (int(v2_from) + 5,)
    )
    raw.commit()
    raw.close()

    assert verify(old)[0] is False


# ---------------------------------------------------------------- REPLACE refused (16.3)


@pytest.mark.parametrize(
    "statement",
    [
        "REPLACE INTO events SELECT * FROM events WHERE position = 2",
        "INSERT OR REPLACE INTO events SELECT * FROM events WHERE position = 2",
        "INSERT OR REPLACE INTO events (position, partnership, version, type, schema_version,"
        " effective, recorded_at, payload, prev_hash, hash, visible_from) SELECT 99,"
        " partnership, version, type, schema_version, effective, recorded_at, payload,"
        " prev_hash, hash, visible_from FROM events WHERE position = 2",
        "INSERT INTO events SELECT * FROM events WHERE position = 2"
        " ON CONFLICT (position) DO UPDATE SET payload = 'x'",
        "UPDATE OR REPLACE events SET position = 1 WHERE position = 2",
        "INSERT OR IGNORE INTO events SELECT * FROM events WHERE position = 2",
    ],
)
def test_a_plain_client_cannot_rewrite_a_row(path: Path, statement: str) -> None:
    raw = sqlite3.connect(path)
    before = raw.execute("SELECT * FROM events ORDER BY position").fetchall()
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        raw.execute(statement)
    raw.rollback()
    assert raw.execute("SELECT * FROM events ORDER BY position").fetchall() == before
    raw.close()
    assert verify(path) == (True, None, None)


# ---------------------------------------------------------------- only ledgers open (16.4)


def test_a_fifo_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    started = time.monotonic()

    with pytest.raises(NotALedger, match="FIFO"):
        Ledger.open(fifo)

    assert time.monotonic() - started < 5


def test_a_socket_and_a_device_are_refused(tmp_path: Path) -> None:
    import socket

    where = tmp_path / "s"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(where))
        with pytest.raises(NotALedger, match="socket"):
            Ledger.open(where)
    finally:
        server.close()
    with pytest.raises(NotALedger, match="device"):
        Ledger.open("/dev/null")


def test_an_empty_file_is_not_a_ledger_unless_created(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")

    with pytest.raises(NotALedger, match="empty file"):
        Ledger.open(empty, verify=True)
    assert empty.read_bytes() == b""
    with Ledger.open(empty, create=True) as made:
        made.append(formed())
    with Ledger.open(empty, verify=True) as reopened:
        assert reopened.version(P) == 1


def test_a_new_ledger_appears_whole(tmp_path: Path) -> None:
    made = tmp_path / "new.db"
    with Ledger.open(made) as ledger:
        assert made.stat().st_size > 0
        ledger.append(formed())
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".new")] == []


def _checkpointed(path: Path) -> None:
    """Save checkpoints of *path*'s partnership, as often as possible."""
    with Ledger(SQLiteStore.open(path), checkpoint_every=1) as ledger:
        ledger.checkpoint()


def test_a_damaged_page_is_refused_by_open_verify(path: Path) -> None:
    _checkpointed(path)
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    (root,) = raw.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'checkpoints'"
    ).fetchone()
    (page_size,) = raw.execute("PRAGMA page_size").fetchone()
    raw.close()
    with path.open("r+b") as file:
        file.seek((root - 1) * page_size + 8)
        file.write(os.urandom(page_size - 8))

    with pytest.raises(CorruptLedger, match="quick_check"):
        Ledger.open(path, verify=True)


# ---------------------------------------------------------------- the store's clock (16.5)


def test_a_client_clock_is_refused_on_a_file(tmp_path: Path) -> None:
    future = datetime(2099, 1, 1, tzinfo=UTC)
    with pytest.raises(UsageError, match="TestClock"):
        Ledger.open(tmp_path / "l.db", clock=lambda: future)
    assert not (tmp_path / "l.db").exists()


def test_a_clock_ahead_of_real_time_is_reported(tmp_path: Path) -> None:
    future = datetime(2099, 1, 1, tzinfo=UTC)
    with Ledger.open(tmp_path / "l.db", clock=TestClock(lambda: future)) as ledger:
        ledger.append(formed())
        report = ledger.verify()
    assert (report.ok, report.problem, report.first_bad_position) == (
        False,
        ChainProblem.CLOCK_AHEAD,
        1,
    )
    assert "2099-01-01" in report.detail


def test_recorded_times_come_from_the_store_clock_inside_the_lock(tmp_path: Path) -> None:
    with Ledger.open(tmp_path / "l.db") as ledger:
        before = datetime.now(UTC)
        (entry,) = ledger.append(formed())
        after = datetime.now(UTC)
    assert before <= entry.recorded_at <= after


# ---------------------------------------------------------------- checkpoint rows guarded


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE checkpoints SET data = x'00'",
        "REPLACE INTO checkpoints SELECT * FROM checkpoints",
        "INSERT OR REPLACE INTO checkpoints SELECT * FROM checkpoints",
    ],
)
def test_checkpoint_rows_cannot_be_rewritten_by_a_plain_client(path: Path, statement: str) -> None:
    _checkpointed(path)
    raw = sqlite3.connect(path)
    assert raw.execute("SELECT COUNT(*) FROM checkpoints").fetchone()[0] > 0
    with pytest.raises(sqlite3.DatabaseError, match="never"):
        raw.execute(statement)
    raw.close()


# ---------------------------------------------------------------- checkpoints cannot lie (16.1)


def _many(count: int) -> list[Event]:
    return [resolved(f"r{n}", date(2021, 1, 1) + timedelta(days=n)) for n in range(count)]


@pytest.fixture
def checkpointed(tmp_path: Path) -> Path:
    """A ledger of one partnership with state checkpoints saved (the user asked)."""
    file = tmp_path / "checkpointed.db"
    with Ledger.open(file) as ledger:
        ledger.append(formed(), *_many(30))
    with Ledger(SQLiteStore.open(file), checkpoint_every=4) as ledger:
        ledger.checkpoint()
    return file


def _forge(path: Path, *, recompute_digest: bool, name: str = "Forged Partnership") -> None:
    """Rewrite every state checkpoint with another partnership name, as an attacker would."""
    raw = sqlite3.connect(path)
    with raw:
        columns = "partnership, kind, through, position, format, data, entries, chain_hash, digest"
        rows = raw.execute(f"SELECT {columns} FROM checkpoints WHERE kind = 'state'").fetchall()
        assert rows
        raw.execute("DELETE FROM checkpoints WHERE kind = 'state'")
        for row in rows:
            fold = snapshots.load(row[5], row[0])
            fold.name = name
            forged = Checkpoint(
                partnership=row[0],
                kind=row[1],
                through=date.fromisoformat(row[2]),
                position=row[3],
                format=row[4],
                data=snapshots.dump(fold),
                entries=row[6],
            )
            digest = checkpoint_digest(forged, row[7]) if recompute_digest else row[8]
            raw.execute(
                f"INSERT INTO checkpoints ({columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*row[:5], forged.data, row[6], row[7], digest),
            )
    raw.close()


def test_a_forged_checkpoint_is_never_used_and_is_reported(checkpointed: Path) -> None:
    with Ledger.open(checkpointed, checkpoints=False) as plain:
        truth = plain.state(P, date(2021, 1, 20))
    _forge(checkpointed, recompute_digest=False)

    with Ledger.open(checkpointed) as ledger:
        assert ledger.state(P, date(2021, 1, 20)) == truth
        report = ledger.verify()
    assert (report.ok, report.problem) == (False, ChainProblem.CHECKPOINT_BAD)
    assert report.bad_checkpoints and report.checkpoints_checked >= len(report.bad_checkpoints)
    with pytest.raises(ChainBroken, match="drop_checkpoints"):
        Ledger.open(checkpointed, verify=True)
    with Ledger.open(checkpointed) as ledger:
        assert ledger.drop_checkpoints() > 0
        assert ledger.verify().ok
        assert ledger.state(P, date(2021, 1, 20)) == truth


def test_a_forged_checkpoint_with_a_recomputed_digest_is_caught_by_deep_verify(
    checkpointed: Path,
) -> None:
    _forge(checkpointed, recompute_digest=True)

    with Ledger.open(checkpointed) as ledger:
        # The digest's key is the public head hash: shallow verification cannot tell.
        assert ledger.verify().ok
        report = ledger.verify(deep=True)
        sampled = ledger.verify(deep=1)
    assert (report.ok, report.problem) == (False, ChainProblem.CHECKPOINT_BAD)
    assert "forged" in report.detail
    assert sampled.ok is False


def test_a_checkpoint_bound_to_another_head_or_stale_is_not_used(checkpointed: Path) -> None:
    with Ledger.open(checkpointed, checkpoints=False) as plain:
        truth = plain.state(P, date(2021, 3, 1))
    raw = sqlite3.connect(checkpointed)
    with raw:
        # moved to another position: the record there has another hash
        raw.execute(
            "DELETE FROM checkpoints WHERE rowid NOT IN (SELECT MIN(rowid) FROM checkpoints)"
        )
        raw.execute(
            "INSERT INTO checkpoints SELECT partnership, kind, through, position - 1, format, "
            "data, entries, chain_hash, digest FROM checkpoints"
        )
    raw.close()

    with Ledger.open(checkpointed) as ledger:
        assert ledger.state(P, date(2021, 3, 1)) == truth
        report = ledger.verify()
    assert report.problem == ChainProblem.CHECKPOINT_BAD
    assert len(report.bad_checkpoints) == 1


def test_checkpoints_are_not_pickles_and_old_formats_are_dropped_on_open(
    checkpointed: Path,
) -> None:
    raw = sqlite3.connect(checkpointed)
    datas = [bytes(row[0]) for row in raw.execute("SELECT data FROM checkpoints")]
    raw.execute(
        "INSERT INTO checkpoints SELECT partnership, kind, through, position, 'pickle5:old', "
        "data, entries, chain_hash, digest FROM checkpoints LIMIT 1"
    )
    raw.commit()
    raw.close()
    assert all(json.loads(snapshots.unpack(data))[0] == "d" for data in datas)

    Ledger.open(checkpointed).close()

    raw = sqlite3.connect(checkpointed)
    formats = {row[0] for row in raw.execute("SELECT DISTINCT format FROM checkpoints")}
    raw.close()
    assert formats == {snapshots.FOLD_FORMAT}


def test_a_question_never_writes_to_the_ledger(tmp_path: Path) -> None:
    file = tmp_path / "read.db"
    with Ledger(SQLiteStore.open(file), checkpoint_every=2) as ledger:
        ledger.append(formed(), *_many(20))
    raw = sqlite3.connect(file)
    before = raw.execute("SELECT * FROM checkpoints ORDER BY position, through").fetchall()
    raw.close()

    with Ledger(SQLiteStore.open(file), checkpoint_every=2) as ledger:
        for day in range(1, 28):
            ledger.state(P, date(2021, 1, day))

    raw = sqlite3.connect(file)
    assert raw.execute("SELECT * FROM checkpoints ORDER BY position, through").fetchall() == before
    raw.close()


def test_checkpoint_storage_stays_within_twice_the_payload_at_every_size(tmp_path: Path) -> None:
    file = tmp_path / "grow.db"
    ratios = []
    with Ledger.open(file) as ledger:
        ledger.append(formed())
        for size in (300, 900, 2_700):
            have = ledger.version(P)
            ledger.append(*_many(size)[have - 1 :])
            ledger.checkpoint()
            raw = sqlite3.connect(file)
            (stored,) = raw.execute("SELECT SUM(LENGTH(data)) FROM checkpoints").fetchone()
            (payload,) = raw.execute("SELECT SUM(LENGTH(payload)) FROM events").fetchone()
            (count,) = raw.execute("SELECT COUNT(*) FROM checkpoints").fetchone()
            raw.close()
            ratios.append((size, stored / payload, count))
    assert all(ratio <= 2 for _, ratio, _ in ratios), ratios
    # geometric spacing: the count grows with the log of the history, not linearly
    assert ratios[-1][2] <= 2 * ratios[0][2] + 8, ratios


def test_deep_verify_of_honest_checkpoints_is_ok(checkpointed: Path) -> None:
    with Ledger(SQLiteStore.open(checkpointed), checkpoint_every=4) as ledger:
        ledger.append(resolved("late", date(2021, 1, 3)))  # back-dated: drops some
        ledger.checkpoint()
        report = ledger.verify(deep=True)
    assert report.ok and report.checkpoints_checked > 0


# ---------------------------------------------------------------- fair, cheap writers (16.6)


def test_an_append_after_another_writer_reads_only_what_that_writer_added(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from govledger.ledger.recorder import Recorder

    file = tmp_path / "shared.db"
    with Ledger.open(file) as first, Ledger.open(file) as second:
        first.append(formed(), *_many(50))
        second.append(resolved("from-second", date(2021, 6, 1)))  # the other writer
        full_reads: list[str] = []
        original = Recorder._recorded_decisions

        def counted(self: Recorder, partnership: str, known: int) -> object:
            full_reads.append(partnership)
            return original(self, partnership, known)

        monkeypatch.setattr(Recorder, "_recorded_decisions", counted)
        # cites the other writer's decision: the caught-up world must know it
        first.append(arrangement(on=date(2021, 7, 1), authority=ref("from-second")))
        assert full_reads == []
        # a back-dated entry by the other writer makes the kept world read everything
        second.append(resolved("early", date(2020, 6, 1)))
        first.append(resolved("after", date(2021, 8, 1)))
        assert full_reads == [P]
    with Ledger.open(file, verify=True) as reopened:
        assert reopened.version(P) == 55
