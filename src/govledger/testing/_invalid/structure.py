"""Rejections about arrangements, bodies, and the decisions that authorise changes."""

from __future__ import annotations

from datetime import date, timedelta

from ... import errors
from ...events import (
    ActionCompleted,
    ArrangementDecoupled,
    ArrangementEnded,
    ArrangementVaried,
    BodyDisbanded,
    BodyEstablished,
    BodyKind,
    CallInDetermined,
    CallInOutcome,
    CallInRequested,
    ConditionSatisfied,
    CouncilBody,
    DelegatedDecisionTaken,
    DelegationGranted,
    EndingStage,
    EndingStageReached,
    Event,
    JointBody,
    MotionResult,
    NamedVote,
    NoticeGiven,
    Outcome,
    Part,
    ResolutionPassed,
    ResolutionRef,
    Role,
    Tally,
    Vote,
    VotePosition,
)
from .._model.builders import common_fields
from .._model.draw import Gen
from .._model.world import Partnership
from .rejection import CITE, OUTSIDER, Rejection, one, task

# --------------------------------------------------------------------------- arrangements


def decoupled_again(g: Gen, p: Partnership, day: date) -> Rejection | None:
    done = [a for a in p.arrangements.values() if a.closed == "decoupled"]
    if not done:
        return None
    event = ArrangementDecoupled(
        partnership=p.partnership,
        effective=day,
        authorised_by=CITE,
        arrangement=g.pick(done).arrangement,
    )
    return one(event, errors.AlreadyDecoupled, "an arrangement is decoupled once")


def act_on_ended(g: Gen, p: Partnership, day: date) -> Rejection | None:
    ended = [a for a in p.arrangements.values() if a.closed == "ended" or a.ended_by_notice(day)]
    if not ended:
        return None
    arrangement = g.pick(ended).arrangement
    common = common_fields(p, day, CITE)
    options: list[Event] = [
        ArrangementEnded(**common, arrangement=arrangement),
        ArrangementDecoupled(**common, arrangement=arrangement),
        ArrangementVaried(**common, arrangement=arrangement, lead=sorted(p.members)[0]),
    ]
    return one(g.pick(options), errors.ArrangementClosed, "an ended arrangement cannot change")


def stage_on_ended(g: Gen, p: Partnership, day: date) -> Rejection | None:
    ended = [a for a in p.arrangements.values() if a.closed == "ended" or a.ended_by_notice(day)]
    if not ended:
        return None
    event = EndingStageReached(
        **common_fields(p, day, CITE),
        arrangement=g.pick(ended).arrangement,
        stage=g.pick(list(EndingStage)),
    )
    return one(event, errors.ArrangementClosed, "an ended arrangement has no further stages")


def notice_twice(g: Gen, p: Partnership, day: date) -> Rejection | None:
    noticed = [a for a in p.open_arrangements(day) if a.notice_ends is not None]
    if not noticed:
        return None
    arrangement = g.pick(noticed)
    assert arrangement.notice_ends is not None
    event = NoticeGiven(
        partnership=p.partnership,
        effective=day,
        authorised_by=CITE,
        arrangement=arrangement.arrangement,
        given_by=sorted(p.members)[0],
        notice_ends=arrangement.notice_ends + timedelta(days=30),
    )
    return one(event, errors.InvalidTransition, "notice is given once")


def remove_every_service(g: Gen, p: Partnership, day: date) -> Rejection | None:
    open_ = p.open_arrangements(day)
    if not open_:
        return None
    arrangement = g.pick(open_)
    event = ArrangementVaried(
        partnership=p.partnership,
        effective=day,
        authorised_by=CITE,
        arrangement=arrangement.arrangement,
        services_removed=tuple(arrangement.services),
    )
    return one(event, errors.InvalidTransition, "removing every service is a decoupling")


def back_dated_decoupling(g: Gen, p: Partnership, day: date) -> Rejection | None:
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
        authorised_by=CITE,
        arrangement=arrangement.arrangement,
    )
    return one(
        event, errors.AlreadyDecoupled, "a back-dated decoupling cannot orphan later changes"
    )


# --------------------------------------------------------------------------- bodies


def disbanded_body(g: Gen, p: Partnership, day: date) -> Rejection | None:
    gone = [b for b in p.bodies.values() if b.disbanded is not None]
    if not gone:
        return None
    body = g.pick(gone).body
    if g.chance(50):
        event: Event = BodyDisbanded(
            partnership=p.partnership, effective=day, authorised_by=CITE, body=body
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
    return one(event, errors.BodyDisbandedError, "a disbanded body decides nothing")


def back_dated_disbandment(g: Gen, p: Partnership, day: date) -> Rejection | None:
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
        authorised_by=CITE,
        body=body.body,
    )
    return one(event, errors.BodyDisbandedError, "a back-dated disbandment cannot orphan decisions")


def outsider_constituent(g: Gen, p: Partnership, day: date) -> Rejection:
    event = BodyEstablished(
        partnership=p.partnership,
        effective=day,
        authorised_by=CITE,
        body="a-body-never-used",
        name="Joint Committee",
        kind=BodyKind.JOINT_COMMITTEE,
        constituents=(sorted(p.members)[0], OUTSIDER),
    )
    return one(event, errors.NotAMember, "a joint body's constituents are members")


# --------------------------------------------------------------------------- decisions


def vote_contradicts(g: Gen, p: Partnership, day: date) -> Rejection:
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
    return one(event, errors.VoteContradictsOutcome, "the vote supports the outcome")


def cite_unresolved(g: Gen, p: Partnership, day: date) -> Rejection | None:
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
    unrecorded = [  # nested in a part whose outcome is not recorded, whatever its own
        ResolutionRef(resolution=r.resolution, part=path)
        for r in p.resolutions.values()
        for path in r.parts
        if any(r.parts.get(path[:n]) is Outcome.NOT_RECORDED for n in range(1, len(path)))
    ]
    ref = g.pick(unrecorded) if unrecorded and g.chance(50) else g.pick(refs)
    return one(task(p, day, (ref,)), errors.InvalidAuthority, "only a resolved part authorises")


def cite_in_principle(g: Gen, p: Partnership, day: date) -> Rejection | None:
    if not p.in_principle:
        return None
    ref = g.pick(p.in_principle)
    return one(task(p, day, (ref,)), errors.InvalidAuthority, "in principle authorises nothing")


def stated_result_contradicts(g: Gen, p: Partnership, day: date) -> Rejection:
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
    return one(event, errors.VoteContradictsOutcome, "the stated result supports the outcome")


def cite_before_decided(g: Gen, p: Partnership, day: date) -> Rejection | None:
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
    return one(task(p, when, (ref,)), errors.InvalidAuthority, "a change follows its decision")


def not_a_delegate(g: Gen, p: Partnership, day: date) -> Rejection | None:
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
    return one(event, errors.DelegationNotInForce, "only a delegate exercises a delegation")


def delegation_gone(g: Gen, p: Partnership, day: date) -> Rejection | None:
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
    return one(event, errors.DelegationNotInForce, "a delegation is used while in force")


def expires_before_granted(g: Gen, p: Partnership, day: date) -> Rejection:
    event = DelegationGranted(
        partnership=p.partnership,
        effective=day,
        authorised_by=CITE,
        delegation="a-delegation-never-used",
        delegates=(Role(title="Chief Executive"),),
        scope="urgent matters",
        expires=day - timedelta(days=g.number(1, 30)),
    )
    return one(event, errors.InvalidTransition, "a delegation expires after it is granted")


def condition_again(g: Gen, p: Partnership, day: date) -> Rejection | None:
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
    return one(event, error, "a declared condition is settled once")


def call_in_refused(g: Gen, p: Partnership, day: date) -> Rejection | None:
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
    return one(g.pick(options), errors.InvalidTransition, "call-in follows its window")


def complete_twice(g: Gen, p: Partnership, day: date) -> Rejection | None:
    done = [
        a
        for a, completed in p.actions.items()
        if completed and not g.world.locked(p.partnership, "action", a)
    ]
    if not done:
        return None
    event = ActionCompleted(partnership=p.partnership, effective=day, action=g.pick(done))
    return one(event, errors.InvalidTransition, "an action is completed once")
