"""Appending: each new entry checked against the domain rules, then stored.

An append checks every new entry against the partnership's *recorded world* (a fold
of its standing entries that does not honour authority) on the entry's effective
day, and every later entry again, so a back-dated entry cannot make later history
invalid. That world is kept in memory between appends (:class:`World`, in a budget of
entries), caught up with what other writers appended, or rebuilt from the nearest
rules checkpoint; the checkpoints the check passes are saved in the same transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Final

import attrs

from ..errors import (
    ConcurrencyError,
    GovLedgerError,
    InternalError,
    InvalidRetraction,
    UsageError,
)
from ..events import (
    DelegatedDecisionTaken,
    EntryRetracted,
    Event,
    ResolutionPassed,
    ResolutionRef,
    certain_from,
)
from ..projections import Fold, WithdrawnDecision, foreign_refs, visible_from
from ..rules import (
    DECISION_TYPES,
    Decision,
    DecisionIndex,
    check_authority,
    check_days,
    index_decisions,
)
from ..store import (
    EventStore,
    NewRecord,
    Query,
    SessionCheckpoints,
    StoredRecord,
)
from ._collector import paused
from ._lru import Kept
from .cited import Citations, Entering
from .corrections import Corrections, Decoder, Standing, by_order
from .entries import RecordedEvent
from .folds import RULES, FoldSource, Snapshots, day_before
from .readback import encoded

__all__ = ["DECISION_CLASSES", "RULES_CACHE", "Recorder", "World", "encoded", "worlds"]

#: How much recorded history an open ledger keeps in memory between appends by default,
#: in entries (``Ledger.open(..., rules_cache=)``): about 250 bytes each besides the
#: events themselves. Appends that interleave many partnerships (an import of many
#: councils' minutes) find most of them here instead of reading their history again.
RULES_CACHE: Final = 262_144

DECISION_CLASSES: Final = (ResolutionPassed, DelegatedDecisionTaken)


@attrs.define
class World:
    """One partnership's recorded world, kept in memory between appends."""

    #: The partnership's version this world holds every entry of.
    version: int
    #: The recorded world with every standing entry folded in.
    fold: Fold
    #: Standing decisions by the position they stand at.
    decisions: dict[int, Decision]
    #: The same by id (the first recorded of an id): what authorities are checked against.
    decisions_by_id: DecisionIndex
    #: Every retraction recorded, by position.
    retractions: dict[int, EntryRetracted]
    #: The entries of the latest rules checkpoint (spaces the next one).
    checkpointed: int = 0
    #: The ledger position up to which this world has read the partnership's entries.
    position: int = 0


def worlds(budget: int) -> Kept[str, World]:
    """The recorded worlds kept between appends, weighed by the entries folded in."""
    return Kept(budget, lambda world: world.fold.fed)


class Recorder:
    """Checks new entries against the rules and stores them; keeps the recorded worlds."""

    def __init__(
        self,
        store: EventStore,
        folds: FoldSource,
        standing: Standing,
        decoder: Decoder,
        *,
        budget: int = RULES_CACHE,
        citations: Citations | None = None,
    ) -> None:
        self._store = store
        self._folds = folds
        self._standing = standing
        self._decoder = decoder
        self._citations = citations or Citations(store, decoder)
        #: The events of the append (or what-if) being checked, of every partnership.
        self._batch: Sequence[Event] = ()
        #: The same, positioned after the last position and indexed (built on first use).
        self._entering: tuple[int, Entering] | None = None
        #: The recorded worlds kept between appends.
        self.worlds = worlds(budget)

    def append(
        self, events: Sequence[Event], expected_version: int | None
    ) -> tuple[RecordedEvent, ...]:
        """Record *events* in one transaction, or none of them; see :meth:`Ledger.append`."""
        if not events:
            raise UsageError("append() needs at least one event")
        with paused():
            return self._append(events, expected_version)

    def _append(
        self, events: Sequence[Event], expected_version: int | None
    ) -> tuple[RecordedEvent, ...]:
        coded = [(event, *encoded(event)) for event in events]  # InvalidEvent on bad input
        partnerships = list(dict.fromkeys(event.partnership for event in events))
        if expected_version is not None and len(partnerships) != 1:
            raise UsageError(
                "expected_version applies to one partnership; this batch names "
                f"{', '.join(partnerships)}: append each partnership's events separately"
            )
        if expected_version is not None and (
            isinstance(expected_version, bool)
            or not isinstance(expected_version, int)
            or expected_version < 0
        ):
            raise UsageError(
                f"expected_version must be a whole number >= 0, not {expected_version!r}"
            )
        try:
            stored = self._write(events, coded, expected_version, partnerships)
        except (GovLedgerError, MemoryError):
            raise
        except Exception as exc:
            raise InternalError(
                f"govledger failed while recording {len(events)} event(s) "
                f"({type(exc).__name__}: {exc}); nothing was written. This is a bug in "
                "govledger: please report it with the events you appended"
            ) from exc
        return tuple(
            RecordedEvent(
                position=record.position,
                partnership=record.partnership,
                version=record.version,
                recorded_at=record.recorded_at,
                event=event,
                hash=record.hash,
            )
            for record, event in zip(stored, events, strict=True)
        )

    def suppose(self, events: Sequence[Event], last: int) -> dict[str, int]:
        """Check *events* as if appended after position *last*, writing nothing; return
        the versions of their partnerships (see :meth:`Ledger.what_if`)."""
        for event in events:
            encoded(event)  # InvalidEvent on bad input, as append
        positioned = [(last + 1 + index, event) for index, event in enumerate(events)]
        by_partnership: dict[str, list[tuple[int, Event]]] = {}
        for pair in positioned:
            by_partnership.setdefault(pair[1].partnership, []).append(pair)
        versions: dict[str, int] = {}
        self._batch, self._entering = events, None
        try:
            for partnership, mine in by_partnership.items():
                versions[partnership] = self._store.version(partnership)
                kept = self.worlds.take(partnership)  # never fed: check from the store
                try:
                    self._check(partnership, versions[partnership], mine, last)
                finally:
                    if kept is not None:
                        self.worlds.keep(partnership, kept)
        except (GovLedgerError, MemoryError):
            raise
        except Exception as exc:
            raise InternalError(
                f"govledger failed while checking {len(events)} supposed event(s) "
                f"({type(exc).__name__}: {exc}). This is a bug in govledger: please report "
                "it with the events"
            ) from exc
        return versions

    def _write(
        self,
        events: Sequence[Event],
        coded: list[tuple[Event, str, int, str]],
        expected_version: int | None,
        partnerships: list[str],
    ) -> list[StoredRecord]:
        """Check *events* against the rules and store them, in one write transaction."""
        checked: dict[str, World] = {}
        snapshots: list[Snapshots] = []
        self._batch, self._entering = events, None
        for partnership in partnerships:
            self._warm(partnership)
        with self._store.write() as session:
            last = session.last_position()
            positioned = [(last + 1 + index, event) for index, event in enumerate(events)]
            days: dict[int, date] = {}
            by_partnership: dict[str, list[tuple[int, Event]]] = {}
            for pair in positioned:
                by_partnership.setdefault(pair[1].partnership, []).append(pair)
            for partnership in partnerships:
                found = session.version(partnership)
                if expected_version is not None and found != expected_version:
                    raise ConcurrencyError(
                        partnership=partnership, expected=expected_version, found=found
                    )
                mine = by_partnership[partnership]
                world, snaps, affected = self._check(partnership, found, mine, last)
                checked[partnership] = world
                snapshots.append(snaps)
                days.update(affected)
            stored = session.append(
                [
                    NewRecord(
                        partnership=event.partnership,
                        type=name,
                        schema_version=version,
                        effective=days.get(position, certain_from(event.effective)),
                        payload=payload,
                        visible_from=min(visible_from(event), days.get(position, date.max)),
                    )
                    for (position, _), (event, name, version, payload) in zip(
                        positioned, coded, strict=True
                    )
                ]
            )
            new_last = last + len(events)
            if isinstance(session, SessionCheckpoints):
                for snaps in snapshots:
                    for checkpoint in snaps.checkpoints(new_last):
                        session.save_checkpoint(checkpoint)
        for partnership, world in checked.items():  # committed: keep them for the next append
            self.worlds.keep(partnership, world)
        self._citations.appended(
            [
                (record.position, record.type, event)
                for record, event in zip(stored, events, strict=True)
            ]
        )
        return stored

    def _check(
        self,
        partnership: str,
        version: int,
        mine: list[tuple[int, Event]],
        last: int,
    ) -> tuple[World, Snapshots, dict[int, date]]:
        """Check one partnership's new entries; return its world afterwards.

        Also returns, for each new retraction, the first day it changes (stored as its
        effective day, so that the checkpoints it makes stale are dropped).
        """
        world = self.worlds.take(partnership)
        if world is not None and world.version != version:
            world = self._caught_up(world, partnership, version)  # another writer appended
        if world is None:
            retractions, decisions = self._recorded_decisions(partnership, last)
        else:  # taken out of the cache: changed in place, dropped if the append fails
            retractions, decisions = world.retractions, world.decisions
        corrections = Corrections.of(retractions)
        withdrawn = corrections.withdrawn
        new_retractions = [(p, e) for p, e in mine if isinstance(e, EntryRetracted)]
        affected: dict[int, date] = {}
        for position, retraction in new_retractions:
            day = self._retraction_target(partnership, retraction, last, withdrawn)
            if retraction.replacement is not None:
                day = min(day, certain_from(retraction.replacement.effective))
            affected[position] = day
            withdrawn.add(retraction.retracts)
        entering: list[tuple[int, Event]] = [
            (p, e) for p, e in mine if not isinstance(e, EntryRetracted)
        ]
        entering += [(p, r.replacement) for p, r in new_retractions if r.replacement is not None]
        for position in withdrawn:
            decisions.pop(position, None)
        new_decisions = sorted(
            (position, event) for position, event in entering if isinstance(event, DECISION_CLASSES)
        )
        decisions.update(new_decisions)
        if world is not None and not new_retractions:  # only later decisions join
            by_id = world.decisions_by_id
            for _, decision in new_decisions:
                by_id.add(decision)
        else:
            by_id = index_decisions(sorted(decisions.items()))
        start = min(
            [certain_from(event.effective) for _, event in entering] + list(affected.values())
        )
        snaps = self._folds.snapshots(partnership, RULES)
        later: list[tuple[int, Event]] = []
        if world is not None and not new_retractions and world.fold.day < start:
            fold = world.fold
            snaps.start(fold, world.checkpointed)
        else:
            fold, later = self._recorded_world(partnership, start, last, corrections, snaps)
        by_id.foreign, by_id.withdrawn = self._foreign(
            fold, [*later, *entering, *new_retractions], last
        )
        for _, retraction in new_retractions:
            check_authority(retraction, by_id)
            if isinstance(retraction.replacement, ResolutionPassed):
                self._citations.check_conditions_where_cited(retraction.replacement, last)
        days = check_days(fold, later, entering, by_id, retracting=bool(new_retractions))
        for day, folded in days:  # each day checked: the rules' checkpoint, if one is due
            snaps.day_done(folded, day)
        retractions.update(new_retractions)
        world = World(
            version=version + len(mine),
            fold=fold,
            decisions=decisions,
            decisions_by_id=by_id,
            retractions=retractions,
            checkpointed=snaps.last,
            position=max(position for position, _ in mine),
        )
        return world, snaps, affected

    def _foreign(
        self, fold: Fold, entries: list[tuple[int, Event]], last: int
    ) -> tuple[dict[tuple[str, str], Decision], dict[tuple[str, str], WithdrawnDecision]]:
        """The decisions recorded in other partnerships that the partnership cites: those
        its recorded world *fold* has seen cited, and those *entries* (to be checked)
        cite, as known at *last* or appended in the same batch; and, of those not found,
        the ones recorded there and then withdrawn (for the refusal to say so)."""
        cited: dict[str, set[str]] = {}
        for decision, other in fold.cited.items():
            cited.setdefault(other, set()).add(decision)
        for _, event in entries:
            refs = set(foreign_refs(event))
            if isinstance(event, EntryRetracted):  # the retraction's own authority too
                refs |= {
                    (ref.partnership, ref.resolution)
                    for ref in event.authorised_by
                    if isinstance(ref, ResolutionRef)
                    and ref.partnership is not None
                    and ref.foreign_to(event.partnership)
                }
            for other, decision in refs:
                cited.setdefault(other, set()).add(decision)
        if not cited:  # the common path: nothing read
            return {}, {}
        if self._entering is None or self._entering[0] != last:
            positioned = [(last + 1 + index, event) for index, event in enumerate(self._batch)]
            self._entering = (last, Entering(positioned))
        batch = self._entering[1]
        found = self._citations.decisions(cited, last, batch)
        missing = {
            other: {decision for decision in ids if (other, decision) not in found}
            for other, ids in cited.items()
        }
        withdrawn = self._citations.withdrawn(
            {k: v for k, v in missing.items() if v}, last, entering=batch
        )
        return found, {(w.partnership, w.decision): w for w in withdrawn.values()}

    def _warm(self, partnership: str) -> None:
        """Read *partnership*'s recorded world before taking the write lock.

        An append needs the partnership's recorded world; if none is kept, reading it
        costs the partnership's whole history. Done here, outside the lock, it does not
        hold other writers up; inside the lock only what others appended meanwhile is
        folded on (:meth:`_caught_up`).
        """
        if self.worlds.get(partnership) is not None:
            return
        for _ in range(3):  # the version as of one last position, read between two reads
            last = self._store.last_position()
            version = self._store.version(partnership)
            if self._store.last_position() == last:
                break
        else:
            return  # other writers keep appending: leave it to the write lock
        if version == 0:
            return
        retractions, decisions = self._recorded_decisions(partnership, last)
        snaps = self._folds.snapshots(partnership, RULES, enabled=False)
        fold, later = self._recorded_world(
            partnership, date.max, last, Corrections.of(retractions), snaps
        )
        for _, event in later:  # entries on the last possible day, if any
            fold.feed(event)
        world = World(
            version=version,
            fold=fold,
            decisions=decisions,
            decisions_by_id=index_decisions(sorted(decisions.items())),
            retractions=retractions,
            checkpointed=snaps.last,
            position=last,
        )
        self.worlds.keep(partnership, world)

    def _caught_up(self, world: World, partnership: str, version: int) -> World | None:
        """*world* brought up to *version* with the entries other writers appended since
        it was kept, or ``None`` if that cannot be done by folding them on (a
        retraction, or an entry dated before the world's last day: read it all again).

        So an append after another process's costs what that process wrote, not the
        partnership's whole history.
        """
        if world.version > version:
            return None
        records = list(
            self._store.read(
                Query(partnership=partnership, after_position=world.position, order="position")
            )
        )
        if len(records) != version - world.version or any(
            record.type == "EntryRetracted" for record in records
        ):
            return None
        entries = sorted(
            ((record.position, self._decoder.decoded(record)) for record in records),
            key=by_order,
        )
        if entries and certain_from(entries[0][1].effective) < world.fold.day:
            return None
        for _, event in entries:
            world.fold.feed(event)
        joining = sorted((p, e) for p, e in entries if isinstance(e, DECISION_CLASSES))
        world.decisions.update(joining)
        for _, decision in joining:  # the first of an id stays; its conditions are declared
            world.decisions_by_id.add(decision)
        world.version = version
        world.position = max([world.position, *(record.position for record in records)])
        return world

    def _recorded_decisions(
        self, partnership: str, known: int
    ) -> tuple[dict[int, EntryRetracted], dict[int, Decision]]:
        """The partnership's retractions and standing decisions, read from the store."""
        corrections = self._standing.corrections(partnership, known)
        withdrawn = corrections.withdrawn
        decisions: dict[int, Decision] = {}
        for record in self._store.read(
            Query(
                partnership=partnership, types=DECISION_TYPES, max_position=known, order="position"
            )
        ):
            if record.position not in withdrawn:
                event = self._decoder.decoded(record)  # read again by the rules' stream
                if isinstance(event, DECISION_CLASSES):
                    decisions[record.position] = event
        for position, replacement in corrections.replacements():
            if isinstance(replacement, DECISION_CLASSES):
                decisions[position] = replacement
        return corrections.retractions, decisions

    def _retraction_target(
        self,
        partnership: str,
        retraction: EntryRetracted,
        last: int,
        withdrawn: set[int],
    ) -> date:
        """Check what *retraction* withdraws; return the first day that entry changed."""
        target = retraction.retracts
        if target > last:
            raise InvalidRetraction(
                f"there is no entry at position {target} to retract (the ledger ends at "
                f"{last}); retract an entry recorded before this append",
                event=retraction,
            )
        if target in withdrawn:
            raise InvalidRetraction(
                f"the entry at position {target} has already been retracted", event=retraction
            )
        record = next(self._store.read(Query(after_position=target - 1, max_position=target)), None)
        if record is None:  # pragma: no cover - positions are gapless
            raise InvalidRetraction(f"there is no entry at position {target}", event=retraction)
        if record.partnership != partnership:
            raise InvalidRetraction(
                f"the entry at position {target} belongs to partnership "
                f"{record.partnership!r}, not {partnership!r}: append the retraction to "
                "the entry's own partnership",
                event=retraction,
            )
        event = self._decoder.decode(record)
        if isinstance(event, EntryRetracted):
            if event.replacement is None:
                raise InvalidRetraction(
                    f"the entry at position {target} is a retraction without a replacement; "
                    "a retraction is not withdrawn: to restore the original entry, "
                    "append it again",
                    event=retraction,
                )
            return certain_from(event.replacement.effective)
        return certain_from(event.effective)

    def _recorded_world(
        self,
        partnership: str,
        start: date,
        last: int,
        corrections: Corrections,
        snaps: Snapshots,
    ) -> tuple[Fold, list[tuple[int, Event]]]:
        """The recorded world before *start*, and the standing entries from *start* on."""
        fold, after = self._folds.resume(partnership, RULES, day_before(start), last)
        snaps.start(fold, self._folds.latest_entries(partnership, RULES, last, fold))
        later: list[tuple[int, Event]] = []
        day: date | None = None
        for position, event in self._standing.pairs(partnership, last, corrections, after=after):
            today = certain_from(event.effective)
            if today >= start:
                later.append((position, event))
                continue
            if day is not None and today > day:
                snaps.day_done(fold, day)
            day = today
            fold.feed(event)
        return fold, later

    def clear(self) -> None:
        self.worlds.clear()
        self._citations.clear()
