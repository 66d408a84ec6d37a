"""PostgreSQL as a benchmark store, and a side-by-side run of SQLite and PostgreSQL.

:func:`postgres_target` gives ``bench.run`` a fresh, empty PostgreSQL ledger (one schema
per ledger) on the server named by ``--store postgresql://...``, by
``GOVLEDGER_BENCH_POSTGRES_URL``, or else on a throwaway server started for the run
(``scripts/postgres_for_tests.py``) and stopped when the process exits.

``python -m bench.postgres --n 10k`` times the same work on both stores through the
public API (append one at a time, append in batches, replay, state as of, verify) and
prints a Markdown table for ``docs/postgres.md``.
"""

from __future__ import annotations

import argparse
import atexit
import os
import random
import re
import sys
import tempfile
import uuid
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path

import attrs

from bench.generate import CACHE_DIR, GeneratedLedger, load_or_generate
from bench.measure import timed
from bench.run import BATCH, StoreTarget, parse_size
from govledger import Ledger

__all__ = ["PostgresTarget", "main", "postgres_target", "server_url"]

URL_VARIABLE = "GOVLEDGER_BENCH_POSTGRES_URL"
_SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"
_server: list[str] = []


def server_url(store: str = "postgresql") -> str:
    """The PostgreSQL server to measure on: *store* if it is a URL, else the variable,
    else a throwaway server started now (once per process)."""
    if store.startswith(("postgresql://", "postgres://")):
        return store
    if os.environ.get(URL_VARIABLE):
        return os.environ[URL_VARIABLE]
    if not _server:
        sys.path.insert(0, str(_SCRIPTS))
        from postgres_for_tests import ThrowawayCluster

        cluster = ThrowawayCluster.start()
        atexit.register(cluster.stop)
        _server.append(cluster.url())
    return _server[0]


@attrs.frozen
class PostgresTarget(StoreTarget):
    """A ledger in its own schema of a PostgreSQL database."""

    schema: str = ""
    server: str = ""

    def size_bytes(self) -> int:
        """Bytes the ledger's tables and their indexes take on the server."""
        import psycopg

        with psycopg.connect(self.server, autocommit=True) as connection:
            row = connection.execute(
                "SELECT COALESCE(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = %s AND c.relkind = 'r'",
                (self.schema,),
            ).fetchone()
        return int(row[0]) if row else 0


def postgres_target(store: str, path: Path) -> PostgresTarget:
    """A fresh, empty PostgreSQL ledger named after *path*, on :func:`server_url`."""
    import psycopg

    server = server_url(store)
    name = re.sub(r"[^a-z0-9_]", "_", path.stem.lower())[:40]
    schema = f"bench_{name}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f"CREATE SCHEMA {schema}")
    joiner = "&" if "?" in server else "?"
    target = f"{server}{joiner}options=-c%20search_path%3D{schema}"
    return PostgresTarget(target=target, path=None, schema=schema, server=server)


# --------------------------------------------------------------------------- side by side

_Work = Callable[[Ledger], object]


def _fresh(store: str, folder: Path, name: str) -> str:
    if store == "sqlite":
        return str(folder / f"{name}-{uuid.uuid4().hex[:6]}.db")
    return postgres_target(store, folder / name).target


def measure(store: str, generated: GeneratedLedger, folder: Path) -> dict[str, float]:
    """Seconds for each piece of work on *store* (``"sqlite"`` or a PostgreSQL URL)."""
    events = generated.events
    figures: dict[str, float] = {}
    each = min(1000, len(events))
    with Ledger.open(_fresh(store, folder, "each")) as ledger:
        seconds, _ = timed(lambda: [ledger.append(event) for event in events[:each]])
    figures["append one at a time (per event, ms)"] = seconds / each * 1000
    with Ledger.open(_fresh(store, folder, "batched")) as ledger:

        def batched() -> None:
            for start in range(0, len(events), BATCH):
                ledger.append(*events[start : start + BATCH])

        seconds, _ = timed(batched)
        figures[f"append in batches of {BATCH} (events/s)"] = len(events) / seconds
        partnerships = list(generated.partnerships)
        until = generated.last_day()
        seconds, _ = timed(lambda: [ledger.state(p, as_of=until) for p in partnerships])
        figures["replay every partnership (s)"] = seconds
        rng = random.Random(7)
        first, last = generated.first_day(generated.largest), generated.last_day(generated.largest)
        days = [first + timedelta(days=rng.randrange((last - first).days + 1)) for _ in range(50)]
        seconds, _ = timed(lambda: [ledger.state(generated.largest, as_of=d) for d in days])
        figures["state as of, largest partnership (ms)"] = seconds / len(days) * 1000
        seconds, report = timed(ledger.verify)
        assert report.ok, report.detail
        figures["verify (s)"] = seconds
    return figures


def render(n: int, results: dict[str, dict[str, float]]) -> str:
    """A Markdown table of *results*, one column per store."""
    stores = list(results)
    lines = [
        f"| {n:,} events | " + " | ".join(stores) + " |",
        "| --- | " + " | ".join("---:" for _ in stores) + " |",
    ]
    for work in results[stores[0]]:
        cells = [_number(results[store][work]) for store in stores]
        lines.append(f"| {work} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _number(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:.2f}" if value >= 1 else f"{value:.3f}"


def main(argv: Sequence[str] | None = None) -> int:
    """Measure both stores on one generated ledger and print the table."""
    parser = argparse.ArgumentParser(description="govledger on SQLite beside PostgreSQL")
    parser.add_argument("--n", default="10k", help="ledger size, e.g. 400, 10k (default 10k)")
    parser.add_argument("--postgres", default="postgresql", help="a server URL (optional)")
    args = parser.parse_args(argv)
    n = parse_size(args.n)
    generated = load_or_generate(n, cache_dir=CACHE_DIR)
    with tempfile.TemporaryDirectory() as folder:
        results = {
            "SQLite (file)": measure("sqlite", generated, Path(folder)),
            "PostgreSQL 15 (local socket)": measure(args.postgres, generated, Path(folder)),
        }
    print(render(n, results))
    print(f"\n(measured {date.today():%d %B %Y}; each figure one run)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
