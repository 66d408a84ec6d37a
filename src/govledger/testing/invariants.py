"""The library's invariants, as assertion functions over the public API.

Each function takes what a :class:`~govledger.Ledger` returns and raises
``AssertionError`` saying what broke. :class:`~govledger.testing.LedgerMachine`
checks them after every step; property tests can call them directly::

    assert_positions_gapless(ledger)
    for state in states_on(ledger, "cdc-occ", key_dates(history)):
        assert_cost_shares_sum_to_one(state)
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from datetime import date
from fractions import Fraction

from ..codec import decode, encode
from ..events import (
    Condition,
    ConditionSatisfied,
    EntryRetracted,
    Event,
    JointBody,
    Outcome,
    ResolutionPassed,
    ResolutionRef,
    certain_from,
    is_change,
    path_key,
)
from ..ledger import Ledger, RecordedEvent
from ..projections import (
    ArrangementStatus,
    Awaiting,
    PartnershipState,
    ResolutionStatus,
)
from ..recommendations import cited_path, prefixes, recommendation_of, same_maker
from ._reading import (
    key_dates,
    partnership_events,
    standing_resolutions,
    state_in_log,
    states_on,
)

__all__ = [
    "assert_adopting_a_part_adopts_its_nested_parts",
    "assert_adoptions_respected",
    "assert_conditions_bind_every_adoption",
    "assert_conditions_respected",
    "assert_cost_shares_sum_to_one",
    "assert_decoupled_stay_decoupled",
    "assert_disbanded_bodies_silent",
    "assert_events_round_trip",
    "assert_meetings_that_could_not_decide_authorise_nothing",
    "assert_nothing_in_force_ahead_of_adoption",
    "assert_positions_gapless",
    "assert_replay_deterministic",
    "assert_states_hold",
    "assert_unrecorded_outcomes_authorise_nothing",
    "key_dates",
    "partnership_events",
    "standing_resolutions",
    "state_in_log",
    "states_on",
]


# --------------------------------------------------------------------------- reading
# key_dates, partnership_events, standing_resolutions, state_in_log and states_on live
# in ._reading and are imported above.


# --------------------------------------------------------------------------- the log


def assert_positions_gapless(
    ledger: Ledger, recorded: Sequence[RecordedEvent] | None = None
) -> None:
    """Positions run 1, 2, 3 ...; each partnership's versions run 1, 2, 3 ... in order.

    *recorded* is ``list(ledger.events())`` if you have already read it.
    """
    recorded = list(ledger.events()) if recorded is None else recorded
    positions = [r.position for r in recorded]
    assert positions == list(range(1, len(recorded) + 1)), f"positions have gaps: {positions}"
    versions: dict[str, int] = {}
    for record in recorded:
        expected = versions.get(record.partnership, 0) + 1
        assert record.version == expected, (
            f"position {record.position} of {record.partnership!r} has version "
            f"{record.version}, not {expected}"
        )
        versions[record.partnership] = expected
    assert ledger.partnerships() == sorted(versions), "partnerships() disagrees with the log"
    for partnership, version in versions.items():
        assert ledger.version(partnership) == version, f"version({partnership!r}) is wrong"


def assert_events_round_trip(
    ledger: Ledger,
    appended: Sequence[Event],
    recorded: Sequence[RecordedEvent] | None = None,
    *,
    partnerships: Iterable[str] | None = None,
) -> None:
    """The ledger gives back exactly the events appended, in order; each survives the codec.

    ``history()`` of each of *partnerships* (default: all) must hold the same events in
    effective-date order. *recorded* is ``list(ledger.events())`` if already read.
    """
    stored = [r.event for r in (ledger.events() if recorded is None else recorded)]
    assert len(stored) == len(appended), f"{len(appended)} appended, {len(stored)} stored"
    for position, (got, sent) in enumerate(zip(stored, appended, strict=True), start=1):
        assert got == sent, f"position {position} changed on the way through:\n{sent}\n{got}"
        assert decode(*encode(sent)) == sent, f"the codec does not round-trip {sent}"
    days = _history_days(stored)
    for partnership in ledger.partnerships() if partnerships is None else partnerships:
        history = [(r.position, r.event) for r in ledger.history(partnership)]
        expected = sorted(
            ((p, e) for p, e in enumerate(stored, start=1) if e.partnership == partnership),
            key=lambda pair: (days[pair[0]], pair[0]),
        )
        assert history == expected, f"history({partnership!r}) is not in effective-date order"


def _history_days(stored: Sequence[Event]) -> dict[int, date]:
    """The day each position sorts on in ``history()``: its effective day; for a
    retraction, the day of what it withdraws or of its replacement, whichever is first."""
    days: dict[int, date] = {}
    for position, event in enumerate(stored, start=1):
        day = certain_from(event.effective)
        if isinstance(event, EntryRetracted):
            day = days.get(event.retracts, day)
            if event.replacement is not None:
                day = min(day, certain_from(event.replacement.effective))
        days[position] = day
    return days


def assert_replay_deterministic(
    ledger: Ledger,
    partnership: str,
    day: date,
    pairs: Sequence[tuple[int, Event]] | None = None,
) -> None:
    """The state on *day* is the same however often, and in whatever order, it is folded.

    *pairs* are the partnership's ``(position, event)`` pairs if already read.
    """
    first = ledger.state(partnership, as_of=day)
    pairs = partnership_events(ledger, partnership) if pairs is None else pairs
    (again,) = states_on(ledger, partnership, [day], pairs)
    assert again == first, "two folds of one state differ"
    shuffled = list(pairs)
    random.Random(day.toordinal()).shuffle(shuffled)
    (reordered,) = states_on(ledger, partnership, [day], shuffled)
    assert reordered == first, "the fold depends on input order"


# --------------------------------------------------------------------------- states


def assert_cost_shares_sum_to_one(state: PartnershipState) -> None:
    """Every cost share in force is positive and the shares sum to exactly one."""
    for share in state.cost_shares:
        total = sum((s.fraction for s in share.shares), Fraction(0))
        assert total == 1, f"{share.scope!r} shares sum to {total} on {state.as_of}"
        assert all(s.fraction > 0 for s in share.shares), f"{share.scope!r} has a share <= 0"


def assert_disbanded_bodies_silent(state: PartnershipState) -> None:
    """No resolution of a disbanded body is decided or effective on or after disbandment."""
    ended = {b.body: b.disbanded for b in state.bodies if b.disbanded is not None}
    for resolution in state.resolutions:
        maker = resolution.decided_by
        if not isinstance(maker, JointBody) or maker.body not in ended:
            continue
        disbanded = ended[maker.body]
        assert certain_from(resolution.effective) < disbanded, (
            f"{resolution.resolution!r} by {maker.body!r} is effective "
            f"{resolution.effective}, after the body was disbanded on {disbanded}"
        )


def assert_decoupled_stay_decoupled(states: Sequence[PartnershipState]) -> None:
    """Once decoupled, an arrangement stays decoupled, with no services, in every later state."""
    decoupled: dict[str, date] = {}
    for state in sorted(states, key=lambda s: s.as_of):
        for arrangement in state.arrangements:
            since = decoupled.get(arrangement.arrangement)
            if since is not None:
                assert arrangement.status is ArrangementStatus.DECOUPLED, (
                    f"{arrangement.arrangement!r}, decoupled by {since}, is "
                    f"{arrangement.status.value} again on {state.as_of}"
                )
                assert not arrangement.services, (
                    f"{arrangement.arrangement!r}, decoupled by {since}, runs "
                    f"{arrangement.services} on {state.as_of}"
                )
            elif arrangement.status is ArrangementStatus.DECOUPLED:
                decoupled[arrangement.arrangement] = state.as_of
        for name, since in decoupled.items():
            assert state.arrangement(name) is not None, f"{name!r} vanished after {since}"


def assert_conditions_respected(events: Sequence[Event], state: PartnershipState) -> None:
    """No change is in force while a condition on the part authorising it is unmet.

    A change citing a part subject to a condition (on it or on a part above it) that
    is not satisfied by ``state.as_of`` must be pending or lapsed; so must the
    conditional part itself, and every part under it.
    """
    resolutions = standing_resolutions(events)
    met = {
        e.condition: certain_from(e.effective) for e in events if isinstance(e, ConditionSatisfied)
    }
    day = state.as_of
    lapsed = [entry.event for entry in state.lapsed if entry.event is not None]
    for event in events:
        if not is_change(event) or certain_from(event.effective) > day:
            continue
        unmet = [
            c.id
            for ref in getattr(event, "authorised_by", ())
            if isinstance(ref, ResolutionRef) and ref.resolution in resolutions
            for c in _binding(resolutions[ref.resolution], ref)
            if met.get(c.id, date.max) > day
        ]
        if unmet:
            assert state.is_pending(event) or event in lapsed, (
                f"on {day} this change is in force although condition(s) {unmet} are unmet: {event}"
            )
    _assert_conditional_parts_wait(resolutions.values(), met, state)


def _assert_conditional_parts_wait(
    resolutions: Iterable[ResolutionPassed], met: dict[str, date], state: PartnershipState
) -> None:
    waiting = {p.ref for p in state.pending if p.ref is not None}
    waiting |= {entry.ref for entry in state.lapsed if entry.ref is not None}
    for resolution in resolutions:
        if certain_from(resolution.effective) > state.as_of:
            continue
        for path, part in resolution.walk():
            binding = _binding(
                resolution, ResolutionRef(resolution=resolution.resolution, part=path)
            )
            unmet = [c.id for c in binding if met.get(c.id, date.max) > state.as_of]
            if unmet and part.outcome is Outcome.RESOLVED:
                ref = ResolutionRef(resolution=resolution.resolution, part=path)
                assert ref in waiting, (
                    f"on {state.as_of} {ref} is not shown as waiting although condition(s) "
                    f"{unmet} are unmet"
                )


def _binding(resolution: ResolutionPassed, ref: ResolutionRef) -> list[Condition]:
    """The conditions on the cited part and on every part above it."""
    path = ref.part or ((resolution.parts[0].number,) if len(resolution.parts) == 1 else ())
    found: list[Condition] = []
    for depth in range(1, len(path) + 1):
        part = resolution.part(path[:depth])
        if part is not None:
            found.extend(part.conditions)
    return found


def _in_force(event: Event, state: PartnershipState, lapsed: list[Event]) -> bool:
    return (
        certain_from(event.effective) <= state.as_of
        and not state.is_pending(event)
        and event not in lapsed
    )


def _adopters(
    events: Sequence[Event], day: date
) -> dict[tuple[str, tuple[str, ...]], list[ResolutionPassed]]:
    """Every adoption in force by *day*: the adopted part (labels normalised), and who."""
    found: dict[tuple[str, tuple[str, ...]], list[ResolutionPassed]] = {}
    for event in standing_resolutions(events).values():
        if certain_from(event.effective) <= day and event.meeting_status.can_decide:
            for _, part in event.walk():
                if part.adopts is not None:
                    key = (part.adopts.resolution, path_key(part.adopts.part))
                    found.setdefault(key, []).append(event)
    return found


def _awaiting(
    resolution: ResolutionPassed,
    path: tuple[str, ...],
    adopters: dict[tuple[str, tuple[str, ...]], list[ResolutionPassed]],
) -> list[str]:
    """The bodies the part at *path* was recommended to that have adopted neither it nor a
    part above it (the nearest recommendation at or above it says whose adoption counts)."""
    path = cited_path(resolution, path)
    found = recommendation_of(resolution, path)
    if found is None:
        return []
    adopted_by = [
        event.decided_by
        for prefix in ((), *prefixes(path))
        for event in adopters.get((resolution.resolution, path_key(prefix)), [])
    ]
    return [
        str(body)
        for body in found[1].recommended_to
        if not any(same_maker(body, maker) for maker in adopted_by)
    ]


def assert_adoptions_respected(events: Sequence[Event], state: PartnershipState) -> None:
    """Every invariant of recommendations and their adoption, on one state.

    :func:`assert_nothing_in_force_ahead_of_adoption`,
    :func:`assert_adopting_a_part_adopts_its_nested_parts` and
    :func:`assert_conditions_bind_every_adoption`.
    """
    assert_nothing_in_force_ahead_of_adoption(events, state)
    assert_adopting_a_part_adopts_its_nested_parts(events, state)
    assert_conditions_bind_every_adoption(events, state)


def _cited_in_force(
    events: Sequence[Event], state: PartnershipState, resolutions: dict[str, ResolutionPassed]
) -> Iterable[tuple[Event, ResolutionPassed, tuple[str, ...]]]:
    """Each change in force on the state's day, with each part its authority stands on:
    the part it cites and every recommendation a part at or above that one adopts."""
    lapsed = [entry.event for entry in state.lapsed if entry.event is not None]
    for event in events:
        if not is_change(event) or not _in_force(event, state, lapsed):
            continue
        for ref in getattr(event, "authorised_by", ()):
            if isinstance(ref, ResolutionRef) and ref.resolution in resolutions:
                for target, path in _adopted_through(resolutions, ref):
                    yield event, target, path


def assert_nothing_in_force_ahead_of_adoption(
    events: Sequence[Event], state: PartnershipState
) -> None:
    """No change is in force while any part above its authority awaits adoption.

    A change citing a part at or under a recommended part, at any depth, or citing the
    adoption of one, is in force only once every body the nearest recommendation went
    to has adopted it or a part above it.
    """
    resolutions = standing_resolutions(events)
    adopters = _adopters(events, state.as_of)
    for event, target, path in _cited_in_force(events, state, resolutions):
        waiting = _awaiting(target, path, adopters)
        assert not waiting, (
            f"on {state.as_of} this change is in force although "
            f"{target.resolution}{path} awaits adoption by {waiting}: {event}"
        )


def assert_adopting_a_part_adopts_its_nested_parts(
    events: Sequence[Event], state: PartnershipState
) -> None:
    """Once a body has adopted a part (or a part above it), nothing nested in it is shown
    as awaiting that body's adoption: not in ``state.pending``, nor in ``state.part()``."""
    resolutions = standing_resolutions(events)
    adopters = _adopters(events, state.as_of)
    for pending in state.pending:
        ref = pending.ref
        if ref is None or ref.resolution not in resolutions:
            continue
        said = {r.detail for r in pending.reasons if r.kind is Awaiting.ADOPTION}
        still = {
            f"awaiting adoption by {body}"
            for target, path in _adopted_through(resolutions, ref)
            for body in _awaiting(target, path, adopters)
        }
        assert said <= still, (
            f"on {state.as_of} {ref} is shown {sorted(said - still)}, though those bodies "
            "adopted it or a part above it"
        )
    for part in state.parts():
        resolution = resolutions.get(part.ref.resolution)
        if resolution is None or recommendation_of(resolution, part.ref.part) is None:
            continue
        if _awaiting(resolution, part.ref.part, adopters):
            continue
        shown = [w for w in part.why_not if "not yet adopted" in w or "awaiting adoption" in w]
        assert not shown, (
            f"on {state.as_of} part {part.ref} shows {shown}, though every body it was "
            "recommended to adopted it or a part above it"
        )


def assert_conditions_bind_every_adoption(events: Sequence[Event], state: PartnershipState) -> None:
    """A change citing the adoption of a recommended part is bound by the conditions on
    that part (and on every part above it): it is not in force while one is unmet."""
    resolutions = standing_resolutions(events)
    met = {
        e.condition: certain_from(e.effective) for e in events if isinstance(e, ConditionSatisfied)
    }
    for event, target, path in _cited_in_force(events, state, resolutions):
        unmet = [
            c.id
            for c in _binding(target, ResolutionRef(resolution=target.resolution, part=path))
            if met.get(c.id, date.max) > state.as_of
        ]
        assert not unmet, (
            f"on {state.as_of} this change is in force although condition(s) {unmet} "
            f"on what its authority adopted are unmet: {event}"
        )


def _adopted_through(
    resolutions: dict[str, ResolutionPassed], ref: ResolutionRef
) -> list[tuple[ResolutionPassed, tuple[str, ...]]]:
    """The part *ref* cites, and every recommendation a part at or above it adopts."""
    resolution = resolutions[ref.resolution]
    found = [(resolution, ref.part)]
    for prefix in prefixes(cited_path(resolution, ref.part)):
        part = resolution.part(prefix)
        adopted = part.adopts if part is not None else None
        if adopted is not None and adopted.resolution in resolutions:
            found.append((resolutions[adopted.resolution], adopted.part))
    return found


def assert_unrecorded_outcomes_authorise_nothing(
    events: Sequence[Event], state: PartnershipState
) -> None:
    """A part whose outcome is not recorded shows as such, and nothing in force cites it
    or a part nested in it (whatever that part's own outcome says)."""
    resolutions = {
        name: e
        for name, e in standing_resolutions(events).items()
        if certain_from(e.effective) <= state.as_of
    }
    unrecorded = {
        (resolution.resolution, path_key(path))
        for resolution in resolutions.values()
        for path, part in resolution.walk()
        if part.outcome is Outcome.NOT_RECORDED
    }
    elsewhere = {r.resolution for r in state.resolutions if r.recorded_in is not None}
    shown = {  # a decision cited from another partnership is checked there
        (u.ref.resolution, path_key(u.ref.part))
        for u in state.unrecorded
        if u.ref.resolution not in elsewhere
    }
    assert shown == unrecorded, (
        f"on {state.as_of} the parts shown as not recorded {sorted(shown)} are not the "
        f"recorded ones {sorted(unrecorded)}"
    )
    lapsed = [entry.event for entry in state.lapsed if entry.event is not None]
    for event in events:
        if not is_change(event) or not _in_force(event, state, lapsed):
            continue
        for ref in getattr(event, "authorised_by", ()):
            if not isinstance(ref, ResolutionRef) or ref.resolution not in resolutions:
                continue
            path = path_key(cited_path(resolutions[ref.resolution], ref.part))
            assert not any((ref.resolution, p) in unrecorded for p in prefixes(path)), (
                f"on {state.as_of} {event} is in force citing {ref}, at or under a part whose "
                "outcome is not recorded"
            )


def assert_meetings_that_could_not_decide_authorise_nothing(
    events: Sequence[Event], state: PartnershipState
) -> None:
    """A decision taken at a meeting that could not decide (held informally, inquorate,
    not properly convened), as the decision stands once corrected, shows as
    ``NO_VALID_MEETING`` and authorises nothing: no change citing it is in force.

    *events* are those known when *state* was asked (all of them, unless it was asked
    ``known_at`` an earlier time): a later correction of the meeting's status counts
    only from its recording on.
    """
    resolutions = {
        name: e
        for name, e in standing_resolutions(events).items()
        if certain_from(e.effective) <= state.as_of
    }
    unable = {name for name, e in resolutions.items() if not e.meeting_status.can_decide}
    for name in sorted(unable):
        shown = state.resolution(name)
        assert shown is not None and shown.status is ResolutionStatus.NO_VALID_MEETING, (
            f"on {state.as_of} {name!r}, taken at a meeting that could not decide, shows as "
            f"{None if shown is None else shown.status.value}"
        )
    lapsed = [entry.event for entry in state.lapsed if entry.event is not None]
    for event in events:
        if not is_change(event) or not _in_force(event, state, lapsed):
            continue
        cited = [
            ref.resolution
            for ref in getattr(event, "authorised_by", ())
            if isinstance(ref, ResolutionRef) and ref.resolution in unable
        ]
        assert not cited, (
            f"on {state.as_of} this change is in force citing {cited}, taken at a meeting "
            f"that could not decide: {event}"
        )


def assert_states_hold(events: Sequence[Event], states: Sequence[PartnershipState]) -> None:
    """Every state-level invariant, on each of a partnership's *states*."""
    for state in states:
        assert_cost_shares_sum_to_one(state)
        assert_disbanded_bodies_silent(state)
        assert_conditions_respected(events, state)
        assert_adoptions_respected(events, state)
        assert_unrecorded_outcomes_authorise_nothing(events, state)
        assert_meetings_that_could_not_decide_authorise_nothing(events, state)
    assert_decoupled_stay_decoupled(states)
