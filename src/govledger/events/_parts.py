"""A resolution's parts, walked once and kept while the resolution lives.

:class:`~govledger.events.ResolutionPassed` answers ``walk()`` and ``part(path)`` from
here, and :func:`per_resolution` memoises pure functions of a resolution and a path.
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar, cast

from .values import path_key

if TYPE_CHECKING:
    from .resolutions import Part, ResolutionPassed

__all__ = ["per_resolution"]

_T = TypeVar("_T")

#: What :func:`per_resolution`'s memo gives for an answer not yet worked out.
_NOT_YET = object()


class _PartIndex:
    """A resolution's parts, walked once: in order, by path, and by normalised path.

    A resolution is frozen, so its parts never change; the fold asks for them on every
    change citing it, and walking the tree each time was a large share of a replay.
    """

    __slots__ = ("exact", "keyed", "memo", "owner", "walked")

    def __init__(self, resolution: ResolutionPassed) -> None:
        self.walked: tuple[tuple[tuple[str, ...], Part], ...] = tuple(
            pair for part in resolution.parts for pair in part.walk()
        )
        self.exact: dict[tuple[str, ...], Part] = {}
        self.keyed: dict[tuple[str, ...], Part] = {}
        for path, part in self.walked:
            self.exact.setdefault(path, part)
            self.keyed.setdefault(path_key(path), part)
        self.owner: _Owner | None = None
        #: Answers of pure functions of the resolution and a path (:func:`per_resolution`),
        #: by function, then path: no key object per answer for the collector to walk.
        self.memo: dict[object, dict[tuple[str, ...], object]] = {}


class _Owner(weakref.ref):  # type: ignore[type-arg]
    """The weak reference from a part index to its resolution, with the index's key."""

    __slots__ = ("key",)
    key: int


def _forget(owner: _Owner) -> None:
    """Drop the index of a resolution just collected (unless its id has been reused)."""
    if (kept := _PART_INDEXES.get(owner.key)) is not None and kept.owner is owner:
        del _PART_INDEXES[owner.key]


def per_resolution(
    compute: Callable[[ResolutionPassed, tuple[str, ...]], _T],
) -> Callable[[ResolutionPassed, tuple[str, ...]], _T]:
    """Memoise *compute*, a pure function of a resolution and a part path, for as long
    as the resolution lives (a resolution is frozen: the answer never changes)."""

    def memoised(resolution: ResolutionPassed, path: tuple[str, ...]) -> _T:
        memo = _parts_of(resolution).memo
        answers = memo.get(compute)
        if answers is None:
            answers = memo[compute] = {}
        value = answers.get(path, _NOT_YET)
        if value is _NOT_YET:
            value = answers[path] = compute(resolution, path)
        return cast(_T, value)

    return functools.update_wrapper(memoised, compute)


#: Part indexes by ``id()`` of their resolution, each dropped when it is collected.
_PART_INDEXES: dict[int, _PartIndex] = {}


def _parts_of(resolution: ResolutionPassed) -> _PartIndex:
    """*resolution*'s part index, built on first use and kept while it lives."""
    key = id(resolution)
    index = _PART_INDEXES.get(key)
    # an index is in the table only with its owner set (below): an id can be reused
    if index is not None and index.owner() is resolution:  # type: ignore[misc]
        return index
    index = _PartIndex(resolution)
    owner = index.owner = _Owner(resolution, _forget)
    owner.key = key
    _PART_INDEXES[key] = index
    return index
