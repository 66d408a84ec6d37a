"""The steps that grow a world: wind-up, conditions, call-in determinations,
delegated exercises, dissolution and formation, and :func:`draw_step` choosing one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from hypothesis import strategies as st

from ...events import (
    ActionCompleted,
    ArrangementDecoupled,
    ArrangementEnded,
    ArrangementVaried,
    Authority,
    BodyDisbanded,
    BodyKind,
    CallInOutcome,
    ConditionLapsed,
    ConditionSatisfied,
    CouncilBody,
    DelegatedDecisionTaken,
    Event,
    JointBody,
    Mechanism,
    Member,
    NoticeGiven,
    Outcome,
    Part,
    PartnershipDissolved,
    PartnershipFormed,
    ResolutionPassed,
    ResolutionRef,
)
from .. import _vocabulary as words
from .builders import (
    Build,
    change_step,
    common_fields,
    establish_arrangement,
    establish_body,
    noticeable,
    share,
)
from .corrections import correct, correctable
from .decisions import (
    PartDraft,
    adopt,
    condition_for,
    determination,
    finalise,
    remember,
    resolution_id,
    resolve,
)
from .draw import Gen, Step, add, authority_for, citation, optional_authority
from .members import each_member
from .world import Citable, Partnership, World

# --------------------------------------------------------------------------- other steps


def _conditional_resolution(g: Gen, p: Partnership, summary: str) -> ResolutionPassed:
    """A member's Cabinet agrees *summary*, subject to one condition."""
    decided = g.after(p.day)
    p.day = decided
    maker = CouncilBody(council=g.pick(sorted(p.members)), name="Cabinet")
    condition = condition_for(g, p, maker)
    event = ResolutionPassed(
        partnership=p.partnership,
        effective=decided,
        resolution=resolution_id(p, maker, decided),
        decided_by=maker,
        decided=decided,
        item=str(g.number(3, 140)),
        title=g.pick(words.TOPICS)[0],
        parts=(Part(number="1", summary=summary, conditions=(condition,)),),
    )
    draft = PartDraft(conditions=[condition.id], outcomes={("1",): Outcome.RESOLVED})
    draft.resolved.append((("1",), True))
    remember(p, event, draft, decided)
    return event


def _overtaken(g: Gen, p: Partnership) -> Step:
    """A change agreed subject to a condition is overtaken: the arrangement closes first.

    When the condition is met afterwards, the waiting change must not revive it.
    """
    tomorrow = p.day + timedelta(days=1)
    arrangement = g.pick(noticeable(p, tomorrow))
    resolution = _conditional_resolution(g, p, "agree changes to the shared arrangement")
    step = Step(append=[resolution])
    day = g.after(p.day)
    p.day = day
    arrangement.touched.append(day)
    common = common_fields(p, day, (ResolutionRef(resolution=resolution.resolution, part=("1",)),))
    if g.chance(65):
        ends = day + timedelta(days=g.number(60, 400))
        arrangement.notice_ends = ends
        step.append.append(
            NoticeGiven(
                **common,
                arrangement=arrangement.arrangement,
                given_by=g.pick(sorted(p.members)),
                notice_ends=ends,
            )
        )
    else:
        mechanism = g.pick([m for m in Mechanism if m is not arrangement.mechanism])
        arrangement.mechanism = mechanism
        step.append.append(
            ArrangementVaried(**common, arrangement=arrangement.arrangement, mechanism=mechanism)
        )
    room = g.world.gap
    if arrangement.notice_ends is not None:  # close it before the notice runs out
        room = min(room, (arrangement.notice_ends - p.day).days)
    closed = g.after(p.day, room)
    p.day = closed
    arrangement.touched.append(closed)
    common = common_fields(p, closed, (citation(g, closed),))
    if g.chance(60):
        arrangement.closed, arrangement.services = "decoupled", []
        step.append.append(ArrangementDecoupled(**common, arrangement=arrangement.arrangement))
    else:
        arrangement.closed = "ended"
        step.append.append(ArrangementEnded(**common, arrangement=arrangement.arrangement))
    condition = resolution.parts[0].conditions[0].id
    if g.chance(80):
        met = g.after(p.day)
        p.day = met
        p.conditions[condition] = "satisfied"
        step.append.append(
            ConditionSatisfied(
                partnership=p.partnership,
                effective=met,
                condition=condition,
                evidence=g.pick(words.EVIDENCE),
            )
        )
    return step


def _wind_up(g: Gen, p: Partnership) -> Step:
    """A joint body takes its last decisions and is disbanded "as from" a later date."""
    tomorrow = p.day + timedelta(days=1)
    body = g.pick([b for b in p.active_bodies(tomorrow) if b.kind is not BodyKind.WORKING_GROUP])
    decided = g.after(p.day)
    p.day = decided
    maker = JointBody(body=body.body)
    draft = PartDraft(outcomes={("1",): Outcome.RESOLVED})
    draft.resolved.append((("1",), False))
    event = ResolutionPassed(
        partnership=p.partnership,
        effective=decided,
        resolution=resolution_id(p, maker, decided),
        decided_by=maker,
        decided=decided,
        item=str(g.number(3, 40)),
        title="Future of the committee",
        parts=(
            Part(number="1", summary="approve the final accounts and the handover of its work"),
        ),
    )
    remember(p, event, draft, decided)
    ends = g.after(p.day)
    p.day = ends
    body.disbanded = ends
    authority: tuple[Authority, ...] = (ResolutionRef(resolution=event.resolution, part=("1",)),)
    disbanded = BodyDisbanded(
        partnership=p.partnership,
        effective=ends,
        authorised_by=authority if g.chance(50) else (citation(g, ends),),
        body=body.body,
    )
    return Step(append=[event, disbanded])


def _settle_condition(g: Gen, p: Partnership) -> Step:
    """An open condition is met, or lapses."""
    condition = g.pick(sorted(c for c, status in p.conditions.items() if status == "open"))
    day = g.after(p.day)
    p.day = day
    if g.chance(75):
        p.conditions[condition] = "satisfied"
        event: Event = ConditionSatisfied(
            partnership=p.partnership,
            effective=day,
            condition=condition,
            evidence=g.pick(words.EVIDENCE),
            authorised_by=optional_authority(g, p, day),
        )
    else:
        p.conditions[condition] = "lapsed"
        event = ConditionLapsed(
            partnership=p.partnership,
            effective=day,
            condition=condition,
            reason=g.pick(words.LAPSE_REASONS),
        )
    step = Step()
    add(g, step, event)
    return step


def _determine_call_in(g: Gen, p: Partnership) -> Step:
    """Scrutiny determines a call-in: the decision stands, or it is referred back."""
    call_in = g.pick([c for c in p.call_ins.values() if not c.determined])
    call_in.determined = True
    day = g.after(p.day)
    p.day = day
    event = determination(p, call_in.resolution, day, g.pick(list(CallInOutcome)))
    step = Step()
    add(g, step, event)
    return step


def _exercise(g: Gen, p: Partnership) -> Step:
    """A delegate exercises a delegation in force: a decision that can itself be cited."""
    delegations = [d for d in p.delegations.values() if d.in_force_on(p.day + timedelta(days=1))]
    delegation = g.pick(delegations)
    limit = (delegation.expires - p.day).days if delegation.expires else g.world.gap
    day = g.after(p.day, max(1, min(limit, g.world.gap)))
    p.day = day
    delegation.exercised += 1
    decision = p.unique(f"{delegation.delegation}-decision")
    taken_by = g.pick(delegation.delegates)
    p.citable.append(Citable(ref=ResolutionRef(resolution=decision), decided=day))
    return Step(
        append=[
            DelegatedDecisionTaken(
                partnership=p.partnership,
                effective=day,
                decision=decision,
                delegation=delegation.delegation,
                taken_by=taken_by,
                summary="agreed the final terms within the delegated limits",
                decided=day,
                consulted=delegation.consultees,
            )
        ]
    )


def _complete(g: Gen, p: Partnership) -> Step:
    """An assigned action is done."""
    action = g.pick(sorted(a for a, done in p.actions.items() if not done))
    p.actions[action] = True
    when, _ = g.when(p)
    event = ActionCompleted(
        partnership=p.partnership,
        effective=when,
        action=action,
        evidence="reported to the Joint Committee" if g.chance(50) else None,
    )
    step = Step()
    add(g, step, event)
    return step


def _dissolve(g: Gen, p: Partnership) -> Step:
    """The partnership ends; nothing takes effect in it afterwards."""
    day = g.after(p.day)
    p.day = day
    p.dissolved = day
    return Step(append=[PartnershipDissolved(**common_fields(p, day, authority_for(g, p, day)))])


def _form(g: Gen) -> Step:
    """Two or more councils form a partnership."""
    world = g.world
    chosen = g.some(words.COUNCILS, 2, 3)
    existing = world.councils_in_partnerships(c for c, _, _ in words.COUNCILS)
    known = [c for c in words.COUNCILS if c[0] in existing]
    if known and g.chance(50):  # a council in two partnerships: one decision, both
        shared = g.pick(known)
        chosen = [shared, *(c for c in chosen if c[0] != shared[0])][:3]
    members = {council: name for council, name, _ in chosen}
    partnership = "-".join(sorted(members))
    number = 2
    while world.has(partnership):
        partnership, number = f"{'-'.join(sorted(members))}-{number}", number + 1
    third = max(1, (world.end - world.start).days // 3)
    day = world.start + timedelta(days=g.number(0, third))
    p = Partnership(partnership=partnership, formed=day, day=day, members=members)
    p.ids.update(members)
    world.add(p)
    names = " and ".join(short for _, _, short in chosen)
    step = Step(
        append=[
            PartnershipFormed(
                partnership=partnership,
                effective=day,
                authorised_by=(citation(g, day),),
                name=f"{names} shared services partnership",
                members=tuple(Member(council=c, name=n) for c, n in members.items()),
            )
        ]
    )
    founding: list[Build] = [establish_body, establish_arrangement, share]
    for build in founding:  # a joint committee, a first shared service, a cost split
        if g.chance(50):
            when, day = g.when(p, periods=False)
            step.append.append(build(g, p, when, day, (citation(g, day),)))
    return step


_StepFn = Callable[[Gen, Partnership], Step]


def _steps_for(world: World, p: Partnership) -> list[_StepFn]:
    tomorrow = p.day + timedelta(days=1)
    correcting = correctable(world, p) if world.corrections else []
    unable = any(not r.meeting_status.can_decide for _, r in correcting)
    options: list[tuple[bool, _StepFn]] = [
        ("open" in p.conditions.values(), _settle_condition),
        (any(r.to.council in p.members for r in p.recommendations), adopt),
        (any(r.to.council in p.members for r in p.recommendations), adopt),
        (bool(p.in_principle), finalise),
        (any(not c.determined for c in p.call_ins.values()), _determine_call_in),
        (any(d.in_force_on(tomorrow) for d in p.delegations.values()), _exercise),
        (not all(p.actions.values()), _complete),
        (bool(noticeable(p, tomorrow)), _overtaken),
        (bool(noticeable(p, tomorrow)), _overtaken),
        (any(b.kind is not BodyKind.WORKING_GROUP for b in p.active_bodies(tomorrow)), _wind_up),
        (True, change_step),
        (True, change_step),
        (True, change_step),
        (True, resolve),
        (True, each_member),
        (bool(correcting), correct),
        (unable, correct),  # a meeting that could not decide is often put right later
        (unable, correct),
        (p.steps >= 8, _dissolve),
    ]
    return [step for usable, step in options if usable]


def _active(world: World) -> list[Partnership]:
    room = timedelta(days=3 * world.gap + 60)
    return [
        p for p in world._partnerships.values() if p.dissolved is None and p.day + room < world.end
    ]


def draw_step(draw: st.DrawFn, world: World) -> Step | None:
    """Draw the next step of *world*, or ``None`` when no partnership has room for one."""
    g = Gen(draw, world)
    active = _active(world)
    if world.formed < world.max_partnerships and (not active or g.chance(25)):
        return _form(g)
    if not active:
        return None
    p = g.pick(active)
    step = g.pick(_steps_for(world, p))(g, p)
    p.steps += 1
    for event in step.hold:
        world.hold(event)
    return step
