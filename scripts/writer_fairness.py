"""Measure how long appends wait when several processes write one ledger at once.

Eight writer processes (``--writers``) each append ``--appends`` events, one append at
a time, to one SQLite ledger file: in the ``shared`` run all to one partnership that
already holds ``--history`` events, in the ``separate`` run each to its own
partnership. Every append's latency (from the call to its return, so the wait for the
write lock included) is recorded; the script prints the longest, the 99th percentile
and the median of each run, and how many appends gave up with ``LedgerBusy``. Each
writer's first append is reported apart ("cold"): it reads the partnership's history
once, outside the write lock, which is work, not waiting.

    python scripts/writer_fairness.py                      # 8 writers, 40 appends each
    python scripts/writer_fairness.py --json results.json

docs/guarantees.md ("Fair writers") shows a run and what it means.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from govledger import (
    BodyKind,
    Citation,
    CouncilBody,
    Ledger,
    LedgerBusy,
    Member,
    Part,
    PartnershipFormed,
    ResolutionPassed,
)

_CITE = (Citation(document="Memorandum of Agreement"),)
_DAY = date(2030, 1, 1)


def _formed(partnership: str) -> PartnershipFormed:
    return PartnershipFormed(
        partnership=partnership,
        effective=date(2020, 1, 1),
        name="A partnership",
        members=(Member(council="alpha", name="Alpha"), Member(council="beta", name="Beta")),
        authorised_by=_CITE,
    )


def _decision(partnership: str, resolution: str, on: date) -> ResolutionPassed:
    return ResolutionPassed(
        partnership=partnership,
        effective=on,
        resolution=resolution,
        decided_by=CouncilBody(council="alpha", name="Cabinet", kind=BodyKind.EXECUTIVE),
        decided=on,
        item="7",
        title="Shared services",
        parts=(Part(number="1", summary="approve the proposal"),),
    )


def _writer(path: str, partnership: str, writer: int, appends: int, out: Any) -> None:
    latencies: list[float] = []
    busy = 0
    with Ledger.open(path, busy_timeout=30.0) as ledger:
        started = time.perf_counter()
        ledger.append(_decision(partnership, f"w{writer}-cold", _DAY))
        cold = time.perf_counter() - started
        out.put(("ready", writer))
        for n in range(appends):
            started = time.perf_counter()
            try:
                ledger.append(_decision(partnership, f"w{writer}-{n}", _DAY))
            except LedgerBusy:
                busy += 1
            latencies.append(time.perf_counter() - started)
    out.put(("done", writer, latencies, busy, cold))


def run(mode: str, *, writers: int, appends: int, history: int, folder: Path) -> dict[str, Any]:
    """One run: *writers* processes, *appends* each; ``shared`` or ``separate``."""
    path = folder / f"{mode}.db"
    names = ["shared"] * writers if mode == "shared" else [f"p{n}" for n in range(writers)]
    with Ledger.open(path) as ledger:
        for name in dict.fromkeys(names):
            ledger.append(_formed(name))
        if mode == "shared":
            days = [date(2021, 1, 1).replace(year=2021 + n // 300) for n in range(history)]
            batch = [_decision("shared", f"h{n}", day) for n, day in enumerate(days)]
            for start in range(0, len(batch), 500):
                ledger.append(*batch[start : start + 500])
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    processes = [
        context.Process(target=_writer, args=(str(path), names[n], n, appends, queue))
        for n in range(writers)
    ]
    for process in processes:
        process.start()
    latencies: list[float] = []
    colds: list[float] = []
    busy = 0
    done = 0
    while done < writers:
        message = queue.get(timeout=600)
        if message[0] == "done":
            latencies.extend(message[2])
            busy += message[3]
            colds.append(message[4])
            done += 1
    for process in processes:
        process.join()
    ordered = sorted(latencies)
    return {
        "mode": mode,
        "writers": writers,
        "appends": len(latencies),
        "history": history if mode == "shared" else 0,
        "longest_s": round(ordered[-1], 4),
        "p99_s": round(ordered[max(0, int(len(ordered) * 0.99) - 1)], 4),
        "median_s": round(statistics.median(ordered), 4),
        "busy": busy,
        "longest_cold_s": round(max(colds), 4),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--appends", type=int, default=40)
    parser.add_argument("--history", type=int, default=2000)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for mode in ("shared", "separate"):
            result = run(
                mode,
                writers=args.writers,
                appends=args.appends,
                history=args.history,
                folder=Path(folder),
            )
            results.append(result)
            print(
                f"{mode:>8}: {result['writers']} writers, {result['appends']} appends"
                f" (partnership history {result['history']}): longest {result['longest_s']}s,"
                f" p99 {result['p99_s']}s, median {result['median_s']}s,"
                f" LedgerBusy {result['busy']}; first append (cold) at most"
                f" {result['longest_cold_s']}s"
            )
    if args.json is not None:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
