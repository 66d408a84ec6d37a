"""The fold: the mutable engine behind :func:`state_as_of` and the domain rules.

:class:`Fold` takes events one at a time, and keeps the partnership's entries and the
changes still waiting. What each event does is its handler in
:mod:`~govledger.projections.apply`; whether a change's authority is in force, the
functions of :mod:`~govledger.projections.verdicts`; the state on a day,
:func:`~govledger.projections.freeze.freeze`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING

import attrs

from .. import agreement as _agreement
from ..events import (
    Authority,
    CallInOutcome,
    DecisionMaker,
    DelegatedDecisionTaken,
    EntryRetracted,
    Event,
    Period,
    ResolutionPassed,
    ResolutionRef,
    certain_from,
    is_change,
)
from ..recommendations import PathKey
from ..wording import summarise
from . import stories as _stories
from . import verdicts
from .apply import APPLY
from .freeze import freeze
from .order import corrected, creates, order_key
from .state import (
    ActionState,
    ArrangementState,
    Awaiting,
    BodyState,
    Caveat,
    CostShare,
    DelegationState,
    Designation,
    InPrinciple,
    LapsedDecision,
    Membership,
    PartnershipState,
    PostState,
    ResolutionState,
    WaitingReason,
)
from .targets import target_closed, target_missing

if TYPE_CHECKING:
    from .cited import WithdrawnDecision


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

    :meth:`feed` is the only mutator (through the handlers of
    :data:`~govledger.projections.apply.APPLY`); it returns the events that took
    effect. Others (the rules, :mod:`govledger.changes`, :mod:`govledger.agreement`)
    read a fold only through this documented, stable surface, and never write to it:

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
    of them are what a checkpoint holds, by name: renaming one changes
    :data:`~govledger.ledger.snapshots.FOLD_FORMAT`, see :mod:`govledger.ledger.snapshots`).
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
        #: Decisions cited by the changes fed from other partnerships: id -> the
        #: partnership each is recorded in (see :mod:`~govledger.projections.cited`).
        self.cited: dict[str, str] = {}
        #: The decisions of other partnerships whose story (see
        #: :func:`~govledger.projections.cited.cited_entries`) was merged into what this
        #: fold is fed: partnership -> ids. Set by whoever feeds it; a checkpoint keeps
        #: it, so a question can tell whether the checkpoint was fed what it would feed.
        self.fed_cited: dict[str, frozenset[str]] = {}
        #: The decisions of other partnerships cited by this partnership's own entries
        #: fed so far (:func:`~govledger.projections.cited.cited_by` of them), kept by
        #: whoever feeds it, for the same reason.
        self.own_cited: dict[str, frozenset[str]] = {}
        #: The story of each decision from elsewhere fed so far, by id (see
        #: :mod:`~govledger.projections.stories`): what taking it out again needs.
        self.stories: dict[str, _stories.Story] = {}
        #: The latest effective day of this partnership's own entries folded.
        self.home_day = date.min
        #: The decisions from elsewhere (with a story here) adopting a recommendation of
        #: each resolution, by its id: who reads that resolution reads them.
        self.adopted_by_story: dict[str, tuple[str, ...]] = {}
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
        day = certain_from(event.effective)
        if event.partnership != self.partnership:
            return self._feed_story(event, day)
        if self.stories:
            self._tangle(_stories.named(self, event))
        if day > self.home_day:
            self.home_day = day
        return self._feed(event, day)

    def _feed_story(self, event: Event, day: date) -> list[Event]:
        """Feed *event*, of a decision's story from elsewhere, noting it in
        :attr:`stories` and whether the story stayed apart."""
        decision = _stories.story_of(self, event)
        story = self.stories.get(decision)
        apart = (
            decision != _stories.UNOWNED
            and (story is None or (story[0] == event.partnership and story[3]))
            and not _stories.claims(self, event, decision)
        )
        if self.stories:
            self._tangle(name for name in _stories.named(self, event) if name != decision)
        before = _stories.marks(self)
        took = self._feed(event, day)
        apart = apart and len(took) == 1 and _stories.marks(self) == before
        fed, latest = (0, date.min) if story is None else (story[1], story[2])
        if isinstance(event, ResolutionPassed):  # its conditions met before it was fed
            for _, part in event.walk():
                if part.adopts is not None:
                    by = self.adopted_by_story.get(part.adopts.resolution, ())
                    self.adopted_by_story[part.adopts.resolution] = (*by, decision)
                for condition in part.conditions:
                    met = self.stories.pop(_stories.early(condition.id), None)
                    if met is not None:
                        fed, latest = fed + met[1], max(latest, met[2])
                        apart = apart and met[3] and met[0] == event.partnership
        self.stories[decision] = (event.partnership, fed + 1, max(latest, day), apart)
        return took

    def _tangle(self, decisions: Iterable[str]) -> None:
        """Note that the stories of *decisions* are no longer apart."""
        for decision in decisions:
            other, fed, latest, _ = self.stories[decision]
            self.stories[decision] = (other, fed, latest, False)

    def _feed(self, event: Event, day: date) -> list[Event]:
        self.fed += 1
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
            for ref in event.authorised_by:  # type: ignore[union-attr]
                if type(ref) is ResolutionRef and ref.partnership not in (None, self.partnership):
                    self.cited[ref.resolution] = str(ref.partnership)
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
            missing = target_missing(self, event)
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
            missing = target_missing(self, event)
            closed = target_closed(self, event) if missing is None else None
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
        for key in sorted(keys):  # not set order: checkpoint bytes must not depend on it
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

    # ---------------------------------------------------------------- authority

    # Whether cited authorities are in force now (read-only; see verdicts.py).
    authority = verdicts.authority
    ref_verdict = verdicts.ref_verdict

    # ---------------------------------------------------------------- effects

    def _apply(self, event: Event) -> None:
        """Fold *event* in through its handler in :data:`~.apply.APPLY`, then wake the
        changes waiting for what it brought into force."""
        self._took.append(event)
        auth: tuple[Authority, ...] = getattr(event, "authorised_by", ())
        for key in APPLY[type(event)](self, event, self.day, auth):
            self._wake(key)

    # ---------------------------------------------------------------- the result

    def state(
        self,
        as_of: date,
        upcoming: Iterable[Event] = (),
        withdrawn: Mapping[str, WithdrawnDecision] | None = None,
    ) -> PartnershipState:
        """Freeze the fold into the state on *as_of*.

        *upcoming* are the partnership's events not yet certain on *as_of* (effective
        later): decisions taken but not yet effective, and facts dated by a period. A
        fact dated by a period for which a change dated inside it is already waiting
        (evidence that it held by then) is taken as holding from that change's day.
        *withdrawn* are the decisions cited from other partnerships that were withdrawn
        there (:func:`~govledger.projections.cited.withdrawn_of`): a change citing one
        says what happened to it.
        """
        return freeze(self, as_of, upcoming, withdrawn)


def state_as_of(
    partnership: str,
    events: Iterable[tuple[int, Event]],
    as_of: date,
    withdrawn: Mapping[str, WithdrawnDecision] | None = None,
) -> PartnershipState:
    """Fold *events* (``(position, event)`` pairs of one partnership) into its state on *as_of*.

    The events may come in any order; they are folded by (effective date, position),
    after applying any retractions among them (see :func:`corrected`). Events
    effective after *as_of* are not applied, but a decision already taken is listed as
    pending and a fact whose period contains *as_of* as uncertain. *withdrawn* as for
    :meth:`Fold.state`.
    """
    ordered = sorted(corrected(events), key=lambda pair: order_key(pair[1], pair[0]))
    fold = Fold(partnership)
    upcoming: list[Event] = []
    for _, event in ordered:
        if certain_from(event.effective) <= as_of:
            fold.feed(event)
        else:
            upcoming.append(event)
    return fold.state(as_of, upcoming, withdrawn)
