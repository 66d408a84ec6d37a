"""The timeline people look at: an HTML page in real headless Chromium, and plots."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from browser import dump_dom, screenshot
from export_seeds import LAST_DAY, RECORDED, SEED_PARTNERSHIPS
from govledger import Ledger
from govledger.cli import main
from govledger.export import html, timeline


class _Elements(HTMLParser):
    """Every element's tag and attributes, in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, {k: v or "" for k, v in attrs}))


def _elements(text: str) -> list[tuple[str, dict[str, str]]]:
    parser = _Elements()
    parser.feed(text)
    return parser.found


def _expected_entities(ledger: Ledger, partnership: str, chart: timeline.Timeline) -> set[str]:
    state = ledger.state(partnership, as_of=chart.end)
    return {
        *(f"arrangement:{a.arrangement}" for a in state.arrangements),
        *(f"post:{p.post}" for p in state.posts),
        *(f"delegation:{d.delegation}" for d in state.delegations),
        *(f"body:{b.body}" for b in state.bodies),
    }


def test_the_page_needs_no_network(seeds: Ledger) -> None:
    for partnership in seeds.partnerships():
        text = html.page(timeline.build(seeds, partnership))
        for tag, attributes in _elements(text):
            if tag in ("script", "img", "link", "iframe", "source", "video", "audio"):
                assert "src" not in attributes and "href" not in attributes, (tag, attributes)
        assert "@import" not in text and "url(" not in text


def test_every_bar_links_to_a_decision_listed_on_the_page(seeds: Ledger) -> None:
    for partnership in seeds.partnerships():
        text = html.page(timeline.build(seeds, partnership))
        elements = _elements(text)
        ids = {a["id"] for _, a in elements if "id" in a}

        for _, attributes in elements:
            href = attributes.get("href", "")
            if href.startswith("#"):
                assert href[1:] in ids, (partnership, href)


def test_pending_uncertain_and_lapsed_are_drawn_apart(seeds: Ledger) -> None:
    chart = timeline.build(seeds, "cdc-occ")

    statuses = {b.status for b in chart.bars}

    assert {"in_force", "under_notice", "pending", "uncertain", "lapsed"} <= statuses
    text = html.page(chart)
    for status in statuses:
        assert f"status-{status}" in text
        assert html.STATUS_WORDS[status] in text


def _check_rendered(ledger: Ledger, partnership: str, chart: timeline.Timeline, dom: str) -> None:
    """Chromium's DOM has every bar of the chart, in order, each linking to the first
    decision behind it, and a bar for every arrangement, post, delegation and body."""
    elements = _elements(dom)
    bars = [(tag, a) for tag, a in elements if "bar" in a.get("class", "").split()]
    bars = [(tag, a) for tag, a in bars if "data-entity" in a]
    assert len(bars) == len(chart.bars)
    for (tag, shown), bar in zip(bars, chart.bars, strict=True):
        assert (shown["data-entity"], shown["data-start"]) == (bar.entity, bar.start.isoformat())
        assert shown["data-status"] == bar.status
        anchors = [c.anchor for c in bar.authorities if c.anchor]
        if anchors:
            assert (tag, shown["href"]) == ("a", f"#{anchors[0]}"), bar
    assert _expected_entities(ledger, partnership, chart) <= {a["data-entity"] for _, a in bars}
    links = [a for _, a in elements if a.get("href", "").startswith("#decision-")]
    cited = {c.anchor for b in chart.bars for c in b.authorities if c.anchor}
    assert {a["href"][1:] for a in links} == cited


def test_chromium_renders_what_the_minutes_say(recorded: Ledger, tmp_path: Path) -> None:
    chart = timeline.build(recorded, RECORDED)
    page = tmp_path / "recorded.html"
    page.write_text(html.page(chart), encoding="utf-8")

    dom = dump_dom(page.as_uri())

    _check_rendered(recorded, RECORDED, chart, dom)
    assert "ending: agreed to give notice since 2020-05-04, no end date yet" in dom


@pytest.mark.parametrize("partnership", SEED_PARTNERSHIPS)
def test_chromium_renders_every_bar_and_link(
    seeds: Ledger, tmp_path: Path, partnership: str
) -> None:
    chart = timeline.build(seeds, partnership)
    page = tmp_path / f"{partnership}.html"
    page.write_text(html.page(chart), encoding="utf-8")

    dom = dump_dom(page.as_uri())

    _check_rendered(seeds, partnership, chart, dom)
    elements = _elements(dom)
    assert re.search(r'<html[^>]*class="js"', dom), "the page's script did not run"
    shown = [
        a
        for _, a in elements
        if "day" in a.get("class", "").split() and "shown" in a.get("class", "")
    ]
    assert len(shown) == (1 if chart.days else 0)
    desktop = screenshot(
        page.as_uri(), f"report-{partnership}.png", tmp_path, width=1280, height=1600
    )
    phone = screenshot(
        page.as_uri(), f"report-{partnership}-phone.png", tmp_path, width=390, height=1400
    )
    for shot in (desktop, phone):
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_an_anchor_shows_the_state_on_that_day(seeds: Ledger, tmp_path: Path) -> None:
    chart = timeline.build(seeds, "cdc-occ")
    page = tmp_path / "cdc-occ.html"
    page.write_text(html.page(chart), encoding="utf-8")
    day = chart.days[0].day

    dom = dump_dom(f"{page.as_uri()}#d-{day.isoformat()}")

    shown = [a for _, a in _elements(dom) if "shown" in a.get("class", "").split()]
    assert [a["id"] for a in shown] == [f"d-{day.isoformat()}"]


def test_report_command_writes_the_page_and_an_image(seed_db: Path, tmp_path: Path) -> None:
    page, image = tmp_path / "r.html", tmp_path / "r.svg"

    result = CliRunner().invoke(
        main,
        ["--db", str(seed_db), "report", "bdc-rbc", "--html", str(page), "--png", str(image)],
    )

    assert result.exit_code == 0, result.output
    assert page.read_text(encoding="utf-8").startswith("<!doctype html>")
    assert "<svg" in image.read_text(encoding="utf-8")


def test_report_command_needs_somewhere_to_write(seed_db: Path) -> None:
    result = CliRunner().invoke(main, ["--db", str(seed_db), "report", "bdc-rbc"])

    assert result.exit_code == 2
    assert "--html" in result.output


def test_plot_draws_a_bar_for_every_bar_of_the_timeline(seeds: Ledger, tmp_path: Path) -> None:
    from govledger.plot import timeline as plot_timeline

    chart = timeline.build(seeds, "cdc-occ")
    figure = plot_timeline(seeds, "cdc-occ")
    path = tmp_path / "cdc-occ.png"
    figure.savefig(path)

    fuzzy = sum(1 for b in chart.bars if b.fuzzy_from is not None and b.fuzzy_from < b.start)
    assert len(figure.axes[0].collections) == len(chart.bars) + fuzzy
    assert path.read_bytes()[:4] == b"\x89PNG"


def test_a_state_plots_and_shows_itself_in_a_notebook(seeds: Ledger) -> None:
    state = seeds.state("bdc-rbc", as_of=date(2010, 1, 1))

    figure = state.plot()
    fragment = state._repr_html_()

    assert figure.axes[0].collections
    for arrangement in state.arrangements:
        assert f'data-entity="arrangement:{arrangement.arrangement}"' in fragment
    assert "<html" not in fragment


def test_the_timeline_of_the_last_state_holds_every_arrangement_post_and_delegation(
    seeds: Ledger,
) -> None:
    for partnership in seeds.partnerships():
        chart = timeline.build(seeds, partnership, until=LAST_DAY)
        assert _expected_entities(seeds, partnership, chart) <= {b.entity for b in chart.bars}
