"""The change builders: one function per kind of change a partnership can make
(members, bodies, arrangements, posts, delegations, cost shares), and the choice
of which apply on a day.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from fractions import Fraction
from typing import Any, TypedDict

import attrs

from ...agreement import PARTNERSHIP_LEVEL
from ...events import (
    ActionAssigned,
    ArrangementDecoupled,
    ArrangementEnded,
    ArrangementEstablished,
    ArrangementVaried,
    Authority,
    BodyDisbanded,
    BodyEstablished,
    BodyKind,
    BodyMemberAppointed,
    BodyMemberLeft,
    BodyRole,
    BodyTermsRevised,
    CostShareAgreed,
    DateSpec,
    DelegationGranted,
    DelegationRevoked,
    EndingStage,
    EndingStageReached,
    Event,
    HolderBasis,
    Mechanism,
    Member,
    MemberAdmitted,
    MemberSucceeded,
    MemberWithdrew,
    NoticeGiven,
    NotOnRecord,
    PostCreated,
    PostDeleted,
    PostHolderAppointed,
    PostRetitled,
    PostTermExtended,
    PostVacated,
    ResolutionRef,
    Role,
    Share,
    StatutoryRole,
    StatutoryRoleDesignated,
    VacancyReason,
    certain_from,
)
from .. import _vocabulary as words
from .draw import Gen, Step, add, authority_for
from .world import Arrangement, Body, Delegation, Partnership, Post

# --------------------------------------------------------------------------- changes

Build = Callable[[Gen, Partnership, DateSpec, date, tuple[Authority, ...]], Event]


class Common(TypedDict):
    """The fields every change shares."""

    partnership: str
    effective: DateSpec
    authorised_by: tuple[Authority, ...]


def common_fields(p: Partnership, when: DateSpec, auth: tuple[Authority, ...]) -> Common:
    return {"partnership": p.partnership, "effective": when, "authorised_by": auth}


def _admit(g: Gen, p: Partnership, when: DateSpec, day: date, auth: tuple[Authority, ...]) -> Event:
    council, name, _ = g.pick([c for c in words.COUNCILS if _newcomer(p, c[0])])
    p.members[council] = name
    p.ids.add(council)
    return MemberAdmitted(**common_fields(p, when, auth), member=Member(council=council, name=name))


def _newcomer(p: Partnership, council: str) -> bool:
    return council not in p.members and council not in p.former and council not in p.ids


def _withdraw(
    g: Gen, p: Partnership, when: DateSpec, day: date, auth: tuple[Authority, ...]
) -> Event:
    council = g.pick(sorted(p.members))
    _leave(p, council)
    return MemberWithdrew(**common_fields(p, when, auth), council=council)


def _leave(p: Partnership, council: str) -> None:
    del p.members[council]
    p.former.add(council)
    p.recommendations = [r for r in p.recommendations if r.to.council != council]


def _succeed(
    g: Gen, p: Partnership, when: DateSpec, day: date, auth: tuple[Authority, ...]
) -> Event:
    council = g.pick(sorted(p.members))
    successor, name = g.pick([s for s in words.SUCCESSORS if _newcomer(p, s[0])])
    _leave(p, council)
    p.members[successor] = name
    p.ids.add(successor)
    return MemberSucceeded(
        **common_fields(p, when, auth),
        council=council,
        successor=Member(council=successor, name=name),
    )


def establish_body(
    g: Gen, p: Partnership, when: DateSpec, day: date, auth: tuple[Authority, ...]
) -> Event:
    stem, name = g.pick(words.JOINT_BODIES)
    kind = {
        "shared-services-board": BodyKind.BOARD,
        "transformation-group": BodyKind.WORKING_GROUP,
    }.get(stem, BodyKind.JOINT_COMMITTEE)
    body = p.unique(stem)
    constituents: tuple[str, ...] = ()
    if kind is BodyKind.JOINT_COMMITTEE and g.chance(50):
        constituents = tuple(sorted(p.members))
    p.bodies[body] = Body(body=body, name=name, kind=kind, established=day)
    basis = "s.101(5) Local Government Act 1972" if kind is BodyKind.JOINT_COMMITTEE else None
    return BodyEstablished(
        **common_fields(p, when, auth),
        body=body,
        name=name,
        kind=kind,
        constituents=constituents,
        legal_basis=basis,
        terms_of_reference=g.pick(_TERMS) if g.chance(40) else None,
    )


_TERMS = (
    "to oversee the shared services programme",
    "to agree business cases for shared services",
    "to monitor the performance of the shared service",
)


def _revise_terms(
    g: Gen, p: Partnership, when: DateSpec, day: date, auth: tuple[Authority, ...]
) -> Event:
    body = g.pick(p.active_bodies(day))
    return BodyTermsRevised(
        **common_fields(p, when, auth), body=body.body, terms_of_reference=g.pick(_TERMS)
    )


def _appoint_to_body(
    g: Gen, p: Partnership, when: DateSpec, day: date, auth: tuple[Authority, ...]
) -> Event:
    body = g.pick(p.active_bodies(day))
    member = g.pick(words.COUNCILLORS)
    if member not in body.members:
        body.members.append(member)
    return BodyMemberAppointed(
        **common_fields(p, when, auth),
        body=body.body,
        member=member,
        council=g.pick(sorted(p.members)) if g.chance(70) else None,
        role=g.pick(list(BodyRole)),
    )


def _leave_body(
    g: Gen, p: Partnership, when: DateSpec, day: date, auth: tuple[Authority, ...]
) -> Event:
    body = g.pick([b for b in p.active_bodies(day) if b.members])
    member = g.pick(body.members)
    body.members.remove(member)
    return BodyMemberLeft(**common_fields(p, when, auth), body=body.body, member=member)


def _disband(
    g: Gen, p: Partnership, when: DateSpec, day: date, auth: tuple[Authority, ...]
) -> Event:
    body = g.pick(p.active_bodies(day))
    body.disbanded = day
    return BodyDisbanded(**common_fields(p, when, auth), body=body.body)


def establish_arrangement(
    g: Gen, p: Partnership, when: DateSpec, day: date, auth: tuple[Authority, ...]
) -> Event:
    services = g.some(_free_services(p, day), 1, 3)
    names = dict(words.SERVICES)
    arrangement = p.unique(f"shared-{services[0]}")
    mechanism = g.pick(list(Mechanism))
    lead = g.pick(sorted(p.members)) if g.chance(40) else None
    p.arrangements[arrangement] = Arrangement(
        arrangement=arrangement, services=list(services), mechanism=mechanism, established=day
    )
    return ArrangementEstablished(
        **common_fields(p, when, auth),
        arrangement=arrangement,
        name=f"Shared {names[services[0]]}",
        services=tuple(services),
        mechanism=mechanism,
        mechanism_detail="under the umbrella Memorandum of Agreement" if g.chance(20) else None,
        lead=lead,
        notice_period=g.pick(("six months", "twelve months")) if g.chance(30) else None,
    )


def _free_services(p: Partnership, day: date) -> list[str]:
    taken = {s for a in p.open_arrangements(day) for s in a.services}
    return [s for s, _ in words.SERVICES if s not in taken]


def _vary(g: Gen, p: Partnership, when: DateSpec, day: date, auth: tuple[Authority, ...]) -> Event:
    arrangement = g.pick(p.open_arrangements(day))
    arrangement.touched.append(day)
    added: list[str] = []
    removed: list[str] = []
    change = g.pick(("add", "remove", "mechanism", "lead", "notice"))
    free = _free_services(p, day)
    if change == "add" and free:
        added = g.some(free, 1, 2)
    elif change == "remove" and len(arrangement.services) > 1:
        removed = g.some(arrangement.services, 1, len(arrangement.services) - 1)
    elif change == "lead":
        return ArrangementVaried(
            **common_fields(p, when, auth),
            arrangement=arrangement.arrangement,
            lead=g.pick(sorted(p.members)),
        )
    elif change == "notice":
        return ArrangementVaried(
            **common_fields(p, when, auth),
            arrangement=arrangement.arrangement,
            notice_period="three months",
        )
    if not added and not removed:
        mechanism = g.pick([m for m in Mechanism if m is not arrangement.mechanism])
        arrangement.mechanism = mechanism
        return ArrangementVaried(
            **common_fields(p, when, auth),
            arrangement=arrangement.arrangement,
            mechanism=mechanism,
        )
    arrangement.services = [s for s in arrangement.services if s not in removed] + added
    return ArrangementVaried(
        **common_fields(p, when, auth),
        arrangement=arrangement.arrangement,
        services_added=tuple(added),
        services_removed=tuple(removed),
    )


def _notice(
    g: Gen, p: Partnership, when: DateSpec, day: date, auth: tuple[Authority, ...]
) -> Event:
    arrangement = g.pick(noticeable(p, day))
    arrangement.touched.append(day)
    ends = day + timedelta(days=g.number(60, 400))
    arrangement.notice_ends = ends
    return NoticeGiven(
        **common_fields(p, when, auth),
        arrangement=arrangement.arrangement,
        given_by=g.pick(sorted(p.members)),
        notice_ends=ends,
    )


def noticeable(p: Partnership, day: date) -> list[Arrangement]:
    return [a for a in p.open_arrangements(day) if a.notice_ends is None]


def _decouple(
    g: Gen, p: Partnership, when: DateSpec, day: date, auth: tuple[Authority, ...]
) -> Event:
    arrangement = g.pick(p.open_arrangements(day))
    arrangement.touched.append(day)
    leaving: list[str] = []
    if len(arrangement.services) > 1 and g.chance(50):
        leaving = g.some(arrangement.services, 1, len(arrangement.services) - 1)
    elif g.chance(30):
        leaving = list(arrangement.services)  # every service named: the whole arrangement
    arrangement.services = [s for s in arrangement.services if s not in leaving]
    if not leaving or not arrangement.services:
        arrangement.closed = "decoupled"
        arrangement.services = []
    return ArrangementDecoupled(
        **common_fields(p, when, auth),
        arrangement=arrangement.arrangement,
        services=tuple(leaving),
    )


def _end(g: Gen, p: Partnership, when: DateSpec, day: date, auth: tuple[Authority, ...]) -> Event:
    arrangement = g.pick(p.open_arrangements(day))
    arrangement.touched.append(day)
    arrangement.closed = "ended"
    return ArrangementEnded(
        **common_fields(p, when, auth),
        arrangement=arrangement.arrangement,
        reason="the agreement was terminated by mutual consent" if g.chance(50) else None,
    )


def _create_post(
    g: Gen, p: Partnership, when: DateSpec, day: date, auth: tuple[Authority, ...]
) -> Event:
    stem, title, alternatives = g.pick(words.POSTS)
    post = p.unique(stem)
    members = sorted(p.members)
    p.posts[post] = Post(post=post, title=title, alternatives=(title, *alternatives), created=day)
    return PostCreated(
        **common_fields(p, when, auth),
        post=post,
        title=title,
        employer=g.pick(members) if g.chance(50) else None,
        shared_by=tuple(g.some(members, 0, len(members))),
    )


def _retitle(
    g: Gen, p: Partnership, when: DateSpec, day: date, auth: tuple[Authority, ...]
) -> Event:
    post = g.pick(p.active_posts(day))
    previous = post.title_on(day)
    titles = [t for t in post.alternatives if t != previous]
    new = g.pick(titles)
    until = g.later_spec(day) if g.chance(30) else None
    post.retitle(day, new, certain_from(until) if until is not None else None)
    return PostRetitled(
        **common_fields(p, when, auth),
        post=post.post,
        previous_title=previous,
        new_title=new,
        until=until,
    )


def _appoint(
    g: Gen, p: Partnership, when: DateSpec, day: date, auth: tuple[Authority, ...]
) -> Event:
    post = g.pick(p.active_posts(day))
    post.holder = True
    basis = g.pick(list(HolderBasis))
    temporary = basis is not HolderBasis.SUBSTANTIVE
    return PostHolderAppointed(
        **common_fields(p, when, auth),
        post=post.post,
        basis=basis,
        holder=g.pick(words.PEOPLE) if g.chance(70) else None,
        employer=g.pick(sorted(p.members)) if g.chance(40) else None,
        term_ends=g.later_spec(day) if temporary and g.chance(60) else None,
    )


def _vacate(
    g: Gen, p: Partnership, when: DateSpec, day: date, auth: tuple[Authority, ...]
) -> Event:
    post = g.pick([post for post in p.active_posts(day) if post.holder])
    post.holder = False
    return PostVacated(
        **common_fields(p, when, auth),
        post=post.post,
        reason=g.pick(list(VacancyReason)),
    )


def _extend(
    g: Gen, p: Partnership, when: DateSpec, day: date, auth: tuple[Authority, ...]
) -> Event:
    post = g.pick([post for post in p.active_posts(day) if post.holder])
    return PostTermExtended(
        **common_fields(p, when, auth),
        post=post.post,
        term_ends=g.later_spec(day, low=90),
    )


def _delete_post(
    g: Gen, p: Partnership, when: DateSpec, day: date, auth: tuple[Authority, ...]
) -> Event:
    post = g.pick(p.active_posts(day))
    post.deleted = True
    post.holder = False
    return PostDeleted(**common_fields(p, when, auth), post=post.post)


def _designate(
    g: Gen, p: Partnership, when: DateSpec, day: date, auth: tuple[Authority, ...]
) -> Event:
    posts = p.active_posts(day)
    post = g.pick(posts).post if posts and g.chance(60) else None
    person = g.pick(words.PEOPLE) if post is None or g.chance(50) else None
    return StatutoryRoleDesignated(
        **common_fields(p, when, auth),
        council=g.pick(sorted(p.members)),
        role=g.pick([*StatutoryRole, *words.OTHER_DESIGNATIONS]),
        post=post,
        person=person,
    )


def _slugify(text: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))


def _role(g: Gen, p: Partnership, titles: Sequence[str]) -> Role:
    post = g.pick(sorted(p.posts)) if p.posts and g.chance(25) else None
    return Role(
        title=g.pick(titles),
        council=g.pick(sorted(p.members)) if g.chance(80) else None,
        post=post,
        name=g.pick(words.PEOPLE) if g.chance(20) else None,
    )


def _delegate(
    g: Gen, p: Partnership, when: DateSpec, day: date, auth: tuple[Authority, ...]
) -> Event:
    title, _ = g.pick(words.TOPICS)
    delegation = p.unique(f"{_slugify(title.split(':')[0])}-delegation")
    delegates = tuple(_role(g, p, words.OFFICER_ROLES) for _ in range(g.number(1, 2)))
    consultees = tuple(_role(g, p, words.MEMBER_ROLES) for _ in range(g.number(0, 1)))
    if g.chance(15):  # "in consultation with <another council>"
        council, name, _ = g.pick(words.COUNCILS)
        consultees += (Role(title=name, council=council, organisation=True),)
    bodies = p.active_bodies(day)
    expires = g.later_spec(day) if g.chance(30) else None
    live = [d for d in p.delegations.values() if d.in_force_on(day)]
    replaces: str | None = None
    if live and g.chance(40):  # the same power re-granted: the earlier one ends today
        earlier = g.pick(live)
        earlier.revoked = day
        replaces = earlier.delegation
    p.delegations[delegation] = Delegation(
        delegation=delegation,
        delegates=delegates,
        consultees=consultees,
        granted=day,
        expires=certain_from(expires) if expires is not None else None,
    )
    return DelegationGranted(
        **common_fields(p, when, auth),
        delegation=delegation,
        delegates=delegates,
        consultees=consultees,
        scope=g.pick(("non-significant amendments", "the detailed terms of the agreement")),
        limits=tuple(g.some(("within budget", "with no risk of redundancy"), 0, 2)),
        jointly=len(delegates) > 1 and g.chance(50),
        through=g.pick(bodies).body if bodies and g.chance(20) else None,
        expires=expires,
        replaces=replaces,
    )


def _revoke(
    g: Gen, p: Partnership, when: DateSpec, day: date, auth: tuple[Authority, ...]
) -> Event:
    delegation = g.pick([d for d in p.delegations.values() if d.in_force_on(day)])
    delegation.revoked = day
    return DelegationRevoked(**common_fields(p, when, auth), delegation=delegation.delegation)


def share(g: Gen, p: Partnership, when: DateSpec, day: date, auth: tuple[Authority, ...]) -> Event:
    councils = sorted(g.some(sorted(p.members), 2, len(p.members)))
    weights = [g.number(1, 6) for _ in councils] if g.chance(60) else [1] * len(councils)
    total = sum(weights)
    shares = tuple(
        Share(council=c, fraction=Fraction(w, total))
        for c, w in zip(councils, weights, strict=True)
    )
    if p.scopes and g.chance(60):
        scope = g.pick(p.scopes)  # a newer agreement supersedes the older
    else:
        scope = p.unique(f"{g.pick([s for s, _ in words.SERVICES])}-costs")
        p.scopes.append(scope)
    return CostShareAgreed(
        **common_fields(p, when, auth),
        scope=scope,
        description=f"costs of {scope.replace('-', ' ')}",
        shares=shares,
    )


def _assign(
    g: Gen, p: Partnership, when: DateSpec, day: date, auth: tuple[Authority, ...]
) -> Event:
    stem, description = g.pick(words.ACTIONS)
    action = p.unique(stem)
    p.actions[action] = False
    return ActionAssigned(
        **common_fields(p, when, auth),
        action=action,
        description=description,
        assignee=_role(g, p, words.OFFICER_ROLES) if g.chance(70) else None,
        due=g.later_spec(day, low=7, high=180) if g.chance(50) else None,
    )


def changes_on(p: Partnership, day: date) -> list[Build]:
    """The kinds of change that can validly take effect in *p* on *day*."""
    posts = p.active_posts(day)
    held = [post for post in posts if post.holder]
    arrangements = bool(p.open_arrangements(day))
    options: list[tuple[bool, Build]] = [
        (arrangements, _vary),
        (bool(held), _vacate),
        (bool(posts), _retitle),
        (bool(noticeable(p, day)), _notice),
        (bool(noticeable(p, day)), _stage),
        (bool(held), _extend),
        (arrangements, _decouple),
        (bool(posts), _appoint),
        (any(d.in_force_on(day) for d in p.delegations.values()), _revoke),
        (arrangements, _end),
        (bool(p.active_bodies(day)), _disband),
        (bool(p.active_bodies(day)), _revise_terms),
        (bool(p.active_bodies(day)), _appoint_to_body),
        (any(b.members for b in p.active_bodies(day)), _leave_body),
        (bool(posts), _delete_post),
        (len(p.members) > 2, _withdraw),
        (bool(_free_services(p, day)), establish_arrangement),
        (True, _create_post),
        (True, share),
        (True, _delegate),
        (True, _assign),
        (True, establish_body),
        (True, _designate),
        (any(_newcomer(p, c[0]) for c in words.COUNCILS), _admit),
        (any(_newcomer(p, s[0]) for s in words.SUCCESSORS), _succeed),
    ]
    return [build for usable, build in options if usable]


def _with_not_on_record(event: Event, notes: tuple[NotOnRecord, ...]) -> Event:
    changed: Any = event
    evolved: Event = attrs.evolve(changed, not_on_record=notes)
    return evolved


def change_step(g: Gen, p: Partnership) -> Step:
    """One change to the partnership, authorised by a document or recorded decisions."""
    when, day = g.when(p)
    build = g.pick(changes_on(p, day))
    authority = authority_for(g, p, day)
    event = build(g, p, when, day, authority)
    if (
        isinstance(event, PARTNERSHIP_LEVEL)
        and any(isinstance(a, ResolutionRef) for a in authority)
        and g.chance(30)
    ):  # only one council's minute survives: the others' decisions are not on record
        lost = (NotOnRecord(note="the other councils' minutes are lost"),)
        event = _with_not_on_record(event, lost)
    step = Step()
    if isinstance(event, CostShareAgreed | StatutoryRoleDesignated):
        add(g, step, event)
    else:
        step.append.append(event)
    return step


def _stage(g: Gen, p: Partnership, when: DateSpec, day: date, auth: tuple[Authority, ...]) -> Event:
    """A step towards ending an arrangement, mostly before any end date is known."""
    arrangement = g.pick(noticeable(p, day))
    arrangement.touched.append(day)
    ends: date | None = None
    if g.chance(20):
        ends = day + timedelta(days=g.number(60, 400))
        arrangement.notice_ends = ends
    stage = g.pick(list(EndingStage))
    return EndingStageReached(
        **common_fields(p, when, auth),
        arrangement=arrangement.arrangement,
        stage=stage,
        by=tuple(g.some(sorted(p.members), 1, 1)),
        ends=ends,
        words="subject to the notice period to be agreed" if g.chance(30) else None,
    )
