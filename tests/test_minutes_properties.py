"""Properties of what minutes record (issue 15): votes and motions, call-in, endings,
decisions in principle, over generated histories."""

from __future__ import annotations

from typing import Any

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from govledger import (
    CallInStatus,
    Event,
    MotionKind,
    MotionPurpose,
    MotionResult,
    NamedVote,
    Part,
    ResolutionPassed,
    ResolutionRef,
    Tally,
    Vote,
    VotePosition,
    state_as_of,
)
from govledger.testing import World, worlds
from govledger.testing.invariants import key_dates

_NAMES = ("Cllr Ames", "Cllr Bell", "Cllr Cole", "Cllr Dunn", "Cllr Eyre", "Cllr Ford")


@st.composite
def _partial_lists(draw: st.DrawFn) -> tuple[NamedVote, ...]:
    members = draw(st.lists(st.sampled_from(_NAMES), min_size=1, max_size=6, unique=True))
    return tuple(
        NamedVote(member=m, position=draw(st.sampled_from(list(VotePosition)))) for m in members
    )


@given(named=_partial_lists())
def test_a_partial_named_list_never_decides_an_outcome(named: tuple[NamedVote, ...]) -> None:
    assert Vote(named=named, named_complete=False).carried is None


@given(
    named=_partial_lists(),
    extra_for=st.integers(min_value=0, max_value=30),
    extra_against=st.integers(min_value=0, max_value=30),
)
def test_with_totals_the_outcome_is_the_totals_whatever_the_partial_list_says(
    named: tuple[NamedVote, ...], extra_for: int, extra_against: int
) -> None:
    listed = Vote(named=named, named_complete=False)
    counts = listed.named_counts
    tally = Tally(
        in_favour=counts[VotePosition.FOR] + extra_for,
        against=counts[VotePosition.AGAINST] + extra_against,
    )
    if tally.in_favour == tally.against:
        return  # a tie needs the chair's casting vote
    vote = Vote(named=named, named_complete=False, tally=tally)
    assert vote.carried is (tally.in_favour > tally.against)


def _with_lost_motions(event: Event) -> Event:
    """*event* with a lost procedural motion put first on every part of a decision."""
    if not isinstance(event, ResolutionPassed):
        return event
    lost = Vote(
        motion=MotionKind.PROCEDURAL,
        purpose=MotionPurpose.REFER,
        mover="Cllr Ames",
        seconder="Cllr Bell",
        result=MotionResult.LOST,
    )

    def add(part: Part) -> Part:
        return attrs.evolve(
            part, votes=(lost, *part.votes), parts=tuple(add(p) for p in part.parts)
        )

    return attrs.evolve(event, parts=tuple(add(p) for p in event.parts))


def _view(state: object) -> Any:
    """The state without the records it quotes (the events and the part index carry the votes)."""
    quoted = {"event", "parts_index"}
    return attrs.asdict(state, filter=lambda a, _: a.name not in quoted)  # type: ignore[arg-type]


@settings(max_examples=30, deadline=None)
@given(world=worlds(partnerships=1, length=30))
def test_a_lost_motion_never_changes_state(world: World) -> None:
    pairs = list(enumerate(world.events, start=1))
    moved = [(n, _with_lost_motions(e)) for n, e in pairs]
    for partnership in world.partnerships:
        mine = [(n, e) for n, e in pairs if e.partnership == partnership]
        theirs = [(n, e) for n, e in moved if e.partnership == partnership]
        for day in key_dates(e for _, e in mine)[:12]:
            before = state_as_of(partnership, mine, day)
            after = state_as_of(partnership, theirs, day)
            assert _view(before) == _view(after)


@settings(max_examples=30, deadline=None)
@given(world=worlds(partnerships=1, length=40))
def test_states_show_call_in_endings_and_in_principle_consistently(world: World) -> None:
    pairs = list(enumerate(world.events, start=1))
    cited = {
        ref
        for e in world.events
        for ref in getattr(e, "authorised_by", ())
        if isinstance(ref, ResolutionRef)
    }
    for partnership in world.partnerships:
        for day in key_dates(e for e in world.events if e.partnership == partnership):
            state = state_as_of(partnership, pairs, day)
            for resolution in state.resolutions:
                if resolution.awaiting_call_in:  # only a decision subject to call-in waits
                    assert resolution.call_in is CallInStatus.SUBJECT
                if resolution.call_in is not CallInStatus.NOT_SUBJECT:
                    assert resolution.call_in_exemption is None
            for arrangement in state.arrangements:
                words = arrangement.ending_words
                if words is not None:  # an ending under way leaves it in force
                    assert arrangement.in_force and words.startswith("ending: ")
            for agreed in state.agreed_in_principle:  # nothing cites what was only agreed
                assert agreed.ref not in cited
