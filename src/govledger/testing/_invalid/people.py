"""Rejections about the partnership itself, its members, their money and its posts."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

import attrs

from ... import errors
from ...events import (
    ActionAssigned,
    BodyEstablished,
    BodyKind,
    CostShareAgreed,
    CouncilBody,
    DelegationGranted,
    Event,
    HolderBasis,
    Member,
    MemberAdmitted,
    MemberSucceeded,
    MemberWithdrew,
    Part,
    PartnershipFormed,
    PostCreated,
    PostHolderAppointed,
    PostRetitled,
    PostVacated,
    ResolutionPassed,
    Role,
    Share,
    VacancyReason,
)
from .._model.builders import common_fields
from .._model.draw import Gen
from .._model.world import Partnership
from .rejection import CITE, OUTSIDER, Rejection, one, task

# --------------------------------------------------------------------------- partnership


def unknown_partnership(g: Gen, p: Partnership, day: date) -> Rejection:
    event = task(p, day)
    return one(
        attrs.evolve(event, partnership="no-such-partnership"),
        errors.UnknownPartnership,
        "an event needs a formed partnership",
    )


def before_formation(g: Gen, p: Partnership, day: date) -> Rejection:
    return one(
        task(p, p.formed - timedelta(days=g.number(1, 400))),
        errors.UnknownPartnership,
        "nothing takes effect before the partnership is formed",
    )


def after_dissolution(g: Gen, p: Partnership, day: date) -> Rejection | None:
    if p.dissolved is None:
        return None
    return one(task(p, day), errors.UnknownPartnership, "nothing takes effect after dissolution")


def formed_twice(g: Gen, p: Partnership, day: date) -> Rejection:
    event = PartnershipFormed(
        partnership=p.partnership,
        effective=day,
        authorised_by=CITE,
        name="A second formation",
        members=(Member(council="aaa", name="A Council"), Member(council="bbb", name="B Council")),
    )
    return one(event, errors.DuplicateId, "a partnership is formed once")


# --------------------------------------------------------------------------- members


def admitted_twice(g: Gen, p: Partnership, day: date) -> Rejection:
    council = g.pick(sorted(p.members))
    event = MemberAdmitted(
        partnership=p.partnership,
        effective=day,
        authorised_by=CITE,
        member=Member(council=council, name=p.members[council]),
    )
    return one(event, errors.DuplicateId, "a member cannot be admitted twice")


def last_two_leave(g: Gen, p: Partnership, day: date) -> Rejection | None:
    if len(p.members) != 2:
        return None
    event = MemberWithdrew(
        partnership=p.partnership,
        effective=day,
        authorised_by=CITE,
        council=g.pick(sorted(p.members)),
    )
    return one(event, errors.InvalidTransition, "a partnership keeps at least two members")


def outsider_withdraws(g: Gen, p: Partnership, day: date) -> Rejection:
    event = MemberWithdrew(
        partnership=p.partnership, effective=day, authorised_by=CITE, council=OUTSIDER
    )
    return one(event, errors.NotAMember, "only a member can withdraw")


def successor_already_member(g: Gen, p: Partnership, day: date) -> Rejection:
    leaving, staying = g.some(sorted(p.members), 2, 2)
    event = MemberSucceeded(
        partnership=p.partnership,
        effective=day,
        authorised_by=CITE,
        council=leaving,
        successor=Member(council=staying, name=p.members[staying]),
    )
    return one(event, errors.DuplicateId, "a successor is not already a member")


# --------------------------------------------------------------------------- money


def _shares(p: Partnership, day: date, shares: tuple[Share, ...]) -> CostShareAgreed:
    return CostShareAgreed(
        partnership=p.partnership,
        effective=day,
        authorised_by=CITE,
        scope="invalid-costs",
        description="costs shared wrongly",
        shares=shares,
    )


def shares_not_one(g: Gen, p: Partnership, day: date) -> Rejection:
    first, second = sorted(p.members)[:2]
    total = g.pick((Fraction(5, 6), Fraction(7, 6), Fraction(99, 100), Fraction(101, 100)))
    half = Fraction(1, 2)
    shares = (Share(council=first, fraction=half), Share(council=second, fraction=total - half))
    return one(_shares(p, day, shares), errors.InvalidCostShare, "cost shares sum to one")


def zero_share(g: Gen, p: Partnership, day: date) -> Rejection:
    first, second = sorted(p.members)[:2]
    shares = (
        Share(council=first, fraction=Fraction(1)),
        Share(council=second, fraction=Fraction(0)),
    )
    return one(_shares(p, day, shares), errors.InvalidCostShare, "cost shares are positive")


def outsider_shares(g: Gen, p: Partnership, day: date) -> Rejection:
    member = g.pick(sorted(p.members))
    half = Fraction(1, 2)
    shares = (Share(council=member, fraction=half), Share(council=OUTSIDER, fraction=half))
    return one(_shares(p, day, shares), errors.NotAMember, "costs are shared between members")


# --------------------------------------------------------------------------- posts


def wrong_title(g: Gen, p: Partnership, day: date) -> Rejection | None:
    posts = p.active_posts(day)
    if not posts:
        return None
    post = g.pick(posts)
    current = post.title_on(day)
    same = g.chance(50)
    event = PostRetitled(
        partnership=p.partnership,
        effective=day,
        authorised_by=CITE,
        post=post.post,
        previous_title=current if same else f"Interim {current}",
        new_title=current if same else f"Senior {current}",
    )
    return one(event, errors.TitleMismatch, "a retitle names the current title and changes it")


def vacate_empty(g: Gen, p: Partnership, day: date) -> Rejection | None:
    empty = [post for post in p.active_posts(day) if not post.holder]
    if not empty:
        return None
    event = PostVacated(
        partnership=p.partnership,
        effective=day,
        authorised_by=CITE,
        post=g.pick(empty).post,
        reason=g.pick(list(VacancyReason)),
    )
    return one(event, errors.InvalidTransition, "only a filled post can be vacated")


def appoint_to_deleted(g: Gen, p: Partnership, day: date) -> Rejection | None:
    deleted = [post for post in p.posts.values() if post.deleted]
    if not deleted:
        return None
    event = PostHolderAppointed(
        partnership=p.partnership,
        effective=day,
        authorised_by=CITE,
        post=g.pick(deleted).post,
        basis=HolderBasis.INTERIM,
    )
    return one(event, errors.InvalidTransition, "nobody is appointed to a deleted post")


def duplicate_id(g: Gen, p: Partnership, day: date) -> Rejection | None:
    common = common_fields(p, day, CITE)
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
    return one(g.pick(options), errors.DuplicateId, "ids are unique in a partnership")
