"""Several processes writing one ledger file at once.

Real processes (``multiprocessing`` with the ``spawn`` start method), real locks: no
event is lost or duplicated, positions stay gapless, the chain verifies, and a lost
race surfaces as ``ConcurrencyError`` or ``LedgerBusy``, never as a raw sqlite3 error.
"""

from __future__ import annotations

import multiprocessing
import queue
import sqlite3
import time
from collections.abc import Callable, Iterator
from datetime import date
from multiprocessing.context import SpawnContext
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier, Event
from pathlib import Path
from typing import Any

import pytest

from factories import P, formed, resolved
from govledger import ConcurrencyError, Ledger
from govledger.errors import LedgerBusy
from govledger.store import SQLiteStore

WORKERS = 4
WAIT = 60.0  # seconds; a bound for hangs, far above the few seconds each test takes
#: Seconds the workers wait at a barrier for the others to start. Starting a process
#: imports govledger, which on a loaded machine can take far longer than WAIT; a worker
#: that never arrives is caught by :func:`collect`, which sees no progress.
START = 600.0
BUSY = 30.0  # seconds; the busy timeout the fairness test's writers use (the default)

_Result = tuple[int, list[str]]


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__module__}.{type(exc).__name__}: {exc}"


# ---------------------------------------------------------------- workers (child processes)


def _append_fresh_partnerships(
    path: str, worker: int, count: int, start: Barrier, results: Queue[_Result]
) -> None:
    """Form *count* partnerships of our own, one append each, without expected versions."""
    problems: list[str] = []
    try:
        start.wait(START)
        with Ledger.open(path) as ledger:
            for n in range(count):
                try:
                    ledger.append(formed(partnership=f"w{worker}-{n}"))
                except Exception as exc:
                    problems.append(_describe(exc))
    except Exception as exc:
        problems.append(_describe(exc))
    results.put((worker, problems))


def _race_in_rounds(
    path: str, worker: int, rounds: int, start: Barrier, results: Queue[_Result]
) -> None:
    """Each round: read the version together, then all append expecting it."""
    outcomes: list[str] = []
    try:
        with Ledger.open(path) as ledger:
            for n in range(rounds):
                start.wait(START)
                version = ledger.version(P)
                start.wait(START)
                try:
                    event = resolved(f"w{worker}-round{n}", date(2021, 1, 1))
                    ledger.append(event, expected_version=version)
                    outcomes.append("appended")
                except ConcurrencyError:
                    outcomes.append("conflict")
                except Exception as exc:
                    outcomes.append(_describe(exc))
    except Exception as exc:
        outcomes.append(_describe(exc))
    results.put((worker, outcomes))


def _append_with_retries(
    path: str, worker: int, count: int, start: Barrier, results: Queue[_Result]
) -> None:
    """Append *count* events expecting the version just read; on a conflict, re-read."""
    outcomes: list[str] = []
    try:
        start.wait(START)
        with Ledger.open(path) as ledger:
            done = 0
            for _ in range(count * 100):
                if done == count:
                    break
                try:
                    event = resolved(f"w{worker}-{done}", date(2021, 1, 1))
                    ledger.append(event, expected_version=ledger.version(P))
                    outcomes.append("appended")
                    done += 1
                except ConcurrencyError:
                    outcomes.append("conflict")
                except Exception as exc:
                    outcomes.append(_describe(exc))
    except Exception as exc:
        outcomes.append(_describe(exc))
    results.put((worker, outcomes))


def _append_one_at_a_time(
    path: str, worker: int, count: int, start: Barrier, results: Queue[_Result]
) -> None:
    """Append *count* decisions to the shared partnership, one append each, timing each."""
    outcomes: list[str] = []
    try:
        with Ledger.open(path, busy_timeout=BUSY) as ledger:
            ledger.append(resolved(f"w{worker}-warm", date(2021, 1, 1)))  # reads the history
            start.wait(START)
            for n in range(count):
                began = time.monotonic()
                try:
                    ledger.append(resolved(f"w{worker}-{n}", date(2021, 1, 1)))
                    outcomes.append(f"waited {time.monotonic() - began:.3f}")
                except Exception as exc:
                    outcomes.append(_describe(exc))
    except Exception as exc:
        outcomes.append(_describe(exc))
    results.put((worker, outcomes))


def _hold_the_write_lock(path: str, locked: Event, release: Event) -> None:
    with SQLiteStore.open(path) as store, store.write():
        locked.set()
        release.wait(WAIT)


# ---------------------------------------------------------------- running them


@pytest.fixture
def spawn() -> SpawnContext:
    return multiprocessing.get_context("spawn")


_Target = Callable[[str, int, int, Barrier, "Queue[_Result]"], None]


def run_workers(
    context: SpawnContext, target: _Target, path: Path, per_worker: int, workers: int = WORKERS
) -> Iterator[_Result]:
    """Run *target* in *workers* processes at once; yield each worker's result."""
    start = context.Barrier(workers)
    results: Queue[_Result] = context.Queue()
    processes = [
        context.Process(target=target, args=(str(path), worker, per_worker, start, results))
        for worker in range(workers)
    ]
    for process in processes:
        process.start()
    try:
        collected = collect(results, workers, lambda: _progress(path, start, processes))
    finally:
        for process in processes:
            process.join(WAIT)
            if process.is_alive():
                process.kill()
    assert [process.exitcode for process in processes] == [0] * workers
    return iter(sorted(collected))


def _progress(path: Path, start: Barrier, processes: list[Any]) -> tuple[int, ...]:
    """What changes while the workers get on: how many are alive and how many wait at
    the barrier, and the size and time of the database and its write-ahead log (read
    without taking any lock)."""
    files = [found.stat() for found in (path, path.with_name(path.name + "-wal")) if found.exists()]
    alive = sum(process.is_alive() for process in processes)
    return (alive, start.n_waiting, *(n for f in files for n in (f.st_size, f.st_mtime_ns)))


def collect(results: Queue[_Result], count: int, progress: Callable[[], object]) -> list[_Result]:
    """*count* results, waiting as long as the workers make progress. A hang is WAIT
    seconds in which no result arrives and *progress* stays the same (START seconds
    until it first changes: the workers are still starting). A loaded machine slows the
    workers, but does not stop them, so this fails on a hang and not on a slow run."""
    collected: list[_Result] = []
    first = seen = progress()
    since = time.monotonic()
    while len(collected) < count:
        try:
            collected.append(results.get(timeout=1.0))
            since = time.monotonic()
            continue
        except queue.Empty:
            pass
        now = progress()
        if now != seen:
            seen, since = now, time.monotonic()
        elif time.monotonic() - since > (START if seen == first else WAIT):
            raise AssertionError(f"no progress with {len(collected)} of {count} results in")
    return collected


def test_collect_fails_on_a_hang_and_waits_out_a_slow_run(
    spawn: SpawnContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bound above proves no hang whatever the machine's load: it fails when nothing
    moves for WAIT seconds, and not while something does."""
    monkeypatch.setattr(f"{__name__}.WAIT", 1.5)
    monkeypatch.setattr(f"{__name__}.START", 1.5)
    results: Queue[_Result] = spawn.Queue()
    with pytest.raises(AssertionError, match="no progress with 0 of 1 results in"):
        collect(results, 1, lambda: 0)
    ticks = iter(range(10**6))
    began = time.monotonic()
    with pytest.raises(AssertionError, match="no progress"):
        collect(results, 1, lambda: next(ticks) if time.monotonic() - began < 4 else -1)
    assert time.monotonic() - began > 4  # it kept waiting while progress changed


def test_concurrent_appends_lose_and_duplicate_nothing(tmp_path: Path, spawn: SpawnContext) -> None:
    path = tmp_path / "ledger.db"
    per_worker = 500

    results = list(run_workers(spawn, _append_fresh_partnerships, path, per_worker))

    assert results == [(worker, []) for worker in range(WORKERS)]
    with Ledger.open(path) as ledger:
        recorded = list(ledger.events())
        report = ledger.verify()
    assert [event.position for event in recorded] == list(range(1, WORKERS * per_worker + 1))
    assert sorted(event.partnership for event in recorded) == sorted(
        f"w{worker}-{n}" for worker in range(WORKERS) for n in range(per_worker)
    )
    for worker in range(WORKERS):
        mine = [
            int(e.partnership.split("-")[1])
            for e in recorded
            if e.partnership.startswith(f"w{worker}-")
        ]
        assert mine == list(range(per_worker))  # each writer's events in its own order
    assert (report.ok, report.events_checked) == (True, WORKERS * per_worker)


def test_expected_version_lets_exactly_one_racer_win_each_round(
    tmp_path: Path, spawn: SpawnContext
) -> None:
    path = tmp_path / "ledger.db"
    with Ledger.open(path) as ledger:
        ledger.append(formed())
    rounds = 25

    results = list(run_workers(spawn, _race_in_rounds, path, rounds))

    outcomes = [outcome for _, worker_outcomes in results for outcome in worker_outcomes]
    assert set(outcomes) == {"appended", "conflict"}
    for n in range(rounds):
        assert [worker_outcomes[n] for _, worker_outcomes in results].count("appended") == 1
    with Ledger.open(path) as ledger:
        assert ledger.version(P) == 1 + rounds
        assert [event.version for event in ledger.history(P)] == list(range(1, rounds + 2))
        assert ledger.verify().ok


def test_writers_that_retry_on_conflict_all_get_their_events_in(
    tmp_path: Path, spawn: SpawnContext
) -> None:
    path = tmp_path / "ledger.db"
    with Ledger.open(path) as ledger:
        ledger.append(formed())
    per_worker = 25

    results = list(run_workers(spawn, _append_with_retries, path, per_worker))

    for _, outcomes in results:
        assert set(outcomes) <= {"appended", "conflict"}, outcomes
        assert outcomes.count("appended") == per_worker
    with Ledger.open(path) as ledger:
        assert ledger.version(P) == 1 + WORKERS * per_worker
        assert ledger.verify().ok


def test_processes_creating_one_new_ledger_together_share_it(
    tmp_path: Path, spawn: SpawnContext
) -> None:
    path = tmp_path / "new" / "ledger.db"
    path.parent.mkdir()

    results = list(run_workers(spawn, _append_fresh_partnerships, path, 10))

    assert results == [(worker, []) for worker in range(WORKERS)]
    with Ledger.open(path, verify=True) as ledger:
        assert len(ledger.partnerships()) == WORKERS * 10


def test_write_lock_held_by_another_process_gives_ledger_busy(
    tmp_path: Path, spawn: SpawnContext
) -> None:
    path = tmp_path / "ledger.db"
    with Ledger.open(path) as ledger:
        ledger.append(formed())
    locked, release = spawn.Event(), spawn.Event()
    holder = spawn.Process(target=_hold_the_write_lock, args=(str(path), locked, release))
    holder.start()
    try:
        assert locked.wait(WAIT)
        with Ledger.open(path, busy_timeout=0.2) as ledger:
            with pytest.raises(LedgerBusy, match=r"busy timeout \(0.2s\)"):
                ledger.append(formed(partnership="gamma-delta"))
            assert ledger.version("gamma-delta") == 0
            release.set()
            holder.join(WAIT)
            ledger.append(formed(partnership="gamma-delta"))
            assert ledger.version("gamma-delta") == 1
    finally:
        release.set()
        holder.join(WAIT)
        if holder.is_alive():
            holder.kill()


class _CreatorStepsIn(sqlite3.Connection):
    """A connection that lets another opener create the ledger right after its first read."""

    path = ""
    fired = False

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        cursor = super().execute(sql, *args)
        if sql.startswith("PRAGMA application_id") and not _CreatorStepsIn.fired:
            _CreatorStepsIn.fired = True
            with sqlite3.connect(self.path, isolation_level=None) as other:
                other.execute("PRAGMA journal_mode = WAL")
            with SQLiteStore.open(self.path):  # creates the schema and commits
                pass
        return cursor


def test_an_opener_never_mistakes_a_ledger_created_meanwhile_for_a_foreign_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Regression: the opener read the header and then the table list in two snapshots,
    # so a ledger created between the two looked like someone else's database.
    path = tmp_path / "ledger.db"
    with sqlite3.connect(path, isolation_level=None) as first:
        first.execute("PRAGMA journal_mode = WAL")  # an empty file, as a creator leaves it
    real_connect = sqlite3.connect
    _CreatorStepsIn.path = str(path)
    _CreatorStepsIn.fired = False

    def connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        if not _CreatorStepsIn.fired:
            kwargs["factory"] = _CreatorStepsIn
        connection: sqlite3.Connection = real_connect(*args, **kwargs)
        return connection

    monkeypatch.setattr(sqlite3, "connect", connect)

    with Ledger.open(path) as ledger:
        ledger.append(formed())

    assert _CreatorStepsIn.fired
    with Ledger.open(path, verify=True) as ledger:
        assert ledger.version(P) == 1


def test_eight_writers_on_one_partnership_never_wait_out_their_busy_timeout(
    tmp_path: Path, spawn: SpawnContext
) -> None:
    """Fair writers: while seven others keep appending to the same partnership, each
    writer's append gets the lock well within its busy timeout (no ``LedgerBusy``)."""
    path = tmp_path / "shared.db"
    with Ledger.open(path) as ledger:
        ledger.append(formed(), *(resolved(f"r{n}", date(2020, 1, 1)) for n in range(300)))
    per_worker, workers = 8, 8

    results = list(run_workers(spawn, _append_one_at_a_time, path, per_worker, workers))

    outcomes = [outcome for _, found in results for outcome in found]
    problems = [outcome for outcome in outcomes if not outcome.startswith("waited ")]
    assert problems == []
    waits = [float(outcome.removeprefix("waited ")) for outcome in outcomes]
    assert len(waits) == per_worker * workers
    assert max(waits) < BUSY, f"longest wait {max(waits):.1f} s"
    with Ledger.open(path, verify=True) as reopened:
        assert reopened.version(P) == 301 + workers * (per_worker + 1)
