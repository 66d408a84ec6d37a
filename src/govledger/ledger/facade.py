"""The facade users import: record decisions, read them back, ask for a state, verify.

Every question can be asked two ways in time: *as of* a day (valid time: what was in
force then) and *as known at* a moment or position (transaction time: what the
ledger had been told by then). Answers come from a fold of the partnership's
entries; saved checkpoints of that fold let a question about any day start near
that day instead of at the beginning (see :class:`~govledger.store.Checkpoint`).

:class:`Ledger` holds the public methods; each delegates to the module doing that job:
:mod:`~govledger.ledger.asking` (the question), :mod:`~govledger.ledger.corrections`
(which entries stand), :mod:`~govledger.ledger.folds` (folds and checkpoints) and
:mod:`~govledger.ledger.recorder` (appending). A question reads in one direction,
from here down to the fold.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime, timedelta
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar

from ..errors import StoreError, UnknownPartnership, UsageError
from ..events import Event, certain_from
from ..projections import PartnershipState, cited_by, visible_from, with_cited
from ..store import (
    LEDGER_PARTNERSHIP,
    MAX_CLOCK_SKEW,
    ChainBroken,
    ChainHead,
    Checkpoints,
    EventStore,
    Migrations,
    Query,
    StoredRecord,
    VerificationReport,
    verify_store,
)
from ..store.open import open_store
from ..upcasters import Upcasters, default_upcasters
from . import _collector, integrity
from .asking import Question, check_day, position_at, require
from .cited import Citations
from .corrections import Decoder, Standing
from .entries import KnownAt, Projection, RecordedEvent, recorded_entries
from .folds import CHECKPOINT_EVERY, FoldSource
from .recorder import RULES_CACHE, Recorder
from .snapshots import FOLD_FORMAT

if TYPE_CHECKING:  # imported where used: a ledger that only records and reads never needs them
    from .. import changes, proofs
    from ..council import CouncilView
    from ..whatif import WhatIf

__all__ = ["KnownAt", "Ledger", "Projection", "RecordedEvent"]

_S = TypeVar("_S")


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
        upcasters: Upcasters | None = None,
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
        self._decoder = Decoder(upcasters=upcasters)
        self._standing = Standing(store, self._decoder)
        # Saved folds were folded with the release's upcasters: others read old entries
        # otherwise, so a ledger given its own neither reads nor saves checkpoints.
        own = upcasters is not None and upcasters is not default_upcasters()
        self._citations = Citations(store, self._decoder)
        self._folds = FoldSource(
            store,
            self._standing,
            checkpoints=bool(checkpoints) and not own,
            every=checkpoint_every,
            citations=self._citations,
        )
        self._recorder = Recorder(
            store,
            self._folds,
            self._standing,
            self._decoder,
            budget=rules_cache,
            citations=self._citations,
        )
        # Checkpoints of another format are never read: drop them (a cache). If the
        # ledger is busy or read-only, they are ignored all the same.
        if isinstance(store, Checkpoints):
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
        migrations: Migrations[Any] | None = None,
        upcasters: Upcasters | None = None,
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
        when it is upgraded in one transaction (by the store's own steps, or by
        *migrations*, a :class:`~govledger.store.Migrations` for that store). A file that
        cannot be written opens read-only.

        *checkpoints* (on by default) keeps saved folds beside the events so that a
        question about a day starts near that day; turn it off to always fold from the
        first entry (the answers are the same).

        *rules_cache* is how many entries of partnerships' recorded history the ledger
        keeps in memory between appends, to check new entries against without reading
        the history again (about 250 bytes an entry, besides the events themselves).
        The default suits most work; an import that interleaves thousands of
        partnerships in each batch appends several times faster with room for all of
        them (``docs/performance.md`` has figures). The answers never depend on it.

        *upcasters* (a :class:`~govledger.upcasters.Upcasters`) bring entries written
        by an older event schema up to date as the ledger reads them, for every
        question; by default this release's (:data:`~govledger.upcasters.UPCASTERS`).
        Saved checkpoints were folded with those, so a ledger opened with other
        upcasters folds from the first entry instead (the answers are its own).
        """
        store = open_store(
            path,
            clock=clock,
            busy_timeout=busy_timeout,
            migrate=migrate,
            create=create,
            migrations=migrations,
        )
        if verify:
            try:
                check_integrity = getattr(store, "check_integrity", None)
                if check_integrity is not None:
                    check_integrity()
                report = verify_store(store)
            except BaseException:
                store.close()
                raise
            if not report.ok:
                store.close()
                raise ChainBroken(report, path=getattr(store, "path", str(path)))
        return cls(store, checkpoints=checkpoints, rules_cache=rules_cache, upcasters=upcasters)

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
        return self._recorder.append(events, expected_version)

    # ---------------------------------------------------------------- integrity

    def head(self, *, known_at: KnownAt | None = None) -> ChainHead:
        """The last event's position and hash, and the Merkle tree root over every event
        up to it: one line (``str(head)``) to keep or publish.

        It is read, not verified; ``verify().head`` is the head of a verified ledger
        (without the root). With *known_at*, the head as it was then. The root comes from
        the events; it is kept, so a later call hashes only those since (see
        :func:`govledger.ledger.integrity.chain_head`, :mod:`govledger.proofs`).
        """
        return integrity.chain_head(self._store, self.position_at(known_at))

    def prove(self, position: int, *, head: ChainHead | str | None = None) -> proofs.InclusionProof:
        """An inclusion proof that the event at *position* is in the tree of *head*
        (the current head by default): O(log n) hashes.

        Check it with :func:`govledger.proofs.check_inclusion` and the event's record
        (``ledger.record(position)``), with nothing else.
        """
        return integrity.inclusion(self._store, position, head)

    def consistency(
        self, old_head: ChainHead | str, new_head: ChainHead | str | None = None
    ) -> proofs.ConsistencyProof:
        """A consistency proof that *new_head* (the current head by default) extends
        *old_head*: everything recorded by *old_head* is unchanged. Check it with
        :func:`govledger.proofs.check_consistency`."""
        return integrity.consistency(self._store, old_head, new_head)

    def record(self, position: int) -> StoredRecord:
        """The stored record at *position*, exactly as sealed (for proofs)."""
        return integrity.record_at(self._store, position)

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
        head = None if expected_head is None else integrity.head_of(expected_head)
        if isinstance(max_clock_skew, bool) or not isinstance(max_clock_skew, timedelta):
            raise UsageError(f"max_clock_skew must be a timedelta, not {max_clock_skew!r}")
        if not isinstance(deep, bool | int) or deep < 0:
            raise UsageError(f"deep must be True, False or a number of checkpoints, not {deep!r}")
        report = verify_store(self._store, expected_head=head, max_clock_skew=max_clock_skew)
        if not report.ok or deep is False or deep == 0:
            return report
        sample = None if deep is True else int(deep)
        return integrity.refolded(report, self._store, self._folds, sample)

    def drop_checkpoints(self, partnership: str | None = None) -> int:
        """Remove the saved checkpoints of *partnership* (of every one if ``None``).

        Checkpoints are a cache: nothing is lost, and questions fold from the events
        (and :meth:`checkpoint` saves new ones). Returns how many were removed.
        """
        self._folds.clear()
        if not isinstance(self._store, Checkpoints):
            return 0  # a store that keeps no checkpoints has none to drop
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
        return position_at(self._store, known_at)

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
        known = position_at(self._store, known_at)
        require(self._store, partnership, known)
        if until is not None:
            check_day("until", until)
        by = self._standing.corrections(partnership, known).retracted_by()
        yield from recorded_entries(
            self._store,
            Query(partnership=partnership, until=until, order="effective", max_position=known),
            by,
            upcasters=self._decoder.upcasters,
        )

    def events(self, *, known_at: KnownAt | None = None) -> Iterator[RecordedEvent]:
        """Every recorded entry of every partnership, in the order it was recorded."""
        known = self.position_at(known_at)
        by = self._standing.corrections(None, known).retracted_by()
        yield from recorded_entries(
            self._store,
            Query(order="position", max_position=known),
            by,
            upcasters=self._decoder.upcasters,
            leave_out=LEDGER_PARTNERSHIP,  # the chain's own records
        )

    @_collector.paused()
    def state(
        self, partnership: str, as_of: date, *, known_at: KnownAt | None = None
    ) -> PartnershipState:
        """The partnership as it stood on *as_of*: a frozen :class:`PartnershipState`.

        With *known_at* (a recording time or a position), as the ledger knew it then:
        entries recorded later, including later corrections, are left out. A
        partnership whose changes cite decisions of other partnerships is folded with
        their story merged in, from a checkpoint only while it is still exact (see
        :meth:`~govledger.ledger.folds.FoldSource.through_cited`).
        """
        check_day("as_of", as_of)
        question = Question.of(self._store, partnership, known_at)
        corrections = self._standing.corrections(partnership, question.known)
        later = list(
            self._standing.pairs(
                partnership, question.known, corrections, after=as_of, visible_by=as_of
            )
        )
        fold, cited = self._folds.through_cited(
            partnership, as_of, question.known, corrections, upcoming=later
        )
        if not fold.fed_cited:
            return fold.state(as_of, [event for _, event in later])
        coming = [
            pair
            for pair in cited
            if certain_from(pair[1].effective) > as_of and visible_from(pair[1]) <= as_of
        ]
        withdrawn = self._citations.withdrawn(fold.fed_cited, question.known, cited)
        return fold.state(as_of, [event for _, event in with_cited(later, coming)], withdrawn)

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
            corrections = self._standing.corrections(name, known)
            last_day = max(
                (record.effective for record in self._store.read(Query(partnership=name))),
                default=date.min,
            )
            self._folds.through(name, last_day, known, corrections, save=True)
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
            check_day("until", until)
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
                upcasters=self._decoder.upcasters,
            )
        only = next(iter(wanted)) if wanted is not None and len(wanted) == 1 else None
        corrections = self._standing.corrections(only, known)
        entries = self._standing.entries(only, known, corrections, until=until, wanted=wanted)
        if wanted is not None:
            entries = (entry for entry in entries if entry.partnership in wanted)
        return _collector.folded(projection.apply, projection.initial(), entries)

    def standing(
        self, partnership: str, *, known_at: KnownAt | None = None
    ) -> list[tuple[int, Event]]:
        """The partnership's entries that stand, as ``(position, event)`` in fold order.

        Corrections are applied (see :func:`~govledger.projections.corrected`); this
        is what every state of the partnership is folded from. The entries of decisions
        its changes cite from other partnerships (``ResolutionRef(partnership=...)``)
        are merged in, in fold order: each keeps its own partnership and position.
        """
        question = Question.of(self._store, partnership, known_at)
        corrections = self._standing.corrections(partnership, question.known)
        own = list(self._standing.pairs(partnership, question.known, corrections))
        found = cited_by(own)
        if not found:
            return own
        return list(with_cited(own, self._citations.entries(found, question.known)))

    # ---------------------------------------------------------------- changes over time

    def timeline(
        self, partnership: str, *, known_at: KnownAt | None = None
    ) -> tuple[changes.Change, ...]:
        """Every dated change to *partnership*, in date order; see :func:`changes.timeline`.

        Each :class:`~govledger.changes.Change` says what changed, on which day it took
        effect in the state and which decision authorised it.
        """
        from .. import changes

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
        check_day("from_date", from_date)
        check_day("to_date", to_date)
        pairs = self.standing(partnership, known_at=known_at)
        from .. import changes

        return changes.diff(partnership, pairs, from_date, to_date)

    def post_history(
        self, partnership: str, post: str, *, known_at: KnownAt | None = None
    ) -> changes.PostHistory:
        """Every title and holder *post* has had, with dates and authorities."""
        pairs = self.standing(partnership, known_at=known_at)
        from .. import changes

        return changes.post_history(partnership, pairs, post)

    def arrangement_history(
        self, partnership: str, arrangement: str, *, known_at: KnownAt | None = None
    ) -> changes.ArrangementHistory:
        """Every mechanism, set of services and status *arrangement* has had."""
        pairs = self.standing(partnership, known_at=known_at)
        from .. import changes

        return changes.arrangement_history(partnership, pairs, arrangement)

    # ---------------------------------------------------------------- councils, what-if

    def council(self, council: str, *, as_of: date, known_at: KnownAt | None = None) -> CouncilView:
        """What *council* is party to on *as_of*, across every partnership it is in.

        A :class:`~govledger.council.CouncilView`: its partnerships and membership,
        the arrangements in force, the posts it shares or employs, the delegations to
        its people, the cost shares it takes part in, and what is still pending there.
        With *known_at*, as the ledger knew it then.
        """
        if not isinstance(council, str):
            raise UsageError(f"council must be a council id string, not {council!r}")
        check_day("as_of", as_of)
        known = self.position_at(known_at)
        states = []
        for name in self.partnerships():
            try:
                states.append(self.state(name, as_of, known_at=known))
            except UnknownPartnership:
                continue  # first recorded after *known_at*
        from ..council import council_view

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
        last = self.position_at(None)
        from ..whatif import WhatIf, supposed_entries

        versions = self._recorder.suppose(events, last)
        return WhatIf(self, last, supposed_entries(events, last, versions))

    def _require(self, partnership: str, known: int | None = None) -> None:
        require(self._store, partnership, known)

    # ---------------------------------------------------------------- lifetime

    def close(self) -> None:
        """Close the underlying database; the ledger cannot be used afterwards."""
        self._recorder.clear()
        self._folds.clear()
        self._decoder.clear()
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
