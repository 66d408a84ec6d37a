"""Folds of a partnership's standing entries, started from saved checkpoints.

A question about a day resumes from the nearest checkpoint on or before that day and
folds on through it (:meth:`FoldSource.through`). Checkpoints are taken as a fold goes,
at the end of a day, spaced geometrically (:class:`Snapshots`); the ledger saves them
only when an append or :meth:`~govledger.Ledger.checkpoint` asks: a question never
writes. Folds read from checkpoints are kept in memory (:class:`LoadedFolds`), and so
are folds a question passes through on its way to its day, spaced geometrically too
(:class:`~govledger.ledger.waypoints.Waypoints`): the next question about the same
partnership, with the same knowledge or with later knowledge that changed nothing by
the waypoint's day, starts from the nearest of them instead of far back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, timedelta
from typing import Final

from ..events import Event, certain_from
from ..projections import Fold, cited_by, foreign_refs, with_cited
from ..projections.stories import take_out
from ..store import Checkpoint, Checkpoints, EventStore, Query
from . import snapshots
from .cited import Citations
from .corrections import Corrections, Standing
from .fold_cache import LoadedFolds, Snapshots, restored, saved
from .snapshots import FOLD_FORMAT
from .waypoints import WAYPOINT, Waypoints

__all__ = [
    "CHECKPOINT_EVERY",
    "RULES",
    "STATE",
    "WAYPOINT",
    "FoldSource",
    "LoadedFolds",
    "Snapshots",
    "Waypoints",
    "day_before",
    "restored",
    "saved",
]

#: A checkpoint is taken once at least this many entries have been folded since the last.
CHECKPOINT_EVERY: Final = 256

#: Partnerships and knowledge for which an open ledger keeps the decisions cited elsewhere.
EVERY_CITED_KEPT: Final = 1_024

RULES: Final = "rules"  # the recorded world the domain rules check against
STATE: Final = "state"  # the world in force, as states show it


def day_before(day: date) -> date:
    return day if day == date.min else day - timedelta(days=1)


class FoldSource:
    """Folds of the standing entries, resumed from the nearest saved checkpoint."""

    def __init__(
        self,
        store: EventStore,
        standing: Standing,
        *,
        checkpoints: bool,
        every: int,
        citations: Citations | None = None,
    ) -> None:
        #: The store as a keeper of checkpoints, if it is one: asked once, since an
        #: ``isinstance`` against a runtime-checkable protocol costs tens of microseconds.
        self._saved: Checkpoints | None = store if isinstance(store, Checkpoints) else None
        self._standing = standing
        self.checkpoints = checkpoints
        #: Entries folded between two checkpoints, at least (``checkpoint_every``).
        self.every = every
        self.loaded = LoadedFolds()
        self.waypoints = Waypoints()
        self._store = store
        self._citations = citations
        #: :meth:`every_cited`, by partnership and knowledge.
        self._every: dict[tuple[str, int], dict[str, frozenset[str]]] = {}

    def snapshots(self, partnership: str, kind: str, *, enabled: bool = True) -> Snapshots:
        """A taker of *kind* checkpoints of *partnership*, on if checkpoints are and
        *enabled*."""
        return Snapshots(partnership, kind, self.every, self.checkpoints and enabled)

    def resume(
        self, partnership: str, kind: str, through: date, known: int
    ) -> tuple[Fold, date | None]:
        """The nearest saved fold of *kind* on or before *through*, and its last day;
        a new fold and ``None`` if there is none (or checkpoints are off)."""
        fold, found = self._resumed(partnership, kind, through, known)
        return fold, None if found is None else found.through

    def _resumed(
        self,
        partnership: str,
        kind: str,
        through: date,
        known: int,
        serves: Callable[[date, Fold], bool] | None = None,
    ) -> tuple[Fold, Checkpoint | None]:
        """As :meth:`resume`, with the checkpoint resumed from; a waypoint only if
        *serves* says it does (:meth:`Waypoints.nearest`)."""
        found: Checkpoint | None = None
        if self.checkpoints and self._saved is not None:
            found = self._saved.checkpoint(
                partnership, kind, through=through, known_by=known, format=FOLD_FORMAT
            )
            if found is not None and found.partnership != partnership:
                found = None
        if self.checkpoints and kind == STATE:
            # a waypoint past the saved checkpoint wins, before reading the checkpoint
            later = None if found is None else found.through
            waypoint = self.waypoints.nearest(
                partnership,
                known,
                through,
                after=later,
                serves=serves,
                unchanged=lambda since, day: self._unchanged(partnership, since, known, day),
            )
            if waypoint is not None:
                position, day, fold = waypoint
                stand_in = Checkpoint(
                    partnership=partnership,
                    kind=kind,
                    through=day,
                    position=position,
                    format=WAYPOINT,
                    data=b"",
                    entries=fold.fed,
                )
                return fold, stand_in
        if found is not None:
            loaded = self.loaded.fold(found)
            if loaded is not None:
                return loaded, found
        return Fold(partnership, honour_authority=kind == STATE), None

    def _unchanged(self, partnership: str, since: int, known: int, day: date) -> bool:
        """Whether no entry of *partnership* recorded after position *since*, up to
        *known*, takes effect by *day* (a record's stored day is the first it changes,
        for a retraction the day of what it withdraws): a fold of its entries through
        *day* as known at *since* is then the same as known at *known*."""
        changed = Query(
            partnership=partnership,
            until=day,
            after_position=since,
            max_position=known,
            order="position",
        )
        return next(iter(self._store.read(changed)), None) is None

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
        return self.through_cited(partnership, day, known, corrections, save=save)[0]

    def through_cited(
        self,
        partnership: str,
        day: date,
        known: int,
        corrections: Corrections,
        *,
        save: bool = False,
        upcoming: Iterable[tuple[int, Event]] = (),
    ) -> tuple[Fold, list[tuple[int, Event]]]:
        """As :meth:`through`, and the standing entries of the decisions the fold cites
        from other partnerships (``fold.fed_cited``), in fold order, every day.

        The fold answers for the decisions cited by the partnership's entries folded
        and by *upcoming* (its entries after *day* that a state on *day* shows), as
        :func:`~govledger.projections.with_cited_pairs` reads them. It is fed the story
        of every decision its known entries cite (:meth:`every_cited`), so what it holds
        through a day is the same for every question with the same knowledge, and a
        waypoint kept on the way to any day serves every later question; then the
        stories this question does not see are taken out
        (:func:`~govledger.projections.stories.take_out`). When one cannot be (its
        story did not stay apart from the rest), the fold is made again, fed only the
        stories this question sees, from a saved checkpoint still exact for them.
        """
        later = list(upcoming)
        if not self.checkpoints:  # nothing kept for a later question: feed what it sees
            return self._fed(partnership, day, known, corrections, None, save=save, later=later)
        every = self.every_cited(partnership, known, corrections)
        fold, cited = self._fed(partnership, day, known, corrections, every, save=save)
        wanted = _union(fold.own_cited, cited_by(later))
        if wanted == fold.fed_cited:
            return fold, cited
        if all(ids <= every.get(other, frozenset()) for other, ids in wanted.items()):
            if take_out(fold, _without(every, wanted)):
                fold.fed_cited = wanted
                return fold, self._entries(wanted, known)
            # fed, then, only when seen: the stories of this question's that did not stay
            # apart (a few; the same for every question until one of them is cited)
            tangled = {
                other: frozenset(
                    decision
                    for decision in ids
                    if decision in fold.stories and not fold.stories[decision][3]
                )
                for other, ids in _without(every, wanted).items()
            }
            fewer = _without(every, tangled)
            if fewer != every:
                fold, cited = self._fed(partnership, day, known, corrections, fewer, save=False)
                if take_out(fold, _without(fewer, wanted)):
                    fold.fed_cited = wanted
                    return fold, self._entries(wanted, known)
        return self._fed(partnership, day, known, corrections, wanted, save=False, keep=False)

    def every_cited(
        self, partnership: str, known: int, corrections: Corrections
    ) -> dict[str, frozenset[str]]:
        """The decisions of other partnerships that *partnership*'s standing entries,
        as known at *known*, cite: the stories its folds are fed (kept per knowledge)."""
        key = (partnership, known)
        found = self._every.get(key)
        if found is None:
            found = _union(cited_by(self._standing.pairs(partnership, known, corrections)))
            if len(self._every) >= EVERY_CITED_KEPT:
                del self._every[next(iter(self._every))]
            self._every[key] = found
        return found

    def _entries(self, cited: Mapping[str, frozenset[str]], known: int) -> list[tuple[int, Event]]:
        if not cited or self._citations is None:
            return []
        return self._citations.entries(cited, known)

    def _fed(
        self,
        partnership: str,
        day: date,
        known: int,
        corrections: Corrections,
        wanted: dict[str, frozenset[str]] | None,
        *,
        save: bool,
        keep: bool = True,
        later: list[tuple[int, Event]] | None = None,
    ) -> tuple[Fold, list[tuple[int, Event]]]:
        """The world in force folded through *day*, fed the story of the *wanted*
        decisions (``None``: those its entries through *day* and *later* cite), and
        their standing entries. It resumes from the latest waypoint (with *keep*, which
        also keeps them on the way) or saved checkpoint still exact for *wanted*
        (:meth:`_exact`), else from the first entry."""
        read: dict[date | None, list[tuple[int, Event]]] = {}

        def own_after(after: date | None) -> list[tuple[int, Event]]:
            if after not in read:
                read[after] = list(
                    self._standing.pairs(partnership, known, corrections, after=after, until=day)
                )
            return read[after]

        def serves(through: date, kept: Fold) -> bool:
            if wanted is None:  # pragma: no cover - waypoints only with *wanted* given
                return False
            return kept.fed_cited == wanted or self._cited_alike(kept, through, known, wanted)

        fold, found = self._resumed(partnership, STATE, day, known, serves if keep else _never)
        after = None if found is None else found.through
        own = own_after(after)
        seen = cited_by(later or ())
        if wanted is None:
            wanted = _union(fold.own_cited, cited_by(own), seen)
        stale = (
            found is not None
            and bool(wanted or fold.fed_cited)
            and not self._exact(fold, found, known, wanted)
        )
        if stale:
            fold, found, after = Fold(partnership), None, None
            own = own_after(None)
            if later is not None:
                wanted = _union(cited_by(own), seen)
            if save and self._saved is not None:
                # the user asked for checkpoints: replace the stale ones, which a later
                # question would otherwise find first and fold past every time
                self._saved.drop_checkpoints(partnership)
                self.loaded.clear()
                self.waypoints.clear()
        cited = self._entries(wanted, known)
        fold.fed_cited = wanted
        snaps = self.snapshots(partnership, STATE, enabled=save)
        if save:
            snaps.start(fold, self.latest_entries(partnership, STATE, known, fold))
        fed = [
            pair
            for pair in cited
            if (after is None or certain_from(pair[1].effective) > after)
            and certain_from(pair[1].effective) <= day
        ]
        keeping = keep and self.checkpoints
        # the first question of its knowledge past the last waypoint folds on to the
        # partnership's last entry, keeping waypoints: later questions start near
        # their day, instead of each that asks further on folding its own stretch
        frontier = self.waypoints.latest(partnership, known) if keeping else None
        ahead = keeping and not save and (frontier is None or frontier < day)
        passed = self._feed_on(partnership, known, fold, own, fed, None, fold.fed, snaps, keeping)
        snaps.day_done(fold, day)
        if self._saved is not None:
            for checkpoint in snaps.checkpoints(known):
                self._saved.save_checkpoint(checkpoint)
        if ahead:
            answer = fold.copy()
            beyond = list(self._standing.pairs(partnership, known, corrections, after=day))
            fed = [pair for pair in cited if certain_from(pair[1].effective) > day]
            if beyond or fed:
                self._feed_on(partnership, known, fold, beyond, fed, day, passed, None, True)
            fold = answer
        return fold, cited

    def _feed_on(
        self,
        partnership: str,
        known: int,
        fold: Fold,
        own: list[tuple[int, Event]],
        fed: list[tuple[int, Event]],
        current: date | None,
        passed: int,
        snaps: Snapshots | None,
        keeping: bool,
    ) -> int:
        """Feed *fold* its *own* entries and the *fed* ones of decisions cited from
        elsewhere, in fold order, from the end of day *current* (``None``: of the day
        before the first), keeping waypoints (with *keeping*) and checkpoints (*snaps*)
        at day ends on the way; *passed* is the entries folded when the last waypoint
        was kept, and so is the result."""
        for _, event in with_cited(own, fed):
            today = certain_from(event.effective)
            if current is not None and today > current:
                if snaps is not None:
                    snaps.day_done(fold, current)
                if keeping and self.waypoints.due(fold.fed, passed):
                    self.waypoints.keep(partnership, known, current, fold)
                    passed = fold.fed
            current = today
            fold.feed(event)
            if event.partnership == partnership:
                refs = foreign_refs(event)
                if refs:
                    fold.own_cited = _union(fold.own_cited, cited_by([(0, event)]))
        return passed

    def _exact(
        self, fold: Fold, found: Checkpoint, known: int, wanted: Mapping[str, frozenset[str]]
    ) -> bool:
        """Whether *fold*, resumed from *found*, is what a fold from the first entry
        would hold through its day, for a question known at *known* whose fold is fed
        the story of *wanted*.

        Its own entries through that day are unchanged (an append drops the checkpoints
        it makes stale). So it is exact when (1) no partnership whose decisions it was
        fed, or is to be fed, has recorded anything since the checkpoint that takes
        effect by its day (a record's stored day is the first day it changes, for a
        retraction the day of what it withdraws), and (2) every decision fed but not
        wanted now, or wanted but not fed, has no entry taking effect by its day.
        """
        through, position = found.through, found.position
        for other in sorted(set(wanted) | set(fold.fed_cited)):
            if other == fold.partnership or position >= known:  # a waypoint: nothing since
                continue
            changed = self._store.read(
                Query(
                    partnership=other,
                    until=through,
                    after_position=position,
                    max_position=known,
                    order="position",
                )
            )
            if next(iter(changed), None) is not None:
                return False
        return self._cited_alike(fold, through, known, wanted)

    def _cited_alike(
        self, fold: Fold, through: date, known: int, wanted: Mapping[str, frozenset[str]]
    ) -> bool:
        """Whether every decision *fold* was fed the story of but is not *wanted*, or is
        *wanted* but was not fed, has no entry of its story taking effect by *through*
        (as known at the question's position, the same as *fold*'s)."""
        differ: dict[str, frozenset[str]] = {}
        for other in set(wanted) | set(fold.fed_cited):
            ids = wanted.get(other, frozenset()) ^ fold.fed_cited.get(other, frozenset())
            if ids:
                differ[other] = ids
        if not differ or self._citations is None:
            return True
        return all(
            certain_from(event.effective) > through
            for _, event in self._citations.entries(differ, known)
        )

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
        own = self._standing.pairs(partnership, known, corrections, until=checkpoint.through)
        cited: list[tuple[int, Event]] = []
        if checkpoint.kind == STATE:
            saved_fold = restored(checkpoint, partnership)
            if saved_fold is None:
                return False
            fold.fed_cited = dict(saved_fold.fed_cited)  # what it says it was fed
            if fold.fed_cited and self._citations is not None:
                cited = [
                    pair
                    for pair in self._citations.entries(fold.fed_cited, known)
                    if certain_from(pair[1].effective) <= checkpoint.through
                ]
        state = checkpoint.kind == STATE  # a rules fold is fed its own entries only
        for _, event in with_cited(own, cited):
            fold.feed(event)
            if state and event.partnership == partnership and foreign_refs(event):
                fold.own_cited = _union(fold.own_cited, cited_by([(0, event)]))
        try:
            return snapshots.dump_json(fold) == saved_json and fold.fed == checkpoint.entries
        except snapshots.SnapshotError:
            return False

    def clear(self) -> None:
        self.loaded.clear()
        self.waypoints.clear()
        self._every.clear()


def _never(through: date, kept: Fold) -> bool:
    return False


def _union(*found: Mapping[str, frozenset[str]]) -> dict[str, frozenset[str]]:
    """The decisions of every mapping in *found* (partnership -> ids), together."""
    merged: dict[str, frozenset[str]] = {}
    for mapping in found:
        for other, ids in mapping.items():
            merged[other] = merged.get(other, frozenset()) | ids
    return dict(sorted(merged.items()))


def _without(
    found: Mapping[str, frozenset[str]], leave_out: Mapping[str, frozenset[str]]
) -> dict[str, frozenset[str]]:
    """The decisions of *found* (partnership -> ids) not in *leave_out*."""
    kept = {other: ids - leave_out.get(other, frozenset()) for other, ids in found.items()}
    return {other: ids for other, ids in kept.items() if ids}
