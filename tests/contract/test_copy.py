"""``copy_ledger`` and ``govledger copy``: SQLite to PostgreSQL and back, unchanged.

The copy must verify on both sides, end at the same head, hold every record exactly
(positions, versions, recording times, hashes, canonical bytes), and answer every
question the same: each partnership's state and history at several dates.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings

from factories import formed
from govledger import ChainBroken, Event, Ledger
from govledger.cli import main
from govledger.copy import copy_ledger
from govledger.errors import UsageError
from govledger.events import certain_from
from govledger.store import ChainHead, Query, StoredRecord, canonical_bytes
from govledger.testing.clock import TestClock
from govledger.testing.strategies import histories

from .conftest import PostgresBackend, SQLiteBackend, opened

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "examples"))

import seed_ledger


@pytest.fixture(scope="module")
def seed_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed ledger of the five records, built once."""
    path = tmp_path_factory.mktemp("seed") / "seed.db"
    seed_ledger.build(path, say=lambda _: None).close()
    return path


def records(target: str | Path) -> list[StoredRecord]:
    with opened(target) as store:
        return list(store.read(Query(order="position")))


def answers(target: str | Path, days: list[date]) -> dict[str, object]:
    """Every partnership's history, and its state on each of *days*."""
    found: dict[str, object] = {}
    with Ledger.open(target) as ledger:
        for partnership in ledger.partnerships():
            found[f"{partnership} history"] = list(ledger.history(partnership))
            for day in days:
                found[f"{partnership} {day}"] = ledger.state(partnership, as_of=day)
        found["events"] = list(ledger.events())
        found["head"] = ledger.head()
    return found


def round_trip(source: Path, postgres: PostgresBackend, back: Path) -> None:
    """Copy *source* to PostgreSQL and the result back to *back*, checking each report."""
    there = copy_ledger(source, postgres.target)
    home = copy_ledger(postgres.target, back)

    assert there.head == home.head == there.source_report.head
    assert there.destination_report.ok and home.destination_report.ok
    assert there.events == home.events == there.head.position


def test_the_seed_ledger_goes_to_postgres_and_back_unchanged(
    seed_file: Path, postgres: PostgresBackend, tmp_path: Path
) -> None:
    back = tmp_path / "back.db"

    round_trip(seed_file, postgres, back)

    original = records(seed_file)
    assert records(postgres.target) == original
    assert records(back) == original
    assert [canonical_bytes(r) for r in records(back)] == [canonical_bytes(r) for r in original]
    days = [day for _, _, views in seed_ledger.VIEWS for day, _ in views]
    days += [date(2000, 1, 1), date(2030, 1, 1)]
    expected = answers(seed_file, days)
    assert answers(postgres.target, days) == expected
    assert answers(back, days) == expected


@settings(
    max_examples=4,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(history=histories(partnerships=2, length=25))
def test_any_history_goes_to_postgres_and_back_answering_the_same(
    postgres_server: object, tmp_path_factory: pytest.TempPathFactory, history: list[Event]
) -> None:
    folder = tmp_path_factory.mktemp("history")
    source = folder / "source.db"
    with Ledger.open(source) as ledger:
        for event in history:
            ledger.append(event)
    days = sorted({_day(e) for e in history} | {date(1900, 1, 1), date(2199, 1, 1)})
    postgres = PostgresBackend(postgres_server)  # type: ignore[arg-type]
    try:
        round_trip(source, postgres, folder / "back.db")

        chosen = days[:: max(1, len(days) // 6)]
        expected = answers(source, chosen)
        assert answers(postgres.target, chosen) == expected
        assert answers(folder / "back.db", chosen) == expected
    finally:
        postgres.drop()


def _day(event: Event) -> date:
    return certain_from(event.effective)


def test_a_destination_that_holds_events_is_refused_and_left_alone(
    seed_file: Path, postgres: PostgresBackend
) -> None:
    with Ledger.open(postgres.target) as ledger:
        ledger.append(formed())

    with pytest.raises(UsageError, match="already holds 1 events"):
        copy_ledger(seed_file, postgres.target)

    assert len(records(postgres.target)) == 1


def test_a_broken_source_is_refused_before_anything_is_written(
    seed_file: Path, tmp_path: Path, postgres: PostgresBackend
) -> None:
    broken = SQLiteBackend(tmp_path)
    broken.path.write_bytes(seed_file.read_bytes())
    broken.tamper("UPDATE events SET payload = '{}' WHERE position = 7")

    with pytest.raises(ChainBroken, match="position 7"):
        copy_ledger(broken.target, postgres.target)

    assert postgres.tables() == set()


def test_a_missing_source_is_refused_without_creating_it(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no ledger at"):
        copy_ledger(tmp_path / "missing.db", tmp_path / "copy.db")

    assert list(tmp_path.iterdir()) == []


def test_a_ledger_cannot_be_copied_onto_itself(seed_file: Path) -> None:
    with pytest.raises(UsageError, match="same ledger"):
        copy_ledger(seed_file, seed_file)


def test_import_refuses_records_that_do_not_form_one_chain(
    seed_file: Path, postgres: PostgresBackend, tmp_path: Path
) -> None:
    original = records(seed_file)
    changed = [*original[:5], attrs.evolve(original[5], payload="{}")]
    gap = [*original[:3], *original[4:6]]

    for target in (postgres.target, str(tmp_path / "dest.db")):
        with opened(target) as store:
            with pytest.raises(UsageError, match="position 6 does not match its hash"):
                store.import_records(changed)
            with pytest.raises(UsageError, match="does not follow record 3"):
                store.import_records(iter(gap))
            assert store.last_position() == 0


def test_the_copy_command_copies_and_reports_in_json(
    seed_file: Path, postgres: PostgresBackend, tmp_path: Path
) -> None:
    runner = CliRunner()

    there = runner.invoke(main, ["copy", str(seed_file), postgres.target, "--json"])
    back = runner.invoke(main, ["copy", postgres.target, str(tmp_path / "back.db")])

    assert there.exit_code == 0, there.output
    report = json.loads(there.output)
    assert report["events"] == len(records(seed_file))
    with Ledger.open(seed_file) as seed:
        assert ChainHead.parse(report["head"]) == seed.head()
    assert report["format"] == 1
    assert back.exit_code == 0, back.output
    assert "both verify and end at head" in back.output
    assert records(tmp_path / "back.db") == records(seed_file)


def test_the_copy_command_exits_2_for_a_missing_source(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["copy", str(tmp_path / "nope.db"), str(tmp_path / "b.db")])

    assert result.exit_code == 2
    assert "no ledger at" in result.output


def test_the_copy_command_exits_1_for_a_broken_source(seed_file: Path, tmp_path: Path) -> None:
    broken = SQLiteBackend(tmp_path)
    broken.path.write_bytes(seed_file.read_bytes())
    broken.tamper("DELETE FROM events WHERE position = 3")

    result = CliRunner().invoke(main, ["copy", broken.target, str(tmp_path / "b.db")])

    assert result.exit_code == 1
    assert "fails verification at position 3" in result.output


def test_recording_times_survive_to_the_microsecond(
    postgres: PostgresBackend, tmp_path: Path
) -> None:
    source = tmp_path / "source.db"
    moment = datetime(1999, 12, 31, 23, 59, 59, 123_457, tzinfo=UTC)
    with Ledger.open(source, clock=TestClock(lambda: moment)) as ledger:
        ledger.append(formed())

    copy_ledger(source, postgres.target)

    (copied,) = records(postgres.target)
    assert copied.recorded_at.microsecond == 123_457
    assert copied == records(source)[0]
