"""The frozen state types: a partnership, and everything in it, as it stood on a day.

Every value here is an attrs frozen class (or an enum) built by the fold
(:mod:`govledger.projections.fold`); none does I/O.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from fractions import Fraction
from typing import Any

import attrs

from .. import _code
from ..events import (
    Authority,
    BodyKind,
    BodyRole,
    CallInExemption,
    CallInOutcome,
    CallInStatus,
    DateSpec,
    DecisionMaker,
    DesignatedRole,
    EndingStage,
    Event,
    HolderBasis,
    Identifier,
    Mechanism,
    Outcome,
    Period,
    ResolutionRef,
    Role,
    Share,
    ShareKind,
    certain_from,
    date_not_stated,
    describe,
    role_key,
)
from ..partstate import PartsIndex, PartState, StateData

# --------------------------------------------------------------------------- state types


#: What every state type offers besides its fields: ``to_dict()``.
_Data = StateData


@attrs.frozen(kw_only=True, eq=False)
class Membership(_Data):
    """A council's membership of the partnership."""

    council: str
    name: str
    since: date
    until: date | None = None
    succeeded_by: str | None = None
    identifiers: tuple[Identifier, ...] = ()


@attrs.frozen(kw_only=True, eq=False)
class BodyState(_Data):
    """A body the partnership established, active or disbanded."""

    body: str
    name: str
    kind: BodyKind
    council: str | None
    constituents: tuple[str, ...]
    legal_basis: str | None
    established: date
    disbanded: date | None
    authorised_by: tuple[Authority, ...]
    terms_of_reference: str | None = None
    #: When the terms of reference were last revised (``None``: as established).
    terms_revised: date | None = None
    members: tuple[BodyMembership, ...] = ()
    former_members: tuple[BodyMembership, ...] = ()
    identifiers: tuple[Identifier, ...] = ()

    @property
    def active(self) -> bool:
        return self.disbanded is None

    @property
    def chair(self) -> BodyMembership | None:
        """The member who chairs the body, if one is recorded."""
        return next((m for m in self.members if m.role is BodyRole.CHAIR), None)


@attrs.frozen(kw_only=True, eq=False)
class BodyMembership(_Data):
    """Someone's place on a body, from ``since`` (and ``until``, once they left)."""

    member: str
    council: str | None
    role: BodyRole
    since: date
    until: date | None = None
    authorised_by: tuple[Authority, ...] = ()


class ArrangementStatus(StrEnum):
    """Where an arrangement stands on the day asked about."""

    IN_FORCE = "in_force"
    UNDER_NOTICE = "under_notice"  # still in force until the notice ends
    DECOUPLED = "decoupled"
    ENDED = "ended"


@attrs.frozen(kw_only=True, eq=False)
class EndingStep(_Data):
    """A step towards ending an arrangement, as the state shows it."""

    stage: EndingStage
    since: date
    by: tuple[str, ...] = ()
    ends: date | None = None
    words: str | None = None
    authorised_by: tuple[Authority, ...] = ()

    def __str__(self) -> str:
        end = f"ends {self.ends.isoformat()}" if self.ends else "no end date yet"
        return f"ending: {self.stage.words} since {self.since.isoformat()}, {end}"


@attrs.frozen(kw_only=True, eq=False)
class ArrangementState(_Data):
    """A joint arrangement: its services, legal mechanism, lead and status."""

    arrangement: str
    name: str
    services: tuple[str, ...]
    mechanism: Mechanism
    mechanism_detail: str | None
    lead: str | None
    notice_period: str | None
    status: ArrangementStatus
    since: date
    notice_given_by: str | None = None
    notice_ends: date | None = None
    closed_on: date | None = None
    decoupled_services: tuple[str, ...] = ()
    authorised_by: tuple[Authority, ...] = ()
    #: The steps towards ending it, in the order taken (notice given is one of them).
    ending: tuple[EndingStep, ...] = ()

    @property
    def in_force(self) -> bool:
        """In force (perhaps under notice): not decoupled or ended."""
        return self.status in (ArrangementStatus.IN_FORCE, ArrangementStatus.UNDER_NOTICE)

    @property
    def ending_words(self) -> str | None:
        """The ending in words while it is in force and ending.

        "ending: <stage> since <date>, no end date yet", or "..., ends <date>".

        ``None`` when no step towards ending it has been taken, or once it has closed.
        """
        if not self.ending or not self.in_force:
            return None
        latest = self.ending[-1]
        if latest.ends is None and self.notice_ends is not None:
            latest = attrs.evolve(latest, ends=self.notice_ends)
        return str(latest)


@attrs.frozen(kw_only=True, eq=False)
class Holding(_Data):
    """Who holds a post, on what basis, until when."""

    holder: str | None
    basis: HolderBasis
    employer: str | None
    term_ends: DateSpec | None
    since: date
    authorised_by: tuple[Authority, ...]


@attrs.frozen(kw_only=True, eq=False)
class PostState(_Data):
    """A post: its current title and holder (the holder is a separate fact)."""

    post: str
    title: str
    employer: str | None
    shared_by: tuple[str, ...]
    created: date
    holder: Holding | None = None
    title_until: DateSpec | None = None
    reverts_to: str | None = None
    term_expired: bool = False
    deleted: date | None = None
    authorised_by: tuple[Authority, ...] = ()
    #: Every title the post had before its current one, oldest first: a retitled post
    #: is the same post, and a delegation to it is exercised under its current title.
    former_titles: tuple[str, ...] = ()

    @property
    def active(self) -> bool:
        return self.deleted is None

    def known_as(self, title: str) -> bool:
        """Whether *title* is the post's current title or one it had before."""
        wanted = title.casefold()
        return any(t.casefold() == wanted for t in (self.title, *self.former_titles))


@attrs.frozen(kw_only=True, eq=False)
class Designation(_Data):
    """A council's statutory officer designation."""

    council: str
    role: DesignatedRole
    post: str | None
    person: str | None
    since: date
    authorised_by: tuple[Authority, ...]


@attrs.frozen(kw_only=True, eq=False)
class DelegationState(_Data):
    """A delegation of authority, in force until revoked or expired."""

    delegation: str
    delegates: tuple[Role, ...]
    consultees: tuple[Role, ...]
    scope: str
    limits: tuple[str, ...]
    jointly: bool
    through: str | None
    expires: DateSpec | None
    granted: date
    revoked: date | None = None
    exercised: tuple[str, ...] = ()
    authorised_by: tuple[Authority, ...] = ()
    #: The delegations this one replaced (the same power re-granted), earliest first.
    replaces: tuple[str, ...] = ()
    #: The delegation that replaced this one (it ended on ``revoked``).
    replaced_by: str | None = None

    def in_force_on(self, day: date) -> bool:
        """Whether the delegation can be exercised on *day*."""
        if day < self.granted or (self.revoked is not None and day >= self.revoked):
            return False
        return self.expires is None or day <= certain_from(self.expires)


@attrs.frozen(kw_only=True, eq=False)
class CostShare(_Data):
    """Exact proportions in which members share costs (or savings) for a scope."""

    scope: str
    description: str
    kind: ShareKind
    shares: tuple[Share, ...]
    since: date
    authorised_by: tuple[Authority, ...]

    def share_of(self, council: str) -> Fraction:
        """The council's share (zero if it has none)."""
        return sum((s.fraction for s in self.shares if s.council == council), Fraction(0))


@attrs.frozen(kw_only=True, eq=False)
class ActionState(_Data):
    """An assigned action, outstanding until completed."""

    action: str
    description: str
    assignee: Role | None
    due: DateSpec | None
    assigned: date
    completed: date | None = None
    authorised_by: tuple[Authority, ...] = ()

    @property
    def outstanding(self) -> bool:
        return self.completed is None


class ResolutionStatus(StrEnum):
    """Whether a recorded decision is in force on the day asked about, and if not, why."""

    IN_FORCE = "in_force"
    CALL_IN_WINDOW = "call_in_window"
    CALLED_IN = "called_in"
    NOT_YET_EFFECTIVE = "not_yet_effective"
    REFERRED_BACK = "referred_back"
    #: Taken at a meeting held informally, inquorate or not properly convened.
    NO_VALID_MEETING = "no_valid_meeting"


@attrs.frozen(kw_only=True, eq=False)
class ResolutionState(_Data):
    """A recorded decision and whether it is in force."""

    resolution: str
    decided_by: DecisionMaker
    decided: DateSpec | None
    effective: DateSpec
    item: str
    title: str
    status: ResolutionStatus
    in_force_from: date | None
    called_in: date | None = None
    call_in_outcome: CallInOutcome | None = None
    #: Whether it is subject to call-in, as recorded (never guessed), and why not.
    call_in: CallInStatus = CallInStatus.NOT_STATED
    call_in_exemption: CallInExemption | None = None
    call_in_deadline: date | None = None
    call_in_words: str | None = None
    #: Whether, on the state's day, it waits for call-in to end: its window is open,
    #: or it was called in and scrutiny has not yet determined it.
    awaiting_call_in: bool = False
    #: Taken as urgent (under an urgency power, named in ``urgency``, or as urgent
    #: business at a meeting); an urgent decision may still be subject to call-in.
    urgent: bool = False
    urgency: str | None = None
    #: The partnership the decision is recorded in, when it is not this state's own: a
    #: decision of another partnership that a change here cites
    #: (``ResolutionRef(partnership=...)``). ``None`` for a decision recorded here.
    recorded_in: str | None = None

    @property
    def decided_words(self) -> str:
        """When it was decided, in words: "date not stated" when the record gives none."""
        return "date not stated" if date_not_stated(self.decided) else describe(self.decided)

    @property
    def call_in_text(self) -> str:
        """Its call-in status in words ("subject to call-in until 2023-06-21")."""
        if self.call_in is CallInStatus.SUBJECT:
            until = f" until {self.call_in_deadline.isoformat()}" if self.call_in_deadline else ""
            return f"subject to call-in{until}"
        if self.call_in is CallInStatus.NOT_SUBJECT:
            why = self.call_in_exemption.value.replace("_", " ") if self.call_in_exemption else ""
            return f"not subject to call-in ({why})"
        return "call-in status not stated"


@attrs.frozen(kw_only=True, eq=False)
class InPrinciple(_Data):
    """A part agreed in principle: it authorises no change until its final decision."""

    ref: ResolutionRef
    summary: str
    since: date
    decided_by: DecisionMaker
    #: The part that made it final, and that part's outcome, once recorded.
    final: ResolutionRef | None = None
    final_outcome: Outcome | None = None

    @property
    def awaiting_final_decision(self) -> bool:
        return self.final is None

    def __str__(self) -> str:
        if self.final is None:
            return f"{self.ref}: agreed in principle ({self.summary}); awaiting the final decision"
        outcome = self.final_outcome.value if self.final_outcome else "recorded"
        return f"{self.ref}: agreed in principle; final decision {self.final} ({outcome})"


class Awaiting(StrEnum):
    """Why a decision is not yet in force."""

    CONDITION = "condition"
    MEMBER_DECISION = "member_decision"
    CALL_IN_WINDOW = "call_in_window"
    CALL_IN = "call_in"
    ADOPTION = "adoption"
    EFFECTIVE_DATE = "effective_date"
    PRECONDITION = "precondition"
    #: The decision it cites was recorded and then withdrawn (retracted) in its own
    #: partnership: nothing authorises it unless the decision is recorded again.
    RETRACTED = "retracted"


@attrs.frozen(kw_only=True, eq=False)
class WaitingReason(_Data):
    """Why a decision is not yet in force: what it awaits, and the detail in words."""

    kind: Awaiting
    detail: str

    def __str__(self) -> str:
        return self.detail


@attrs.frozen(kw_only=True, eq=False)
class PendingDecision(_Data):
    """A decision (or a change it authorises) that is not yet in force, and why."""

    description: str
    reasons: tuple[WaitingReason, ...]
    since: date
    event: Event | None = None
    ref: ResolutionRef | None = None


@attrs.frozen(kw_only=True, eq=False)
class LapsedDecision(_Data):
    """A decision, or a change, that never came into force."""

    description: str
    reason: str
    on: date
    event: Event | None = None
    ref: ResolutionRef | None = None


@attrs.frozen(kw_only=True, eq=False)
class UnrecordedOutcome(_Data):
    """A part whose outcome the record does not give: it authorises nothing."""

    description: str
    ref: ResolutionRef
    decided_by: DecisionMaker


@attrs.frozen(kw_only=True, eq=False)
class UncertainFact(_Data):
    """A fact dated by a period that contains the query date: it may or may not hold yet."""

    description: str
    period: Period
    event: Event


@attrs.frozen(kw_only=True, eq=False)
class Caveat(_Data):
    """A change in force although some council's decision on it is not in the ledger.

    ``councils`` are the parties whose agreement the change declares off the record
    (:class:`~govledger.events.NotOnRecord`), ``note`` what it says about each;
    ``agreed_by`` the councils whose decisions the ledger does hold.
    """

    description: str
    councils: tuple[str, ...]
    note: str
    since: date
    agreed_by: tuple[str, ...] = ()
    event: Event | None = None

    def __str__(self) -> str:
        who = ", ".join(c.upper() for c in self.councils)
        return (
            f"{self.description}: in force, but the decision of {who} is not on record "
            f"({self.note})"
        )


@attrs.frozen(kw_only=True, eq=False)
class PartnershipState(_Data):
    """A partnership as it stood on ``as_of``.

    Collections are tuples sorted by id; the lookup methods (:meth:`post`,
    :meth:`arrangement`, ...) find one entry by id. Closed entries (a decoupled
    arrangement, a disbanded body, a deleted post) stay, with their status and dates.
    """

    partnership: str
    as_of: date
    name: str | None = None
    formed: date | None = None
    dissolved: date | None = None
    members: tuple[Membership, ...] = ()
    former_members: tuple[Membership, ...] = ()
    bodies: tuple[BodyState, ...] = ()
    arrangements: tuple[ArrangementState, ...] = ()
    posts: tuple[PostState, ...] = ()
    designations: tuple[Designation, ...] = ()
    delegations: tuple[DelegationState, ...] = ()
    cost_shares: tuple[CostShare, ...] = ()
    resolutions: tuple[ResolutionState, ...] = ()
    actions: tuple[ActionState, ...] = ()
    pending: tuple[PendingDecision, ...] = ()
    lapsed: tuple[LapsedDecision, ...] = ()
    uncertain: tuple[UncertainFact, ...] = ()
    #: Parts of decisions in force whose outcome is not recorded (``Outcome.NOT_RECORDED``).
    unrecorded: tuple[UnrecordedOutcome, ...] = ()
    #: Parts agreed in principle, each with its final decision once there is one.
    agreed_in_principle: tuple[InPrinciple, ...] = ()
    #: Changes in force whose agreement by some council is declared not on record.
    caveats: tuple[Caveat, ...] = ()
    #: What :meth:`part` and :meth:`parts` read; derived from the rest, so not compared.
    parts_index: PartsIndex | None = attrs.field(default=None, eq=False, repr=False)

    def part(self, ref: ResolutionRef | str) -> PartState | None:
        """One numbered part of a recorded decision on ``as_of``, such as
        ``state.part("bdc-cabinet-45(2)(a)")``: its outcome, votes, conditions and their
        status, call-in position, who agreed it, and whether it is in force and why not
        (see :mod:`govledger.partstate`). ``None`` if no such part is recorded (or
        decided by then)."""
        if isinstance(ref, str):
            ref = ResolutionRef.parse(ref)
        return None if self.parts_index is None else self.parts_index.part(ref)

    def parts(self) -> tuple[PartState, ...]:
        """Every part of every decision taken by ``as_of``, by decision id then path."""
        return () if self.parts_index is None else tuple(self.parts_index.parts())

    @property
    def exists(self) -> bool:
        """Formed on or before ``as_of`` and not dissolved."""
        return self.formed is not None and self.dissolved is None

    @property
    def member_councils(self) -> frozenset[str]:
        return frozenset(m.council for m in self.members)

    @property
    def arrangements_in_force(self) -> tuple[ArrangementState, ...]:
        return tuple(a for a in self.arrangements if a.in_force)

    @property
    def shared_services(self) -> frozenset[str]:
        """Every service run jointly under an arrangement in force."""
        return frozenset(s for a in self.arrangements_in_force for s in a.services)

    @property
    def active_bodies(self) -> tuple[BodyState, ...]:
        return tuple(b for b in self.bodies if b.active)

    @property
    def delegations_in_force(self) -> tuple[DelegationState, ...]:
        return tuple(d for d in self.delegations if d.in_force_on(self.as_of))

    @property
    def outstanding_actions(self) -> tuple[ActionState, ...]:
        return tuple(a for a in self.actions if a.outstanding)

    def post(self, post: str) -> PostState | None:
        return next((p for p in self.posts if p.post == post), None)

    def arrangement(self, arrangement: str) -> ArrangementState | None:
        return next((a for a in self.arrangements if a.arrangement == arrangement), None)

    def body(self, body: str) -> BodyState | None:
        return next((b for b in self.bodies if b.body == body), None)

    def delegation(self, delegation: str) -> DelegationState | None:
        """The delegation by id; for one since replaced, the delegation that replaced it."""
        return next(
            (d for d in self.delegations if d.delegation == delegation or delegation in d.replaces),
            None,
        )

    def resolution(self, resolution: str) -> ResolutionState | None:
        return next((r for r in self.resolutions if r.resolution == resolution), None)

    def action(self, action: str) -> ActionState | None:
        return next((a for a in self.actions if a.action == action), None)

    def cost_share(self, scope: str) -> CostShare | None:
        return next((c for c in self.cost_shares if c.scope == scope), None)

    def designation(self, council: str, role: DesignatedRole) -> Designation | None:
        """The council's designation for *role* (a :class:`StatutoryRole` or any role's name)."""
        key = role_key(role)
        return next(
            (d for d in self.designations if d.council == council and role_key(d.role) == key),
            None,
        )

    def is_pending(self, event: Event) -> bool:
        """Whether *event* is recorded but not yet in force on ``as_of``."""
        return any(p.event == event for p in self.pending)

    def plot(self) -> Any:
        """This state as a matplotlib figure (needs matplotlib; see :mod:`govledger.plot`)."""
        from ..plot import state_figure  # an edge, imported only when asked

        return state_figure(self)

    def _repr_html_(self) -> str:
        """This state's timeline as HTML, for Jupyter (see :mod:`govledger.export.html`)."""
        from ..export.html import fragment  # an edge, imported only when asked
        from ..export.timeline import from_state

        return fragment(from_state(self))


_code.share_equalities(globals(), __name__)
