"""Transitions the domain rules must reject, drawn from a :class:`World`.

Each builder looks at the recorded world and, when it applies, makes one event (or
a back-dated entry) that breaks one rule, and says which :class:`RuleViolation` the
ledger must raise. Facts still waiting in ``World.held`` are never relied on.
"""

from __future__ import annotations

from datetime import timedelta

from hypothesis import strategies as st

from .._model.draw import Gen
from .._model.world import World
from .agreement import (
    mirror_own_council,
    mirror_unrecorded,
    off_record_on_own_change,
    off_record_outsider,
)
from .elsewhere import cite_missing_elsewhere, cite_outsider_elsewhere, cite_withdrawn_elsewhere
from .people import (
    admitted_twice,
    after_dissolution,
    appoint_to_deleted,
    before_formation,
    duplicate_id,
    formed_twice,
    last_two_leave,
    outsider_shares,
    outsider_withdraws,
    shares_not_one,
    successor_already_member,
    unknown_partnership,
    vacate_empty,
    wrong_title,
    zero_share,
)
from .rejection import Builder, Rejection
from .structure import (
    act_on_ended,
    back_dated_decoupling,
    back_dated_disbandment,
    call_in_refused,
    cite_before_decided,
    cite_in_principle,
    cite_unresolved,
    complete_twice,
    condition_again,
    decoupled_again,
    delegation_gone,
    disbanded_body,
    expires_before_granted,
    not_a_delegate,
    notice_twice,
    outsider_constituent,
    remove_every_service,
    stage_on_ended,
    stated_result_contradicts,
    vote_contradicts,
)

__all__ = ["Rejection", "every_rejection", "rejections"]

# --------------------------------------------------------------------------- drawing

_ALWAYS: tuple[Builder, ...] = (unknown_partnership, before_formation, formed_twice)
_OPEN: tuple[Builder, ...] = (
    admitted_twice,
    last_two_leave,
    outsider_withdraws,
    successor_already_member,
    shares_not_one,
    zero_share,
    outsider_shares,
    decoupled_again,
    act_on_ended,
    stage_on_ended,
    notice_twice,
    remove_every_service,
    back_dated_decoupling,
    wrong_title,
    vacate_empty,
    appoint_to_deleted,
    duplicate_id,
    disbanded_body,
    back_dated_disbandment,
    outsider_constituent,
    vote_contradicts,
    cite_unresolved,
    cite_in_principle,
    stated_result_contradicts,
    cite_before_decided,
    not_a_delegate,
    delegation_gone,
    expires_before_granted,
    condition_again,
    call_in_refused,
    complete_twice,
    off_record_outsider,
    off_record_on_own_change,
    mirror_unrecorded,
    mirror_own_council,
    cite_outsider_elsewhere,
    cite_missing_elsewhere,
    cite_withdrawn_elsewhere,
)


def rejections(draw: st.DrawFn, world: World) -> Rejection:
    """Draw one rejection that applies to *world* (which must have a partnership)."""
    g = Gen(draw, world)
    p = world.partnership(g.pick(world.partnerships))
    day = p.day + timedelta(days=1)
    builders = _ALWAYS + ((after_dissolution,) if p.dissolved else _OPEN)
    for build in draw(st.permutations(builders)):
        found = build(g, p, day)
        if found is not None:
            return found
    raise AssertionError("unreachable: the builders in _ALWAYS always apply")


def every_rejection(draw: st.DrawFn, world: World) -> list[Rejection]:
    """One rejection for every rule that applies to each partnership of *world*."""
    g = Gen(draw, world)
    found: list[Rejection] = []
    for partnership in world.partnerships:
        p = world.partnership(partnership)
        day = p.day + timedelta(days=1)
        builders = _ALWAYS + ((after_dissolution,) if p.dissolved else _OPEN)
        found.extend(r for r in (build(g, p, day) for build in builders) if r is not None)
    return found
