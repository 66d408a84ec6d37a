"""Per-member decisions drawn against a world: each council decides separately, on its
own day, then the change they all agreed is recorded.
"""

from __future__ import annotations

from ...events import (
    Authority,
    Condition,
    CouncilBody,
    Outcome,
    Part,
    ResolutionPassed,
    ResolutionRef,
)
from .. import _vocabulary as words
from .builders import changes_on
from .decisions import PartDraft, condition_for, remember, resolution_id
from .draw import Gen, Step, part_votes
from .world import Partnership

__all__ = ["each_member"]


def each_member(g: Gen, p: Partnership) -> Step:
    """Each member decides separately, on its own day; then the change they all agreed."""
    step = Step()
    refs: list[Authority] = []
    title, summary = g.pick(words.TOPICS)
    # Either the change cites every council's part, or it cites the first council's and
    # the others' parts mirror it (each council's own decision on the same matter).
    mirrored = g.chance(40)
    for council in sorted(p.members):
        decided = g.after(p.day, max(1, g.world.gap // len(p.members)))
        p.day = decided
        maker = CouncilBody(council=council, name=g.pick(("Cabinet", "Executive")))
        wording = summary if not refs else f"{summary}, in the same terms as its partners"
        conditions: tuple[Condition, ...] = ()
        if g.chance(25):
            conditions = (condition_for(g, p, maker),)
        draft = PartDraft(conditions=[c.id for c in conditions])
        event = ResolutionPassed(
            partnership=p.partnership,
            effective=decided,
            resolution=resolution_id(p, maker, decided),
            decided_by=maker,
            decided=decided,
            item=str(g.number(3, 140)),
            title=title,
            parts=(
                Part(
                    number="1",
                    summary=wording,
                    votes=part_votes(g, Outcome.RESOLVED),
                    conditions=conditions,
                    mirrors=tuple(r for r in refs[:1] if isinstance(r, ResolutionRef))
                    if mirrored
                    else (),
                ),
            ),
        )
        draft.resolved.append((("1",), bool(conditions)))
        draft.outcomes[("1",)] = Outcome.RESOLVED
        remember(p, event, draft, decided)
        step.append.append(event)
        if not (mirrored and refs):
            refs.append(ResolutionRef(resolution=event.resolution, part=("1",)))
    when, day = g.when(p, periods=False)
    kinds = changes_on(p, day)
    if kinds:
        build = g.pick(kinds)
        step.append.append(build(g, p, when, day, tuple(refs)))
    return step
