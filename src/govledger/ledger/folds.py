"""Folds of a partnership's standing entries, started from saved checkpoints.

A question about a day resumes from the nearest checkpoint on or before that day and
folds on through it (:meth:`FoldSource.through`). Checkpoints are taken as a fold goes,
at the end of a day, spaced geometrically (:class:`Snapshots`); the ledger saves them
only when an append or :meth:`~govledger.Ledger.checkpoint` asks: a question never
writes. Folds read from checkpoints are kept in memory (:class:`LoadedFolds`).
"""

from __future__ import annotations

import zlib
from datetime import date, timedelta
from typing import Final

from ..events import certain_from
from ..projections import Fold
from ..store import Checkpoint, Checkpoints, EventStore
from . import snapshots
from ._lru import Kept
from .corrections import Corrections, Standing
from .snapshots import FOLD_FORMAT

__all__ = [
    "CHECKPOINT_EVERY",
    "RULES",
    "STATE",
    "FoldSource",
    "LoadedFolds",
    "Snapshots",
    "day_before",
    "restored",
    "saved",
]

#: A checkpoint is taken once at least this many entries have been folded since the last.
CHECKPOINT_EVERY: Final = 256

#: Folds read from checkpoints that an open ledger keeps in memory, counted in the
#: entries folded into them (a fold's memory grows with its partnership's history).
FOLDS_KEPT: Final = 32_768

RULES: Final = "rules"  # the recorded world the domain rules check against
STATE: Final = "state"  # the world in force, as states show it
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


def day_before(day: date) -> date:
    return day if day == date.min else day - timedelta(days=1)


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

        No checkpoint of the world in force is taken once the fold holds a change
        citing a decision of another partnership (``fold.cited``): it could not tell
        that a correction recorded there had made it stale. Such a partnership's
        states are folded from its first entry (:meth:`govledger.Ledger.state`).
        """
        if fold.cited and self.kind == STATE:
            return
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


class FoldSource:
    """Folds of the standing entries, resumed from the nearest saved checkpoint."""

    def __init__(
        self, store: EventStore, standing: Standing, *, checkpoints: bool, every: int
    ) -> None:
        #: The store as a keeper of checkpoints, if it is one: asked once, since an
        #: ``isinstance`` against a runtime-checkable protocol costs tens of microseconds.
        self._saved: Checkpoints | None = store if isinstance(store, Checkpoints) else None
        self._standing = standing
        self.checkpoints = checkpoints
        #: Entries folded between two checkpoints, at least (``checkpoint_every``).
        self.every = every
        self.loaded = LoadedFolds()

    def snapshots(self, partnership: str, kind: str, *, enabled: bool = True) -> Snapshots:
        """A taker of *kind* checkpoints of *partnership*, on if checkpoints are and
        *enabled*."""
        return Snapshots(partnership, kind, self.every, self.checkpoints and enabled)

    def resume(
        self, partnership: str, kind: str, through: date, known: int
    ) -> tuple[Fold, date | None]:
        """The nearest saved fold of *kind* on or before *through*, and its last day;
        a new fold and ``None`` if there is none (or checkpoints are off)."""
        if self.checkpoints and self._saved is not None:
            found = self._saved.checkpoint(
                partnership, kind, through=through, known_by=known, format=FOLD_FORMAT
            )
            if found is not None and found.partnership == partnership:
                fold = self.loaded.fold(found)
                if fold is not None:
                    return fold, found.through
        return Fold(partnership, honour_authority=kind == STATE), None

    def latest_entries(self, partnership: str, kind: str, known: int, fold: Fold) -> int:
        """The entries of the latest checkpoint of *kind* (to space the next one from)."""
        if not self.checkpoints or self._saved is None:
            return fold.fed
        latest = self._saved.checkpoint(
            partnership, kind, through=date.max, known_by=known, format=FOLD_FORMAT
        )
        return fold.fed if latest is None else max(latest.entries, fold.fed)

    def through(
        self,
        partnership: str,
        day: date,
        known: int,
        corrections: Corrections,
        *,
        save: bool = False,
    ) -> Fold:
        """The world in force folded through *day*, from the nearest checkpoint.

        With *save* (the user asked, through :meth:`~govledger.Ledger.checkpoint`),
        checkpoints are saved along the way; a question never writes to the ledger.
        """
        fold, after = self.resume(partnership, STATE, day, known)
        snaps = self.snapshots(partnership, STATE, enabled=save)
        if save:
            snaps.start(fold, self.latest_entries(partnership, STATE, known, fold))
        current: date | None = None
        for _, event in self._standing.pairs(
            partnership, known, corrections, after=after, until=day
        ):
            today = certain_from(event.effective)
            if current is not None and today > current:
                snaps.day_done(fold, current)
            current = today
            fold.feed(event)
        snaps.day_done(fold, day)
        if self._saved is not None:
            for checkpoint in snaps.checkpoints(known):
                self._saved.save_checkpoint(checkpoint)
        return fold

    def refolds_to(self, checkpoint: Checkpoint) -> bool:
        """Whether folding the events again gives exactly *checkpoint*'s fold."""
        try:
            saved_json = snapshots.unpack(checkpoint.data)
        except snapshots.SnapshotError:
            return False
        if checkpoint.format != FOLD_FORMAT or checkpoint.kind not in (STATE, RULES):
            return False
        partnership, known = checkpoint.partnership, checkpoint.position
        corrections = self._standing.corrections(partnership, known)
        fold = Fold(partnership, honour_authority=checkpoint.kind == STATE)
        for _, event in self._standing.pairs(
            partnership, known, corrections, until=checkpoint.through
        ):
            fold.feed(event)
        try:
            return snapshots.dump_json(fold) == saved_json and fold.fed == checkpoint.entries
        except snapshots.SnapshotError:
            return False

    def clear(self) -> None:
        self.loaded.clear()
