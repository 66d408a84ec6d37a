"""The ids each partnership of a world uses, kept so that asking about them stays cheap.

A partnership's ids are those added by name (member councils, decisions cited from
another partnership) and those :meth:`Ids.unique` handed out per stem: *stem*, then
*stem-2*, *stem-3* ... Every number below a stem's next number is in use (a number is
only ever skipped because it was already taken), so a stem's ids are kept as that one
number, not as a set that grows with every id burnt: a condition id must be fresh in
the whole world, and one partnership may walk past thousands of numbers other
partnerships took.

:class:`IdRegistry` is the world's view over every partnership's ids: who holds an id
by name, and per stem the highest next number and the highest among the others.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import attrs


def numbered(stem: str, number: int) -> str:
    """The id :meth:`Ids.unique` gives for *number* of *stem* (1 is the bare stem)."""
    return stem if number == 1 else f"{stem}-{number}"


def readings(id_: str) -> Iterator[tuple[str, int]]:
    """Every (stem, number) that :func:`numbered` turns into *id_*."""
    yield id_, 1
    stem, _, suffix = id_.rpartition("-")
    if stem and suffix.isdigit() and suffix[0] != "0" and int(suffix) >= 2:
        yield stem, int(suffix)


@attrs.define(eq=False)
class _Top:
    """The highest next number of a stem, who holds it, and the highest of the rest."""

    best: int = 1
    owner: str | None = None
    second: int = 1

    def raise_to(self, holder: str, number: int) -> None:
        if holder == self.owner:
            self.best = max(self.best, number)
        elif number > self.best:
            self.second, self.best, self.owner = self.best, number, holder
        elif number > self.second:
            self.second = number

    def others(self, holder: str) -> int:
        """The highest next number among partnerships other than *holder*."""
        return self.second if holder == self.owner else self.best


@attrs.define(eq=False)
class IdRegistry:
    """Which partnership uses which id, over a whole world."""

    _by_name: dict[str, set[str]] = attrs.Factory(dict)
    _tops: dict[str, _Top] = attrs.Factory(dict)

    def named(self, holder: str, id_: str) -> None:
        self._by_name.setdefault(id_, set()).add(holder)

    def numbered(self, holder: str, stem: str, next_number: int) -> None:
        top = self._tops.get(stem)
        if top is None:
            top = self._tops[stem] = _Top()
        top.raise_to(holder, next_number)

    def next_elsewhere(self, holder: str, stem: str) -> int:
        """The lowest number of *stem* that no partnership but *holder* has used or
        walked past."""
        top = self._tops.get(stem)
        return 1 if top is None else top.others(holder)

    def used_elsewhere(self, holder: str, id_: str) -> bool:
        """Whether a partnership other than *holder* uses *id_*."""
        if self._by_name.get(id_, set()) - {holder}:
            return True
        return any(self.next_elsewhere(holder, stem) > n for stem, n in readings(id_))


@attrs.define(eq=False)
class Ids:
    """One partnership's ids: a set to the code that asks ``id in p.ids``."""

    _named: set[str] = attrs.Factory(set)
    #: The next number :meth:`unique` tries per stem; every lower one is in use.
    _next: dict[str, int] = attrs.Factory(dict)
    _holder: str | None = attrs.field(default=None, repr=False)
    _registry: IdRegistry | None = attrs.field(default=None, repr=False)

    def __contains__(self, id_: object) -> bool:
        if not isinstance(id_, str):
            return False
        if id_ in self._named:
            return True
        return any(self._next.get(stem, 1) > n for stem, n in readings(id_))

    def attach(self, holder: str, registry: IdRegistry) -> None:
        """Report these ids, and every later one, to the world's *registry*."""
        self._holder, self._registry = holder, registry
        for id_ in self._named:
            registry.named(holder, id_)
        for stem, number in self._next.items():
            registry.numbered(holder, stem, number)

    def add(self, id_: str) -> None:
        self._named.add(id_)
        if self._registry is not None and self._holder is not None:
            self._registry.named(self._holder, id_)

    def update(self, ids: Iterable[str]) -> None:
        for id_ in ids:
            self.add(id_)

    def unique(self, stem: str) -> str:
        """A fresh id: *stem*, or *stem* with the lowest free number from 2."""
        number = self._next.get(stem, 1)
        while numbered(stem, number) in self:
            number += 1
        self._move(stem, number + 1)
        return numbered(stem, number)

    def skip_to(self, stem: str, number: int) -> None:
        """Take every number of *stem* below *number* as used (walked past)."""
        if number > self._next.get(stem, 1):
            self._move(stem, number)

    def _move(self, stem: str, next_number: int) -> None:
        self._next[stem] = next_number
        if self._registry is not None and self._holder is not None:
            self._registry.numbered(self._holder, stem, next_number)

    def named_ids(self) -> set[str]:
        """The ids added by name (not through :meth:`unique`)."""
        return self._named

    def stems(self) -> dict[str, int]:
        """The next number of each stem :meth:`unique` has handed out."""
        return self._next
