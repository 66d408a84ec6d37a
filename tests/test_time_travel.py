"""Time travel: as of a day, as known at a time, corrections, checkpoints, user folds.

The properties (a)-(d) of the time-travel issue run over generated histories; the
examples pin down what a correction means.
"""

from __future__ import annotations

import pickle
import sqlite3
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factories import BETA_OFF_RECORD, CITE, P, formed, must, post, ref, resolved
from govledger import Event, Ledger, PartnershipState, PostRetitled, UsageError
from govledger.errors import (
    InvalidAuthority,
    InvalidRetraction,
    RetractionHasDependants,
    UnknownPartnership,
)
from govledger.events import EntryRetracted, ResolutionRef, certain_from
from govledger.ledger import RecordedEvent, recorder
from govledger.projections import corrected, state_as_of
from govledger.store import Checkpoint, SQLiteStore
from govledger.testing import World, worlds
from govledger.testing.invariants import key_dates, state_in_log

ENTITIES = (
    "name",
    "formed",
    "dissolved",
    "members",
    "former_members",
    "bodies",
    "arrangements",
    "posts",
    "designations",
    "delegations",
    "cost_shares",
    "actions",
)


def entities(state: PartnershipState) -> tuple[object, ...]:
    return tuple(getattr(state, name) for name in ENTITIES)


class Clock:
    """A recording clock that moves one hour per append."""

    def __init__(self) -> None:
        self.now = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(hours=1)
        return self.now


def fill(ledger: Ledger, events: Sequence[Event]) -> None:
    for event in events:
        ledger.append(event)


def days_of(events: Sequence[Event]) -> list[date]:
    days = key_dates(events)
    return days[:: max(1, len(days) // 12)] + days[-1:]


def by_partnership(world: World) -> dict[str, list[tuple[int, Event]]]:
    found: dict[str, list[tuple[int, Event]]] = {}
    for position, event in enumerate(world.events, start=1):
        found.setdefault(event.partnership, []).append((position, event))
    return found


# ---------------------------------------------------------------- (a) checkpoints


@settings(max_examples=25)
@given(world=worlds(partnerships=2, length=40))
def test_checkpointed_state_equals_full_replay_on_every_date(world: World) -> None:
    with (
        Ledger.open(":memory:", checkpoints=False) as plain,
        Ledger.open(":memory:") as checkpointed,
    ):
        fill(plain, world.events)
        checkpointed._folds.every = 2  # checkpoint as often as possible
        fill(checkpointed, world.events)
        log = list(enumerate(world.events, start=1))
        for partnership, pairs in by_partnership(world).items():
            events = [event for _, event in pairs]
            for day in days_of(events):
                expected = state_in_log(partnership, log, day)
                assert plain.state(partnership, day) == expected
                assert checkpointed.state(partnership, day) == expected
            # asked again, now from the checkpoints the ledger was asked to save
            checkpointed.checkpoint(partnership)
            for day in reversed(days_of(events)):
                assert checkpointed.state(partnership, day) == state_in_log(partnership, log, day)


# ---------------------------------------------------------------- (b) as of a day


@settings(max_examples=25)
@given(world=worlds(partnerships=1, length=40))
def test_state_as_of_a_day_is_the_fold_of_the_events_effective_by_then(world: World) -> None:
    with Ledger.open(":memory:") as ledger:
        fill(ledger, world.events)
        for partnership, pairs in by_partnership(world).items():
            for day in days_of([event for _, event in pairs]):
                effective = [(p, e) for p, e in pairs if certain_from(e.effective) <= day]
                assert entities(ledger.state(partnership, day)) == entities(
                    state_as_of(partnership, effective, day)
                )


# ---------------------------------------------------------------- (c) as known at


@settings(max_examples=20)
@given(world=worlds(partnerships=2, length=30), data=st.data())
def test_known_at_never_reflects_an_event_recorded_later(world: World, data: st.DataObject) -> None:
    clock = Clock()
    with Ledger.open(":memory:", clock=clock) as ledger:
        stamps = [ledger.append(event)[0].recorded_at for event in world.events]
        cut = data.draw(st.integers(min_value=1, max_value=len(world.events)), label="cut")
        moment = stamps[cut - 1] + timedelta(minutes=30)  # after entry `cut`, before the next
        log = list(enumerate(world.events, start=1))
        for partnership, pairs in by_partnership(world).items():
            known = [(p, e) for p, e in pairs if p <= cut]
            if not known:
                with pytest.raises(UnknownPartnership, match="no entries as known at"):
                    ledger.state(partnership, date(2020, 1, 1), known_at=cut)
                continue
            for day in days_of([event for _, event in pairs]):
                expected = state_in_log(partnership, log[:cut], day)
                assert ledger.state(partnership, day, known_at=cut) == expected
                assert ledger.state(partnership, day, known_at=moment) == expected
            seen = [entry.position for entry in ledger.history(partnership, known_at=moment)]
            assert seen and max(seen) <= cut


# ---------------------------------------------------------------- (d) back-dating


@settings(max_examples=20)
@given(world=worlds(partnerships=2, length=40, back_dating=True))
def test_back_dated_appends_answer_as_if_received_in_effective_order(world: World) -> None:
    appended = list(world.events)
    in_order = sorted(appended, key=lambda event: certain_from(event.effective))
    with Ledger.open(":memory:") as late, Ledger.open(":memory:") as ordered:
        fill(late, appended)
        ordered.append(*in_order)
        for partnership in late.partnerships():
            events = [e for e in appended if e.partnership == partnership]
            if len({certain_from(e.effective) for e in events}) < len(events):
                continue  # only histories with distinct effective dates
            for day in days_of(events):
                assert entities(late.state(partnership, day)) == entities(
                    ordered.state(partnership, day)
                )


@settings(max_examples=15)
@given(world=worlds(partnerships=3, length=40, back_dating=True), batch=st.integers(1, 4))
def test_appends_answer_the_same_when_the_ledger_keeps_few_worlds_in_memory(
    world: World, batch: int
) -> None:
    # An open ledger keeps each partnership's recorded world between appends, within a
    # budget; a partnership that was dropped is read back from the store and checkpoints.
    with Ledger.open(":memory:") as roomy, Ledger.open(":memory:") as cramped:
        cramped._recorder.worlds = recorder.worlds(budget=3)
        cramped._folds.every = 2
        for start in range(0, len(world.events), batch):
            roomy.append(*world.events[start : start + batch])
            cramped.append(*world.events[start : start + batch])
        log = list(enumerate(world.events, start=1))
        for partnership, pairs in by_partnership(world).items():
            for day in days_of([event for _, event in pairs]):
                expected = state_in_log(partnership, log, day)
                assert roomy.state(partnership, day) == expected
                assert cramped.state(partnership, day) == expected


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("rules_cache", -1, "rules_cache must be at least 0"),
        ("rules_cache", 1.5, "rules_cache must be a whole number"),
        ("rules_cache", True, "rules_cache must be a whole number"),
        ("checkpoint_every", 0, "checkpoint_every must be at least 1"),
    ],
)
def test_bad_memory_options_are_usage_errors(option: str, value: object, message: str) -> None:
    with SQLiteStore.open(":memory:") as store, pytest.raises(UsageError, match=message):
        Ledger(store, **{option: value})  # type: ignore[arg-type]


# ---------------------------------------------------------------- corrections


TITLED = date(2021, 6, 1)


def retitle(on: date = TITLED, new_title: str = "Joint Chief Executive") -> PostRetitled:
    return PostRetitled(
        partnership=P,
        effective=on,
        authorised_by=ref("r1"),
        not_on_record=BETA_OFF_RECORD,
        post="jce",
        previous_title="Acting Joint Chief Executive",
        new_title=new_title,
    )


def confirmed(on: date = date(2021, 9, 1)) -> Event:
    """A later meeting confirms the minutes "subject to" an amendment."""
    return resolved(
        "r2", on, item="3", title="Minutes of the previous meeting", effective=on, decided=on
    )


def retraction(retracts: int, replacement: Event | None = None, **overrides: object) -> Event:
    fields: dict[str, object] = {
        "partnership": P,
        "effective": date(2021, 9, 1),
        "retracts": retracts,
        "reason": "the minutes were confirmed subject to a correction of the date",
        "authorised_by": ref("r2"),
        "replacement": replacement,
    }
    return EntryRetracted(**{**fields, **overrides})  # type: ignore[arg-type]


@pytest.fixture
def corrected_ledger() -> Ledger:
    """A ledger where the retitle at position 4 was entered with the wrong date."""
    ledger = Ledger.open(":memory:", clock=Clock())
    ledger.append(formed(), post(), resolved("r1", date(2021, 5, 1)))
    ledger.append(retitle())  # position 4: wrongly dated 1 June; it was 1 August
    ledger.append(confirmed())  # position 5
    ledger.append(retraction(4, retitle(date(2021, 8, 1))))  # position 6
    return ledger


def title(ledger: Ledger, day: date, **known: object) -> str:
    return must(ledger.state(P, day, **known).post("jce")).title  # type: ignore[arg-type]


def test_a_correction_applies_from_its_recording_on(corrected_ledger: Ledger) -> None:
    july = date(2021, 7, 1)
    assert title(corrected_ledger, july) == "Acting Joint Chief Executive"
    assert title(corrected_ledger, date(2021, 8, 1)) == "Joint Chief Executive"
    # as known before the correction was recorded, the wrong date still stands
    assert title(corrected_ledger, july, known_at=5) == "Joint Chief Executive"
    assert title(corrected_ledger, july, known_at=3) == "Acting Joint Chief Executive"


def test_history_keeps_the_retracted_entry_and_says_what_retracted_it(
    corrected_ledger: Ledger,
) -> None:
    entries = {entry.position: entry for entry in corrected_ledger.history(P)}
    assert entries[4].retracted_by == 6
    assert isinstance(entries[6].event, EntryRetracted)
    assert [e.retracted_by for e in corrected_ledger.history(P, known_at=5)].count(None) == 5


def test_standing_entries_put_the_replacement_at_its_own_date(corrected_ledger: Ledger) -> None:
    standing = corrected_ledger.standing(P)
    assert [position for position, _ in standing] == [1, 2, 3, 6, 5]
    assert standing[3][1] == retitle(date(2021, 8, 1))
    assert corrected(
        [(entry.position, entry.event) for entry in corrected_ledger.events()]
    ) == sorted(standing)


def test_retracting_a_replacement_withdraws_only_the_replacement(corrected_ledger: Ledger) -> None:
    corrected_ledger.append(retraction(6, reason="the retitle was never agreed"))
    assert title(corrected_ledger, date(2022, 1, 1)) == "Acting Joint Chief Executive"


def test_retraction_with_dependants_is_refused_naming_them() -> None:
    with Ledger.open(":memory:") as ledger:
        ledger.append(formed(), post(), resolved("r1", date(2021, 5, 1)), retitle(), confirmed())
        with pytest.raises(RetractionHasDependants, match="position 4") as refused:
            ledger.append(retraction(2, reason="the post was entered twice"))
        assert [position for position, _ in refused.value.dependants] == [4]
        assert ledger.version(P) == 5
        # retracting the dependant in the same append is accepted
        ledger.append(retraction(2), retraction(4))
        assert ledger.state(P, date(2022, 1, 1)).post("jce") is None


@pytest.mark.parametrize(
    ("retracts", "message"),
    [
        (99, "no entry at position 99"),
        (6, "already been retracted"),
        (7, "retraction without a replacement"),
    ],
)
def test_retraction_of_an_entry_that_cannot_be_withdrawn_is_refused(
    retracts: int, message: str
) -> None:
    with Ledger.open(":memory:") as ledger:
        ledger.append(formed(), post(), resolved("r1", date(2021, 5, 1)), retitle(), confirmed())
        ledger.append(resolved("r9", date(2021, 10, 1), item="9"))  # position 6
        ledger.append(retraction(6, reason="entered under the wrong partnership"))  # 7
        with pytest.raises(InvalidRetraction, match=message):
            ledger.append(retraction(retracts))


def test_retraction_of_another_partnerships_entry_is_refused() -> None:
    with Ledger.open(":memory:") as ledger:
        ledger.append(formed(), resolved("r2", date(2021, 9, 1)))
        ledger.append(formed(partnership="gamma-delta"))
        with pytest.raises(InvalidRetraction, match="belongs to partnership 'gamma-delta'"):
            ledger.append(retraction(3))


def test_retraction_must_cite_a_decision_that_exists() -> None:
    with Ledger.open(":memory:") as ledger:
        ledger.append(formed(), post())
        with pytest.raises(InvalidAuthority):
            ledger.append(retraction(2, authorised_by=ref("no-such-decision")))
        assert ledger.version(P) == 2


def test_a_retraction_may_cite_minutes_outside_the_ledger() -> None:
    with Ledger.open(":memory:") as ledger:
        ledger.append(formed(), post())
        ledger.append(retraction(2, authorised_by=CITE))
        assert ledger.state(P, date(2022, 1, 1)).post("jce") is None


# ---------------------------------------------------------------- checkpoints


def _checkpoints(path: Path) -> list[tuple[str, str, str]]:
    raw = sqlite3.connect(path)
    rows = raw.execute("SELECT partnership, kind, through FROM checkpoints ORDER BY through")
    found = [(str(a), str(b), str(c)) for a, b, c in rows]
    raw.close()
    return found


def _many_posts(count: int) -> list[Event]:
    return [
        post(f"post-{n}", title=f"Officer {n}", effective=date(2020, 2, 1) + timedelta(days=n))
        for n in range(count)
    ]


def test_back_dated_entry_drops_exactly_the_checkpoints_it_changes(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    with Ledger.open(path) as ledger:
        ledger._folds.every = 5
        ledger.append(formed(), *_many_posts(40))
        ledger.checkpoint()
        before = {c for c in _checkpoints(path) if c[1] == "state"}
        assert len(before) >= 4
        cut = date(2020, 2, 20)
        ledger.append(post("late", title="Late Officer", effective=cut))
        after = {c for c in _checkpoints(path) if c[1] == "state"}
        assert after == {c for c in before if date.fromisoformat(c[2]) < cut}
        assert must(ledger.state(P, date(2020, 3, 1)).post("late")).title == "Late Officer"


def test_retraction_drops_the_checkpoints_after_the_retracted_entry(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    with Ledger.open(path) as ledger:
        ledger._folds.every = 5
        ledger.append(formed(), *_many_posts(40))
        ledger.checkpoint()
        assert any(c[1] == "state" for c in _checkpoints(path))
        ledger.append(retraction(20, authorised_by=CITE))  # post-18, effective 2020-02-19
        kept = [c for c in _checkpoints(path) if c[1] == "state"]
        assert all(date.fromisoformat(c[2]) < date(2020, 2, 19) for c in kept)
        assert ledger.state(P, date(2020, 12, 31)).post("post-18") is None
        assert ledger.state(P, date(2020, 12, 31), known_at=41).post("post-18") is not None


def test_a_tampered_checkpoint_cannot_run_code_and_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"

    class Exploit:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (print, ("pwned",))

    with Ledger.open(path) as ledger:
        ledger.append(formed(), *_many_posts(3))
        expected = ledger.state(P, date(2020, 12, 31))
        store = ledger._store
        assert isinstance(store, SQLiteStore)
        assert store.save_checkpoint(
            Checkpoint(
                partnership=P,
                kind="state",
                through=date(2020, 6, 1),
                position=4,
                format=__import__("govledger.ledger").ledger.FOLD_FORMAT,
                data=pickle.dumps(Exploit()),
            )
        )
        assert ledger.state(P, date(2020, 12, 31)) == expected


# ---------------------------------------------------------------- user projections


Counts = dict[tuple[str, int], int]


@attrs.frozen
class PostsPerYear:
    """A user's fold: how many posts each partnership created, by year."""

    def initial(self) -> Counts:
        return {}

    def apply(self, state: Counts, entry: RecordedEvent) -> Counts:
        if type(entry.event).__name__ != "PostCreated":
            return state
        key = (entry.partnership, certain_from(entry.event.effective).year)
        return {**state, key: state.get(key, 0) + 1}


def test_replay_runs_a_user_projection_in_fold_order_with_corrections() -> None:
    with Ledger.open(":memory:") as ledger:
        ledger.append(formed(), *_many_posts(3))
        ledger.append(formed(partnership="gamma-delta"))
        ledger.append(post("gd-post", partnership="gamma-delta", effective=date(2021, 3, 1)))
        ledger.append(retraction(3, authorised_by=CITE))  # post-1
        assert ledger.replay(PostsPerYear()) == {(P, 2020): 2, ("gamma-delta", 2021): 1}
        assert ledger.replay(PostsPerYear(), until=date(2020, 12, 31)) == {(P, 2020): 2}
        assert ledger.replay(PostsPerYear(), partnerships=["gamma-delta"]) == {
            ("gamma-delta", 2021): 1
        }
        assert ledger.replay(PostsPerYear(), known_at=6) == {
            (P, 2020): 3,
            ("gamma-delta", 2021): 1,
        }


def test_replay_delivers_entries_in_effective_order() -> None:
    class Days:
        def initial(self) -> list[date]:
            return []

        def apply(self, state: list[date], entry: RecordedEvent) -> list[date]:
            return [*state, certain_from(entry.event.effective)]

    with Ledger.open(":memory:") as ledger:
        ledger.append(formed(), *reversed(_many_posts(5)))
        days = ledger.replay(Days())
        assert days == sorted(days)


# ---------------------------------------------------------------- bad questions


@pytest.mark.parametrize(
    ("known_at", "message"),
    [
        (date(2021, 1, 1), "recording time"),
        (datetime(2026, 1, 1), "timezone-aware"),
        (-1, ">= 0"),
        (True, "recording time"),
        ("5", "recording time"),
    ],
)
def test_bad_known_at_is_a_usage_error(known_at: object, message: str) -> None:
    with Ledger.open(":memory:") as ledger:
        ledger.append(formed())
        with pytest.raises(UsageError, match=message):
            ledger.state(P, date(2021, 1, 1), known_at=known_at)  # type: ignore[arg-type]


def test_checkpoint_warms_every_partnership(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    with Ledger.open(path) as ledger:
        ledger._folds.every = 4
        ledger.append(formed(), *_many_posts(12))
        assert ledger.checkpoint() == 1
        assert any(kind == "state" for _, kind, _ in _checkpoints(path))
        assert ledger.state(P, date(2021, 1, 1)) == state_as_of(
            P, [(e.position, e.event) for e in ledger.events()], date(2021, 1, 1)
        )


def test_resolution_ref_is_importable_for_authorities() -> None:
    assert ResolutionRef(resolution="r2").resolution == "r2"


def test_changes_over_time_follow_corrections_and_knowledge(corrected_ledger: Ledger) -> None:
    def retitled_on(**known: object) -> list[date]:
        return [
            change.on
            for change in corrected_ledger.diff(P, date(2021, 1, 1), date(2021, 12, 31), **known)  # type: ignore[arg-type]
            if change.entity == "jce" and change.kind.value == "post_retitled"
        ]

    assert retitled_on() == [date(2021, 8, 1)]
    assert retitled_on(known_at=5) == [date(2021, 6, 1)]
    titles = corrected_ledger.post_history(P, "jce").titles
    assert [(spell.title, spell.since) for spell in titles][-1] == (
        "Joint Chief Executive",
        date(2021, 8, 1),
    )
    assert [c.on for c in corrected_ledger.timeline(P)] == sorted(
        c.on for c in corrected_ledger.timeline(P)
    )
