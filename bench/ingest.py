"""``python -m bench.ingest``: how fast ``govledger ingest`` reads pages, in MB/s.

Reads every labelled text of ``tests/ingest_corpus`` (and the seeds when they are
beside the repository), then generated large pages: many items, long run-on clauses,
pages of votes, and hostile HTML (unclosed tags). Prints the bytes, the CPU seconds
and MB/s for each, and checks that the cost grows linearly (the largest input's rate
within a factor of the smallest's), and says PASS or MISS for each rate against issue
18's target of at least 1 MB/s. ``--quick`` uses small sizes, for CI.
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from govledger.errors import GovLedgerError
from govledger.ingest import ingest_document, load, read_html, read_text
from govledger.ingest.text import Document

ROOT = Path(__file__).resolve().parents[1]
#: Issue 18's target: at least this many MB of text read per CPU second.
TARGET_MB_PER_S = 1.0


def verdict(mb_per_s: float) -> str:
    """``PASS`` when *mb_per_s* meets :data:`TARGET_MB_PER_S`, else ``MISS``."""
    return "PASS" if mb_per_s >= TARGET_MB_PER_S else "MISS"


def _items(n: int) -> str:
    unit = (
        "{n}. Shared ICT Service with the partner council\n\n"
        "The Director of Resources presented the report. Members asked about costs.\n\n"
        "RESOLVED:\n(1) That the report be noted.\n"
        "(2) That the shared ICT service be extended to 31 March 2027, subject to similar "
        "approval by the partner council's Cabinet.\n"
        "(3) That authority be delegated to the Director of Resources, in consultation with "
        "the Leader of the Council, to agree the final terms.\n(For 7, Against 2)\n\n"
    )
    return "".join(unit.format(n=i) for i in range(1, n + 1))


def _clauses(n: int) -> str:
    return "5. Shared services\n\nRESOLVED:\n(1) That it be approved " + (
        "subject to the approval of the partner council by 31 March 2025, " * n
    )


def _votes(n: int) -> str:
    return "5. Shared services\n\nRESOLVED that the report be noted.\n" + (
        "For 5, Against 3, Abstentions 1. " * n
    )


def _unclosed(n: int) -> str:
    return "<html><body><p>RESOLVED that the report be noted.</p>" + "<a " * n


GENERATED: dict[str, tuple[Callable[[int], str], str, tuple[int, ...], tuple[int, ...]]] = {
    # name: (maker, format, full sizes, quick sizes)
    "items": (_items, "text", (200, 1000, 4000), (50, 200)),
    "run-on clauses": (_clauses, "text", (2000, 10000, 40000), (500, 2000)),
    "votes": (_votes, "text", (2000, 10000, 40000), (500, 2000)),
    "unclosed tags": (_unclosed, "html", (20000, 100000, 400000), (5000, 20000)),
}


def _read(doc: Document) -> None:
    with contextlib.suppress(GovLedgerError):  # a refused page is still read in full
        ingest_document(doc, partnership="bench")


def _timed(fn: Callable[[], object]) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start


def corpus_rate() -> dict[str, float]:
    """MB/s over every corpus text and seed (load, parse and propose)."""
    paths = sorted(glob.glob(str(ROOT / "tests" / "ingest_corpus" / "texts" / "*")))
    paths += sorted(glob.glob(str(ROOT.parent / "shared" / "seeds" / "*.txt")))
    size = 0
    seconds = 0.0
    for path in paths:
        raw = Path(path).read_bytes()
        size += len(raw)
        seconds += _timed(lambda p=path: _read(load(p)))  # type: ignore[misc]
    return {
        "texts": len(paths),
        "bytes": size,
        "seconds": seconds,
        "mb_per_s": _rate(size, seconds),
    }


def _rate(size: int, seconds: float) -> float:
    return size / 1e6 / max(seconds, 1e-9)


def generated_rates(quick: bool) -> dict[str, list[dict[str, float]]]:
    out: dict[str, list[dict[str, float]]] = {}
    for name, (maker, fmt, sizes, quick_sizes) in GENERATED.items():
        rows = []
        for n in quick_sizes if quick else sizes:
            raw = maker(n)
            reader = read_html if fmt == "html" else read_text
            seconds = _timed(lambda r=raw, f=reader: _read(f(r)))  # type: ignore[misc]
            rows.append({"n": n, "bytes": len(raw), "seconds": seconds,
                         "mb_per_s": _rate(len(raw), seconds)})  # fmt: skip
        out[name] = rows
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Print the rates; exit 1 when a generated input's cost grows faster than linear."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="small sizes (CI)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args(argv)
    corpus = corpus_rate()
    generated = generated_rates(args.quick)
    superlinear = [
        name
        for name, rows in generated.items()
        if rows[-1]["seconds"] > 0.2 and rows[-1]["mb_per_s"] < rows[0]["mb_per_s"] / 4
    ]
    if args.json:
        print(json.dumps({"corpus": corpus, "generated": generated, "superlinear": superlinear,
                          "target_mb_per_s": TARGET_MB_PER_S}, indent=2))  # fmt: skip
        return 1 if superlinear else 0
    print("govledger ingest throughput (CPU time: load, parse and propose; "
          f"target >= {TARGET_MB_PER_S:g} MB/s)")  # fmt: skip
    print(f"  {verdict(corpus['mb_per_s'])} corpus: {corpus['texts']} texts, "
          f"{corpus['bytes'] / 1e3:.0f} kB in {corpus['seconds']:.2f} s = "
          f"{corpus['mb_per_s']:.2f} MB/s")  # fmt: skip
    for name, rows in generated.items():
        for row in rows:
            print(f"  {verdict(row['mb_per_s'])} {name:15} n={row['n']:<7} "
                  f"{row['bytes'] / 1e6:7.2f} MB {row['seconds']:7.2f} s = "
                  f"{row['mb_per_s']:6.2f} MB/s")  # fmt: skip
    if superlinear:
        print(f"cost grows faster than linear for: {', '.join(superlinear)}")
    return 1 if superlinear else 0


if __name__ == "__main__":
    sys.exit(main())
