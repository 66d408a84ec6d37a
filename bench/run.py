"""The benchmark runner: govledger beside plain SQLite and eventsourcing, in one process.

``python -m bench --n 10k`` generates (or reads from the cache) a ledger of ten thousand
events, stores it with each implementation, checks that they agree on the answers, then
times the same work on each and prints a table with the ratios and the issue's targets.
``--quick`` is the small run CI does; ``--json`` prints the whole report as JSON.

govledger is measured only through its public API (``Ledger.open``, ``append``,
``state``, ``history``, ``version``, ``verify``). Which store it runs on is decided by
one function, :func:`store_target`.
"""

from __future__ import annotations

import argparse
import gc
import inspect
import json
import os
import platform
import random
import sqlite3
import sys
import tempfile
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import attrs

import govledger
from bench.baselines import (
    EventSourcingLibrary,
    PlainSQLite,
    Subject,
    database_bytes,
    eventsourcing_available,
)
from bench.extra import (
    FoldEveryPartnership,
    checkpoint_ratio,
    decode_micros,
    folded_count,
    own_schema_floor,
)
from bench.generate import CACHE_DIR, GeneratedLedger, Row, load_or_generate
from bench.growth import GROWTH_SIZES, QUICK_SIZES, measure_growth
from bench.imports import import_ratio
from bench.measure import Spread, measure_memory, spread, timed
from govledger import Ledger
from govledger.errors import GovLedgerError, UsageError
from govledger.ledger import RULES_CACHE

__all__ = [
    "BATCH",
    "DOCS_FIGURES",
    "Config",
    "Disagreement",
    "GovLedger",
    "StoreTarget",
    "main",
    "merge_reports",
    "parse_size",
    "render_markdown",
    "render_table",
    "run_benchmarks",
    "store_target",
]

#: Worker processes of the parallel replay.
WORKERS = 2

#: Events per transaction in the batched append.
BATCH = 1000
#: Where a full run writes its figures.
DOCS_FIGURES = Path(__file__).resolve().parent.parent / "docs" / "performance"
#: At most this many events are appended one per transaction (each is a durable commit).
EACH_LIMIT = 1000
#: Random dates at which ``state(as_of)`` is timed on the largest partnership.
STATE_DATES = 200
#: Positions whose payloads are compared across the implementations.
PAYLOAD_SAMPLE = 500
#: The ledger size of ``--quick``.
QUICK_N = 400

_MiB = 1024 * 1024


class Disagreement(GovLedgerError):
    """The implementations gave different answers about the same ledger."""


# --------------------------------------------------------------------------- which store


@attrs.frozen
class StoreTarget:
    """Where govledger's ledger for one benchmark lives, and how to open and size it."""

    #: What :meth:`govledger.Ledger.open` is given.
    target: str
    #: The database file, when the store is a file (for its size on disk).
    path: Path | None

    def open(self, *, checkpoints: bool | None = None, rules_cache: int | None = None) -> Ledger:
        """Open the ledger; *checkpoints* and *rules_cache* are passed on only when given."""
        options: dict[str, Any] = {}
        if checkpoints is not None:
            options["checkpoints"] = checkpoints
        if rules_cache is not None and "rules_cache" in inspect.signature(Ledger.open).parameters:
            options["rules_cache"] = rules_cache
        return Ledger.open(self.target, **options)

    def size_bytes(self) -> int:
        """Bytes the store holds for this ledger."""
        if self.path is None:
            raise UsageError(f"the size of store {self.target!r} cannot be measured here")
        return database_bytes(self.path)


def store_target(store: str, path: Path) -> StoreTarget:
    """The one place that decides which store govledger is measured on.

    *store* is the ``--store`` option: ``"sqlite"`` (the default) puts the ledger in
    the SQLite file *path*. Another backend (a PostgreSQL URL, say) is added here: make a
    fresh, empty ledger for *path*'s name and say how to measure its size.
    """
    if store == "sqlite":
        return StoreTarget(target=os.fspath(path), path=path)
    if store == "postgresql" or store.startswith(("postgresql://", "postgres://")):
        from bench.postgres import postgres_target  # bench.postgres imports this module

        return postgres_target(store, path)
    raise UsageError(
        f"--store must be 'sqlite', 'postgresql' or a postgresql:// URL, not {store!r}"
    )


def checkpoints_supported() -> bool:
    """Whether this govledger's ``Ledger.open`` takes ``checkpoints=``."""
    return "checkpoints" in inspect.signature(Ledger.open).parameters


# --------------------------------------------------------------------------- govledger


def replay_everything(ledger: Ledger, partnerships: Sequence[str], until: date) -> int:
    """The state of every partnership on *until*; return how many events they hold.

    This is govledger's counterpart of reconstructing every aggregate: ``state(p,
    as_of=until)`` reads, decodes and folds the partnership's events into its frozen
    state. On a ledger opened with ``checkpoints=False`` it folds every event from the
    start (the "full replay" row); with checkpoints it resumes from the latest one.
    (``Ledger.replay`` streams entries to a user's projection instead: the same reading
    and decoding, with the user's fold in place of the partnership state.)
    """
    for partnership in partnerships:
        ledger.state(partnership, as_of=until)
    return sum(ledger.version(partnership) for partnership in partnerships)


class GovLedger:
    """govledger through its public API, on the store :func:`store_target` chooses."""

    name = "govledger"

    def __init__(self, store: str = "sqlite", rules_cache: int | None = None) -> None:
        self.store = store
        #: ``Ledger.open(..., rules_cache=)``; ``None`` keeps govledger's default.
        self.rules_cache = rules_cache
        self._target: StoreTarget | None = None
        self._ledger: Ledger | None = None
        self._until = date.max

    @property
    def ledger(self) -> Ledger:
        """The open ledger."""
        if self._ledger is None:
            raise RuntimeError("GovLedger is not open: call create() or open() first")
        return self._ledger

    @property
    def target(self) -> StoreTarget:
        """The store of the last ledger created or opened."""
        if self._target is None:
            raise RuntimeError("GovLedger has no store yet: call create() or open() first")
        return self._target

    def create(self, path: Path) -> None:
        """A new, empty ledger for *path*."""
        self.close()
        self._target = store_target(self.store, path)
        self._ledger = self._target.open(rules_cache=self.rules_cache)

    def append_each(self, rows: Sequence[Row], ledger: GeneratedLedger) -> None:
        """``append(event)`` once per event: one transaction each, rules checked."""
        book = self.ledger
        for event in ledger.events[: len(rows)]:
            book.append(event)

    def append_batched(self, ledger: GeneratedLedger, batch: int) -> None:
        """``append(*events)`` of *batch* events at a time, rules checked."""
        book, events = self.ledger, ledger.events
        for start in range(0, len(events), batch):
            book.append(*events[start : start + batch])

    def open(self, path: Path, *, checkpoints: bool) -> None:
        """Open the ledger for *path*, with or without checkpoints where supported."""
        self.close()
        self._target = store_target(self.store, path)
        self._ledger = self._target.open(
            checkpoints=checkpoints if checkpoints_supported() else None
        )

    def replay(self, partnerships: Sequence[str], until: date) -> int:
        """See :func:`replay_everything`."""
        return replay_everything(self.ledger, partnerships, until)

    def state_as_of(self, partnership: str, day: date) -> object:
        """``Ledger.state(partnership, as_of=day)``."""
        return self.ledger.state(partnership, as_of=day)

    def stream(self, partnerships: Sequence[str]) -> int:
        """``history(p)`` of every partnership, one event at a time."""
        book, read = self.ledger, 0
        for partnership in partnerships:
            for _ in book.history(partnership):
                read += 1
        return read

    def verify(self) -> int:
        """``Ledger.verify()`` of the whole chain; a broken chain is an error here."""
        report = self.ledger.verify()
        if not report.ok:
            raise Disagreement(f"govledger's verify() found the benchmark ledger broken: {report}")
        return int(report.events_checked)

    def counts(self) -> dict[str, int]:
        """``version(p)`` of every partnership."""
        book = self.ledger
        return {p: book.version(p) for p in book.partnerships()}

    def count_until(self, partnership: str, day: date) -> int:
        """How many events ``history(p, until=day)`` yields."""
        return sum(1 for _ in self.ledger.history(partnership, until=day))

    def payloads(self, positions: Sequence[int]) -> list[str]:
        """The canonical payload of the recorded events at these positions."""
        wanted = set(positions)
        found: dict[int, str] = {}
        for recorded in self.ledger.events():
            if recorded.position in wanted:
                found[recorded.position] = govledger.codec.encode(recorded.event)[2]
        return [found[position] for position in positions]

    def size_bytes(self) -> int:
        """Bytes on disk of the ledger."""
        return self.target.size_bytes()

    def close(self) -> None:
        """Close the ledger."""
        if self._ledger is not None:
            self._ledger.close()
            self._ledger = None


# --------------------------------------------------------------------------- configuration


@attrs.frozen(kw_only=True)
class Config:
    """What one run measures."""

    sizes: tuple[int, ...] = (10_000,)
    repeats: int = 3
    seed: int = 2026
    quick: bool = False
    store: str = "sqlite"
    #: Where figures go (``None``: no figures).
    figures: Path | None = None
    cache: Path | None = CACHE_DIR
    #: Where databases are written (``None``: a temporary directory).
    workdir: Path | None = None
    with_eventsourcing: bool = True
    each_limit: int = EACH_LIMIT
    state_dates: int = STATE_DATES
    #: Print the report as JSON rather than as a table.
    as_json: bool = False
    #: Print the report as Markdown tables rather than as a plain-text table.
    markdown: bool = False
    #: Reports to merge (measure nothing; print and draw the merged report).
    merge: tuple[Path, ...] = ()
    #: govledger's ``rules_cache``; ``None``: room for the whole ledger, at least the
    #: default (the steady state of a bulk import that interleaves partnerships).
    rules_cache: int | None = None
    #: The one-partnership history sizes the growth run measures (empty: no growth run).
    growth: tuple[int, ...] = GROWTH_SIZES


def parse_size(text: str) -> int:
    """``"10k"`` is 10,000, ``"1M"`` is 1,000,000, ``"2500"`` is 2,500.

    >>> parse_size("100k"), parse_size("1M"), parse_size("750")
    (100000, 1000000, 750)
    """
    cleaned = text.strip().replace("_", "").replace(",", "")
    scale = 1
    if cleaned[-1:] in ("k", "K"):
        cleaned, scale = cleaned[:-1], 1_000
    elif cleaned[-1:] in ("m", "M"):
        cleaned, scale = cleaned[:-1], 1_000_000
    try:
        value = int(float(cleaned) * scale)
    except ValueError:
        raise UsageError(
            f"--n takes a number of events such as 10k, 100k or 1M, not {text!r}"
        ) from None
    if value < 50:
        raise UsageError(f"--n must be at least 50 events, not {text!r}")
    return value


# --------------------------------------------------------------------------- measurements

#: Every measurement: key -> (label, unit, whether higher is better).
MEASUREMENTS: dict[str, tuple[str, str, bool]] = {
    "append_each": ("append, 1 event per transaction", "events/s", True),
    "append_batched": (f"append, batches of {BATCH:,}", "events/s", True),
    "replay": ("state of every partnership, from checkpoints", "events/s", True),
    "replay_no_checkpoints": ("full replay, every partnership", "events/s", True),
    "state_median": ("state(as_of) median", "ms", False),
    "state_p95": ("state(as_of) p95", "ms", False),
    "state_median_no_checkpoints": ("state(as_of) median, no checkpoints", "ms", False),
    "state_p95_no_checkpoints": ("state(as_of) p95, no checkpoints", "ms", False),
    "history": ("history() stream, whole ledger", "events/s", True),
    "history_rss": ("history() peak RSS delta", "MiB", False),
    "history_traced": ("history() tracemalloc peak", "MiB", False),
    "verify": ("verify() full chain", "events/s", True),
    "bytes_per_event": ("database bytes per event", "bytes", False),
    "append_own_schema": (
        f"append, batches of {BATCH:,}; sqlite3 column: executemany into govledger's schema",
        "events/s",
        True,
    ),
    "replay_workers": (f"full replay, replay(workers={WORKERS}) of every fold", "events/s", True),
    "replay_projection": ("full replay, replay(workers=1) of every fold", "events/s", True),
    "decode": ("decode one stored event; sqlite3 column: json.loads", "us", False),
    "import": ("import govledger; sqlite3 column: import sqlite3, json", "ms", False),
    "checkpoint_ratio": ("checkpoint bytes / payload bytes, largest partnership", "x", False),
}

#: The measurements only some implementations have (the rest have all three).
PARTIAL: dict[str, tuple[str, ...]] = {
    "append_own_schema": ("govledger", "sqlite3"),
    "replay_workers": ("govledger", "sqlite3", "eventsourcing"),
    "replay_projection": ("govledger", "sqlite3", "eventsourcing"),
    "decode": ("govledger", "sqlite3"),
    "import": ("govledger", "sqlite3"),
    "checkpoint_ratio": ("govledger",),
}

#: The key whose baseline figures a measurement is compared with (itself by default).
_BASELINE_KEY: dict[str, str] = {
    "replay_no_checkpoints": "replay",
    "state_median_no_checkpoints": "state_median",
    "state_p95_no_checkpoints": "state_p95",
    "replay_workers": "replay",
    "replay_projection": "replay",
}


@attrs.define
class _Results:
    """Each implementation's samples for each measurement, at one ledger size."""

    samples: dict[str, dict[str, list[float]]] = attrs.Factory(dict)

    def add(self, key: str, subject: str, value: float) -> None:
        self.samples.setdefault(key, {}).setdefault(subject, []).append(value)

    def extend(self, key: str, subject: str, values: Sequence[float]) -> None:
        self.samples.setdefault(key, {}).setdefault(subject, []).extend(values)

    def spreads(self) -> dict[str, dict[str, Spread]]:
        return {
            key: {subject: spread(values) for subject, values in by_subject.items()}
            for key, by_subject in self.samples.items()
        }


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _sample_dates(ledger: GeneratedLedger, count: int, seed: int) -> list[date]:
    rng = random.Random(seed + 1)
    first, last = ledger.first_day(ledger.largest), ledger.last_day(ledger.largest)
    span = (last - first).days
    return sorted(first + timedelta(days=rng.randint(0, span)) for _ in range(count))


def _sample_positions(n: int, seed: int) -> list[int]:
    rng = random.Random(seed + 2)
    if n <= PAYLOAD_SAMPLE:
        return list(range(1, n + 1))
    return sorted(rng.sample(range(1, n + 1), PAYLOAD_SAMPLE))


@attrs.frozen(kw_only=True)
class _Answers:
    counts: dict[str, int]
    until: tuple[int, ...]
    payloads: tuple[str, ...]


def _answers(
    subject: Subject, ledger: GeneratedLedger, dates: Sequence[date], positions: Sequence[int]
) -> _Answers:
    return _Answers(
        counts=subject.counts(),
        until=tuple(subject.count_until(ledger.largest, day) for day in dates),
        payloads=tuple(subject.payloads(positions)),
    )


def check_agreement(answers: dict[str, Any], expected: dict[str, int]) -> dict[str, Any]:
    """Raise :class:`Disagreement` unless every implementation gave the same answers.

    *answers* maps an implementation's name to its ``_Answers``; *expected* is the
    generated ledger's count per partnership. Returns what was compared, for the report.
    """
    names = list(answers)
    reference = names[0]
    for name in names:
        if answers[name].counts != expected:
            wrong = sorted(
                p
                for p in set(expected) | set(answers[name].counts)
                if answers[name].counts.get(p) != expected.get(p)
            )
            raise Disagreement(
                f"{name} holds a different number of events than generated for "
                f"{len(wrong)} partnership(s), first {wrong[0]!r}: "
                f"{answers[name].counts.get(wrong[0])} instead of {expected.get(wrong[0])}"
            )
        for field in ("until", "payloads"):
            mine, theirs = getattr(answers[name], field), getattr(answers[reference], field)
            if mine != theirs:
                at = next(i for i, (a, b) in enumerate(zip(mine, theirs, strict=True)) if a != b)
                what = "events on or before sampled date" if field == "until" else "payload"
                raise Disagreement(
                    f"{name} and {reference} disagree on the {what} number {at + 1}: "
                    f"{str(mine[at])[:200]!r} against {str(theirs[at])[:200]!r}"
                )
    first = answers[reference]
    return {
        "implementations": names,
        "partnerships": len(first.counts),
        "dates": len(first.until),
        "positions": len(first.payloads),
        "agree": True,
    }


def _subjects(config: Config, n: int) -> list[Subject]:
    rules_cache = config.rules_cache if config.rules_cache is not None else max(n, RULES_CACHE)
    subjects: list[Subject] = [GovLedger(config.store, rules_cache), PlainSQLite()]
    if config.with_eventsourcing:
        if not eventsourcing_available():
            raise UsageError(
                "the eventsourcing library is not installed: pip install -e '.[bench]', "
                "or pass --no-eventsourcing to compare with plain sqlite3 only"
            )
        subjects.append(EventSourcingLibrary())
    return subjects


def _measure_size(n: int, config: Config, workdir: Path) -> dict[str, Any]:
    """Every measurement at one ledger size; the part of the report for that size."""
    repeats = 1 if config.quick else config.repeats
    _say(f"[{n:,}] generating (or reading the cache) ...")
    ledger = load_or_generate(n, config.seed, cache_dir=config.cache)
    # The generated events stay in memory for the whole run; keep the collector from
    # walking them again and again, which would slow every implementation alike.
    gc.collect()
    gc.freeze()
    expected = ledger.counts()
    partnerships = sorted(expected)
    until = ledger.last_day()
    each = ledger.rows[: min(n, config.each_limit)]
    dates = _sample_dates(ledger, config.state_dates, config.seed)
    shuffled = list(dates)  # asked in random order, so no question starts where the last ended
    random.Random(config.seed + 3).shuffle(shuffled)
    positions = _sample_positions(n, config.seed)
    subjects = _subjects(config, n)
    results = _Results()
    answers: dict[str, _Answers] = {}
    databases: dict[str, Path] = {}
    with_checkpoints = checkpoints_supported()
    own_files = config.store == "sqlite"  # the measurements that read the SQLite file itself

    # 1. append, then check the answers agree before timing any reading
    for subject in subjects:
        for repeat in range(repeats):
            path = workdir / f"{subject.name}-{n}-each-{repeat}.db"
            subject.create(path)
            _say(f"[{n:,}] {subject.name}: append {len(each):,} events one at a time")
            seconds, _ = timed(lambda s=subject: s.append_each(each, ledger))  # type: ignore[misc]
            results.add("append_each", subject.name, len(each) / seconds)
            subject.close()
            _remove(path)
            path = workdir / f"{subject.name}-{n}-{repeat}.db"
            subject.create(path)
            _say(f"[{n:,}] {subject.name}: append {n:,} events in batches of {BATCH:,}")
            seconds, _ = timed(lambda s=subject: s.append_batched(ledger, BATCH))  # type: ignore[misc]
            results.add("append_batched", subject.name, n / seconds)
            subject.close()
            if repeat + 1 < repeats:
                _remove(path)
            databases[subject.name] = path
        results.add("bytes_per_event", subject.name, subject.size_bytes() / n)
        subject.open(databases[subject.name], checkpoints=False)
        if isinstance(subject, EventSourcingLibrary):
            subject.index(ledger)
        answers[subject.name] = _answers(subject, ledger, dates, positions)
        subject.close()
    agreement = check_agreement(dict(answers), expected)
    _say(f"[{n:,}] the {len(subjects)} implementations agree: {agreement}")
    if own_files:
        mine = databases["govledger"]
        results.extend(
            "append_own_schema", "govledger", results.samples["append_batched"]["govledger"]
        )
        for repeat in range(repeats):
            _say(f"[{n:,}] executemany of govledger's rows into govledger's own schema")
            floor = workdir / f"floor-{n}-{repeat}.db"
            results.add("append_own_schema", "sqlite3", own_schema_floor(mine, floor, BATCH))
            _remove(floor)
            ours, theirs = decode_micros(mine, positions, config.seed + repeat)
            results.add("decode", "govledger", ours)
            results.add("decode", "sqlite3", theirs)
    _say(f"[{n:,}] import govledger against import sqlite3, json")
    imported, floor_import, _ = import_ratio(3 if config.quick else 5)
    results.add("import", "govledger", imported / 1000)
    results.add("import", "sqlite3", floor_import / 1000)

    # 2. reading: replay, state on a date, streaming, verify
    for subject in subjects:
        variants = [False, True] if isinstance(subject, GovLedger) and with_checkpoints else [False]
        for checkpoints in variants:
            suffix = "_no_checkpoints" if len(variants) == 2 and not checkpoints else ""
            subject.open(databases[subject.name], checkpoints=checkpoints)
            if isinstance(subject, EventSourcingLibrary):
                subject.index(ledger)
            _say(f"[{n:,}] {subject.name}{suffix.replace('_', ' ')}: replay and state(as_of)")
            for _ in range(repeats):
                seconds, read = timed(lambda s=subject: s.replay(partnerships, until))  # type: ignore[misc]
                if read != n:
                    raise Disagreement(f"{subject.name} replayed {read:,} events, not {n:,}")
                results.add("replay" + suffix, subject.name, n / seconds)
                gc.collect()
                latencies = [
                    timed(
                        lambda s=subject, d=day: s.state_as_of(ledger.largest, d),  # type: ignore[misc]
                        collect=False,
                    )[0]
                    * 1000
                    for day in shuffled
                ]
                ordered = spread(latencies, p95=True)
                results.add("state_median" + suffix, subject.name, ordered.median)
                results.add("state_p95" + suffix, subject.name, ordered.p95 or 0.0)
            if not checkpoints:
                _measure_stream_and_verify(subject, partnerships, n, repeats, results)
                if isinstance(subject, GovLedger) and own_files:
                    _measure_workers(subject, n, repeats, results)
            elif isinstance(subject, GovLedger) and own_files:
                ratio = checkpoint_ratio(databases[subject.name], ledger.largest)
                if ratio is not None:
                    results.add("checkpoint_ratio", subject.name, ratio)
            subject.close()
        if isinstance(subject, GovLedger) and not with_checkpoints:
            for key in ("replay", "state_median", "state_p95"):
                results.extend(  # this govledger has no checkpoints: the same figures
                    key + "_no_checkpoints", subject.name, results.samples[key][subject.name]
                )
    for path in databases.values():
        _remove(path)

    counts = ledger.counts()
    gc.unfreeze()  # let this size's ledger go before the next size is generated
    return {
        "n": n,
        "partnerships": len(counts),
        "largest": {"partnership": ledger.largest, "events": counts[ledger.largest]},
        "append_each_events": len(each),
        "state_dates": len(dates),
        "repeats": repeats,
        "checkpoints_supported": with_checkpoints,
        "agreement": agreement,
        "measurements": _report_measurements(results, [s.name for s in subjects]),
    }


def _measure_stream_and_verify(
    subject: Subject, partnerships: Sequence[str], n: int, repeats: int, results: _Results
) -> None:
    _say(f"[{n:,}] {subject.name}: history() stream, memory and verify()")
    for _ in range(repeats):
        seconds, read = timed(lambda: subject.stream(partnerships))
        if read != n:
            raise Disagreement(f"{subject.name} streamed {read:,} events, not {n:,}")
        results.add("history", subject.name, n / seconds)
        seconds, checked = timed(subject.verify)
        if checked != n:
            raise Disagreement(f"{subject.name} verified {checked:,} events, not {n:,}")
        results.add("verify", subject.name, n / seconds)
    memory = measure_memory(lambda: subject.stream(partnerships))
    results.add("history_rss", subject.name, memory.rss_delta / _MiB)
    results.add("history_traced", subject.name, memory.traced_peak / _MiB)


def _measure_workers(subject: GovLedger, n: int, repeats: int, results: _Results) -> None:
    _say(f"[{n:,}] govledger: replay(workers={WORKERS}) and replay(workers=1) of every fold")
    for _ in range(repeats):
        folded: dict[int, int] = {}
        for workers, key in ((WORKERS, "replay_workers"), (1, "replay_projection")):
            seconds, state = timed(
                lambda w=workers: subject.ledger.replay(FoldEveryPartnership(), workers=w)  # type: ignore[misc]
            )
            folded[workers] = folded_count(state)
            results.add(key, subject.name, n / seconds)
        if folded[WORKERS] != folded[1]:
            raise Disagreement(
                f"replay(workers={WORKERS}) folded {folded[WORKERS]:,} entries, "
                f"replay(workers=1) {folded[1]:,}"
            )


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _report_measurements(results: _Results, names: Sequence[str]) -> dict[str, Any]:
    spreads = results.spreads()
    report: dict[str, Any] = {}
    for key, (label, unit, higher) in MEASUREMENTS.items():
        found = spreads.get(key, {})
        mine = found.get("govledger")
        base = spreads.get(_BASELINE_KEY.get(key, key), {})
        ratios: dict[str, float | None] = {}
        for name in names:
            if name == "govledger" or (key in PARTIAL and name not in PARTIAL[key]):
                continue
            theirs = base.get(name)
            ratios[name] = _ratio(mine, theirs, higher_is_better=higher)
        report[key] = {
            "label": label,
            "unit": unit,
            "higher_is_better": higher,
            "results": {
                name: (found[name] if name in found else base[name]).as_dict()
                for name in names
                if name in found or (name != "govledger" and name in base)
            },
            "ratios": ratios,
        }
    return report


def _ratio(mine: Spread | None, theirs: Spread | None, *, higher_is_better: bool) -> float | None:
    """How many times better govledger's median is (above 1: govledger does better)."""
    if mine is None or theirs is None or mine.median <= 0 or theirs.median <= 0:
        return None
    return mine.median / theirs.median if higher_is_better else theirs.median / mine.median


# --------------------------------------------------------------------------- targets


@attrs.frozen(kw_only=True)
class _Target:
    name: str
    #: The measurement and, for a ratio target, the baseline it is compared with.
    key: str
    baseline: str | None
    #: The ratio (or the value, for an absolute target) at least/at most this.
    limit: float
    at_least: bool
    #: The ledger size the issue sets the target for (``None``: every size).
    size: int | None = None
    #: Judge govledger's median over the baseline's (a time: lower is better), not the ratio.
    quotient: bool = False


TARGETS: tuple[_Target, ...] = (
    _Target(
        name="decode one stored event <= 1.5x json.loads (time)",
        key="decode",
        baseline="sqlite3",
        limit=1.5,
        at_least=False,
        quotient=True,
    ),
    _Target(
        name="full replay, one process >= 1.5x eventsourcing",
        key="replay_no_checkpoints",
        baseline="eventsourcing",
        limit=1.5,
        at_least=True,
    ),
    _Target(
        name="full replay, one process >= 0.3x sqlite3 + json.loads",
        key="replay_no_checkpoints",
        baseline="sqlite3",
        limit=0.3,
        at_least=True,
    ),
    _Target(
        name="full replay, workers=2 >= 2.5x eventsourcing",
        key="replay_workers",
        baseline="eventsourcing",
        limit=2.5,
        at_least=True,
    ),
    _Target(
        name="history() streaming >= 1.2x eventsourcing",
        key="history",
        baseline="eventsourcing",
        limit=1.2,
        at_least=True,
    ),
    _Target(
        name="history() streaming >= 0.5x sqlite3 + json.loads",
        key="history",
        baseline="sqlite3",
        limit=0.5,
        at_least=True,
    ),
    _Target(
        name="batched append >= 1.0x eventsourcing",
        key="append_batched",
        baseline="eventsourcing",
        limit=1.0,
        at_least=True,
    ),
    _Target(
        name="batched append >= 0.5x executemany into govledger's own schema",
        key="append_own_schema",
        baseline="sqlite3",
        limit=0.5,
        at_least=True,
    ),
    _Target(
        name="state(as_of) median < 20 ms with checkpoints (set for 1M)",
        key="state_median",
        baseline=None,
        limit=20.0,
        at_least=False,
        size=1000000,
    ),
    _Target(
        name="checkpoint bytes <= 2x the partnership's payload bytes",
        key="checkpoint_ratio",
        baseline=None,
        limit=2.0,
        at_least=False,
    ),
    _Target(
        name="verify() >= 300,000 events/s",
        key="verify",
        baseline=None,
        limit=300000.0,
        at_least=True,
    ),
    _Target(
        name="import govledger <= 8x import sqlite3, json (time)",
        key="import",
        baseline="sqlite3",
        limit=8.0,
        at_least=False,
        quotient=True,
    ),
    _Target(
        name="history() tracemalloc peak < 50 MiB (set for 1M)",
        key="history_traced",
        baseline=None,
        limit=50.0,
        at_least=False,
        size=1000000,
    ),
    _Target(
        name="history() peak RSS delta < 50 MiB (set for 1M)",
        key="history_rss",
        baseline=None,
        limit=50.0,
        at_least=False,
        size=1000000,
    ),
)

#: The growth targets, judged on the one-partnership run: name -> limit (at most).
GROWTH_TARGETS: dict[str, float] = {
    "append per event at 20k entries <= 2x the cost at 1k": 2.0,
    "state(as_of) median at 10x the history <= 3x": 3.0,
    "state(as_of) p95 <= 3x median, at the longest history": 3.0,
}


def _growth_values(growth: dict[str, Any] | None) -> tuple[int, list[float | None]]:
    """The values of :data:`GROWTH_TARGETS` from a growth section, and its longest history."""
    points = (growth or {}).get("points") or []
    if len(points) < 2:
        return 0, [None] * len(GROWTH_TARGETS)
    first, last = points[0], points[-1]
    by_entries = {point["entries"]: point for point in points}
    low = by_entries.get(last["entries"] // 10, first)  # ten times the history if measured

    def quotient(a: float | None, b: float | None) -> float | None:
        return a / b if a is not None and b else None

    return last["entries"], [
        quotient(last["append_us_median"], first["append_us_median"]),
        quotient(last["state_ms_median"], low["state_ms_median"]),
        quotient(last["state_ms_p95"], last["state_ms_median"]),
    ]


def evaluate_targets(
    sizes: Sequence[dict[str, Any]], growth: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """PASS or MISS for every target at every measured size, the growth targets, and flatness."""
    verdicts: list[dict[str, Any]] = []
    for size in sizes:
        for target in TARGETS:
            entry = size["measurements"][target.key]
            if target.baseline is None:
                value = entry["results"].get("govledger", {}).get("median")
            elif target.quotient:
                mine = entry["results"].get("govledger", {}).get("median")
                theirs = entry["results"].get(target.baseline, {}).get("median")
                value = mine / theirs if mine is not None and theirs else None
            else:
                value = entry["ratios"].get(target.baseline)
            verdicts.append(
                _verdict(
                    target.name,
                    size["n"],
                    value,
                    target.limit,
                    at_least=target.at_least,
                    set_for=target.size,
                )
            )
    entries, values = _growth_values(growth)
    for (name, limit), value in zip(GROWTH_TARGETS.items(), values, strict=True):
        verdicts.append(
            _verdict(
                name,
                entries,
                value,
                limit,
                at_least=False,
                set_for=None,
                missing="no growth run (--no-growth)",
            )
        )
    by_n = {size["n"]: size for size in sizes}
    if 100_000 in by_n and 1_000_000 in by_n:
        small = by_n[100_000]["measurements"]["state_median"]["results"]["govledger"]["median"]
        large = by_n[1_000_000]["measurements"]["state_median"]["results"]["govledger"]["median"]
        value = large / small if small > 0 else None
    else:
        value = None
    verdicts.append(
        _verdict(
            "state(as_of) flat: median at 1M / at 100k < 2",
            1_000_000,
            value,
            2.0,
            at_least=False,
            set_for=1_000_000,
            missing="needs 100k and 1M: --n 100k,1M, or --merge two reports",
        )
    )
    return verdicts


def _verdict(
    name: str,
    n: int,
    value: float | None,
    limit: float,
    *,
    at_least: bool,
    set_for: int | None,
    missing: str = "not measured",
) -> dict[str, Any]:
    if value is None:
        status = "N/A"
    else:
        status = "PASS" if (value >= limit if at_least else value < limit) else "MISS"
    return {
        "target": name,
        "n": n,
        "value": value,
        "limit": limit,
        "at_least": at_least,
        "set_for_n": set_for,
        "status": status,
        "note": missing if value is None else "",
    }


# --------------------------------------------------------------------------- the report


def run_benchmarks(config: Config) -> dict[str, Any]:
    """Run every measurement at every size of *config*; return the report (JSON-ready)."""
    if config.workdir is None:
        with tempfile.TemporaryDirectory(prefix="govledger-bench-") as scratch:
            return run_benchmarks(attrs.evolve(config, workdir=Path(scratch)))
    config.workdir.mkdir(parents=True, exist_ok=True)
    sizes = [_measure_size(n, config, config.workdir) for n in config.sizes]
    growth = None
    if config.growth:
        _say("growth: one partnership's history at " + ", ".join(f"{s:,}" for s in config.growth))
        growth = measure_growth(config.workdir, config.seed, config.growth, cache_dir=config.cache)
    report: dict[str, Any] = {
        "benchmark": "govledger issue 8",
        "govledger": govledger.__version__,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "eventsourcing": _eventsourcing_version() if config.with_eventsourcing else None,
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
        "seed": config.seed,
        "quick": config.quick,
        "store": config.store,
        "batch": BATCH,
        "sizes": sizes,
        "growth": growth,
        "targets": evaluate_targets(sizes, growth),
    }
    if config.figures is not None and sizes:
        from bench.plots import write_figures

        report["figures"] = [os.fspath(p) for p in write_figures(report, config.figures)]
    return report


def merge_reports(reports: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """One report holding every size of *reports* (a later report wins for the same size).

    The targets are judged again over the merged sizes, so the flatness target can be
    judged from a 100k run and a 1M run made separately.
    """
    if not reports:
        raise UsageError("--merge needs at least one JSON report written by --json")
    by_n: dict[int, dict[str, Any]] = {}
    for report in reports:
        if report.get("benchmark") != "govledger issue 8" or "sizes" not in report:
            raise UsageError(
                "--merge takes reports printed by `python -m bench --json`; one of them is not"
            )
        for size in report["sizes"]:
            by_n[int(size["n"])] = size
    merged = dict(reports[-1])
    merged["sizes"] = [by_n[n] for n in sorted(by_n)]
    merged["growth"] = next((r["growth"] for r in reversed(reports) if r.get("growth")), None)
    merged["targets"] = evaluate_targets(merged["sizes"], merged["growth"])
    merged.pop("figures", None)
    return merged


def _merge_files(paths: Sequence[Path], figures: Path | None) -> dict[str, Any]:
    reports: list[dict[str, Any]] = []
    for path in paths:
        try:
            reports.append(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError) as exc:
            raise UsageError(f"--merge could not read the report {path}: {exc}") from exc
    merged = merge_reports(reports)
    if figures is not None:
        from bench.plots import write_figures

        merged["figures"] = [os.fspath(p) for p in write_figures(merged, figures)]
    return merged


def _eventsourcing_version() -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("eventsourcing")
    except PackageNotFoundError:
        return None


def _figure(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "events/s":
        return f"{value:,.0f}"
    if unit == "bytes":
        return f"{value:,.0f}"
    return f"{value:,.2f}" if value < 100 else f"{value:,.0f}"


def _cell(result: dict[str, Any] | None, unit: str) -> str:
    if result is None:
        return "-"
    median = _figure(result["median"], unit)
    if result.get("samples", 1) > 1:
        return f"{median} ({_figure(result['min'], unit)}-{_figure(result['max'], unit)})"
    return median


def render_table(report: dict[str, Any]) -> str:
    """The report as a plain-text table: one block per size, then the targets."""
    lines: list[str] = []
    for size in report["sizes"]:
        names = list(size["measurements"]["append_batched"]["results"])
        baselines = [name for name in names if name != "govledger"]
        lines.append(
            f"n = {size['n']:,} events, {size['partnerships']:,} partnerships (largest "
            f"{size['largest']['partnership']}: {size['largest']['events']:,} events), "
            f"{size['repeats']} repeat(s); median (min-max); ratio > 1: govledger does better"
        )
        header = ["measurement", "unit", "govledger"]
        for name in baselines:
            header += [name, f"x vs {name}"]
        rows = [header]
        for entry in size["measurements"].values():
            row = [
                entry["label"],
                entry["unit"],
                _cell(entry["results"].get("govledger"), entry["unit"]),
            ]
            for name in baselines:
                ratio = entry["ratios"].get(name)
                row += [
                    _cell(entry["results"].get(name), entry["unit"]),
                    "-" if ratio is None else f"{ratio:.2f}",
                ]
            rows.append(row)
        lines += _columns(rows)
        lines.append("")
    lines += _growth_lines(report.get("growth"), markdown=False)
    lines.append("targets (from issue 17)")
    rows = [["status", "n", "target", "value"]]
    for verdict in report["targets"]:
        value = verdict["value"]
        shown = verdict["note"] if value is None else f"{value:,.2f}"
        rows.append([verdict["status"], f"{verdict['n']:,}", verdict["target"], shown])
    lines += _columns(rows, left=3)
    return "\n".join(lines)


def render_markdown(report: dict[str, Any]) -> str:
    """The report as Markdown tables (for ``docs/performance.md``): one per size, then targets."""
    lines: list[str] = []
    for size in report["sizes"]:
        names = list(size["measurements"]["append_batched"]["results"])
        baselines = [name for name in names if name != "govledger"]
        lines += [
            f"**{size['n']:,} events**: {size['partnerships']:,} partnerships, the largest "
            f"with {size['largest']['events']:,} events; {size['repeats']} repeat(s), "
            "median (min-max).",
            "",
        ]
        header = ["measurement", "unit", "govledger"]
        for name in baselines:
            header += [name, f"x vs {name}"]
        lines.append("| " + " | ".join(header) + " |")
        lines.append("| " + " | ".join(["---", "---"] + ["--:"] * (len(header) - 2)) + " |")
        for entry in size["measurements"].values():
            unit = entry["unit"]
            row = [entry["label"], unit, _cell(entry["results"].get("govledger"), unit)]
            for name in baselines:
                ratio = entry["ratios"].get(name)
                row += [
                    _cell(entry["results"].get(name), unit),
                    "-" if ratio is None else f"{ratio:.2f}",
                ]
            lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |")
        lines.append("")
    lines += _growth_lines(report.get("growth"), markdown=True)
    lines += ["| status | n | target | value |", "| --- | --: | --- | --: |"]
    for verdict in report["targets"]:
        value = verdict["value"]
        shown = verdict["note"] if value is None else f"{value:,.2f}"
        lines.append(f"| {verdict['status']} | {verdict['n']:,} | {verdict['target']} | {shown} |")
    return "\n".join(lines)


def _growth_lines(growth: dict[str, Any] | None, *, markdown: bool) -> list[str]:
    """The growth run as a table: cost against one partnership's history."""
    if not growth or not growth.get("points"):
        return []
    rows = [["entries", "append per event, median (us)", "state(as_of) median (ms)", "p95 (ms)"]]
    for point in growth["points"]:
        rows.append(
            [
                f"{point['entries']:,}",
                f"{point['append_us_median']:,.0f}",
                f"{point['state_ms_median']:,.2f}",
                f"{point['state_ms_p95']:,.2f}",
            ]
        )
    title = (
        f"growth: one partnership's history; {growth['each']} appends of one event and "
        f"{growth['dates']} state(as_of) questions at each size"
    )
    if not markdown:
        return [title, *_columns(rows, left=1), ""]
    table = ["| " + " | ".join(rows[0]) + " |", "| " + " | ".join(["--:"] * 4) + " |"]
    table += ["| " + " | ".join(row) + " |" for row in rows[1:]]
    return [f"**{title[0].upper()}{title[1:]}.**", "", *table, ""]


def _columns(rows: list[list[str]], *, left: int = 2) -> list[str]:
    """Align *rows* in columns: the first *left* to the left, the rest to the right."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    rendered = []
    for index, row in enumerate(rows):
        cells = [
            cell.ljust(w) if i < left or index == 0 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ]
        rendered.append("  ".join(cells).rstrip())
        if index == 0:
            rendered.append("  ".join("-" * w for w in widths))
    return rendered


# --------------------------------------------------------------------------- command line


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Measure govledger beside plain sqlite3 and the eventsourcing library.",
    )
    parser.add_argument(
        "--n",
        action="append",
        default=None,
        metavar="SIZE",
        help="ledger size: 10k, 100k, 1M or a number; repeat or separate "
        "with commas for several sizes (default 10k)",
    )
    parser.add_argument(
        "--repeats",
        type=int,
        default=3,
        help="how many times each measurement is repeated (default 3)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"the CI check: {QUICK_N} events, one repeat, no figures",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="print the whole report as JSON on stdout instead of the table",
    )
    parser.add_argument("--seed", type=int, default=2026, help="generator seed (default 2026)")
    parser.add_argument(
        "--store", default="sqlite", help="which store govledger runs on (default sqlite)"
    )
    parser.add_argument(
        "--figures",
        type=Path,
        default=None,
        help=f"directory for the PNG figures (default {DOCS_FIGURES} for a "
        "full run, none for --quick)",
    )
    parser.add_argument("--no-figures", action="store_true", help="write no figures")
    parser.add_argument(
        "--no-cache", action="store_true", help="generate the ledger afresh and do not cache it"
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        default=None,
        help="where to write the benchmark databases (default: a temporary directory)",
    )
    parser.add_argument(
        "--markdown", action="store_true", help="print the report as Markdown tables"
    )
    parser.add_argument(
        "--merge",
        type=Path,
        nargs="+",
        metavar="REPORT",
        help="measure nothing: merge reports written with --json (say a 100k run and a 1M "
        "run), judge the targets again, print the table and draw the figures",
    )
    parser.add_argument(
        "--no-eventsourcing", action="store_true", help="compare with plain sqlite3 only"
    )
    parser.add_argument(
        "--no-growth",
        action="store_true",
        help="skip the growth run (one partnership's history at "
        + ", ".join(f"{s:,}" for s in GROWTH_SIZES)
        + " entries)",
    )
    parser.add_argument(
        "--rules-cache",
        type=int,
        default=None,
        metavar="ENTRIES",
        help="govledger's Ledger.open(rules_cache=) for appending (default: room for the "
        f"whole ledger, at least govledger's default of {RULES_CACHE:,})",
    )
    return parser


def config_from_args(argv: Sequence[str] | None = None) -> Config:
    """The :class:`Config` for command-line arguments *argv*."""
    args = _parser().parse_args(argv)
    if args.repeats < 1:
        raise UsageError(f"--repeats must be at least 1, not {args.repeats}")
    if args.quick:
        sizes: tuple[int, ...] = (QUICK_N,) if args.n is None else _sizes(args.n)
    else:
        sizes = _sizes(args.n or ["10k"])
    figures = None
    if not args.no_figures:
        figures = args.figures if args.figures is not None or args.quick else DOCS_FIGURES
    return Config(
        sizes=sizes,
        repeats=1 if args.quick else args.repeats,
        seed=args.seed,
        quick=args.quick,
        store=args.store,
        figures=figures,
        cache=None if args.no_cache else CACHE_DIR,
        workdir=args.workdir,
        with_eventsourcing=not args.no_eventsourcing,
        state_dates=20 if args.quick else STATE_DATES,
        as_json=args.json,
        merge=tuple(args.merge or ()),
        markdown=args.markdown,
        rules_cache=args.rules_cache,
        growth=() if args.no_growth else (QUICK_SIZES if args.quick else GROWTH_SIZES),
    )


def _sizes(values: Sequence[str]) -> tuple[int, ...]:
    found: list[int] = []
    for value in values:
        found += [parse_size(part) for part in value.split(",") if part.strip()]
    return tuple(sorted(set(found)))


def main(argv: Sequence[str] | None = None, *, out: Callable[[str], None] = print) -> int:
    """Run the benchmarks from the command line; 0 on success, 1 if they disagree, 2 on misuse."""
    try:
        config = config_from_args(argv)
        if config.merge:
            report = _merge_files(config.merge, config.figures)
        else:
            report = run_benchmarks(config)
    except Disagreement as exc:
        _say(f"error: {exc}")
        return 1
    except UsageError as exc:
        _say(f"error: {exc}")
        return 2
    if config.as_json:
        out(json.dumps(report, indent=2))
    else:
        out(render_markdown(report) if config.markdown else render_table(report))
    return 0
