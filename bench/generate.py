"""A realistic ledger for the benchmarks, the same for the same seed, cached on disk.

The events come from govledger's own model of a valid world
(:mod:`govledger.testing._model.world`, the one behind the ``histories()`` strategy), driven
by a seeded :class:`random.Random` instead of hypothesis, so no search machinery runs
and the same ``(seed, n)`` always gives the same events in the same order.

Shape of the ledger (see :func:`generate`): about one partnership per hundred events,
each active for a random number of decisions before it may dissolve; one partnership,
"the largest", takes :data:`LARGEST_SHARE` of the decisions, up to
:data:`LARGEST_DECISIONS`, and never dissolves; every
event kind occurs (resolutions with nested parts, votes and conditions, posts,
delegations, arrangements, cost shares, call-ins ...), and some events are held back and
appended later as back-dated entries.

Generated ledgers are cached under ``bench/.cache/`` as canonical JSON lines (one
``{"type", "schema_version", "payload"}`` object per event, in append order, after one
header line), keyed by seed, size, :data:`GENERATOR_VERSION` and a digest of the
generator's and the world model's source.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import random
import sys
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, cast

import attrs

from govledger.codec import decode, encode
from govledger.errors import UsageError
from govledger.events import Event, ResolutionRef, certain_from
from govledger.testing import _model
from govledger.testing._model import steps as _steps
from govledger.testing._model.draw import Gen, Step
from govledger.testing._model.world import Partnership, World

if TYPE_CHECKING:
    from hypothesis.strategies import DrawFn

__all__ = [
    "CACHE_DIR",
    "GENERATOR_VERSION",
    "LARGEST_DECISIONS",
    "LARGEST_SHARE",
    "GeneratedLedger",
    "Row",
    "generate",
    "load_or_generate",
]

#: Bump when the generator changes what a seed produces, so old caches are not reused.
GENERATOR_VERSION = 2

#: The share of decisions (steps) that go to the largest partnership.
LARGEST_SHARE = 0.05

#: The most decisions the largest partnership takes, however large the ledger. A ledger
#: grows by recording more partnerships, not by one partnership deciding without end:
#: 2,000 decisions is a hundred a year for twenty years, several times busier than any
#: partnership in the seed minutes. Without the cap the largest partnership of a 1M
#: ledger would hold some 45,000 decisions over four centuries, and its state(as_of)
#: would measure the size of that one partnership rather than the ledger's.
LARGEST_DECISIONS = 2_000

#: Where generated ledgers are cached (gitignored).
CACHE_DIR = Path(__file__).resolve().parent / ".cache"

#: Days between one decision of an ordinary partnership and its next, at most.
_ORDINARY_GAP = 21
#: The same for the largest partnership: small, so that it fits in a few centuries.
_LARGEST_GAP = 2
_START = date(1990, 1, 1)

_T = TypeVar("_T")


@attrs.frozen(kw_only=True)
class Row:
    """One event as every implementation stores it: the same columns, the same payload."""

    partnership: str
    type: str
    schema_version: int
    #: ``certain_from(event.effective)`` in ISO form: the day the store indexes.
    effective: str
    #: The canonical JSON payload from :func:`govledger.codec.encode`.
    payload: str


@attrs.frozen(kw_only=True)
class GeneratedLedger:
    """A generated ledger: its events in append order and what the benchmarks need."""

    seed: int
    n: int
    events: tuple[Event, ...]
    rows: tuple[Row, ...]
    #: The partnership with the most events.
    largest: str
    #: Every partnership, in the order it first appears.
    partnerships: tuple[str, ...]

    def first_day(self, partnership: str) -> date:
        """The earliest indexed effective day of *partnership*."""
        return min(
            date.fromisoformat(r.effective) for r in self.rows if r.partnership == partnership
        )

    def last_day(self, partnership: str | None = None) -> date:
        """The latest indexed effective day of *partnership* (or of the whole ledger)."""
        return max(
            date.fromisoformat(r.effective)
            for r in self.rows
            if partnership is None or r.partnership == partnership
        )

    def counts(self) -> dict[str, int]:
        """How many events each partnership has."""
        found: dict[str, int] = {}
        for row in self.rows:
            found[row.partnership] = found.get(row.partnership, 0) + 1
        return found


class _SeededGen(Gen):
    """The world model's draw helpers, answered by a seeded ``random.Random``."""

    def __init__(self, rng: random.Random, world: World) -> None:
        super().__init__(cast("DrawFn", _no_hypothesis), world)
        self.rng = rng

    def pick(self, items: Sequence[_T]) -> _T:
        return items[self.rng.randrange(len(items))]

    def chance(self, percent: int) -> bool:
        return self.rng.randrange(100) >= 100 - percent

    def number(self, low: int, high: int) -> int:
        return self.rng.randint(low, high)

    def some(self, items: Sequence[_T], low: int, high: int) -> list[_T]:
        high = min(high, len(items))
        if high < low:
            return []
        chosen: list[_T] = []
        for item in self.rng.sample(list(items), len(items)):
            if len(chosen) == high:
                break
            if item not in chosen:
                chosen.append(item)
        return chosen[: self.rng.randint(min(low, len(chosen)), len(chosen))]

    def elsewhere_choices(self, p: Partnership, day: date) -> Sequence[ResolutionRef]:
        # the same parts in the same order as the scan, read from the world's index
        found = self.world.citable_index.choices(p, day)
        return super().elsewhere_choices(p, day) if found is None else found


def _no_hypothesis(strategy: object) -> object:
    raise RuntimeError(
        "the benchmark generator drew from a hypothesis strategy directly; "
        "bench.generate must override every draw helper of the world model"
    )


@attrs.define(eq=False)
class _Plan:
    """Which partnership is the largest, and how long each other one stays active."""

    rng: random.Random
    largest: str | None = None
    quota: dict[str, int] = attrs.Factory(dict)
    active: list[Partnership] = attrs.Factory(list)

    def room(self, world: World, p: Partnership) -> bool:
        gap = self.gap(p)
        return p.dissolved is None and p.day + timedelta(days=3 * gap + 60) < world.end

    def gap(self, p: Partnership) -> int:
        return _LARGEST_GAP if p.partnership == self.largest else _ORDINARY_GAP


def _step(g: _SeededGen, world: World, plan: _Plan) -> Step | None:
    """One decision: as ``_model.steps.draw_step``, but steering partnership sizes.

    The only differences from the model's own ``draw_step``: the largest partnership
    is chosen with probability :data:`LARGEST_SHARE` until it has taken
    :data:`LARGEST_DECISIONS`, no partnership dissolves before
    its quota of decisions, and each partnership keeps its own gap between decisions.
    """
    rng = g.rng
    if world.formed < world.max_partnerships and (not plan.active or g.chance(25)):
        world.gap = _ORDINARY_GAP
        step = _steps._form(g)
        formed = step.append[0].partnership
        if plan.largest is None:
            plan.largest = formed
        plan.quota[formed] = rng.randint(20, 200)
        plan.active.append(world.partnership(formed))
        return step
    while plan.active:
        largest = world.partnership(plan.largest) if plan.largest is not None else None
        if (
            largest is not None
            and largest.steps < LARGEST_DECISIONS
            and plan.room(world, largest)
            and rng.random() < LARGEST_SHARE
        ):
            index, p = -1, largest
        else:
            index = rng.randrange(len(plan.active))
            p = plan.active[index]
        if not plan.room(world, p):
            if index >= 0:
                plan.active[index] = plan.active[-1]
                plan.active.pop()
            continue
        world.gap = plan.gap(p)
        options = _steps._steps_for(world, p)
        if p.partnership == plan.largest or p.steps < plan.quota[p.partnership]:
            options = [option for option in options if option is not _steps._dissolve]
        step = g.pick(options)(g, p)
        p.steps += 1
        for event in step.hold:
            world.hold(event)
        return step
    return None


def generate(n: int, seed: int = 2026) -> list[Event]:
    """Exactly *n* valid events, in append order, from *seed*; deterministic.

    Appending them in this order (one at a time or in batches) satisfies every domain
    rule; some are back-dated entries, appended after later-dated events of their
    partnership.
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise UsageError(f"n must be a whole number of events >= 1, not {n!r}")
    rng = random.Random(seed)
    partnerships = max(3, n // 100)
    largest_events = min(LARGEST_DECISIONS, max(200, int(n * LARGEST_SHARE * 1.6)))
    span = max(20 * 365, _LARGEST_GAP * largest_events + 3 * 365)
    world = World(
        start=_START,
        end=_START + timedelta(days=span),
        max_partnerships=partnerships,
        gap=_ORDINARY_GAP,
        back_dating=True,
    )
    plan = _Plan(rng=rng)
    g = _SeededGen(rng, world)
    while len(world.events) + len(world.held) < n:
        step = _step(g, world, plan)
        if step is None:  # every partnership used its room: let more form
            world.max_partnerships += max(1, partnerships // 10)
            continue
        world.record(step.append)
        for event in list(world.held):
            if rng.randrange(4) == 3:
                world.record([event])  # appended late: a back-dated entry
    world.record(list(world.held))
    return world.events[:n]


def _row(event: Event) -> Row:
    kind, version, payload = encode(event)
    return Row(
        partnership=event.partnership,
        type=kind,
        schema_version=version,
        effective=certain_from(event.effective).isoformat(),
        payload=payload,
    )


def _ledger(seed: int, events: Sequence[Event], rows: Sequence[Row]) -> GeneratedLedger:
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.partnership] = counts.get(row.partnership, 0) + 1
    largest = max(counts, key=lambda p: (counts[p], p))
    return GeneratedLedger(
        seed=seed,
        n=len(rows),
        events=tuple(events),
        rows=tuple(rows),
        largest=largest,
        partnerships=tuple(counts),
    )


def _model_digest() -> str:
    """A short digest of the world model's and this module's source.

    It is part of the cache key, so a change to either generates the ledger afresh
    even if nobody remembered to bump :data:`GENERATOR_VERSION`.
    """
    digest = hashlib.sha256()
    model = sorted(Path(inspect.getfile(_model)).parent.glob("*.py"))
    for path in [*model, Path(inspect.getfile(sys.modules[__name__]))]:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def cache_path(n: int, seed: int, cache_dir: Path = CACHE_DIR) -> Path:
    """Where the ledger of *n* events from *seed* is cached."""
    return cache_dir / f"ledger-v{GENERATOR_VERSION}-{_model_digest()}-seed{seed}-n{n}.jsonl"


def load_or_generate(
    n: int, seed: int = 2026, *, cache_dir: Path | None = CACHE_DIR
) -> GeneratedLedger:
    """The ledger of *n* events from *seed*: read from the cache, or generated and cached.

    With *cache_dir* ``None`` nothing is read or written on disk.
    """
    path = None if cache_dir is None else cache_path(n, seed, cache_dir)
    if path is not None and path.exists():
        return _read(path, seed)
    events = generate(n, seed)
    rows = [_row(event) for event in events]
    if path is not None:
        _write(path, seed, rows)
    return _ledger(seed, events, rows)


def _write(path: Path, seed: int, rows: Sequence[Row]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    with partial.open("w", encoding="utf-8") as out:
        header = {"generator": GENERATOR_VERSION, "n": len(rows), "seed": seed}
        out.write(json.dumps(header, sort_keys=True) + "\n")
        for row in rows:
            out.write(
                f'{{"payload":{row.payload},"schema_version":{row.schema_version},'
                f'"type":{json.dumps(row.type)}}}\n'
            )
    partial.replace(path)


def _read(path: Path, seed: int) -> GeneratedLedger:
    events: list[Event] = []
    rows: list[Row] = []
    with path.open(encoding="utf-8") as lines:
        header = json.loads(next(lines))
        if header.get("generator") != GENERATOR_VERSION or header.get("seed") != seed:
            raise UsageError(
                f"{path} was written by another generator version or seed; delete it "
                "and run again to regenerate it"
            )
        for line in lines:
            record = json.loads(line)
            event = decode(record["type"], record["schema_version"], record["payload"])
            events.append(event)
            rows.append(_row(event))
    if len(rows) != header.get("n"):
        raise UsageError(f"{path} is truncated ({len(rows)} events); delete it and run again")
    return _ledger(seed, events, rows)
