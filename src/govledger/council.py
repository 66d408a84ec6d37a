"""The council's view: everything one council is party to on a date, across partnerships.

A council is often in several partnerships at once (and one decision may end one
agreement and enter another). :meth:`Ledger.council(council, as_of=...)
<govledger.Ledger.council>` answers, for one council on one day, which partnerships it
is a member of, and in each of them the arrangements in force, the shared posts it
shares or employs, the delegations to or from its people and the cost shares it pays
into. Each entry names its partnership. Everything comes from the partnerships'
states on that day (:class:`~govledger.projections.PartnershipState`), so the same
rules about what is in force apply; what is still pending for the council is listed
too.

>>> from datetime import date
>>> view = council_view("cdc", date(2022, 1, 1), [])
>>> view.partnerships
()
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from fractions import Fraction

import attrs

from . import _code
from .partstate import StateData
from .projections import (
    ArrangementState,
    Caveat,
    CostShare,
    DelegationState,
    Membership,
    PartnershipState,
    PendingDecision,
    PostState,
)

__all__ = [
    "CouncilArrangement",
    "CouncilCostShare",
    "CouncilDelegation",
    "CouncilPartnership",
    "CouncilPending",
    "CouncilPost",
    "CouncilView",
    "council_view",
]


@attrs.frozen(kw_only=True, eq=False)
class CouncilPartnership(StateData):
    """A partnership the council is a member of, and its membership."""

    partnership: str
    name: str | None
    membership: Membership
    members: tuple[str, ...]


@attrs.frozen(kw_only=True, eq=False)
class CouncilArrangement(StateData):
    """An arrangement in force in one of the council's partnerships."""

    partnership: str
    arrangement: ArrangementState
    council: str

    @property
    def lead(self) -> bool | None:
        """Whether the council leads it (``None`` when no lead is recorded)."""
        return None if self.arrangement.lead is None else self.arrangement.lead == self.council


@attrs.frozen(kw_only=True, eq=False)
class CouncilPost(StateData):
    """A post the council shares (``shared_by``) or employs, in one partnership."""

    partnership: str
    post: PostState
    shares: bool
    employs: bool


@attrs.frozen(kw_only=True, eq=False)
class CouncilDelegation(StateData):
    """A delegation in force whose delegates or consultees include the council's people."""

    partnership: str
    delegation: DelegationState
    delegate: bool
    consultee: bool


@attrs.frozen(kw_only=True, eq=False)
class CouncilCostShare(StateData):
    """A cost (or savings) share the council takes part in, and its exact share."""

    partnership: str
    cost_share: CostShare
    share: Fraction


@attrs.frozen(kw_only=True, eq=False)
class CouncilPending(StateData):
    """Something not yet in force in one of the council's partnerships."""

    partnership: str
    pending: PendingDecision
    council: str

    @property
    def awaits_this_council(self) -> bool:
        """Whether it waits, among other things, for this council's own decision."""
        mark = f"the decision of {self.council.upper()}"
        return any(mark in reason.detail for reason in self.pending.reasons)


@attrs.frozen(kw_only=True, eq=False)
class CouncilView(StateData):
    """What *council* is party to on *as_of*, each entry naming its partnership."""

    council: str
    as_of: date
    partnerships: tuple[CouncilPartnership, ...] = ()
    arrangements: tuple[CouncilArrangement, ...] = ()
    posts: tuple[CouncilPost, ...] = ()
    delegations: tuple[CouncilDelegation, ...] = ()
    cost_shares: tuple[CouncilCostShare, ...] = ()
    pending: tuple[CouncilPending, ...] = ()
    caveats: tuple[tuple[str, Caveat], ...] = ()

    @property
    def partnership_ids(self) -> tuple[str, ...]:
        return tuple(p.partnership for p in self.partnerships)

    @property
    def shared_services(self) -> frozenset[str]:
        """Every service the council runs jointly with others on the day."""
        return frozenset(s for a in self.arrangements for s in a.arrangement.services)


def council_view(council: str, as_of: date, states: Iterable[PartnershipState]) -> CouncilView:
    """Gather what *council* is party to from the partnerships' *states* on *as_of*."""
    partnerships: list[CouncilPartnership] = []
    arrangements: list[CouncilArrangement] = []
    posts: list[CouncilPost] = []
    delegations: list[CouncilDelegation] = []
    cost_shares: list[CouncilCostShare] = []
    pending: list[CouncilPending] = []
    caveats: list[tuple[str, Caveat]] = []
    for state in sorted(states, key=lambda s: s.partnership):
        membership = next((m for m in state.members if m.council == council), None)
        if membership is None or not state.exists:
            continue
        p = state.partnership
        partnerships.append(
            CouncilPartnership(
                partnership=p,
                name=state.name,
                membership=membership,
                members=tuple(sorted(state.member_councils)),
            )
        )
        arrangements.extend(
            CouncilArrangement(partnership=p, arrangement=a, council=council)
            for a in state.arrangements_in_force
        )
        for post in state.posts:
            shares, employs = council in post.shared_by, post.employer == council
            if post.active and (shares or employs):
                posts.append(CouncilPost(partnership=p, post=post, shares=shares, employs=employs))
        for delegation in state.delegations_in_force:
            delegate = any(r.council == council for r in delegation.delegates)
            consultee = any(r.council == council for r in delegation.consultees)
            if delegate or consultee:
                delegations.append(
                    CouncilDelegation(
                        partnership=p,
                        delegation=delegation,
                        delegate=delegate,
                        consultee=consultee,
                    )
                )
        for cost_share in state.cost_shares:
            share = cost_share.share_of(council)
            if share:
                cost_shares.append(
                    CouncilCostShare(partnership=p, cost_share=cost_share, share=share)
                )
        pending.extend(
            CouncilPending(partnership=p, pending=w, council=council) for w in state.pending
        )
        caveats.extend((p, c) for c in state.caveats if council in (*c.councils, *c.agreed_by))
    return CouncilView(
        council=council,
        as_of=as_of,
        partnerships=tuple(partnerships),
        arrangements=tuple(arrangements),
        posts=tuple(posts),
        delegations=tuple(delegations),
        cost_shares=tuple(cost_shares),
        pending=tuple(pending),
        caveats=tuple(caveats),
    )


_code.share_equalities(globals(), __name__)
