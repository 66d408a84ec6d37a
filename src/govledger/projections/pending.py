"""Why each part of a decision still waits, worked out once per decision and fold state.

Freezing a fold (:func:`~govledger.projections.freeze.freeze`) lists every part of a
conditional or recommended decision that is not yet in force, with its reasons: its
conditions, the adoptions it awaits, what the recommendation it adopts is bound by.
Those verdicts read a few of the fold's containers and nothing else, and a fold's
history keeps most of them unchanged from one freeze to the next, so the answer for
each decision is kept with the reads it made (:class:`_Reads`): a later freeze, of this
fold or of any other, reads the same keys again and reuses the answer when every one
gives the same value. A read of anything else fails loudly instead of going unseen.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Mapping
from contextlib import suppress
from typing import TYPE_CHECKING, Final, cast

from ..events import ResolutionPassed, ResolutionRef

if TYPE_CHECKING:
    from .fold import Fold
    from .state import WaitingReason

__all__ = ["KEPT", "Waits", "part_waits"]

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

#: Decisions whose waiting parts are kept (the latest answer for each).
KEPT: Final = 65_536

#: Each waiting part of a decision: its reference, description and reasons.
Waits = tuple[tuple[ResolutionRef, str, tuple["WaitingReason", ...]], ...]

_MISSING: Final = object()
_CONTAINS: Final = object()

#: One read: container, key, default (or ``_CONTAINS`` for ``in``), what it gave.
_Read = tuple[str, object, object, object]


class _Recorded:
    """One of a fold's containers, each lookup recorded."""

    __slots__ = ("_log", "_name", "_values")

    def __init__(self, name: str, values: Mapping[object, object], log: list[_Read]) -> None:
        self._name, self._values, self._log = name, values, log

    def get(self, key: object, default: object = None) -> object:
        value = self._values.get(key, default)
        self._log.append((self._name, key, default, value))
        return value

    def __getitem__(self, key: object) -> object:
        value = self._values.get(key, _MISSING)
        if value is _MISSING:
            raise KeyError(key)
        self._log.append((self._name, key, _MISSING, value))
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


def _same(fold: Fold, reads: list[_Read]) -> bool:
    """Whether every read in *reads* gives the same value in *fold*."""
    for name, key, default, value in reads:
        values: Mapping[object, object] = getattr(fold, name)
        if default is _CONTAINS:
            if (key in values) is not value:
                return False
            continue
        now = values.get(key, default)
        if now is not value and now != value:
            return False
    return True


#: id of a decision -> (the decision, called in?, the reads made, the answer).
_kept: OrderedDict[int, tuple[ResolutionPassed, bool, list[_Read], Waits]] = OrderedDict()


def part_waits(
    fold: Fold,
    resolution: ResolutionPassed,
    called_in: bool,
    work: Callable[[Fold, ResolutionPassed, bool], Waits],
) -> Waits:
    """``work(fold, resolution, called_in)``, reused if an answer kept for *resolution*
    made reads that give the same values in *fold* (``work`` must read the fold only
    through the containers in :data:`READ`)."""
    key = id(resolution)
    kept = _kept.get(key)
    if kept is not None and kept[0] is resolution and kept[1] is called_in and _same(fold, kept[2]):
        with suppress(KeyError):  # another thread's freeze may have dropped it
            _kept.move_to_end(key)
        return kept[3]
    reads = _Reads(fold)
    answer = work(cast("Fold", reads), resolution, called_in)
    _kept[key] = (resolution, called_in, reads.log, answer)
    with suppress(KeyError):  # as above: the cache is shared by every fold in the process
        _kept.move_to_end(key)
        while len(_kept) > KEPT:
            _kept.popitem(last=False)
    return answer
