"""Citations of decisions recorded in another partnership that the rules must refuse.

A change may cite a part of a decision recorded in another partnership
(``ResolutionRef(partnership=...)``) only when the decision is recorded there and the
council that took it is a member of the change's own partnership.
"""

from __future__ import annotations

from datetime import date

from ... import errors
from ...events import ResolutionRef
from .._model.draw import Gen, decided_elsewhere
from .._model.world import Partnership
from .rejection import OUTSIDER, Rejection, one, task


def cite_outsider_elsewhere(g: Gen, p: Partnership, day: date) -> Rejection | None:
    """A part of another partnership's decision taken by a council not party to *p*."""
    found = [
        ref
        for _, maker, ref in decided_elsewhere(g, p)
        if maker.council not in p.members and ref.resolution not in p.ids  # not ambiguous
    ]
    if not found:
        return None
    ref = g.pick(found)
    return one(
        task(p, day, (ref,)),
        errors.NotAMember,
        "a decision cited from another partnership is a member council's",
    )


def cite_missing_elsewhere(g: Gen, p: Partnership, day: date) -> Rejection:
    """A decision that is not recorded in the partnership the reference names (another
    partnership of the world, or one never formed)."""
    others = [name for name in g.world.partnerships if name != p.partnership]
    where = g.pick([*others, OUTSIDER])
    ref = ResolutionRef(resolution="no-such-decision-elsewhere", part=("1",), partnership=where)
    return one(
        task(p, day, (ref,)),
        errors.InvalidAuthority,
        "a decision cited from another partnership is recorded there",
    )
