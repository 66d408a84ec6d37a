"""Many writers at once, on each store; and a PostgreSQL server restarted mid-write.

Writers are real processes (``multiprocessing`` with ``spawn``) and real connections
(threads, each with its own store). Whatever the interleaving, positions stay gapless,
every append lands exactly once, the chain verifies, and a reader never sees a
position without every position before it.
"""

from __future__ import annotations

import multiprocessing
import threading
import time
from collections.abc import Callable
from datetime import date
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier

import pytest

from factories import P, formed, resolved
from govledger import ConcurrencyError, Ledger
from govledger.errors import StoreError
from govledger.store import NewRecord, Query, verify_store
from govledger.store.base import EventStore

from .conftest import Backend, PostgresBackend, Server, opened

PROCESSES = 3
THREADS = 3
EACH = 8
WAIT = 60.0

_Result = tuple[int, list[str]]


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__module__}.{type(exc).__name__}: {exc}"


def _process_writer(target: str, worker: int, start: Barrier, results: Queue[_Result]) -> None:
    """Form partnerships of our own, and append to the shared one with retries."""
    problems: list[str] = []
    try:
        with Ledger.open(target) as ledger:
            start.wait(WAIT)
            for n in range(EACH):
                ledger.append(formed(partnership=f"p{worker}-{n}"))
                for _ in range(100):
                    try:
                        event = resolved(f"w{worker}-{n}", date(2021, 1, 1))
                        ledger.append(event, expected_version=ledger.version(P))
                        break
                    except ConcurrencyError:
                        continue
                else:
                    problems.append(f"worker {worker} never won a race for {P}")
    except Exception as exc:
        problems.append(_describe(exc))
    results.put((worker, problems))


def _assert_one_whole_chain(store: EventStore, expected: int) -> None:
    records = list(store.read(Query(order="position")))
    assert [r.position for r in records] == list(range(1, expected + 1))
    moments = [r.recorded_at for r in records]
    assert moments == sorted(moments)
    report = verify_store(store)
    assert (report.ok, report.events_checked) == (True, expected), report.detail


def test_processes_writing_at_once_keep_one_gapless_chain(backend: Backend) -> None:
    with Ledger.open(backend.target) as ledger:
        ledger.append(formed())
    spawn = multiprocessing.get_context("spawn")
    start = spawn.Barrier(PROCESSES)
    results: Queue[_Result] = spawn.Queue()
    workers = [
        spawn.Process(target=_process_writer, args=(backend.target, n, start, results))
        for n in range(PROCESSES)
    ]
    for worker in workers:
        worker.start()
    outcomes = dict(results.get(timeout=WAIT * 2) for _ in workers)
    for worker in workers:
        worker.join(WAIT)

    assert outcomes == {n: [] for n in range(PROCESSES)}
    with Ledger.open(backend.target) as ledger:
        assert ledger.version(P) == 1 + PROCESSES * EACH
        assert len(ledger.partnerships()) == 1 + PROCESSES * EACH
    with backend.open() as store:
        _assert_one_whole_chain(store, 1 + 2 * PROCESSES * EACH)


def test_connections_writing_while_another_reads_never_show_a_gap(backend: Backend) -> None:
    batches, size = 12, 5
    problems: list[str] = []
    done = threading.Event()

    def write(worker: int) -> None:
        try:
            with backend.open() as store:
                for n in range(batches):
                    records = [_record(f"t{worker}", n * size + k) for k in range(size)]
                    with store.write() as session:
                        session.append(records)
        except Exception as exc:
            problems.append(_describe(exc))

    def read() -> None:
        try:
            with backend.open() as store:
                while not done.is_set():
                    seen = [r.position for r in store.read(Query(order="position"))]
                    if seen != list(range(1, len(seen) + 1)):
                        problems.append(f"a reader saw positions {seen}")
                        return
                    if len(seen) % size:
                        problems.append(f"a reader saw part of a batch: {len(seen)} records")
                        return
        except Exception as exc:
            problems.append(_describe(exc))

    with backend.open():
        pass  # create the ledger before anyone races to
    reader = threading.Thread(target=read)
    writers = [threading.Thread(target=write, args=(n,)) for n in range(THREADS)]
    reader.start()
    for thread in writers:
        thread.start()
    for thread in writers:
        thread.join(WAIT)
    done.set()
    reader.join(WAIT)

    assert problems == []
    with backend.open() as store:
        _assert_one_whole_chain(store, THREADS * batches * size)
        for worker in range(THREADS):
            versions = [
                r.version for r in store.read(Query(partnership=f"t{worker}", order="position"))
            ]
            assert versions == list(range(1, batches * size + 1))


def _record(partnership: str, n: int) -> NewRecord:
    return NewRecord(
        partnership=partnership,
        type="ResolutionPassed",
        schema_version=1,
        effective=date(2020, 1, 1 + n % 28),
        payload=f'{{"n":{n},"text":"{"x" * (n % 50)}"}}',
    )


# ---------------------------------------------------------------- a server restart


@pytest.fixture
def restartable(postgres: PostgresBackend) -> Callable[[], None]:
    cluster = postgres.server.cluster
    if cluster is None:
        pytest.skip(
            "restarting needs the throwaway server; GOVLEDGER_TEST_POSTGRES_URL names "
            "one these tests do not own"
        )
    return lambda: cluster.restart("immediate")


BATCH = 20_000


def test_a_restart_before_commit_loses_the_whole_batch_and_says_so(
    postgres: PostgresBackend, restartable: Callable[[], None]
) -> None:
    with postgres.open() as store:
        store_before = _fill(store)
    written, restarted = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def write() -> None:
        try:
            with postgres.open() as store, store.write() as session:
                session.append([_record("big", n) for n in range(BATCH)])
                written.set()
                restarted.wait(WAIT)
        except BaseException as exc:
            errors.append(exc)
        finally:
            written.set()

    with postgres.open() as idle:
        idle.last_position()
        writer = threading.Thread(target=write)
        writer.start()
        assert written.wait(WAIT)
        restartable()
        restarted.set()
        writer.join(WAIT)

        assert len(errors) == 1 and isinstance(errors[0], StoreError), errors
        assert "connection to the PostgreSQL ledger" in str(errors[0])
        assert "was lost" in str(errors[0])
        with pytest.raises(StoreError, match="reconnects on its next use"):
            idle.last_position()
        assert idle.last_position() == store_before
        assert idle.partnerships() == ["small"]
        assert idle.verify().events_checked == store_before
        with idle.write() as session:
            session.append([_record("after", 0)])
        assert idle.verify().events_checked == store_before + 1


def test_a_restart_during_the_copy_of_a_batch_is_all_or_nothing(
    postgres: PostgresBackend, restartable: Callable[[], None]
) -> None:
    with postgres.open() as store:
        before = _fill(store)
    errors: list[BaseException] = []
    target = postgres.target + "&application_name=govledger_big_batch"

    def write() -> None:
        try:
            with opened(target) as store, store.write() as session:
                session.append([_record("big", n) for n in range(BATCH * 3)])
        except BaseException as exc:
            errors.append(exc)

    writer = threading.Thread(target=write)
    writer.start()
    deadline = time.monotonic() + WAIT
    while not _copying(postgres.server) and writer.is_alive() and time.monotonic() < deadline:
        time.sleep(0.005)
    restartable()
    writer.join(WAIT)

    with postgres.open() as store:
        after = store.last_position()
        assert after in (before, before + BATCH * 3)
        assert (after == before) == (len(errors) == 1)
        assert all(isinstance(exc, StoreError) for exc in errors)
        assert store.verify().events_checked == after


def _copying(server: Server) -> bool:
    rows = server.execute(
        "SELECT count(*) FROM pg_stat_activity WHERE application_name = ? "
        "AND left(query, 4) = 'COPY' AND state = 'active'",
        ("govledger_big_batch",),
    )
    return bool(rows and rows[0][0])


def _fill(store: EventStore) -> int:
    with store.write() as session:
        session.append([_record("small", n) for n in range(10)])
    return store.last_position()
