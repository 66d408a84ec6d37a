"""The Ledger facade: open, append, read back, state; errors a user can act on."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import attrs
import pytest

from conftest import TickingClock
from factories import P, arrangement, conditional, formed, post, resolved
from govledger import (
    ConcurrencyError,
    ConditionSatisfied,
    GovLedgerError,
    InvalidEvent,
    Ledger,
    NotALedger,
    UsageError,
)
from govledger.errors import LedgerClosed, UnknownPartnership
from govledger.ledger import entries as entries_module
from govledger.ledger.entries import RecordedEvent


def test_append_returns_positions_versions_and_recording_times(ledger: Ledger) -> None:
    recorded = ledger.append(formed(), post())
    assert [r.position for r in recorded] == [1, 2]
    assert [r.version for r in recorded] == [1, 2]
    assert all(r.recorded_at.tzinfo is not None for r in recorded)
    assert recorded[0].event == formed()


def test_recording_time_comes_from_the_store_clock(clock: TickingClock) -> None:
    with Ledger.open(":memory:", clock=clock) as ledger:
        (first,) = ledger.append(formed())
    assert first.recorded_at == datetime(2026, 1, 5, 9, 0, 1, tzinfo=UTC)


def test_history_is_in_effective_date_order(ledger: Ledger) -> None:
    ledger.append(formed())
    ledger.append(arrangement(on=date(2021, 5, 1)))
    ledger.append(post(effective=date(2020, 6, 1)))  # back-dated entry
    events = [r.event for r in ledger.history(P)]
    assert [type(e).__name__ for e in events] == [
        "PartnershipFormed",
        "PostCreated",
        "ArrangementEstablished",
    ]


def test_history_until_stops_at_the_date(ledger: Ledger) -> None:
    ledger.append(formed(), post(effective=date(2020, 6, 1)), arrangement(on=date(2021, 5, 1)))
    assert len(list(ledger.history(P, until=date(2020, 12, 31)))) == 2


def test_events_are_in_recording_order(ledger: Ledger) -> None:
    ledger.append(formed())
    ledger.append(arrangement(on=date(2021, 5, 1)))
    ledger.append(post(effective=date(2020, 6, 1)))
    assert [r.position for r in ledger.events()] == [1, 2, 3]


def test_partnerships_lists_every_recorded_partnership(ledger: Ledger) -> None:
    ledger.append(formed(), formed(partnership="gamma-delta"))
    assert ledger.partnerships() == ["alpha-beta", "gamma-delta"]


def test_expected_version_guards_against_a_concurrent_writer(ledger: Ledger) -> None:
    ledger.append(formed(), expected_version=0)
    ledger.append(post(), expected_version=1)
    with pytest.raises(ConcurrencyError, match="version 2, not the expected 1"):
        ledger.append(arrangement(), expected_version=1)
    assert ledger.version(P) == 2


def test_expected_version_needs_a_single_partnership(ledger: Ledger) -> None:
    with pytest.raises(UsageError, match="one partnership"):
        ledger.append(formed(), formed(partnership="gamma-delta"), expected_version=0)


def test_append_needs_events(ledger: Ledger) -> None:
    with pytest.raises(UsageError):
        ledger.append()


def test_append_refuses_things_that_are_not_events(ledger: Ledger) -> None:
    with pytest.raises(InvalidEvent, match="not a govledger event"):
        ledger.append({"type": "PostRetitled"})  # type: ignore[arg-type]
    assert ledger.partnerships() == []


def test_state_of_unknown_partnership_names_the_known_ones(ledger: Ledger) -> None:
    ledger.append(formed())
    with pytest.raises(UnknownPartnership, match="known: alpha-beta"):
        ledger.state("cdc-occ", as_of=date(2022, 9, 1))


def test_state_as_of_must_be_a_date(ledger: Ledger) -> None:
    ledger.append(formed())
    with pytest.raises(UsageError, match=r"datetime\.date"):
        ledger.state(P, as_of=datetime(2022, 9, 1))


def test_state_is_frozen(ledger: Ledger) -> None:
    ledger.append(formed())
    state = ledger.state(P, as_of=date(2021, 1, 1))
    with pytest.raises(AttributeError):
        state.name = "changed"  # type: ignore[misc]


def test_ledger_file_keeps_events_across_opens(tmp_path: Path) -> None:
    path = tmp_path / "partnerships.db"
    with Ledger.open(path) as ledger:
        ledger.append(formed(), resolved("r1", date(2021, 1, 1)))
    with Ledger.open(path) as reopened:
        assert reopened.version(P) == 2
        assert reopened.state(P, as_of=date(2021, 1, 1)).resolution("r1") is not None


def test_a_text_file_is_not_a_ledger(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("minutes of the meeting\n" * 100)
    with pytest.raises(NotALedger, match=r"notes\.txt"):
        Ledger.open(path)
    assert path.read_text() == "minutes of the meeting\n" * 100


def test_closed_ledger_cannot_be_used(tmp_path: Path) -> None:
    ledger = Ledger.open(tmp_path / "x.db")
    ledger.close()
    with pytest.raises(LedgerClosed):
        ledger.append(formed())


def test_every_error_is_a_govledger_error(ledger: Ledger) -> None:
    with pytest.raises(GovLedgerError):
        ledger.append(arrangement())


def test_batch_is_atomic(ledger: Ledger) -> None:
    ledger.append(formed())
    with pytest.raises(GovLedgerError):
        ledger.append(post(), arrangement(partnership="nowhere"))
    assert ledger.version(P) == 1


def test_a_recorded_event_checks_nothing_so_history_may_set_its_slots() -> None:
    # history() sets RecordedEvent's slots directly: that is only the same as calling
    # the class while the class neither checks nor converts a field
    assert not any(
        field.validator is not None or field.converter is not None
        for field in attrs.fields(RecordedEvent)
    )
    assert getattr(RecordedEvent, "__attrs_post_init__", None) is None
    moment = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)

    made = entries_module._entry(3, P, 2, moment, formed(), "ab", None)

    assert made == RecordedEvent(
        position=3, partnership=P, version=2, recorded_at=moment, event=formed(), hash="ab"
    )


def test_a_condition_declared_by_another_writer_can_be_met_here(tmp_path: Path) -> None:
    """The recorded world caught up with another writer's conditional decision knows the
    condition it declares, so a ConditionSatisfied appended here is accepted (it was
    refused as naming no declared condition)."""
    file = tmp_path / "shared.db"
    with Ledger.open(file) as first, Ledger.open(file) as second:
        first.append(formed(), resolved("r1", date(2021, 1, 1)))  # first keeps its world
        second.append(resolved("r2", date(2021, 2, 1), conditional("lease-signed")))
        met = ConditionSatisfied(
            partnership=P, effective=date(2021, 3, 1), condition="lease-signed", evidence="signed"
        )
        (entry,) = first.append(met)
    assert (entry.position, entry.version) == (4, 4)
