"""Folds read from saved checkpoints, kept in memory, and the taking of checkpoints as a
fold goes (moved out of :mod:`govledger.ledger.folds`, which uses them)."""

from __future__ import annotations

import zlib
from datetime import date
from typing import Final

from ..projections import Fold
from ..store import Checkpoint
from . import snapshots
from ._lru import Kept
from .snapshots import FOLD_FORMAT

__all__ = ["FOLDS_KEPT", "LoadedFolds", "Snapshots", "restored", "saved"]

#: Folds read from checkpoints that an open ledger keeps in memory, counted in the
#: entries folded into them (a fold's memory grows with its partnership's history).
FOLDS_KEPT: Final = 32_768

#: Checkpoints of one partnership are spaced geometrically: the next is taken once the
#: entries folded since the last one reach this fraction of that one's entries (and at
#: least ``checkpoint_every``), so their total size stays within a small multiple of the
#: latest one's, which grows with the partnership's history: storage linear in history.
_GROWTH: Final = 0.5


def saved(fold: Fold) -> bytes | None:
    """*fold* as checkpoint bytes, or ``None`` if it holds something a checkpoint cannot."""
    try:
        return snapshots.dump(fold)
    except snapshots.SnapshotError:  # a fold holding something unexpected: no checkpoint
        return None


def restored(checkpoint: Checkpoint | None, partnership: str) -> Fold | None:
    """The fold saved in *checkpoint*, or ``None`` if there is none or it cannot be read."""
    if checkpoint is None or checkpoint.format != FOLD_FORMAT:
        return None
    try:
        return snapshots.load(checkpoint.data, partnership)
    except (snapshots.SnapshotError, MemoryError):  # a damaged cache: the events are the truth
        return None


def _fed(fold: Fold) -> int:
    return fold.fed


class LoadedFolds:
    """Folds read from checkpoints, kept so that the next question starting from the
    same checkpoint copies the fold instead of reading it again.

    A checkpoint is known by its partnership, kind, day, position and a CRC of its
    bytes, so a dropped and rewritten checkpoint is never mistaken for the old one.
    Only copies are handed out: a fold fed by one question never reaches the next.
    """

    def __init__(self, budget: int = FOLDS_KEPT) -> None:
        self._budget = budget
        self._folds: Kept[tuple[object, ...], Fold] = Kept(budget, _fed)

    def fold(self, checkpoint: Checkpoint) -> Fold | None:
        """A private copy of the fold saved in *checkpoint*; ``None`` if unreadable."""
        key = (
            checkpoint.partnership,
            checkpoint.kind,
            checkpoint.through,
            checkpoint.position,
            checkpoint.format,
            len(checkpoint.data),
            zlib.crc32(checkpoint.data),
        )
        kept = self._folds.get(key)
        if kept is not None:
            return kept.copy()
        loaded = restored(checkpoint, checkpoint.partnership)
        if loaded is None or loaded.fed > self._budget:
            return loaded
        self._folds.keep(key, loaded)
        return loaded.copy()

    def clear(self) -> None:
        self._folds.clear()


class Snapshots:
    """Takes checkpoints of a fold as it goes, at day ends, spaced geometrically."""

    def __init__(self, partnership: str, kind: str, every: int, enabled: bool) -> None:
        self.partnership = partnership
        self.kind = kind
        self.every = every
        self.enabled = enabled
        self.taken: list[tuple[date, int, bytes]] = []
        self.last = 0

    def start(self, fold: Fold, last: int | None = None) -> None:
        """Count from *fold*; *last* is the entries of the latest checkpoint (the fold's
        own count when it was just read from one)."""
        self.last = fold.fed if last is None else last

    def due(self, fed: int) -> bool:
        """Whether a fold of *fed* entries is far enough past the last checkpoint."""
        return fed - self.last >= max(self.every, int(self.last * _GROWTH))

    def day_done(self, fold: Fold, day: date) -> None:
        """Every entry effective on or before *day* has been folded into *fold*.

        A fold of the world in force fed the story of decisions cited from other
        partnerships keeps which (``fold.fed_cited``): a question resuming from the
        checkpoint checks it is still exact (:meth:`FoldSource.through`).
        """
        if self.enabled and day < date.max and self.due(fold.fed):
            data = saved(fold)
            if data is not None:
                self.taken.append((day, fold.fed, data))
                self.last = fold.fed

    def checkpoints(self, position: int) -> list[Checkpoint]:
        return [
            Checkpoint(
                partnership=self.partnership,
                kind=self.kind,
                through=day,
                position=position,
                format=FOLD_FORMAT,
                data=data,
                entries=entries,
            )
            for day, entries, data in self.taken
        ]
