"""The budgeted cache the ledger keeps its folds, worlds and decoded entries in."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

__all__ = ["Kept"]

_K = TypeVar("_K")
_V = TypeVar("_V")


class Kept(Generic[_K, _V]):
    """A cache that keeps what was used last, within a budget of summed weights.

    The last item kept stays even when it alone is over the budget. *dropped*, if
    given, is told each key and value dropped to stay within the budget.
    """

    def __init__(
        self,
        budget: int,
        weight: Callable[[_V], int],
        dropped: Callable[[_K, _V], None] | None = None,
    ) -> None:
        self._budget = budget
        self._weight = weight
        self._dropped = dropped
        self._kept: OrderedDict[_K, _V] = OrderedDict()
        self._held = 0

    def get(self, key: _K) -> _V | None:
        value = self._kept.get(key)
        if value is not None:
            self._kept.move_to_end(key)
        return value

    def take(self, key: _K) -> _V | None:
        """Remove and return the value kept for *key*."""
        value = self._kept.pop(key, None)
        if value is not None:
            self._held -= self._weight(value)
        return value

    def keep(self, key: _K, value: _V) -> None:
        self.take(key)
        self._kept[key] = value
        self._held += self._weight(value)
        while self._held > self._budget and len(self._kept) > 1:
            key, dropped = self._kept.popitem(last=False)
            self._held -= self._weight(dropped)
            if self._dropped is not None:
                self._dropped(key, dropped)

    def clear(self) -> None:
        self._kept.clear()
        self._held = 0
