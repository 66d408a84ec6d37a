"""The parts of decisions a change in one partnership may cite in another, indexed.

:func:`~govledger.testing._model.draw.citable_elsewhere` answers "which parts decided by
*day* in another partnership, by a body of one of *p*'s member councils, may a change
in *p* cite there" by scanning every partnership of the world, which makes drawing a
large world quadratic. :class:`CitableIndex` keeps the same parts as they are decided,
so that the same answer, in the same order (partnerships by name, then each one's
parts in the order it recorded them), is counted and read by position in time
logarithmic in the world's size.

Per council, the parts its bodies decided are kept in a Fenwick tree over the world's
days whose nodes are lists of sort keys; the parts decided by *day* are the union of
at most ``log2(days)`` such lists, and the one at a position is found by bisecting
over the council's keys. What *p* itself cannot cite (its own parts, and parts whose
id *p* uses for something else) is worked out per question from *p*'s own ids.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, overload

import attrs

from ...events import CouncilBody, DecisionMaker, ResolutionRef
from .ids import readings

if TYPE_CHECKING:
    from .world import Citable, Partnership


@attrs.define(eq=False)
class _Point:
    key: str
    partnership: str
    resolution: str
    council: str
    day: int
    citable: Citable


class CitableIndex:
    """Every citable part of a world's decisions taken by a council's body."""

    def __init__(self, start: date, end: date) -> None:
        self._origin = start.toordinal()
        self._days = max(1, (end - start).days + 1)
        #: council -> Fenwick node -> sorted keys of the parts decided in its days
        self._trees: dict[str, dict[int, list[str]]] = {}
        #: council -> sorted keys of all its parts
        self._all: dict[str, list[str]] = {}
        self._points: dict[str, _Point] = {}
        self._own: dict[str, list[_Point]] = {}
        #: (stem, number) readings of a part's decision id -> its parts
        self._by_id: dict[str, dict[int, list[_Point]]] = {}
        self._recorded: dict[str, int] = {}
        #: False once a part was decided outside the world's days: ask the scan instead.
        self.exact = True

    def add(self, p: Partnership, citable: Citable, maker: DecisionMaker) -> None:
        """Note that *p* recorded *citable*, a part of a decision *maker* took."""
        if not isinstance(maker, CouncilBody):
            return
        day = citable.decided.toordinal() - self._origin
        if not 0 <= day < self._days:
            self.exact = False
            return
        number = self._recorded.get(p.partnership, 0)
        self._recorded[p.partnership] = number + 1
        # "\0" sorts before any character of a name: a name before its extensions
        key = f"{p.partnership}\0{number:010d}"
        point = _Point(key, p.partnership, citable.ref.resolution, maker.council, day, citable)
        self._points[key] = point
        self._own.setdefault(p.partnership, []).append(point)
        insort(self._all.setdefault(maker.council, []), key)
        tree = self._trees.setdefault(maker.council, {})
        node = day + 1
        while node <= self._days:
            insort(tree.setdefault(node, []), key)
            node += node & -node
        for stem, n in readings(point.resolution):
            self._by_id.setdefault(stem, {}).setdefault(n, []).append(point)

    def resync(self, p: Partnership) -> None:
        """Forget *p*'s parts that are no longer citable (a correction changed them)."""
        live = {id(c) for c in p.citable}
        kept: list[_Point] = []
        for point in self._own.get(p.partnership, []):
            if id(point.citable) in live and point.resolution not in p.corrected:
                kept.append(point)
            else:
                self._remove(point)
        self._own[p.partnership] = kept

    def _remove(self, point: _Point) -> None:
        del self._points[point.key]
        _discard(self._all[point.council], point.key)
        tree = self._trees[point.council]
        node = point.day + 1
        while node <= self._days:
            _discard(tree[node], point.key)
            node += node & -node
        for stem, n in readings(point.resolution):
            self._by_id[stem][n].remove(point)

    def choices(self, p: Partnership, day: date) -> Sequence[ResolutionRef] | None:
        """What :func:`~govledger.testing._model.draw.citable_elsewhere` gives for *p*
        on *day*, as a sequence read by position; ``None`` if the index cannot say."""
        if not self.exact:
            return None
        last = min(day.toordinal() - self._origin, self._days - 1)
        lists: list[list[str]] = []
        councils: list[list[str]] = []
        if last >= 0:
            for council in p.members:
                tree = self._trees.get(council)
                if tree is None:
                    continue
                councils.append(self._all[council])
                node = last + 1
                while node > 0:
                    keys = tree.get(node)
                    if keys:
                        lists.append(keys)
                    node -= node & -node
        return _Choices(self._points, councils, lists, sorted(self._excluded(p, last)))

    def _excluded(self, p: Partnership, last: int) -> set[str]:
        """The keys of the parts decided by day *last* that the councils' lists hold and
        *p* may not cite: its own, and those whose id *p* uses for something else."""
        members = p.members
        found = {
            point.key
            for point in self._own.get(p.partnership, ())
            if point.day <= last and point.council in members
        }
        clashing: list[_Point] = []
        for id_ in p.ids.named_ids():
            numbers = self._by_id.get(id_)
            if numbers:
                clashing.extend(numbers.get(1, ()))
        for stem, upto in p.ids.stems().items():
            numbers = self._by_id.get(stem)
            if numbers:
                for n, points in numbers.items():
                    if n < upto:
                        clashing.extend(points)
        for point in clashing:
            if (
                point.partnership != p.partnership
                and point.day <= last
                and point.council in members
                and p.elsewhere.get(point.resolution) != point.partnership
            ):
                found.add(point.key)
        return found


class _Choices(Sequence[ResolutionRef]):
    """The citable parts of one question, counted at once and read by position."""

    def __init__(
        self,
        points: dict[str, _Point],
        councils: list[list[str]],
        lists: list[list[str]],
        excluded: list[str],
    ) -> None:
        self._points = points
        self._councils = councils
        self._lists = lists
        self._excluded = excluded
        self._count = sum(len(keys) for keys in lists) - len(excluded)

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> ResolutionRef: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[ResolutionRef]: ...
    def __getitem__(self, index: int | slice) -> ResolutionRef | Sequence[ResolutionRef]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._count))]
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError(index)
        point = self._points[self._key(index + 1)]
        ref = point.citable.foreign
        if ref is None:  # built once: attrs.evolve runs the validators each time
            ref = point.citable.foreign = attrs.evolve(
                point.citable.ref, partnership=point.partnership
            )
        return ref

    def _rank(self, key: str) -> int:
        """How many of the parts sort at or before *key*."""
        rank = -bisect_right(self._excluded, key)
        for keys in self._lists:
            rank += bisect_right(keys, key)
        return rank

    def _key(self, rank: int) -> str:
        """The key of the part at 1-based *rank*: the least key whose rank reaches it
        (it is in one of the councils' lists, so search each below the best so far)."""
        best: str | None = None
        for keys in self._councils:
            low, high = 0, len(keys) if best is None else bisect_left(keys, best)
            end = high
            while low < high:
                middle = (low + high) // 2
                if self._rank(keys[middle]) >= rank:
                    high = middle
                else:
                    low = middle + 1
            if low < end:
                best = keys[low]
        assert best is not None, "a rank within the count names a part"
        return best


def _discard(keys: list[str], key: str) -> None:
    at = bisect_left(keys, key)
    if at < len(keys) and keys[at] == key:
        del keys[at]
