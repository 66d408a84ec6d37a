"""The cited partnerships' stories an open ledger keeps (issue 17): what a question or a
check reads of the decisions a partnership cites elsewhere is what a fold of the log
alone gives, after every append and as known at any earlier position."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import attrs
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from factories import P, resolved
from govledger import CallInRequested, Event, Ledger, Outcome, Part, errors
from govledger.events import EntryRetracted
from govledger.ledger.cited import Citations, Entering
from govledger.ledger.corrections import by_order
from govledger.projections import cited_by, cited_entries, corrected, foreign_refs, withdrawn_of
from govledger.projections.cited import _decision_id
from govledger.testing import World, batches, worlds
from govledger.testing.invariants import key_dates, state_in_log
from test_cited_elsewhere import (
    DECIDED,
    ENTERS,
    RES,
    Q,
    alpha_resolution,
    entering,
    seed_shaped,
    withdrawal,
)

Log = list[tuple[int, Event]]


def _of(log: Log, partnership: str) -> Log:
    return [pair for pair in log if pair[1].partnership == partnership]


def _expected_entries(log: Log, cited: dict[str, frozenset[str]]) -> Log:
    found: Log = []
    for other, ids in cited.items():
        found += cited_entries(ids, corrected(_of(log, other)))
    return sorted(found, key=by_order)


def _expected_decisions(
    log: Log, cited: dict[str, frozenset[str]], batch: Log
) -> dict[tuple[str, str], Event]:
    """The first standing decision of each cited id, the batch's first (less what the
    batch withdraws), then the stored ones in fold order (less the same)."""
    retracted = {e.retracts for _, e in batch if isinstance(e, EntryRetracted)}
    found: dict[tuple[str, str], Event] = {}
    joining = [(p, e.replacement if isinstance(e, EntryRetracted) else e) for p, e in batch]
    for position, joined in joining:
        decision = None if joined is None else _decision_id(joined)
        if (
            joined is not None
            and decision is not None
            and decision in cited.get(joined.partnership, frozenset())
            and position not in retracted
        ):
            found.setdefault((joined.partnership, decision), joined)
    for other, ids in cited.items():
        for position, standing in sorted(corrected(_of(log, other)), key=by_order):
            decision = _decision_id(standing)
            if decision in ids and position not in retracted:
                found.setdefault((other, decision), standing)
    return found


def _check_known(ledger: Ledger, citations: Citations, log: Log, known: int) -> None:
    """What *citations* (kept across appends) answers as known at *known* is what a
    fold of the log gives, for every partnership citing elsewhere."""
    seen = [pair for pair in log if pair[0] <= known]
    for partnership in sorted({e.partnership for _, e in seen if foreign_refs(e)}):
        cited = cited_by(corrected(_of(seen, partnership)))
        if not cited:
            continue
        assert citations.entries(cited, known) == _expected_entries(seen, cited)
        assert citations.decisions(cited, known) == _expected_decisions(seen, cited, [])
        withdrawn = {}
        for other, ids in cited.items():
            withdrawn.update(withdrawn_of(other, ids, _of(seen, other)))
        assert citations.withdrawn(cited, known) == withdrawn
        # a batch about to be appended: its retractions and decisions count
        batch = [(p, e) for p, e in log if p > known]
        assert citations.decisions(cited, known, Entering(batch)) == _expected_decisions(
            seen, cited, batch
        )
        for day in key_dates(e for _, e in _of(seen, partnership))[:4]:
            assert ledger.state(partnership, day, known_at=known) == state_in_log(
                partnership, seen, day
            )


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    drawn=worlds(partnerships=3, length=30, corrections=True).flatmap(
        lambda world: st.tuples(st.just(world), batches(world.events))
    ),
    earlier=st.lists(st.integers(min_value=1, max_value=60), max_size=3),
)
def test_kept_stories_answer_as_the_log_after_every_append_and_as_known_earlier(
    drawn: tuple[World, Sequence[Sequence[Event]]], earlier: list[int]
) -> None:
    """The stories are kept and extended as appends go (including corrections of a
    cited decision in its own partnership), and read again for earlier knowledge."""
    world, groups = drawn
    log: Log = list(enumerate(world.events, start=1))
    cited = {ref for _, e in corrected(log) for ref in foreign_refs(e)}
    decided = {(e.partnership, _decision_id(e)): p for p, e in log if _decision_id(e) is not None}
    corrections = {e.retracts for _, e in log if isinstance(e, EntryRetracted)}
    event(f"decisions cited elsewhere: {min(len(cited), 3)}")
    event(f"a cited decision corrected: {any(decided.get(r) in corrections for r in cited)}")
    with Ledger.open(":memory:") as ledger:
        citations = ledger._citations  # the open ledger's own, kept between questions
        for group in groups:
            ledger.append(*group)
            last = ledger.position_at(None)
            appended = [pair for pair in log if pair[0] <= last]
            _check_known(ledger, citations, log, last)
            for known in earlier:  # earlier knowledge, after later knowledge was kept
                if known < last:
                    _check_known(ledger, citations, appended, known)
            _check_known(ledger, citations, log, last)  # and the latest again


STEPS = ("withdraw", "correct", "defer", "again", "noise", "noise-q", "call-in", "cite")


def _step(kind: str, number: int, log: Log) -> Event | None:
    """One entry of the kind drawn, for the seed-shaped ledger of ``test_cited_elsewhere``
    (the resolution at position 4 of ``P`` cited by ``Q``), or ``None`` if it does not
    apply now; the rules may still refuse it (then nothing is recorded)."""
    standing = [p for p, e in corrected(_of(log, P)) if _decision_id(e) == RES]
    current = standing[0] if standing else None
    if kind in ("withdraw", "correct", "defer") and current is not None:
        if kind == "withdraw":
            return withdrawal(current)
        parts = (
            Part(number="1", summary="end the shared ICT arrangement with Beta"),
            Part(
                number="2",
                summary=f"enter a shared ICT arrangement with Gamma ({number})",
                outcome=Outcome.DEFERRED if kind == "defer" else Outcome.RESOLVED,
            ),
        )
        return withdrawal(current, alpha_resolution(parts=parts))
    if kind == "again" and current is None:
        return attrs.evolve(alpha_resolution(), effective=date(2022, 5, 2))
    later = date(2022, 6, 1) + timedelta(days=number)
    if kind == "noise":
        return resolved(f"alpha-n-{number}", later)
    if kind == "noise-q":
        return resolved(f"gamma-n-{number}", later, council="gamma", partnership=Q)
    if kind == "call-in":
        return CallInRequested(partnership=P, effective=DECIDED, resolution=RES, requested_by="m")
    if kind == "cite":
        return entering(arrangement=f"ict-gamma-{number}", effective=later, name=f"ICT {number}")
    return None


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    steps=st.lists(st.tuples(st.sampled_from(STEPS), st.booleans()), min_size=1, max_size=8),
    earlier=st.lists(st.integers(min_value=1, max_value=20), max_size=3),
)
def test_kept_stories_follow_withdrawals_and_corrections_of_the_cited_decision(
    steps: list[tuple[str, bool]], earlier: list[int]
) -> None:
    """A cited decision withdrawn, corrected, deferred, recorded again, called in, and
    cited again, in batches (some refused by the rules, which must leave nothing kept
    behind): after each append what is read of it is what the log gives, as known now
    and earlier."""
    with Ledger.open(":memory:") as ledger:
        seed_shaped(ledger)
        log: Log = [(entry.position, entry.event) for entry in ledger.events()]
        citations = ledger._citations
        _check_known(ledger, citations, log, len(log))
        group: list[Event] = []
        for number, (kind, join) in enumerate(steps):
            made = _step(kind, number, log)
            if made is not None:
                group.append(made)
            if join and number + 1 < len(steps):
                continue  # appended together with the next step's
            if not group:
                continue
            try:
                ledger.append(*group)
            except errors.GovLedgerError:
                event(f"refused: {type(group[-1]).__name__}")
            else:
                log += list(enumerate(group, start=len(log) + 1))
            group = []
            _check_known(ledger, citations, log, len(log))
            for known in earlier:
                if known < len(log):
                    _check_known(ledger, citations, [p for p in log if p[0] <= known], known)


def test_a_story_holds_until_its_partnership_records_more() -> None:
    """A story read as known at one position answers for later positions until its
    partnership records another entry telling it: then only what is new is read."""
    from factories import CITE, formed

    with Ledger.open(":memory:") as ledger:
        ledger.append(formed(), resolved("alpha-1", date(2021, 1, 1)))
        citations = ledger._citations
        first = citations.story(P, 2)
        assert [p for p, _ in first.logged] == [2]
        ledger.append(formed(partnership="alpha-gamma", authorised_by=CITE))
        assert citations.story(P, 3) is first and first.known == 3
        ledger.append(resolved("alpha-2", date(2021, 2, 1)))
        second = citations.story(P, 4)
        assert second is not first and [p for p, _ in second.logged] == [2, 4]
        assert citations.story(P, 3) is not second  # as known before it: read again
        assert [p for p, _ in citations.story(P, 3).logged] == [2]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    steps=st.lists(st.sampled_from(STEPS), max_size=6),
    offsets=st.lists(st.integers(min_value=-60, max_value=60), min_size=2, max_size=12),
)
def test_waypoints_fed_other_cited_stories_serve_only_questions_they_fit(
    steps: list[str], offsets: list[int]
) -> None:
    """Questions on days in any order keep waypoints (every entry here) fed the story of
    different cited decisions, as each day's entries and upcoming ones cite: a question
    resumes only from one that is exact for it, and answers as the log alone."""
    from govledger.ledger import waypoints

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(waypoints, "WAYPOINT_EVERY", 1)
        with Ledger.open(":memory:") as ledger:
            seed_shaped(ledger)
            log: Log = [(entry.position, entry.event) for entry in ledger.events()]
            for number, kind in enumerate(steps):
                made = _step(kind, number, log)
                if made is None:
                    continue
                try:
                    ledger.append(made)
                except errors.GovLedgerError:
                    continue
                log.append((len(log) + 1, made))
            for offset in offsets:
                day = ENTERS + timedelta(days=offset)
                for partnership in (P, Q):
                    assert ledger.state(partnership, day) == state_in_log(partnership, log, day)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    drawn=worlds(partnerships=3, length=30, corrections=True).flatmap(
        lambda world: st.tuples(
            st.just(world),
            batches(world.events).flatmap(
                lambda groups: st.tuples(
                    st.just(groups),
                    st.lists(st.booleans(), min_size=len(groups), max_size=len(groups)),
                )
            ),
        )
    ),
    small=st.booleans(),
)
def test_stories_extended_from_the_batches_appended_are_what_the_store_reads(
    tmp_path_factory: pytest.TempPathFactory,
    drawn: tuple[World, tuple[Sequence[Sequence[Event]], list[bool]]],
    small: bool,
) -> None:
    """A story extended from the batches this open ledger committed lately holds exactly
    the entries reading the store gives, for every partnership and range of positions,
    also when another writer appends in between and when few batches are kept."""
    world, (groups, by_other) = drawn
    path = tmp_path_factory.mktemp("recent") / "ledger.db"
    partnerships = sorted({e.partnership for e in world.events})
    with Ledger.open(path) as ledger, Ledger.open(path) as other:
        citations = ledger._citations
        store = Citations(ledger._store, ledger._decoder)  # keeps nothing: reads the store
        if small:
            monkeypatch = pytest.MonkeyPatch()
            monkeypatch.setattr("govledger.ledger.cited.RECENT_KEPT", 4)
        try:
            for group, elsewhere in zip(groups, by_other, strict=True):
                (other if elsewhere else ledger).append(*group)
                last = ledger.position_at(None)
                for partnership in partnerships:
                    for after in range(last + 1):
                        for known in range(after, last + 1):
                            kept = citations._recently(partnership, after, known)
                            if kept is not None:
                                assert kept == store._read(partnership, after, known)
            event(f"kept at the end: {bool(citations._recent)}")
        finally:
            if small:
                monkeypatch.undo()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    world=st.booleans().flatmap(
        lambda corrections: worlds(partnerships=2, length=40, corrections=corrections)
    ),
    cuts=st.lists(st.integers(min_value=1, max_value=40), max_size=20),
    asked=st.lists(st.booleans(), min_size=21, max_size=21),
)
def test_a_story_extended_answers_as_one_read_whole(
    world: World, cuts: list[int], asked: list[bool]
) -> None:
    """Extended piece by piece (its standing entries and decisions worked out or not
    before each piece), a story gives what the same story read at once gives."""
    from govledger.ledger.cited import Story

    log: Log = list(enumerate(world.events, start=1))
    for partnership in sorted({e.partnership for _, e in log}):
        mine = _of(log, partnership)
        ends = sorted({min(cut, len(log)) for cut in cuts} | {len(log)})
        story = Story(partnership, 0, [], 0)
        done = 0
        for end, ask in zip(ends, asked, strict=False):
            new = [pair for pair in mine if done < pair[0] <= end]
            story = story.extended(end, new)
            done = end
            if ask:
                story.standing()
                story.decisions("")
            whole = Story(partnership, end, [p for p in mine if p[0] <= end], story.last)
            assert story.standing() == whole.standing()
            for _, standing in whole.standing():
                decision = _decision_id(standing)
                if decision is not None:
                    assert story.decisions(decision) == whole.decisions(decision)
