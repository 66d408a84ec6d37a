"""The hash chain: verification, named damage, remembered heads and schema migrations.

Tampering goes through raw ``sqlite3``, as an attacker with write access to the file
would. The append-only triggers refuse UPDATE and DELETE, so each tampering first drops
them; that is itself what such an attacker would do, and the chain still catches it.
"""

from __future__ import annotations

import functools
import sqlite3
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import TickingClock
from factories import P, formed, resolved
from govledger import Ledger
from govledger.errors import (
    ChainBroken,
    MigrationFailed,
    MigrationRequired,
    SchemaVersionError,
    UsageError,
)
from govledger.store import (
    GENESIS_HASH,
    GENESIS_HEAD,
    MIGRATIONS,
    STORE_SCHEMA_VERSION,
    ChainHead,
    ChainProblem,
    ChainRow,
    SQLiteStore,
    canonical_fields,
    chain_hash,
    migrate,
    verify_chain,
)
from govledger.store import sqlite as sqlite_store

EVENTS = 6
_HASHED = "position, partnership, type, schema_version, effective, recorded_at, payload"


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
        raw.execute("DROP TRIGGER events_refuse_update")
        raw.execute("DROP TRIGGER events_refuse_delete")
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


def file_bytes(path: Path) -> dict[str, bytes]:
    # The -shm file is SQLite's shared-memory index, not data: readers may touch it.
    files = sorted(path.parent.glob(path.name + "*"))
    return {p.name: p.read_bytes() for p in files if not p.name.endswith("-shm")}


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


def test_head_text_is_one_line_with_position_and_hash(head: ChainHead) -> None:
    text = str(head)

    assert text == f"{EVENTS}:{head.hash}"
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
    without_json = sqlite_store._CHAIN_ROWS.replace("json_array", "no_such_function")
    monkeypatch.setattr(sqlite_store, "_CHAIN_ROWS", without_json)  # an SQLite built without JSON

    assert verify(path) == (True, None, None)
    tamper(path, _set("payload", "replace(payload, 'Cabinet', 'Council')"))
    assert verify(path, head) == (False, "payload-changed", 3)


# ---------------------------------------------------------------- two processes at once


@pytest.fixture
def workers(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Verify even this small ledger in two processes; list each worker started."""
    started: list[int] = []
    start_worker = sqlite_store._segment_worker

    def counted(reader: str, *, after: int, through: int, prev: str) -> object:
        started.append(after)
        return start_worker(reader, after=after, through=through, prev=prev)

    monkeypatch.setattr(sqlite_store, "PARALLEL_VERIFY_MIN_EVENTS", 2)
    monkeypatch.setattr(sqlite_store, "_segment_worker", counted)
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
        monkeypatch.setattr(sqlite_store, "PARALLEL_VERIFY_MIN_EVENTS", 10**9)
        serial = (ledger.verify(), ledger.verify(expected_head=head))

    assert workers
    assert in_parallel == serial
    assert not serial[1].ok


def test_walking_a_segment_stops_at_the_first_bad_link() -> None:
    source = _ListSource(_fields(4))
    rows = list(source.chain_rows())
    exact = [(p, ph, h, source.exact[p]) for p, ph, h, _ in rows]

    whole = sqlite_store._walk_segment(exact, 0, GENESIS_HASH)
    cut = sqlite_store._walk_segment([*exact[:2], exact[3]], 0, GENESIS_HASH)

    assert whole == (4, rows[3][2])
    assert cut == (2, rows[1][2])


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


@pytest.fixture
def schema_two(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Pretend this release writes the next schema, with a registered step to it.

    The step adds a table; it returns the list it appends to each time it runs.
    """
    ran: list[int] = []

    def add_notes(connection: sqlite3.Connection) -> None:
        ran.append(1)
        connection.execute("CREATE TABLE govledger_notes (note TEXT NOT NULL)")

    monkeypatch.setattr(sqlite_store, "STORE_SCHEMA_VERSION", NEXT)
    monkeypatch.setitem(MIGRATIONS, NOW, add_notes)
    return ran


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


def test_older_schema_is_refused_with_how_to_migrate(path: Path, schema_two: list[int]) -> None:
    before = file_bytes(path)

    with pytest.raises(
        MigrationRequired, match=rf"schema {NOW}, older than schema {NEXT}.*migrate=True"
    ):
        Ledger.open(path)

    assert file_bytes(path) == before
    assert schema_two == []


def test_open_with_migrate_upgrades_in_place_and_keeps_every_event(
    path: Path, head: ChainHead, schema_two: list[int]
) -> None:
    with Ledger.open(path, migrate=True, verify=True) as ledger:
        assert ledger.extends(head)
        assert ledger.version(P) == EVENTS

    user_version, meta, tables = _schema(path)
    assert (user_version, meta, schema_two) == (NEXT, str(NEXT), [1])
    assert "govledger_notes" in tables
    with Ledger.open(path) as reopened:
        assert reopened.verify().ok


def test_migrate_function_upgrades_once(path: Path, schema_two: list[int]) -> None:
    assert migrate(path) == NEXT
    assert migrate(path) == NEXT

    assert schema_two == [1]
    assert _schema(path)[0] == NEXT


def test_failed_migration_step_leaves_the_file_as_it_was(
    path: Path, schema_two: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    def half_done(connection: sqlite3.Connection) -> None:
        connection.execute("CREATE TABLE govledger_half (x)")
        raise RuntimeError("disk gremlin")

    monkeypatch.setitem(MIGRATIONS, NOW, half_done)
    before = file_bytes(path)

    with pytest.raises(MigrationFailed, match=rf"from schema {NOW} to {NEXT} failed.*gremlin"):
        Ledger.open(path, migrate=True)

    assert file_bytes(path) == before
    assert _schema(path)[:2] == (NOW, str(NOW))


def test_migration_that_changes_recorded_events_is_rolled_back(
    path: Path, schema_two: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    def rewrite(connection: sqlite3.Connection) -> None:
        connection.execute("DROP TRIGGER events_refuse_update")
        connection.execute("UPDATE events SET payload = replace(payload, 'Cabinet', 'Council')")

    monkeypatch.setitem(MIGRATIONS, NOW, rewrite)
    before = file_bytes(path)

    with pytest.raises(MigrationFailed, match="hash chain fails at position 2"):
        migrate(path)

    assert file_bytes(path) == before


def test_migration_step_that_commits_on_its_own_is_reported(
    path: Path, schema_two: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    def commits(connection: sqlite3.Connection) -> None:
        connection.execute("COMMIT")

    monkeypatch.setitem(MIGRATIONS, NOW, commits)

    with pytest.raises(MigrationFailed, match="committed on its own"):
        migrate(path)


def test_older_schema_without_a_migration_step_explains_there_is_none(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite_store, "STORE_SCHEMA_VERSION", NEXT + 1)
    monkeypatch.setitem(MIGRATIONS, NOW, lambda connection: None)

    with pytest.raises(
        SchemaVersionError, match=rf"no migration from schema {NEXT} to {NEXT + 1}"
    ) as caught:
        Ledger.open(path, migrate=True)

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
