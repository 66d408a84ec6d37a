"""The timeline as one self-contained HTML page: no network, no external scripts.

:func:`page` renders a :class:`~govledger.export.timeline.Timeline`: every bar in its
lane over a time axis, in force, under notice, pending, uncertain and lapsed each drawn
differently (and named, not only coloured); each bar links to the decisions that
authorised it, listed below with their parts, and each row cites them in words. A
slider (or, without scripts, the list of key dates, each an anchor) shows what held on
each day something changed. The layout narrows to one column on a phone.
:func:`fragment` is the same chart without the page around it, for notebooks.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from html import escape

from .timeline import LANES, Bar, Timeline

__all__ = ["STATUS_WORDS", "fragment", "page"]

#: What each status is called in the legend and in each bar's title.
STATUS_WORDS: dict[str, str] = {
    "in_force": "in force",
    "under_notice": "under notice (still in force)",
    "pending": "decided, not yet in force (pending)",
    "uncertain": "dated only by a period (uncertain)",
    "lapsed": "never in force (lapsed)",
}

_CSS = """
:root { --ink: #1d2733; --muted: #5b6775; --line: #d5dbe2; --bg: #fbfcfd; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--ink); background: var(--bg); }
header, main { padding: 0 16px; max-width: 1200px; margin: 0 auto; }
h1 { font-size: 1.45rem; margin: 18px 0 4px; }
h2 { font-size: 1.1rem; margin: 22px 0 6px; border-bottom: 1px solid var(--line); }
h3 { font-size: 1rem; margin: 12px 0 4px; }
.sub { color: var(--muted); margin: 0 0 10px; }
.legend { display: flex; flex-wrap: wrap; gap: 8px 16px; margin: 8px 0; padding: 0;
  list-style: none; font-size: .85rem; }
.legend .bar { position: static; display: inline-block; width: 34px; height: 14px;
  vertical-align: middle; margin-right: 6px; }
.controls { position: sticky; top: 0; z-index: 3; background: var(--bg); padding: 6px 0;
  border-bottom: 1px solid var(--line); display: none; }
.js .controls { display: block; }
.controls input { width: 100%; }
.chart { position: relative; }
.axis { position: relative; height: 22px; margin-left: var(--label, 34%); font-size: .75rem;
  color: var(--muted); border-bottom: 1px solid var(--line); }
.tick { position: absolute; top: 2px; transform: translateX(-50%); white-space: nowrap; }
.row { display: flex; align-items: stretch; border-bottom: 1px dotted var(--line);
  min-height: 34px; }
.label { flex: 0 0 var(--label, 34%); padding: 4px 8px 4px 0; font-size: .85rem;
  overflow-wrap: anywhere; }
.label small { color: var(--muted); display: block; }
.cites { display: block; font-size: .78rem; color: var(--muted); }
.track { position: relative; flex: 1 1 auto; min-height: 30px; }
.bar { position: absolute; top: 6px; height: 20px; border-radius: 4px; min-width: 4px;
  font-size: .72rem; line-height: 20px; padding: 0 4px; color: #fff; overflow: hidden;
  white-space: nowrap; text-overflow: ellipsis; text-decoration: none; }
a.bar:focus, a.bar:hover { outline: 2px solid var(--ink); z-index: 2; }
.status-in_force { background: #2f7d4a; }
.status-under_notice { background: repeating-linear-gradient(45deg, #c8791a 0 6px,
  #e2a04f 6px 12px); }
.status-pending { background: repeating-linear-gradient(90deg, #e8eef8 0 6px, #fff 6px 12px);
  color: #23467a; border: 2px dashed #3d6bb3; }
.status-uncertain { background: repeating-linear-gradient(135deg, #9aa5b1 0 4px,
  #d8dde3 4px 8px); color: #1d2733; }
.status-lapsed { background: #b3261e; text-decoration: line-through; min-width: 10px; }
.fuzzy { position: absolute; top: 6px; height: 20px; border-radius: 4px 0 0 4px;
  background: repeating-linear-gradient(135deg, #9aa5b1 0 4px, transparent 4px 8px);
  opacity: .8; }
.open::after { content: "\\2192"; position: absolute; right: 2px; }
.cursor { position: absolute; top: 0; bottom: 0; width: 2px; background: #6b2fa3;
  z-index: 1; pointer-events: none; display: none;
  left: calc(var(--label, 34%) + (100% - var(--label, 34%)) * var(--at, 1)); }
.js .cursor { display: block; }
.lane-title { margin-top: 14px; }
.day { border: 1px solid var(--line); border-radius: 6px; padding: 6px 10px; margin: 8px 0;
  background: #fff; }
.js .day { display: none; }
.js .day.shown, .day:target { display: block; }
.day dt { font-weight: 600; margin-top: 4px; }
.day dd { margin: 0 0 0 14px; }
.anchors { display: flex; flex-wrap: wrap; gap: 4px 12px; padding: 0; list-style: none;
  font-size: .85rem; }
.decision { border-top: 1px solid var(--line); padding: 6px 0; }
.decision:target { background: #fff6d5; }
.decision ol { margin: 4px 0; padding-left: 20px; }
.outcome { color: var(--muted); font-size: .8rem; }
@media (max-width: 700px) {
  .row { flex-direction: column; }
  .label { flex-basis: auto; padding-bottom: 0; }
  .axis { margin-left: 0; }
  .track { min-height: 32px; }
  .cursor { left: calc(100% * var(--at, 1)); }
}
"""

_SCRIPT = """
(function () {
  document.documentElement.classList.add("js");
  var days = JSON.parse(document.getElementById("key-days").textContent);
  var input = document.getElementById("day");
  var out = document.getElementById("day-label");
  var cursor = document.getElementById("cursor");
  if (!input || !days.length) { return; }
  function show(index) {
    var day = days[index];
    document.querySelectorAll(".day").forEach(function (el) {
      el.classList.toggle("shown", el.id === "d-" + day.iso);
    });
    out.textContent = day.words;
    cursor.style.setProperty("--at", day.at);
  }
  input.addEventListener("input", function () { show(Number(input.value)); });
  var wanted = location.hash.slice(3);
  var start = days.findIndex(function (d) { return d.iso === wanted; });
  input.value = start >= 0 ? start : days.length - 1;
  show(Number(input.value));
})();
"""


def _offset(timeline: Timeline, day: date) -> float:
    span = (timeline.end - timeline.start).days + 1
    return max(0.0, min(100.0, (day - timeline.start).days / span * 100))


def _words(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _bar(timeline: Timeline, bar: Bar) -> str:
    left = _offset(timeline, bar.start)
    end = bar.end if bar.end is not None else timeline.end
    right = _offset(timeline, min(end, timeline.end)) + 100 / (
        (timeline.end - timeline.start).days + 1
    )
    width = max(right - left, 0.4)
    until = "still on" if bar.end is None else _words(bar.end)
    title = (
        f"{bar.label}: {STATUS_WORDS[bar.status]}, {_words(bar.start)} to {until}"
        + (f"; {bar.detail}" if bar.detail else "")
        + "".join(f"\n{c.text}" for c in bar.authorities)
    )
    classes = f"bar status-{bar.status}" + (" open" if bar.end is None else "")
    attributes = (
        f'class="{classes}" style="left:{left:.3f}%;width:{width:.3f}%" '
        f'title="{escape(title)}" data-entity="{escape(bar.entity)}" '
        f'data-status="{bar.status}" data-start="{bar.start.isoformat()}" '
        f'data-end="{"" if bar.end is None else bar.end.isoformat()}"'
    )
    fuzzy = ""
    if bar.fuzzy_from is not None and bar.fuzzy_from < bar.start:
        low = _offset(timeline, bar.fuzzy_from)
        fuzzy = (
            f'<span class="fuzzy" style="left:{low:.3f}%;width:{max(left - low, 0.4):.3f}%" '
            f'title="may have started any day from {_words(bar.fuzzy_from)}"></span>'
        )
    text = escape(bar.label)
    target = next((c for c in bar.authorities if c.anchor), None)
    if target is not None:
        return f'{fuzzy}<a {attributes} href="#{escape(target.anchor)}">{text}</a>'
    outside = next((c.url for c in bar.authorities if c.url), None)
    if outside:
        return f'{fuzzy}<a {attributes} href="{escape(outside)}">{text}</a>'
    return f"{fuzzy}<span {attributes}>{text}</span>"


def _cites(bars: list[Bar]) -> str:
    seen: dict[str, str] = {}
    links = []
    for bar in bars:
        for cited in bar.authorities:
            if cited.ref in seen:
                continue
            seen[cited.ref] = cited.text
            href = f"#{cited.anchor}" if cited.anchor else (cited.url or "")
            link = (
                f'<a class="cite" href="{escape(href)}" title="{escape(cited.text)}">'
                f"{escape(cited.ref)}</a>"
                if href
                else escape(cited.ref)
            )
            words = cited.text.split(" — ", 1)[-1]
            links.append(link if words == cited.ref else f"{link} ({escape(words)})")
    if not links:
        return ""
    return f'<span class="cites">authorised by: {"; ".join(links)}</span>'


def _rows(timeline: Timeline) -> Iterator[str]:
    for lane in LANES:
        bars = timeline.lane(lane)
        if not bars:
            continue
        yield f'<h3 class="lane-title">{escape(lane)}</h3>'
        groups: dict[str, list[Bar]] = {}
        for bar in bars:
            groups.setdefault(bar.entity, []).append(bar)
        for entity, group in groups.items():
            first = group[-1]
            detail = f"<small>{escape(first.detail)}</small>" if first.detail else ""
            yield (
                f'<div class="row" data-entity="{escape(entity)}" data-lane="{escape(lane)}">'
                f'<div class="label">{escape(first.label)}{detail}{_cites(group)}</div>'
                f'<div class="track">{"".join(_bar(timeline, b) for b in group)}</div></div>'
            )


def _axis(timeline: Timeline) -> str:
    years = range(timeline.start.year + 1, timeline.end.year + 1)
    step = max(1, len(years) // 8)
    ticks = "".join(
        f'<span class="tick" style="left:{_offset(timeline, date(y, 1, 1)):.3f}%">{y}</span>'
        for y in list(years)[::step]
    )
    return f'<div class="axis" aria-hidden="true">{ticks}</div>'


def _legend() -> str:
    items = "".join(
        f'<li><span class="bar status-{status}"></span>{escape(words)}</li>'
        for status, words in STATUS_WORDS.items()
    )
    return f'<ul class="legend">{items}</ul>'


def fragment(timeline: Timeline) -> str:
    """The chart alone (legend, axis, lanes), as an HTML fragment with its own style."""
    return (
        f'<div class="govledger-timeline"><style>{_CSS}</style>{_legend()}'
        f'<div class="chart">{_axis(timeline)}{"".join(_rows(timeline))}</div></div>'
    )


def _days(timeline: Timeline) -> str:
    anchors = "".join(
        f'<li><a href="#d-{d.day.isoformat()}">{escape(_words(d.day))}</a></li>'
        for d in timeline.days
    )
    articles = []
    for day in timeline.days:
        why = "".join(f"<li>{escape(w)}</li>" for w in day.why)
        lists = "".join(
            f"<dt>{escape(heading)}</dt>" + "".join(f"<dd>{escape(i)}</dd>" for i in items)
            for heading, items in day.lines
        )
        articles.append(
            f'<article class="day" id="d-{day.day.isoformat()}">'
            f"<h3>On {escape(_words(day.day))}</h3>"
            + (f"<p>What changed:</p><ul>{why}</ul>" if why else "")
            + f"<dl>{lists}</dl></article>"
        )
    return (
        f'<section id="key-dates"><h2>The state on each key date</h2>'
        f'<ul class="anchors">{anchors}</ul>{"".join(articles)}</section>'
    )


def _decisions(timeline: Timeline) -> str:
    entries = []
    for entry in timeline.decisions:
        parts = "".join(
            f'<li id="part-{escape(ref)}"><b>{escape(ref)}</b> '
            f'<span class="outcome">{escape(outcome)}</span>: {escape(summary)}</li>'
            for ref, outcome, summary in entry.parts
        )
        source = (
            f'<p><a href="{escape(entry.url)}">the published record</a></p>' if entry.url else ""
        )
        entries.append(
            f'<article class="decision" id="{escape(entry.anchor)}">'
            f"<h3>{escape(entry.heading)}</h3>"
            + (f"<ol>{parts}</ol>" if parts else "")
            + source
            + "</article>"
        )
    return f'<section id="decisions"><h2>Decisions</h2>{"".join(entries)}</section>'


def page(timeline: Timeline) -> str:
    """One self-contained HTML page for *timeline*."""
    days = [
        {
            "iso": d.day.isoformat(),
            "words": _words(d.day),
            "at": round(_offset(timeline, d.day) / 100, 5),
        }
        for d in timeline.days
    ]
    data = json.dumps(days).replace("</", "<\\/")
    title = f"{timeline.name}: a timeline"
    slider = (
        '<section class="controls"><label for="day">The state on </label>'
        f'<output id="day-label"></output><input type="range" id="day" min="0" '
        f'max="{max(len(days) - 1, 0)}" step="1" value="{max(len(days) - 1, 0)}"></section>'
        if days
        else ""
    )
    return (
        "<!doctype html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>"
        f"<header><h1>{escape(timeline.name)}</h1>"
        f'<p class="sub">Partnership {escape(timeline.partnership)}, '
        f"{escape(_words(timeline.start))} to {escape(_words(timeline.end))}. "
        "Each bar links to the decision that authorised it.</p>"
        f"{_legend()}</header><main>{slider}"
        f'<section class="chart" aria-label="timeline"><div class="cursor" id="cursor"></div>'
        f"{_axis(timeline)}{''.join(_rows(timeline))}</section>"
        f"{_days(timeline)}{_decisions(timeline)}</main>"
        f'<script type="application/json" id="key-days">{data}</script>'
        f"<script>{_SCRIPT}</script></body></html>\n"
    )
