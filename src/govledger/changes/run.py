"""Changes over time: what changed in a partnership, on which day, on whose authority.

A :class:`Change` is one thing a reader of the minutes cares about — a post retitled,
a service decoupled, a delegation revoked, notice running out — with the day it took
effect, the entity it changed (its state before and after) and the authorities behind
it. Three views are built from a partnership's ``(position, event)`` pairs, the same
input as :func:`~govledger.projections.state_as_of`:

- :func:`timeline`: every dated change, in date order;
- :func:`diff`: the changes between two dates (the timeline sliced), so that
  :func:`apply_changes` turns the state on the first date into the state on the second;
- :func:`post_history` and :func:`arrangement_history`: every title and holder a post
  has had, every mechanism, service and status an arrangement has had, with dates and
  authorities.

:func:`diff_states` compares two states directly, without the events: it says what
differs, entity by entity, but several steps between the two dates show as one and a
state does not keep every authority (who disbanded a body, say), so prefer :func:`diff`.

What counts as an entity: the partnership itself (its name and its formation and
dissolution dates), members (current and former), bodies, arrangements, posts,
statutory designations, delegations, cost shares and actions. The decision bookkeeping
of a :class:`~govledger.projections.PartnershipState` — ``resolutions``, ``pending``,
``lapsed`` and ``uncertain`` — is not an entity: it says what was decided and what is
waiting, not what changed, and no change describes it.

A change takes effect on the day it does in the state: a fact dated by a
:class:`~govledger.events.Period` on the period's last day, a change waiting for a
condition on the day the condition is met. Some changes happen by the passage of time
alone (``by_time``): notice running out ends an arrangement the day after
``notice_ends``; a title held ``until`` a date reverts, a term expires and a delegation
lapses the day after their date. Those cite the decision that set the date.

Everything here is pure: no I/O, no clock.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, timedelta
from enum import StrEnum
from typing import Generic, TypeAlias, TypeVar

import attrs

from ..errors import UsageError
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
    BodyTermsRevised,
    CostShareAgreed,
    DateSpec,
    DelegatedDecisionTaken,
    DelegationGranted,
    DelegationRevoked,
    EndingStage,
    EndingStageReached,
    Event,
    HolderBasis,
    Mechanism,
    MemberAdmitted,
    MemberSucceeded,
    MemberWithdrew,
    NoticeGiven,
    PartnershipDissolved,
    PartnershipFormed,
    PostCreated,
    PostDeleted,
    PostHolderAppointed,
    PostRetitled,
    PostTermExtended,
    PostVacated,
    ResolutionRef,
    Share,
    StatutoryRoleDesignated,
    certain_from,
    describe,
    role_key,
)
from ..projections import (
    ActionState,
    ArrangementState,
    ArrangementStatus,
    BodyState,
    CostShare,
    DelegationState,
    Designation,
    Fold,
    Holding,
    Membership,
    PartnershipState,
    PostState,
    corrected,
    order_key,
    settle_arrangement,
    settle_post,
)

__all__ = [
    "ArrangementHistory",
    "Change",
    "ChangeKind",
    "EntityState",
    "EntityType",
    "HolderSpell",
    "MechanismSpell",
    "PartnershipFacts",
    "PostHistory",
    "ServiceSpell",
    "StatusSpell",
    "TitleSpell",
    "apply_changes",
    "arrangement_history",
    "diff",
    "diff_states",
    "post_history",
    "timeline",
]

_V = TypeVar("_V")
_K = TypeVar("_K", str, tuple[str, str])
_T = TypeVar("_T")
_ONE_DAY = timedelta(days=1)


# --------------------------------------------------------------------------- the vocabulary


class ChangeKind(StrEnum):
    """The kinds of change a reader of the minutes cares about, one per kind of step."""

    PARTNERSHIP_FORMED = "partnership_formed"
    PARTNERSHIP_RENAMED = "partnership_renamed"
    PARTNERSHIP_DISSOLVED = "partnership_dissolved"
    MEMBER_JOINED = "member_joined"
    MEMBER_LEFT = "member_left"
    MEMBER_SUCCEEDED = "member_succeeded"  # left, replaced by a successor authority
    BODY_ESTABLISHED = "body_established"
    BODY_DISBANDED = "body_disbanded"
    BODY_TERMS_REVISED = "body_terms_revised"
    BODY_MEMBERS_CHANGED = "body_members_changed"  # appointed, left, or a new chair
    ARRANGEMENT_ESTABLISHED = "arrangement_established"
    ARRANGEMENT_VARIED = "arrangement_varied"  # mechanism, lead, services, notice period
    NOTICE_GIVEN = "notice_given"
    ENDING_STAGE = "ending_stage"  # a step towards ending it, perhaps with no end date yet
    ARRANGEMENT_DECOUPLED = "arrangement_decoupled"  # services leaving (perhaps the last)
    ARRANGEMENT_ENDED = "arrangement_ended"  # ended, or its notice ran out
    POST_CREATED = "post_created"
    POST_RETITLED = "post_retitled"
    TITLE_REVERTED = "title_reverted"  # a title held ``until`` a date ran out
    HOLDER_APPOINTED = "holder_appointed"
    POST_VACATED = "post_vacated"
    TERM_EXTENDED = "term_extended"
    TERM_EXPIRED = "term_expired"
    POST_DELETED = "post_deleted"
    ROLE_DESIGNATED = "role_designated"
    DELEGATION_GRANTED = "delegation_granted"
    DELEGATION_EXERCISED = "delegation_exercised"
    DELEGATION_REVOKED = "delegation_revoked"
    DELEGATION_EXPIRED = "delegation_expired"
    COST_SHARE_AGREED = "cost_share_agreed"
    COST_SHARE_CHANGED = "cost_share_changed"
    ACTION_ASSIGNED = "action_assigned"
    ACTION_COMPLETED = "action_completed"
    AMENDED = "amended"  # recorded details changed in a way none of the above describes


class EntityType(StrEnum):
    """The kinds of entity a change acts on: one per entity collection of a state."""

    PARTNERSHIP = "partnership"
    MEMBER = "member"
    BODY = "body"
    ARRANGEMENT = "arrangement"
    POST = "post"
    DESIGNATION = "designation"
    DELEGATION = "delegation"
    COST_SHARE = "cost_share"
    ACTION = "action"


@attrs.frozen(kw_only=True)
class PartnershipFacts:
    """The partnership's own facts, as a change to the partnership sees them."""

    partnership: str
    name: str | None = None
    formed: date | None = None
    dissolved: date | None = None


#: What ``Change.before`` and ``Change.after`` hold: the entity's frozen state.
EntityState: TypeAlias = (
    PartnershipFacts
    | Membership
    | BodyState
    | ArrangementState
    | PostState
    | Designation
    | DelegationState
    | CostShare
    | ActionState
)


@attrs.frozen(kw_only=True)
class Change:
    """One dated change to one entity of a partnership.

    ``entity`` is the entity's id: a council slug for a member, a post id, an
    arrangement id, ``"<council>/<role>"`` for a statutory designation, the partnership
    id for the partnership itself. ``before`` and ``after`` are the entity's frozen
    state the day before and on ``on`` (``None`` when it did not exist, or is no longer
    recorded). When one day changes several aspects of one entity (a post created and
    filled the same day) there is one change per aspect, and they share ``before`` and
    ``after``. A member who leaves moves to the former members: ``after`` then has
    ``until`` set.

    ``authorised_by`` cites what authorised the change: the resolution parts (or outside
    documents) of the events behind it, or, for a change by the passage of time
    (``by_time``), of the decision that set the date.
    """

    kind: ChangeKind
    entity_type: EntityType
    entity: str
    on: date
    authorised_by: tuple[Authority, ...]
    before: EntityState | None
    after: EntityState | None
    description: str
    by_time: bool = False

    def __str__(self) -> str:
        return f"{self.on.isoformat()}: {self.description}"


# --------------------------------------------------------------------------- entity tables


@attrs.define
class _Entities:
    """A state's entity collections, keyed by id (the decision bookkeeping left out).

    In the timeline, ``before`` and ``after`` tables hold only the entities that may
    have changed that day.
    """

    facts: PartnershipFacts
    members: dict[str, Membership]
    former_members: dict[str, Membership]
    bodies: dict[str, BodyState]
    arrangements: dict[str, ArrangementState]
    posts: dict[str, PostState]
    designations: dict[tuple[str, str], Designation]
    delegations: dict[str, DelegationState]
    cost_shares: dict[str, CostShare]
    actions: dict[str, ActionState]

    @classmethod
    def empty(cls, partnership: str) -> _Entities:
        return cls(PartnershipFacts(partnership=partnership), {}, {}, {}, {}, {}, {}, {}, {}, {})

    @classmethod
    def of_state(cls, state: PartnershipState) -> _Entities:
        return cls(
            PartnershipFacts(
                partnership=state.partnership,
                name=state.name,
                formed=state.formed,
                dissolved=state.dissolved,
            ),
            {m.council: m for m in state.members},
            {m.council: m for m in state.former_members},
            {b.body: b for b in state.bodies},
            {a.arrangement: a for a in state.arrangements},
            {p.post: p for p in state.posts},
            {(d.council, d.role): d for d in state.designations},
            {d.delegation: d for d in state.delegations},
            {c.scope: c for c in state.cost_shares},
            {a.action: a for a in state.actions},
        )


def _facts(fold: Fold) -> PartnershipFacts:
    return PartnershipFacts(
        partnership=fold.partnership, name=fold.name, formed=fold.formed, dissolved=fold.dissolved
    )


def _move(
    key: _K,
    source: Mapping[_K, _T],
    kept: dict[_K, _T],
    before: dict[_K, _T],
    after: dict[_K, _T],
    settle: Callable[[_T], _T] | None = None,
) -> None:
    """Bring *kept*'s entry for *key* up to date from *source*, noting it before and after."""
    old, new = kept.get(key), source.get(key)
    if new is not None and settle is not None:
        new = settle(new)
    if old is not None:
        before[key] = old
    if new is None:
        kept.pop(key, None)
    else:
        after[key] = kept[key] = new


def _advance(
    kept: _Entities, fold: Fold, day: date, dirty: Iterable[tuple[EntityType, str]]
) -> tuple[_Entities, _Entities]:
    """Update *kept* (the entities as last frozen) from *fold* on *day*, for *dirty* only.

    Returns the dirty entities as they were and as they are now: all a diff needs.
    """
    before, after = _Entities.empty(fold.partnership), _Entities.empty(fold.partnership)
    for entity_type, entity in dirty:
        match entity_type:
            case EntityType.MEMBER:
                _move(entity, fold.members, kept.members, before.members, after.members)
                _move(
                    entity,
                    fold.former_members,
                    kept.former_members,
                    before.former_members,
                    after.former_members,
                )
            case EntityType.BODY:
                _move(entity, fold.bodies, kept.bodies, before.bodies, after.bodies)
            case EntityType.ARRANGEMENT:
                _move(
                    entity,
                    fold.arrangements,
                    kept.arrangements,
                    before.arrangements,
                    after.arrangements,
                    lambda a: settle_arrangement(a, day),
                )
            case EntityType.POST:
                _move(
                    entity,
                    fold.posts,
                    kept.posts,
                    before.posts,
                    after.posts,
                    lambda p: settle_post(p, day),
                )
            case EntityType.DESIGNATION:
                council, role = entity.split("/")
                _move(
                    (council, role),
                    fold.designations,
                    kept.designations,
                    before.designations,
                    after.designations,
                )
            case EntityType.DELEGATION:
                current = fold.delegations.get(entity)
                _move(
                    entity,
                    # a replaced delegation is no longer shown: its successor stands for it
                    {} if current is not None and current.replaced_by else fold.delegations,
                    kept.delegations,
                    before.delegations,
                    after.delegations,
                )
            case EntityType.COST_SHARE:
                _move(
                    entity,
                    fold.cost_shares,
                    kept.cost_shares,
                    before.cost_shares,
                    after.cost_shares,
                )
            case EntityType.ACTION:
                _move(entity, fold.actions, kept.actions, before.actions, after.actions)
            case EntityType.PARTNERSHIP:
                pass  # compared every day
    before.facts, after.facts = kept.facts, _facts(fold)
    kept.facts = after.facts
    return before, after


def _designation_id(key: tuple[str, str]) -> str:
    return f"{key[0]}/{role_key(key[1])}"


def _changed(before: Mapping[_K, _T], after: Mapping[_K, _T]) -> list[_K]:
    """The keys whose entry differs between *before* and *after*, sorted."""
    keys = {k for k, v in after.items() if before.get(k) is not v}
    keys.update(k for k in before if k not in after)
    return sorted(k for k in keys if before.get(k) != after.get(k))


# --------------------------------------------------------------------------- wording


def _label(value: str) -> str:
    return value.replace("_", " ")


def _mechanism(mechanism: Mechanism, detail: str | None) -> str:
    return _label(mechanism.value) + (f" ({detail})" if detail else "")


def _holder(holding: Holding) -> str:
    return holding.holder or "a holder (not named)"


def _shares(shares: Sequence[Share]) -> str:
    return ", ".join(f"{s.council.upper()} {s.fraction}" for s in shares)


def _unique(authorities: Iterable[Authority]) -> tuple[Authority, ...]:
    return tuple(dict.fromkeys(authorities))


# --------------------------------------------------------------------------- the diff

#: Finds the authority of a change from the events behind it: (type, id, kind, by_time).
_Lookup = Callable[[EntityType, str, ChangeKind, bool], tuple[Authority, ...] | None]


def _no_events(
    entity_type: EntityType, entity: str, kind: ChangeKind, by_time: bool
) -> tuple[Authority, ...] | None:
    return None


class _Diff:
    """Emits the changes between two entity tables, entity by entity, in a stable order."""

    def __init__(self, before_day: date, on: date, lookup: _Lookup) -> None:
        self.before_day = before_day
        self.on = on
        self.lookup = lookup
        self.found: list[Change] = []

    def emit(
        self,
        kind: ChangeKind,
        entity_type: EntityType,
        entity: str,
        before: EntityState | None,
        after: EntityState | None,
        description: str,
        fallback: tuple[Authority, ...] = (),
        *,
        by_time: bool = False,
    ) -> None:
        found = self.lookup(entity_type, entity, kind, by_time)
        self.found.append(
            Change(
                kind=kind,
                entity_type=entity_type,
                entity=entity,
                on=self.on,
                authorised_by=found if found is not None else fallback,
                before=before,
                after=after,
                description=description,
                by_time=by_time,
            )
        )

    def run(self, before: _Entities, after: _Entities) -> list[Change]:
        self._partnership(before.facts, after.facts)
        self._members(before, after)
        for body in _changed(before.bodies, after.bodies):
            self._body(body, before.bodies.get(body), after.bodies.get(body))
        for key in _changed(before.arrangements, after.arrangements):
            self._arrangement(key, before.arrangements.get(key), after.arrangements.get(key))
        for key in _changed(before.posts, after.posts):
            self._post(key, before.posts.get(key), after.posts.get(key))
        for role in _changed(before.designations, after.designations):
            self._designation(role, before.designations.get(role), after.designations.get(role))
        self._delegations(before.delegations, after.delegations)
        for scope in _changed(before.cost_shares, after.cost_shares):
            self._cost_share(scope, before.cost_shares.get(scope), after.cost_shares.get(scope))
        for key in _changed(before.actions, after.actions):
            self._action(key, before.actions.get(key), after.actions.get(key))
        return self.found

    def _gone(self, entity_type: EntityType, entity: str, before: EntityState) -> None:
        self.emit(
            ChangeKind.AMENDED,
            entity_type,
            entity,
            before,
            None,
            f"{_label(entity_type.value)} {entity!r} is no longer recorded",
        )

    # ---------------------------------------------------------------- partnership, members

    def _partnership(self, before: PartnershipFacts, after: PartnershipFacts) -> None:
        if before == after:
            return
        pid = after.partnership
        count = len(self.found)
        if after.formed is not None and before.formed != after.formed:
            self.emit(
                ChangeKind.PARTNERSHIP_FORMED,
                EntityType.PARTNERSHIP,
                pid,
                before,
                after,
                f"partnership {pid!r} formed as {after.name!r}",
            )
        elif before.formed is not None and before.name != after.name and after.name is not None:
            self.emit(
                ChangeKind.PARTNERSHIP_RENAMED,
                EntityType.PARTNERSHIP,
                pid,
                before,
                after,
                f"partnership {pid!r} renamed from {before.name!r} to {after.name!r}",
            )
        if after.dissolved is not None and before.dissolved != after.dissolved:
            self.emit(
                ChangeKind.PARTNERSHIP_DISSOLVED,
                EntityType.PARTNERSHIP,
                pid,
                before,
                after,
                f"partnership {pid!r} dissolved",
            )
        if len(self.found) == count:
            self.emit(
                ChangeKind.AMENDED,
                EntityType.PARTNERSHIP,
                pid,
                before,
                after,
                f"partnership {pid!r} amended",
            )

    def _members(self, before: _Entities, after: _Entities) -> None:
        councils = set(_changed(before.members, after.members))
        councils.update(_changed(before.former_members, after.former_members))
        for council in sorted(councils):
            was, now = before.members.get(council), after.members.get(council)
            was_former, now_former = (
                before.former_members.get(council),
                after.former_members.get(council),
            )
            left = now_former is not None and now_former != was_former
            if now_former is not None and left:
                successor = now_former.succeeded_by
                self.emit(
                    ChangeKind.MEMBER_SUCCEEDED if successor else ChangeKind.MEMBER_LEFT,
                    EntityType.MEMBER,
                    council,
                    was,
                    now_former,
                    f"{now_former.name} ({council.upper()}) was succeeded by {successor.upper()}"
                    if successor
                    else f"{now_former.name} ({council.upper()}) left the partnership",
                )
            if now is not None and now != was:
                self.emit(
                    ChangeKind.MEMBER_JOINED,
                    EntityType.MEMBER,
                    council,
                    None if left else was,
                    now,
                    f"{now.name} ({council.upper()}) joined the partnership",
                )
            if now is None and was is not None and not left:
                self._gone(EntityType.MEMBER, council, was)
            if now_former is None and was_former is not None:
                self._gone(EntityType.MEMBER, council, was_former)

    # ---------------------------------------------------------------- bodies

    def _body(self, key: str, before: BodyState | None, after: BodyState | None) -> None:
        if after is None:
            if before is not None:
                self._gone(EntityType.BODY, key, before)
            return
        base = before if before is not None and before.established == after.established else None
        count = len(self.found)
        if base is None or (base.disbanded is not None and after.disbanded is None):
            self.emit(
                ChangeKind.BODY_ESTABLISHED,
                EntityType.BODY,
                key,
                before,
                after,
                f"body {key!r} ({after.name}, {_label(after.kind.value)}) established",
                after.authorised_by,
            )
        if after.disbanded is not None and (base is None or base.disbanded is None):
            self.emit(
                ChangeKind.BODY_DISBANDED,
                EntityType.BODY,
                key,
                before,
                after,
                f"body {key!r} disbanded",
            )
        if base is not None and (base.terms_of_reference, base.terms_revised) != (
            after.terms_of_reference,
            after.terms_revised,
        ):
            self.emit(
                ChangeKind.BODY_TERMS_REVISED,
                EntityType.BODY,
                key,
                before,
                after,
                f"body {key!r}: terms of reference revised ({after.terms_of_reference})",
                after.authorised_by,
            )
        if base is not None and (base.members, base.former_members) != (
            after.members,
            after.former_members,
        ):
            chair = after.chair.member if after.chair is not None else "none recorded"
            self.emit(
                ChangeKind.BODY_MEMBERS_CHANGED,
                EntityType.BODY,
                key,
                before,
                after,
                f"body {key!r}: members now {', '.join(m.member for m in after.members) or 'none'}"
                f" (chair: {chair})",
                after.authorised_by,
            )
        if len(self.found) == count:
            self.emit(
                ChangeKind.AMENDED,
                EntityType.BODY,
                key,
                before,
                after,
                f"body {key!r} amended",
                after.authorised_by,
            )

    # ---------------------------------------------------------------- arrangements

    def _arrangement(
        self, key: str, before: ArrangementState | None, after: ArrangementState | None
    ) -> None:
        if after is None:
            if before is not None:
                self._gone(EntityType.ARRANGEMENT, key, before)
            return
        base = before if before is not None and before.since == after.since else None
        count = len(self.found)

        def emit(
            kind: ChangeKind, description: str, fallback: tuple[Authority, ...], **kw: bool
        ) -> None:
            self.emit(kind, EntityType.ARRANGEMENT, key, before, after, description, fallback, **kw)

        if base is None:
            services = ", ".join(after.services) or "no services"
            lead = f", led by {after.lead.upper()}" if after.lead else ""
            emit(
                ChangeKind.ARRANGEMENT_ESTABLISHED,
                f"arrangement {key!r} ({after.name}) established for {services} under "
                f"{_mechanism(after.mechanism, after.mechanism_detail)}{lead}",
                after.authorised_by,
            )
        else:
            variations = _variations(base, after)
            if variations:
                emit(
                    ChangeKind.ARRANGEMENT_VARIED,
                    f"arrangement {key!r} varied: {'; '.join(variations)}",
                    after.authorised_by,
                )
        previous = base.decoupled_services if base is not None else ()
        leaving = tuple(s for s in after.decoupled_services if s not in previous)
        closed = after.status is ArrangementStatus.DECOUPLED and (
            base is None or base.status is not ArrangementStatus.DECOUPLED
        )
        if leaving or closed:
            what = ", ".join(leaving) or "its last services"
            rest = "; no services remain, so it is decoupled" if closed else ""
            emit(
                ChangeKind.ARRANGEMENT_DECOUPLED,
                f"{what} decoupled from arrangement {key!r}{rest}",
                after.authorised_by if closed else (),
            )
        if after.status is ArrangementStatus.UNDER_NOTICE and (
            base is None
            or base.status is not ArrangementStatus.UNDER_NOTICE
            or (base.notice_ends, base.notice_given_by)
            != (after.notice_ends, after.notice_given_by)
        ):
            ends = after.notice_ends.isoformat() if after.notice_ends else "a date not recorded"
            emit(
                ChangeKind.NOTICE_GIVEN,
                f"{(after.notice_given_by or 'a member').upper()} gave notice on arrangement "
                f"{key!r}, ending {ends}",
                after.authorised_by,
            )
        staged = after.ending[len(base.ending) :] if base is not None else after.ending
        for step in staged:
            if step.stage is EndingStage.NOTICE_GIVEN and step.ends is not None:
                continue  # reported as notice given above
            emit(ChangeKind.ENDING_STAGE, f"arrangement {key!r} {step}", step.authorised_by)
        if after.status is ArrangementStatus.ENDED and (
            base is None or base.status is not ArrangementStatus.ENDED
        ):
            by_notice = (
                after.notice_ends is not None
                and after.closed_on == after.notice_ends
                and self.on > after.notice_ends
            )
            if by_notice:
                description = (
                    f"arrangement {key!r} ended when the notice given by "
                    f"{(after.notice_given_by or 'a member').upper()} ran out on "
                    f"{after.closed_on.isoformat() if after.closed_on else 'its end date'}"
                )
            else:
                description = f"arrangement {key!r} ended"
            emit(
                ChangeKind.ARRANGEMENT_ENDED,
                description,
                (base or after).authorised_by if by_notice else after.authorised_by,
                by_time=by_notice,
            )
        if len(self.found) == count:
            emit(
                ChangeKind.ARRANGEMENT_VARIED,
                f"arrangement {key!r} varied (its terms restated)",
                after.authorised_by,
            )

    # ---------------------------------------------------------------- posts

    def _post(self, key: str, before: PostState | None, after: PostState | None) -> None:
        if after is None:
            if before is not None:
                self._gone(EntityType.POST, key, before)
            return
        base = before if before is not None and before.created == after.created else None
        count = len(self.found)

        def emit(
            kind: ChangeKind, description: str, fallback: tuple[Authority, ...], **kw: bool
        ) -> None:
            self.emit(kind, EntityType.POST, key, before, after, description, fallback, **kw)

        if base is None:
            emit(
                ChangeKind.POST_CREATED,
                f"post {key!r} created as {after.title!r}",
                after.authorised_by,
            )
        else:
            self._titles(key, base, after, emit)
        held = base.holder if base is not None else None
        now = after.holder
        if now is not None and (held is None or not _same_holding(held, now)):
            term = f", term ending {describe(now.term_ends)}" if now.term_ends else ""
            emit(
                ChangeKind.HOLDER_APPOINTED,
                f"{_holder(now)} appointed to post {key!r} ({now.basis.value}){term}",
                now.authorised_by,
            )
        elif now is not None and held is not None and now.term_ends != held.term_ends:
            emit(
                ChangeKind.TERM_EXTENDED,
                f"term of {_holder(now)} in post {key!r} extended to {describe(now.term_ends)}",
                (),
            )
        if (
            now is not None
            and after.term_expired
            and not (base is not None and base.term_expired and held is not None and held == now)
        ):
            emit(
                ChangeKind.TERM_EXPIRED,
                f"term of {_holder(now)} in post {key!r} expired ({describe(now.term_ends)})",
                now.authorised_by,
                by_time=True,
            )
        deleted = after.deleted is not None and (base is None or base.deleted is None)
        if now is None and held is not None and not deleted:
            emit(ChangeKind.POST_VACATED, f"post {key!r} vacated by {_holder(held)}", ())
        if deleted:
            emit(ChangeKind.POST_DELETED, f"post {key!r} deleted", ())
        if len(self.found) == count:
            emit(ChangeKind.AMENDED, f"post {key!r} amended", after.authorised_by)

    def _titles(
        self,
        key: str,
        base: PostState,
        after: PostState,
        emit: Callable[..., None],
    ) -> None:
        title, until = base.title, base.title_until
        if until is not None and self.on > certain_from(until):
            reverted = base.reverts_to or base.title
            if reverted != base.title:
                emit(
                    ChangeKind.TITLE_REVERTED,
                    f"post {key!r} title reverted from {base.title!r} to {reverted!r} after "
                    f"{describe(until)}",
                    base.authorised_by,
                    by_time=True,
                )
            title, until = reverted, None
        if (title, until) != (after.title, after.title_until):
            held = f" until {describe(after.title_until)}" if after.title_until else ""
            emit(
                ChangeKind.POST_RETITLED,
                f"post {key!r} retitled from {title!r} to {after.title!r}{held}",
                after.authorised_by,
            )
        elif after.former_titles != base.former_titles:
            # Retitled and back within the day: the title stands, but the post was
            # known by another for a moment, and keeps it among its former titles.
            gained = [
                t for t in after.former_titles if t not in base.former_titles and t != after.title
            ]
            passing = " as " + ", ".join(repr(t) for t in gained) if gained else ""
            emit(
                ChangeKind.POST_RETITLED,
                f"post {key!r} retitled{passing} and back to {after.title!r}",
                after.authorised_by,
            )

    # ---------------------------------------------------------------- designations

    def _designation(
        self,
        key: tuple[str, str],
        before: Designation | None,
        after: Designation | None,
    ) -> None:
        entity = _designation_id(key)
        if after is None:
            if before is not None:
                self._gone(EntityType.DESIGNATION, entity, before)
            return
        who = after.person or (f"the holder of post {after.post!r}" if after.post else "someone")
        self.emit(
            ChangeKind.ROLE_DESIGNATED,
            EntityType.DESIGNATION,
            entity,
            before,
            after,
            f"{after.council.upper()} designated {who} as {_label(str(after.role))}",
            after.authorised_by,
        )

    # ---------------------------------------------------------------- delegations

    def _delegations(
        self, before: Mapping[str, DelegationState], after: Mapping[str, DelegationState]
    ) -> None:
        changed = set(_changed(before, after))
        expiring = {k for k, d in after.items() if self._expired(d)}
        for key in sorted(changed | expiring):
            self._delegation(key, before.get(key), after.get(key))

    def _expired(self, delegation: DelegationState) -> bool:
        """Whether *delegation* lapsed by expiry after ``before_day``, on or before ``on``."""
        if delegation.expires is None:
            return False
        last = certain_from(delegation.expires)
        revoked_first = delegation.revoked is not None and delegation.revoked <= last + _ONE_DAY
        return (
            self.before_day <= last < self.on and delegation.granted <= last and not revoked_first
        )

    def _delegation(
        self, key: str, before: DelegationState | None, after: DelegationState | None
    ) -> None:
        if after is None:
            if before is not None:
                self._gone(EntityType.DELEGATION, key, before)
            return
        base = before if before is not None and before.granted == after.granted else None
        count = len(self.found)

        def emit(
            kind: ChangeKind, description: str, fallback: tuple[Authority, ...], **kw: bool
        ) -> None:
            self.emit(kind, EntityType.DELEGATION, key, before, after, description, fallback, **kw)

        if base is None:
            delegates = " and ".join(str(d) for d in after.delegates)
            emit(
                ChangeKind.DELEGATION_GRANTED,
                f"delegation {key!r} granted to {delegates}: {after.scope}",
                after.authorised_by,
            )
        exercised = tuple(d for d in after.exercised if base is None or d not in base.exercised)
        if exercised:
            emit(
                ChangeKind.DELEGATION_EXERCISED,
                f"delegation {key!r} exercised: decision {', '.join(exercised)}",
                tuple(ResolutionRef(resolution=d) for d in exercised),
            )
        if after.revoked is not None and (base is None or base.revoked is None):
            emit(ChangeKind.DELEGATION_REVOKED, f"delegation {key!r} revoked", ())
        if self._expired(after):
            emit(
                ChangeKind.DELEGATION_EXPIRED,
                f"delegation {key!r} expired ({describe(after.expires)})",
                after.authorised_by,
                by_time=True,
            )
        if len(self.found) == count:
            emit(ChangeKind.AMENDED, f"delegation {key!r} amended", after.authorised_by)

    # ---------------------------------------------------------------- money and actions

    def _cost_share(self, key: str, before: CostShare | None, after: CostShare | None) -> None:
        if after is None:
            if before is not None:
                self._gone(EntityType.COST_SHARE, key, before)
            return
        what = f"{after.kind.value} for {key!r}"
        if before is None:
            kind = ChangeKind.COST_SHARE_AGREED
            description = f"{what} shared {_shares(after.shares)}"
        else:
            kind = ChangeKind.COST_SHARE_CHANGED
            description = (
                f"{what} now shared {_shares(after.shares)} (was {_shares(before.shares)})"
            )
        self.emit(kind, EntityType.COST_SHARE, key, before, after, description, after.authorised_by)

    def _action(self, key: str, before: ActionState | None, after: ActionState | None) -> None:
        if after is None:
            if before is not None:
                self._gone(EntityType.ACTION, key, before)
            return
        base = before if before is not None and before.assigned == after.assigned else None
        count = len(self.found)
        if base is None:
            who = f" to {after.assignee}" if after.assignee is not None else ""
            self.emit(
                ChangeKind.ACTION_ASSIGNED,
                EntityType.ACTION,
                key,
                before,
                after,
                f"action {key!r} assigned{who}: {after.description}",
                after.authorised_by,
            )
        if after.completed is not None and (base is None or base.completed is None):
            self.emit(
                ChangeKind.ACTION_COMPLETED,
                EntityType.ACTION,
                key,
                before,
                after,
                f"action {key!r} completed",
            )
        if len(self.found) == count:
            self.emit(
                ChangeKind.AMENDED,
                EntityType.ACTION,
                key,
                before,
                after,
                f"action {key!r} amended",
                after.authorised_by,
            )


def _same_holding(one: Holding, other: Holding) -> bool:
    """The same appointment (its term may differ)."""
    return (one.holder, one.basis, one.employer, one.since) == (
        other.holder,
        other.basis,
        other.employer,
        other.since,
    )


def _variations(before: ArrangementState, after: ArrangementState) -> list[str]:
    """What an arrangement's variation changed, in words (decoupling aside)."""
    found: list[str] = []
    if after.name != before.name:
        found.append(f"renamed {after.name!r}")
    if (after.mechanism, after.mechanism_detail) != (before.mechanism, before.mechanism_detail):
        found.append(
            f"mechanism changed from {_mechanism(before.mechanism, before.mechanism_detail)} "
            f"to {_mechanism(after.mechanism, after.mechanism_detail)}"
        )
    if after.lead != before.lead:
        old = before.lead.upper() if before.lead else "none"
        new = after.lead.upper() if after.lead else "none"
        found.append(f"lead changed from {old} to {new}")
    added = [s for s in after.services if s not in before.services]
    removed = [
        s for s in before.services if s not in after.services and s not in after.decoupled_services
    ]
    if added:
        found.append(f"{', '.join(added)} added")
    if removed and after.status is not ArrangementStatus.DECOUPLED:
        found.append(f"{', '.join(removed)} removed")
    if after.notice_period != before.notice_period:
        found.append(f"notice period now {after.notice_period or 'not stated'}")
    return found


def _check_day(name: str, value: object) -> date:
    if not isinstance(value, date) or type(value).__name__ == "datetime":
        raise UsageError(
            f"{name} must be a datetime.date, not {type(value).__name__}; "
            "pass a day such as date(2022, 9, 1)"
        )
    return value


def diff_states(
    before: PartnershipState, after: PartnershipState, *, on: date | None = None
) -> tuple[Change, ...]:
    """The structural differences between two states of one partnership, entity by entity.

    Each change is dated *on* (by default ``after.as_of``). Entities come in a stable
    order: the partnership, members, bodies, arrangements, posts, designations,
    delegations, cost shares, actions, each sorted by id. Only the two states are
    compared, so several steps between them show as one, and where a state does not
    keep the authority of a change (a body disbanded, a post vacated) ``authorised_by``
    is empty: :func:`diff` takes both from the events. Pending, lapsed and uncertain
    decisions and resolutions are bookkeeping, not entities, and are not compared.

    Raises :class:`~govledger.errors.UsageError` if the states are of different
    partnerships or *before* is the later one.
    """
    if before.partnership != after.partnership:
        raise UsageError(
            f"cannot compare partnership {before.partnership!r} with {after.partnership!r}; "
            "pass two states of the same partnership"
        )
    if before.as_of > after.as_of:
        raise UsageError(
            f"the first state is as of {before.as_of}, after the second ({after.as_of}); "
            "pass the earlier state first"
        )
    day = after.as_of if on is None else _check_day("on", on)
    return tuple(
        _Diff(before.as_of, day, _no_events).run(
            _Entities.of_state(before), _Entities.of_state(after)
        )
    )


# --------------------------------------------------------------------------- the timeline

_Target = tuple[EntityType, str, ChangeKind]


def _targets(event: Event) -> list[_Target]:
    """The entities *event* changes when it takes effect, and how.

    This must name every entity :meth:`Fold._apply` touches for the event: the timeline
    compares only those (and the entities whose date has come) from one day to the next.
    The property tests check the timeline against :func:`state_as_of` day by day.
    """
    match event:
        case PartnershipFormed():
            return [
                (EntityType.PARTNERSHIP, event.partnership, ChangeKind.PARTNERSHIP_FORMED),
                *((EntityType.MEMBER, m.council, ChangeKind.MEMBER_JOINED) for m in event.members),
            ]
        case PartnershipDissolved():
            return [(EntityType.PARTNERSHIP, event.partnership, ChangeKind.PARTNERSHIP_DISSOLVED)]
        case MemberAdmitted():
            return [(EntityType.MEMBER, event.member.council, ChangeKind.MEMBER_JOINED)]
        case MemberWithdrew():
            return [(EntityType.MEMBER, event.council, ChangeKind.MEMBER_LEFT)]
        case MemberSucceeded():
            return [
                (EntityType.MEMBER, event.council, ChangeKind.MEMBER_SUCCEEDED),
                (EntityType.MEMBER, event.successor.council, ChangeKind.MEMBER_JOINED),
            ]
        case BodyEstablished():
            return [(EntityType.BODY, event.body, ChangeKind.BODY_ESTABLISHED)]
        case BodyDisbanded():
            return [(EntityType.BODY, event.body, ChangeKind.BODY_DISBANDED)]
        case BodyTermsRevised():
            return [(EntityType.BODY, event.body, ChangeKind.BODY_TERMS_REVISED)]
        case BodyMemberAppointed() | BodyMemberLeft():
            return [(EntityType.BODY, event.body, ChangeKind.BODY_MEMBERS_CHANGED)]
        case DelegatedDecisionTaken():
            return [(EntityType.DELEGATION, event.delegation, ChangeKind.DELEGATION_EXERCISED)]
        case ArrangementEstablished():
            return [(EntityType.ARRANGEMENT, event.arrangement, ChangeKind.ARRANGEMENT_ESTABLISHED)]
        case ArrangementVaried():
            return [(EntityType.ARRANGEMENT, event.arrangement, ChangeKind.ARRANGEMENT_VARIED)]
        case NoticeGiven():
            return [(EntityType.ARRANGEMENT, event.arrangement, ChangeKind.NOTICE_GIVEN)]
        case EndingStageReached():
            return [
                (EntityType.ARRANGEMENT, event.arrangement, ChangeKind.ENDING_STAGE),
                (EntityType.ARRANGEMENT, event.arrangement, ChangeKind.NOTICE_GIVEN),
            ]
        case ArrangementDecoupled():
            return [(EntityType.ARRANGEMENT, event.arrangement, ChangeKind.ARRANGEMENT_DECOUPLED)]
        case ArrangementEnded():
            return [(EntityType.ARRANGEMENT, event.arrangement, ChangeKind.ARRANGEMENT_ENDED)]
        case PostCreated():
            return [(EntityType.POST, event.post, ChangeKind.POST_CREATED)]
        case PostRetitled():
            return [(EntityType.POST, event.post, ChangeKind.POST_RETITLED)]
        case PostHolderAppointed():
            return [(EntityType.POST, event.post, ChangeKind.HOLDER_APPOINTED)]
        case PostVacated():
            return [(EntityType.POST, event.post, ChangeKind.POST_VACATED)]
        case PostTermExtended():
            return [(EntityType.POST, event.post, ChangeKind.TERM_EXTENDED)]
        case PostDeleted():
            return [(EntityType.POST, event.post, ChangeKind.POST_DELETED)]
        case StatutoryRoleDesignated():
            entity = _designation_id((event.council, role_key(event.role)))
            return [(EntityType.DESIGNATION, entity, ChangeKind.ROLE_DESIGNATED)]
        case DelegationGranted():
            granted = [(EntityType.DELEGATION, event.delegation, ChangeKind.DELEGATION_GRANTED)]
            if event.replaces is not None and event.replaces != event.delegation:
                granted.append(
                    (EntityType.DELEGATION, event.replaces, ChangeKind.DELEGATION_REVOKED)
                )
            return granted
        case DelegationRevoked():
            return [(EntityType.DELEGATION, event.delegation, ChangeKind.DELEGATION_REVOKED)]
        case CostShareAgreed():
            return [
                (EntityType.COST_SHARE, event.scope, ChangeKind.COST_SHARE_AGREED),
                (EntityType.COST_SHARE, event.scope, ChangeKind.COST_SHARE_CHANGED),
            ]
        case ActionAssigned():
            return [(EntityType.ACTION, event.action, ChangeKind.ACTION_ASSIGNED)]
        case ActionCompleted():
            return [(EntityType.ACTION, event.action, ChangeKind.ACTION_COMPLETED)]
        case _:
            return []  # decisions, call-ins and conditions change no entity themselves


def _schedules(event: Event) -> list[_Target]:
    """The changes by the passage of time whose date *event* sets."""
    match event:
        case NoticeGiven():
            return [(EntityType.ARRANGEMENT, event.arrangement, ChangeKind.ARRANGEMENT_ENDED)]
        case EndingStageReached() if event.ends is not None:
            return [(EntityType.ARRANGEMENT, event.arrangement, ChangeKind.ARRANGEMENT_ENDED)]
        case PostRetitled() if event.until is not None:
            return [(EntityType.POST, event.post, ChangeKind.TITLE_REVERTED)]
        case PostHolderAppointed() | PostTermExtended():
            return [(EntityType.POST, event.post, ChangeKind.TERM_EXPIRED)]
        case DelegationGranted():
            return [(EntityType.DELEGATION, event.delegation, ChangeKind.DELEGATION_EXPIRED)]
        case _:
            return []


def _authority_of(event: Event) -> tuple[Authority, ...]:
    if isinstance(event, DelegatedDecisionTaken):
        return (ResolutionRef(resolution=event.decision),)  # the decision itself is citable
    found: tuple[Authority, ...] = getattr(event, "authorised_by", ())
    return found


class _RecordingFold(Fold):
    """A fold that notes, day by day, which events took effect and what they cite.

    It relies on :meth:`Fold._apply` being the one place an event takes effect.
    """

    def __init__(self, partnership: str) -> None:
        super().__init__(partnership)
        self.today: dict[tuple[EntityType, str], dict[ChangeKind, list[Authority]]] = {}
        self.scheduled: dict[_Target, tuple[Authority, ...]] = {}
        self._scheduled_today: dict[_Target, tuple[Authority, ...]] = {}

    def _apply(self, event: Event) -> None:
        super()._apply(event)
        authority = _authority_of(event)
        for entity_type, entity, kind in _targets(event):
            cited = self.today.setdefault((entity_type, entity), {}).setdefault(kind, [])
            cited.extend(authority)
        for target in _schedules(event):
            self._scheduled_today[target] = authority

    def lookup(
        self, entity_type: EntityType, entity: str, kind: ChangeKind, by_time: bool
    ) -> tuple[Authority, ...] | None:
        """The authority of a change on the current day, from the events behind it."""
        if by_time:  # cite the decision that set the date, as it stood before today
            scheduled = self.scheduled.get((entity_type, entity, kind))
            if scheduled is not None:
                return scheduled
        recorded = self.today.get((entity_type, entity), {})
        if kind in recorded:
            return _unique(recorded[kind])
        if recorded:
            return _unique(a for cited in recorded.values() for a in cited)
        return None

    def end_day(self) -> None:
        """Forget the day's events; schedules set today apply from tomorrow."""
        self.today.clear()
        self.scheduled.update(self._scheduled_today)
        self._scheduled_today.clear()


def _day_after(day: date) -> date | None:
    return None if day == date.max else day + _ONE_DAY


def _thresholds(state: EntityState | None) -> list[date]:
    """The last days on which time alone leaves *state* unchanged."""
    found: list[date] = []
    if isinstance(state, PostState):
        if state.title_until is not None:
            found.append(certain_from(state.title_until))
        if state.holder is not None and state.holder.term_ends is not None:
            found.append(certain_from(state.holder.term_ends))
    elif isinstance(state, ArrangementState):
        if state.status is ArrangementStatus.UNDER_NOTICE and state.notice_ends is not None:
            found.append(state.notice_ends)
    elif isinstance(state, DelegationState) and state.expires is not None and state.revoked is None:
        found.append(certain_from(state.expires))
    return found


def _checked(partnership: str, pairs: Iterable[tuple[int, Event]]) -> list[tuple[int, Event]]:
    """The pairs that stand once retractions are applied, as :func:`state_as_of` folds them."""
    checked = list(pairs)
    for position, event in checked:
        if event.partnership != partnership:
            raise UsageError(
                f"the event at position {position} belongs to partnership "
                f"{event.partnership!r}, not {partnership!r}; pass only the partnership's own "
                "(position, event) pairs"
            )
    return corrected(checked)


def _run(
    partnership: str, pairs: Iterable[tuple[int, Event]], until: date | None = None
) -> tuple[list[Change], _Entities]:
    """Fold once, freezing the entities on each day something may change; diff each day.

    Only the entities an event touched that day, or whose date has come, are compared,
    so the work grows with the number of changes, not days times entities. Returns the
    changes (up to *until*, if given) and the entities after the last one.
    """
    ordered = sorted(_checked(partnership, pairs), key=lambda pair: order_key(pair[1], pair[0]))
    fold = _RecordingFold(partnership)
    kept, previous_day = _Entities.empty(partnership), date.min
    changes: list[Change] = []
    due: list[date] = []  # days on which time alone may change something (a heap)
    due_entities: dict[date, set[tuple[EntityType, str]]] = {}  # ... and what it may change
    index = 0
    while index < len(ordered) or due:
        candidates = [due[0]] if due else []
        if index < len(ordered):
            candidates.append(certain_from(ordered[index][1].effective))
        day = min(candidates)
        if until is not None and day > until:
            break
        while due and due[0] == day:
            heapq.heappop(due)
        while index < len(ordered) and certain_from(ordered[index][1].effective) == day:
            fold.feed(ordered[index][1])
            index += 1
        dirty = due_entities.pop(day, set()) | set(fold.today)
        before, after = _advance(kept, fold, day, sorted(dirty))
        found = _Diff(previous_day, day, fold.lookup).run(before, after)
        fold.end_day()
        changes.extend(found)
        for change in found:
            for last in _thresholds(change.after):
                next_day = _day_after(last)
                if next_day is not None and next_day > day:
                    if next_day not in due_entities:
                        heapq.heappush(due, next_day)
                    due_entities.setdefault(next_day, set()).add(
                        (change.entity_type, change.entity)
                    )
        previous_day = day
    return changes, kept


def timeline(partnership: str, pairs: Iterable[tuple[int, Event]]) -> tuple[Change, ...]:
    """Every dated change to *partnership*, in date order (a stable order within a day).

    *pairs* are the partnership's ``(position, event)`` pairs in any order, as for
    :func:`~govledger.projections.state_as_of` (retractions among them are applied
    first, as there). The events are folded once; the state
    is frozen on each day an event takes effect and on each day time alone changes
    something (the day after a notice, a temporary title, a term or a delegation
    runs out), and consecutive days are compared. Changes scheduled for days still to
    come (notice running out next year) are included.

    Raises :class:`~govledger.errors.UsageError` if a pair belongs to another
    partnership.
    """
    return tuple(_run(partnership, pairs)[0])


def diff(
    partnership: str, pairs: Iterable[tuple[int, Event]], from_date: date, to_date: date
) -> tuple[Change, ...]:
    """The changes to *partnership* after *from_date*, up to and including *to_date*.

    The :func:`timeline` sliced to ``from_date < on <= to_date``: applied in order to the
    state on *from_date* (see :func:`apply_changes`), they give the state on *to_date*.
    ``diff(p, pairs, d, d)`` is empty.

    Raises :class:`~govledger.errors.UsageError` if *from_date* is after *to_date*.
    """
    _check_day("from_date", from_date)
    _check_day("to_date", to_date)
    if from_date > to_date:
        raise UsageError(
            f"from_date {from_date} is after to_date {to_date}; pass the earlier date first"
        )
    changes, _ = _run(partnership, pairs, until=to_date)
    return tuple(c for c in changes if c.on > from_date)


# --------------------------------------------------------------------------- applying changes


def apply_changes(
    state: PartnershipState, changes: Iterable[Change], *, as_of: date | None = None
) -> PartnershipState:
    """*state* with each change's entity replaced by its ``after`` (or removed), in order.

    With ``diff(p, pairs, d1, d2)`` applied to the state on ``d1``, the entity
    collections (the partnership's name and dates, members, former members, bodies,
    arrangements, posts, designations, delegations, cost shares and actions) equal the
    state's on ``d2``. Resolutions, pending, lapsed and uncertain decisions are carried
    over from *state* unchanged: changes do not describe them. The result is as of
    *as_of*, by default the latest of ``state.as_of`` and the changes' days.

    Raises :class:`~govledger.errors.UsageError` for a change of another partnership's
    entity or one whose ``before``/``after`` does not fit its ``entity_type``.
    """
    facts = _Entities.of_state(state).facts
    members = {m.council: m for m in state.members}
    former = {m.council: m for m in state.former_members}
    tables: dict[EntityType, dict[str, EntityState]] = {
        EntityType.BODY: {b.body: b for b in state.bodies},
        EntityType.ARRANGEMENT: {a.arrangement: a for a in state.arrangements},
        EntityType.POST: {p.post: p for p in state.posts},
        EntityType.DESIGNATION: {
            _designation_id((d.council, d.role)): d for d in state.designations
        },
        EntityType.DELEGATION: {d.delegation: d for d in state.delegations},
        EntityType.COST_SHARE: {c.scope: c for c in state.cost_shares},
        EntityType.ACTION: {a.action: a for a in state.actions},
    }
    latest = state.as_of
    for change in changes:
        latest = max(latest, change.on)
        _fits(change)
        if change.entity_type is EntityType.PARTNERSHIP:
            if change.entity != state.partnership:
                raise UsageError(
                    f"the change {change} is to partnership {change.entity!r}, not "
                    f"{state.partnership!r}; apply only the partnership's own changes"
                )
            after = change.after
            facts = (
                after
                if isinstance(after, PartnershipFacts)
                else PartnershipFacts(partnership=state.partnership)
            )
        elif change.entity_type is EntityType.MEMBER:
            _apply_member(change, members, former)
        elif change.after is None:
            tables[change.entity_type].pop(change.entity, None)
        else:
            tables[change.entity_type][change.entity] = change.after
    return attrs.evolve(
        state,
        as_of=latest if as_of is None else _check_day("as_of", as_of),
        name=facts.name,
        formed=facts.formed,
        dissolved=facts.dissolved,
        members=_in_order(members, Membership),
        former_members=_in_order(former, Membership),
        bodies=_in_order(tables[EntityType.BODY], BodyState),
        arrangements=_in_order(tables[EntityType.ARRANGEMENT], ArrangementState),
        posts=_in_order(tables[EntityType.POST], PostState),
        designations=tuple(
            sorted(
                _in_order(tables[EntityType.DESIGNATION], Designation),
                key=lambda d: (d.council, role_key(d.role)),
            )
        ),
        delegations=_in_order(tables[EntityType.DELEGATION], DelegationState),
        cost_shares=_in_order(tables[EntityType.COST_SHARE], CostShare),
        actions=_in_order(tables[EntityType.ACTION], ActionState),
    )


_STATE_TYPES: dict[EntityType, type] = {
    EntityType.PARTNERSHIP: PartnershipFacts,
    EntityType.MEMBER: Membership,
    EntityType.BODY: BodyState,
    EntityType.ARRANGEMENT: ArrangementState,
    EntityType.POST: PostState,
    EntityType.DESIGNATION: Designation,
    EntityType.DELEGATION: DelegationState,
    EntityType.COST_SHARE: CostShare,
    EntityType.ACTION: ActionState,
}


def _fits(change: Change) -> None:
    expected = _STATE_TYPES[change.entity_type]
    for name, value in (("before", change.before), ("after", change.after)):
        if value is not None and not isinstance(value, expected):
            raise UsageError(
                f"the change {change} is to a {change.entity_type.value} but its {name} is a "
                f"{type(value).__name__}, not a {expected.__name__}; build changes with "
                "diff() or timeline()"
            )


def _apply_member(
    change: Change, members: dict[str, Membership], former: dict[str, Membership]
) -> None:
    before, after = change.before, change.after
    if after is None:
        if isinstance(before, Membership) and before.until is not None:
            former.pop(change.entity, None)
        else:
            members.pop(change.entity, None)
    elif isinstance(after, Membership) and after.until is None:
        members[change.entity] = after
    elif isinstance(after, Membership):
        members.pop(change.entity, None)
        former[change.entity] = after


def _in_order(table: Mapping[str, EntityState], kind: type[_T]) -> tuple[_T, ...]:
    """The entries of *table* sorted by id (each already checked to be a *kind*)."""
    found: list[_T] = []
    for key in sorted(table):
        value = table[key]
        if isinstance(value, kind):
            found.append(value)
    return tuple(found)


# --------------------------------------------------------------------------- histories


@attrs.frozen(kw_only=True)
class TitleSpell:
    """A title a post held: from ``since`` to ``until`` (its last day; ``None``: still held).

    ``temporary_until`` is the date a title was given only until, as the decision put it.
    """

    title: str
    since: date
    until: date | None
    authorised_by: tuple[Authority, ...]
    temporary_until: DateSpec | None = None
    ended_by: tuple[Authority, ...] = ()


@attrs.frozen(kw_only=True)
class HolderSpell:
    """Someone holding a post, from ``since`` to ``until`` (the last day; ``None``: still).

    A spell ends when the post is vacated, deleted or filled again, or when the term
    runs out. ``term_ends`` is the term as last extended; ``authorised_by`` cites the
    appointment and every extension.
    """

    holder: str | None
    basis: HolderBasis
    employer: str | None
    since: date
    until: date | None
    term_ends: DateSpec | None
    authorised_by: tuple[Authority, ...]
    ended_by: tuple[Authority, ...] = ()


@attrs.frozen(kw_only=True)
class PostHistory:
    """Every title and holder a post has had, with dates and authorities.

    ``changes`` are all the post's changes from the :func:`timeline`.
    """

    partnership: str
    post: str
    titles: tuple[TitleSpell, ...]
    holders: tuple[HolderSpell, ...]
    changes: tuple[Change, ...]


@attrs.frozen(kw_only=True)
class MechanismSpell:
    """The legal mechanism an arrangement ran under, from ``since`` to ``until`` (last day).

    The last spell ends when the arrangement stops being in force.
    """

    mechanism: Mechanism
    detail: str | None
    since: date
    until: date | None
    authorised_by: tuple[Authority, ...]
    ended_by: tuple[Authority, ...] = ()


@attrs.frozen(kw_only=True)
class ServiceSpell:
    """A service run under an arrangement, from ``since`` to ``until`` (its last day).

    ``left_by`` says how it left: decoupled, varied out, or the arrangement ended.
    """

    service: str
    since: date
    until: date | None
    authorised_by: tuple[Authority, ...]
    ended_by: tuple[Authority, ...] = ()
    left_by: ChangeKind | None = None


@attrs.frozen(kw_only=True)
class StatusSpell:
    """An arrangement's status (in force, under notice, decoupled, ended) over a spell."""

    status: ArrangementStatus
    since: date
    until: date | None
    authorised_by: tuple[Authority, ...]
    ended_by: tuple[Authority, ...] = ()


@attrs.frozen(kw_only=True)
class ArrangementHistory:
    """Every mechanism, service and status an arrangement has had, with dates and authorities.

    ``changes`` are all the arrangement's changes from the :func:`timeline`.
    """

    partnership: str
    arrangement: str
    mechanisms: tuple[MechanismSpell, ...]
    services: tuple[ServiceSpell, ...]
    statuses: tuple[StatusSpell, ...]
    changes: tuple[Change, ...]


@attrs.define
class _Spell(Generic[_V]):
    value: _V
    since: date
    authorised_by: list[Authority]
    last: EntityState | None
    until: date | None = None
    ended_by: tuple[Authority, ...] = ()


def _cited(
    changes: Sequence[Change], kinds: frozenset[ChangeKind], *, fall_back: bool = True
) -> tuple[Authority, ...]:
    """What the day's changes of *kinds* cite (or, failing those, all of them)."""
    chosen = [c for c in changes if c.kind in kinds]
    if not chosen and fall_back:
        chosen = list(changes)
    return _unique(a for c in chosen for a in c.authorised_by)


def _by_day(changes: Iterable[Change]) -> list[tuple[date, list[Change]]]:
    days: dict[date, list[Change]] = {}
    for change in changes:
        days.setdefault(change.on, []).append(change)
    return list(days.items())


def _spells(
    days: Sequence[tuple[date, Sequence[Change]]],
    value_of: Callable[[EntityState | None], _V | None],
    opening: frozenset[ChangeKind],
    closing: frozenset[ChangeKind],
    extending: frozenset[ChangeKind] = frozenset(),
) -> list[_Spell[_V]]:
    """Spells of a value read from each day's state: a new one each time the value changes."""
    spells: list[_Spell[_V]] = []
    current: _Spell[_V] | None = None
    for day, changes in days:
        state = changes[-1].after
        value = value_of(state)
        if current is not None and value == current.value:
            current.authorised_by.extend(_cited(changes, extending, fall_back=False))
            current.last = state
            continue
        if current is not None:
            current.until = day - _ONE_DAY
            current.ended_by = _cited(changes, closing)
            current = None
        if value is not None:
            current = _Spell(value, day, list(_cited(changes, opening)), state)
            spells.append(current)
    return spells


_POST_TITLE = frozenset(
    {ChangeKind.POST_CREATED, ChangeKind.POST_RETITLED, ChangeKind.TITLE_REVERTED}
)
_POST_TITLE_END = _POST_TITLE | {ChangeKind.POST_DELETED}
_HOLDER_START = frozenset({ChangeKind.HOLDER_APPOINTED, ChangeKind.TERM_EXTENDED})
_HOLDER_END = frozenset(
    {
        ChangeKind.HOLDER_APPOINTED,
        ChangeKind.POST_VACATED,
        ChangeKind.POST_DELETED,
        ChangeKind.TERM_EXPIRED,
    }
)
_MECHANISM = frozenset({ChangeKind.ARRANGEMENT_ESTABLISHED, ChangeKind.ARRANGEMENT_VARIED})
_CLOSING = frozenset(
    {
        ChangeKind.ARRANGEMENT_VARIED,
        ChangeKind.ARRANGEMENT_DECOUPLED,
        ChangeKind.ARRANGEMENT_ENDED,
    }
)
_ARRANGEMENT_ALL = frozenset(
    {
        ChangeKind.ARRANGEMENT_ESTABLISHED,
        ChangeKind.ARRANGEMENT_VARIED,
        ChangeKind.NOTICE_GIVEN,
        ChangeKind.ARRANGEMENT_DECOUPLED,
        ChangeKind.ARRANGEMENT_ENDED,
    }
)


def _title(state: EntityState | None) -> tuple[str, DateSpec | None] | None:
    if isinstance(state, PostState) and state.active:
        return state.title, state.title_until
    return None


def _holding(state: EntityState | None) -> tuple[str | None, HolderBasis, str | None, date] | None:
    if isinstance(state, PostState) and state.active and not state.term_expired:
        holding = state.holder
        if holding is not None:
            return holding.holder, holding.basis, holding.employer, holding.since
    return None


def _mechanism_of(state: EntityState | None) -> tuple[Mechanism, str | None] | None:
    if isinstance(state, ArrangementState) and state.in_force:
        return state.mechanism, state.mechanism_detail
    return None


def _status(state: EntityState | None) -> ArrangementStatus | None:
    return state.status if isinstance(state, ArrangementState) else None


def _unknown(
    kind: str,
    wanted: str,
    partnership: str,
    known: Iterable[str],
    recorded: bool,
) -> UsageError:
    names = ", ".join(sorted(known)) or "none"
    if recorded:
        return UsageError(
            f"{kind} {wanted!r} is recorded in partnership {partnership!r} but never came "
            f"into force (its authority never took effect); {kind}s in force at some time: "
            f"{names}"
        )
    return UsageError(
        f"partnership {partnership!r} has no {kind} {wanted!r}; its {kind}s are: {names}. "
        "Check the id."
    )


def post_history(partnership: str, pairs: Iterable[tuple[int, Event]], post: str) -> PostHistory:
    """Every title and holder *post* has had, with dates and authorities, from the timeline.

    Raises :class:`~govledger.errors.UsageError` naming the partnership's posts if it
    never had *post* in force.
    """
    events = _checked(partnership, pairs)
    changes, final = _run(partnership, events)
    if post not in final.posts:
        recorded = any(isinstance(e, PostCreated) and e.post == post for _, e in events)
        raise _unknown("post", post, partnership, final.posts, recorded)
    mine = [c for c in changes if c.entity_type is EntityType.POST and c.entity == post]
    days = _by_day(mine)
    titles = [
        TitleSpell(
            title=spell.value[0],
            since=spell.since,
            until=spell.until,
            authorised_by=tuple(spell.authorised_by),
            temporary_until=spell.value[1],
            ended_by=spell.ended_by,
        )
        for spell in _spells(days, _title, _POST_TITLE, _POST_TITLE_END)
    ]
    holders: list[HolderSpell] = []
    for spell in _spells(
        days, _holding, _HOLDER_START, _HOLDER_END, frozenset({ChangeKind.TERM_EXTENDED})
    ):
        last = spell.last
        term = last.holder.term_ends if isinstance(last, PostState) and last.holder else None
        holders.append(
            HolderSpell(
                holder=spell.value[0],
                basis=spell.value[1],
                employer=spell.value[2],
                since=spell.since,
                until=spell.until,
                term_ends=term,
                authorised_by=_unique(spell.authorised_by),
                ended_by=spell.ended_by,
            )
        )
    return PostHistory(
        partnership=partnership,
        post=post,
        titles=tuple(titles),
        holders=tuple(holders),
        changes=tuple(mine),
    )


def arrangement_history(
    partnership: str, pairs: Iterable[tuple[int, Event]], arrangement: str
) -> ArrangementHistory:
    """Every mechanism, service and status *arrangement* has had, from the timeline.

    Raises :class:`~govledger.errors.UsageError` naming the partnership's arrangements
    if it never had *arrangement* in force.
    """
    events = _checked(partnership, pairs)
    changes, final = _run(partnership, events)
    if arrangement not in final.arrangements:
        recorded = any(
            isinstance(e, ArrangementEstablished) and e.arrangement == arrangement
            for _, e in events
        )
        raise _unknown("arrangement", arrangement, partnership, final.arrangements, recorded)
    mine = [
        c for c in changes if c.entity_type is EntityType.ARRANGEMENT and c.entity == arrangement
    ]
    days = _by_day(mine)
    mechanisms = tuple(
        MechanismSpell(
            mechanism=spell.value[0],
            detail=spell.value[1],
            since=spell.since,
            until=spell.until,
            authorised_by=tuple(spell.authorised_by),
            ended_by=spell.ended_by,
        )
        for spell in _spells(days, _mechanism_of, _MECHANISM, _CLOSING)
    )
    statuses = tuple(
        StatusSpell(
            status=spell.value,
            since=spell.since,
            until=spell.until,
            authorised_by=tuple(spell.authorised_by),
            ended_by=spell.ended_by,
        )
        for spell in _spells(days, _status, _ARRANGEMENT_ALL, _ARRANGEMENT_ALL)
    )
    return ArrangementHistory(
        partnership=partnership,
        arrangement=arrangement,
        mechanisms=mechanisms,
        services=_service_spells(days),
        statuses=statuses,
        changes=tuple(mine),
    )


def _service_spells(days: Sequence[tuple[date, Sequence[Change]]]) -> tuple[ServiceSpell, ...]:
    """One spell per service for each time it ran under the arrangement."""
    done: list[ServiceSpell] = []
    running: dict[str, ServiceSpell] = {}
    for day, changes in days:
        state = changes[-1].after
        now = (
            set(state.services) if isinstance(state, ArrangementState) and state.in_force else set()
        )
        for service in sorted(running.keys() - now):
            how = _how_left(service, changes)
            done.append(
                attrs.evolve(
                    running.pop(service),
                    until=day - _ONE_DAY,
                    ended_by=_cited(changes, frozenset({how})),
                    left_by=how,
                )
            )
        for service in sorted(now - running.keys()):
            running[service] = ServiceSpell(
                service=service,
                since=day,
                until=None,
                authorised_by=_cited(changes, _MECHANISM),
            )
    done.extend(running.values())
    return tuple(sorted(done, key=lambda s: (s.since, s.service)))


def _how_left(service: str, changes: Sequence[Change]) -> ChangeKind:
    for change in changes:
        after = change.after
        if (
            change.kind is ChangeKind.ARRANGEMENT_DECOUPLED
            and isinstance(after, ArrangementState)
            and service in after.decoupled_services
        ):
            return ChangeKind.ARRANGEMENT_DECOUPLED
    kinds = {c.kind for c in changes}
    if ChangeKind.ARRANGEMENT_ENDED in kinds:
        return ChangeKind.ARRANGEMENT_ENDED
    return ChangeKind.ARRANGEMENT_VARIED
