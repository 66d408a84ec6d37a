"""Why each part of a decision still waits, worked out once per decision and fold state.

Freezing a fold (:func:`~govledger.projections.freeze.freeze`) lists every part of a
conditional or recommended decision that is not yet in force, with its reasons: its
conditions, the adoptions it awaits, what the recommendation it adopts is bound by.
Those verdicts read a few of the fold's containers and nothing else, and a fold's
history keeps most of them unchanged from one freeze to the next, so the answer for
each decision is kept with the reads it made (:class:`_Reads`): a later freeze, of this
fold or of any other, reads the same keys again and reuses the answer when every one
gives the same value. A read of anything else fails loudly instead of going unseen.
The answer is kept with the decision object itself and lives as long as it does: it
can only be reused for that very object, and a table of every decision ever answered
for would keep them all alive for the garbage collector to walk again and again.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Final, cast

from ..events import ResolutionPassed, ResolutionRef
from ..events.resolutions import per_resolution

if TYPE_CHECKING:
    from .fold import Fold
    from .state import WaitingReason

__all__ = ["Waits", "clear", "part_waits"]

#: Answers kept per decision, the latest used first. Questions on different days see a
#: decision at different stages (a condition not yet met, then met; a recommendation
#: adopted by one body, then by all), and each stage's answer is a different one: with
#: only the last kept, questions at random days worked a seventh of the decisions out
#: again each time (twenty thousand entries of one partnership).
VARIANTS_KEPT: Final = 4

#: The fold containers the verdicts read (``projections/verdicts.py``), and only those.
READ: Final = (
    "adoptions",
    "call_in_outcomes",
    "call_ins",
    "conditions_lapsed",
    "conditions_satisfied",
    "delegated_decisions",
    "resolutions",
)

#: Each waiting part of a decision: its reference, description and reasons.
Waits = tuple[tuple[ResolutionRef, str, tuple["WaitingReason", ...]], ...]

_MISSING: Final = object()
_CONTAINS: Final = object()

#: One read: container, key, default (or ``_CONTAINS`` for ``in``), what it gave (a
#: decision held weakly: a kept answer must not keep the decisions it read alive).
_Read = tuple[str, object, object, object]


def _held(value: object) -> object:
    return weakref.ref(value) if isinstance(value, ResolutionPassed) else value


class _Recorded:
    """One of a fold's containers, each lookup recorded."""

    __slots__ = ("_log", "_name", "_values")

    def __init__(self, name: str, values: Mapping[object, object], log: list[_Read]) -> None:
        self._name, self._values, self._log = name, values, log

    def get(self, key: object, default: object = None) -> object:
        value = self._values.get(key, default)
        self._log.append((self._name, key, default, _held(value)))
        return value

    def __getitem__(self, key: object) -> object:
        value = self._values.get(key, _MISSING)
        if value is _MISSING:
            raise KeyError(key)
        self._log.append((self._name, key, _MISSING, _held(value)))
        return value

    def __contains__(self, key: object) -> bool:
        found = key in self._values
        self._log.append((self._name, key, _CONTAINS, found))
        return found


class _Reads:
    """A fold seen only through the containers in :data:`READ`, every lookup recorded."""

    def __init__(self, fold: Fold) -> None:
        self.log: list[_Read] = []
        for name in READ:
            setattr(self, name, _Recorded(name, getattr(fold, name), self.log))


#: The reads an answer made, as kept: each container once, with its distinct lookups
#: (key, default or ``_CONTAINS``, what it gave), in the order first made.
_KeptReads = tuple[tuple[str, tuple[tuple[object, object, object], ...]], ...]


def _grouped(log: list[_Read]) -> _KeptReads:
    """*log* by container, each lookup once: a lookup made again in the same fold gave
    the same, so checking it once is checking both."""
    by_container: dict[str, dict[tuple[object, object], object]] = {}
    for name, key, default, value in log:
        by_container.setdefault(name, {}).setdefault((key, default), value)
    return tuple(
        (name, tuple((key, default, value) for (key, default), value in lookups.items()))
        for name, lookups in by_container.items()
    )


def _same(fold: Fold, reads: _KeptReads) -> bool:
    """Whether every read in *reads* gives the same value in *fold*."""
    for name, lookups in reads:
        values: Mapping[object, object] = getattr(fold, name)
        get = values.get
        for key, default, value in lookups:
            if default is _CONTAINS:
                if (key in values) is not value:
                    return False
                continue
            now = get(key, default)
            if now is value:
                continue
            if type(value) is weakref.ref:
                value = value()
                if value is None:  # that decision is gone: no fold can hold it now
                    return False
            if now is not value and now != value:
                return False
    return True


class _Generation:
    """Bumped by :func:`clear`: an answer kept under an older one is not reused."""

    now = 0


@per_resolution
def _slot(resolution: ResolutionPassed, path: tuple[str, ...]) -> list[_Kept]:
    """Where the latest answers for *resolution* are kept: as long as it lives, no longer.

    A process-wide table of decisions would keep every decision it ever answered for
    alive (up to tens of thousands, with what their reads gave), and every full garbage
    collection would walk them all; an answer can only be reused for the very decision
    object it was worked out for, so it is kept with that object.
    """
    return []


#: (generation, called in?, the reads made, the answer).
_Kept = tuple[int, bool, _KeptReads, Waits]


def clear() -> None:
    """Forget every answer kept (the next freeze works each one out again)."""
    _Generation.now += 1


def part_waits(
    fold: Fold,
    resolution: ResolutionPassed,
    called_in: bool,
    work: Callable[[Fold, ResolutionPassed, bool], Waits],
) -> Waits:
    """``work(fold, resolution, called_in)``, reused if one of the answers kept for
    *resolution* (up to :data:`VARIANTS_KEPT`) made reads that give the same values in
    *fold* (``work`` must read the fold only through the containers in :data:`READ`)."""
    slot = _slot(resolution, ())
    generation = _Generation.now
    for index, kept in enumerate(slot):
        if kept[0] == generation and kept[1] is called_in and _same(fold, kept[2]):
            if index:  # the latest answer used first next time
                slot.insert(0, slot.pop(index))
            return kept[3]
    reads = _Reads(fold)
    answer = work(cast("Fold", reads), resolution, called_in)
    slot.insert(0, (generation, called_in, _grouped(reads.log), answer))
    del slot[VARIANTS_KEPT:]
    return answer
