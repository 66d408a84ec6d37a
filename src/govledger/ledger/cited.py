"""Decisions a partnership cites from other partnerships, found and read from the store.

A change may cite a decision recorded in another partnership
(``ResolutionRef(..., partnership=...)``, see :mod:`govledger.projections.cited`).
Which decisions a partnership cites is seen as its own entries are folded
(``Fold.cited``), so a partnership citing nothing elsewhere costs nothing more.
:class:`Citations` then reads what a question needs: the standing entries of the cited
decisions (their story in their own partnership, as known at the question's position,
with that partnership's corrections applied) for the fold, and the cited decisions
themselves for the rules. The store is only asked with a :class:`~govledger.store.Query`.

What is read is kept in the open ledger (:class:`Story`, one per cited partnership): a
partnership's story as known at a position is the same at every later position until
that partnership records another entry of a type that tells it, so a question asks the
store only for such entries recorded since, and folds in just those. Entries this open
ledger appended itself are not read back at all: the batches it committed lately are
kept (:meth:`Citations.appended`), and a story extends from them when they cover every
position it needs.
"""

from __future__ import annotations

import bisect
import json
from collections import deque
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Final

from ..errors import DuplicateId
from ..events import (
    DelegatedDecisionTaken,
    EntryRetracted,
    Event,
    ResolutionPassed,
    ResolutionRef,
)
from ..projections import (
    CITED_TYPES,
    WithdrawnDecision,
    cited_entries,
    foreign_refs,
    withdrawn_of,
)
from ..rules import Decision
from ..store import EventStore, PayloadSearch, Query
from ._lru import Kept
from .corrections import Corrections, Decoder, by_order

__all__ = ["Citations", "Entering", "Story"]


_STORY_TYPES: Final = (*CITED_TYPES, "EntryRetracted")

#: Entries of cited partnerships' stories an open ledger keeps in memory (for questions
#: as known now, and a smaller share for questions as known earlier).
STORIES_KEPT: Final = 262_144
PAST_STORIES_KEPT: Final = 32_768
#: Entries of the batches this open ledger committed lately that it keeps, so that a
#: story extends over them without reading them back from the store.
RECENT_KEPT: Final = 65_536


class Story:
    """The entries telling the story of one partnership's decisions, as known at a
    position: its decisions, call-ins, conditions met or lapsed, and retractions.

    It holds for every question known at a position from :attr:`last` (its latest entry
    of those types) to :attr:`known`; what is worked out from it is kept on it.
    """

    def __init__(
        self, partnership: str, known: int, logged: list[tuple[int, Event]], last: int
    ) -> None:
        self.partnership = partnership
        #: The ledger position it holds every entry of its types through.
        self.known = known
        #: The position of its latest entry (0 if none): before it, it does not hold.
        self.last = last
        #: Its entries as logged, in position order, retractions included.
        self.logged = logged
        self._standing: list[tuple[int, Event]] | None = None
        self._by_id: dict[str, list[tuple[int, Decision]]] | None = None
        self._cited: dict[frozenset[str], list[tuple[int, Event]]] = {}

    def extended(self, known: int, new: list[tuple[int, Event]]) -> Story:
        """This story as known at *known*, with *new* (its entries recorded since)."""
        if not new:
            self.known = known
            return self
        story = Story(self.partnership, known, self.logged + new, new[-1][0])
        if self._standing is not None and not any(isinstance(e, EntryRetracted) for _, e in new):
            # nothing withdrawn or replaced anew (a retraction withdraws only what was
            # recorded before it): the standing entries are these and the new ones
            story._standing = sorted(self._standing + new, key=by_order)
            if self._by_id is not None:
                by_id = dict(self._by_id)  # the lists are replaced below, never changed
                for position, event in new:
                    keyed = _decision_key(event)
                    if keyed is not None:
                        decision = keyed[0][1]
                        by_id[decision] = sorted(
                            [*by_id.get(decision, ()), (position, keyed[1])], key=by_order
                        )
                story._by_id = by_id
        return story

    def standing(self) -> list[tuple[int, Event]]:
        """Its standing entries (corrections applied), in fold order."""
        if self._standing is None:
            retractions = {p: e for p, e in self.logged if isinstance(e, EntryRetracted)}
            corrections = Corrections.of(retractions)
            withdrawn = corrections.withdrawn
            pairs = [
                pair
                for pair in self.logged
                if pair[0] not in withdrawn and not isinstance(pair[1], EntryRetracted)
            ]
            pairs += [
                (position, event)
                for position, event in corrections.replacements()
                if type(event).__name__ in CITED_TYPES and event.partnership == self.partnership
            ]
            self._standing = sorted(pairs, key=by_order)
        return self._standing

    def of_types(self, types: tuple[str, ...]) -> list[tuple[int, Event]]:
        """Its standing entries of *types*, in fold order."""
        return [pair for pair in self.standing() if type(pair[1]).__name__ in types]

    def cited(self, decisions: frozenset[str]) -> list[tuple[int, Event]]:
        """Its standing entries telling the story of *decisions* (:func:`cited_entries`)."""
        found = self._cited.get(decisions)
        if found is None:
            found = self._cited[decisions] = cited_entries(decisions, self.standing())
        return found

    def decisions(self, decision: str) -> list[tuple[int, Decision]]:
        """Its standing decisions of id *decision*, in fold order."""
        if self._by_id is None:
            by_id: dict[str, list[tuple[int, Decision]]] = {}
            for position, event in self.standing():
                keyed = _decision_key(event)
                if keyed is not None:
                    by_id.setdefault(keyed[0][1], []).append((position, keyed[1]))
            self._by_id = by_id
        return self._by_id.get(decision, [])

    def decisions_and_retractions(self) -> list[tuple[int, Event]]:
        """Its decisions and retractions as logged, in position order."""
        return [
            pair
            for pair in self.logged
            if isinstance(pair[1], (EntryRetracted, ResolutionPassed, DelegatedDecisionTaken))
        ]


def _position(pair: tuple[int, Event]) -> int:
    return pair[0]


def _weight(story: Story) -> int:
    return len(story.logged) + 1


class Entering:
    """A batch being appended, as ``(position, event)``, indexed once for the questions
    each of its partnerships' checks asks (:meth:`Citations.decisions`)."""

    def __init__(self, pairs: Iterable[tuple[int, Event]]) -> None:
        self.pairs = list(pairs)
        #: The positions its retractions withdraw.
        self.retracted = {e.retracts for _, e in self.pairs if isinstance(e, EntryRetracted)}
        #: Its decisions that join (a correction's replacement in the retraction's place),
        #: the first of each ``(partnership, id)``, less those it withdraws itself.
        self.joining: dict[tuple[str, str], Decision] = {}
        self.by_partnership: dict[str, list[tuple[int, Event]]] = {}
        for position, event in self.pairs:
            self.by_partnership.setdefault(event.partnership, []).append((position, event))
            joined = event.replacement if isinstance(event, EntryRetracted) else event
            keyed = None if joined is None else _decision_key(joined)
            if keyed is not None and position not in self.retracted:
                self.joining.setdefault(*keyed)


_NOTHING_ENTERING: Final = Entering(())


class Citations:
    """Which decisions each partnership cites from others, and their entries."""

    def __init__(self, store: EventStore, decoder: Decoder) -> None:
        self._store = store
        self._decoder = decoder
        #: The latest story read of each cited partnership.
        self._stories: Kept[str, Story] = Kept(STORIES_KEPT, _weight)
        #: Stories read for questions known before the latest one holds.
        self._past: Kept[tuple[str, int], Story] = Kept(PAST_STORIES_KEPT, _weight)
        #: The batches this open ledger committed lately, oldest first, each as
        #: ``(first position, last position, story entries by partnership)``; their
        #: positions are contiguous, so together they hold every entry from the first
        #: one's first position to the last one's last.
        self._recent: deque[tuple[int, int, dict[str, int]]] = deque()
        #: The same batches' story entries, by partnership, in position order.
        self._recent_by: dict[str, list[tuple[int, Event]]] = {}
        self._recent_entries = 0

    def appended(self, entries: Sequence[tuple[int, str, Event]]) -> None:
        """Note a batch this open ledger has just committed: ``(position, stored type,
        event)`` of every entry, in position order, the events equal to what reading
        them back gives (the append proves it)."""
        if not entries:
            return
        first, last = entries[0][0], entries[-1][0]
        if self._recent and self._recent[-1][1] != first - 1:  # another writer in between
            self._forget_recent()
        counts: dict[str, int] = {}
        by = self._recent_by
        for position, type_name, event in entries:
            if type_name in _STORY_TYPES:
                by.setdefault(event.partnership, []).append((position, event))
                counts[event.partnership] = counts.get(event.partnership, 0) + 1
        self._recent.append((first, last, counts))
        self._recent_entries += last - first + 1
        while self._recent_entries > RECENT_KEPT and len(self._recent) > 1:
            gone_first, gone_last, gone = self._recent.popleft()
            self._recent_entries -= gone_last - gone_first + 1
            for partnership, count in gone.items():  # the oldest of each
                del by[partnership][:count]
                if not by[partnership]:
                    del by[partnership]

    def _forget_recent(self) -> None:
        self._recent.clear()
        self._recent_by.clear()
        self._recent_entries = 0

    def _recently(self, partnership: str, after: int, known: int) -> list[tuple[int, Event]] | None:
        """What :meth:`_read` would read, from the batches committed lately, or ``None``
        when they do not hold every position after *after* through *known*."""
        recent = self._recent
        if not recent or recent[0][0] > after + 1 or recent[-1][1] < known:
            return None
        telling = self._recent_by.get(partnership, [])
        low = bisect.bisect_right(telling, after, key=_position)
        return telling[low : bisect.bisect_right(telling, known, lo=low, key=_position)]

    def story(self, partnership: str, known: int) -> Story:
        """*partnership*'s :class:`Story` as known at *known*, from what is kept if it
        holds, else with what it recorded since read from the store."""
        story = self._stories.get(partnership)
        if story is not None and story.last <= known:
            if known > story.known:
                extended = story.extended(known, self._read(partnership, story.known, known))
                if extended is not story:
                    self._stories.keep(partnership, extended)
                return extended
            return story
        past = self._past.get((partnership, known))
        if past is not None:
            return past
        read = Story(partnership, known, [], 0).extended(known, self._read(partnership, 0, known))
        if story is None or read.last > story.last:
            self._stories.keep(partnership, read)
        else:
            self._past.keep((partnership, known), read)
        return read

    def _read(self, partnership: str, after: int, known: int) -> list[tuple[int, Event]]:
        """*partnership*'s entries telling its story, recorded after *after* through
        *known*, in position order."""
        kept = self._recently(partnership, after, known)
        if kept is not None:
            return kept
        return [
            (record.position, self._decoder.decoded(record))
            for record in self._store.read(
                Query(
                    partnership=partnership,
                    types=_STORY_TYPES,
                    after_position=after if after > 0 else None,
                    max_position=known,
                    order="position",
                )
            )
        ]

    def clear(self) -> None:
        self._stories.clear()
        self._past.clear()
        self._forget_recent()

    def entries(self, cited: Mapping[str, Collection[str]], known: int) -> list[tuple[int, Event]]:
        """The standing entries telling the story of the *cited* decisions in their own
        partnerships, as known at *known*, in fold order."""
        found: list[tuple[int, Event]] = []
        for other, decisions in sorted(cited.items()):
            found += self.story(other, known).cited(frozenset(decisions))
        return sorted(found, key=by_order)

    def withdrawn(
        self,
        cited: Mapping[str, Collection[str]],
        known: int,
        entries: Iterable[tuple[int, Event]] | None = None,
        *,
        entering: Entering | Iterable[tuple[int, Event]] = (),
    ) -> dict[str, WithdrawnDecision]:
        """The *cited* decisions that were recorded in their partnership and then
        withdrawn there, as known at *known*, or by a retraction among *entering* (a
        batch being appended, as for :meth:`decisions`). *entries* are their standing
        entries (:meth:`entries`), if read already: a decision among them stands, and
        only the others are looked for (nothing more is read when every one stands)."""
        standing: set[tuple[str, str]] = set()
        if entries is not None:
            for _, event in entries:
                keyed = _decision_key(event)
                if keyed is not None:
                    standing.add(keyed[0])
        batch = entering if isinstance(entering, Entering) else Entering(entering)
        found: dict[str, WithdrawnDecision] = {}
        for other, ids in sorted(cited.items()):
            missing = {decision for decision in ids if (other, decision) not in standing}
            if not missing:
                continue
            logged = self.story(other, known).decisions_and_retractions()
            logged += batch.by_partnership.get(other, [])
            found.update(withdrawn_of(other, missing, logged))
        return found

    def decisions(
        self,
        cited: Mapping[str, Collection[str]],
        known: int,
        entering: Entering | Iterable[tuple[int, Event]] = (),
    ) -> dict[tuple[str, str], Decision]:
        """The *cited* decisions by ``(partnership, id)``, standing as known at *known*
        with *entering* applied: ``(position, event)`` of a batch being appended, whose
        decisions join, whose retractions withdraw what they retract, and whose
        corrections stand in for what they correct."""
        batch = entering if isinstance(entering, Entering) else Entering(entering)
        retracted = batch.retracted
        found: dict[tuple[str, str], Decision] = {}
        for other, ids in sorted(cited.items()):
            story: Story | None = None
            for decision in sorted(ids):
                key = (other, decision)
                joining = batch.joining.get(key)
                if joining is not None:
                    found[key] = joining
                    continue
                if story is None:
                    story = self.story(other, known)
                for position, standing in story.decisions(decision):
                    if position not in retracted:
                        found[key] = standing
                        break
        return found

    def citing(self, partnership: str, decision: str, known: int) -> list[str]:
        """The other partnerships whose standing entries, as known at *known*, cite the
        decision *decision* of *partnership*, sorted.

        No index says who cites what, so this looks at every record's payload (only those
        naming the decision are decoded): a store that can search payloads itself
        (:class:`~govledger.store.PayloadSearch`) hands over only the records naming
        both. It is asked only when a correction of a conditional decision is appended
        (:meth:`check_conditions_where_cited`).
        """
        words = (json.dumps(decision), json.dumps(partnership))
        wanted = (partnership, decision)
        candidates: dict[str, list[tuple[int, Event]]] = {}
        store = self._store
        records = (
            store.containing(words, max_position=known)
            if isinstance(store, PayloadSearch)
            else store.read(Query(max_position=known, order="position"))
        )
        for record in records:
            if record.partnership == partnership or not all(w in record.payload for w in words):
                continue
            event = self._decoder.decoded(record)
            if wanted in foreign_refs(event):
                candidates.setdefault(record.partnership, []).append((record.position, event))
        found = []
        for other, pairs in sorted(candidates.items()):
            withdrawn = Corrections.read(
                self._store, other, known, self._decoder.upcasters
            ).withdrawn
            if any(position not in withdrawn for position, _ in pairs):
                found.append(other)
        return found

    def check_conditions_where_cited(self, decision: ResolutionPassed, known: int) -> None:
        """Refuse *decision* (a correction of a decision, appended after position *known*)
        if it declares a condition id that a partnership citing it declares too: the
        reverse of the clash refused when a citation is appended, seen from the cited
        partnership."""
        ids = {c.id for _, part in decision.walk() for c in part.conditions}
        if not ids:
            return
        for other in self.citing(decision.partnership, decision.resolution, known):
            for _, event in self.story(other, known).of_types(("ResolutionPassed",)):
                if not isinstance(event, ResolutionPassed):
                    continue
                for path, part in event.walk():
                    shared = sorted(c.id for c in part.conditions if c.id in ids)
                    if shared:
                        where = ResolutionRef(resolution=event.resolution, part=path)
                        raise DuplicateId(
                            f"condition id {shared[0]!r} is already declared by {where} in "
                            f"{other!r}, which cites {decision.resolution!r} of "
                            f"{decision.partnership!r}, so a condition met or lapsed there "
                            "would be ambiguous; choose another id for this one",
                            event=decision,
                        )


def _decision_key(event: Event) -> tuple[tuple[str, str], Decision] | None:
    """The ``(partnership, id)`` of *event* and the decision, if it is one."""
    if isinstance(event, ResolutionPassed):
        return (event.partnership, event.resolution), event
    if isinstance(event, DelegatedDecisionTaken):
        return (event.partnership, event.decision), event
    return None
