"""Changes over time: the timeline, diffs between dates, and per-entity histories.

Examples come from the seed records in ``examples/`` (pure: their events numbered in
append order, as the ledger would number them); properties run over generated
histories from ``govledger.testing.strategies``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from hypothesis import given
from hypothesis import strategies as st

# The examples are scripts in examples/, not a package: make them importable here.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "examples"))

import bdc_rbc_single_management_team as seed000
import cdc_occ_decoupling as seed003
from factories import CITE, P, delegation, formed, post
from govledger import (
    ActionAssigned,
    ActionCompleted,
    ArrangementDecoupled,
    ArrangementEnded,
    ArrangementEstablished,
    ArrangementStatus,
    ArrangementVaried,
    BodyDisbanded,
    BodyEstablished,
    BodyMemberAppointed,
    BodyMemberLeft,
    BodyTermsRevised,
    Citation,
    ConditionSatisfied,
    CostShareAgreed,
    DelegatedDecisionTaken,
    DelegationGranted,
    DelegationRevoked,
    EndingStageReached,
    EntryRetracted,
    Event,
    HolderBasis,
    Ledger,
    Mechanism,
    Member,
    MemberAdmitted,
    MemberSucceeded,
    MemberWithdrew,
    NoticeGiven,
    PartnershipDissolved,
    PartnershipFormed,
    PartnershipState,
    PostCreated,
    PostDeleted,
    PostHolderAppointed,
    PostRetitled,
    PostTermExtended,
    PostVacated,
    ResolutionRef,
    Role,
    StatutoryRoleDesignated,
    UsageError,
    VacancyReason,
    state_as_of,
)
from govledger.changes import (
    Change,
    ChangeKind,
    EntityType,
    PartnershipFacts,
    apply_changes,
    arrangement_history,
    diff,
    diff_states,
    post_history,
    timeline,
)
from govledger.events import Authority, certain_from, role_key
from govledger.testing.invariants import key_dates
from govledger.testing.strategies import histories

# --------------------------------------------------------------------------- helpers

Pairs = list[tuple[int, Event]]


def numbered(events: Sequence[Event], partnership: str) -> Pairs:
    """The partnership's (position, event) pairs, positions counted in append order."""
    return [(n, e) for n, e in enumerate(events, start=1) if e.partnership == partnership]


def entities(state: PartnershipState) -> tuple[object, ...]:
    """A state's entity collections: everything but the decision bookkeeping."""
    return (
        state.name,
        state.formed,
        state.dissolved,
        state.members,
        state.former_members,
        state.bodies,
        state.arrangements,
        state.posts,
        state.designations,
        state.delegations,
        state.cost_shares,
        state.actions,
    )


def on(changes: Iterable[Change], day: date) -> list[Change]:
    return [c for c in changes if c.on == day]


def only(changes: Iterable[Change], kind: ChangeKind, entity: str) -> Change:
    found = [c for c in changes if c.kind is kind and c.entity == entity]
    assert len(found) == 1, f"expected one {kind} of {entity!r}, got {found}"
    return found[0]


def entity_in(state: PartnershipState, entity_type: EntityType, key: str) -> object:
    """What *state* holds of one entity (a delegation with whether it is in force)."""
    match entity_type:
        case EntityType.PARTNERSHIP:
            return PartnershipFacts(
                partnership=state.partnership,
                name=state.name,
                formed=state.formed,
                dissolved=state.dissolved,
            )
        case EntityType.MEMBER:
            current = [m for m in state.members if m.council == key]
            former = [m for m in state.former_members if m.council == key]
            return current, former
        case EntityType.BODY:
            return state.body(key)
        case EntityType.ARRANGEMENT:
            return state.arrangement(key)
        case EntityType.POST:
            return state.post(key)
        case EntityType.DESIGNATION:
            council, role = key.split("/")
            return state.designation(council, role)
        case EntityType.DELEGATION:
            found = state.delegation(key)
            return found, found is not None and found.in_force_on(state.as_of)
        case EntityType.COST_SHARE:
            return state.cost_share(key)
        case EntityType.ACTION:
            return state.action(key)


def cited(events: Iterable[Event]) -> set[Authority]:
    """Every authority the events cite, and every delegated decision (citable itself)."""
    found: set[Authority] = set()
    for event in events:
        found.update(getattr(event, "authorised_by", ()))
        if isinstance(event, DelegatedDecisionTaken):
            found.add(ResolutionRef(resolution=event.decision))
    return found


def ids(state: PartnershipState) -> set[tuple[EntityType, str]]:
    """Every entity *state* records, by type and id."""
    found = {(EntityType.PARTNERSHIP, state.partnership)}
    found.update((EntityType.MEMBER, m.council) for m in state.members + state.former_members)
    found.update((EntityType.BODY, b.body) for b in state.bodies)
    found.update((EntityType.ARRANGEMENT, a.arrangement) for a in state.arrangements)
    found.update((EntityType.POST, p.post) for p in state.posts)
    found.update(
        (EntityType.DESIGNATION, f"{d.council}/{role_key(d.role)}") for d in state.designations
    )
    found.update((EntityType.DELEGATION, d.delegation) for d in state.delegations)
    found.update((EntityType.COST_SHARE, c.scope) for c in state.cost_shares)
    found.update((EntityType.ACTION, a.action) for a in state.actions)
    return found


def differing(before: PartnershipState, after: PartnershipState) -> set[tuple[EntityType, str]]:
    """The entities that differ between two states (a delegation also by its force)."""
    found: set[tuple[EntityType, str]] = set()
    for entity_type, entity in ids(before) | ids(after):
        if entity_in(before, entity_type, entity) != entity_in(after, entity_type, entity):
            found.add((entity_type, entity))
    return found


def about(event: Event) -> set[str]:
    """The ids an event names: its post, arrangement, councils, designation..."""
    found = {
        value
        for name in ("partnership", "body", "arrangement", "post", "delegation", "scope", "action")
        if isinstance(value := getattr(event, name, None), str)
    }
    if isinstance(event, PartnershipFormed):
        found.update(m.council for m in event.members)
    if isinstance(event, MemberAdmitted):
        found.add(event.member.council)
    if isinstance(event, DelegationGranted) and event.replaces is not None:
        found.add(event.replaces)
    if isinstance(event, MemberWithdrew | MemberSucceeded):
        found.add(event.council)
    if isinstance(event, MemberSucceeded):
        found.add(event.successor.council)
    if isinstance(event, StatutoryRoleDesignated):
        found.add(f"{event.council}/{role_key(event.role)}")
    return found


#: The event classes that make each kind of change (an independent statement of it).
MADE_BY: dict[ChangeKind, type | tuple[type, ...]] = {
    ChangeKind.PARTNERSHIP_FORMED: PartnershipFormed,
    ChangeKind.PARTNERSHIP_DISSOLVED: PartnershipDissolved,
    ChangeKind.MEMBER_JOINED: (PartnershipFormed, MemberAdmitted, MemberSucceeded),
    ChangeKind.MEMBER_LEFT: MemberWithdrew,
    ChangeKind.MEMBER_SUCCEEDED: MemberSucceeded,
    ChangeKind.BODY_ESTABLISHED: BodyEstablished,
    ChangeKind.BODY_DISBANDED: BodyDisbanded,
    ChangeKind.BODY_TERMS_REVISED: BodyTermsRevised,
    ChangeKind.BODY_MEMBERS_CHANGED: (BodyMemberAppointed, BodyMemberLeft),
    ChangeKind.ARRANGEMENT_ESTABLISHED: ArrangementEstablished,
    ChangeKind.ARRANGEMENT_VARIED: ArrangementVaried,
    ChangeKind.NOTICE_GIVEN: (NoticeGiven, EndingStageReached),
    ChangeKind.ENDING_STAGE: EndingStageReached,
    ChangeKind.ARRANGEMENT_DECOUPLED: ArrangementDecoupled,
    ChangeKind.ARRANGEMENT_ENDED: ArrangementEnded,
    ChangeKind.POST_CREATED: PostCreated,
    ChangeKind.POST_RETITLED: PostRetitled,
    ChangeKind.HOLDER_APPOINTED: PostHolderAppointed,
    ChangeKind.POST_VACATED: PostVacated,
    ChangeKind.TERM_EXTENDED: PostTermExtended,
    ChangeKind.POST_DELETED: PostDeleted,
    ChangeKind.ROLE_DESIGNATED: StatutoryRoleDesignated,
    ChangeKind.DELEGATION_GRANTED: DelegationGranted,
    ChangeKind.DELEGATION_EXERCISED: DelegatedDecisionTaken,
    # a delegation granted to replace another revokes the one it replaces
    ChangeKind.DELEGATION_REVOKED: (DelegationRevoked, DelegationGranted),
    ChangeKind.COST_SHARE_AGREED: CostShareAgreed,
    ChangeKind.COST_SHARE_CHANGED: CostShareAgreed,
    ChangeKind.ACTION_ASSIGNED: ActionAssigned,
    ChangeKind.ACTION_COMPLETED: ActionCompleted,
}

#: The kinds of change that happen by the passage of time.
TIMED = {
    ChangeKind.TITLE_REVERTED,
    ChangeKind.TERM_EXPIRED,
    ChangeKind.DELEGATION_EXPIRED,
    ChangeKind.ARRANGEMENT_ENDED,
}


def retitle(previous: str, new: str, day: date, **overrides: Any) -> PostRetitled:
    """Post ``jce`` (from ``factories.post``) retitled from *previous* to *new* on *day*."""
    fields: dict[str, Any] = {
        "partnership": P,
        "effective": day,
        "authorised_by": CITE,
        "post": "jce",
        "previous_title": previous,
        "new_title": new,
    }
    return PostRetitled(**{**fields, **overrides})


BDC = numbered(seed000.events(), seed000.P)
CDC_OCC = numbered(seed003.events(), seed003.P)
DAY = timedelta(days=1)


# --------------------------------------------------------------------------- seed 000


def test_bdc_rbc_post_is_retitled_by_part_4_on_the_day_of_cabinet() -> None:
    changes = timeline(seed000.P, BDC)

    retitled = only(on(changes, seed000.DECIDED), ChangeKind.POST_RETITLED, seed000.POST)

    assert retitled.authorised_by == (seed000.ref("4"),)
    assert retitled.before is not None and retitled.after is not None
    assert getattr(retitled.before, "title", None) == seed000.ACTING_TITLE
    assert getattr(retitled.after, "title", None) == seed000.NEW_TITLE
    assert "'Acting Joint Chief Executive' to 'Joint Chief Executive'" in retitled.description


def test_bdc_rbc_title_reverts_and_term_expires_after_2012_13() -> None:
    first_of_april = date(2013, 4, 1)
    changes = on(timeline(seed000.P, BDC), first_of_april)

    reverted = only(changes, ChangeKind.TITLE_REVERTED, seed000.POST)
    expired = only(changes, ChangeKind.TERM_EXPIRED, seed000.POST)

    assert reverted.by_time and expired.by_time
    assert reverted.authorised_by == (seed000.ref("4"),)  # the retitle set the date
    assert expired.authorised_by == (seed000.ref("2", "a"),)  # so did the extension
    assert getattr(reverted.after, "title", None) == seed000.ACTING_TITLE
    assert {c.kind for c in changes} == {ChangeKind.TITLE_REVERTED, ChangeKind.TERM_EXPIRED}


def test_bdc_rbc_nothing_changes_between_cabinet_and_the_end_of_2012_13() -> None:
    assert diff(seed000.P, BDC, seed000.DECIDED, date(2013, 3, 31)) == ()


def test_bdc_rbc_post_history_has_three_titles_and_one_holder() -> None:
    history = post_history(seed000.P, BDC, seed000.POST)

    assert [(t.title, t.since, t.until) for t in history.titles] == [
        (seed000.ACTING_TITLE, date(2009, 6, 29), date(2009, 7, 28)),
        (seed000.NEW_TITLE, date(2009, 7, 29), date(2013, 3, 31)),
        (seed000.ACTING_TITLE, date(2013, 4, 1), None),
    ]
    assert history.titles[0].authorised_by == (seed000.MINUTE,)
    assert history.titles[0].ended_by == (seed000.ref("4"),)
    assert history.titles[1].temporary_until == seed000.END_OF_2012_13
    assert history.titles[2].authorised_by == (seed000.ref("4"),)
    (holder,) = history.holders
    assert (holder.holder, holder.basis) == (None, HolderBasis.SECONDED)
    assert (holder.since, holder.until) == (date(2009, 6, 29), date(2013, 3, 31))
    assert holder.term_ends == seed000.END_OF_2012_13
    assert holder.authorised_by == (seed000.MINUTE, seed000.ref("2", "a"))
    assert [c.entity for c in history.changes] == [seed000.POST] * len(history.changes)


def test_bdc_rbc_diff_across_cabinet_gives_the_state_after_it() -> None:
    before, after = date(2009, 7, 28), date(2009, 7, 30)

    changes = diff(seed000.P, BDC, before, after)
    rebuilt = apply_changes(state_as_of(seed000.P, BDC, before), changes)

    assert {c.on for c in changes} == {seed000.DECIDED}
    assert entities(rebuilt) == entities(state_as_of(seed000.P, BDC, after))
    assert rebuilt.as_of == seed000.DECIDED


# --------------------------------------------------------------------------- seed 003


def test_cdc_occ_notice_is_given_on_the_last_day_of_its_period() -> None:
    given = only(timeline(seed003.P, CDC_OCC), ChangeKind.NOTICE_GIVEN, seed003.S113)

    assert given.on == date(2022, 2, 28)
    assert given.authorised_by == (seed003.CDC_NOTICE, seed003.OCC_NOTICE)


def test_cdc_occ_five_services_decoupled_by_part_5_by_31_august() -> None:
    changes = timeline(seed003.P, CDC_OCC)

    decoupled = only(changes, ChangeKind.ARRANGEMENT_DECOUPLED, seed003.S113)

    assert decoupled.on == seed003.AGREEMENT_ENDS  # certain from the period's last day
    assert decoupled.authorised_by == (seed003.ref("5"),)
    assert isinstance(decoupled.after, type(decoupled.before))
    assert getattr(decoupled.after, "decoupled_services", ()) == seed003.DECOUPLED_FIVE
    assert getattr(decoupled.after, "services", ()) == (
        seed003.REGULATORY,
        seed003.EMERGENCY,
        seed003.DIGITAL,
    )


def test_cdc_occ_agreement_ends_when_the_notice_runs_out() -> None:
    changes = timeline(seed003.P, CDC_OCC)

    ended = only(changes, ChangeKind.ARRANGEMENT_ENDED, seed003.S113)

    assert ended.on == date(2022, 9, 1) and ended.by_time
    assert ended.authorised_by == (seed003.CDC_NOTICE, seed003.OCC_NOTICE)
    assert getattr(ended.after, "status", None) is ArrangementStatus.ENDED


def test_cdc_occ_conditional_changes_are_not_in_the_timeline_while_they_wait() -> None:
    changes = timeline(seed003.P, CDC_OCC)

    touched = {c.entity for c in changes}

    assert seed003.DIGITAL_REVISED not in touched
    assert seed003.REGULATORY_JMA not in touched
    with pytest.raises(UsageError, match="never came into force"):
        arrangement_history(seed003.P, CDC_OCC, seed003.DIGITAL_REVISED)


def test_digital_it_moves_when_its_agreements_are_concluded() -> None:
    """Illustrative: the seed does not record (3)'s condition being met; suppose it was."""
    concluded = date(2022, 8, 15)
    satisfied = ConditionSatisfied(
        partnership=seed003.P,
        effective=concluded,
        condition=seed003.CONDITION_3,
        evidence="Illustrative: the Digital & IT agreements are concluded",
    )
    with Ledger.open(":memory:") as ledger:  # the ledger accepts the illustration
        ledger.append(*seed003.events())
        ledger.append(satisfied)
        pairs = [(r.position, r.event) for r in ledger.history(seed003.P)]

    changes = on(timeline(seed003.P, pairs), concluded)

    left = only(changes, ChangeKind.ARRANGEMENT_DECOUPLED, seed003.S113)
    revised = only(changes, ChangeKind.ARRANGEMENT_ESTABLISHED, seed003.DIGITAL_REVISED)
    assert left.authorised_by == revised.authorised_by == (seed003.ref("3"),)
    assert getattr(left.after, "decoupled_services", ()) == (seed003.DIGITAL,)
    assert getattr(revised.after, "mechanism", None) is Mechanism.OTHER
    history = arrangement_history(seed003.P, pairs, seed003.S113)
    digital = [s for s in history.services if s.service == seed003.DIGITAL]
    assert [(s.until, s.left_by, s.ended_by) for s in digital] == [
        (date(2022, 8, 14), ChangeKind.ARRANGEMENT_DECOUPLED, (seed003.ref("3"),))
    ]
    moved = arrangement_history(seed003.P, pairs, seed003.DIGITAL_REVISED)
    assert [(s.service, s.since, s.until) for s in moved.services] == [
        (seed003.DIGITAL, concluded, None)
    ]


def test_s113_agreement_history() -> None:
    history = arrangement_history(seed003.P, CDC_OCC, seed003.S113)

    autumn = date(2018, 11, 30)
    assert [(m.mechanism, m.since, m.until) for m in history.mechanisms] == [
        (Mechanism.S113_AGREEMENT, autumn, date(2022, 8, 31))
    ]
    assert [(s.status, s.since, s.until) for s in history.statuses] == [
        (ArrangementStatus.IN_FORCE, autumn, date(2022, 2, 27)),
        (ArrangementStatus.UNDER_NOTICE, date(2022, 2, 28), date(2022, 8, 31)),
        (ArrangementStatus.ENDED, date(2022, 9, 1), None),
    ]
    left = {s.service: (s.until, s.left_by) for s in history.services}
    for service in seed003.DECOUPLED_FIVE:
        assert left[service] == (date(2022, 8, 30), ChangeKind.ARRANGEMENT_DECOUPLED)
    for service in (seed003.REGULATORY, seed003.EMERGENCY, seed003.DIGITAL):
        assert left[service] == (date(2022, 8, 31), ChangeKind.ARRANGEMENT_ENDED)


def test_diff_across_the_summer_of_2022_rebuilds_september() -> None:
    july, september = date(2022, 7, 3), date(2022, 9, 1)

    changes = diff(seed003.P, CDC_OCC, july, september)
    rebuilt = apply_changes(state_as_of(seed003.P, CDC_OCC, july), changes)

    assert [c.kind for c in changes if c.entity == seed003.S113] == [
        ChangeKind.ARRANGEMENT_DECOUPLED,
        ChangeKind.ARRANGEMENT_ENDED,
    ]
    assert entities(rebuilt) == entities(state_as_of(seed003.P, CDC_OCC, september))
    assert rebuilt.shared_services == frozenset()


# --------------------------------------------------------------------------- small histories


def test_members_joining_and_a_successor_taking_over() -> None:
    admitted = MemberAdmitted(
        partnership=P,
        effective=date(2021, 4, 1),
        authorised_by=CITE,
        member=Member(council="gamma", name="Gamma District Council"),
    )
    succeeded = MemberSucceeded(
        partnership=P,
        effective=date(2023, 4, 1),
        authorised_by=(Citation(document="The Beta (Structural Changes) Order 2022"),),
        council="beta",
        successor=Member(council="delta", name="Delta Unitary Council"),
    )
    pairs = numbered([formed(), admitted, succeeded], P)

    changes = timeline(P, pairs)

    assert [(c.on, c.kind, c.entity) for c in changes] == [
        (date(2020, 1, 1), ChangeKind.PARTNERSHIP_FORMED, P),
        (date(2020, 1, 1), ChangeKind.MEMBER_JOINED, "alpha"),
        (date(2020, 1, 1), ChangeKind.MEMBER_JOINED, "beta"),
        (date(2021, 4, 1), ChangeKind.MEMBER_JOINED, "gamma"),
        (date(2023, 4, 1), ChangeKind.MEMBER_SUCCEEDED, "beta"),
        (date(2023, 4, 1), ChangeKind.MEMBER_JOINED, "delta"),
    ]
    assert changes[-2].authorised_by == succeeded.authorised_by
    assert changes[-2].description == "Beta Borough Council (BETA) was succeeded by DELTA"


def test_diff_states_shows_a_member_leaving_and_rejoining_as_two_changes() -> None:
    gamma = Member(council="gamma", name="Gamma District Council")
    pairs = numbered(
        [
            formed(),
            MemberAdmitted(
                partnership=P, effective=date(2021, 1, 1), authorised_by=CITE, member=gamma
            ),
            MemberWithdrew(
                partnership=P, effective=date(2022, 1, 1), authorised_by=CITE, council="gamma"
            ),
            MemberAdmitted(
                partnership=P, effective=date(2023, 1, 1), authorised_by=CITE, member=gamma
            ),
        ],
        P,
    )
    before = state_as_of(P, pairs, date(2021, 6, 1))
    after = state_as_of(P, pairs, date(2024, 1, 1))

    left, joined = diff_states(before, after)

    assert (left.kind, joined.kind) == (ChangeKind.MEMBER_LEFT, ChangeKind.MEMBER_JOINED)
    assert left.before == before.members[-1] and left.after == after.former_members[0]
    assert joined.before is None and joined.after == after.members[-1]
    assert entities(apply_changes(before, (left, joined))) == entities(after)


def test_applying_a_change_with_nothing_after_removes_the_entity() -> None:
    state = state_as_of(seed000.P, BDC, date(2010, 1, 1))
    removal = Change(
        kind=ChangeKind.AMENDED,
        entity_type=EntityType.POST,
        entity=seed000.POST,
        on=date(2010, 1, 2),
        authorised_by=(),
        before=state.post(seed000.POST),
        after=None,
        description="post 'joint-chief-executive' is no longer recorded",
    )

    applied = apply_changes(state, [removal])

    assert applied.posts == () and applied.as_of == date(2010, 1, 2)
    assert applied.arrangements == state.arrangements


def test_apply_refuses_a_change_whose_state_does_not_fit_its_entity() -> None:
    state = state_as_of(seed000.P, BDC, date(2010, 1, 1))
    muddled = Change(
        kind=ChangeKind.AMENDED,
        entity_type=EntityType.BODY,
        entity=seed000.POST,
        on=date(2010, 1, 2),
        authorised_by=(),
        before=None,
        after=state.post(seed000.POST),
        description="muddled",
    )
    with pytest.raises(UsageError, match="its after is a PostState, not a BodyState"):
        apply_changes(state, [muddled])


def test_a_delegation_expires_the_day_after_its_end_and_cites_its_grant() -> None:
    granted = delegation(expires=date(2021, 12, 31))
    last_day = ActionAssigned(
        partnership=P,
        effective=date(2021, 12, 31),
        authorised_by=CITE,
        action="review-ict",
        description="review the ICT service",
    )
    pairs = numbered([formed(), granted, last_day], P)

    expired = only(timeline(P, pairs), ChangeKind.DELEGATION_EXPIRED, "ict-delegation")

    assert expired.on == date(2022, 1, 1) and expired.by_time
    assert expired.authorised_by == granted.authorised_by
    assert expired.before == expired.after  # only its force changed


def test_an_exercise_cites_the_delegated_decision() -> None:
    granted = delegation()
    exercised = DelegatedDecisionTaken(
        partnership=P,
        effective=date(2021, 3, 1),
        decision="ict-2021-01",
        delegation="ict-delegation",
        taken_by=Role(title="Director of Resources", council="alpha"),
        summary="a minor change to the ICT business case",
    )
    pairs = numbered([formed(), granted, exercised], P)

    change = only(timeline(P, pairs), ChangeKind.DELEGATION_EXERCISED, "ict-delegation")

    assert change.authorised_by == (ResolutionRef(resolution="ict-2021-01"),)


def test_a_retitle_with_until_and_a_fresh_holder_on_the_same_post() -> None:
    until = date(2020, 12, 31)
    pairs = numbered(
        [
            formed(),
            post(),
            retitle(
                "Acting Joint Chief Executive",
                "Joint Chief Executive",
                date(2020, 6, 1),
                until=until,
            ),
            PostHolderAppointed(
                partnership=P,
                effective=date(2020, 6, 1),
                authorised_by=CITE,
                post="jce",
                basis=HolderBasis.INTERIM,
                holder="A. Person",
            ),
        ],
        P,
    )

    jce = [c for c in timeline(P, pairs) if c.entity == "jce"]

    assert [(c.on, c.kind) for c in jce] == [
        (date(2020, 2, 1), ChangeKind.POST_CREATED),
        (date(2020, 6, 1), ChangeKind.POST_RETITLED),
        (date(2020, 6, 1), ChangeKind.HOLDER_APPOINTED),
        (date(2021, 1, 1), ChangeKind.TITLE_REVERTED),
    ]
    assert jce[1].after is jce[2].after  # aspects of one day share the states
    holders = post_history(P, pairs, "jce").holders
    assert [(h.holder, h.since, h.until) for h in holders] == [
        ("A. Person", date(2020, 6, 1), None)
    ]


def test_a_retitle_on_the_day_a_temporary_title_runs_out() -> None:
    """The revert cites the retitle that set its date, not the new retitle."""
    renamed = (Citation(document="Appointments Committee, January 2021"),)
    pairs = numbered(
        [
            formed(),
            post(),
            retitle(
                "Acting Joint Chief Executive",
                "Joint Chief Executive",
                date(2020, 6, 1),
                until=date(2020, 12, 31),
            ),
            retitle(
                "Acting Joint Chief Executive",
                "Chief Executive",
                date(2021, 1, 1),
                authorised_by=renamed,
                until=date(2021, 6, 30),
            ),
        ],
        P,
    )

    changes = on(timeline(P, pairs), date(2021, 1, 1))

    assert [(c.kind, c.authorised_by) for c in changes] == [
        (ChangeKind.TITLE_REVERTED, CITE),
        (ChangeKind.POST_RETITLED, renamed),
    ]
    assert "from 'Acting Joint Chief Executive' to 'Chief Executive'" in changes[1].description
    titles = post_history(P, pairs, "jce").titles
    assert [(t.title, t.since, t.until) for t in titles] == [
        ("Acting Joint Chief Executive", date(2020, 2, 1), date(2020, 5, 31)),
        ("Joint Chief Executive", date(2020, 6, 1), date(2020, 12, 31)),
        ("Chief Executive", date(2021, 1, 1), date(2021, 6, 30)),
        ("Acting Joint Chief Executive", date(2021, 7, 1), None),
    ]
    assert titles[3].authorised_by == renamed


def test_a_retitle_and_back_on_one_day_after_a_temporary_title_ran_out() -> None:
    """The title stands, but the post gains a former title: a retitle, not "amended".

    Regression: the timeline reported such a day as ``AMENDED`` once posts kept
    their former titles, as no change kind described a title unchanged by the day.
    """
    acting, chief = "Acting Joint Chief Executive", "Chief Executive"
    pairs = numbered(
        [
            formed(),
            post(),
            retitle(acting, "Joint Chief Executive", date(2020, 6, 1), until=date(2020, 12, 31)),
            retitle(acting, chief, date(2021, 3, 1)),
            retitle(chief, acting, date(2021, 3, 1)),
        ],
        P,
    )

    changes = timeline(P, pairs)
    that_day = on(changes, date(2021, 3, 1))

    assert [(c.kind, c.entity) for c in that_day] == [(ChangeKind.POST_RETITLED, "jce")]
    assert f"as {chief!r} and back to {acting!r}" in that_day[0].description
    assert all(c.kind is not ChangeKind.AMENDED for c in changes)
    before = state_as_of(P, pairs, date(2021, 2, 28))
    after = state_as_of(P, pairs, date(2021, 3, 1))
    assert entities(apply_changes(before, that_day)) == entities(after)
    assert [c.kind for c in diff_states(before, after)] == [ChangeKind.POST_RETITLED]


def test_a_holder_whose_term_runs_out_is_extended_then_leaves() -> None:
    appointed = PostHolderAppointed(
        partnership=P,
        effective=date(2020, 6, 1),
        authorised_by=CITE,
        post="jce",
        basis=HolderBasis.INTERIM,
        holder="A. Person",
        term_ends=date(2021, 3, 31),
    )
    extension = (Citation(document="Extension letter, May 2021"),)
    pairs = numbered(
        [
            formed(),
            post(),
            appointed,
            PostTermExtended(
                partnership=P,
                effective=date(2021, 5, 1),
                authorised_by=extension,
                post="jce",
                term_ends=date(2022, 3, 31),
            ),
            PostVacated(
                partnership=P,
                effective=date(2021, 10, 1),
                authorised_by=CITE,
                post="jce",
                reason=VacancyReason.RESIGNATION,
            ),
            PostDeleted(partnership=P, effective=date(2022, 1, 1), authorised_by=CITE, post="jce"),
        ],
        P,
    )

    jce = [(c.on, c.kind) for c in timeline(P, pairs) if c.entity == "jce"]

    assert jce == [
        (date(2020, 2, 1), ChangeKind.POST_CREATED),
        (date(2020, 6, 1), ChangeKind.HOLDER_APPOINTED),
        (date(2021, 4, 1), ChangeKind.TERM_EXPIRED),
        (date(2021, 5, 1), ChangeKind.TERM_EXTENDED),
        (date(2021, 10, 1), ChangeKind.POST_VACATED),
        (date(2022, 1, 1), ChangeKind.POST_DELETED),
    ]
    history = post_history(P, pairs, "jce")
    assert [(h.since, h.until, h.authorised_by) for h in history.holders] == [
        (date(2020, 6, 1), date(2021, 3, 31), CITE),
        (date(2021, 5, 1), date(2021, 9, 30), extension),
    ]
    assert [(t.title, t.until) for t in history.titles] == [
        ("Acting Joint Chief Executive", date(2021, 12, 31))
    ]


def test_a_retracted_entry_is_not_a_change_and_its_replacement_is() -> None:
    """Retractions among the pairs are applied first, as ``state_as_of`` does."""
    wrong = retitle("Acting Joint Chief Executive", "Joint Chief Exec", date(2020, 6, 1))
    right = retitle("Acting Joint Chief Executive", "Joint Chief Executive", date(2020, 6, 1))
    minutes = (Citation(document="Minutes confirmed subject to amendment, July 2020"),)
    retraction = EntryRetracted(
        partnership=P,
        effective=date(2020, 7, 1),
        retracts=3,
        reason="the title was misspelt",
        authorised_by=minutes,
        replacement=right,
    )
    pairs = numbered([formed(), post(), wrong, retraction], P)

    retitles = [c for c in timeline(P, pairs) if c.kind is ChangeKind.POST_RETITLED]

    assert [getattr(c.after, "title", None) for c in retitles] == ["Joint Chief Executive"]
    assert retitles[0].on == date(2020, 6, 1) and retitles[0].authorised_by == CITE
    early, late = date(2020, 5, 1), date(2020, 8, 1)
    rebuilt = apply_changes(state_as_of(P, pairs, early), diff(P, pairs, early, late))
    assert entities(rebuilt) == entities(state_as_of(P, pairs, late))


# --------------------------------------------------------------------------- bad arguments


def test_unknown_post_names_the_posts_there_are() -> None:
    with pytest.raises(UsageError, match=r"no post 'chief-exec'.*joint-chief-executive"):
        post_history(seed000.P, BDC, "chief-exec")


def test_unknown_arrangement_names_the_arrangements_there_are() -> None:
    with pytest.raises(UsageError, match=r"no arrangement 'ict'.*jce-secondment"):
        arrangement_history(seed000.P, BDC, "ict")


def test_diff_refuses_dates_in_the_wrong_order() -> None:
    with pytest.raises(UsageError, match="is after to_date"):
        diff(seed000.P, BDC, date(2013, 1, 1), date(2012, 1, 1))


def test_diff_refuses_a_datetime() -> None:
    with pytest.raises(UsageError, match=r"to_date must be a datetime\.date"):
        diff(seed000.P, BDC, date(2013, 1, 1), datetime(2014, 1, 1))


def test_timeline_refuses_another_partnerships_events() -> None:
    with pytest.raises(UsageError, match="belongs to partnership 'cdc-occ'"):
        timeline(seed000.P, [*BDC, *CDC_OCC])


def test_diff_states_refuses_states_in_the_wrong_order_or_of_two_partnerships() -> None:
    early = state_as_of(seed000.P, BDC, date(2010, 1, 1))
    late = state_as_of(seed000.P, BDC, date(2014, 1, 1))
    with pytest.raises(UsageError, match="pass the earlier state first"):
        diff_states(late, early)
    with pytest.raises(UsageError, match="same partnership"):
        diff_states(early, state_as_of(seed003.P, CDC_OCC, date(2023, 1, 1)))


def test_diff_states_sees_the_revert_and_expiry_without_the_events() -> None:
    before = state_as_of(seed000.P, BDC, date(2013, 3, 31))
    after = state_as_of(seed000.P, BDC, date(2013, 4, 1))

    changes = diff_states(before, after)

    assert [(c.kind, c.on, c.authorised_by) for c in changes] == [
        (ChangeKind.TITLE_REVERTED, date(2013, 4, 1), (seed000.ref("4"),)),
        (ChangeKind.TERM_EXPIRED, date(2013, 4, 1), (seed000.MINUTE,)),  # the appointment's
    ]


# --------------------------------------------------------------------------- properties


class Case(NamedTuple):
    """A partnership from a generated history, its timeline, and days to look at."""

    partnership: str
    pairs: Pairs
    changes: tuple[Change, ...]
    notable: list[date]  # each effective date, expiry, change, and the day before each
    days: list[date]  # drawn, in order: notable days or any day in between


@st.composite
def cases(draw: st.DrawFn, days: int = 2) -> Case:
    """A :class:`Case` with *days* days drawn."""
    events = draw(histories())
    partnership = draw(st.sampled_from(sorted({e.partnership for e in events})))
    pairs = numbered(events, partnership)
    changes = timeline(partnership, pairs)
    mine = [e for _, e in pairs]
    expiries = {
        certain_from(e.expires) + DAY
        for e in mine
        if isinstance(e, DelegationGranted) and e.expires is not None
    }
    notable = sorted(
        {*key_dates(mine), *expiries, *(c.on for c in changes), *(c.on - DAY for c in changes)}
    )
    day = st.sampled_from(notable) | st.dates(min_value=notable[0], max_value=notable[-1])
    chosen = sorted(draw(st.lists(day, min_size=days, max_size=days)))
    return Case(partnership, pairs, changes, notable, chosen)


@given(case=cases())
def test_a_diff_applied_to_the_earlier_state_gives_the_later_one(case: Case) -> None:
    """Property (e): diff(D1, D2) applied to state(D1) describes state(D2)."""
    partnership, pairs, _, _, (first, second) = case

    changes = diff(partnership, pairs, first, second)
    rebuilt = apply_changes(state_as_of(partnership, pairs, first), changes, as_of=second)

    assert entities(rebuilt) == entities(state_as_of(partnership, pairs, second))
    assert all(first < c.on <= second for c in changes)


@given(case=cases(days=1))
def test_a_diff_from_a_day_to_itself_is_empty(case: Case) -> None:
    partnership, pairs, _, _, (day,) = case
    assert diff(partnership, pairs, day, day) == ()


@given(case=cases(days=3))
def test_diffs_of_consecutive_spans_add_up(case: Case) -> None:
    partnership, pairs, changes, _, (first, second, third) = case

    joined = diff(partnership, pairs, first, second) + diff(partnership, pairs, second, third)

    assert joined == diff(partnership, pairs, first, third)
    assert joined == tuple(c for c in changes if first < c.on <= third)


@given(case=cases(days=0))
def test_the_timeline_is_exactly_the_day_to_day_differences(case: Case) -> None:
    """In date order; each change's entity differs between the day before and the day,
    as ``before`` and ``after`` say; and no entity changes on a day without a change."""
    partnership, pairs, changes, days, _ = case

    assert [c.on for c in changes] == sorted(c.on for c in changes)
    states: dict[date, PartnershipState] = {}

    def state(day: date) -> PartnershipState:
        if day not in states:
            states[day] = state_as_of(partnership, pairs, day)
        return states[day]

    for change in changes:
        was = entity_in(state(change.on - DAY), change.entity_type, change.entity)
        now = entity_in(state(change.on), change.entity_type, change.entity)
        assert was != now, f"{change} changed nothing"
        if change.entity_type not in (EntityType.MEMBER, EntityType.DELEGATION):
            assert (change.before, change.after) == (was, now), str(change)
    for day in days:
        changed = {(c.entity_type, c.entity) for c in changes if c.on == day}
        assert changed == differing(state(day - DAY), state(day)), f"on {day}"


@given(case=cases(days=0))
def test_each_change_is_of_a_kind_an_event_on_that_entity_makes(case: Case) -> None:
    """Changes by the passage of time aside, a change has an event behind it."""
    _, pairs, changes, _, _ = case

    for change in changes:
        assert change.kind is not ChangeKind.AMENDED, str(change)
        if change.by_time:
            assert change.kind in TIMED, str(change)
            continue
        assert any(
            isinstance(event, MADE_BY[change.kind])
            and change.entity in about(event)
            and certain_from(event.effective) <= change.on
            for _, event in pairs
        ), f"no event makes {change}"


@given(case=cases(days=0))
def test_every_change_cites_an_authority_from_the_history(case: Case) -> None:
    _, pairs, changes, _, _ = case

    known = cited(e for _, e in pairs)

    for change in changes:
        assert set(change.authorised_by) <= known, str(change)
        if change.kind is not ChangeKind.ACTION_COMPLETED:  # may be recorded without one
            assert change.authorised_by, f"{change} cites nothing"


@given(case=cases())
def test_diff_states_applied_to_the_earlier_state_gives_the_later_one(case: Case) -> None:
    partnership, pairs, _, _, (first, second) = case
    before = state_as_of(partnership, pairs, first)
    after = state_as_of(partnership, pairs, second)

    changes = diff_states(before, after)

    assert entities(apply_changes(before, changes)) == entities(after)
    substantive = [c for c in changes if c.kind is not ChangeKind.DELEGATION_EXPIRED]
    assert bool(substantive) == (entities(before) != entities(after))
