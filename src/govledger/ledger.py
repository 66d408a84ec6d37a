"""The facade users import: record decisions, read them back, ask for a state, verify."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import date, datetime
from types import TracebackType

import attrs

from .codec import decode, encode
from .errors import (
    ChainBroken,
    ConcurrencyError,
    GovLedgerError,
    InternalError,
    InvalidEvent,
    UnknownPartnership,
    UsageError,
)
from .events import Event, certain_from, event_type
from .projections import PartnershipState, state_as_of
from .rules import check_batch
from .store import (
    MAX_PAYLOAD_BYTES,
    ChainHead,
    EventStore,
    NewRecord,
    SQLiteStore,
    StoredRecord,
    VerificationReport,
)

__all__ = ["Ledger", "RecordedEvent"]


@attrs.frozen(kw_only=True)
class RecordedEvent:
    """An event as the ledger holds it: with its position and recording time."""

    position: int
    partnership: str
    version: int
    recorded_at: datetime
    event: Event
    hash: str


def _recorded(record: StoredRecord) -> RecordedEvent:
    return RecordedEvent(
        position=record.position,
        partnership=record.partnership,
        version=record.version,
        recorded_at=record.recorded_at,
        event=decode(record.type, record.schema_version, record.payload),
        hash=record.hash,
    )


def _encoded(event: object) -> tuple[str, int, str]:
    """Encode *event* for the store, refusing anything that would not read back as itself."""
    name = event_type(event)  # InvalidEvent for anything that is not an event
    try:
        attrs.validate(event)  # type: ignore[arg-type]
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


class Ledger:
    """An append-only record of partnership decisions, and their state on any date.

    >>> with Ledger.open(":memory:") as ledger:
    ...     ledger.partnerships()
    []
    """

    def __init__(self, store: EventStore) -> None:
        self._store = store

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str] = ":memory:",
        *,
        clock: Callable[[], datetime] | None = None,
        verify: bool = False,
        migrate: bool = False,
        busy_timeout: float = 30.0,
    ) -> Ledger:
        """Open the ledger at *path*, creating it if the file does not exist.

        ``":memory:"`` gives a private in-memory ledger. A file that is not a govledger
        database is refused with :class:`~govledger.errors.NotALedger`. *clock* (a
        function returning an aware UTC datetime) sets the recording time; by default
        the system clock. *busy_timeout* is how many seconds an append waits for
        another process's write lock before raising
        :class:`~govledger.errors.LedgerBusy`.

        With *verify*, the whole hash chain is checked first and a broken ledger raises
        :class:`~govledger.errors.ChainBroken`. A ledger written by an older schema
        raises :class:`~govledger.errors.MigrationRequired` unless *migrate* is true,
        when it is upgraded in one transaction. A file that cannot be written opens
        read-only.
        """
        store = SQLiteStore.open(path, clock=clock, busy_timeout=busy_timeout, migrate=migrate)
        if verify:
            try:
                report = store.verify()
            except BaseException:
                store.close()
                raise
            if not report.ok:
                store.close()
                raise ChainBroken(report, path=store.path)
        return cls(store)

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
        with self._store.write() as session:
            next_position = session.last_position() + 1
            for partnership in partnerships:
                found = session.version(partnership)
                if expected_version is not None and found != expected_version:
                    raise ConcurrencyError(
                        partnership=partnership, expected=expected_version, found=found
                    )
                recorded = [
                    (record.position, decode(record.type, record.schema_version, record.payload))
                    for record in session.read(partnership)
                ]
                new: list[tuple[int, Event]] = []
                for index, event in enumerate(events):
                    if event.partnership == partnership:
                        new.append((next_position + index, event))
                check_batch(partnership, recorded, new)
            return session.append(
                [
                    NewRecord(
                        partnership=event.partnership,
                        type=name,
                        schema_version=version,
                        effective=certain_from(event.effective),
                        payload=payload,
                    )
                    for event, name, version, payload in encoded
                ]
            )

    # ---------------------------------------------------------------- integrity

    def head(self) -> ChainHead:
        """The last event's position and hash: one line (``str(head)``) to keep.

        It is read, not verified; ``verify().head`` is the head of a verified ledger.
        """
        return self._store.head()

    def verify(self, *, expected_head: ChainHead | str | None = None) -> VerificationReport:
        """Recompute the hash chain of every event and report what was found.

        The report says how many events were checked, the head, and for a broken
        ledger the first bad position and the kind of damage. With *expected_head* (a
        head kept earlier, or its text form), the ledger must also still hold that
        event unchanged, which detects a truncated tail or a rebuilt history.
        """
        head = None if expected_head is None else _head(expected_head)
        return self._store.verify(expected_head=head)

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

    def history(self, partnership: str, until: date | None = None) -> Iterator[RecordedEvent]:
        """The partnership's recorded events in effective-date order (then position).

        With *until*, only events certainly in effect on or before that day.
        """
        self._require(partnership)
        if until is not None:
            _check_day("until", until)
        for record in self._store.read(partnership=partnership, until=until, order="effective"):
            yield _recorded(record)

    def events(self) -> Iterator[RecordedEvent]:
        """Every recorded event of every partnership, in the order it was recorded."""
        for record in self._store.read(order="position"):
            yield _recorded(record)

    def state(self, partnership: str, as_of: date) -> PartnershipState:
        """The partnership as it stood on *as_of*: a frozen :class:`PartnershipState`."""
        _check_day("as_of", as_of)
        self._require(partnership)
        pairs = [
            (record.position, decode(record.type, record.schema_version, record.payload))
            for record in self._store.read(partnership=partnership, order="effective")
        ]
        return state_as_of(partnership, pairs, as_of)

    def _require(self, partnership: str) -> None:
        if self._store.version(partnership) == 0:
            known = ", ".join(self._store.partnerships()) or "none yet"
            raise UnknownPartnership(
                f"no partnership {partnership!r} is recorded in this ledger (known: {known})"
            )

    # ---------------------------------------------------------------- lifetime

    def close(self) -> None:
        """Close the underlying database; the ledger cannot be used afterwards."""
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
