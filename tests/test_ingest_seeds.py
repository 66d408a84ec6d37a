"""The five seed texts, ingested, reviewed and applied, give the examples' states.

Each seed's draft is read from ``../shared/seeds``; its review
(``tests/ingest_corpus/reviews/seed_NNN.json``, documented in docs/how-to/ingest.md)
is applied; the result goes into a ledger in one batch per text; and the
partnership's state on every key date of ``examples/seed_ledger.py`` equals the
state built from the hand-written example.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from seed_records import needs_seeds

ROOT = Path(__file__).resolve().parents[1]
REVIEWS = ROOT / "tests" / "ingest_corpus" / "reviews"
sys.path.insert(0, str(ROOT / "examples"))
sys.path.insert(0, str(REVIEWS))

import make_reviews  # noqa: E402

import seed_ledger  # noqa: E402
from govledger import Ledger  # noqa: E402
from govledger.ingest import (  # noqa: E402
    apply_draft,
    apply_review,
    check_draft,
    ingest_file,
    load_review,
    parse_aliases,
)

pytestmark = needs_seeds

#: Which seed texts make up each partnership (002 continues 001's joint committee).
GROUPS = {
    "bdc-rbc": ["seed_000"],
    "council-a-council-b": ["seed_001", "seed_002"],
    "cdc-occ": ["seed_003"],
    "cdc-snc": ["seed_004"],
}
VIEWS = [(p, day) for p, _, dates in seed_ledger.VIEWS for day, _ in dates]


def review(name: str) -> dict[str, Any]:
    return load_review(REVIEWS / f"{name}.json")


def draft(name: str) -> dict[str, Any]:
    data = review(name)
    source = ROOT / data["source"]
    return ingest_file(
        source, partnership=data["partnership"], aliases=parse_aliases(data["aliases"])
    ).to_json()


@pytest.fixture(scope="module")
def ingested() -> Iterator[dict[str, Ledger]]:
    ledgers = {}
    for partnership, names in GROUPS.items():
        ledger = Ledger.open(":memory:")
        for name in names:
            apply_draft(ledger, apply_review(draft(name), review(name)))
        ledgers[partnership] = ledger
    yield ledgers
    for ledger in ledgers.values():
        ledger.close()


@pytest.fixture(scope="module")
def examples() -> Iterator[Ledger]:
    with Ledger.open(":memory:") as ledger:
        for _, _, batches in seed_ledger.SEEDS:
            for _, events in batches:
                ledger.append(*events)
        yield ledger


@pytest.mark.parametrize(("partnership", "day"), VIEWS, ids=[f"{p}@{d}" for p, d in VIEWS])
def test_ingested_seed_gives_the_examples_state(
    ingested: dict[str, Ledger], examples: Ledger, partnership: str, day: date
) -> None:
    assert ingested[partnership].state(partnership, as_of=day) == examples.state(
        partnership, as_of=day
    )


@pytest.mark.parametrize("name", [n for names in GROUPS.values() for n in names])
def test_the_review_files_are_the_edits_from_todays_draft(name: str) -> None:
    """If the parser proposes more (or less), regenerate and re-read the reviews."""
    spec = next(s for s in make_reviews.SEEDS if s[0] == name)

    regenerated = json.loads(json.dumps(make_reviews.review_for(*spec)))

    assert regenerated == review(name), (
        "the seed's draft changed: run python tests/ingest_corpus/reviews/make_reviews.py "
        "and check the new edits (and the counts in docs/how-to/ingest.md)"
    )


@pytest.mark.parametrize("name", [n for names in GROUPS.values() for n in names])
def test_every_proposal_the_parser_makes_for_a_seed_is_kept(name: str) -> None:
    data = review(name)

    assert data["kept"] == data["proposed"] > 0
    assert not [e for e in data["edits"] if e["op"] == "drop"]


def test_a_reviewed_seed_draft_applies_cleanly_to_an_empty_ledger() -> None:
    with Ledger.open(":memory:") as ledger:
        _, problems = check_draft(ledger, apply_review(draft("seed_004"), review("seed_004")))

    assert problems == []


def test_an_unreviewed_seed_draft_says_what_is_missing() -> None:
    data = draft("seed_004")

    with Ledger.open(":memory:") as ledger:
        _, problems = check_draft(ledger, data)

    wheres = {f["where"] for f in data["flags"]}
    assert {"meeting.decided", "meeting.body"} <= wheres
    assert problems and all("fill in" in p.message for p in problems)


def test_ingest_and_apply_with_a_review_from_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from govledger import cli

    monkeypatch.chdir(tmp_path)
    data = review("seed_004")
    aliases = tmp_path / "aliases.json"
    aliases.write_text(json.dumps(data["aliases"]), encoding="utf-8")
    source = str(ROOT / data["source"])
    runner = CliRunner()

    ingested = runner.invoke(
        cli.main, ["ingest", source, "-p", "cdc-snc", "--aliases", str(aliases), "-o", "d.json"]
    )
    unreviewed = runner.invoke(cli.main, ["apply", "d.json", "--db", "l.db", "--create"])
    applied = runner.invoke(
        cli.main,
        ["apply", "d.json", "--db", "l.db", "--create", "--review", str(REVIEWS / "seed_004.json")],
    )

    assert ingested.exit_code == 0, ingested.output
    assert unreviewed.exit_code == 1 and "fill in" in unreviewed.output
    assert applied.exit_code == 0, applied.output
    with Ledger.open(tmp_path / "l.db") as ledger:
        assert ledger.state("cdc-snc", as_of=date(2016, 2, 7)).pending
