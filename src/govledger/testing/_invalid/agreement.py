"""Rejections about who must agree: ``not_on_record`` and mirrored decisions.

The rules are in :func:`govledger.agreement.check_agreement_fields`: a council said to
have decided off the record must be a member, only a partnership-level change needs
other councils' agreement, and a mirrored part names another council's recorded
resolution.
"""

from __future__ import annotations

from datetime import date

import attrs

from ... import errors
from ...events import (
    ArrangementVaried,
    CouncilBody,
    NotOnRecord,
    Part,
    ResolutionPassed,
    ResolutionRef,
)
from .._model.builders import common_fields
from .._model.draw import Gen
from .._model.world import Partnership
from .rejection import CITE, OUTSIDER, Rejection, one, task

__all__ = [
    "mirror_own_council",
    "mirror_unrecorded",
    "off_record_on_own_change",
    "off_record_outsider",
]


def off_record_outsider(g: Gen, p: Partnership, day: date) -> Rejection | None:
    """A partnership-level change saying a council that is not a member agreed off the record."""
    open_ = p.open_arrangements(day)
    if not open_:
        return None
    event = ArrangementVaried(
        **common_fields(p, day, CITE),
        arrangement=g.pick(open_).arrangement,
        lead=sorted(p.members)[0],
        not_on_record=(NotOnRecord(council=OUTSIDER, note="its minutes are not published"),),
    )
    return one(event, errors.NotAMember, "only a member's agreement can be off the record")


def off_record_on_own_change(g: Gen, p: Partnership, day: date) -> Rejection:
    """``not_on_record`` on a change that needs no other council's agreement."""
    event = attrs.evolve(
        task(p, day), not_on_record=(NotOnRecord(note="the other council's minutes are lost"),)
    )
    return one(event, errors.InvalidAuthority, "not_on_record is for partnership-level changes")


def _mirroring(p: Partnership, day: date, council: str, target: ResolutionRef) -> ResolutionPassed:
    return ResolutionPassed(
        partnership=p.partnership,
        effective=day,
        resolution="a-mirror-never-used",
        decided_by=CouncilBody(council=council, name="Council"),
        decided=day,
        item="6",
        title="Shared service arrangements",
        parts=(Part(number="1", summary="agree the same proposal", mirrors=(target,)),),
    )


def mirror_unrecorded(g: Gen, p: Partnership, day: date) -> Rejection:
    """A part mirroring a resolution the ledger does not hold."""
    target = ResolutionRef(resolution="a-resolution-nobody-recorded")
    event = _mirroring(p, day, g.pick(sorted(p.members)), target)
    return one(event, errors.InvalidAuthority, "a mirrored decision must be on record")


def mirror_own_council(g: Gen, p: Partnership, day: date) -> Rejection | None:
    """A council's part mirroring a decision of the same council."""
    own = [
        r
        for r in p.resolutions.values()
        if isinstance(r.maker, CouncilBody) and r.maker.council in p.members
    ]
    if not own:
        return None
    chosen = g.pick(own)
    assert isinstance(chosen.maker, CouncilBody)
    target = ResolutionRef(resolution=chosen.resolution)
    event = _mirroring(p, day, chosen.maker.council, target)
    return one(event, errors.InvalidAuthority, "a council cannot mirror its own decision")
