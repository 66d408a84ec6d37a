"""A partnership's history as bars over time: what the HTML report and the plots draw.

:func:`build` reads a ledger once and returns a :class:`Timeline`: one :class:`Bar` per
spell of an arrangement's status, a service in an arrangement, a post's title, a
holder in a post, a delegation, a body and a council's membership; bars for decisions
recorded but waiting (pending), facts dated only by a period (uncertain), and
decisions that never came into force (lapsed). Every bar names the decisions that
authorised it, in words. :func:`from_state` draws the same kind of bars from one
state alone (no history), for a quick look at a :class:`PartnershipState`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Literal, Protocol, TypeAlias

import attrs

from .. import changes
from ..events import (
    ArrangementEstablished,
    Authority,
    BodyEstablished,
    DateSpec,
    DelegatedDecisionTaken,
    DelegationGranted,
    Event,
    Period,
    PostCreated,
    PostHolderAppointed,
    ResolutionPassed,
    ResolutionRef,
    certain_from,
    describe,
)
from ..projections import PartnershipState
from .cite import Decisions

__all__ = [
    "LANES",
    "Bar",
    "Cited",
    "DayState",
    "DecisionEntry",
    "Status",
    "Timeline",
    "build",
    "from_state",
]

#: How a bar is drawn: in force; under notice; ended (shown up to its end); waiting for
#: its authority; dated only by a period; or never in force.
Status: TypeAlias = Literal["in_force", "under_notice", "pending", "uncertain", "lapsed"]

#: The lanes, top to bottom.
LANES: tuple[str, ...] = (
    "Members",
    "Bodies",
    "Arrangements",
    "Services",
    "Posts",
    "Holders",
    "Delegations",
    "Pending",
    "Uncertain",
    "Lapsed",
)


@attrs.frozen
class Cited:
    """One authority of a bar: as cited, in words, and where to read it."""

    ref: str
    text: str
    anchor: str
    url: str | None = None


@attrs.frozen
class Bar:
    """One spell of one thing, from ``start`` to ``end`` (its last day; ``None``: still on).

    ``fuzzy_from`` is set when the start is known only as a period: the bar may start
    any day from it to ``start``.
    """

    lane: str
    entity: str
    label: str
    start: date
    end: date | None
    status: Status
    detail: str = ""
    fuzzy_from: date | None = None
    authorities: tuple[Cited, ...] = ()


@attrs.frozen
class DecisionEntry:
    """A decision as the report lists it: its heading and its parts."""

    decision: str
    anchor: str
    heading: str
    parts: tuple[tuple[str, str, str], ...]  # (ref, outcome, summary)
    url: str | None = None


@attrs.frozen
class DayState:
    """What held on one key date, as short lines per heading."""

    day: date
    why: tuple[str, ...]
    lines: tuple[tuple[str, tuple[str, ...]], ...]


@attrs.frozen
class Timeline:
    """Bars over ``start`` .. ``end`` for one partnership, its decisions and key dates."""

    partnership: str
    name: str
    start: date
    end: date
    bars: tuple[Bar, ...]
    decisions: tuple[DecisionEntry, ...] = ()
    days: tuple[DayState, ...] = ()

    def lane(self, lane: str) -> tuple[Bar, ...]:
        return tuple(b for b in self.bars if b.lane == lane)


class _Reader(Protocol):
    def state(self, partnership: str, as_of: date) -> PartnershipState: ...

    def standing(self, partnership: str) -> list[tuple[int, Event]]: ...


def anchor(decision: str) -> str:
    """The HTML id of a decision's entry in the report."""
    return f"decision-{decision}"


def _cited(cite: Decisions, authorities: Iterable[Authority]) -> tuple[Cited, ...]:
    found = []
    for authority in authorities:
        target = anchor(authority.resolution) if isinstance(authority, ResolutionRef) else ""
        found.append(Cited(str(authority), cite.cite(authority), target, cite.url(authority)))
    return tuple(dict.fromkeys(found))


def _periods(standing: Sequence[tuple[int, Event]]) -> dict[str, Period]:
    """The period each entity started in, where its start is known only as a period."""
    found: dict[str, Period] = {}
    for _, event in standing:
        when = event.effective
        if not isinstance(when, Period):
            continue
        match event:
            case ArrangementEstablished():
                found.setdefault(f"arrangement:{event.arrangement}", when)
            case PostCreated():
                found.setdefault(f"post:{event.post}", when)
            case PostHolderAppointed():
                found.setdefault(f"holder:{event.post}:{when.latest}", when)
            case BodyEstablished():
                found.setdefault(f"body:{event.body}", when)
            case DelegationGranted():
                found.setdefault(f"delegation:{event.delegation}", when)
            case _:
                pass
    return found


def _fuzzy(periods: dict[str, Period], key: str, start: date) -> date | None:
    period = periods.get(key)
    if period is None or period.latest != start:
        return None
    return period.earliest or start - timedelta(days=365)


def _last_day(until: date | None) -> date | None:
    return until


def _arrangement_bars(
    p: str,
    pairs: list[tuple[int, Event]],
    state: PartnershipState,
    cite: Decisions,
    periods: dict[str, Period],
) -> list[Bar]:
    bars: list[Bar] = []
    for arrangement in state.arrangements:
        history = changes.arrangement_history(p, pairs, arrangement.arrangement)
        entity = f"arrangement:{arrangement.arrangement}"
        for spell in history.statuses:
            if spell.status.value not in ("in_force", "under_notice"):
                continue
            status: Status = "under_notice" if spell.status.value == "under_notice" else "in_force"
            mechanism = next((m for m in history.mechanisms if m.since <= spell.since), None)
            bars.append(
                Bar(
                    "Arrangements",
                    entity,
                    arrangement.name,
                    spell.since,
                    _last_day(spell.until),
                    status,
                    detail=(
                        f"{spell.status.value.replace('_', ' ')}"
                        + (f", {mechanism.mechanism.value.replace('_', ' ')}" if mechanism else "")
                    ),
                    fuzzy_from=_fuzzy(periods, entity, spell.since),
                    authorities=_cited(cite, spell.authorised_by),
                )
            )
        if arrangement.ending and bars and bars[-1].entity == entity:
            # "ending: agreed to give notice since ..., no end date yet" on its latest spell
            last = bars[-1]
            bars[-1] = attrs.evolve(last, detail=f"{last.detail}; {arrangement.ending[-1]}")
        if not any(b.entity == entity for b in bars):  # never in force: show its record
            bars.append(
                Bar(
                    "Arrangements",
                    entity,
                    arrangement.name,
                    arrangement.since,
                    arrangement.closed_on or arrangement.since,
                    "lapsed",
                    detail=arrangement.status.value.replace("_", " "),
                    authorities=_cited(cite, arrangement.authorised_by),
                )
            )
        for service in history.services:
            bars.append(
                Bar(
                    "Services",
                    f"service:{arrangement.arrangement}:{service.service}",
                    service.service,
                    service.since,
                    _last_day(service.until),
                    "in_force",
                    detail=f"in {arrangement.name}"
                    + (
                        f"; left: {service.left_by.value.replace('_', ' ')}"
                        if service.left_by
                        else ""
                    ),
                    fuzzy_from=_fuzzy(periods, entity, service.since),
                    authorities=_cited(cite, service.authorised_by),
                )
            )
    return bars


def _post_bars(
    p: str,
    pairs: list[tuple[int, Event]],
    state: PartnershipState,
    cite: Decisions,
    periods: dict[str, Period],
) -> list[Bar]:
    bars: list[Bar] = []
    for post in state.posts:
        history = changes.post_history(p, pairs, post.post)
        entity = f"post:{post.post}"
        for title in history.titles:
            temporary = (
                f"; until {describe(title.temporary_until)}" if title.temporary_until else ""
            )
            bars.append(
                Bar(
                    "Posts",
                    entity,
                    title.title,
                    title.since,
                    _last_day(title.until),
                    "in_force",
                    detail=f"title of {post.post}{temporary}",
                    fuzzy_from=_fuzzy(periods, entity, title.since),
                    authorities=_cited(cite, title.authorised_by),
                )
            )
        for holder in history.holders:
            term = f"; term ends {describe(holder.term_ends)}" if holder.term_ends else ""
            bars.append(
                Bar(
                    "Holders",
                    f"holder:{post.post}",
                    f"{holder.holder or 'unnamed holder'} ({holder.basis.value})",
                    holder.since,
                    _last_day(holder.until),
                    "in_force",
                    detail=f"in {post.title}{term}",
                    fuzzy_from=_fuzzy(periods, f"holder:{post.post}:{holder.since}", holder.since),
                    authorities=_cited(cite, holder.authorised_by),
                )
            )
    return bars


def _delegation_end(revoked: date | None, expires: DateSpec | None) -> date | None:
    ends = [d for d in (revoked - timedelta(days=1) if revoked else None,) if d is not None]
    if expires is not None:
        ends.append(certain_from(expires))
    return min(ends) if ends else None


def _state_bars(state: PartnershipState, cite: Decisions, periods: dict[str, Period]) -> list[Bar]:
    """Members, bodies and delegations: one spell each, read from the last state."""
    bars: list[Bar] = []
    for member in (*state.members, *state.former_members):
        bars.append(
            Bar(
                "Members",
                f"member:{member.council}",
                member.name,
                member.since,
                member.until - timedelta(days=1) if member.until else None,
                "in_force",
                detail=f"member council {member.council}",
            )
        )
    for body in state.bodies:
        entity = f"body:{body.body}"
        bars.append(
            Bar(
                "Bodies",
                entity,
                body.name,
                body.established,
                body.disbanded - timedelta(days=1) if body.disbanded else None,
                "in_force",
                detail=body.kind.value.replace("_", " ")
                + (f", {body.legal_basis}" if body.legal_basis else ""),
                fuzzy_from=_fuzzy(periods, entity, body.established),
                authorities=_cited(cite, body.authorised_by),
            )
        )
    for delegation in state.delegations:
        entity = f"delegation:{delegation.delegation}"
        delegates = "; ".join(str(r) for r in delegation.delegates)
        bars.append(
            Bar(
                "Delegations",
                entity,
                delegation.delegation,
                delegation.granted,
                _delegation_end(delegation.revoked, delegation.expires),
                "in_force",
                detail=f"to {delegates}: {delegation.scope}",
                fuzzy_from=_fuzzy(periods, entity, delegation.granted),
                authorities=_cited(cite, delegation.authorised_by),
            )
        )
    return bars


def _authority_of(event: Event | None) -> tuple[Authority, ...]:
    return tuple(getattr(event, "authorised_by", ()) or ())


def _waiting_bars(states: Sequence[PartnershipState], cite: Decisions) -> list[Bar]:
    """Pending, uncertain and lapsed, as the states on the key dates show them."""
    bars: list[Bar] = []
    pending: dict[str, tuple[date, date | None, str, tuple[Authority, ...]]] = {}
    for index, state in enumerate(states):
        now = {p.description for p in state.pending}
        for item in state.pending:
            if item.description not in pending:
                reasons = "; ".join(str(r) for r in item.reasons)
                refs = _authority_of(item.event) or ((item.ref,) if item.ref else ())
                pending[item.description] = (item.since, None, reasons, refs)
        for description, (since, end, reasons, refs) in list(pending.items()):
            if end is None and description not in now:
                last = states[index - 1].as_of if index else state.as_of
                pending[description] = (since, last, reasons, refs)
    for description, (since, end, reasons, refs) in pending.items():
        bars.append(
            Bar(
                "Pending",
                f"pending:{description}",
                description,
                since,
                end,
                "pending",
                detail=f"waiting: {reasons}",
                authorities=_cited(cite, refs),
            )
        )
    seen: set[str] = set()
    for state in states:
        for fact in state.uncertain:
            if fact.description in seen:
                continue
            seen.add(fact.description)
            high = fact.period.latest or (fact.period.earliest or state.as_of) + timedelta(365)
            low = fact.period.earliest or high - timedelta(days=365)
            bars.append(
                Bar(
                    "Uncertain",
                    f"uncertain:{fact.description}",
                    fact.description,
                    low,
                    high,
                    "uncertain",
                    detail=f"dated only as {fact.period.words}",
                    authorities=_cited(cite, _authority_of(fact.event)),
                )
            )
    final = states[-1] if states else None
    for lapsed in final.lapsed if final else ():
        refs = _authority_of(lapsed.event) or ((lapsed.ref,) if lapsed.ref else ())
        bars.append(
            Bar(
                "Lapsed",
                f"lapsed:{lapsed.description}",
                lapsed.description,
                lapsed.on,
                lapsed.on,
                "lapsed",
                detail=f"never in force: {lapsed.reason}",
                authorities=_cited(cite, refs),
            )
        )
    return bars


def _decision_entries(
    standing: Sequence[tuple[int, Event]], cite: Decisions
) -> tuple[DecisionEntry, ...]:
    entries = []
    for _, event in standing:
        if isinstance(event, ResolutionPassed):
            parts = tuple(
                (
                    str(ResolutionRef(resolution=event.resolution, part=path)),
                    part.outcome.value,
                    part.summary,
                )
                for path, part in event.walk()
            )
            entries.append(
                DecisionEntry(
                    event.resolution,
                    anchor(event.resolution),
                    cite.heading(event.resolution),
                    parts,
                    event.source.url if event.source else None,
                )
            )
        elif isinstance(event, DelegatedDecisionTaken):
            entries.append(
                DecisionEntry(
                    event.decision,
                    anchor(event.decision),
                    cite.heading(event.decision),
                    (),
                    event.source.url if event.source else None,
                )
            )
    return tuple(entries)


def _day_state(state: PartnershipState, why: tuple[str, ...]) -> DayState:
    lines: list[tuple[str, tuple[str, ...]]] = [
        ("Members", tuple(m.name for m in state.members)),
        (
            "Arrangements",
            tuple(
                f"{a.name}: {a.status.value.replace('_', ' ')}; {', '.join(a.services)}"
                + (f"; {a.ending[-1]}" if a.ending else "")
                for a in state.arrangements
            ),
        ),
        (
            "Posts",
            tuple(
                f"{p.title}: "
                + (
                    f"{p.holder.holder or 'unnamed holder'} ({p.holder.basis.value})"
                    if p.holder
                    else "vacant"
                )
                for p in state.posts
                if p.active
            ),
        ),
        ("Delegations in force", tuple(d.delegation for d in state.delegations_in_force)),
        ("Bodies", tuple(b.name for b in state.active_bodies)),
        ("Pending", tuple(p.description for p in state.pending)),
        ("Uncertain", tuple(u.description for u in state.uncertain)),
        ("Lapsed", tuple(x.description for x in state.lapsed)),
    ]
    return DayState(state.as_of, why, tuple((h, items) for h, items in lines if items))


def build(ledger: _Reader, partnership: str, *, until: date | None = None) -> Timeline:
    """The partnership's timeline: every spell from its first recorded change on.

    The chart runs to *until* (default: a year after the last change); the key dates
    are the days something changed.
    """
    standing = ledger.standing(partnership)
    cite = Decisions.of(partnership, standing)
    history = changes.timeline(partnership, standing)
    days = sorted({c.on for c in history})
    last = max(days) if days else date.today()
    end = until or last + timedelta(days=365)
    final = ledger.state(partnership, as_of=end)
    periods = _periods(standing)
    why: dict[date, list[str]] = {}
    for change in history:
        why.setdefault(change.on, []).append(change.description)
    states = [ledger.state(partnership, as_of=day) for day in days if day <= end]
    bars = [
        *_state_bars(final, cite, periods),
        *_arrangement_bars(partnership, standing, final, cite, periods),
        *_post_bars(partnership, standing, final, cite, periods),
        *_waiting_bars([*states, final], cite),
    ]
    starts = [b.fuzzy_from or b.start for b in bars] + days
    start = min(starts) if starts else end - timedelta(days=365)
    return Timeline(
        partnership,
        final.name or partnership,
        start,
        end,
        tuple(sorted(bars, key=lambda b: (LANES.index(b.lane), b.entity, b.start))),
        _decision_entries(standing, cite),
        tuple(_day_state(s, tuple(why.get(s.as_of, ()))) for s in states),
    )


def from_state(state: PartnershipState) -> Timeline:
    """Bars from one state alone: each entity from its start to its end or ``as_of``."""
    cite = Decisions(state.partnership, {})
    bars = [*_state_bars(state, cite, {}), *_waiting_bars([state], cite)]
    for arrangement in state.arrangements:
        bars.append(
            Bar(
                "Arrangements",
                f"arrangement:{arrangement.arrangement}",
                arrangement.name,
                arrangement.since,
                arrangement.closed_on,
                "under_notice" if arrangement.status.value == "under_notice" else "in_force",
                detail=arrangement.status.value.replace("_", " "),
                authorities=_cited(cite, arrangement.authorised_by),
            )
        )
    for post in state.posts:
        bars.append(
            Bar(
                "Posts",
                f"post:{post.post}",
                post.title,
                post.created,
                post.deleted,
                "in_force",
                authorities=_cited(cite, post.authorised_by),
            )
        )
    starts = [b.fuzzy_from or b.start for b in bars]
    start = min(starts) if starts else state.as_of - timedelta(days=365)
    end = max([state.as_of, *(b.end for b in bars if b.end is not None)])
    return Timeline(
        state.partnership,
        state.name or state.partnership,
        start,
        end,
        tuple(sorted(bars, key=lambda b: (LANES.index(b.lane), b.entity, b.start))),
        (),
        (_day_state(state, ()),),
    )
