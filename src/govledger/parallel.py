"""``Ledger.replay(..., workers=N)``: fold shares of the partnerships in N processes.

Partnerships never share an entry and every domain rule is per partnership, so a
projection that folds each partnership's entries independently can fold shares of
the partnerships in separate processes and merge the results. The partnerships,
sorted, are cut into *N* contiguous shares of about equal numbers of events. This
process folds the first share itself while *N - 1* worker processes fold the others
(one process fewer to start, and one state fewer to pickle): each worker opens the
ledger's file itself, reads, decodes and folds its share in fold order (exactly as
``replay`` does in one process, corrections applied), and returns its state; the
states are merged in share order with the projection's ``merge(left, right)``. The
projection object, and the upcasters the ledger was opened with, are handed to the
workers as they are (forked, not pickled, where the platform can fork) and the
workers' states come back pickled.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from .errors import UsageError
from .upcasters import Upcasters

if TYPE_CHECKING:
    from .ledger import Ledger, Projection

__all__ = ["replay_in_workers", "shares"]

_S = TypeVar("_S")

# What a forked worker folds and decodes with: set in the parent just before the pool starts.
_PROJECTION: Any = None
_UPCASTERS: Upcasters | None = None


def shares(sizes: Sequence[tuple[str, int]], count: int) -> list[list[str]]:
    """Cut *sizes* (``(partnership, events)``, in order) into *count* contiguous shares.

    Each share holds about the same number of events; none is empty unless there are
    fewer partnerships than shares (then there are fewer shares).

    >>> shares([("a", 10), ("b", 1), ("c", 1), ("d", 8)], 2)
    [['a'], ['b', 'c', 'd']]
    """
    total = sum(size for _, size in sizes)
    cut: list[list[str]] = [[]]
    done = 0
    for name, size in sizes:
        if cut[-1] and len(cut) < count and (2 * done + size) * count > 2 * total * len(cut):
            cut.append([])
        cut[-1].append(name)
        done += size
    return [share for share in cut if share]


def replay_in_workers(
    ledger: Ledger,
    location: str,
    projection: Projection[_S],
    *,
    workers: int,
    until: date | None,
    partnerships: Sequence[str],
    known: int,
    upcasters: Upcasters | None = None,
) -> _S:
    """Fold *partnerships* in *workers* processes and merge the states in order, each
    reading the ledger through *upcasters* (the ledger's own)."""
    merge = getattr(projection, "merge", None)
    if not callable(merge):
        raise UsageError(
            f"replay(workers={workers}) needs a projection with a merge(left, right) method "
            "that combines the states of two shares of the partnerships; "
            f"{type(projection).__name__} has none: add one, or replay with workers=1"
        )
    sizes = [(name, ledger.version(name)) for name in partnerships]
    cut = shares(sizes, workers)
    if len(cut) <= 1:
        return ledger.replay(projection, until=until, partnerships=partnerships, known_at=known)
    global _PROJECTION, _UPCASTERS
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    _PROJECTION, _UPCASTERS = projection, upcasters
    steps = None if upcasters is None else dict(upcasters.steps)  # pickled when spawned
    try:
        with ProcessPoolExecutor(
            max_workers=len(cut) - 1, mp_context=multiprocessing.get_context(method)
        ) as pool:
            futures = [
                pool.submit(
                    _fold_share,
                    location,
                    None if method == "fork" else projection,
                    share,
                    until,
                    known,
                    None if method == "fork" else steps,
                )
                for share in cut[1:]
            ]
            first = ledger.replay(projection, until=until, partnerships=cut[0], known_at=known)
            states = [first, *(future.result() for future in futures)]
    finally:
        _PROJECTION, _UPCASTERS = None, None
    state = states[0]
    for later in states[1:]:
        state = merge(state, later)
    result: _S = state
    return result


def _fold_share(
    location: str,
    projection: Any,
    share: list[str],
    until: date | None,
    known: int,
    steps: dict[Any, Any] | None = None,
) -> Any:
    """In a worker: the projection's state over *share*'s entries."""
    from .ledger import Ledger

    chosen = projection if projection is not None else _PROJECTION
    upcasters = Upcasters(steps) if steps is not None else _UPCASTERS
    with Ledger.open(location, checkpoints=False, upcasters=upcasters) as ledger:
        return ledger.replay(chosen, until=until, partnerships=share, known_at=known)
