"""Later corrections of a recorded decision: an :class:`EntryRetracted` whose replacement
is the same resolution as it should have been recorded.

Minutes are corrected when a later meeting confirms them "subject to" amendments: the
meeting turns out to have been inquorate (or was quorate after all), a part's outcome
was misrecorded, the title or the item number was wrong. The correction is recorded
later than the decision, so questions asked ``known_at`` before it still see the
original. A correction keeps everything later entries depend on (the parts they cite,
adopt, finalise or mirror, conditions, call-in windows), so the ledger accepts it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import attrs

from ...events import (
    Citation,
    EntryRetracted,
    Event,
    MeetingStatus,
    Outcome,
    Part,
    ResolutionPassed,
    ResolutionRef,
    path_key,
)
from .. import _vocabulary as words
from .draw import Gen, Step
from .world import Partnership, Path, World

#: The outcomes a misrecorded part can be corrected to (a lost part needs its vote).
_CORRECTED_OUTCOMES = (
    Outcome.RESOLVED,
    Outcome.NOTED,
    Outcome.DEFERRED,
    Outcome.WITHDRAWN,
    Outcome.NOT_RECORDED,
)


def correctable(world: World, p: Partnership) -> list[tuple[int, ResolutionPassed]]:
    """The partnership's recorded resolutions not yet corrected, with their positions
    (a ledger holding exactly ``world.events`` numbers them from 1)."""
    return [
        (position, event)
        for position, event in enumerate(world.events, start=1)
        if isinstance(event, ResolutionPassed)
        and event.partnership == p.partnership
        and event.resolution not in p.corrected
    ]


def references(event: Event) -> Iterator[ResolutionRef]:
    """Every part of a decision *event* names: its authority, and what its parts adopt,
    make final or mirror."""
    if isinstance(event, EntryRetracted) and event.replacement is not None:
        yield from references(event.replacement)
    for ref in getattr(event, "authorised_by", ()):
        if isinstance(ref, ResolutionRef):
            yield ref
    if isinstance(event, ResolutionPassed):
        for _, part in event.walk():
            for named in (part.adopts, part.finalises, *part.mirrors):
                if named is not None:
                    yield named


def _named_paths(events: Iterable[Event], resolution: str) -> list[tuple[str, ...]]:
    return [path_key(r.part) for e in events for r in references(e) if r.resolution == resolution]


def _loose_parts(world: World, resolution: ResolutionPassed) -> list[tuple[Path, Part]]:
    """The parts whose outcome a correction can change: leaves with no conditions, not
    recommended, in principle, adopting, finalising or mirroring, under no recommended
    or unrecorded part, and named by nothing recorded or held back."""
    named = _named_paths([*world.events, *world.held], resolution.resolution)
    if () in named:
        return []  # the whole decision is cited
    found: list[tuple[Path, Part]] = []
    for path, part in resolution.walk():
        key = path_key(path)
        if (
            part.parts
            or part.conditions
            or part.recommended_to
            or part.in_principle
            or part.adopts is not None
            or part.finalises is not None
            or part.mirrors
            or part.outcome in (Outcome.RECOMMENDED, Outcome.LOST)
            or any(n[: len(key)] == key or key[: len(n)] == n for n in named)
        ):
            continue
        above = [resolution.part(path[:depth]) for depth in range(1, len(path))]
        if any(a is None or a.outcome is not Outcome.RESOLVED or a.conditions for a in above):
            continue
        found.append((path, part))
    return found


def _with_part(parts: tuple[Part, ...], path: Path, new: Part) -> tuple[Part, ...]:
    return tuple(
        (new if len(path) == 1 else attrs.evolve(part, parts=_with_part(part.parts, path[1:], new)))
        if part.number == path[0]
        else part
        for part in parts
    )


def correct(g: Gen, p: Partnership) -> Step:
    """A later meeting confirms the minutes of an earlier decision subject to a
    correction: its meeting status (quorate after all, or not), a part's outcome, or
    its title or item number. Decisions of a meeting that could not decide are the
    likeliest to be put right."""
    candidates = correctable(g.world, p)
    unable = [c for c in candidates if not c[1].meeting_status.can_decide]
    acted_on = [c for c in unable if _named_paths(g.world.events, c[1].resolution)]
    if acted_on and g.chance(80):  # changes were made on it: the correction matters most
        unable = acted_on
    position, original = g.pick(unable) if unable and g.chance(90) else g.pick(candidates)
    p.corrected.add(original.resolution)
    replacement, reason = _corrected(g, p, original)
    p.citable_changed()
    day = g.after(p.day)
    p.day = day
    retraction = EntryRetracted(
        partnership=p.partnership,
        effective=day,
        retracts=position,
        reason=reason,
        authorised_by=(
            Citation(
                document=f"Minutes of {words.long_date(day)}: the minutes of "
                f"{original.resolution} confirmed subject to correction",
                dated=day,
            ),
        ),
        replacement=replacement,
    )
    return Step(append=[retraction])


def _corrected(g: Gen, p: Partnership, original: ResolutionPassed) -> tuple[ResolutionPassed, str]:
    loose = _loose_parts(g.world, original)
    what = g.pick(("status", "status", "status", "outcome", "title"))
    if not original.meeting_status.can_decide and g.chance(80):
        what = "status"
    if what == "outcome" and loose:
        path, part = g.pick(loose)
        outcome = g.pick([o for o in _CORRECTED_OUTCOMES if o is not part.outcome])
        fixed = attrs.evolve(part, outcome=outcome, votes=())
        p.resolutions[original.resolution].parts[path] = outcome
        p.citable = [
            c
            for c in p.citable
            if c.ref.resolution != original.resolution
            or (c.ref.part and path_key(c.ref.part) != path_key(path))
        ]
        label = "".join(f"({n})" for n in path)
        return (
            attrs.evolve(original, parts=_with_part(original.parts, path, fixed)),
            f"minutes confirmed subject to recording part {label} as {_words(outcome)}",
        )
    if what == "title":
        return (
            attrs.evolve(
                original, title=f"{original.title} (corrected)", item=str(g.number(3, 140))
            ),
            "minutes confirmed subject to correcting the item's title and number",
        )
    if original.meeting_status.can_decide:
        status = g.pick([s for s in MeetingStatus if not s.can_decide])
        reason = f"the meeting is now recorded as {_words(status)}"
    else:
        status = MeetingStatus.HELD
        reason = "the meeting was quorate and properly convened after all"
    return attrs.evolve(original, meeting_status=status), f"minutes confirmed: {reason}"


def _words(value: Outcome | MeetingStatus) -> str:
    return value.value.replace("_", " ")
