"""Connecting to a PostgreSQL ledger, and what the server's errors mean.

:func:`connect` opens an autocommit connection from libpq parameters, saying how to fix
a URL or a server that cannot be reached; :func:`set_up` pins the session's time zone,
date style and ``search_path``; :func:`redacted` writes a URL without its password, and
:func:`translate` turns a psycopg exception into the govledger error that says what to do.
"""

from __future__ import annotations

import re
from typing import Any

import psycopg
from psycopg import errors as pg_errors
from psycopg import sql

from ...errors import CorruptLedger, LedgerBusy, ReadOnlyLedger, StoreError, UsageError

__all__ = ["Connection", "connect", "redacted", "set_up", "translate"]

_LOST = (
    pg_errors.AdminShutdown,
    pg_errors.CrashShutdown,
    pg_errors.CannotConnectNow,
    pg_errors.IdleSessionTimeout,
)


CONNECT_TIMEOUT = "10"


Connection = psycopg.Connection[Any]


def connect(params: dict[str, Any], where: str) -> Connection:
    try:
        return psycopg.connect(**params, autocommit=True)
    except psycopg.ProgrammingError as exc:
        raise UsageError(
            f"{where} is not a PostgreSQL URL libpq can use ({first_line(exc)}); "
            "write it as postgresql://user:password@host:port/database"
        ) from None
    except psycopg.Error as exc:
        text = first_line(exc)
        hint = "check that the server is running and that the URL's host, port, user and "
        hint += "password are right"
        match = re.search(r'database "([^"]+)" does not exist', text)
        if match:
            hint = f"create it first (createdb {match.group(1)}), or name another database"
        raise StoreError(
            f"cannot connect to the PostgreSQL ledger {where}: {text}; {hint}"
        ) from exc


def set_up(connection: Connection, schema: str | None) -> str | None:
    """Fix the session's time zone and date style, and pin its ``search_path``.

    Returns the schema the ledger's tables are in (``None`` if the path names none).
    """
    connection.execute("SET TIME ZONE 'UTC'")
    connection.execute("SET DateStyle = 'ISO, YMD'")
    if schema is None:
        row = connection.execute("SELECT current_schema()").fetchone()
        schema = None if row is None or row[0] is None else str(row[0])
        if schema is None:
            return None
    connection.execute(sql.SQL("SET search_path = {}").format(sql.Identifier(schema)))
    return schema


def cannot_write(connection: Connection, *, empty: bool) -> bool:
    """Whether this session cannot write the ledger (a standby, a read-only role)."""
    if empty:
        query = (
            "SELECT pg_is_in_recovery() OR current_setting('transaction_read_only') = 'on' "
            "OR NOT has_schema_privilege(current_schema(), 'CREATE')"
        )
    else:
        query = (
            "SELECT pg_is_in_recovery() OR current_setting('transaction_read_only') = 'on' "
            "OR NOT has_table_privilege('events', 'INSERT')"
        )
    row = connection.execute(query).fetchone()
    return bool(row and row[0])


def first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def redacted(url: str) -> str:
    """*url* with any password replaced by ``***``."""
    url = re.sub(r"(://[^:/@?]*):[^@/?]*@", r"\1:***@", url)
    return re.sub(r"(password=)[^&\s]*", r"\1***", url)


def describe(params: dict[str, Any]) -> str:
    """``postgresql://user@host:port/database``, and the schema if the options name one."""
    user = params.get("user", "")
    host = params.get("host") or params.get("hostaddr") or "localhost"
    port = params.get("port", "5432")
    database = params.get("dbname", user)
    where = f"postgresql://{user + '@' if user else ''}{host}:{port}/{database}"
    match = re.search(r"search_path\s*=\s*([^\s,]+)", str(params.get("options", "")))
    return f"{where} (schema {match.group(1)})" if match else where


def translate(exc: psycopg.Error, *, where: str, doing: str, busy_timeout: float) -> StoreError:
    """Turn a psycopg exception into the govledger error that says what to do."""
    text = first_line(exc)
    if isinstance(exc, pg_errors.LockNotAvailable):
        return LedgerBusy(
            f"{where} stayed locked by another writer for the whole busy timeout "
            f"({busy_timeout:g}s) while {doing} it; try again when the other writer has "
            "finished, or open the store with a longer busy_timeout"
        )
    if isinstance(exc, _LOST) or (
        isinstance(exc, psycopg.OperationalError) and exc.sqlstate is None
    ):
        outcome = (
            "the server may or may not have recorded this write: check the ledger's head "
            "before appending it again"
            if doing.startswith("committing")
            else "nothing of an unfinished write was recorded (the server rolls it back)"
        )
        return StoreError(
            f"the connection to the PostgreSQL ledger {where} was lost while {doing} it "
            f"({text}); {outcome}. The store reconnects on its next use"
        )
    if isinstance(exc, pg_errors.ReadOnlySqlTransaction):
        return ReadOnlyLedger(
            f"{where} cannot be written ({text}), so govledger could not finish {doing} it; "
            "connect to the primary server"
        )
    if isinstance(exc, pg_errors.InsufficientPrivilege):
        return ReadOnlyLedger(
            f"the role connected to {where} may not do what {doing} it needs ({text}); "
            "grant it the privileges on the ledger's tables, or connect as their owner"
        )
    if isinstance(exc, pg_errors.DiskFull | pg_errors.OutOfMemory):
        return StoreError(
            f"the PostgreSQL server holding {where} ran out of space ({text}); free some "
            "and try again"
        )
    if isinstance(exc, pg_errors.DataCorrupted | pg_errors.IndexCorrupted):
        return CorruptLedger(
            f"{where} is damaged ({text}), so govledger could not finish {doing} it; "
            "restore it from a backup"
        )
    if isinstance(exc, pg_errors.UndefinedTable | pg_errors.UndefinedColumn):
        return CorruptLedger(
            f"{where} no longer has the ledger's tables as govledger made them ({text}); "
            "someone dropped or altered them: restore the ledger from a backup"
        )
    if isinstance(exc, pg_errors.RestrictViolation):
        return StoreError(f"{where} refused {doing}: {text}")
    return StoreError(f"PostgreSQL failed while {doing} {where}: {text}")
