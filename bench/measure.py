"""Timing and memory: medians over repeats, percentiles, resident and traced peaks.

Everything here is plain standard library: :func:`time.perf_counter` for time,
``/proc/self/status`` (``VmRSS`` and the resettable high-water mark ``VmHWM``, Linux)
or :func:`resource.getrusage` elsewhere for resident memory, and :mod:`tracemalloc` for
the Python heap.
"""

from __future__ import annotations

import gc
import math
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

import attrs

from govledger.errors import UsageError

__all__ = [
    "MemoryPeak",
    "Spread",
    "measure_memory",
    "percentile",
    "rss_bytes",
    "spread",
    "timed",
    "traced_peak",
]

_T = TypeVar("_T")

_STATUS = Path("/proc/self/status")
_CLEAR_REFS = Path("/proc/self/clear_refs")


@attrs.frozen(kw_only=True)
class Spread:
    """The median, min and max of a measurement over its repeats (and p95 if asked)."""

    median: float
    min: float
    max: float
    p95: float | None = None
    samples: int = 1

    def as_dict(self) -> dict[str, float | int | None]:
        """A plain mapping for the JSON report."""
        return {
            "median": self.median,
            "min": self.min,
            "max": self.max,
            "p95": self.p95,
            "samples": self.samples,
        }


def percentile(values: Sequence[float], q: float) -> float:
    """The *q*-th percentile (0-100) of *values*, by linear interpolation between ranks.

    >>> percentile([1.0, 2.0, 3.0, 4.0, 5.0], 50)
    3.0
    >>> percentile([10.0, 20.0], 95)
    19.5
    """
    if not values:
        raise UsageError("percentile() needs at least one value")
    if not 0 <= q <= 100:
        raise UsageError(f"q is a percentile between 0 and 100, not {q!r}")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def spread(values: Sequence[float], *, p95: bool = False) -> Spread:
    """Summarise *values*: median, min, max, and the 95th percentile with *p95*.

    >>> spread([3.0, 1.0, 2.0]).median
    2.0
    """
    if not values:
        raise UsageError("spread() needs at least one value")
    return Spread(
        median=statistics.median(values),
        min=min(values),
        max=max(values),
        p95=percentile(values, 95) if p95 else None,
        samples=len(values),
    )


def timed(work: Callable[[], _T], *, collect: bool = True) -> tuple[float, _T]:
    """Run *work* once, after a garbage collection with *collect*; return (seconds, result).

    The collector stays enabled during the work, as it would in a user's program. Pass
    ``collect=False`` when timing many short calls in a row (collect once before them).
    """
    if collect:
        gc.collect()
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def _status_kib(field: str) -> int | None:
    try:
        text = _STATUS.read_text()
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    return None


def rss_bytes() -> int:
    """The process's resident set size now (Linux), else its peak so far."""
    kib = _status_kib("VmRSS")
    if kib is not None:
        return kib * 1024
    return _max_rss()


def _max_rss() -> int:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak if sys.platform == "darwin" else peak * 1024)


def _reset_peak() -> bool:
    """Reset the kernel's resident high-water mark; whether that was possible."""
    try:
        _CLEAR_REFS.write_text("5")
    except OSError:
        return False
    return True


def _peak_rss() -> int:
    kib = _status_kib("VmHWM")
    return kib * 1024 if kib is not None else _max_rss()


@attrs.frozen(kw_only=True)
class MemoryPeak:
    """How much memory a piece of work needed above what the process held before it."""

    #: Peak resident set size during the work minus the resident size before it.
    rss_delta: int
    #: Whether the kernel's high-water mark could be reset (else the delta is a lower
    #: bound taken from the process's lifetime peak, and may read zero).
    rss_exact: bool
    #: The peak of Python allocations traced by :mod:`tracemalloc` during the work.
    traced_peak: int

    def as_dict(self) -> dict[str, int | bool]:
        """A plain mapping for the JSON report."""
        return {
            "rss_delta_bytes": self.rss_delta,
            "rss_exact": self.rss_exact,
            "tracemalloc_peak_bytes": self.traced_peak,
        }


def traced_peak(work: Callable[[], object]) -> int:
    """The peak bytes traced by :mod:`tracemalloc` while *work* runs."""
    gc.collect()
    already = tracemalloc.is_tracing()
    if not already:
        tracemalloc.start()
    tracemalloc.reset_peak()
    try:
        work()
        return tracemalloc.get_traced_memory()[1]
    finally:
        if not already:
            tracemalloc.stop()


def measure_memory(work: Callable[[], object]) -> MemoryPeak:
    """Run *work* twice: once for the resident peak, once under :mod:`tracemalloc`.

    Two runs, because tracing inflates the resident size it is measuring.
    """
    gc.collect()
    exact = _reset_peak()
    before = rss_bytes()
    work()
    delta = max(0, _peak_rss() - before)
    return MemoryPeak(rss_delta=delta, rss_exact=exact, traced_peak=traced_peak(work))
