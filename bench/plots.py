"""The figures of ``docs/performance.md``, drawn with matplotlib from a run's report.

:func:`write_figures` draws two PNGs against ledger size (log scale): the latency of
``state(as_of)`` on the largest partnership (median, with p95 dashed) and the peak
memory of streaming ``history()`` over the whole ledger. matplotlib is only needed
here, and only when figures are asked for (it is in the ``bench`` extra).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = ["GROWTH_FIGURE", "LATENCY_FIGURE", "MEMORY_FIGURE", "write_figures"]

#: File name of the ``state(as_of)`` latency figure.
LATENCY_FIGURE = "state-latency.png"
#: File name of the streaming memory figure.
MEMORY_FIGURE = "history-memory.png"
#: File name of the figure of latency against one partnership's history.
GROWTH_FIGURE = "growth.png"

_STYLE = {
    "govledger": ("tab:blue", "o"),
    "govledger, no checkpoints": ("tab:cyan", "s"),
    "sqlite3": ("tab:gray", "^"),
    "eventsourcing": ("tab:orange", "D"),
}


def _series(
    sizes: Sequence[dict[str, Any]], key: str, name: str, field: str = "median"
) -> tuple[list[int], list[float]]:
    xs: list[int] = []
    ys: list[float] = []
    for size in sizes:
        result = size["measurements"][key]["results"].get(name)
        if result is not None and result.get(field) is not None:
            xs.append(size["n"])
            ys.append(float(result[field]))
    return xs, ys


def write_figures(report: dict[str, Any], directory: Path) -> list[Path]:
    """Draw the latency and memory figures of *report* into *directory*; return the files."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    directory.mkdir(parents=True, exist_ok=True)
    sizes = sorted(report["sizes"], key=lambda size: size["n"])
    names = list(sizes[0]["measurements"]["append_batched"]["results"]) if sizes else []
    caption = (
        f"govledger {report['govledger']}, Python {report['python']}, SQLite "
        f"{report['sqlite']}, {report['machine']['cpus']} CPUs"
    )
    written: list[Path] = []

    figure, axes = plt.subplots(figsize=(7.5, 4.5))
    lines: list[tuple[str, str]] = [("state_median", "govledger")]
    if sizes and sizes[0]["checkpoints_supported"]:
        lines.append(("state_median_no_checkpoints", "govledger"))
    lines += [("state_median", name) for name in names if name != "govledger"]
    for key, name in lines:
        label = name if key == "state_median" else "govledger, no checkpoints"
        colour, marker = _STYLE.get(label, ("black", "x"))
        xs, ys = _series(sizes, key, name)
        axes.plot(xs, ys, marker=marker, color=colour, label=f"{label} (median)")
        xs, ys = _series(sizes, key.replace("median", "p95"), name)
        axes.plot(xs, ys, linestyle="--", color=colour, alpha=0.6, label=f"{label} (p95)")
    axes.axhline(20, color="tab:red", linewidth=0.8, linestyle=":", label="target: 20 ms")
    axes.set_yscale("log")
    _decorate(axes, "state(as_of) on the largest partnership", "milliseconds", caption)
    written.append(_save(figure, directory / LATENCY_FIGURE))
    plt.close(figure)

    figure, axes = plt.subplots(figsize=(7.5, 4.5))
    highest = 0.0
    for name in names:
        colour, marker = _STYLE.get(name, ("black", "x"))
        xs, ys = _series(sizes, "history_traced", name)
        highest = max([highest, *ys])
        axes.plot(xs, ys, marker=marker, color=colour, label=f"{name}: tracemalloc peak")
        xs, ys = _series(sizes, "history_rss", name)
        highest = max([highest, *ys])
        axes.plot(
            xs,
            ys,
            marker=marker,
            linestyle="--",
            color=colour,
            alpha=0.6,
            label=f"{name}: RSS delta",
        )
    title = "Peak memory streaming the whole ledger"
    if highest >= 10:  # else the target line would flatten every measured point
        axes.axhline(50, color="tab:red", linewidth=0.8, linestyle=":", label="target: 50 MiB")
    else:
        title += " (target: under 50 MiB)"
    axes.set_ylim(bottom=0)
    _decorate(axes, title, "MiB", caption)
    written.append(_save(figure, directory / MEMORY_FIGURE))
    plt.close(figure)

    points = (report.get("growth") or {}).get("points") or []
    if points:
        figure, axes = plt.subplots(figsize=(7.5, 4.5))
        entries = [point["entries"] for point in points]
        axes.plot(
            entries,
            [point["append_us_median"] / 1000 for point in points],
            marker="o",
            color="tab:green",
            label="append one event (median)",
        )
        axes.plot(
            entries,
            [point["state_ms_median"] for point in points],
            marker="o",
            color="tab:blue",
            label="state(as_of) (median)",
        )
        axes.plot(
            entries,
            [point["state_ms_p95"] for point in points],
            linestyle="--",
            color="tab:blue",
            alpha=0.6,
            label="state(as_of) (p95)",
        )
        axes.set_yscale("log")
        _decorate(axes, "Latency against one partnership's history", "milliseconds", caption)
        axes.set_xlabel("entries in the partnership's history")
        written.append(_save(figure, directory / GROWTH_FIGURE))
        plt.close(figure)
    return written


def _decorate(axes: Any, title: str, unit: str, caption: str) -> None:
    axes.set_xscale("log")
    axes.set_xlabel("events in the ledger")
    axes.set_ylabel(unit)
    axes.set_title(title)
    axes.grid(True, which="both", alpha=0.3)
    axes.legend(fontsize="small")
    axes.annotate(
        caption,
        xy=(0, 0),
        xycoords="figure fraction",
        xytext=(4, 4),
        textcoords="offset points",
        fontsize="x-small",
        color="gray",
    )


def _save(figure: Any, path: Path) -> Path:
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    return path
