"""The fold: the mutable engine behind :func:`state_as_of` and the domain rules."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from typing import TypeVar

import attrs

from .. import agreement as _agreement
from ..events import (
    ActionAssigned,
    ActionCompleted,
    ArrangementDecoupled,
    ArrangementEnded,
    ArrangementEstablished,
    ArrangementVaried,
    Authority,
    BodyDisbanded,
    BodyEstablished,
    BodyMemberAppointed,
    BodyMemberLeft,
    BodyRole,
    BodyTermsRevised,
    CallInDetermined,
    CallInOutcome,
    CallInRequested,
    Condition,
    ConditionKind,
    ConditionLapsed,
    ConditionSatisfied,
    CostShareAgreed,
    DecisionMaker,
    DelegatedDecisionTaken,
    DelegationGranted,
    DelegationRevoked,
    EndingStage,
    EndingStageReached,
    EntryRetracted,
    Event,
    MemberAdmitted,
    MemberSucceeded,
    MemberWithdrew,
    NoticeGiven,
    Outcome,
    Part,
    PartnershipDissolved,
    PartnershipFormed,
    Period,
    PostCreated,
    PostDeleted,
    PostHolderAppointed,
    PostRetitled,
    PostTermExtended,
    PostVacated,
    ResolutionPassed,
    ResolutionRef,
    StatutoryRoleDesignated,
    certain_from,
    earliest,
    is_change,
    path_key,
    role_key,
)
from ..partstate import PartsIndex
from ..recommendations import (
    PathKey,
    cited_path,
    prefixes,
    recommendation_of,
    ref_key,
    same_maker,
)
from ..wording import summarise
from .order import corrected, creates, order_key
from .settle import settle_arrangement, settle_post
from .state import (
    ActionState,
    ArrangementState,
    ArrangementStatus,
    Awaiting,
    BodyMembership,
    BodyState,
    Caveat,
    CostShare,
    DelegationState,
    Designation,
    EndingStep,
    Holding,
    InPrinciple,
    LapsedDecision,
    Membership,
    PartnershipState,
    PendingDecision,
    PostState,
    ResolutionState,
    ResolutionStatus,
    UncertainFact,
    UnrecordedOutcome,
    WaitingReason,
)

_T = TypeVar("_T")


@attrs.frozen
class _Verdict:
    """Whether a set of authorities is in force on a day."""

    in_force: bool
    reasons: tuple[WaitingReason, ...] = ()
    dead: str | None = None
    waits_on: frozenset[str] = frozenset()


def _combine(verdicts: Iterable[_Verdict]) -> _Verdict:
    """All of *verdicts* at once: dead if one is, waiting for every reason any waits for."""
    reasons: list[WaitingReason] = []
    keys: set[str] = set()
    for verdict in verdicts:
        if verdict.dead is not None:
            return verdict
        for reason in verdict.reasons:
            if reason not in reasons:
                reasons.append(reason)
        keys |= verdict.waits_on
    if reasons:
        return _Verdict(in_force=False, reasons=tuple(reasons), waits_on=frozenset(keys))
    return _Verdict(in_force=True)


def _no_valid_meeting(resolution: ResolutionPassed) -> str:
    status = resolution.meeting_status.value.replace("_", " ")
    return (
        f"decision {resolution.resolution!r} was taken at a meeting recorded as {status}, "
        "so it authorises nothing"
    )


@attrs.frozen
class _Waiting:
    event: Event
    since: date
    reasons: tuple[WaitingReason, ...]
    waits_on: frozenset[str]


class Fold:
    """The mutable engine behind :func:`state_as_of` and the domain rules.

    Feed it events in (effective date, position) order with :meth:`feed`. With
    ``honour_authority=False`` every change takes effect on its effective date
    regardless of conditions or call-in: that is the *recorded* world the rules check
    against. With ``True`` (the default) changes wait for their authority, as above.

    :meth:`feed` is the only mutator; it returns the events that took effect. Others
    (the rules, :mod:`govledger.changes`, :mod:`govledger.agreement`) read a fold only
    through this documented, stable surface, and never write to it:

    - ``partnership``, ``honour_authority``, ``fed`` (how many events were fed) and
      ``day`` (the latest effective day folded);
    - ``name``, ``formed`` and ``dissolved`` of the partnership;
    - by identifier: ``members`` and ``former_members`` (council -> :class:`Membership`),
      ``bodies``, ``arrangements``, ``posts``, ``delegations``, ``cost_shares``,
      ``actions``, ``designations`` (keyed by (council, role)), ``resolutions`` (the
      events), ``resolution_state`` and ``delegated_decisions``;
    - call-in and conditions: ``call_ins`` (resolution -> requested on),
      ``call_in_outcomes``, ``condition_owner`` (condition -> resolution),
      ``conditions_satisfied`` and ``conditions_lapsed`` (condition -> day);
    - :meth:`copy`, :meth:`state`, :meth:`authority`, :meth:`ref_verdict`,
      :meth:`mirrors_of` and :meth:`evidence_for`.

    Every other attribute is the fold's own bookkeeping, free to change (though all
    of them are what a checkpoint holds: see :mod:`govledger.snapshots`).
    """

    def __init__(self, partnership: str, *, honour_authority: bool = True) -> None:
        self.partnership = partnership
        self.honour_authority = honour_authority
        self.day = date.min
        self.name: str | None = None
        self.formed: date | None = None
        self.dissolved: date | None = None
        self.members: dict[str, Membership] = {}
        self.former_members: dict[str, Membership] = {}
        self.bodies: dict[str, BodyState] = {}
        self.arrangements: dict[str, ArrangementState] = {}
        self.posts: dict[str, PostState] = {}
        self.designations: dict[tuple[str, str], Designation] = {}
        self.delegations: dict[str, DelegationState] = {}
        self.cost_shares: dict[str, CostShare] = {}
        self.actions: dict[str, ActionState] = {}
        self.resolutions: dict[str, ResolutionPassed] = {}
        #: Resolutions with a part that may wait: one recommended, or one with conditions.
        self.conditional_or_recommended: set[str] = set()
        self.resolution_state: dict[str, ResolutionState] = {}
        self.delegated_decisions: dict[str, DelegatedDecisionTaken] = {}
        self.call_ins: dict[str, date] = {}
        self.call_in_outcomes: dict[str, tuple[CallInOutcome, date]] = {}
        self.condition_owner: dict[str, str] = {}
        self.conditions_satisfied: dict[str, date] = {}
        self.conditions_lapsed: dict[str, date] = {}
        self.adopted: dict[ResolutionRef, ResolutionRef] = {}
        #: Every adoption of a recommended part: the adopting part and who adopted it.
        self.adoptions: dict[PathKey, tuple[tuple[ResolutionRef, DecisionMaker], ...]] = {}
        #: Resolutions with a part whose outcome the record does not give.
        self.unrecorded: set[str] = set()
        #: Parts agreed in principle, by reference, and the parts that made them final.
        self.in_principle: dict[ResolutionRef, InPrinciple] = {}
        #: Events dated by an open period (no upper bound): "date not stated".
        self.undated: list[Event] = []
        #: While a fact dated by a period is folded on the day of earlier evidence for
        #: it (see :meth:`feed`), that day; else ``None``.
        self.stamping: date | None = None
        self.waiting: dict[int, _Waiting] = {}
        self.waiters: dict[str, set[int]] = {}
        self.lapsed: list[LapsedDecision] = []
        #: Parts mirrored by other councils' parts: resolution -> ((path, mirroring part), ...).
        self.mirrored: dict[str, tuple[tuple[tuple[str, ...], ResolutionRef], ...]] = {}
        #: Changes in force with some council's agreement declared off the record.
        self.caveats: list[Caveat] = []
        self._next_wait = 0
        #: How many events have been fed in.
        self.fed = 0
        #: The events that took effect during the current :meth:`feed` (empty between).
        self._took: list[Event] = []

    def copy(self) -> Fold:
        """An independent copy to feed on: cheap, as only the containers are copied.

        Everything a fold holds is frozen (events and state values) except its own
        containers, which are copied: feeding the copy never changes this fold. A
        subclass that adds mutable attributes of another shape must extend this.
        """
        other = object.__new__(type(self))
        copied = vars(other)
        for name, value in vars(self).items():
            if isinstance(value, dict):
                value = dict(value)
            elif isinstance(value, list | set):
                value = type(value)(value)
            copied[name] = value
        copied["waiters"] = {key: set(numbers) for key, numbers in self.waiters.items()}
        return other

    # ---------------------------------------------------------------- feeding

    def feed(self, event: Event) -> list[Event]:
        """Fold one event in, on its effective date, and return what took effect.

        The result lists, in the order they took effect, *event* itself if it did and
        every waiting change it released (a condition satisfied, a post created, ...).
        It is empty when *event* waits for its authority or lapses. Feeding is the only
        way a fold changes: an observer (such as :mod:`govledger.changes`) reads the
        result instead of extending the fold.

        A retraction is not a fact about the partnership: it is ignored here, and
        :func:`corrected` applies it to the history before folding.
        """
        if isinstance(event, EntryRetracted):
            return []
        self.fed += 1
        day = certain_from(event.effective)
        if isinstance(event.effective, Period) and event.effective.latest is None:
            self.undated.append(event)
        evidence = self.evidence_for(event)
        if evidence is None:
            self.day = max(self.day, day)
            self._take(event)
            return self._took_effect()
        # a fact known only "by" a date, with changes dated inside its period already
        # waiting for it: it holds from the earliest of them, and so do they
        after = max(self.day, day)
        self.day, self.stamping = evidence, evidence
        try:
            self._take(event)
        finally:
            self.day, self.stamping = after, None
        return self._took_effect()

    def _took_effect(self) -> list[Event]:
        took, self._took = self._took, []
        return took

    def _take(self, event: Event) -> None:
        if is_change(event):
            self._change(event)
        else:
            self._apply(event)

    def evidence_for(self, event: Event) -> date | None:
        """The earliest day a change waiting for what *event* creates was dated, when that
        day lies inside *event*'s period and before the period's end; else ``None``."""
        if not isinstance(event.effective, Period) or not self.waiters:
            return None
        key = creates(event)
        numbers = self.waiters.get(key) if key is not None else None
        if not numbers:
            return None
        days = [
            self.waiting[n].since
            for n in numbers
            if n in self.waiting and event.effective.contains(self.waiting[n].since)
        ]
        first = min(days, default=None)
        return first if first is not None and first < certain_from(event.effective) else None

    def _change(self, event: Event) -> None:
        if not self.honour_authority:  # the recorded world: only what it acts on must exist
            missing = self._target_ready(event)
            if missing is None:
                self._apply(event)
            else:
                reason = WaitingReason(kind=Awaiting.PRECONDITION, detail=missing[1])
                self._wait(event, (reason,), frozenset({missing[0]}))
            return
        verdict = self.authority(event.authorised_by)  # type: ignore[union-attr]
        if verdict.dead is not None:
            self.lapsed.append(
                LapsedDecision(
                    description=summarise(event), reason=verdict.dead, on=self.day, event=event
                )
            )
        elif not verdict.in_force:
            self._wait(event, verdict.reasons, verdict.waits_on)
        else:
            missing = self._target_ready(event)
            closed = self._target_closed(event) if missing is None else None
            if closed is not None:
                self.lapsed.append(
                    LapsedDecision(
                        description=summarise(event), reason=closed, on=self.day, event=event
                    )
                )
            elif missing is None:
                self._agree(event)
            else:
                key, detail = missing
                reason = WaitingReason(kind=Awaiting.PRECONDITION, detail=detail)
                self._wait(event, (reason,), frozenset({key}))

    def _agree(self, event: Event) -> None:
        """Apply *event* once every council party to it has decided (see
        :mod:`govledger.agreement`), or wait for the councils still to decide."""
        assessment = _agreement.assess(self, event)
        if not assessment.complete:
            reasons = tuple(
                WaitingReason(kind=Awaiting.MEMBER_DECISION, detail=detail)
                for detail in _agreement.describe_awaiting(self, assessment)
            )
            self._wait(event, reasons, assessment.keys)
            return
        if assessment.off_record:
            councils = tuple(council for council, _ in assessment.off_record)
            notes = dict.fromkeys(note for _, note in assessment.off_record)
            self.caveats.append(
                Caveat(
                    description=summarise(event),
                    councils=councils,
                    note="; ".join(notes),
                    since=self.day,
                    agreed_by=tuple(sorted(assessment.agreed)),
                    event=event,
                )
            )
        self._apply(event)

    def mirrors_of(self, resolution: str, path: tuple[str, ...]) -> tuple[ResolutionRef, ...]:
        """The parts of other councils' decisions mirroring the part at *path* (or a
        part above it, or the whole decision) of *resolution*."""
        return tuple(
            mirror
            for target, mirror in self.mirrored.get(resolution, ())
            if path[: len(target)] == target
        )

    def _wait(self, event: Event, reasons: tuple[WaitingReason, ...], keys: frozenset[str]) -> None:
        number = self._next_wait
        self._next_wait += 1
        self.waiting[number] = _Waiting(event=event, since=self.day, reasons=reasons, waits_on=keys)
        for key in keys:
            self.waiters.setdefault(key, set()).add(number)

    def _wake(self, key: str) -> None:
        """Re-try every change waiting on *key*, in the order they were recorded."""
        numbers = sorted(self.waiters.pop(key, set()))
        for number in numbers:
            waiting = self.waiting.pop(number, None)
            if waiting is None:
                continue
            for other in waiting.waits_on - {key}:
                self.waiters.get(other, set()).discard(number)
            if self.stamping is not None:  # each waiting change holds from its own day
                self.day = max(self.stamping, waiting.since)
            self._change(waiting.event)

    def _target_ready(self, event: Event) -> tuple[str, str] | None:
        """The (wait key, reason) if the entity *event* acts on is not yet in force."""
        checks: list[tuple[str, dict[str, object], str]] = []
        match event:
            case (
                ArrangementVaried()
                | NoticeGiven()
                | EndingStageReached()
                | ArrangementDecoupled()
                | ArrangementEnded()
            ):
                checks.append(("arrangement", self.arrangements, event.arrangement))  # type: ignore[arg-type]
            case (
                PostRetitled()
                | PostHolderAppointed()
                | PostVacated()
                | PostTermExtended()
                | PostDeleted()
            ):
                checks.append(("post", self.posts, event.post))  # type: ignore[arg-type]
            case BodyDisbanded() | BodyTermsRevised() | BodyMemberAppointed() | BodyMemberLeft():
                checks.append(("body", self.bodies, event.body))  # type: ignore[arg-type]
            case DelegationRevoked():
                checks.append(("delegation", self.delegations, event.delegation))  # type: ignore[arg-type]
            case _:
                pass
        for kind, table, key in checks:
            if key not in table:
                return f"{kind}:{key}", f"awaiting {kind} {key!r} to come into force"
        return None

    def _target_closed(self, event: Event, day: date | None = None) -> str | None:
        """Why *event* can no longer act on its entity, if that entity has closed by *day*.

        A change that waited for its authority can find, when the authority comes, that
        what it acts on has gone: an arrangement ended by notice, a post deleted. The
        entity must exist (see :meth:`_target_ready`).
        """
        match event:
            case (
                ArrangementVaried()
                | NoticeGiven()
                | EndingStageReached()
                | ArrangementDecoupled()
                | ArrangementEnded()
            ):
                arrangement = settle_arrangement(
                    self.arrangements[event.arrangement], day or self.day
                )
                if not arrangement.in_force:
                    return (
                        f"arrangement {event.arrangement!r} had already "
                        f"{arrangement.status.value.replace('_', ' ')} on {arrangement.closed_on}"
                    )
            case (
                PostRetitled()
                | PostHolderAppointed()
                | PostVacated()
                | PostTermExtended()
                | PostDeleted()
            ):
                deleted = self.posts[event.post].deleted
                if deleted is not None:
                    return f"post {event.post!r} had already been deleted on {deleted}"
            case BodyDisbanded() | BodyTermsRevised() | BodyMemberAppointed() | BodyMemberLeft():
                disbanded = self.bodies[event.body].disbanded
                if disbanded is not None:
                    return f"body {event.body!r} had already been disbanded on {disbanded}"
            case DelegationRevoked():
                revoked = self.delegations[event.delegation].revoked
                if revoked is not None:
                    return f"delegation {event.delegation!r} had already been revoked on {revoked}"
            case _:
                pass
        return None

    # ---------------------------------------------------------------- authority

    def authority(self, refs: Iterable[Authority]) -> _Verdict:
        """Whether every authority in *refs* is in force now."""
        reasons: list[WaitingReason] = []
        keys: set[str] = set()
        for ref in refs:
            if not isinstance(ref, ResolutionRef):
                continue  # an outside citation: taken as recorded
            verdict = self._ref_verdict(ref)
            if verdict.dead is not None:
                return verdict
            reasons.extend(verdict.reasons)
            keys |= verdict.waits_on
        if reasons:
            return _Verdict(in_force=False, reasons=tuple(reasons), waits_on=frozenset(keys))
        return _Verdict(in_force=True)

    def ref_verdict(self, ref: ResolutionRef) -> _Verdict:
        """Whether the part *ref* cites is in force, and if not why and what it waits on."""
        return self._ref_verdict(ref)

    def _ref_verdict(
        self, ref: ResolutionRef, visiting: frozenset[PathKey] = frozenset()
    ) -> _Verdict:
        """The cited part's own verdict, with its adoption and what an adoption binds.

        A part at or under a recommended part waits for adoption by every body it was
        recommended to; a part that adopts a recommendation is bound by everything the
        recommendation is bound by (its conditions, and adoption by the other bodies).
        """
        own = self._own_verdict(ref)
        resolution = self.resolutions.get(ref.resolution)
        if own.dead is not None or resolution is None or ref_key(ref) in visiting:
            return own
        visiting = visiting | {ref_key(ref)}
        path = cited_path(resolution, ref.part)
        verdicts = [own]
        for prefix in prefixes(path):
            part = resolution.part(prefix)
            if part is None:
                break
            if part.adopts is not None and ref_key(part.adopts) not in visiting:
                verdicts.append(self._ref_verdict(part.adopts, visiting))
        verdicts.append(self._adoption_verdict(resolution, path, visiting))
        return _combine(verdicts)

    def _adoption_verdict(
        self, resolution: ResolutionPassed, path: tuple[str, ...], visiting: frozenset[PathKey]
    ) -> _Verdict:
        """Whether every body the part at *path* was recommended to has adopted it."""
        found = recommendation_of(resolution, path)
        if found is None:
            return _Verdict(in_force=True)
        _, recommended = found
        key = f"resolution:{resolution.resolution}"
        adoptions = [
            adoption
            for prefix in ((), *prefixes(path))  # adopting the whole decision adopts all
            for adoption in self.adoptions.get((resolution.resolution, path_key(prefix)), ())
        ]
        # the recommendation itself is being judged here: its adoptions are not to judge it again
        visiting = visiting | {
            (resolution.resolution, path_key(prefix)) for prefix in ((), *prefixes(path))
        }
        verdicts: list[_Verdict] = []
        for body in recommended.recommended_to:
            alive: list[_Verdict] = []
            adopted = False
            for adopting, maker in adoptions:
                if not same_maker(maker, body):
                    continue
                verdict = self._ref_verdict(adopting, visiting)
                if verdict.in_force:
                    adopted = True
                    break
                if verdict.dead is None:
                    alive.append(verdict)
            if adopted:
                continue
            if alive:
                verdicts.append(alive[0])
            else:
                verdicts.append(
                    _Verdict(
                        in_force=False,
                        reasons=(
                            WaitingReason(
                                kind=Awaiting.ADOPTION, detail=f"awaiting adoption by {body}"
                            ),
                        ),
                        waits_on=frozenset({key}),
                    )
                )
        return _combine(verdicts)

    def _own_verdict(self, ref: ResolutionRef) -> _Verdict:
        key = f"resolution:{ref.resolution}"
        if ref.resolution in self.delegated_decisions:
            return _Verdict(in_force=True)
        resolution = self.resolutions.get(ref.resolution)
        if resolution is None:
            return _Verdict(
                in_force=False,
                reasons=(
                    WaitingReason(
                        kind=Awaiting.EFFECTIVE_DATE,
                        detail=f"awaiting decision {ref.resolution!r} to take effect",
                    ),
                ),
                waits_on=frozenset({key}),
            )
        if not resolution.meeting_status.can_decide:
            return _Verdict(in_force=False, dead=_no_valid_meeting(resolution))
        outcome = self.call_in_outcomes.get(ref.resolution)
        if outcome is not None and outcome[0] in (
            CallInOutcome.REFERRED_BACK,
            CallInOutcome.REFERRED_TO_COUNCIL,
        ):
            how = outcome[0].value.replace("_", " ")
            return _Verdict(
                in_force=False,
                dead=f"decision {ref.resolution!r} was called in and {how} "
                f"on {outcome[1].isoformat()}",
            )
        if ref.resolution in self.call_ins and outcome is None:
            return _Verdict(
                in_force=False,
                reasons=(
                    WaitingReason(
                        kind=Awaiting.CALL_IN,
                        detail=f"decision {ref.resolution!r} was called in on "
                        f"{self.call_ins[ref.resolution].isoformat()}; awaiting scrutiny",
                    ),
                ),
                waits_on=frozenset({key}),
            )
        reasons: list[WaitingReason] = []
        path = cited_path(resolution, ref.part)  # as the rules read it: that one part
        for condition in conditions_binding(resolution, path):
            lapsed = self.conditions_lapsed.get(condition.id)
            if lapsed is not None:
                return _Verdict(
                    in_force=False,
                    dead=f"condition {condition.id!r} ({condition.description}) lapsed on "
                    f"{lapsed.isoformat()}",
                )
            if condition.id not in self.conditions_satisfied:
                reasons.append(_condition_reason(condition))
        if reasons:
            return _Verdict(in_force=False, reasons=tuple(reasons), waits_on=frozenset({key}))
        return _Verdict(in_force=True)

    # ---------------------------------------------------------------- effects

    def _apply(self, event: Event) -> None:
        self._took.append(event)
        day = self.day
        auth: tuple[Authority, ...] = getattr(event, "authorised_by", ())
        match event:
            case PartnershipFormed():
                self.name = event.name
                self.formed = day
                for member in event.members:
                    self.members[member.council] = Membership(
                        council=member.council,
                        name=member.name,
                        since=day,
                        identifiers=member.identifiers,
                    )
            case PartnershipDissolved():
                self.dissolved = day
            case MemberAdmitted():
                self.members[event.member.council] = Membership(
                    council=event.member.council,
                    name=event.member.name,
                    since=day,
                    identifiers=event.member.identifiers,
                )
            case MemberWithdrew():
                self._leave(event.council, day, None)
            case MemberSucceeded():
                self._leave(event.council, day, event.successor.council)
                self.members[event.successor.council] = Membership(
                    council=event.successor.council,
                    name=event.successor.name,
                    since=day,
                    identifiers=event.successor.identifiers,
                )
            case BodyEstablished():
                self.bodies[event.body] = BodyState(
                    body=event.body,
                    name=event.name,
                    kind=event.kind,
                    council=event.council,
                    constituents=event.constituents,
                    legal_basis=event.legal_basis,
                    established=day,
                    disbanded=None,
                    authorised_by=auth,
                    terms_of_reference=event.terms_of_reference,
                    identifiers=event.identifiers,
                )
                self._wake(f"body:{event.body}")
            case BodyDisbanded():
                self.bodies[event.body] = attrs.evolve(self.bodies[event.body], disbanded=day)
            case BodyTermsRevised():
                self.bodies[event.body] = attrs.evolve(
                    self.bodies[event.body],
                    terms_of_reference=event.terms_of_reference,
                    terms_revised=day,
                )
            case BodyMemberAppointed() | BodyMemberLeft():
                self.bodies[event.body] = _body_members(self.bodies[event.body], event, day, auth)
            case ResolutionPassed():
                self._resolution(event)
            case CallInRequested():
                self.call_ins[event.resolution] = day
                self._refresh_resolution(event.resolution)
            case CallInDetermined():
                self.call_in_outcomes[event.resolution] = (event.outcome, day)
                self._refresh_resolution(event.resolution)
                self._wake(f"resolution:{event.resolution}")
            case ConditionSatisfied():
                self.conditions_satisfied[event.condition] = day
                self._wake_condition(event.condition)
            case ConditionLapsed():
                self.conditions_lapsed[event.condition] = day
                self._wake_condition(event.condition)
            case DelegatedDecisionTaken():
                self.delegated_decisions[event.decision] = event
                delegation = self.delegations.get(event.delegation)
                if delegation is not None:
                    self.delegations[event.delegation] = attrs.evolve(
                        delegation, exercised=(*delegation.exercised, event.decision)
                    )
                self._wake(f"resolution:{event.decision}")
            case ArrangementEstablished():
                self.arrangements[event.arrangement] = ArrangementState(
                    arrangement=event.arrangement,
                    name=event.name,
                    services=event.services,
                    mechanism=event.mechanism,
                    mechanism_detail=event.mechanism_detail,
                    lead=event.lead,
                    notice_period=event.notice_period,
                    status=ArrangementStatus.IN_FORCE,
                    since=day,
                    authorised_by=auth,
                )
                self._wake(f"arrangement:{event.arrangement}")
            case ArrangementVaried():
                self._vary(event, day, auth)
            case NoticeGiven():
                current = self.arrangements[event.arrangement]
                step = EndingStep(
                    stage=EndingStage.NOTICE_GIVEN,
                    since=day,
                    by=(event.given_by,),
                    ends=event.notice_ends,
                    authorised_by=auth,
                )
                self.arrangements[event.arrangement] = attrs.evolve(
                    current,
                    status=ArrangementStatus.UNDER_NOTICE,
                    notice_given_by=event.given_by,
                    notice_ends=event.notice_ends,
                    authorised_by=auth,
                    ending=(*current.ending, step),
                )
            case EndingStageReached():
                self._ending_stage(event, day, auth)
            case ArrangementDecoupled():
                self._decouple(event, day, auth)
            case ArrangementEnded():
                current = self.arrangements[event.arrangement]
                self.arrangements[event.arrangement] = attrs.evolve(
                    current, status=ArrangementStatus.ENDED, closed_on=day, authorised_by=auth
                )
            case PostCreated():
                self.posts[event.post] = PostState(
                    post=event.post,
                    title=event.title,
                    employer=event.employer,
                    shared_by=event.shared_by,
                    created=day,
                    authorised_by=auth,
                )
                self._wake(f"post:{event.post}")
            case PostRetitled():
                post = settle_post(self.posts[event.post], day)
                self.posts[event.post] = attrs.evolve(
                    post,
                    title=event.new_title,
                    former_titles=(*post.former_titles, post.title)
                    if post.title not in post.former_titles
                    else post.former_titles,
                    title_until=event.until,
                    reverts_to=event.previous_title if event.until is not None else None,
                    authorised_by=auth,
                )
            case PostHolderAppointed():
                self.posts[event.post] = attrs.evolve(
                    self.posts[event.post],
                    holder=Holding(
                        holder=event.holder,
                        basis=event.basis,
                        employer=event.employer,
                        term_ends=event.term_ends,
                        since=day,
                        authorised_by=auth,
                    ),
                )
            case PostVacated():
                self.posts[event.post] = attrs.evolve(self.posts[event.post], holder=None)
            case PostTermExtended():
                post = self.posts[event.post]
                if post.holder is not None:
                    self.posts[event.post] = attrs.evolve(
                        post, holder=attrs.evolve(post.holder, term_ends=event.term_ends)
                    )
            case PostDeleted():
                self.posts[event.post] = attrs.evolve(
                    self.posts[event.post], deleted=day, holder=None
                )
            case StatutoryRoleDesignated():
                self.designations[(event.council, role_key(event.role))] = Designation(
                    council=event.council,
                    role=event.role,
                    post=event.post,
                    person=event.person,
                    since=day,
                    authorised_by=auth,
                )
            case DelegationGranted():
                replaces = self._replace_delegation(event, day)
                self.delegations[event.delegation] = DelegationState(
                    delegation=event.delegation,
                    delegates=event.delegates,
                    consultees=event.consultees,
                    scope=event.scope,
                    limits=event.limits,
                    jointly=event.jointly,
                    through=event.through,
                    expires=event.expires,
                    granted=day,
                    authorised_by=auth,
                    replaces=replaces,
                )
                self._wake(f"delegation:{event.delegation}")
            case DelegationRevoked():
                self.delegations[event.delegation] = attrs.evolve(
                    self.delegations[event.delegation], revoked=day
                )
            case CostShareAgreed():
                self.cost_shares[event.scope] = CostShare(
                    scope=event.scope,
                    description=event.description,
                    kind=event.kind,
                    shares=event.shares,
                    since=day,
                    authorised_by=auth,
                )
            case ActionAssigned():
                self.actions[event.action] = ActionState(
                    action=event.action,
                    description=event.description,
                    assignee=event.assignee,
                    due=event.due,
                    assigned=day,
                    authorised_by=auth,
                )
            case ActionCompleted():
                action = self.actions.get(event.action)
                if action is not None:
                    self.actions[event.action] = attrs.evolve(action, completed=day)

    def _replace_delegation(self, event: DelegationGranted, day: date) -> tuple[str, ...]:
        """End the delegation *event* replaces, from *day*; the ids it now stands for."""
        if event.replaces is None:
            return ()
        earlier = self.delegations.get(event.replaces)
        if earlier is None:
            return ()
        if event.replaces == event.delegation:  # re-granted under its own id
            return earlier.replaces
        self.delegations[event.replaces] = attrs.evolve(
            earlier, revoked=day, replaced_by=event.delegation
        )
        return (*earlier.replaces, event.replaces)

    def _leave(self, council: str, day: date, successor: str | None) -> None:
        member = self.members.pop(council, None)
        if member is not None:
            self.former_members[council] = attrs.evolve(member, until=day, succeeded_by=successor)

    def _vary(self, event: ArrangementVaried, day: date, auth: tuple[Authority, ...]) -> None:
        current = self.arrangements[event.arrangement]
        services = tuple(s for s in current.services if s not in event.services_removed)
        services += tuple(s for s in event.services_added if s not in services)
        if event.mechanism is not None:  # a new mechanism brings its own detail, if any
            detail = event.mechanism_detail
        else:
            detail = event.mechanism_detail or current.mechanism_detail
        self.arrangements[event.arrangement] = attrs.evolve(
            current,
            mechanism=event.mechanism or current.mechanism,
            mechanism_detail=detail,
            lead=event.lead or current.lead,
            notice_period=event.notice_period or current.notice_period,
            services=services,
            authorised_by=auth,
        )

    def _ending_stage(
        self, event: EndingStageReached, day: date, auth: tuple[Authority, ...]
    ) -> None:
        current = self.arrangements[event.arrangement]
        step = EndingStep(
            stage=event.stage,
            since=day,
            by=event.by,
            ends=event.ends,
            words=event.words,
            authorised_by=auth,
        )
        if event.ends is None:
            self.arrangements[event.arrangement] = attrs.evolve(
                current, ending=(*current.ending, step)
            )
            return
        self.arrangements[event.arrangement] = attrs.evolve(
            current,
            status=ArrangementStatus.UNDER_NOTICE,
            notice_given_by=event.by[0] if event.by else current.notice_given_by,
            notice_ends=event.ends,
            authorised_by=auth,
            ending=(*current.ending, step),
        )

    def _decouple(
        self, event: ArrangementDecoupled, day: date, auth: tuple[Authority, ...]
    ) -> None:
        current = self.arrangements[event.arrangement]
        leaving = event.services or current.services
        remaining = tuple(s for s in current.services if s not in leaving)
        decoupled = current.decoupled_services + tuple(s for s in leaving if s in current.services)
        if remaining:
            self.arrangements[event.arrangement] = attrs.evolve(
                current, services=remaining, decoupled_services=decoupled
            )
        else:
            self.arrangements[event.arrangement] = attrs.evolve(
                current,
                status=ArrangementStatus.DECOUPLED,
                closed_on=day,
                services=(),
                decoupled_services=decoupled,
                authorised_by=auth,
            )

    def _resolution(self, event: ResolutionPassed) -> None:
        self.resolutions[event.resolution] = event
        if any(
            part.conditions or part.outcome is Outcome.RECOMMENDED or part.adopts is not None
            for _, part in event.walk()
        ):
            self.conditional_or_recommended.add(event.resolution)
        else:
            self.conditional_or_recommended.discard(event.resolution)
        if any(part.outcome is Outcome.NOT_RECORDED for _, part in event.walk()):
            self.unrecorded.add(event.resolution)
        adopted: list[str] = []
        for path, part in event.walk():
            for condition in part.conditions:
                self.condition_owner[condition.id] = event.resolution
            if part.adopts is not None:
                adopting = ResolutionRef(resolution=event.resolution, part=path)
                self.adopted[part.adopts] = adopting
                key = ref_key(part.adopts)
                self.adoptions[key] = (*self.adoptions.get(key, ()), (adopting, event.decided_by))
                adopted.append(part.adopts.resolution)
            for target in part.mirrors:
                mirror = ResolutionRef(resolution=event.resolution, part=path)
                self.mirrored[target.resolution] = (
                    *self.mirrored.get(target.resolution, ()),
                    (target.part, mirror),
                )
            self._principle(event, path, part)
        self._refresh_resolution(event.resolution)
        self._wake(f"resolution:{event.resolution}")
        for mirrored in dict.fromkeys(t.resolution for _, p in event.walk() for t in p.mirrors):
            self._wake(f"agreement:{mirrored}")
        for recommending in dict.fromkeys(adopted):  # what waited for this adoption
            self._wake(f"resolution:{recommending}")

    def _principle(self, event: ResolutionPassed, path: tuple[str, ...], part: Part) -> None:
        """Note a part agreed in principle, or a part making one final."""
        ref = ResolutionRef(resolution=event.resolution, part=path)
        if part.in_principle:
            self.in_principle[ref] = InPrinciple(
                ref=ref, summary=part.summary, since=self.day, decided_by=event.decided_by
            )
        if part.finalises is not None:
            agreed = self.in_principle.get(part.finalises)
            if agreed is not None:
                self.in_principle[part.finalises] = attrs.evolve(
                    agreed, final=ref, final_outcome=part.outcome
                )

    def _refresh_resolution(self, resolution: str) -> None:
        event = self.resolutions.get(resolution)
        if event is None:
            return
        status = ResolutionStatus.IN_FORCE
        in_force_from: date | None = certain_from(event.effective)
        outcome = self.call_in_outcomes.get(resolution)
        if outcome is not None:
            if outcome[0] in (CallInOutcome.REFERRED_BACK, CallInOutcome.REFERRED_TO_COUNCIL):
                status, in_force_from = ResolutionStatus.REFERRED_BACK, None
            else:
                in_force_from = max(in_force_from or outcome[1], outcome[1])
        elif resolution in self.call_ins:
            status, in_force_from = ResolutionStatus.CALLED_IN, None
        if not event.meeting_status.can_decide:
            status, in_force_from = ResolutionStatus.NO_VALID_MEETING, None
        self.resolution_state[resolution] = _with_call_in(
            ResolutionState(
                resolution=resolution,
                decided_by=event.decided_by,
                decided=event.decided,
                effective=event.effective,
                item=event.item,
                title=event.title,
                status=status,
                in_force_from=in_force_from,
                called_in=self.call_ins.get(resolution),
                call_in_outcome=outcome[0] if outcome else None,
                awaiting_call_in=status is ResolutionStatus.CALLED_IN,
            ),
            event,
        )

    def _wake_condition(self, condition: str) -> None:
        owner = self.condition_owner.get(condition)
        if owner is not None:
            self._wake(f"resolution:{owner}")

    # ---------------------------------------------------------------- the result

    def state(self, as_of: date, upcoming: Iterable[Event] = ()) -> PartnershipState:
        """Freeze the fold into the state on *as_of*.

        *upcoming* are the partnership's events not yet certain on *as_of* (effective
        later): decisions taken but not yet effective, and facts dated by a period. A
        fact dated by a period for which a change dated inside it is already waiting
        (evidence that it held by then) is taken as holding from that change's day.
        """
        upcoming = list(upcoming)
        evidenced = [event for event in upcoming if self.evidence_for(event) is not None]
        if evidenced:
            fold = self.copy()
            for event in evidenced:
                fold.feed(event)
                fold.day = self.day
            rest = [event for event in upcoming if event not in evidenced]
            return fold.state(as_of, rest)
        pending: list[PendingDecision] = []
        lapsed = list(self.lapsed)
        for waiting in self.waiting.values():
            moot = (
                self._target_closed(waiting.event, as_of)
                if self._target_ready(waiting.event) is None
                else None
            )
            if moot is not None:  # whatever it waits for, it can no longer take effect
                lapsed.append(
                    LapsedDecision(
                        description=summarise(waiting.event),
                        reason=moot,
                        on=as_of,
                        event=waiting.event,
                    )
                )
                continue
            pending.append(
                PendingDecision(
                    description=summarise(waiting.event),
                    reasons=waiting.reasons,
                    since=waiting.since,
                    event=waiting.event,
                )
            )
        pending.extend(self._pending_parts())
        uncertain: list[UncertainFact] = [
            UncertainFact(
                description=f"{summarise(event)} (date not stated)",
                period=event.effective,
                event=event,
            )
            for event in self.undated
            if isinstance(event.effective, Period)
        ]
        resolutions = {
            key: _in_window(value, as_of) for key, value in self.resolution_state.items()
        }
        for event in upcoming:
            if isinstance(event.effective, Period) and event.effective.contains(as_of):
                uncertain.append(
                    UncertainFact(description=summarise(event), period=event.effective, event=event)
                )
            if isinstance(event, ResolutionPassed):
                _announce(event, as_of, self, resolutions, pending)
        lapsed_parts = tuple(self._lapsed_parts())
        return PartnershipState(
            partnership=self.partnership,
            as_of=as_of,
            name=self.name,
            formed=self.formed,
            dissolved=self.dissolved,
            members=_sorted(self.members),
            former_members=_sorted(self.former_members),
            bodies=_sorted(self.bodies),
            arrangements=tuple(settle_arrangement(a, as_of) for a in _sorted(self.arrangements)),
            posts=tuple(settle_post(p, as_of) for p in _sorted(self.posts)),
            designations=tuple(self.designations[k] for k in sorted(self.designations)),
            delegations=tuple(d for d in _sorted(self.delegations) if d.replaced_by is None),
            cost_shares=_sorted(self.cost_shares),
            resolutions=_sorted(resolutions),
            actions=_sorted(self.actions),
            pending=tuple(pending),
            lapsed=tuple(lapsed) + lapsed_parts,
            uncertain=tuple(uncertain),
            unrecorded=tuple(self._unrecorded_parts()),
            caveats=tuple(self.caveats),
            parts_index=PartsIndex(
                resolutions={
                    **self.resolutions,
                    **{
                        e.resolution: e
                        for e in upcoming
                        if isinstance(e, ResolutionPassed) and e.resolution in resolutions
                    },
                },
                statuses=resolutions,
                satisfied=dict(self.conditions_satisfied),
                lapsed=dict(self.conditions_lapsed),
                adopted=dict(self.adopted),
                mirrored=dict(self.mirrored),
                bodies=dict(self.bodies),
                members=tuple(sorted(self.members)),
                waiting=_waiting_parts(pending, lapsed_parts),
            ),
            agreed_in_principle=tuple(
                self.in_principle[k] for k in sorted(self.in_principle, key=str)
            ),
        )

    def _unrecorded_parts(self) -> Iterator[UnrecordedOutcome]:
        for resolution in sorted(self.unrecorded):
            event = self.resolutions[resolution]
            for path, part in event.walk():
                if part.outcome is Outcome.NOT_RECORDED:
                    ref = ResolutionRef(resolution=resolution, part=path)
                    yield UnrecordedOutcome(
                        description=f"{ref}: {part.summary} (outcome not recorded)",
                        ref=ref,
                        decided_by=event.decided_by,
                    )

    def _pending_parts(self) -> Iterator[PendingDecision]:
        for resolution in self.resolutions.values():
            state = self.resolution_state[resolution.resolution]
            if (
                resolution.resolution not in self.conditional_or_recommended
                and state.status is not ResolutionStatus.CALLED_IN
            ):
                continue  # none of its parts can be waiting
            for path, part in resolution.walk():
                ref = ResolutionRef(resolution=resolution.resolution, part=path)
                reasons: list[WaitingReason] = []
                if part.outcome in (Outcome.RESOLVED, Outcome.RECOMMENDED):
                    reasons.extend(self._recommendation_reasons(resolution, path, part))
                if part.outcome is Outcome.RECOMMENDED:
                    for condition in conditions_binding(resolution, path):
                        if (
                            condition.id not in self.conditions_satisfied
                            and condition.id not in self.conditions_lapsed
                        ):
                            reasons.append(_condition_reason(condition))
                if part.outcome is Outcome.RESOLVED:
                    # a part waits on its own conditions and on those of the parts above
                    for condition in conditions_binding(resolution, path):
                        if (
                            condition.id not in self.conditions_satisfied
                            and condition.id not in self.conditions_lapsed
                        ):
                            reasons.append(_condition_reason(condition))
                    if state.status is ResolutionStatus.CALLED_IN and len(path) == 1:
                        reasons.append(
                            WaitingReason(
                                kind=Awaiting.CALL_IN, detail="called in; awaiting scrutiny"
                            )
                        )
                if reasons:
                    yield PendingDecision(
                        description=f"{ref}: {part.summary}",
                        reasons=tuple(reasons),
                        since=self.day,
                        ref=ref,
                    )

    def _recommendation_reasons(
        self, resolution: ResolutionPassed, path: tuple[str, ...], part: Part
    ) -> list[WaitingReason]:
        """Why a part waits as a recommendation, or as the adoption of one.

        A part at or under a recommended part waits for each body that has not yet
        adopted it; a part adopting a recommendation waits for whatever binds that
        recommendation (its conditions, the other bodies' adoptions).
        """
        reasons: list[WaitingReason] = []
        if recommendation_of(resolution, path) is not None:
            verdict = self._adoption_verdict(resolution, path, frozenset())
            reasons.extend(verdict.reasons)
        if part.adopts is not None:
            verdict = self._ref_verdict(part.adopts)
            reasons.extend(r for r in verdict.reasons if r not in reasons)
        return reasons

    def _lapsed_parts(self) -> Iterator[LapsedDecision]:
        if not self.conditions_lapsed:
            return
        for resolution in self.resolutions.values():
            if resolution.resolution not in self.conditional_or_recommended:
                continue  # it has no conditions to lapse
            for path, part in resolution.walk():
                # a part can no longer take effect once a condition on it, or on a part
                # above it, has lapsed
                for condition in conditions_binding(resolution, path):
                    lapsed = self.conditions_lapsed.get(condition.id)
                    if lapsed is not None:
                        ref = ResolutionRef(resolution=resolution.resolution, part=path)
                        yield LapsedDecision(
                            description=f"{ref}: {part.summary}",
                            reason=f"condition {condition.id!r} lapsed",
                            on=lapsed,
                            ref=ref,
                        )


def _waiting_parts(
    pending: Iterable[PendingDecision], lapsed: Iterable[LapsedDecision]
) -> dict[ResolutionRef, tuple[str, ...]]:
    """Why each part the state lists as pending or lapsed is not in force, in words."""
    waiting: dict[ResolutionRef, tuple[str, ...]] = {}
    for decision in pending:
        if decision.ref is not None:
            words = tuple(str(reason) for reason in decision.reasons) or ("pending",)
            waiting[decision.ref] = (*waiting.get(decision.ref, ()), *words)
    for gone in lapsed:
        if gone.ref is not None:
            waiting[gone.ref] = (*waiting.get(gone.ref, ()), gone.reason)
    return waiting


def _announce(
    event: ResolutionPassed,
    as_of: date,
    fold: Fold,
    resolutions: dict[str, ResolutionState],
    pending: list[PendingDecision],
) -> None:
    """List a decision taken on or before *as_of* that is not yet effective."""
    if event.decided is None or earliest(event.decided) > as_of:
        return
    if event.decided is not None and certain_from(event.decided) > as_of:
        return  # whether it was even decided yet is uncertain: listed as uncertain
    called_in = fold.call_ins.get(event.resolution)
    if called_in is not None and called_in <= as_of:
        status = ResolutionStatus.CALLED_IN
        reason = WaitingReason(
            kind=Awaiting.CALL_IN, detail=f"called in on {called_in.isoformat()}; awaiting scrutiny"
        )
    elif event.call_in_deadline is not None and as_of <= event.call_in_deadline:
        status = ResolutionStatus.CALL_IN_WINDOW
        reason = WaitingReason(
            kind=Awaiting.CALL_IN_WINDOW,
            detail=f"call-in window open until {event.call_in_deadline.isoformat()}",
        )
    else:
        status = ResolutionStatus.NOT_YET_EFFECTIVE
        reason = WaitingReason(
            kind=Awaiting.EFFECTIVE_DATE,
            detail=f"takes effect {certain_from(event.effective).isoformat()}",
        )
    resolutions[event.resolution] = _with_call_in(
        ResolutionState(
            resolution=event.resolution,
            decided_by=event.decided_by,
            decided=event.decided,
            effective=event.effective,
            item=event.item,
            title=event.title,
            status=status,
            in_force_from=None,
            called_in=called_in if called_in is not None and called_in <= as_of else None,
            awaiting_call_in=status
            in (ResolutionStatus.CALLED_IN, ResolutionStatus.CALL_IN_WINDOW),
        ),
        event,
    )
    pending.append(
        PendingDecision(
            description=f"{event.resolution}: item {event.item}, {event.title}",
            reasons=(reason,),
            since=earliest(event.decided),
            ref=ResolutionRef(resolution=event.resolution),
        )
    )


def _body_members(
    body: BodyState,
    event: BodyMemberAppointed | BodyMemberLeft,
    day: date,
    auth: tuple[Authority, ...],
) -> BodyState:
    """*body* with *event*'s member appointed (perhaps to a new place on it) or gone."""
    name = event.member.casefold()
    staying = [m for m in body.members if m.member.casefold() != name]
    leaving = [attrs.evolve(m, until=day) for m in body.members if m.member.casefold() == name]
    if isinstance(event, BodyMemberAppointed):
        if event.role in (BodyRole.CHAIR, BodyRole.VICE_CHAIR):  # one chair, one vice-chair
            staying = [
                attrs.evolve(m, role=BodyRole.MEMBER) if m.role is event.role else m
                for m in staying
            ]
        staying.append(
            BodyMembership(
                member=event.member,
                council=event.council,
                role=event.role,
                since=day,
                authorised_by=auth,
            )
        )
    return attrs.evolve(
        body, members=tuple(staying), former_members=(*body.former_members, *leaving)
    )


def _with_call_in(state: ResolutionState, event: ResolutionPassed) -> ResolutionState:
    """*state* with the decision's recorded call-in status and urgency."""
    return attrs.evolve(
        state,
        call_in=event.call_in,
        call_in_exemption=event.call_in_exemption,
        call_in_deadline=event.call_in_deadline,
        call_in_words=event.call_in_words,
        urgent=event.urgent,
        urgency=event.urgency,
    )


def _in_window(state: ResolutionState, as_of: date) -> ResolutionState:
    """A decision folded before its call-in window closed still waits for it to close."""
    if (
        state.call_in_deadline is not None
        and as_of <= state.call_in_deadline
        and state.call_in_outcome is None
        and not state.awaiting_call_in
    ):
        return attrs.evolve(state, awaiting_call_in=True)
    return state


def _sorted(items: Mapping[str, _T]) -> tuple[_T, ...]:
    return tuple(items[k] for k in sorted(items))


def _condition_reason(condition: Condition) -> WaitingReason:
    if condition.kind is ConditionKind.MEMBER_APPROVAL or condition.council is not None:
        whose = " ".join(
            part for part in ((condition.council or "").upper(), condition.body or "") if part
        )
        return WaitingReason(
            kind=Awaiting.MEMBER_DECISION,
            detail=f"awaiting the decision of {whose or 'another member'} "
            f"(condition {condition.id!r}: {condition.description})",
        )
    return WaitingReason(
        kind=Awaiting.CONDITION,
        detail=f"awaiting condition {condition.id!r}: {condition.description}",
    )


def conditions_binding(
    resolution: ResolutionPassed, path: tuple[str, ...]
) -> tuple[Condition, ...]:
    """The conditions on the part at *path* and on every part above it.

    The empty path means the whole decision: every condition on any of its parts.
    """
    if not path:
        return tuple(c for _, part in resolution.walk() for c in part.conditions)
    found: list[Condition] = []
    for depth in range(1, len(path) + 1):
        part = resolution.part(path[:depth])
        if part is not None:
            found.extend(part.conditions)
    return tuple(found)


def state_as_of(
    partnership: str, events: Iterable[tuple[int, Event]], as_of: date
) -> PartnershipState:
    """Fold *events* (``(position, event)`` pairs of one partnership) into its state on *as_of*.

    The events may come in any order; they are folded by (effective date, position),
    after applying any retractions among them (see :func:`corrected`). Events
    effective after *as_of* are not applied, but a decision already taken is listed as
    pending and a fact whose period contains *as_of* as uncertain.
    """
    ordered = sorted(corrected(events), key=lambda pair: order_key(pair[1], pair[0]))
    fold = Fold(partnership)
    upcoming: list[Event] = []
    for _, event in ordered:
        if certain_from(event.effective) <= as_of:
            fold.feed(event)
        else:
            upcoming.append(event)
    return fold.state(as_of, upcoming)
