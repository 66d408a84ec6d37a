"""Open the store a ledger location names: a SQLite path, or a database URL.

``postgresql://`` (and ``postgres://``) URLs open the PostgreSQL store, which needs the
optional ``postgres`` extra; it is imported only when such a URL is opened, so
govledger without it still imports and runs on SQLite.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ..errors import StoreError, UsageError
from ._sql import Migrations
from .interface import EventStore
from .sqlite import MIGRATIONS as SQLITE_MIGRATIONS
from .sqlite import SQLiteStore

if TYPE_CHECKING:
    from .postgres import PostgresStore

__all__ = ["POSTGRES_SCHEMES", "is_url", "open_store"]

_SQLITE_URL = "sqlite:///"
#: The URL schemes that name a PostgreSQL ledger.
POSTGRES_SCHEMES = ("postgresql://", "postgres://")
_INSTALL = "pip install 'govledger[postgres]'"


def is_url(target: object) -> bool:
    """Whether *target* is a database URL (``scheme://...``) rather than a file path.

    >>> is_url("postgresql://localhost/ledger"), is_url("ledger.db")
    (True, False)
    """
    return isinstance(target, str) and "://" in target


def open_store(
    target: str | os.PathLike[str],
    *,
    clock: Callable[[], datetime] | None = None,
    busy_timeout: float = 30.0,
    migrate: bool = False,
    create: bool = False,
    migrations: Migrations[Any] | None = None,
) -> EventStore:
    """Open the event store at *target*.

    *target* is a file path (or ``":memory:"``) or ``sqlite:///<path>`` for the
    embedded SQLite store, the default, or a ``postgresql://user@host/database`` URL
    for the PostgreSQL store. *migrations*, if given, replace the backend's own
    (``MIGRATIONS``; see :class:`Migrations`). The other arguments are as for
    :meth:`govledger.Ledger.open`.
    """
    if isinstance(target, str) and is_url(target):
        if target.startswith(_SQLITE_URL):
            target = target[len(_SQLITE_URL) :] or ":memory:"
        elif target.lower().startswith(POSTGRES_SCHEMES):
            postgres = _postgres_store()
            return postgres.open(
                target,
                clock=clock,
                busy_timeout=busy_timeout,
                migrate=migrate,
                **({} if migrations is None else {"migrations": migrations}),
            )
        else:
            scheme = target.split("://", 1)[0]
            raise UsageError(
                f"govledger has no store for {scheme}:// URLs; give a file path, "
                "':memory:', sqlite:///<path> or postgresql://user@host/database"
            )
    return SQLiteStore.open(
        target,
        clock=clock,
        busy_timeout=busy_timeout,
        migrate=migrate,
        create=create,
        migrations=SQLITE_MIGRATIONS if migrations is None else migrations,
    )


def _postgres_store() -> type[PostgresStore]:
    """The PostgreSQL store class, or a :class:`StoreError` saying how to install it."""
    try:
        from .postgres import PostgresStore
    except ImportError as exc:
        if exc.name is None or not exc.name.startswith("psycopg"):
            raise
        raise StoreError(
            f"opening a postgresql:// ledger needs psycopg 3, which is not installed "
            f"({exc}); install it with {_INSTALL}"
        ) from None
    return PostgresStore
