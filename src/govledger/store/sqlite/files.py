"""The SQLite ledger file: what may be opened, and what its errors mean.

Before SQLite touches a path, :func:`check_file` reads its header: a FIFO, a device, a
file that is not SQLite or a SQLite database govledger did not create (its
``application_id`` is not :data:`APPLICATION_ID`) is refused, so nothing is written to
it. :func:`translate` turns a ``sqlite3`` exception into the govledger error that says
what to do, and :func:`writable` decides whether a file is opened read-only.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from typing import Final

from ...errors import CorruptLedger, LedgerBusy, NotALedger, ReadOnlyLedger, StoreError, UsageError

__all__ = [
    "APPLICATION_ID",
    "MEMORY",
    "check_file",
    "check_path",
    "corrupt",
    "reader_uri",
    "translate",
    "writable",
]

#: ``PRAGMA application_id`` of every govledger database: ``"GVLG"`` in ASCII.
APPLICATION_ID: Final = 0x47564C47


MEMORY = ":memory:"


SQLITE_HEADER = b"SQLite format 3\x00"


HEADER_SIZE = 100


APPLICATION_ID_BYTES = APPLICATION_ID.to_bytes(4, "big")


def check_path(path: object) -> str:
    try:
        name = os.fspath(path)  # type: ignore[call-overload]
    except TypeError:
        raise UsageError(
            f"path must be a file path such as 'ledger.db' or ':memory:', not {path!r}"
        ) from None
    if not isinstance(name, str) or not name:
        raise UsageError(
            f"path must be a file path such as 'ledger.db' or ':memory:', not {path!r}"
        )
    return name


def check_file(name: str, *, create: bool = False) -> bytes | None:
    """Refuse a directory, a missing directory, anything but a regular file, an empty
    file (unless *create*) or a non-SQLite file, without writing and without blocking.

    Returns the file's first 100 bytes (its SQLite header), or ``None`` if there is no file.
    """
    try:
        found = os.stat(name)
    except FileNotFoundError:
        found = None
    except OSError as exc:
        raise StoreError(f"cannot examine {name}: {exc.strerror}") from exc
    if found is not None and stat.S_ISDIR(found.st_mode):
        raise StoreError(
            f"{name} is a directory; pass the path of a ledger file, such as "
            f"{os.path.join(name, 'ledger.db')}"
        )
    if found is not None and not stat.S_ISREG(found.st_mode):
        kind = (
            "FIFO (named pipe)"
            if stat.S_ISFIFO(found.st_mode)
            else "socket"
            if stat.S_ISSOCK(found.st_mode)
            else "device"
            if stat.S_ISCHR(found.st_mode) or stat.S_ISBLK(found.st_mode)
            else "special file"
        )
        raise NotALedger(
            f"{name} is a {kind}, not a file, so it cannot be a govledger ledger; pass the "
            "path of a ledger file, or a new path to create one"
        )
    parent = os.path.dirname(os.path.abspath(name))
    if not os.path.isdir(parent):
        raise StoreError(
            f"cannot create the ledger {name}: the directory {parent} does not exist; "
            "create it first"
        )
    if found is not None and found.st_size == 0 and not create:
        raise NotALedger(
            f"{name} is an empty file, not a ledger: a ledger truncated to nothing would "
            "look the same. Pass a path where no file exists to create a ledger, or "
            "open it with create=True if you mean to make this empty file one"
        )
    try:
        with open(name, "rb") as file:
            header = file.read(HEADER_SIZE)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(
            f"cannot read {name}: {exc.strerror}; check that you may read and write it"
        ) from exc
    if header and not header.startswith(SQLITE_HEADER):
        raise NotALedger(
            f"{name} is not a SQLite database, so it cannot be a govledger ledger; "
            "pass the path of a ledger, or a new path to create one"
        )
    return header


def writable(name: str, *, exists: bool) -> bool:
    """Whether govledger may write *name* (and the journal files beside it)."""
    parent = os.path.dirname(os.path.abspath(name))
    if not exists:
        if not os.access(parent, os.W_OK):
            raise ReadOnlyLedger(
                f"cannot create the ledger {name}: the directory {parent} cannot be "
                "written; choose a writable directory"
            )
        return True
    return os.access(name, os.W_OK) and os.access(parent, os.W_OK)


def can_read(connection: sqlite3.Connection) -> bool:
    """Whether a read-only connection can read; ``False`` if SQLite needs to write to."""
    try:
        connection.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as exc:
        code = getattr(exc, "sqlite_errorname", "")
        if code.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN")):
            return False
        raise
    return True


def corrupt(path: str) -> CorruptLedger:
    return CorruptLedger(
        f"{path} is a govledger ledger, but the file is damaged (truncated, overwritten "
        "or otherwise malformed), so it cannot be read safely; restore it from a backup. "
        f"`sqlite3 {path} 'PRAGMA integrity_check'` says what is damaged"
    )


def unreadable_value(exc: sqlite3.Error) -> bool:
    """Whether *exc* is about one stored value (bad UTF-8, a BLOB), not the whole file."""
    text = str(exc)
    return "decode" in text or "BLOB" in text or "malformed JSON" in text


def reader_uri(name: str) -> str:
    import urllib.parse

    return f"file:{urllib.parse.quote(os.path.abspath(name))}?mode=ro"


def translate(exc: sqlite3.Error, *, path: str, doing: str, busy_timeout: float) -> StoreError:
    """Turn a sqlite3 exception into the govledger error that says what to do."""
    code = getattr(exc, "sqlite_errorname", "")
    text = str(exc)
    if code.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "database is locked" in text:
        return LedgerBusy(
            f"{path} stayed locked by another writer for the whole busy timeout "
            f"({busy_timeout:g}s) while {doing} it; try again when the other program has "
            "finished, or open the store with a longer busy_timeout"
        )
    if code == "SQLITE_NOTADB" or "file is not a database" in text:
        return NotALedger(
            f"{path} is not a SQLite database (or it is damaged), so it cannot be a "
            "govledger ledger; pass the path of a ledger, or a new path to create one"
        )
    if code.startswith("SQLITE_CORRUPT") or "malformed" in text or "decode" in text:
        return CorruptLedger(
            f"{path} is damaged ({text}), so govledger could not finish {doing} it; "
            f"restore it from a backup. `sqlite3 {path} 'PRAGMA integrity_check'` says "
            "what is damaged"
        )
    if code.startswith("SQLITE_READONLY"):
        return ReadOnlyLedger(
            f"{path} is read-only, so govledger could not finish {doing} it; "
            "check the permissions of the file and its directory"
        )
    if code == "SQLITE_FULL":
        return StoreError(f"the disk holding {path} is full; free some space and try again")
    if code.startswith("SQLITE_CANTOPEN"):
        return StoreError(
            f"cannot open {path}: check that its directory exists and that you may "
            "read and write there"
        )
    if isinstance(exc, sqlite3.ProgrammingError) and "thread" in text:
        return StoreError(
            f"the store for {path} was used from a thread other than the one that opened "
            "it; open one store per thread"
        )
    return StoreError(f"SQLite failed while {doing} {path}: {text}")
