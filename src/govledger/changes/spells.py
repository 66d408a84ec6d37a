"""The spells of a post or an arrangement: every title, holder, mechanism, service and status."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Generic, TypeVar

import attrs

from .. import _code
from ..errors import UsageError
from ..events import (
    ArrangementEstablished,
    Authority,
    DateSpec,
    Event,
    HolderBasis,
    Mechanism,
    PostCreated,
)
from ..partstate import StateData
from ..projections import (
    ArrangementState,
    ArrangementStatus,
    PostState,
)
from .model import ONE_DAY, Change, ChangeKind, EntityState, EntityType, distinct
from .run import checked_pairs, run_timeline

_V = TypeVar("_V")


# --------------------------------------------------------------------------- histories


@attrs.frozen(kw_only=True, eq=False)
class TitleSpell(StateData):
    """A title a post held: from ``since`` to ``until`` (its last day; ``None``: still held).

    ``temporary_until`` is the date a title was given only until, as the decision put it.
    """

    title: str
    since: date
    until: date | None
    authorised_by: tuple[Authority, ...]
    temporary_until: DateSpec | None = None
    ended_by: tuple[Authority, ...] = ()


@attrs.frozen(kw_only=True, eq=False)
class HolderSpell(StateData):
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


@attrs.frozen(kw_only=True, eq=False)
class PostHistory(StateData):
    """Every title and holder a post has had, with dates and authorities.

    ``changes`` are all the post's changes from the :func:`timeline`.
    """

    partnership: str
    post: str
    titles: tuple[TitleSpell, ...]
    holders: tuple[HolderSpell, ...]
    changes: tuple[Change, ...]


@attrs.frozen(kw_only=True, eq=False)
class MechanismSpell(StateData):
    """The legal mechanism an arrangement ran under, from ``since`` to ``until`` (last day).

    The last spell ends when the arrangement stops being in force.
    """

    mechanism: Mechanism
    detail: str | None
    since: date
    until: date | None
    authorised_by: tuple[Authority, ...]
    ended_by: tuple[Authority, ...] = ()


@attrs.frozen(kw_only=True, eq=False)
class ServiceSpell(StateData):
    """A service run under an arrangement, from ``since`` to ``until`` (its last day).

    ``left_by`` says how it left: decoupled, varied out, or the arrangement ended.
    """

    service: str
    since: date
    until: date | None
    authorised_by: tuple[Authority, ...]
    ended_by: tuple[Authority, ...] = ()
    left_by: ChangeKind | None = None


@attrs.frozen(kw_only=True, eq=False)
class StatusSpell(StateData):
    """An arrangement's status (in force, under notice, decoupled, ended) over a spell."""

    status: ArrangementStatus
    since: date
    until: date | None
    authorised_by: tuple[Authority, ...]
    ended_by: tuple[Authority, ...] = ()


@attrs.frozen(kw_only=True, eq=False)
class ArrangementHistory(StateData):
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
    return distinct(a for c in chosen for a in c.authorised_by)


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
            current.until = day - ONE_DAY
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
    events = checked_pairs(partnership, pairs)
    changes, final = run_timeline(partnership, events)
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
                authorised_by=distinct(spell.authorised_by),
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
    events = checked_pairs(partnership, pairs)
    changes, final = run_timeline(partnership, events)
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
                    until=day - ONE_DAY,
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


_code.share_equalities(globals(), __name__)
