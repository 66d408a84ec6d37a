"""The timeline as a matplotlib figure, for notebooks and for PNG or SVG files.

Needs matplotlib (the ``plot`` extra: ``pip install govledger[plot]``)::

    from govledger.plot import timeline
    figure = timeline(ledger, "cdc-occ")
    figure.savefig("cdc-occ.svg")

:meth:`PartnershipState.plot() <govledger.projections.PartnershipState.plot>` draws one
state the same way. The bars are those of the HTML report
(:mod:`govledger.export.timeline`): in force solid, under notice striped, pending
dashed, uncertain hatched, lapsed red and crossed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, cast

from .errors import UsageError
from .export.timeline import LANES, Bar, Timeline, build, from_state

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from .projections import PartnershipState

__all__ = ["draw", "state_figure", "timeline"]

_STYLE: dict[str, dict[str, Any]] = {
    "in_force": {"facecolor": "#2f7d4a", "edgecolor": "#1f5632"},
    "under_notice": {"facecolor": "#e2a04f", "edgecolor": "#c8791a", "hatch": "//"},
    "pending": {"facecolor": "white", "edgecolor": "#3d6bb3", "linestyle": "--", "hatch": ".."},
    "uncertain": {"facecolor": "#d8dde3", "edgecolor": "#6b7785", "hatch": "\\\\\\\\"},
    "lapsed": {"facecolor": "#b3261e", "edgecolor": "#7a1914", "hatch": "xx"},
}


def _pyplot() -> Any:
    try:
        import matplotlib

        matplotlib.use("Agg", force=False)
        from matplotlib import pyplot
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise UsageError(
            "drawing a timeline needs matplotlib; install it with `pip install govledger[plot]`"
        ) from exc
    return pyplot


def _rows(chart: Timeline) -> list[tuple[str, list[Bar]]]:
    rows: dict[tuple[int, str], list[Bar]] = {}
    for bar in chart.bars:
        rows.setdefault((LANES.index(bar.lane), bar.entity), []).append(bar)
    ordered = sorted(rows.items(), key=lambda item: item[0])
    return [(f"{bars[-1].lane}: {bars[-1].label}", bars) for _, bars in ordered]


def draw(chart: Timeline, *, width: float = 11.0) -> Figure:
    """A figure of *chart*'s bars, one row per thing, lanes top to bottom."""
    from matplotlib import dates
    from matplotlib.patches import Patch

    pyplot = _pyplot()
    date2num = cast(Callable[[date], float], dates.date2num)
    rows = _rows(chart)
    figure, axes = pyplot.subplots(figsize=(width, 1.2 + 0.34 * max(len(rows), 1)))
    end_of_chart = chart.end + timedelta(days=1)
    least = max((end_of_chart - chart.start).days / 150, 1.0)  # a one-day bar stays visible
    for index, (_, bars) in enumerate(rows):
        y = len(rows) - 1 - index
        for bar in bars:
            last = (bar.end or chart.end) + timedelta(days=1)
            if bar.fuzzy_from is not None and bar.fuzzy_from < bar.start:
                low = date2num(bar.fuzzy_from)
                axes.broken_barh(
                    [(low, date2num(bar.start) - low)], (y - 0.35, 0.7), **_STYLE["uncertain"]
                )
            start = date2num(bar.start)
            axes.broken_barh(
                [(start, max(date2num(min(last, end_of_chart)) - start, least))],
                (y - 0.35, 0.7),
                **_STYLE[bar.status],
            )
    axes.set_yticks(range(len(rows)))
    axes.set_yticklabels([label[:60] for label, _ in reversed(rows)], fontsize=7)
    axes.set_xlim(date2num(chart.start), date2num(end_of_chart))
    axes.xaxis_date()
    axes.grid(axis="x", color="#d5dbe2", linewidth=0.6)
    axes.set_title(f"{chart.name} ({chart.partnership})", fontsize=10)
    axes.legend(
        handles=[
            Patch(label=status.replace("_", " "), **style) for status, style in _STYLE.items()
        ],
        loc="upper center",
        bbox_to_anchor=(0.5, -0.08),
        ncol=5,
        fontsize=7,
        frameon=False,
    )
    figure.tight_layout()
    return cast("Figure", figure)


def timeline(ledger: Any, partnership: str, *, until: date | None = None) -> Figure:
    """The partnership's timeline from *ledger* (a :class:`~govledger.Ledger`) as a figure.

    Save it with ``figure.savefig("timeline.png")`` (or ``.svg``).
    """
    return draw(build(ledger, partnership, until=until))


def state_figure(state: PartnershipState) -> Figure:
    """One state's entities as bars from their start to their end (or the state's day)."""
    return draw(from_state(state))
