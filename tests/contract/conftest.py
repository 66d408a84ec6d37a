"""One contract, two stores: every test here runs against SQLite and PostgreSQL.

The PostgreSQL server comes from ``GOVLEDGER_TEST_POSTGRES_URL`` if it is set (a
database the tests may create schemas in); otherwise a throwaway server is started
for the session (``scripts/postgres_for_tests.py``) and deleted at the end. If neither
is possible the PostgreSQL half is skipped, saying why, unless
``GOVLEDGER_REQUIRE_POSTGRES=1`` (as in CI), when it fails instead.

Each test gets a fresh ledger location: a new SQLite file, or a new schema of the
test database (dropped afterwards). Which stores a test runs on follows from its mark:

* ``required``: it checks only what every backend must write
  (:class:`~govledger.store.EventStore` and its :class:`~govledger.store.WriteSession`),
  so it runs on every store, the in-memory store of ``memory.py`` included;
* ``offers(Capability, ...)``: it checks an optional capability
  (:class:`~govledger.store.Checkpoints`, :class:`~govledger.store.FastVerify`,
  :class:`~govledger.store.BulkImport`), so it runs on each store whose class offers
  every one named (``issubclass`` against the protocol, and the ``store`` fixture checks
  ``isinstance`` of the store it opens): a store that does not offer one is not
  tested for it, and one that starts to offer it is tested without a change here;
* neither: it checks what a database adds (raw SQL, files, schemas, locks), on the
  two database stores.

Raw SQL goes through :class:`Backend`, as someone with direct access to the database
would send it: ``?`` placeholders in both.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import tempfile
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType, TracebackType
from typing import Any, Protocol, cast
from urllib.parse import quote

import pytest

from govledger import Ledger
from govledger.store import BulkImport, Checkpoints, EventStore, FastVerify
from govledger.store import sqlite as sqlite_module
from govledger.store.open import open_store
from govledger.testing.clock import TestClock
from govledger.testing.plugin import TickingClock

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

from postgres_for_tests import ClusterUnavailable, ThrowawayCluster

from . import memory
from .memory import MemoryDatabase, MemoryStore

URL_VARIABLE = "GOVLEDGER_TEST_POSTGRES_URL"
REQUIRE_VARIABLE = "GOVLEDGER_REQUIRE_POSTGRES"
BACKENDS = ("sqlite", "postgresql")
#: The store of the required interface alone, for tests marked ``required``.
MEMORY = "memory"
#: Every store kind, in the order tests run on them.
EVERY_KIND = (*BACKENDS, MEMORY)


class RawError(Exception):
    """The database refused a raw statement; the message is the driver's."""


class Server:
    """The PostgreSQL server the tests use: a URL maker, and a restart if we own it."""

    def __init__(self, base_url: str, cluster: ThrowawayCluster | None) -> None:
        self.base_url = base_url
        self.cluster = cluster

    def url(self, schema: str | None = None) -> str:
        """The server's URL, keeping the ledger in *schema* if given."""
        if schema is None:
            return self.base_url
        joiner = "&" if "?" in self.base_url else "?"
        return f"{self.base_url}{joiner}options={quote(f'-c search_path={schema}')}"

    def execute(self, statement: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        """Run *statement* as the test role, in its own transaction; return its rows."""
        import psycopg

        with psycopg.connect(self.base_url, autocommit=True) as connection:
            cursor = connection.execute(statement.replace("?", "%s"), params)
            return list(cursor.fetchall()) if cursor.description else []


class Store(EventStore, Checkpoints, FastVerify, BulkImport, Protocol):
    """A store of either database: the required interface, every optional capability,
    and a context manager. (The in-memory store is typed as one too, for the fixtures;
    only tests marked ``required``, which use none of the rest, ever receive it.)"""

    def __enter__(self) -> Store: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


def opened(target: str | os.PathLike[str], **options: Any) -> Store:
    """``open_store(target)``, typed as the context manager it is."""
    return cast(Store, open_store(target, **options))


class Backend(Protocol):
    """What a contract test needs to know about the store under test."""

    name: str
    #: The backend's package, whose ``MIGRATIONS`` tests extend with a step of their own.
    module: ModuleType

    @property
    def target(self) -> str:
        """Where this test's ledger lives: a file path or a URL."""
        ...

    def open(self, **options: Any) -> Store:
        """Open (creating on first use) this test's ledger store."""
        ...

    def raw(self, statement: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        """Run one statement directly on the database, as an outsider would."""
        ...

    def tamper(self, *statements: str | tuple[str, Sequence[object]]) -> None:
        """Run *statements* with the append-only triggers out of the way."""
        ...

    def tables(self) -> set[str]:
        """The names of the tables the ledger's location holds."""
        ...

    def add_foreign_table(self) -> None:
        """Put a table that is not govledger's where the ledger would go."""
        ...


class SQLiteBackend:
    """A new ledger file in the test's temporary directory."""

    name = "sqlite"
    module: ModuleType = sqlite_module

    def __init__(self, folder: Path) -> None:
        self.path = folder / "ledger.db"

    @property
    def target(self) -> str:
        return str(self.path)

    def open(self, **options: Any) -> Store:
        return opened(self.path, **options)

    def raw(self, statement: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        connection = sqlite3.connect(self.path)
        try:
            with connection:
                return list(connection.execute(statement, params).fetchall())
        except sqlite3.Error as exc:
            raise RawError(str(exc)) from exc
        finally:
            connection.close()

    def tamper(self, *statements: str | tuple[str, Sequence[object]]) -> None:
        connection = sqlite3.connect(self.path)
        with connection:
            connection.execute("DROP TRIGGER IF EXISTS events_refuse_update")
            connection.execute("DROP TRIGGER IF EXISTS events_refuse_delete")
            for statement in statements:
                text, params = (statement, ()) if isinstance(statement, str) else statement
                connection.execute(text, params)
        connection.close()

    def tables(self) -> set[str]:
        rows = self.raw("SELECT name FROM sqlite_master WHERE type = 'table'")
        return {str(row[0]) for row in rows}

    def add_foreign_table(self) -> None:
        self.raw("CREATE TABLE minutes (item TEXT)")


class PostgresBackend:
    """A new schema in the test database; dropped when the test ends."""

    name = "postgresql"

    def __init__(self, server: Server) -> None:
        from govledger.store import postgres

        self.module: ModuleType = postgres
        self.server = server
        self.schema = f"t_{uuid.uuid4().hex[:12]}"
        server.execute(f"CREATE SCHEMA {self.schema}")

    @property
    def target(self) -> str:
        return self.server.url(self.schema)

    def open(self, **options: Any) -> Store:
        return opened(self.target, **options)

    def raw(self, statement: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        import psycopg

        try:
            with psycopg.connect(self.target, autocommit=True) as connection:
                cursor = connection.execute(statement.replace("?", "%s"), params)
                return list(cursor.fetchall()) if cursor.description else []
        except psycopg.Error as exc:
            raise RawError(str(exc)) from exc

    def tamper(self, *statements: str | tuple[str, Sequence[object]]) -> None:
        import psycopg

        with psycopg.connect(self.target) as connection, connection.transaction():
            # A superuser's way past the triggers: replica mode fires no ordinary trigger.
            connection.execute("SET LOCAL session_replication_role = replica")
            for statement in statements:
                text, params = (statement, ()) if isinstance(statement, str) else statement
                connection.execute(text.replace("?", "%s"), params)

    def tables(self) -> set[str]:
        rows = self.raw("SELECT tablename FROM pg_tables WHERE schemaname = ?", (self.schema,))
        return {str(row[0]) for row in rows}

    def add_foreign_table(self) -> None:
        self.raw("CREATE TABLE minutes (item text)")

    def drop(self) -> None:
        """Remove the test's schema and everything in it."""
        self.server.execute(f"DROP SCHEMA IF EXISTS {self.schema} CASCADE")


class MemoryBackend:
    """A new :class:`MemoryDatabase`: the required interface, and no database under it."""

    name = MEMORY
    module: ModuleType = memory
    target = MEMORY

    def __init__(self) -> None:
        self.database = MemoryDatabase()

    def open(self, **options: Any) -> Store:
        return cast(Store, MemoryStore(self.database, clock=options.get("clock")))

    def _no_database(self) -> Any:
        pytest.fail("the in-memory store has no database: mark only interface tests required")

    def raw(self, statement: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        return self._no_database()  # type: ignore[no-any-return]

    def tamper(self, *statements: str | tuple[str, Sequence[object]]) -> None:
        self._no_database()

    def tables(self) -> set[str]:
        return self._no_database()  # type: ignore[no-any-return]

    def add_foreign_table(self) -> None:
        self._no_database()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "required: checks only the required store interface, so it runs on the in-memory store too",
    )
    config.addinivalue_line(
        "markers",
        "offers(*capabilities): checks optional store capabilities, so it runs on each "
        "store that offers them all",
    )


def store_class(kind: str) -> type:
    """The class of the stores of *kind* (PostgreSQL's needs psycopg)."""
    if kind == "sqlite":
        return sqlite_module.SQLiteStore
    if kind == MEMORY:
        return MemoryStore
    from govledger.store.postgres import PostgresStore

    return PostgresStore


def offering(capabilities: Sequence[type], kinds: Sequence[str] = EVERY_KIND) -> list[str]:
    """The store kinds among *kinds* whose class offers every one of *capabilities*
    (runtime-checkable protocols of methods alone, so ``issubclass`` can say).

    Without psycopg the PostgreSQL kind is kept: its server fixture skips it, saying why.
    """
    offered = []
    for kind in kinds:
        try:
            cls = store_class(kind)
        except ImportError:
            offered.append(kind)
            continue
        if offers_all(cls, capabilities):
            offered.append(kind)
    return offered


def offers_all(cls: type, capabilities: Sequence[type]) -> bool:
    """Whether the stores of class *cls* offer every one of *capabilities*."""
    return all(issubclass(cls, capability) for capability in capabilities)


def _capabilities(node: Any) -> tuple[type, ...]:
    """The capabilities a test's ``offers`` mark names (none if it has none)."""
    marker = node.get_closest_marker("offers")
    return () if marker is None else tuple(marker.args)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Each test on the stores its mark names (see the module's docstring)."""
    if "backend" in metafunc.fixturenames:
        capabilities = _capabilities(metafunc.definition)
        if capabilities:
            kinds = offering(capabilities)
        elif metafunc.definition.get_closest_marker("required") is not None:
            kinds = list(EVERY_KIND)
        else:
            kinds = list(BACKENDS)
        metafunc.parametrize("backend", kinds, indirect=True)


def _start_server() -> Iterator[Server]:
    try:
        import psycopg  # noqa: F401
    except ImportError:
        yield _unavailable("psycopg is not installed (pip install 'govledger[postgres]')")
        return
    given = os.environ.get(URL_VARIABLE)
    if given:
        yield Server(given, None)
        return
    try:
        cluster = ThrowawayCluster.start()
    except ClusterUnavailable as exc:
        yield _unavailable(str(exc))
        return
    try:
        yield Server(cluster.url(), cluster)
    finally:
        cluster.stop()


def _unavailable(reason: str) -> Server:
    message = f"no PostgreSQL server for the contract tests: {reason}"
    if os.environ.get(REQUIRE_VARIABLE) == "1":
        pytest.fail(f"{message} ({REQUIRE_VARIABLE}=1 requires one)", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[Server]:
    """The session's PostgreSQL server (skips, or fails in CI, if there is none)."""
    yield from _start_server()


@pytest.fixture
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    """A fresh, empty ledger location on each store in turn (see pytest_generate_tests)."""
    if request.param == "sqlite":
        yield SQLiteBackend(tmp_path)
        return
    if request.param == MEMORY:
        yield MemoryBackend()
        return
    server: Server = request.getfixturevalue("postgres_server")
    chosen = PostgresBackend(server)
    try:
        yield chosen
    finally:
        chosen.drop()


@pytest.fixture
def postgres(postgres_server: Server) -> Iterator[PostgresBackend]:
    """A fresh, empty ledger location on PostgreSQL alone."""
    chosen = PostgresBackend(postgres_server)
    try:
        yield chosen
    finally:
        chosen.drop()


START = datetime(2026, 11, 23, 12, 0, 0, 123456, tzinfo=UTC)


class SetClock(TestClock):
    """A clock that says whatever the test last set; it never moves on its own."""

    def __init__(self, now: datetime = START) -> None:
        super().__init__()
        self.now = now
        self.reads = 0

    def __call__(self) -> datetime:
        self.reads += 1
        return self.now


@pytest.fixture
def clock() -> SetClock:
    """The store's recording clock, set by the test."""
    return SetClock()


@pytest.fixture
def store(request: pytest.FixtureRequest, backend: Backend, clock: SetClock) -> Iterator[Store]:
    """The test's store, recording with the set clock; it offers what the test's
    ``offers`` mark names (its class said so, and so must the store itself)."""
    opened = backend.open(clock=clock)
    try:
        for capability in _capabilities(request.node):
            assert isinstance(opened, capability), f"{backend.name} store lacks {capability}"
        yield opened
    finally:
        opened.close()


@pytest.fixture
def ledger(backend: Backend, govledger_clock: TickingClock) -> Iterator[Ledger]:
    """A ledger on the test's store, recording with a clock that ticks once a second."""
    if isinstance(backend, MemoryBackend):
        with Ledger(backend.open(clock=govledger_clock)) as on_memory:
            yield on_memory
        return
    with Ledger.open(backend.target, clock=govledger_clock) as opened:
        yield opened


@contextmanager
def another_store(backend: Backend) -> Iterator[Store]:
    """A store on one more empty ledger location of the same kind as *backend*."""
    if isinstance(backend, MemoryBackend):
        with MemoryBackend().open() as fresh:
            yield fresh
        return
    with another_location(backend) as target, opened(target) as store:
        yield store


@contextmanager
def another_location(backend: Backend) -> Iterator[str]:
    """One more empty ledger location of the same kind as *backend*, removed afterwards."""
    if isinstance(backend, SQLiteBackend):
        with tempfile.TemporaryDirectory() as folder:
            yield str(Path(folder) / "ledger.db")
        return
    assert isinstance(backend, PostgresBackend)
    extra = PostgresBackend(backend.server)
    try:
        yield extra.target
    finally:
        extra.drop()
