"""Decisions drawn against a world: resolutions and their parts, adoption of
recommendations and call-ins (per-member decisions are in :mod:`.members`).
"""

from __future__ import annotations

from datetime import date, timedelta

import attrs

from ...events import (
    Authority,
    BodyKind,
    CallInDetermined,
    CallInExemption,
    CallInOutcome,
    CallInRequested,
    CallInStatus,
    Condition,
    ConditionKind,
    ConditionSatisfied,
    CouncilBody,
    DateSpec,
    DecisionMaker,
    Event,
    Exemption,
    Individual,
    JointBody,
    MeetingStatus,
    MotionKind,
    Outcome,
    Part,
    Period,
    ResolutionPassed,
    ResolutionRef,
    Source,
    Vote,
    certain_from,
)
from .. import _vocabulary as words
from .builders import changes_on
from .draw import Gen, Step, add, carried_vote, part_votes, respelt
from .world import CallIn, Citable, Partnership, Path, Recommendation, Resolution

# --------------------------------------------------------------------------- resolutions


def _maker(g: Gen, p: Partnership, day: date) -> DecisionMaker:
    council = g.pick(sorted(p.members))
    bodies = [b for b in p.active_bodies(day) if b.kind is not BodyKind.WORKING_GROUP]
    choice = g.pick(("joint", "cabinet", "council", "leader"))
    if choice == "council":
        return CouncilBody(council=council, name="Council", kind=BodyKind.FULL_COUNCIL)
    if choice == "joint" and bodies:
        return JointBody(body=g.pick(bodies).body)
    if choice == "leader":
        return Individual(role="Leader of the Council", council=council, power="urgency powers")
    name = g.pick(("Cabinet", "Executive"))
    return CouncilBody(council=council, name=name, kind=BodyKind.EXECUTIVE)


def condition_for(g: Gen, p: Partnership, maker: DecisionMaker) -> Condition:
    kind = g.pick(list(ConditionKind))
    own = maker.council if isinstance(maker, CouncilBody | Individual) else None
    partners = sorted(c for c in p.members if c != own)
    if kind is ConditionKind.MEMBER_APPROVAL and partners:
        council = g.pick(partners)
        body = g.pick(("Cabinet", "Executive", "Council"))
        return Condition(
            id=_condition_id(g, p, f"{council}-{body.lower()}-approval"),
            description=f"subject to similar approval by {council.upper()} {body}",
            kind=kind,
            council=council,
            body=body,
            due=p.day + timedelta(days=g.number(7, 90)) if g.chance(50) else None,
        )
    text = {
        ConditionKind.AGREEMENT_CONCLUDED: ("suitable-agreements", "the conclusion of suitable "),
        ConditionKind.BUSINESS_CASE: ("business-case", "a satisfactory business case"),
        ConditionKind.NO_MATERIAL_CHANGE: ("no-material-change", "no material change"),
    }.get(kind, ("consultation", "the outcome of staff consultation"))
    description = f"subject to {text[1]}"
    if kind is ConditionKind.AGREEMENT_CONCLUDED:
        description += "agreements"
    return Condition(id=_condition_id(g, p, text[0]), description=description, kind=kind)


def _condition_id(g: Gen, p: Partnership, stem: str) -> str:
    """A condition id no partnership of the world uses for anything: a change may cite a
    decision of another partnership, and a condition id must then name one condition in
    both (the rules refuse a clash either way).

    Every number of *stem* below the highest another partnership has reached is taken
    there, so it is walked past (and kept as used here, as the id-by-id walk did)."""
    registry = g.world.registry
    while True:
        p.ids.skip_to(stem, registry.next_elsewhere(p.partnership, stem))
        candidate = p.unique(stem)
        if not registry.used_elsewhere(p.partnership, candidate):
            return candidate


_OUTCOMES = (
    Outcome.RESOLVED,
    Outcome.RESOLVED,
    Outcome.RESOLVED,
    Outcome.RECOMMENDED,
    Outcome.RECOMMENDED,
    Outcome.NOTED,
    Outcome.LOST,
    Outcome.WITHDRAWN,
    Outcome.DEFERRED,
    Outcome.NOT_RECORDED,
)


def _recommend_to(g: Gen, p: Partnership, maker: DecisionMaker) -> tuple[CouncilBody, ...]:
    """One body a part is recommended to, or (a joint recommendation) several councils'."""
    councils = sorted(p.members)
    if len(councils) > 1 and g.chance(60):
        councils = g.some(councils, 2, len(councils))
    else:
        councils = [g.pick(councils)]
    bodies: list[CouncilBody] = []
    for council in councils:
        target = CouncilBody(council=council, name="Council", kind=BodyKind.FULL_COUNCIL)
        if target == maker:
            target = CouncilBody(council=council, name="Cabinet", kind=BodyKind.EXECUTIVE)
        bodies.append(target)
    return tuple(bodies)


#: The labels nested parts take at each depth, and the chance (in %) that a part at a
#: depth has nested parts at all: nesting goes as deep as records print it.
_CHILD_LABELS: dict[int, tuple[str, ...]] = {
    1: ("a", "b", "c"),
    2: ("i", "ii", "iii"),
    3: ("A", "B", "C"),
}
_NESTING = {1: 30, 2: 25, 3: 20}
_NESTS = (Outcome.RESOLVED, Outcome.NOTED, Outcome.RECOMMENDED, Outcome.NOT_RECORDED)
_MORE_NESTING = {Outcome.RECOMMENDED: 15, Outcome.NOT_RECORDED: 30}


def _label(g: Gen, number: str, section: int | None = None) -> str:
    """A part's label as a record might print it: "2", "(2)", "2.", "a)", or in a
    report's numbering "2.3" and "2.2 (a)"."""
    if section is not None:
        return f"{section}.{number}" + (" (a)" if g.chance(30) else "")
    style = g.pick(("plain", "plain", "plain", "brackets", "stop", "close"))
    if style == "brackets":
        return f"({number})"
    if style == "stop":
        return f"{number}."
    if style == "close":
        return f"{number})"
    return number


@attrs.define(eq=False)
class PartDraft:
    """What the resolution step learns while drawing parts."""

    resolved: list[tuple[Path, bool]] = attrs.Factory(list)  # (path, conditional)
    recommended: list[tuple[Path, CouncilBody]] = attrs.Factory(list)
    #: Parts at or under a recommended part: changes citing them are proposed changes.
    proposing: list[Path] = attrs.Factory(list)
    outcomes: dict[Path, Outcome] = attrs.Factory(dict)
    conditions: list[str] = attrs.Factory(list)
    in_principle: list[Path] = attrs.Factory(list)


def _part(
    g: Gen,
    p: Partnership,
    maker: DecisionMaker,
    summary: str,
    path: Path,
    draft: PartDraft,
    *,
    bound: bool,
    recommended: bool = False,
    unrecorded: bool = False,
) -> Part:
    outcome = g.pick(_OUTCOMES)
    if recommended and outcome is Outcome.RECOMMENDED and g.chance(70):
        outcome = Outcome.RESOLVED  # nested in a recommendation: recommended with it
    if unrecorded:  # nested in a part whose outcome is not recorded: left at the default
        outcome = g.pick((Outcome.RESOLVED, Outcome.NOT_RECORDED))
    conditions: tuple[Condition, ...] = ()
    conditional = {Outcome.RESOLVED: 30, Outcome.RECOMMENDED: 45}.get(outcome, 0)
    if not unrecorded and g.chance(conditional):
        conditions = tuple(condition_for(g, p, maker) for _ in range(g.number(1, 2)))
        draft.conditions.extend(c.id for c in conditions)
    children: tuple[Part, ...] = ()
    nesting = _NESTING.get(len(path), 0) + _MORE_NESTING.get(outcome, 0)
    if outcome in _NESTS and len(path) in _CHILD_LABELS and g.chance(nesting):
        children = tuple(
            _part(
                g,
                p,
                maker,
                g.pick((summary, *words.OTHER_SUMMARIES)),
                (*path, _label(g, label)),
                draft,
                bound=bound or bool(conditions),
                recommended=recommended or outcome is Outcome.RECOMMENDED,
                unrecorded=unrecorded or outcome is Outcome.NOT_RECORDED,
            )
            for label in _CHILD_LABELS[len(path)][: g.number(1, 3)]
        )
    in_principle = (
        outcome is Outcome.RESOLVED
        and len(path) == 1
        and not conditions
        and not children
        and g.chance(10)
    )
    recommended_to: tuple[CouncilBody, ...] = ()
    if in_principle:
        draft.in_principle.append(path)
        summary = f"agree in principle to {summary}"
    elif outcome is Outcome.RECOMMENDED:
        recommended_to = _recommend_to(g, p, maker)
        draft.recommended.extend((path, body) for body in recommended_to)
        draft.proposing.append(path)
        to = " and ".join(str(body) for body in recommended_to)
        summary = f"recommend to {to} that it {summary}"
    elif outcome is Outcome.RESOLVED and not unrecorded:  # under an unrecorded part: uncitable
        if recommended:
            draft.proposing.append(path)
        else:
            draft.resolved.append((path, bound or bool(conditions)))
    elif outcome is not Outcome.RESOLVED:
        summary = g.pick(words.OTHER_SUMMARIES)
    draft.outcomes[path] = outcome
    return Part(
        number=path[-1],
        summary=summary,
        outcome=outcome,
        votes=part_votes(g, outcome),
        conditions=conditions,
        recommended_to=recommended_to,
        parts=children,
        in_principle=in_principle,
    )


def _parts(
    g: Gen, p: Partnership, maker: DecisionMaker, summary: str, draft: PartDraft
) -> tuple[Part, ...]:
    count = g.number(1, 3)
    section = g.number(2, 9) if g.chance(20) else None  # a report's numbering: 2.1, 2.2 ...
    return tuple(
        _part(g, p, maker, summary, (_label(g, str(n), section),), draft, bound=False)
        for n in range(1, count + 1)
    )


def resolution_id(p: Partnership, maker: DecisionMaker, day: date) -> str:
    match maker:
        case CouncilBody():
            stem = f"{maker.council}-{maker.name.lower()}"
        case JointBody():
            stem = maker.body
        case Individual():
            stem = f"{maker.council or p.partnership}-leader-urgent"
    return p.unique(f"{stem}-{day.isoformat()}")


def remember(
    p: Partnership,
    event: ResolutionPassed,
    draft: PartDraft,
    decided: date,
) -> None:
    p.resolutions[event.resolution] = Resolution(
        resolution=event.resolution,
        maker=event.decided_by,
        decided=decided,
        effective=certain_from(event.effective),
        parts=dict(draft.outcomes),
        call_in_deadline=event.call_in_deadline,
        open_window=event.call_in is CallInStatus.SUBJECT and event.call_in_deadline is None,
    )
    whole = len(event.parts) == 1 and event.parts[0].outcome is Outcome.RESOLVED
    for path, conditional in draft.resolved:
        refs = [ResolutionRef(resolution=event.resolution, part=path)]
        if whole and path == (event.parts[0].number,):
            refs.append(ResolutionRef(resolution=event.resolution))  # cited without a part
        for ref in refs:
            p.add_citable(
                Citable(ref=ref, decided=decided, conditional=conditional), event.decided_by
            )
    for path, to in draft.recommended:
        p.recommendations.append(
            Recommendation(ref=ResolutionRef(resolution=event.resolution, part=path), to=to)
        )
    for path in draft.proposing:  # changes a recommendation proposes: they wait for adoption
        ref = ResolutionRef(resolution=event.resolution, part=path)
        p.add_citable(Citable(ref=ref, decided=decided, conditional=True), event.decided_by)
    for path in draft.in_principle:
        p.in_principle.append(ResolutionRef(resolution=event.resolution, part=path))
    for condition in draft.conditions:
        p.conditions[condition] = "open"
    if isinstance(event.decided_by, JointBody):
        p.bodies[event.decided_by.body].decisions.append(certain_from(event.effective))


def resolve(g: Gen, p: Partnership) -> Step:
    """A body (or the Leader, urgently) decides an item in numbered parts."""
    decided = g.after(p.day)
    maker = _maker(g, p, decided)
    title, summary = g.pick(words.TOPICS)
    draft = PartDraft()
    parts = _parts(g, p, maker, summary, draft)
    early: date | None = None  # a condition met before the decision was even taken
    if draft.conditions and (decided - p.day).days >= 2 and g.chance(40):
        early = p.day + timedelta(days=g.number(1, (decided - p.day).days - 1))
    executive = isinstance(maker, CouncilBody) and maker.kind is BodyKind.EXECUTIVE
    call_in = executive and g.chance(50)
    deadline: date | None = None
    requested: date | None = None
    effective = decided
    if call_in:
        deadline = decided + timedelta(days=g.number(3, 8))
        if g.chance(60):
            requested = decided + timedelta(days=g.number(1, (deadline - decided).days))
        effective = deadline + timedelta(days=g.number(1, 3))
    elif not isinstance(maker, JointBody) and g.chance(15):
        effective = decided + timedelta(days=g.number(1, 45))  # "as from" a later date
    if effective > g.world.end:
        effective = decided
        deadline = requested = None
    p.day = effective
    stated: DateSpec | None = decided
    if not call_in and effective == decided and g.chance(10):
        stated = None  # the page gives no date
    exempt = g.chance(15)
    status, exemption, call_in_words = _call_in_status(g, maker, deadline)
    undated = stated is None and g.chance(50)
    event = ResolutionPassed(
        partnership=p.partnership,
        effective=effective,
        resolution=resolution_id(p, maker, decided),
        decided_by=maker,
        decided=stated,
        item=str(g.number(3, 140)),
        title=title,
        parts=parts,
        published=decided + timedelta(days=g.number(0, 3)) if g.chance(50) else None,
        call_in_deadline=deadline,
        votes=_exclusion_vote() if exempt else (),
        key_decision=g.chance(30),
        urgent=isinstance(maker, Individual),
        exempt=Exemption(paragraphs=(3,), applies_to="annex only") if exempt else None,
        source=Source(document=f"Minutes, {words.long_date(decided)}") if g.chance(30) else None,
        meeting_status=(
            g.pick([s for s in MeetingStatus if s is not MeetingStatus.HELD])
            if g.chance(25 if g.world.corrections else 8)  # corrected later, perhaps
            else MeetingStatus.HELD
        ),
        call_in=status,
        call_in_exemption=exemption,
        call_in_words=call_in_words,
        urgency="the Leader's urgency powers" if isinstance(maker, Individual) else None,
    )
    if undated:  # the page gives no date at all: an open period from the day before
        event = attrs.evolve(
            event, effective=Period(earliest=effective, latest=None, words="date not stated")
        )
    remember(p, event, draft, decided)
    unconditional = [path for path, conditional in draft.resolved if not conditional]
    step = Step(append=[event])
    if requested is not None:
        step.append.append(
            CallInRequested(
                partnership=p.partnership,
                effective=requested,
                resolution=event.resolution,
                requested_by=g.pick(words.CALL_IN_REQUESTERS),
                reason="concerns about the financial case" if g.chance(50) else None,
            )
        )
        scrutiny = CallIn(resolution=event.resolution, requested=requested)
        p.call_ins[event.resolution] = scrutiny
        if g.chance(50):  # scrutiny meets soon after the window closes
            scrutiny.determined = True
            determined = g.after(p.day, 21)
            p.day = determined
            outcome = g.pick(list(CallInOutcome))
            add(g, step, determination(p, event.resolution, determined, outcome))
    if early is not None:
        condition = g.pick(draft.conditions)
        p.conditions[condition] = "satisfied"
        satisfied = ConditionSatisfied(
            partnership=p.partnership,
            effective=early,
            condition=condition,
            evidence=f"met on {words.long_date(early)}, before this decision was taken",
        )
        add(g, step, satisfied)
    if draft.proposing and g.chance(40):  # a change it proposes, cited at any depth
        path = max(g.some(draft.proposing, 1, 2), key=len)
        step.append.extend(_change(g, p, ResolutionRef(resolution=event.resolution, part=path)))
    elif not event.meeting_status.can_decide and unconditional and g.chance(60):
        # acted on though the meeting could not decide (a later correction may save it)
        ref = ResolutionRef(resolution=event.resolution, part=g.pick(unconditional))
        step.append.extend(_change(g, p, ref))
    return step


def _call_in_status(
    g: Gen, maker: DecisionMaker, deadline: date | None
) -> tuple[CallInStatus, CallInExemption | None, str | None]:
    """The call-in status the record states: with a deadline, urgent, or as it happens."""
    if deadline is not None:
        return CallInStatus.SUBJECT, None, "five working days after publication"
    if isinstance(maker, Individual):
        return CallInStatus.NOT_SUBJECT, CallInExemption.URGENT, None
    if isinstance(maker, CouncilBody) and maker.kind is BodyKind.FULL_COUNCIL and g.chance(40):
        return CallInStatus.NOT_SUBJECT, CallInExemption.NON_EXECUTIVE, "a Council decision"
    if g.chance(10):
        return CallInStatus.NOT_SUBJECT, CallInExemption.CONSTITUTION, None
    if g.chance(10):
        return CallInStatus.SUBJECT, None, "subject to call-in; the window is not stated"
    return CallInStatus.NOT_STATED, None, None


def finalise(g: Gen, p: Partnership) -> Step:
    """A later decision makes final what was agreed in principle."""
    agreed = g.pick(p.in_principle)
    p.in_principle.remove(agreed)
    decided = g.after(p.day)
    p.day = decided
    maker = CouncilBody(
        council=g.pick(sorted(p.members)), name="Council", kind=BodyKind.FULL_COUNCIL
    )
    draft = PartDraft()
    draft.resolved.append((("1",), False))
    draft.outcomes[("1",)] = Outcome.RESOLVED
    title, _ = g.pick(words.TOPICS)
    event = ResolutionPassed(
        partnership=p.partnership,
        effective=decided,
        resolution=resolution_id(p, maker, decided),
        decided_by=maker,
        decided=decided,
        item=str(g.number(3, 140)),
        title=title,
        parts=(
            Part(
                number="1",
                summary="make final the decision agreed in principle",
                finalises=agreed,
                votes=(carried_vote(g),) if g.chance(40) else (),
            ),
        ),
    )
    remember(p, event, draft, decided)
    return Step(append=[event])


def _exclusion_vote() -> tuple[Vote, ...]:
    return (
        Vote(
            motion=MotionKind.PROCEDURAL,
            description="to exclude the press and public (Schedule 12A, paragraph 3)",
            unanimous=True,
        ),
    )


def adopt(g: Gen, p: Partnership) -> Step:
    """The body a recommendation went to adopts it (perhaps as amended); often, when it
    went to several bodies, the others follow, each on its own day."""
    candidates = [r for r in p.recommendations if r.to.council in p.members]
    joint = [r for r in candidates if any(o.ref == r.ref and o is not r for o in candidates)]
    first = g.pick(joint) if joint and g.chance(60) else g.pick(candidates)
    others = [r for r in candidates if r.ref == first.ref and r is not first]
    step = Step()
    for recommendation in [first, *(others if g.chance(80) else ())]:
        if recommendation not in p.recommendations or recommendation.to.council not in p.members:
            continue  # the council has left since (a change in between withdrew it)
        p.recommendations.remove(recommendation)
        event = _adoption(g, p, recommendation)
        step.append.append(event)
        if g.chance(60):  # the change the adoption authorises (waiting for other adopters)
            ref = ResolutionRef(resolution=event.resolution, part=("1",))
            step.append.extend(_change(g, p, ref))
    return step


def _adoption(g: Gen, p: Partnership, recommendation: Recommendation) -> ResolutionPassed:
    decided = g.after(p.day)
    p.day = decided
    draft = PartDraft()
    amended = g.chance(30)
    adopting = Part(
        number="1",
        summary="adopt the recommendation" + (" as amended" if amended else ""),
        adopts=respelt(g, _adopted(g, p, recommendation)),
        votes=(carried_vote(g),) if g.chance(40) else (),
    )
    draft.resolved.append((("1",), False))
    draft.outcomes[("1",)] = Outcome.RESOLVED
    extra = (
        (Part(number="2", summary=g.pick(words.OTHER_SUMMARIES), outcome=Outcome.NOTED),)
        if g.chance(30)
        else ()
    )
    if extra:
        draft.outcomes[("2",)] = Outcome.NOTED
    title, _ = g.pick(words.TOPICS)
    event = ResolutionPassed(
        partnership=p.partnership,
        effective=decided,
        resolution=resolution_id(p, recommendation.to, decided),
        decided_by=recommendation.to,
        decided=decided,
        item=str(g.number(3, 140)),
        title=title,
        parts=(adopting, *extra),
        meeting_status=MeetingStatus.INQUORATE if g.chance(5) else MeetingStatus.HELD,
    )
    remember(p, event, draft, decided)
    return event


def _change(g: Gen, p: Partnership, ref: ResolutionRef) -> list[Event]:
    """A change citing *ref* (spelt as printed or otherwise), if one can take effect."""
    when, day = g.when(p, periods=False)
    kinds = changes_on(p, day)
    if not kinds:
        return []
    auth: tuple[Authority, ...] = (respelt(g, ref),)
    return [g.pick(kinds)(g, p, when, day, auth)]


def _adopted(g: Gen, p: Partnership, recommendation: Recommendation) -> ResolutionRef:
    """What an adoption names: the recommended part; or one part nested in it (the
    rest waits); or, when it is the decision's only part, the whole decision."""
    ref = recommendation.ref
    parts = p.resolutions[ref.resolution].parts
    depth = len(ref.part)
    nested = [
        path
        for path in parts
        if len(path) > depth
        and path[:depth] == ref.part
        and all(parts.get(path[:n]) is Outcome.RESOLVED for n in range(depth + 1, len(path) + 1))
    ]
    if nested and g.chance(25):
        return ResolutionRef(resolution=ref.resolution, part=g.pick(nested))
    if depth == 1 and sum(len(path) == 1 for path in parts) == 1 and g.chance(20):
        return ResolutionRef(resolution=ref.resolution)
    return ref


def determination(
    p: Partnership, resolution: str, day: date, outcome: CallInOutcome
) -> CallInDetermined:
    return CallInDetermined(
        partnership=p.partnership, effective=day, resolution=resolution, outcome=outcome
    )
