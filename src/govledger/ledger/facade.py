"""The facade users import: record decisions, read them back, ask for a state, verify.

Every question can be asked two ways in time: *as of* a day (valid time: what was in
force then) and *as known at* a moment or position (transaction time: what the
ledger had been told by then). Answers come from a fold of the partnership's
entries; saved checkpoints of that fold let a question about any day start near
that day instead of at the beginning (see :class:`~govledger.store.Checkpoint`).
"""

from __future__ import annotations

import contextlib
import heapq
import os
import random
import zlib
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime, timedelta
from types import TracebackType
from typing import Final, Generic, Protocol, TypeVar

import attrs

from .. import changes, proofs, snapshots, trusted
from ..codec import decode, decode_trusted, encode
from ..council import CouncilView, council_view
from ..errors import (
    ConcurrencyError,
    GovLedgerError,
    InternalError,
    InvalidEvent,
    InvalidRetraction,
    StoreError,
    UnknownPartnership,
    UsageError,
)
from ..events import (
    DelegatedDecisionTaken,
    EntryRetracted,
    Event,
    ResolutionPassed,
    certain_from,
    event_type,
)
from ..projections import Fold, PartnershipState, order_key, visible_from
from ..rules import (
    DECISION_TYPES,
    Decision,
    DecisionIndex,
    check_authority,
    check_from,
    index_decisions,
)
from ..snapshots import FOLD_FORMAT
from ..store import (
    GENESIS_HEAD,
    LEDGER_PARTNERSHIP,
    MAX_CLOCK_SKEW,
    MAX_PAYLOAD_BYTES,
    ChainBroken,
    ChainHead,
    ChainProblem,
    Checkpoint,
    EventStore,
    NewRecord,
    Query,
    StoredRecord,
    VerificationReport,
)
from ..store.open import open_store
from ..whatif import WhatIf, supposed_entries

__all__ = ["KnownAt", "Ledger", "Projection", "RecordedEvent"]

#: "As known at": a recording time (a timezone-aware datetime) or a ledger position.
KnownAt = datetime | int

_S = TypeVar("_S")
_K = TypeVar("_K")
_V = TypeVar("_V")


@attrs.frozen(kw_only=True)
class RecordedEvent:
    """An event as the ledger holds it: with its position and recording time.

    ``retracted_by`` is the position of the :class:`~govledger.events.EntryRetracted`
    that withdrew this entry, as far as the question's knowledge goes (``None`` if it
    stands).
    """

    position: int
    partnership: str
    version: int
    recorded_at: datetime
    event: Event
    hash: str
    retracted_by: int | None = None


class Projection(Protocol[_S]):
    """A user's own fold over the ledger, run by :meth:`Ledger.replay`.

    ``initial()`` gives the starting state; ``apply(state, entry)`` returns the state
    after one entry (it should not mutate *state* in place, so that a projection is
    a pure function of the entries). Entries arrive in fold order, (effective day,
    position), with corrections applied: a retracted entry never arrives, and a
    replacement arrives at its retraction's position.
    """

    def initial(self) -> _S:
        """The state before any entry."""
        ...

    def apply(self, state: _S, entry: RecordedEvent) -> _S:
        """The state after *entry*."""
        ...


def _recorded(record: StoredRecord, retracted_by: int | None = None) -> RecordedEvent:
    return RecordedEvent(
        position=record.position,
        partnership=record.partnership,
        version=record.version,
        recorded_at=record.recorded_at,
        event=decode_trusted(record.type, record.schema_version, record.payload),
        hash=record.hash,
        retracted_by=retracted_by,
    )


def _encoded(event: object) -> tuple[str, int, str]:
    """Encode *event* for the store, refusing anything that would not read back as itself.

    The event is validated once, in place: every nested object's field validators and
    class checks run on its values as they are now, and every value must be of exactly
    the type decoding its canonical JSON builds (:func:`govledger.trusted.checker`).
    That proves the stored bytes read back as this event without decoding them.
    """
    name = event_type(event)  # InvalidEvent for anything that is not an event
    check = trusted.checker(type(event))
    try:
        if check is None:
            attrs.validate(event)  # type: ignore[arg-type]
        else:
            check(event, name)
    except GovLedgerError as exc:
        if check is not None and not _own_field_problem(event, exc):
            raise InvalidEvent(f"{name} would not read back from the ledger: {exc}") from exc
        raise
    except trusted.NotAsDecoded as exc:
        raise InvalidEvent(
            f"{name} would not read back unchanged: {exc}; it holds a value its fields do "
            "not allow; build it again from plain values"
        ) from None
    try:
        encoded = encode(event)  # type: ignore[arg-type]
        payload = encoded[2]
        size = len(payload.encode("utf-8"))
    except GovLedgerError:
        raise
    except UnicodeEncodeError:
        raise InvalidEvent(
            f"{name} holds text that cannot be stored as UTF-8 (a lone surrogate); remove it"
        ) from None
    except Exception as exc:
        raise InvalidEvent(f"{name} could not be encoded: {type(exc).__name__}: {exc}") from exc
    if size > MAX_PAYLOAD_BYTES:
        raise InvalidEvent(
            f"{name} is {size:,} bytes when encoded, more than the {MAX_PAYLOAD_BYTES:,}-byte "
            "limit for one event; record it as several smaller events"
        )
    if check is None:  # a class the checker does not know: prove it by decoding
        try:
            readback = decode(*encoded)
        except GovLedgerError as exc:
            raise InvalidEvent(f"{name} would not read back from the ledger: {exc}") from exc
        if readback != event:
            raise InvalidEvent(
                f"{name} would not read back unchanged: it holds a value its fields do not "
                "allow; build it again from plain values"
            )
    return encoded


def _own_field_problem(event: object, exc: GovLedgerError) -> bool:
    """Whether *exc* came from a field validator of *event* itself (said as it is)."""
    try:
        attrs.validate(event)  # type: ignore[arg-type]
    except GovLedgerError as again:
        return str(again) == str(exc)
    return False


def _head(value: object) -> ChainHead:
    if isinstance(value, ChainHead):
        return value
    if isinstance(value, str):
        return ChainHead.parse(value)
    raise UsageError(
        f"a chain head is a ChainHead or its text form '<position>:<hash>', not {value!r}"
    )


def _check_day(name: str, value: object) -> date:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise UsageError(f"{name} must be a datetime.date such as date(2022, 9, 1), not {value!r}")
    return value


#: A checkpoint is taken once at least this many entries have been folded since the last.
CHECKPOINT_EVERY: Final = 256

#: How much recorded history an open ledger keeps in memory between appends by default,
#: in entries (``Ledger.open(..., rules_cache=)``): about 250 bytes each besides the
#: events themselves. Appends that interleave many partnerships (an import of many
#: councils' minutes) find most of them here instead of reading their history again.
RULES_CACHE: Final = 262_144

#: Folds read from checkpoints that an open ledger keeps in memory, counted in the
#: entries folded into them (a fold's memory grows with its partnership's history).
_FOLDS_KEPT: Final = 32_768

#: Decoded entries an open ledger keeps for questions about a day (state, diff ...).
_ENTRIES_KEPT: Final = 8_192

_RULES = "rules"  # the recorded world the domain rules check against
_STATE = "state"  # the world in force, as states show it
#: Checkpoints of one partnership are spaced geometrically: the next is taken once the
#: entries folded since the last one reach this fraction of that one's entries (and at
#: least ``checkpoint_every``), so their total size stays within a small multiple of the
#: latest one's, which grows with the partnership's history: storage linear in history.
_GROWTH: Final = 0.5


def _dump(fold: Fold) -> bytes | None:
    try:
        return snapshots.dump(fold)
    except snapshots.SnapshotError:  # a fold holding something unexpected: no checkpoint
        return None


def _load(checkpoint: Checkpoint | None, partnership: str) -> Fold | None:
    """The fold saved in *checkpoint*, or ``None`` if there is none or it cannot be read."""
    if checkpoint is None or checkpoint.format != FOLD_FORMAT:
        return None
    try:
        return snapshots.load(checkpoint.data, partnership)
    except (snapshots.SnapshotError, MemoryError):  # a damaged cache: the events are the truth
        return None


class _Kept(Generic[_K, _V]):
    """A cache that keeps what was used last, within a budget of summed weights.

    The last item kept stays even when it alone is over the budget.
    """

    def __init__(self, budget: int, weight: Callable[[_V], int]) -> None:
        self._budget = budget
        self._weight = weight
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
            _, dropped = self._kept.popitem(last=False)
            self._held -= self._weight(dropped)

    def clear(self) -> None:
        self._kept.clear()
        self._held = 0


def _fed(fold: Fold) -> int:
    return fold.fed


class _LoadedFolds:
    """Folds read from checkpoints, kept so that the next question starting from the
    same checkpoint copies the fold instead of unpickling it again.

    A checkpoint is known by its partnership, kind, day, position and a CRC of its
    bytes, so a dropped and rewritten checkpoint is never mistaken for the old one.
    Only copies are handed out: a fold fed by one question never reaches the next.
    """

    def __init__(self, budget: int = _FOLDS_KEPT) -> None:
        self._budget = budget
        self._folds: _Kept[tuple[object, ...], Fold] = _Kept(budget, _fed)

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
        loaded = _load(checkpoint, checkpoint.partnership)
        if loaded is None or loaded.fed > self._budget:
            return loaded
        self._folds.keep(key, loaded)
        return loaded.copy()

    def clear(self) -> None:
        self._folds.clear()


class _Entries:
    """Decoded entries by position, the most recently used kept.

    Positions never change meaning in an append-only ledger, so an entry decoded once
    can answer every later question about a day; replay and history stream past it.
    """

    def __init__(self, size: int = _ENTRIES_KEPT) -> None:
        self._events: _Kept[int, Event] = _Kept(size, lambda _: 1)

    def decoded(self, record: StoredRecord) -> Event:
        event = self._events.get(record.position)
        if event is None:
            event = decode_trusted(record.type, record.schema_version, record.payload)
            self._events.keep(record.position, event)
        return event

    def clear(self) -> None:
        self._events.clear()


class _Snapshots:
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
        """Every entry effective on or before *day* has been folded into *fold*."""
        if self.enabled and day < date.max and self.due(fold.fed):
            data = _dump(fold)
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


def _worlds(budget: int) -> _Kept[str, _World]:
    """The recorded worlds kept between appends, weighed by the entries folded in."""
    return _Kept(budget, lambda world: world.fold.fed)


@attrs.define
class _World:
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


def _withdrawn(retractions: dict[int, EntryRetracted]) -> set[int]:
    return {retraction.retracts for retraction in retractions.values()}


def _replacements(
    retractions: dict[int, EntryRetracted], withdrawn: set[int], after: date | None
) -> list[tuple[int, Event]]:
    """The standing replacements taking effect after *after*, in fold order."""
    found = [
        (position, retraction.replacement)
        for position, retraction in retractions.items()
        if retraction.replacement is not None
        and position not in withdrawn
        and (after is None or certain_from(retraction.replacement.effective) > after)
    ]
    return sorted(found, key=lambda pair: order_key(pair[1], pair[0]))


def _by_order(pair: tuple[int, Event]) -> tuple[date, int]:
    return order_key(pair[1], pair[0])


def _day_before(day: date) -> date:
    return day if day == date.min else day - timedelta(days=1)


class Ledger:
    """An append-only record of partnership decisions, and their state on any date.

    >>> with Ledger.open(":memory:") as ledger:
    ...     ledger.partnerships()
    []
    """

    def __init__(
        self,
        store: EventStore,
        *,
        checkpoints: bool = True,
        checkpoint_every: int = CHECKPOINT_EVERY,
        rules_cache: int = RULES_CACHE,
    ) -> None:
        for name, value, least in (
            ("checkpoint_every", checkpoint_every, 1),
            ("rules_cache", rules_cache, 0),
        ):
            if isinstance(value, bool) or not isinstance(value, int):
                raise UsageError(f"{name} must be a whole number, not {value!r}")
            if value < least:
                raise UsageError(f"{name} must be at least {least}, not {value}")
        self._store = store
        self._checkpoints = bool(checkpoints)
        self._every = checkpoint_every
        self._worlds = _worlds(rules_cache)
        self._loaded = _LoadedFolds()
        self._entries = _Entries()
        # Checkpoints of another format are never read: drop them (a cache). If the
        # ledger is busy or read-only, they are ignored all the same.
        with contextlib.suppress(StoreError):
            store.drop_checkpoints(unless_format=FOLD_FORMAT)

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str] = ":memory:",
        *,
        clock: Callable[[], datetime] | None = None,
        verify: bool = False,
        migrate: bool = False,
        busy_timeout: float = 30.0,
        checkpoints: bool = True,
        rules_cache: int = RULES_CACHE,
        create: bool = False,
    ) -> Ledger:
        """Open the ledger at *path*, creating it if the file does not exist.

        ``":memory:"`` gives a private in-memory ledger; ``sqlite:///<path>`` is the
        same as the path. A file that is not a govledger database is refused with
        :class:`~govledger.errors.NotALedger`, and so is an existing empty file unless
        *create* is true; a FIFO, device or socket is refused at once. Recording times
        come from the store's clock (the writing process's clock inside the write lock,
        or the PostgreSQL server's); *clock* replaces it for tests: any function
        returning an aware datetime for ``":memory:"``, only a
        :class:`govledger.testing.TestClock` for a file or server.
        *busy_timeout* is how many seconds an append waits for another process's
        write lock before raising :class:`~govledger.errors.LedgerBusy`.

        With *verify*, the database itself is checked first (SQLite's ``quick_check``;
        ``amcheck`` on PostgreSQL where it is installed) and a damaged one raises
        :class:`~govledger.errors.CorruptLedger`; then the whole hash chain, versions,
        checkpoints and recording times are checked (:meth:`verify`) and a ledger that
        fails raises :class:`~govledger.errors.ChainBroken`. A ledger written by an older schema
        raises :class:`~govledger.errors.MigrationRequired` unless *migrate* is true,
        when it is upgraded in one transaction. A file that cannot be written opens
        read-only.

        *checkpoints* (on by default) keeps saved folds beside the events so that a
        question about a day starts near that day; turn it off to always fold from the
        first entry (the answers are the same).

        *rules_cache* is how many entries of partnerships' recorded history the ledger
        keeps in memory between appends, to check new entries against without reading
        the history again (about 250 bytes an entry, besides the events themselves).
        The default suits most work; an import that interleaves thousands of
        partnerships in each batch appends several times faster with room for all of
        them (``docs/performance.md`` has figures). The answers never depend on it.
        """
        store = open_store(
            path, clock=clock, busy_timeout=busy_timeout, migrate=migrate, create=create
        )
        if verify:
            try:
                check_integrity = getattr(store, "check_integrity", None)
                if check_integrity is not None:
                    check_integrity()
                report = store.verify()
            except BaseException:
                store.close()
                raise
            if not report.ok:
                store.close()
                raise ChainBroken(report, path=getattr(store, "path", str(path)))
        return cls(store, checkpoints=checkpoints, rules_cache=rules_cache)

    # ---------------------------------------------------------------- writing

    def append(
        self, *events: Event, expected_version: int | None = None
    ) -> tuple[RecordedEvent, ...]:
        """Record *events* in one transaction, or none of them.

        Every event is checked against the domain rules on its effective date, and
        every later event of its partnership is checked again, so a back-dated entry
        cannot make later history invalid. *expected_version* (for a batch of one
        partnership) is the partnership's version you last read: if another writer has
        appended since, :class:`~govledger.errors.ConcurrencyError` is raised and
        nothing is written.

        An :class:`~govledger.events.EntryRetracted` must name an entry of its own
        partnership that stands (:class:`~govledger.errors.InvalidRetraction`
        otherwise); if later entries would no longer fit without it,
        :class:`~govledger.errors.RetractionHasDependants` names them, unless they are
        retracted in the same call.
        """
        if not events:
            raise UsageError("append() needs at least one event")
        encoded = [(event, *_encoded(event)) for event in events]  # InvalidEvent on bad input
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
            stored = self._write(events, encoded, expected_version, partnerships)
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

    def _write(
        self,
        events: tuple[Event, ...],
        encoded: list[tuple[Event, str, int, str]],
        expected_version: int | None,
        partnerships: list[str],
    ) -> list[StoredRecord]:
        """Check *events* against the rules and store them, in one write transaction."""
        worlds: dict[str, _World] = {}
        snapshots: list[_Snapshots] = []
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
                worlds[partnership] = world
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
                        positioned, encoded, strict=True
                    )
                ]
            )
            new_last = last + len(events)
            for snaps in snapshots:
                for checkpoint in snaps.checkpoints(new_last):
                    session.save_checkpoint(checkpoint)
        for partnership, world in worlds.items():  # committed: keep them for the next append
            self._worlds.keep(partnership, world)
        return stored

    def _check(
        self,
        partnership: str,
        version: int,
        mine: list[tuple[int, Event]],
        last: int,
    ) -> tuple[_World, _Snapshots, dict[int, date]]:
        """Check one partnership's new entries; return its world afterwards.

        Also returns, for each new retraction, the first day it changes (stored as its
        effective day, so that the checkpoints it makes stale are dropped).
        """
        world = self._worlds.take(partnership)
        if world is not None and world.version != version:
            world = self._caught_up(world, partnership, version)  # another writer appended
        if world is None:
            retractions, decisions = self._recorded_decisions(partnership, last)
        else:  # taken out of the cache: changed in place, dropped if the append fails
            retractions, decisions = world.retractions, world.decisions
        withdrawn = _withdrawn(retractions)
        new_retractions = [(p, e) for p, e in mine if isinstance(e, EntryRetracted)]
        affected: dict[int, date] = {}
        for position, retraction in new_retractions:
            day = self._retraction_target(partnership, retraction, last, withdrawn, retractions)
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
        for _, retraction in new_retractions:
            check_authority(retraction, by_id)
        start = min(
            [certain_from(event.effective) for _, event in entering] + list(affected.values())
        )
        snaps = _Snapshots(partnership, _RULES, self._every, self._checkpoints)
        later: list[tuple[int, Event]] = []
        if world is not None and not new_retractions and world.fold.day < start:
            fold = world.fold
            snaps.start(fold, world.checkpointed)
        else:
            fold, later = self._recorded_world(
                partnership, start, last, withdrawn, retractions, snaps
            )
        fold = check_from(
            fold,
            later,
            entering,
            by_id,
            retracting=bool(new_retractions),
            day_done=snaps.day_done,
        )
        retractions.update(new_retractions)
        world = _World(
            version=version + len(mine),
            fold=fold,
            decisions=decisions,
            decisions_by_id=by_id,
            retractions=retractions,
            checkpointed=snaps.last,
            position=max(position for position, _ in mine),
        )
        return world, snaps, affected

    def _warm(self, partnership: str) -> None:
        """Read *partnership*'s recorded world before taking the write lock.

        An append needs the partnership's recorded world; if none is kept, reading it
        costs the partnership's whole history. Done here, outside the lock, it does not
        hold other writers up; inside the lock only what others appended meanwhile is
        folded on (:meth:`_caught_up`).
        """
        if self._worlds.get(partnership) is not None:
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
        withdrawn = _withdrawn(retractions)
        snaps = _Snapshots(partnership, _RULES, self._every, enabled=False)
        fold, later = self._recorded_world(
            partnership, date.max, last, withdrawn, retractions, snaps
        )
        for _, event in later:  # entries on the last possible day, if any
            fold.feed(event)
        world = _World(
            version=version,
            fold=fold,
            decisions=decisions,
            decisions_by_id=index_decisions(sorted(decisions.items())),
            retractions=retractions,
            checkpointed=snaps.last,
            position=last,
        )
        self._worlds.keep(partnership, world)

    def _caught_up(self, world: _World, partnership: str, version: int) -> _World | None:
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
            ((record.position, self._entries.decoded(record)) for record in records),
            key=_by_order,
        )
        if entries and certain_from(entries[0][1].effective) < world.fold.day:
            return None
        for _, event in entries:
            world.fold.feed(event)
        joining = sorted((p, e) for p, e in entries if isinstance(e, DECISION_CLASSES))
        world.decisions.update(joining)
        world.decisions_by_id.update(
            (key, value)
            for key, value in index_decisions(joining).items()
            if key not in world.decisions_by_id
        )
        world.version = version
        world.position = max([world.position, *(record.position for record in records)])
        return world

    def _recorded_decisions(
        self, partnership: str, known: int
    ) -> tuple[dict[int, EntryRetracted], dict[int, Decision]]:
        """The partnership's retractions and standing decisions, read from the store."""
        retractions = self._retractions(partnership, known)
        withdrawn = _withdrawn(retractions)
        decisions: dict[int, Decision] = {}
        for record in self._store.read(
            Query(
                partnership=partnership, types=DECISION_TYPES, max_position=known, order="position"
            )
        ):
            if record.position not in withdrawn:
                event = self._entries.decoded(record)  # read again by the rules' stream
                if isinstance(event, DECISION_CLASSES):
                    decisions[record.position] = event
        for position, replacement in _replacements(retractions, withdrawn, None):
            if isinstance(replacement, DECISION_CLASSES):
                decisions[position] = replacement
        return retractions, decisions

    def _retraction_target(
        self,
        partnership: str,
        retraction: EntryRetracted,
        last: int,
        withdrawn: set[int],
        retractions: dict[int, EntryRetracted],
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
        event = decode_trusted(record.type, record.schema_version, record.payload)
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
        withdrawn: set[int],
        retractions: dict[int, EntryRetracted],
        snaps: _Snapshots,
    ) -> tuple[Fold, list[tuple[int, Event]]]:
        """The recorded world before *start*, and the standing entries from *start* on."""
        fold, after = self._resume(partnership, _RULES, _day_before(start), last)
        snaps.start(fold, self._latest_entries(partnership, _RULES, last, fold))
        later: list[tuple[int, Event]] = []
        day: date | None = None
        for position, event in self._standing(
            partnership, last, withdrawn, retractions, after=after
        ):
            today = certain_from(event.effective)
            if today >= start:
                later.append((position, event))
                continue
            if day is not None and today > day:
                snaps.day_done(fold, day)
            day = today
            fold.feed(event)
        return fold, later

    # ---------------------------------------------------------------- corrections

    def _retractions(self, partnership: str | None, known: int) -> dict[int, EntryRetracted]:
        """Every retraction recorded at or before position *known*, by position."""
        found: dict[int, EntryRetracted] = {}
        for record in self._store.read(
            Query(
                partnership=partnership,
                types=("EntryRetracted",),
                max_position=known,
                order="position",
            )
        ):
            event = decode_trusted(record.type, record.schema_version, record.payload)
            if isinstance(event, EntryRetracted):
                found[record.position] = event
        return found

    def _standing(
        self,
        partnership: str | None,
        known: int,
        withdrawn: set[int],
        retractions: dict[int, EntryRetracted],
        *,
        after: date | None = None,
        until: date | None = None,
        visible_by: date | None = None,
    ) -> Iterator[tuple[int, Event]]:
        """The entries that stand, as known at *known*, in fold order, streamed."""
        records = self._store.read(
            Query(
                partnership=partnership,
                after=after,
                until=until,
                visible_by=visible_by,
                max_position=known,
                order="effective",
            )
        )
        decoded = self._entries.decoded
        stream = (
            (record.position, decoded(record))
            for record in records
            if record.position not in withdrawn and record.type != "EntryRetracted"
        )
        extra = [
            (position, event)
            for position, event in _replacements(retractions, withdrawn, after)
            if (until is None or certain_from(event.effective) <= until)
            and (visible_by is None or visible_from(event) <= visible_by)
            and (partnership is None or event.partnership == partnership)
        ]
        if not extra:
            yield from stream
            return
        yield from heapq.merge(stream, extra, key=_by_order)

    # ---------------------------------------------------------------- integrity

    def head(self, *, known_at: KnownAt | None = None) -> ChainHead:
        """The last event's position and hash, and the Merkle tree root over every event
        up to it: one line (``str(head)``) to keep or publish.

        It is read, not verified; ``verify().head`` is the head of a verified ledger
        (without the root). With *known_at*, the head as it was then. The root is
        computed from the events (it reads them all; see :mod:`govledger.proofs`).
        """
        known = self.position_at(known_at)
        leaves = self._leaves(known)
        if known == 0:
            return attrs.evolve(GENESIS_HEAD, root=proofs.EMPTY_ROOT)
        last = next(iter(self._store.read(Query(after_position=known - 1, max_position=known))))
        return ChainHead(known, last.hash, proofs.tree_root(leaves).hex())

    def _leaves(self, size: int) -> list[bytes]:
        """The Merkle leaf hashes of the first *size* records."""
        leaves = [
            proofs.record_leaf(record)
            for record in self._store.read(Query(order="position", max_position=size))
        ]
        if len(leaves) != size:  # pragma: no cover - positions are gapless
            raise InternalError(f"the ledger has {len(leaves)} records up to position {size}")
        return leaves

    def _tree_size(self, head: ChainHead | str | None) -> int:
        if head is None:
            return self.position_at(None)
        size = _head(head).position
        if size > self.position_at(None):
            raise UsageError(
                f"the head {head} is at position {size}, past this ledger's last event"
            )
        return size

    def prove(self, position: int, *, head: ChainHead | str | None = None) -> proofs.InclusionProof:
        """An inclusion proof that the event at *position* is in the tree of *head*
        (the current head by default): O(log n) hashes.

        Check it with :func:`govledger.proofs.check_inclusion` and the event's record
        (``ledger.record(position)``), with nothing else.
        """
        size = self._tree_size(head)
        if isinstance(position, bool) or not isinstance(position, int):
            raise UsageError(f"position must be a whole number, not {position!r}")
        if not 1 <= position <= size:
            raise UsageError(f"there is no event at position {position} in a tree of {size}")
        path = proofs.inclusion_path(self._leaves(size), position - 1)
        return proofs.InclusionProof(position, size, tuple(h.hex() for h in path))

    def consistency(
        self, old_head: ChainHead | str, new_head: ChainHead | str | None = None
    ) -> proofs.ConsistencyProof:
        """A consistency proof that *new_head* (the current head by default) extends
        *old_head*: everything recorded by *old_head* is unchanged. Check it with
        :func:`govledger.proofs.check_consistency`."""
        old = self._tree_size(old_head)
        new = self._tree_size(new_head)
        if old > new:
            raise UsageError(f"the old head ({old}) is later than the new one ({new})")
        path = proofs.consistency_path(self._leaves(new), old)
        return proofs.ConsistencyProof(old, new, tuple(h.hex() for h in path))

    def record(self, position: int) -> StoredRecord:
        """The stored record at *position*, exactly as sealed (for proofs)."""
        if isinstance(position, bool) or not isinstance(position, int) or position < 1:
            raise UsageError(f"position must be a whole number >= 1, not {position!r}")
        found = next(
            iter(self._store.read(Query(after_position=position - 1, max_position=position))), None
        )
        if found is None:
            raise UsageError(f"there is no event at position {position}")
        return found

    def verify(
        self,
        *,
        expected_head: ChainHead | str | None = None,
        deep: bool | int = False,
        max_clock_skew: timedelta = MAX_CLOCK_SKEW,
    ) -> VerificationReport:
        """Recompute the hash chain of every event and report what was found.

        The report says how many events were checked, the head, and for a broken
        ledger the first bad position and the kind of damage. With *expected_head* (a
        head kept earlier, or its text form), the ledger must also still hold that
        event unchanged, which detects a truncated tail or a rebuilt history.

        Each record's version is checked against its position, and every saved
        checkpoint against the chain head it was folded through and its digest; a
        recording time more than *max_clock_skew* ahead of this machine's clock is
        reported too. With *deep* (``True``, or a number of checkpoints to sample at
        random), checkpoints are also folded again from the events and must match
        byte for byte: that catches a forged checkpoint whose digest was recomputed.
        A bad checkpoint is never used; :meth:`drop_checkpoints` removes it, losing
        nothing.
        """
        head = None if expected_head is None else _head(expected_head)
        if isinstance(max_clock_skew, bool) or not isinstance(max_clock_skew, timedelta):
            raise UsageError(f"max_clock_skew must be a timedelta, not {max_clock_skew!r}")
        if not isinstance(deep, bool | int) or deep < 0:
            raise UsageError(f"deep must be True, False or a number of checkpoints, not {deep!r}")
        report = self._store.verify(expected_head=head, max_clock_skew=max_clock_skew)
        if not report.ok or deep is False or deep == 0:
            return report
        return self._verify_deep(report, None if deep is True else int(deep))

    def _verify_deep(self, report: VerificationReport, sample: int | None) -> VerificationReport:
        """Fold every checkpoint (or *sample* of them) again and compare the bytes."""
        rows = [checkpoint for checkpoint, _, _ in self._store.checkpoint_rows()]
        if sample is not None and sample < len(rows):
            rows = random.sample(rows, sample)
        bad = [
            (c.partnership, c.kind, c.through, c.position) for c in rows if not self._refolds_to(c)
        ]
        if not bad:
            return report
        shown = "; ".join(f"{p} {k} through {t} at position {n}" for p, k, t, n in bad[:3])
        return attrs.evolve(
            report,
            ok=False,
            problem=ChainProblem.CHECKPOINT_BAD,
            bad_checkpoints=tuple(bad),
            detail=f"the hash chain is intact (head {report.head}), but {len(bad)} saved "
            f"checkpoint(s) do not match a fold of the events they claim to hold ({shown}): "
            "they were forged, with their digest recomputed. A checkpoint is only a cache: "
            "ledger.drop_checkpoints() removes them and loses nothing",
        )

    def _refolds_to(self, checkpoint: Checkpoint) -> bool:
        """Whether folding the events again gives exactly *checkpoint*'s fold."""
        try:
            saved = snapshots.unpack(checkpoint.data)
        except snapshots.SnapshotError:
            return False
        if checkpoint.format != FOLD_FORMAT or checkpoint.kind not in (_STATE, _RULES):
            return False
        partnership, known = checkpoint.partnership, checkpoint.position
        retractions = self._retractions(partnership, known)
        fold = Fold(partnership, honour_authority=checkpoint.kind == _STATE)
        for _, event in self._standing(
            partnership, known, _withdrawn(retractions), retractions, until=checkpoint.through
        ):
            fold.feed(event)
        try:
            return snapshots.dump_json(fold) == saved and fold.fed == checkpoint.entries
        except snapshots.SnapshotError:
            return False

    def drop_checkpoints(self, partnership: str | None = None) -> int:
        """Remove the saved checkpoints of *partnership* (of every one if ``None``).

        Checkpoints are a cache: nothing is lost, and questions fold from the events
        (and :meth:`checkpoint` saves new ones). Returns how many were removed.
        """
        self._loaded.clear()
        return self._store.drop_checkpoints(partnership)

    def extends(self, head: ChainHead | str) -> bool:
        """Whether this ledger verifies and is an unmodified continuation of *head*."""
        return self.verify(expected_head=head).ok

    # ---------------------------------------------------------------- reading

    def partnerships(self) -> list[str]:
        """Every partnership id with at least one recorded event, sorted."""
        return self._store.partnerships()

    def version(self, partnership: str) -> int:
        """How many events *partnership* has: the ``expected_version`` for the next append."""
        return self._store.version(partnership)

    def position_at(self, known_at: KnownAt | None = None) -> int:
        """The ledger position that *known_at* stands for.

        ``None`` is the last position; a position is itself (capped at the last); a
        timezone-aware datetime is the last position recorded at or before it.
        """
        last = self._store.last_position()
        if known_at is None:
            return last
        if isinstance(known_at, datetime):
            if known_at.utcoffset() is None:
                raise UsageError(
                    f"known_at must be timezone-aware, such as "
                    f"datetime(2026, 1, 5, 9, 0, tzinfo=UTC), not {known_at!r}"
                )
            return self._store.position_at(known_at)
        if isinstance(known_at, bool) or not isinstance(known_at, int):
            raise UsageError(
                "known_at is a recording time (a timezone-aware datetime) or a ledger "
                f"position (an int), not {known_at!r}; for a day in force, use as_of"
            )
        if known_at < 0:
            raise UsageError(f"known_at as a position must be >= 0, not {known_at}")
        return min(known_at, last)

    def history(
        self,
        partnership: str,
        until: date | None = None,
        *,
        known_at: KnownAt | None = None,
    ) -> Iterator[RecordedEvent]:
        """The partnership's recorded entries in effective-date order (then position).

        With *until*, only entries certainly in effect on or before that day; with
        *known_at*, only those recorded by then. This is the log itself: retracted
        entries are included, each with ``retracted_by`` set, and so are the
        retractions. Entries are streamed.
        """
        known = self.position_at(known_at)
        self._require(partnership, known)
        if until is not None:
            _check_day("until", until)
        by = {r.retracts: p for p, r in self._retractions(partnership, known).items()}
        for record in self._store.read(
            Query(partnership=partnership, until=until, order="effective", max_position=known)
        ):
            yield _recorded(record, by.get(record.position))

    def events(self, *, known_at: KnownAt | None = None) -> Iterator[RecordedEvent]:
        """Every recorded entry of every partnership, in the order it was recorded."""
        known = self.position_at(known_at)
        by = {r.retracts: p for p, r in self._retractions(None, known).items()}
        for record in self._store.read(Query(order="position", max_position=known)):
            if record.partnership != LEDGER_PARTNERSHIP:  # the chain's own records
                yield _recorded(record, by.get(record.position))

    def state(
        self, partnership: str, as_of: date, *, known_at: KnownAt | None = None
    ) -> PartnershipState:
        """The partnership as it stood on *as_of*: a frozen :class:`PartnershipState`.

        With *known_at* (a recording time or a position), as the ledger knew it then:
        entries recorded later, including later corrections, are left out.
        """
        _check_day("as_of", as_of)
        known = self.position_at(known_at)
        self._require(partnership, known)
        retractions = self._retractions(partnership, known)
        withdrawn = _withdrawn(retractions)
        fold = self._fold_through(partnership, as_of, known, withdrawn, retractions)
        upcoming = [
            event
            for _, event in self._standing(
                partnership, known, withdrawn, retractions, after=as_of, visible_by=as_of
            )
        ]
        return fold.state(as_of, upcoming)

    def _resume(
        self, partnership: str, kind: str, through: date, known: int
    ) -> tuple[Fold, date | None]:
        """The nearest saved fold of *kind* on or before *through*, and its last day;
        a new fold and ``None`` if there is none (or checkpoints are off)."""
        if self._checkpoints:
            found = self._store.checkpoint(
                partnership, kind, through=through, known_by=known, format=FOLD_FORMAT
            )
            if found is not None and found.partnership == partnership:
                fold = self._loaded.fold(found)
                if fold is not None:
                    return fold, found.through
        return Fold(partnership, honour_authority=kind == _STATE), None

    def _latest_entries(self, partnership: str, kind: str, known: int, fold: Fold) -> int:
        """The entries of the latest checkpoint of *kind* (to space the next one from)."""
        if not self._checkpoints:
            return fold.fed
        latest = self._store.checkpoint(
            partnership, kind, through=date.max, known_by=known, format=FOLD_FORMAT
        )
        return fold.fed if latest is None else max(latest.entries, fold.fed)

    def _fold_through(
        self,
        partnership: str,
        day: date,
        known: int,
        withdrawn: set[int],
        retractions: dict[int, EntryRetracted],
        *,
        save: bool = False,
    ) -> Fold:
        """The world in force folded through *day*, from the nearest checkpoint.

        With *save* (the user asked, through :meth:`checkpoint`), checkpoints are saved
        along the way; a question never writes to the ledger.
        """
        fold, after = self._resume(partnership, _STATE, day, known)
        snaps = _Snapshots(partnership, _STATE, self._every, self._checkpoints and save)
        if save:
            snaps.start(fold, self._latest_entries(partnership, _STATE, known, fold))
        current: date | None = None
        for _, event in self._standing(
            partnership, known, withdrawn, retractions, after=after, until=day
        ):
            today = certain_from(event.effective)
            if current is not None and today > current:
                snaps.day_done(fold, current)
            current = today
            fold.feed(event)
        snaps.day_done(fold, day)
        for checkpoint in snaps.checkpoints(known):
            self._store.save_checkpoint(checkpoint)
        return fold

    def checkpoint(self, partnership: str | None = None) -> int:
        """Fold *partnership* (every partnership if ``None``) to its last day, saving
        checkpoints along the way, so that later questions start near their day.

        Questions never write to the ledger: only appends (the rules' checkpoints) and
        this method save checkpoints. Checkpoints are spaced geometrically, so they
        take space linear in the partnership's history. Returns how many partnerships
        were folded.
        """
        names = self.partnerships() if partnership is None else [partnership]
        known = self.position_at(None)
        for name in names:
            self._require(name, known)
            retractions = self._retractions(name, known)
            last_day = max(
                (record.effective for record in self._store.read(Query(partnership=name))),
                default=date.min,
            )
            self._fold_through(
                name, last_day, known, _withdrawn(retractions), retractions, save=True
            )
        return len(names)

    def replay(
        self,
        projection: Projection[_S],
        *,
        until: date | None = None,
        partnerships: Iterable[str] | None = None,
        known_at: KnownAt | None = None,
        workers: int = 1,
    ) -> _S:
        """Run a user's :class:`Projection` over the ledger and return its final state.

        Entries of every partnership (or of those in *partnerships*) are streamed in
        fold order, (effective day, position), with corrections applied; *until* stops
        after the entries certainly in effect on that day; *known_at* limits them to
        what had been recorded by then. Memory does not grow with the ledger.

        With *workers* above 1, a ledger in a file is folded in that many processes,
        each taking a contiguous share of the sorted partnerships from ``initial()``;
        their states are combined in share order by the projection's
        ``merge(left, right)``, which it must then have (see :mod:`govledger.parallel`).
        A projection that folds each partnership independently gives the same answer
        either way. An in-memory ledger is replayed in this process.
        """
        if until is not None:
            _check_day("until", until)
        if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
            raise UsageError(f"workers must be a whole number >= 1, not {workers!r}")
        known = self.position_at(known_at)
        wanted = None if partnerships is None else frozenset(partnerships)
        if wanted is not None:
            for name in wanted:
                self._require(name, known)
        location = getattr(self._store, "path", None)
        if workers > 1 and isinstance(location, str) and location != ":memory:":
            from ..parallel import replay_in_workers

            return replay_in_workers(
                self,
                location,
                projection,
                workers=workers,
                until=until,
                partnerships=sorted(wanted) if wanted is not None else self.partnerships(),
                known=known,
            )
        only = next(iter(wanted)) if wanted is not None and len(wanted) == 1 else None
        retractions = self._retractions(only, known)
        withdrawn = _withdrawn(retractions)
        headers = {
            record.position: record
            for record in self._store.read(
                Query(partnership=only, types=("EntryRetracted",), max_position=known)
            )
        }
        state = projection.initial()
        records = self._store.read(
            Query(partnership=only, until=until, max_position=known, order="effective")
        )
        entries: Iterator[RecordedEvent] = (
            _recorded(record)
            for record in records
            if record.position not in withdrawn
            and record.type != "EntryRetracted"
            and record.partnership != LEDGER_PARTNERSHIP
            and (wanted is None or record.partnership in wanted)  # decode only those asked
        )
        extra = [
            attrs.evolve(_recorded(headers[position]), event=event)
            for position, event in _replacements(retractions, withdrawn, None)
            if (until is None or certain_from(event.effective) <= until)
            and (wanted is None or event.partnership in wanted)
        ]
        if extra:
            entries = heapq.merge(entries, extra, key=lambda e: order_key(e.event, e.position))
        for entry in entries:
            if wanted is None or entry.partnership in wanted:
                state = projection.apply(state, entry)
        return state

    def standing(
        self, partnership: str, *, known_at: KnownAt | None = None
    ) -> list[tuple[int, Event]]:
        """The partnership's entries that stand, as ``(position, event)`` in fold order.

        Corrections are applied (see :func:`~govledger.projections.corrected`); this
        is what every state of the partnership is folded from.
        """
        known = self.position_at(known_at)
        self._require(partnership, known)
        retractions = self._retractions(partnership, known)
        return list(self._standing(partnership, known, _withdrawn(retractions), retractions))

    # ---------------------------------------------------------------- changes over time

    def timeline(
        self, partnership: str, *, known_at: KnownAt | None = None
    ) -> tuple[changes.Change, ...]:
        """Every dated change to *partnership*, in date order; see :func:`changes.timeline`.

        Each :class:`~govledger.changes.Change` says what changed, on which day it took
        effect in the state and which decision authorised it.
        """
        return changes.timeline(partnership, self.standing(partnership, known_at=known_at))

    def diff(
        self,
        partnership: str,
        from_date: date,
        to_date: date,
        *,
        known_at: KnownAt | None = None,
    ) -> tuple[changes.Change, ...]:
        """The changes after *from_date* up to *to_date*; see :func:`changes.diff`.

        Applied in order to ``state(from_date)`` they describe ``state(to_date)``.
        """
        _check_day("from_date", from_date)
        _check_day("to_date", to_date)
        pairs = self.standing(partnership, known_at=known_at)
        return changes.diff(partnership, pairs, from_date, to_date)

    def post_history(
        self, partnership: str, post: str, *, known_at: KnownAt | None = None
    ) -> changes.PostHistory:
        """Every title and holder *post* has had, with dates and authorities."""
        pairs = self.standing(partnership, known_at=known_at)
        return changes.post_history(partnership, pairs, post)

    def arrangement_history(
        self, partnership: str, arrangement: str, *, known_at: KnownAt | None = None
    ) -> changes.ArrangementHistory:
        """Every mechanism, set of services and status *arrangement* has had."""
        pairs = self.standing(partnership, known_at=known_at)
        return changes.arrangement_history(partnership, pairs, arrangement)

    # ---------------------------------------------------------------- councils, what-if

    def council(
        self, council: str, *, as_of: date, known_at: KnownAt | None = None
    ) -> CouncilView:
        """What *council* is party to on *as_of*, across every partnership it is in.

        A :class:`~govledger.council.CouncilView`: its partnerships and membership,
        the arrangements in force, the posts it shares or employs, the delegations to
        its people, the cost shares it takes part in, and what is still pending there.
        With *known_at*, as the ledger knew it then.
        """
        if not isinstance(council, str):
            raise UsageError(f"council must be a council id string, not {council!r}")
        _check_day("as_of", as_of)
        known = self.position_at(known_at)
        states = []
        for name in self.partnerships():
            try:
                states.append(self.state(name, as_of, known_at=known))
            except UnknownPartnership:
                continue  # first recorded after *known_at*
        return council_view(council, as_of, states)

    def what_if(self, *events: Event) -> WhatIf:
        """A read-only view of this ledger as if *events* were appended; nothing is written.

        The events are checked exactly as :meth:`append` checks them (a bad event or a
        broken rule raises the same error) against the ledger as it stands now; the
        :class:`~govledger.whatif.WhatIf` then answers ``state``, ``history``, ``diff``,
        ``timeline`` and ``council`` with them included. No lock is held: others may
        append meanwhile, and the view still answers from the position it was made at.
        """
        if not events:
            raise UsageError("what_if() needs at least one event")
        for event in events:
            _encoded(event)  # InvalidEvent on bad input, as append
        last = self.position_at(None)
        positioned = [(last + 1 + index, event) for index, event in enumerate(events)]
        by_partnership: dict[str, list[tuple[int, Event]]] = {}
        for pair in positioned:
            by_partnership.setdefault(pair[1].partnership, []).append(pair)
        versions: dict[str, int] = {}
        try:
            for partnership, mine in by_partnership.items():
                versions[partnership] = self._store.version(partnership)
                kept = self._worlds.take(partnership)  # never fed: check from the store
                try:
                    self._check(partnership, versions[partnership], mine, last)
                finally:
                    if kept is not None:
                        self._worlds.keep(partnership, kept)
        except (GovLedgerError, MemoryError):
            raise
        except Exception as exc:
            raise InternalError(
                f"govledger failed while checking {len(events)} supposed event(s) "
                f"({type(exc).__name__}: {exc}). This is a bug in govledger: please report "
                "it with the events"
            ) from exc
        return WhatIf(self, last, supposed_entries(events, last, versions))

    def _require(self, partnership: str, known: int | None = None) -> None:
        if not isinstance(partnership, str):
            raise UsageError(f"partnership must be a partnership id string, not {partnership!r}")
        if self._store.version(partnership) == 0:
            known_names = ", ".join(self._store.partnerships()) or "none yet"
            raise UnknownPartnership(
                f"no partnership {partnership!r} is recorded in this ledger (known: {known_names})"
            )
        if (
            known is not None
            and known < self._store.last_position()  # else its entries are all known
            and next(
                self._store.read(
                    Query(partnership=partnership, max_position=known, order="position")
                ),
                None,
            )
            is None
        ):
            raise UnknownPartnership(
                f"partnership {partnership!r} had no entries as known at position {known}; "
                "ask as known at a later time"
            )

    # ---------------------------------------------------------------- lifetime

    def close(self) -> None:
        """Close the underlying database; the ledger cannot be used afterwards."""
        self._worlds.clear()
        self._loaded.clear()
        self._entries.clear()
        self._store.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


DECISION_CLASSES: Final = (ResolutionPassed, DelegatedDecisionTaken)
