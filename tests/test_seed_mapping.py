"""docs/seeds.md maps every numbered part of every seed decision to the events recording it.

The page is written by hand; these tests hold it to the seed ledger that
``examples/seed_ledger.py`` builds, so it cannot drift from the examples.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# The examples are scripts in examples/, not a package: make them importable here.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "examples"))

import seed_ledger
from govledger import Event, Ledger, RecordedEvent, ResolutionPassed, ResolutionRef

PAGE = Path(__file__).resolve().parents[1] / "docs" / "seeds.md"

#: The field naming what each kind of event is about, in order of preference.
_ID_FIELDS = (
    "arrangement",
    "post",
    "delegation",
    "action",
    "scope",
    "body",
    "condition",
    "decision",
    "resolution",
    "council",
    "partnership",
)


def event_id(event: Event) -> str:
    """The id of what *event* is about: its post, arrangement, delegation, action, ..."""
    for name in _ID_FIELDS:
        value = getattr(event, name, None)
        if isinstance(value, str):
            return value
    raise AssertionError(f"no id field on {event!r}")


def label(path: tuple[str, ...]) -> str:
    return "".join(f"({number})" for number in path)


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[RecordedEvent]]:
    path = tmp_path_factory.mktemp("seeds") / "seed-ledger.db"
    ledger: Ledger = seed_ledger.build(path, say=lambda _: None)
    with ledger:
        yield list(ledger.events())


def introduction(page: str, resolution: str) -> re.Match[str]:
    """The sentence introducing *resolution*: "Decision `id`, by ..., recorded at #N:"."""
    found = re.search(
        rf"^Decision `{re.escape(resolution)}`[^|]*?recorded at #(\d+):$", page, re.MULTILINE
    )
    assert found is not None, f"docs/seeds.md does not introduce decision {resolution}"
    return found


def table_after(page: str, resolution: str) -> dict[str, str]:
    """The rows of the table that follows the sentence introducing *resolution*, by part."""
    intro = introduction(page, resolution)
    rows: dict[str, str] = {}
    for line in page[intro.end() :].lstrip("\n").splitlines():
        if not line.startswith("|"):
            break
        first = line.split("|")[1].strip()
        if first.startswith("("):
            rows[first] = line
    return rows


def test_every_part_of_every_seed_decision_has_one_row(records: list[RecordedEvent]) -> None:
    page = PAGE.read_text(encoding="utf-8")
    decisions = [r.event for r in records if isinstance(r.event, ResolutionPassed)]

    assert len(decisions) == 8
    for decision in decisions:
        rows = table_after(page, decision.resolution)
        assert sorted(rows) == sorted(label(path) for path, _ in decision.walk()), (
            decision.resolution
        )


def test_every_row_names_the_events_that_cite_its_part(records: list[RecordedEvent]) -> None:
    page = PAGE.read_text(encoding="utf-8")
    for decision in (r.event for r in records if isinstance(r.event, ResolutionPassed)):
        rows = table_after(page, decision.resolution)
        for path, part in decision.walk():
            row = rows[label(path)]
            assert f"| {part.outcome.value}" in row, row
            for record in records:
                cited = ResolutionRef(resolution=decision.resolution, part=path)
                if cited in getattr(record.event, "authorised_by", ()):
                    named = f"{type(record.event).__name__} `{event_id(record.event)}` "
                    assert f"{named}(#{record.position}" in row, (named, row)


def test_every_decision_is_introduced_with_its_position(records: list[RecordedEvent]) -> None:
    page = PAGE.read_text(encoding="utf-8")
    for record in records:
        if isinstance(record.event, ResolutionPassed):
            intro = introduction(page, record.event.resolution)
            assert intro[1] == str(record.position), intro[0]


def test_every_event_of_the_seed_ledger_appears_on_the_page(
    records: list[RecordedEvent],
) -> None:
    page = PAGE.read_text(encoding="utf-8")
    for record in records:
        if isinstance(record.event, ResolutionPassed):
            continue
        named = f"{type(record.event).__name__} `{event_id(record.event)}` (#{record.position}"
        assert named in page.replace("\n", " "), named
