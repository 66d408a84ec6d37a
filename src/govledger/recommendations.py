"""Recommendations and their adoption, read off the recorded decisions.

A part ``RECOMMENDED`` to another body changes nothing until that body adopts it. The
parts nested in it are recommended with it, to the same bodies, unless one is itself
recommended to others. A part recommended to several bodies is adopted only when each
of them has adopted it, or a part above it (adopting a part adopts everything nested
in it). These helpers are pure: the fold (:mod:`govledger.projections`) and the rules
(:mod:`govledger.rules`) share them.
"""

from __future__ import annotations

from collections.abc import Iterable

from .events import (
    CouncilBody,
    DecisionMaker,
    Outcome,
    Part,
    ResolutionPassed,
    ResolutionRef,
    path_key,
)
from .events.resolutions import per_resolution

__all__ = [
    "PathKey",
    "cited_path",
    "prefixes",
    "recommendation_of",
    "ref_key",
    "same_maker",
]

#: A cited part, normalised: the resolution id and the part labels' keys.
PathKey = tuple[str, tuple[str, ...]]


def ref_key(ref: ResolutionRef) -> PathKey:
    """*ref* as a lookup key: labels normalised (``"(2)"`` and ``"2"`` are one part)."""
    return ref.resolution, path_key(ref.part)


def cited_path(resolution: ResolutionPassed, path: tuple[str, ...]) -> tuple[str, ...]:
    """The part path a citation means: a whole-decision citation of a one-part decision
    means that part."""
    if not path and len(resolution.parts) == 1:
        return (resolution.parts[0].number,)
    return path


def prefixes(path: tuple[str, ...]) -> Iterable[tuple[str, ...]]:
    """The path of every part from the top down to *path* itself."""
    for depth in range(1, len(path) + 1):
        yield path[:depth]


@per_resolution
def recommendation_of(
    resolution: ResolutionPassed, path: tuple[str, ...]
) -> tuple[tuple[str, ...], Part] | None:
    """The nearest recommended part at or above *path*, with its path; ``None`` if none.

    Its ``recommended_to`` are the bodies whose adoption the part at *path* awaits.
    """
    found: tuple[tuple[str, ...], Part] | None = None
    for prefix in prefixes(path):
        part = resolution.part(prefix)
        if part is None:
            break
        if part.outcome is Outcome.RECOMMENDED:
            found = (prefix, part)
    return found


def same_maker(a: DecisionMaker, b: DecisionMaker) -> bool:
    """Whether *a* and *b* are the same decision maker (a council body's name in any case)."""
    if isinstance(a, CouncilBody) and isinstance(b, CouncilBody):
        return a.same_as(b)
    return a == b
