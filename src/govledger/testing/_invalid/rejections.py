"""Transitions the domain rules must reject, drawn from a :class:`World`.

Each builder looks at the recorded world and, when it applies, makes one event (or
a back-dated entry) that breaks one rule, and says which :class:`RuleViolation` the
ledger must raise. Facts still waiting in ``World.held`` are never relied on.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

import attrs
from hypothesis import strategies as st

from ... import errors
from ...events import (
    ActionAssigned,
    ActionCompleted,
    ArrangementDecoupled,
    ArrangementEnded,
    ArrangementVaried,
    Authority,
    BodyDisbanded,
    BodyEstablished,
    BodyKind,
    CallInDetermined,
    CallInOutcome,
    CallInRequested,
    Citation,
    ConditionSatisfied,
    CostShareAgreed,
    CouncilBody,
    DelegatedDecisionTaken,
    DelegationGranted,
    EndingStage,
    EndingStageReached,
    Event,
    HolderBasis,
    JointBody,
    Member,
    MemberAdmitted,
    MemberSucceeded,
    MemberWithdrew,
    MotionResult,
    NamedVote,
    NoticeGiven,
    Outcome,
    Part,
    PartnershipFormed,
    PostCreated,
    PostHolderAppointed,
    PostRetitled,
    PostVacated,
    ResolutionPassed,
    ResolutionRef,
    Role,
    Share,
    Tally,
    VacancyReason,
    Vote,
    VotePosition,
)
from .._model.builders import common_fields
from .._model.draw import Gen
from .._model.world import Partnership, World

__all__ = ["Rejection", "every_rejection", "rejections"]

_CITE: tuple[Authority, ...] = (Citation(document="Report of the Monitoring Officer"),)
_OUTSIDER = "nowhere-dc"


@attrs.frozen(kw_only=True)
class Rejection:
    """Events that break a rule: appending them must raise ``error`` and change nothing."""

    events: tuple[Event, ...]
    error: type[errors.RuleViolation]
    rule: str

    def __str__(self) -> str:
        return f"{self.rule} (expects {self.error.__name__})"

    def __repr__(self) -> str:
        """Python code that rebuilds it, given ``from govledger import errors``."""
        return f"Rejection(events={self.events!r}, error={self._error}, rule={self.rule!r})"

    @property
    def _error(self) -> str:
        return f"errors.{self.error.__name__}"

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        with p.group(4, "Rejection(", ")"):
            p.breakable("")
            p.text("events=")
            p.pretty(self.events)
            p.text(",")
            p.breakable()
            p.text(f"error={self._error},")
            p.breakable()
            p.text("rule=")
            p.pretty(self.rule)


_Builder = Callable[[Gen, Partnership, date], Rejection | None]


def _one(event: Event, error: type[errors.RuleViolation], rule: str) -> Rejection:
    return Rejection(events=(event,), error=error, rule=rule)


def _task(p: Partnership, day: date, auth: tuple[Authority, ...] = _CITE) -> ActionAssigned:
    return ActionAssigned(
        partnership=p.partnership,
        effective=day,
        authorised_by=auth,
        action="an-action-never-used",
        description="report back to Cabinet",
    )


# --------------------------------------------------------------------------- partnership


def _unknown_partnership(g: Gen, p: Partnership, day: date) -> Rejection:
    event = _task(p, day)
    return _one(
        attrs.evolve(event, partnership="no-such-partnership"),
        errors.UnknownPartnership,
        "an event needs a formed partnership",
    )


def _before_formation(g: Gen, p: Partnership, day: date) -> Rejection:
    return _one(
        _task(p, p.formed - timedelta(days=g.number(1, 400))),
        errors.UnknownPartnership,
        "nothing takes effect before the partnership is formed",
    )


def _after_dissolution(g: Gen, p: Partnership, day: date) -> Rejection | None:
    if p.dissolved is None:
        return None
    return _one(_task(p, day), errors.UnknownPartnership, "nothing takes effect after dissolution")


def _formed_twice(g: Gen, p: Partnership, day: date) -> Rejection:
    event = PartnershipFormed(
        partnership=p.partnership,
        effective=day,
        authorised_by=_CITE,
        name="A second formation",
        members=(Member(council="aaa", name="A Council"), Member(council="bbb", name="B Council")),
    )
    return _one(event, errors.DuplicateId, "a partnership is formed once")


# --------------------------------------------------------------------------- members


def _admitted_twice(g: Gen, p: Partnership, day: date) -> Rejection:
    council = g.pick(sorted(p.members))
    event = MemberAdmitted(
        partnership=p.partnership,
        effective=day,
        authorised_by=_CITE,
        member=Member(council=council, name=p.members[council]),
    )
    return _one(event, errors.DuplicateId, "a member cannot be admitted twice")


def _last_two_leave(g: Gen, p: Partnership, day: date) -> Rejection | None:
    if len(p.members) != 2:
        return None
    event = MemberWithdrew(
        partnership=p.partnership,
        effective=day,
        authorised_by=_CITE,
        council=g.pick(sorted(p.members)),
    )
    return _one(event, errors.InvalidTransition, "a partnership keeps at least two members")


def _outsider_withdraws(g: Gen, p: Partnership, day: date) -> Rejection:
    event = MemberWithdrew(
        partnership=p.partnership, effective=day, authorised_by=_CITE, council=_OUTSIDER
    )
    return _one(event, errors.NotAMember, "only a member can withdraw")


def _successor_already_member(g: Gen, p: Partnership, day: date) -> Rejection:
    leaving, staying = g.some(sorted(p.members), 2, 2)
    event = MemberSucceeded(
        partnership=p.partnership,
        effective=day,
        authorised_by=_CITE,
        council=leaving,
        successor=Member(council=staying, name=p.members[staying]),
    )
    return _one(event, errors.DuplicateId, "a successor is not already a member")


# --------------------------------------------------------------------------- money


def _shares(p: Partnership, day: date, shares: tuple[Share, ...]) -> CostShareAgreed:
    return CostShareAgreed(
        partnership=p.partnership,
        effective=day,
        authorised_by=_CITE,
        scope="invalid-costs",
        description="costs shared wrongly",
        shares=shares,
    )


def _shares_not_one(g: Gen, p: Partnership, day: date) -> Rejection:
    first, second = sorted(p.members)[:2]
    total = g.pick((Fraction(5, 6), Fraction(7, 6), Fraction(99, 100), Fraction(101, 100)))
    half = Fraction(1, 2)
    shares = (Share(council=first, fraction=half), Share(council=second, fraction=total - half))
    return _one(_shares(p, day, shares), errors.InvalidCostShare, "cost shares sum to one")


def _zero_share(g: Gen, p: Partnership, day: date) -> Rejection:
    first, second = sorted(p.members)[:2]
    shares = (
        Share(council=first, fraction=Fraction(1)),
        Share(council=second, fraction=Fraction(0)),
    )
    return _one(_shares(p, day, shares), errors.InvalidCostShare, "cost shares are positive")


def _outsider_shares(g: Gen, p: Partnership, day: date) -> Rejection:
    member = g.pick(sorted(p.members))
    half = Fraction(1, 2)
    shares = (Share(council=member, fraction=half), Share(council=_OUTSIDER, fraction=half))
    return _one(_shares(p, day, shares), errors.NotAMember, "costs are shared between members")


# --------------------------------------------------------------------------- arrangements


def _decoupled_again(g: Gen, p: Partnership, day: date) -> Rejection | None:
    done = [a for a in p.arrangements.values() if a.closed == "decoupled"]
    if not done:
        return None
    event = ArrangementDecoupled(
        partnership=p.partnership,
        effective=day,
        authorised_by=_CITE,
        arrangement=g.pick(done).arrangement,
    )
    return _one(event, errors.AlreadyDecoupled, "an arrangement is decoupled once")


def _act_on_ended(g: Gen, p: Partnership, day: date) -> Rejection | None:
    ended = [a for a in p.arrangements.values() if a.closed == "ended" or a.ended_by_notice(day)]
    if not ended:
        return None
    arrangement = g.pick(ended).arrangement
    common = common_fields(p, day, _CITE)
    options: list[Event] = [
        ArrangementEnded(**common, arrangement=arrangement),
        ArrangementDecoupled(**common, arrangement=arrangement),
        ArrangementVaried(**common, arrangement=arrangement, lead=sorted(p.members)[0]),
    ]
    return _one(g.pick(options), errors.ArrangementClosed, "an ended arrangement cannot change")


def _stage_on_ended(g: Gen, p: Partnership, day: date) -> Rejection | None:
    ended = [a for a in p.arrangements.values() if a.closed == "ended" or a.ended_by_notice(day)]
    if not ended:
        return None
    event = EndingStageReached(
        **common_fields(p, day, _CITE),
        arrangement=g.pick(ended).arrangement,
        stage=g.pick(list(EndingStage)),
    )
    return _one(event, errors.ArrangementClosed, "an ended arrangement has no further stages")


def _notice_twice(g: Gen, p: Partnership, day: date) -> Rejection | None:
    noticed = [a for a in p.open_arrangements(day) if a.notice_ends is not None]
    if not noticed:
        return None
    arrangement = g.pick(noticed)
    assert arrangement.notice_ends is not None
    event = NoticeGiven(
        partnership=p.partnership,
        effective=day,
        authorised_by=_CITE,
        arrangement=arrangement.arrangement,
        given_by=sorted(p.members)[0],
        notice_ends=arrangement.notice_ends + timedelta(days=30),
    )
    return _one(event, errors.InvalidTransition, "notice is given once")


def _remove_every_service(g: Gen, p: Partnership, day: date) -> Rejection | None:
    open_ = p.open_arrangements(day)
    if not open_:
        return None
    arrangement = g.pick(open_)
    event = ArrangementVaried(
        partnership=p.partnership,
        effective=day,
        authorised_by=_CITE,
        arrangement=arrangement.arrangement,
        services_removed=tuple(arrangement.services),
    )
    return _one(event, errors.InvalidTransition, "removing every service is a decoupling")


def _back_dated_decoupling(g: Gen, p: Partnership, day: date) -> Rejection | None:
    """A decoupling back-dated before later recorded changes to the arrangement."""
    candidates = [
        a for a in p.arrangements.values() if a.touched and (a.touched[0] - a.established).days >= 2
    ]
    if not candidates:
        return None
    arrangement = g.pick(candidates)
    room = (arrangement.touched[0] - arrangement.established).days - 1
    when = arrangement.established + timedelta(days=g.number(1, room))
    event = ArrangementDecoupled(
        partnership=p.partnership,
        effective=when,
        authorised_by=_CITE,
        arrangement=arrangement.arrangement,
    )
    return _one(
        event, errors.AlreadyDecoupled, "a back-dated decoupling cannot orphan later changes"
    )


# --------------------------------------------------------------------------- posts


def _wrong_title(g: Gen, p: Partnership, day: date) -> Rejection | None:
    posts = p.active_posts(day)
    if not posts:
        return None
    post = g.pick(posts)
    current = post.title_on(day)
    same = g.chance(50)
    event = PostRetitled(
        partnership=p.partnership,
        effective=day,
        authorised_by=_CITE,
        post=post.post,
        previous_title=current if same else f"Interim {current}",
        new_title=current if same else f"Senior {current}",
    )
    return _one(event, errors.TitleMismatch, "a retitle names the current title and changes it")


def _vacate_empty(g: Gen, p: Partnership, day: date) -> Rejection | None:
    empty = [post for post in p.active_posts(day) if not post.holder]
    if not empty:
        return None
    event = PostVacated(
        partnership=p.partnership,
        effective=day,
        authorised_by=_CITE,
        post=g.pick(empty).post,
        reason=g.pick(list(VacancyReason)),
    )
    return _one(event, errors.InvalidTransition, "only a filled post can be vacated")


def _appoint_to_deleted(g: Gen, p: Partnership, day: date) -> Rejection | None:
    deleted = [post for post in p.posts.values() if post.deleted]
    if not deleted:
        return None
    event = PostHolderAppointed(
        partnership=p.partnership,
        effective=day,
        authorised_by=_CITE,
        post=g.pick(deleted).post,
        basis=HolderBasis.INTERIM,
    )
    return _one(event, errors.InvalidTransition, "nobody is appointed to a deleted post")


def _duplicate_id(g: Gen, p: Partnership, day: date) -> Rejection | None:
    common = common_fields(p, day, _CITE)
    options: list[Event] = []
    if p.posts:
        options.append(PostCreated(**common, post=g.pick(sorted(p.posts)), title="A post"))
    if p.bodies:
        options.append(
            BodyEstablished(
                **common, body=g.pick(sorted(p.bodies)), name="A body", kind=BodyKind.BOARD
            )
        )
    if p.actions:
        options.append(
            ActionAssigned(**common, action=g.pick(sorted(p.actions)), description="do it again")
        )
    if p.delegations:
        options.append(
            DelegationGranted(
                **common,
                delegation=g.pick(sorted(p.delegations)),
                delegates=(Role(title="Chief Executive"),),
                scope="anything",
            )
        )
    if p.resolutions:
        resolution = g.pick(sorted(p.resolutions))
        options.append(
            ResolutionPassed(
                partnership=p.partnership,
                effective=day,
                resolution=resolution,
                decided_by=CouncilBody(council=sorted(p.members)[0], name="Cabinet"),
                decided=day,
                item="1",
                title="The same id again",
                parts=(Part(number="1", summary="approve"),),
            )
        )
    if not options:
        return None
    return _one(g.pick(options), errors.DuplicateId, "ids are unique in a partnership")


# --------------------------------------------------------------------------- bodies


def _disbanded_body(g: Gen, p: Partnership, day: date) -> Rejection | None:
    gone = [b for b in p.bodies.values() if b.disbanded is not None]
    if not gone:
        return None
    body = g.pick(gone).body
    if g.chance(50):
        event: Event = BodyDisbanded(
            partnership=p.partnership, effective=day, authorised_by=_CITE, body=body
        )
    else:
        event = ResolutionPassed(
            partnership=p.partnership,
            effective=day,
            resolution="a-resolution-never-used",
            decided_by=JointBody(body=body),
            decided=day,
            item="4",
            title="After disbandment",
            parts=(Part(number="1", summary="approve the annual report"),),
        )
    return _one(event, errors.BodyDisbandedError, "a disbanded body decides nothing")


def _back_dated_disbandment(g: Gen, p: Partnership, day: date) -> Rejection | None:
    """A disbandment back-dated before the body's recorded decisions."""
    candidates = [
        b
        for b in p.bodies.values()
        if b.disbanded is None and b.decisions and (b.decisions[0] - b.established).days >= 2
    ]
    if not candidates:
        return None
    body = g.pick(candidates)
    room = (body.decisions[0] - body.established).days - 1
    event = BodyDisbanded(
        partnership=p.partnership,
        effective=body.established + timedelta(days=g.number(1, room)),
        authorised_by=_CITE,
        body=body.body,
    )
    return _one(
        event, errors.BodyDisbandedError, "a back-dated disbandment cannot orphan decisions"
    )


def _outsider_constituent(g: Gen, p: Partnership, day: date) -> Rejection:
    event = BodyEstablished(
        partnership=p.partnership,
        effective=day,
        authorised_by=_CITE,
        body="a-body-never-used",
        name="Joint Committee",
        kind=BodyKind.JOINT_COMMITTEE,
        constituents=(sorted(p.members)[0], _OUTSIDER),
    )
    return _one(event, errors.NotAMember, "a joint body's constituents are members")


# --------------------------------------------------------------------------- decisions


def _vote_contradicts(g: Gen, p: Partnership, day: date) -> Rejection:
    lost = g.chance(50)
    tally = Tally(in_favour=9, against=3) if lost else Tally(in_favour=29, against=31)
    event = ResolutionPassed(
        partnership=p.partnership,
        effective=day,
        resolution="a-resolution-never-used",
        decided_by=CouncilBody(council=sorted(p.members)[0], name="Council"),
        decided=day,
        item="9",
        title="Motion",
        parts=(
            Part(
                number="1",
                summary="approve the motion",
                outcome=Outcome.LOST if lost else Outcome.RESOLVED,
                votes=(Vote(tally=tally),),
            ),
        ),
    )
    return _one(event, errors.VoteContradictsOutcome, "the vote supports the outcome")


def _cite_unresolved(g: Gen, p: Partnership, day: date) -> Rejection | None:
    refs = [
        ResolutionRef(resolution=r.resolution, part=path)
        for r in p.resolutions.values()
        for path, outcome in r.parts.items()
        if outcome not in (Outcome.RESOLVED, Outcome.RECOMMENDED)  # recommended: proposes
    ]
    refs.append(ResolutionRef(resolution="no-such-resolution", part=("1",)))
    refs.extend(
        ResolutionRef(resolution=r.resolution)
        for r in p.resolutions.values()
        if sum(1 for path in r.parts if len(path) == 1) > 1
    )
    ref = g.pick(refs)
    return _one(_task(p, day, (ref,)), errors.InvalidAuthority, "only a resolved part authorises")


def _cite_in_principle(g: Gen, p: Partnership, day: date) -> Rejection | None:
    if not p.in_principle:
        return None
    ref = g.pick(p.in_principle)
    return _one(_task(p, day, (ref,)), errors.InvalidAuthority, "in principle authorises nothing")


def _stated_result_contradicts(g: Gen, p: Partnership, day: date) -> Rejection:
    """A part recorded as resolved whose motion the minutes say was lost, by a partial list."""
    named = (NamedVote(member="Cllr Ames", position=VotePosition.AGAINST),)
    event = ResolutionPassed(
        partnership=p.partnership,
        effective=day,
        resolution="a-resolution-never-used",
        decided_by=CouncilBody(council=sorted(p.members)[0], name="Council"),
        decided=day,
        item="9",
        title="Motion",
        parts=(
            Part(
                number="1",
                summary="approve the motion",
                votes=(Vote(named=named, named_complete=False, result=MotionResult.LOST),),
            ),
        ),
    )
    return _one(event, errors.VoteContradictsOutcome, "the stated result supports the outcome")


def _cite_before_decided(g: Gen, p: Partnership, day: date) -> Rejection | None:
    later = [
        r
        for r in p.resolutions.values()
        if (r.decided - p.formed).days >= 2 and r.parts.get(("1",)) is Outcome.RESOLVED
    ]
    if not later:
        return None
    resolution = g.pick(later)
    when = resolution.decided - timedelta(
        days=g.number(1, (resolution.decided - p.formed).days - 1)
    )
    ref = ResolutionRef(resolution=resolution.resolution, part=("1",))
    return _one(_task(p, when, (ref,)), errors.InvalidAuthority, "a change follows its decision")


def _not_a_delegate(g: Gen, p: Partnership, day: date) -> Rejection | None:
    live = [d for d in p.delegations.values() if d.in_force_on(day)]
    if not live:
        return None
    event = DelegatedDecisionTaken(
        partnership=p.partnership,
        effective=day,
        decision="a-decision-never-used",
        delegation=g.pick(live).delegation,
        taken_by=Role(title="Town Crier", council=sorted(p.members)[0]),
        summary="agreed the terms",
        decided=day,
    )
    return _one(event, errors.DelegationNotInForce, "only a delegate exercises a delegation")


def _delegation_gone(g: Gen, p: Partnership, day: date) -> Rejection | None:
    gone = [d for d in p.delegations.values() if not d.in_force_on(day) and d.granted < day]
    if not gone:
        return None
    delegation = g.pick(gone)
    event = DelegatedDecisionTaken(
        partnership=p.partnership,
        effective=day,
        decision="a-decision-never-used",
        delegation=delegation.delegation,
        taken_by=delegation.delegates[0],
        summary="agreed the terms",
        decided=day,
    )
    return _one(event, errors.DelegationNotInForce, "a delegation is used while in force")


def _expires_before_granted(g: Gen, p: Partnership, day: date) -> Rejection:
    event = DelegationGranted(
        partnership=p.partnership,
        effective=day,
        authorised_by=_CITE,
        delegation="a-delegation-never-used",
        delegates=(Role(title="Chief Executive"),),
        scope="urgent matters",
        expires=day - timedelta(days=g.number(1, 30)),
    )
    return _one(event, errors.InvalidTransition, "a delegation expires after it is granted")


def _condition_again(g: Gen, p: Partnership, day: date) -> Rejection | None:
    world = g.world
    closed = [
        c
        for c, status in p.conditions.items()
        if status != "open" and not world.locked(p.partnership, "condition", c)
    ]
    condition, error = (
        (g.pick(closed), errors.InvalidTransition)
        if closed and g.chance(70)
        else ("no-such-condition", errors.UnknownReference)
    )
    event = ConditionSatisfied(
        partnership=p.partnership, effective=day, condition=condition, evidence="it was met"
    )
    return _one(event, error, "a declared condition is settled once")


def _call_in_refused(g: Gen, p: Partnership, day: date) -> Rejection | None:
    world = g.world
    outside = [
        r.resolution
        for r in p.resolutions.values()
        if (r.call_in_deadline is None and not r.open_window)
        or (r.call_in_deadline is not None and r.call_in_deadline < day)
    ]
    uncalled = [r for r in p.resolutions if r not in p.call_ins]
    determined = [
        c.resolution
        for c in p.call_ins.values()
        if c.determined and not world.locked(p.partnership, "call-in", c.resolution)
    ]
    options: list[Event] = [
        CallInRequested(
            partnership=p.partnership, effective=day, resolution=r, requested_by="five members"
        )
        for r in outside
    ]
    options.extend(
        CallInDetermined(
            partnership=p.partnership,
            effective=day,
            resolution=r,
            outcome=CallInOutcome.NO_FURTHER_ACTION,
        )
        for r in (*uncalled, *determined)
    )
    if not options:
        return None
    return _one(g.pick(options), errors.InvalidTransition, "call-in follows its window")


def _complete_twice(g: Gen, p: Partnership, day: date) -> Rejection | None:
    done = [
        a
        for a, completed in p.actions.items()
        if completed and not g.world.locked(p.partnership, "action", a)
    ]
    if not done:
        return None
    event = ActionCompleted(partnership=p.partnership, effective=day, action=g.pick(done))
    return _one(event, errors.InvalidTransition, "an action is completed once")


# --------------------------------------------------------------------------- drawing

_ALWAYS: tuple[_Builder, ...] = (_unknown_partnership, _before_formation, _formed_twice)
_OPEN: tuple[_Builder, ...] = (
    _admitted_twice,
    _last_two_leave,
    _outsider_withdraws,
    _successor_already_member,
    _shares_not_one,
    _zero_share,
    _outsider_shares,
    _decoupled_again,
    _act_on_ended,
    _stage_on_ended,
    _notice_twice,
    _remove_every_service,
    _back_dated_decoupling,
    _wrong_title,
    _vacate_empty,
    _appoint_to_deleted,
    _duplicate_id,
    _disbanded_body,
    _back_dated_disbandment,
    _outsider_constituent,
    _vote_contradicts,
    _cite_unresolved,
    _cite_in_principle,
    _stated_result_contradicts,
    _cite_before_decided,
    _not_a_delegate,
    _delegation_gone,
    _expires_before_granted,
    _condition_again,
    _call_in_refused,
    _complete_twice,
)


def rejections(draw: st.DrawFn, world: World) -> Rejection:
    """Draw one rejection that applies to *world* (which must have a partnership)."""
    g = Gen(draw, world)
    p = world.partnership(g.pick(world.partnerships))
    day = p.day + timedelta(days=1)
    builders = _ALWAYS + ((_after_dissolution,) if p.dissolved else _OPEN)
    for build in draw(st.permutations(builders)):
        found = build(g, p, day)
        if found is not None:
            return found
    raise AssertionError("unreachable: the builders in _ALWAYS always apply")


def every_rejection(draw: st.DrawFn, world: World) -> list[Rejection]:
    """One rejection for every rule that applies to each partnership of *world*."""
    g = Gen(draw, world)
    found: list[Rejection] = []
    for partnership in world.partnerships:
        p = world.partnership(partnership)
        day = p.day + timedelta(days=1)
        builders = _ALWAYS + ((_after_dissolution,) if p.dissolved else _OPEN)
        found.extend(r for r in (build(g, p, day) for build in builders) if r is not None)
    return found
