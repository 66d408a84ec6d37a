"""Python's cyclic garbage collector, paused while the ledger does one bounded job.

An append or a question makes many short-lived objects beside what an open ledger
keeps (the folds, the decoded entries, the recorded worlds), and the collector,
counting every allocation, walks the young ones again and again and the whole heap
now and then: about 15% of a batched append's CPU time and over a third of a full
replay's (10k bench ledger). Reference counting still frees what the job drops; any
cyclic garbage waits for the next collection after it. A job that runs a user's code
over a whole ledger (``replay``, :func:`folded`) collects the young generations every
:data:`COLLECT_EVERY` entries, so the cycles that code leaves behind stay bounded.
The collector is left as found if something else had already paused it.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Final, TypeVar

__all__ = ["COLLECT_EVERY", "folded", "paused"]

_S = TypeVar("_S")
_T = TypeVar("_T")

#: Entries a paused replay hands to a projection between collections of the young generations.
COLLECT_EVERY: Final = 16_384


@contextmanager
def paused() -> Iterator[None]:
    """The collector paused for the ``with`` block (or the decorated call)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def folded(apply: Callable[[_S, _T], _S], state: _S, entries: Iterable[_T]) -> _S:
    """*state* with each of *entries* applied in turn, the collector paused.

    The young generations are collected every :data:`COLLECT_EVERY` entries (a cost
    that follows what was made since, not the heap), so cyclic garbage left by
    *apply* stays bounded however long the stream; none if the collector was off.
    """
    if not gc.isenabled():
        for entry in entries:
            state = apply(state, entry)
        return state
    gc.disable()
    try:
        count = 0
        for entry in entries:
            state = apply(state, entry)
            count += 1
            if count == COLLECT_EVERY:
                gc.collect(1)
                count = 0
    finally:
        gc.enable()
    return state
