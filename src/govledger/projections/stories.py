"""The stories of decisions cited from elsewhere, kept apart in a fold so that a question
can take out those it does not see (issue 17).

A fold of the world in force is fed the story of every decision its partnership's known
entries cite from other partnerships (:mod:`~govledger.projections.cited`), but a state
on a day shows only those cited by the entries it folded or lists as upcoming. Feeding
the same stories whatever the question makes the fold through a day the same for every
question with the same knowledge, so one fold kept on the way serves them all; the
question then takes out the stories it does not see (:func:`take_out`).

That gives exactly the fold fed without them when each story was *apart*: its entries
wrote only what is keyed by its own decision (the decision, its status, call-in,
delegated decision and conditions) and released, re-tried or stamped nothing else, and
no other entry named the decision. The fold notes, as each entry is fed, any story that
was not (``Fold.stories``); taking out one that was not is refused, and the caller folds
without it instead.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from typing import TYPE_CHECKING, Final, TypeAlias

from ..events import (
    CallInDetermined,
    CallInRequested,
    ConditionLapsed,
    ConditionSatisfied,
    DelegatedDecisionTaken,
    Event,
    ResolutionPassed,
    ResolutionRef,
)
from ..recommendations import ref_key

if TYPE_CHECKING:
    from .fold import Fold

__all__ = ["UNOWNED", "Story", "claims", "early", "marks", "named", "story_of", "take_out"]

#: One decision's story in a fold: the partnership it is recorded in, the entries of it
#: fed, the latest day of them, and whether it stayed apart (see the module docstring).
Story: TypeAlias = tuple[str, int, date, bool]

#: The key under which a fold notes an entry from elsewhere that belongs to no decision
#: it knows (a condition met before its decision was fed): nothing can be taken out then.
UNOWNED: Final = ""

#: The prefix of the key of a condition met before its decision was fed (:func:`early`).
_EARLY: Final = "\0"

#: What feeding an entry may change besides its own decision's keys.
Marks: TypeAlias = tuple[int, int, int, int, int]


def marks(fold: Fold) -> Marks:
    """What a story's entry must leave as it was to stay apart."""
    return (
        fold._next_wait,
        len(fold.waiting),
        len(fold.lapsed),
        len(fold.caveats),
        len(fold.undated),
    )


def story_of(fold: Fold, event: Event) -> str:
    """The decision whose story *event* (an entry from another partnership) tells, or
    :data:`UNOWNED`."""
    if isinstance(event, ResolutionPassed | CallInRequested | CallInDetermined):
        return event.resolution
    if isinstance(event, DelegatedDecisionTaken):
        return event.decision
    if isinstance(event, ConditionSatisfied | ConditionLapsed):
        owner = fold.condition_owner.get(event.condition)
        if owner is None:
            return _EARLY + event.condition  # its decision is fed later (adopted then)
        return owner if owner in fold.stories else UNOWNED
    return UNOWNED


def claims(fold: Fold, event: Event, decision: str) -> bool:
    """Whether *event*, of *decision*'s story, would write what is not that story's alone
    (what another entry wrote, or what another decision reads)."""
    first = decision not in fold.stories
    if isinstance(event, ResolutionPassed):
        if first and event.resolution in fold.resolutions:
            return True
        for _, part in event.walk():
            if part.in_principle or part.finalises is not None:
                return True
            adopts = part.adopts
            if adopts is not None and (
                adopts in fold.adopted or adopts.resolution in fold.resolutions
            ):
                return True  # what it adopts was adopted before, or is read by then
            if any(condition.id in fold.condition_owner for condition in part.conditions):
                return True
        return False
    if isinstance(event, CallInRequested):
        return first and event.resolution in fold.call_ins
    if isinstance(event, CallInDetermined):
        return first and event.resolution in fold.call_in_outcomes
    if isinstance(event, DelegatedDecisionTaken):
        return event.delegation in fold.delegations or (
            first and event.decision in fold.delegated_decisions
        )
    if isinstance(event, ConditionSatisfied):
        return event.condition in fold.conditions_satisfied and first
    if isinstance(event, ConditionLapsed):
        return event.condition in fold.conditions_lapsed and first
    return True


def named(fold: Fold, event: Event) -> Iterator[str]:
    """The decisions with a story in *fold* that *event* names other than as a citation
    from elsewhere of that very decision, or whose keys it writes."""
    stories = fold.stories
    for ref in getattr(event, "authorised_by", ()):
        if type(ref) is not ResolutionRef:
            continue
        story = stories.get(ref.resolution)
        if story is not None and ref.partnership != story[0]:
            yield ref.resolution
        # a change authorised by a part that a story's decision mirrors or adopts reads it
        yield from _mirrors_told(fold, ref.resolution)
        yield from fold.adopted_by_story.get(ref.resolution, ())
    if isinstance(event, ResolutionPassed):
        if event.resolution in stories:
            yield event.resolution
        yield from fold.adopted_by_story.get(event.resolution, ())
        for _, part in event.walk():
            for ref in (part.adopts, part.finalises, *part.mirrors):
                if ref is not None and ref.resolution in stories:
                    yield ref.resolution
            for target in part.mirrors:  # mirrored after a story's decision first was
                mirrors = fold.mirrored.get(target.resolution)
                if mirrors and mirrors[0][1].resolution in stories:
                    yield mirrors[0][1].resolution
            for condition in part.conditions:
                owner = fold.condition_owner.get(condition.id)
                if owner is not None and owner in stories:
                    yield owner
                if _EARLY + condition.id in stories:
                    yield _EARLY + condition.id
    elif isinstance(event, CallInRequested | CallInDetermined):
        if event.resolution in stories:
            yield event.resolution
    elif isinstance(event, DelegatedDecisionTaken):
        if event.decision in stories:
            yield event.decision
    elif isinstance(event, ConditionSatisfied | ConditionLapsed):
        owner = fold.condition_owner.get(event.condition)
        if owner is not None and owner in stories:
            yield owner
        if _EARLY + event.condition in stories:
            yield _EARLY + event.condition


def _mirrors_told(fold: Fold, resolution: str) -> Iterator[str]:
    for _, mirror in fold.mirrored.get(resolution, ()):
        if mirror.resolution in fold.stories:
            yield mirror.resolution


def early(condition: str) -> str:
    """The key a fold notes a condition of a decision from elsewhere under while that
    decision is not yet fed (a condition met before the decision was taken)."""
    return _EARLY + condition


def take_out(fold: Fold, decisions: Mapping[str, frozenset[str]]) -> bool:
    """Take the story of each of *decisions* (partnership -> ids) out of *fold*, as if it
    had never been fed; ``False``, and *fold* unchanged, if one was not apart."""
    stories = fold.stories
    found: list[str] = []
    for other, ids in decisions.items():
        for decision in ids:
            story = stories.get(decision)
            if story is None:
                continue  # none of its entries was fed
            if story[0] != other or not story[3]:
                return False
            found.append(decision)
    if not found:
        return True
    if any(key[:1] in (UNOWNED, _EARLY) for key in stories):
        return False  # an entry fed that belongs to no decision known yet
    for decision in found:
        _, fed, _, _ = stories.pop(decision)
        event = fold.resolutions.pop(decision, None)
        if event is not None:
            for _, part in event.walk():
                for target in part.mirrors:
                    _unmirror(fold, target.resolution, decision)
                if part.adopts is not None:
                    _unadopt(fold, part.adopts, decision)
                for condition in part.conditions:
                    fold.condition_owner.pop(condition.id, None)
                    fold.conditions_satisfied.pop(condition.id, None)
                    fold.conditions_lapsed.pop(condition.id, None)
        fold.resolution_state.pop(decision, None)
        fold.conditional_or_recommended.discard(decision)
        fold.unrecorded.discard(decision)
        fold.call_ins.pop(decision, None)
        fold.call_in_outcomes.pop(decision, None)
        fold.delegated_decisions.pop(decision, None)
        fold.fed -= fed
    fold.day = max([fold.home_day, *(story[2] for story in stories.values())])
    return True


def _unmirror(fold: Fold, resolution: str, decision: str) -> None:
    """Take *decision*'s parts out of those mirroring *resolution*."""
    kept = tuple(
        pair for pair in fold.mirrored.get(resolution, ()) if pair[1].resolution != decision
    )
    if kept:
        fold.mirrored[resolution] = kept
    else:
        fold.mirrored.pop(resolution, None)


def _unadopt(fold: Fold, adopts: ResolutionRef, decision: str) -> None:
    """Take *decision*'s adoption of the recommendation *adopts* out of *fold*."""
    adopting = fold.adopted.get(adopts)
    if adopting is not None and adopting.resolution == decision:
        del fold.adopted[adopts]
    key = ref_key(adopts)
    kept = tuple(pair for pair in fold.adoptions.get(key, ()) if pair[0].resolution != decision)
    if kept:
        fold.adoptions[key] = kept
    else:
        fold.adoptions.pop(key, None)
    by = tuple(
        other for other in fold.adopted_by_story.get(adopts.resolution, ()) if other != decision
    )
    if by:
        fold.adopted_by_story[adopts.resolution] = by
    else:
        fold.adopted_by_story.pop(adopts.resolution, None)
