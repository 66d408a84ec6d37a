"""Copy a whole ledger from one store to another: SQLite to PostgreSQL and back.

:func:`copy_ledger` verifies the source, streams every record into an empty
destination exactly as it was sealed (position, version, recording time, both hashes),
checking each record's hash on the way in, then verifies the destination and checks
that it ends at the source's head. Saved checkpoints are caches and are not copied.

>>> import os, tempfile
>>> from govledger import Ledger
>>> folder = tempfile.mkdtemp()
>>> Ledger.open(os.path.join(folder, "office.db")).close()
>>> print(copy_ledger(os.path.join(folder, "office.db"), os.path.join(folder, "copy.db")).head)
0:0000000000000000000000000000000000000000000000000000000000000000
"""

from __future__ import annotations

import os
import time

import attrs

from .errors import UsageError
from .store import BulkImport, EventStore, Query, verify_store
from .store.chain import ChainBroken, ChainHead, VerificationReport, checked_chain
from .store.open import is_url, open_store

__all__ = ["CopyReport", "checked_chain", "copy_ledger"]

_MEMORY = ":memory:"


@attrs.frozen(kw_only=True)
class CopyReport:
    """What :func:`copy_ledger` did: both ledgers verified and end at the same head."""

    #: Where the ledger was copied from and to (URLs without their passwords).
    source: str
    destination: str
    #: How many events were copied.
    events: int
    #: How many partnerships they belong to.
    partnerships: int
    #: The head both ledgers now end at.
    head: ChainHead
    #: The verification of the source before the copy, and of the destination after it.
    source_report: VerificationReport
    destination_report: VerificationReport
    #: How long the copy took, verification included, in seconds.
    seconds: float

    def __str__(self) -> str:
        return (
            f"copied {self.events:,} events of {self.partnerships} partnership(s) from "
            f"{self.source} to {self.destination}; both verify and end at head {self.head}"
        )


def copy_ledger(
    source: str | os.PathLike[str] | EventStore,
    destination: str | os.PathLike[str] | EventStore,
    *,
    busy_timeout: float = 30.0,
) -> CopyReport:
    """Copy every event of the ledger at *source* into the empty ledger at *destination*.

    Each is a file path, a ``sqlite:///`` or ``postgresql://`` URL, or an open store
    (which is left open). A missing destination file (or an empty PostgreSQL schema)
    becomes a new ledger; one that already holds events is refused with
    :class:`~govledger.errors.UsageError`, as is a source that does not exist. A source
    that fails verification raises :class:`~govledger.errors.ChainBroken` before
    anything is written. The records are written in one transaction, each re-hashed on
    the way in, so the destination is either the whole, verified copy or unchanged.
    Records appended to the source while copying are not copied: the copy ends at the
    head the source verified to.
    """
    started = time.monotonic()
    if _same_place(source, destination):
        raise UsageError(
            f"the source and destination are the same ledger ({source}); copy it to "
            "another file or database"
        )
    with _opened(source, role="source", busy_timeout=busy_timeout) as source_store:
        source_report = verify_store(source_store)
        where_from = _where(source_store, source)
        if not source_report.ok:
            raise ChainBroken(source_report, path=where_from)
        head = source_report.head
        with _opened(destination, role="destination", busy_timeout=busy_timeout) as dest_store:
            where_to = _where(dest_store, destination)
            found = dest_store.last_position()
            if not isinstance(dest_store, BulkImport):
                raise UsageError(
                    f"the destination {where_to} cannot take records sealed elsewhere "
                    "(its store offers no import_records); copy to a SQLite file or a "
                    "PostgreSQL database"
                )
            if found:
                raise UsageError(
                    f"the destination {where_to} already holds {found:,} events; copy "
                    "only into a new file or an empty database (or schema)"
                )
            records = source_store.read(Query(order="position", max_position=head.position))
            v2_from = int(getattr(source_store, "hash_v2_from", 1))
            copied = dest_store.import_records(records, hash_v2_from=v2_from)
            destination_report = verify_store(dest_store, expected_head=head)
            if not destination_report.ok or destination_report.head != head:
                raise ChainBroken(destination_report, path=where_to)
            partnerships = len(dest_store.partnerships())
    return CopyReport(
        source=where_from,
        destination=where_to,
        events=copied,
        partnerships=partnerships,
        head=head,
        source_report=source_report,
        destination_report=destination_report,
        seconds=time.monotonic() - started,
    )


class _opened:  # noqa: N801 - used as a context manager, like contextlib's helpers
    """Open *target* for the length of a ``with`` block, unless it is a store already."""

    def __init__(
        self,
        target: str | os.PathLike[str] | EventStore,
        *,
        role: str,
        busy_timeout: float,
    ) -> None:
        self._target = target
        self._role = role
        self._busy_timeout = busy_timeout
        self._owned: EventStore | None = None

    def __enter__(self) -> EventStore:
        target = self._target
        if not isinstance(target, str | os.PathLike):
            return target
        name = os.fspath(target)
        if not isinstance(name, str) or not name:
            raise UsageError(f"the {self._role} must be a path or a URL, not {target!r}")
        if name == _MEMORY or name == "sqlite:///":
            raise UsageError(
                f"an in-memory ledger cannot be the {self._role} of a copy: it exists only "
                "inside the program that made it; give a file path or a URL"
            )
        if self._role == "source" and not is_url(name):
            path = name.removeprefix("sqlite:///")
            if not os.path.exists(path):
                raise UsageError(
                    f"there is no ledger at {path} to copy from; give the path or URL of "
                    "an existing ledger"
                )
        self._owned = open_store(name, busy_timeout=self._busy_timeout)
        return self._owned

    def __exit__(self, *exc: object) -> None:
        if self._owned is not None:
            self._owned.close()


def _where(store: EventStore, target: object) -> str:
    path = getattr(store, "path", None)
    if isinstance(path, str):
        return path
    if isinstance(target, str | os.PathLike):
        return os.fspath(target) if not is_url(target) else "the given URL"
    return repr(store)


def _same_place(source: object, destination: object) -> bool:
    if source is destination:
        return True
    if isinstance(source, str | os.PathLike) and isinstance(destination, str | os.PathLike):
        first, second = os.fspath(source), os.fspath(destination)
        if is_url(first) or is_url(second):
            return first == second
        try:
            return os.path.exists(second) and os.path.samefile(first, second)
        except OSError:
            return False
    return False
