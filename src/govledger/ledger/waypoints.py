"""Folds that questions passed through on their way to their day, kept in memory (moved
out of :mod:`govledger.ledger.folds`, which keeps and finds them).

The next question about the same partnership starts from the nearest of them instead
of far back; see :class:`Waypoints`.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Mapping
from datetime import date
from typing import Final

from ..projections import Fold
from ._lru import Kept

__all__ = [
    "WAYPOINT",
    "WAYPOINTS_KEPT",
    "WAYPOINT_EVERY",
    "WAYPOINT_KNOWNS",
    "WAYPOINT_SHARE",
    "WAYPOINT_TRIES",
    "Waypoints",
]

#: Folds that questions passed through, kept in memory, counted in the entries folded
#: into them (a kept fold's containers take some 80 bytes an entry: about 80 MiB).
WAYPOINTS_KEPT: Final = 1 << 20
#: Entries folded between two waypoints a question keeps, at least.
WAYPOINT_EVERY: Final = 64
#: And at least one in this many of the entries folded by the last one: waypoints
#: are spaced geometrically, so those of one history hold about this many times its
#: entries, and a question folds on about half a share of its day's history.
WAYPOINT_SHARE: Final = 32
#: How many earlier knowledges' waypoints a question tries, besides its own.
WAYPOINT_KNOWNS: Final = 4
#: How many waypoints a question tries (the latest first) before folding from further
#: back: one fed the story of a decision this question's fold must not be fed is no
#: use to it.
WAYPOINT_TRIES: Final = 4
#: The format tag of a waypoint's stand-in :class:`Checkpoint` (never saved).
WAYPOINT: Final = "in-memory waypoint"


def _fed(fold: Fold) -> int:
    return fold.fed


class Waypoints:
    """Folds of the world in force that questions passed through, kept in memory.

    A waypoint is exact for questions asked with the knowledge it was folded with (the
    ledger's position, ``known``): with the same position the same entries, corrections
    and cited decisions stand, so it is as good as a checkpoint saved at that position,
    which is how :meth:`FoldSource.through_cited` treats it. A question with later
    knowledge (after an append) may start from it too, as from a saved checkpoint, when
    the caller says (``unchanged``) that nothing recorded since takes effect by its day;
    a question with earlier knowledge (``known_at``) never does. Questions on different
    days may feed a fold the story of different decisions cited elsewhere
    (``fold.fed_cited``), so one day may keep a waypoint for each; the caller says which
    serves. Waypoints are kept further apart as a fold grows (:meth:`due`), so the
    entries they hold together stay linear in the partnership's history. Nothing is
    written; only copies are handed out.
    """

    def __init__(self, budget: int = WAYPOINTS_KEPT) -> None:
        self._folds: Kept[tuple[str, int, date, _Fed], Fold] = Kept(budget, _fed, self._dropped)
        #: The days of the waypoints kept, by partnership and knowledge: only those
        #: still kept (a long-lived ledger asks with ever new knowledge).
        self._days: dict[tuple[str, int], list[date]] = {}
        #: What each waypoint kept on a day was fed, the latest kept first.
        self._variants: dict[tuple[str, int, date], list[_Fed]] = {}
        #: The knowledge of the waypoints kept, by partnership, in order.
        self._knowns: dict[str, list[int]] = {}

    @staticmethod
    def due(fed: int, passed: int) -> bool:
        """Whether a fold of *fed* entries is far enough past the last waypoint kept on
        its way (at *passed* entries): :data:`WAYPOINT_EVERY` entries, or one in
        :data:`WAYPOINT_SHARE` of those folded by then if that is more."""
        return fed - passed >= max(WAYPOINT_EVERY, passed // WAYPOINT_SHARE)

    def _dropped(self, key: tuple[str, int, date, _Fed], fold: Fold) -> None:
        partnership, known, day, fed = key
        variants = self._variants.get((partnership, known, day))
        if variants is not None and fed in variants:
            variants.remove(fed)
        if variants:
            return
        self._variants.pop((partnership, known, day), None)
        days = self._days.get((partnership, known))
        if days is None:
            return
        at = bisect.bisect_left(days, day)
        if at < len(days) and days[at] == day:
            del days[at]
        if not days:
            del self._days[(partnership, known)]
            knowns = self._knowns.get(partnership, [])
            if known in knowns:
                knowns.remove(known)
            if not knowns:
                self._knowns.pop(partnership, None)

    def nearest(
        self,
        partnership: str,
        known: int,
        through: date,
        *,
        after: date | None = None,
        serves: Callable[[date, Fold], bool] | None = None,
        unchanged: Callable[[int, date], bool] | None = None,
    ) -> tuple[int, date, Fold] | None:
        """The knowledge, day and a private copy of the latest waypoint on or before
        *through* (and after *after*, if given), if any; with *serves*, the latest for
        which ``serves(day, fold)`` holds (asked of the kept fold itself, which it must
        not change), of the :data:`WAYPOINT_TRIES` latest of each knowledge tried.

        Without *unchanged*, only waypoints of exactly *known* are tried; with it, also
        those of the :data:`WAYPOINT_KNOWNS` latest earlier knowledges for which
        ``unchanged(their_known, day)`` holds (nothing recorded since then takes effect
        by *day*): the latest day wins, then the latest knowledge.
        """
        knowns = [known]
        if unchanged is not None:
            earlier = self._knowns.get(partnership, [])
            at = bisect.bisect_left(earlier, known)
            knowns.extend(reversed(earlier[max(0, at - WAYPOINT_KNOWNS) : at]))
        best: tuple[int, date, Fold] | None = None
        for other in knowns:
            floor = after if best is None else max(after or date.min, best[1])
            check = None if other == known else unchanged
            found = self._nearest(partnership, other, through, floor, serves, check)
            if found is not None:
                best = (other, found[0], found[1])
        if best is None:
            return None
        return best[0], best[1], best[2].copy()

    def _nearest(
        self,
        partnership: str,
        known: int,
        through: date,
        after: date | None,
        serves: Callable[[date, Fold], bool] | None,
        unchanged: Callable[[int, date], bool] | None,
    ) -> tuple[date, Fold] | None:
        """:meth:`nearest` among the waypoints of *known* alone (the kept fold itself)."""
        days = self._days.get((partnership, known))
        if not days:
            return None
        tries = 0
        at = bisect.bisect_right(days, through)
        while at > 0 and tries < WAYPOINT_TRIES:
            day = days[at - 1]
            if after is not None and day <= after:
                return None
            at -= 1
            if unchanged is not None and not unchanged(known, day):
                tries += 1
                continue  # recorded since, effective by then: an earlier day may serve
            for fed in list(self._variants.get((partnership, known, day), ())):
                kept = self._folds.get((partnership, known, day, fed))
                if kept is None:  # pragma: no cover - forgotten as dropped
                    continue
                tries += 1
                if serves is None or serves(day, kept):
                    return day, kept
                if tries >= WAYPOINT_TRIES:
                    break
        return None

    def latest(self, partnership: str, known: int) -> date | None:
        """The day of the latest waypoint kept of *partnership* with knowledge *known*."""
        days = self._days.get((partnership, known))
        return days[-1] if days else None

    def keep(self, partnership: str, known: int, day: date, fold: Fold) -> None:
        """Keep a copy of *fold*, folded through *day* with knowledge *known*."""
        days = self._days.get((partnership, known))
        if days is None:
            days = self._days[(partnership, known)] = []
            knowns = self._knowns.setdefault(partnership, [])
            bisect.insort(knowns, known)
        at = bisect.bisect_left(days, day)
        if at == len(days) or days[at] != day:
            days.insert(at, day)
        fed = _fed_key(fold.fed_cited)
        variants = self._variants.setdefault((partnership, known, day), [])
        if fed in variants:
            variants.remove(fed)
        variants.insert(0, fed)
        self._folds.keep((partnership, known, day, fed), fold.copy())

    def clear(self) -> None:
        self._folds.clear()
        self._days.clear()
        self._variants.clear()
        self._knowns.clear()


#: What a fold was fed of other partnerships' decisions, as a key.
_Fed = tuple[tuple[str, tuple[str, ...]], ...]


def _fed_key(fed_cited: Mapping[str, frozenset[str]]) -> _Fed:
    return tuple(sorted((other, tuple(sorted(ids))) for other, ids in fed_cited.items()))
