"""Popolo out: every seed partnership exports to Popolo that validates against the
Popolo project's own JSON Schemas, read from the shared directory at test time."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import jsonschema
import pytest
import referencing
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from referencing.jsonschema import DRAFT3

from export_seeds import KEY_DATES, LAST_DAY, minutes_as_recorded
from govledger import Ledger
from govledger.cli import main
from govledger.events import Event, Period
from govledger.export import ocd, popolo
from govledger.export.popolo import COLLECTIONS, popolo_date
from govledger.testing.strategies import histories
from seed_records import POPOLO_SCHEMAS, need

_BASE = "http://www.popoloproject.com/schemas/"


@pytest.fixture(scope="module")
def validators() -> dict[str, Any]:
    """A draft-03 validator per Popolo schema, every ``$ref`` resolved from the files."""
    need(POPOLO_SCHEMAS / "organization.json")
    resources = []
    for path in sorted(POPOLO_SCHEMAS.glob("*.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append((_BASE + path.name, DRAFT3.create_resource(contents)))
    registry = referencing.Registry().with_resources(resources)
    found = {}
    for name in set(COLLECTIONS.values()):
        schema = json.loads((POPOLO_SCHEMAS / f"{name}.json").read_text(encoding="utf-8"))
        found[name] = jsonschema.Draft3Validator(schema, registry=registry)
    return found


def _problems(
    document: dict[str, list[dict[str, Any]]], validators: dict[str, Any]
) -> Iterator[str]:
    for collection, items in document.items():
        validator = validators[COLLECTIONS[collection]]
        for item in items:
            for error in validator.iter_errors(item):
                yield f"{collection} {item.get('id')}: {error.message} at {list(error.path)}"


def test_the_validators_do_refuse_what_popolo_refuses(validators: dict[str, Any]) -> None:
    bad_date = {"id": "x", "founding_date": "autumn 2018"}
    bad_count = {"id": "v", "counts": [{"option": "yes"}]}
    bad_link = {"id": "m", "sources": [{"note": "no url"}]}

    assert list(validators["organization"].iter_errors(bad_date))
    assert list(validators["vote_event"].iter_errors(bad_count))
    assert list(validators["motion"].iter_errors(bad_link))


def test_every_seed_partnership_exports_valid_popolo_on_every_key_date(
    seeds: Ledger, validators: dict[str, Any]
) -> None:
    for day in KEY_DATES:
        for partnership in seeds.partnerships():
            document = popolo(seeds, as_of=day, partnerships=[partnership])

            assert list(_problems(document, validators)) == []


def test_the_illustrated_seed_exports_valid_popolo(
    illustrated: Ledger, validators: dict[str, Any]
) -> None:
    document = popolo(illustrated, as_of=date(2016, 3, 1))

    assert list(_problems(document, validators)) == []


def test_organizations_hold_partnerships_councils_and_bodies_with_parents(seeds: Ledger) -> None:
    document = popolo(seeds, as_of=LAST_DAY)
    organizations = {o["id"]: o for o in document["organizations"]}

    assert organizations["partnership:cdc-occ"]["classification"] == "partnership"
    assert organizations["council:cdc"]["classification"] == "council"
    for organization in organizations.values():
        parent = organization.get("parent_id")
        assert parent is None or parent in organizations, organization["id"]
    joint = [o for o in organizations.values() if o["classification"] == "joint_committee"]
    assert joint and all(o["parent_id"] for o in joint)
    cabinets = [o for o in organizations.values() if o["id"].startswith("body:bdc:")]
    assert cabinets and all(o["parent_id"] == "council:bdc" for o in cabinets)


def test_posts_and_holders_are_posts_and_memberships(seeds: Ledger) -> None:
    document = popolo(seeds, as_of=LAST_DAY)
    posts = {p["id"]: p for p in document["posts"]}
    holders = [m for m in document["memberships"] if m.get("post_id")]

    for partnership in seeds.partnerships():
        state = seeds.state(partnership, as_of=LAST_DAY)
        for post in state.posts:
            assert posts[f"post:{partnership}:{post.post}"]["label"] == post.title
    assert holders and all(m["post_id"] in posts for m in holders)


def test_votes_become_motions_and_vote_events_with_counts_and_results(seeds: Ledger) -> None:
    document = popolo(seeds, as_of=LAST_DAY)
    motions = {m["id"]: m for m in document["motions"]}
    events = {e["id"]: e for e in document["vote_events"]}

    tallied = events["vote-event:council-a-council-b:ssjc-2020-09-02-41(1):1"]
    assert tallied["counts"] == [{"option": "yes", "value": 7}, {"option": "no", "value": 3}]
    assert tallied["result"] == "pass"
    assert motions[tallied["motion_id"]]["identifier"] == "ssjc-2020-09-02-41(1)"
    assert all(e["motion_id"] in motions for e in events.values())


def test_everything_links_to_its_source_decision_in_words(seeds: Ledger) -> None:
    document = popolo(seeds, as_of=LAST_DAY)

    for collection in ("motions", "vote_events", "posts"):
        for item in document[collection]:
            assert item["sources"], f"{collection} {item['id']} has no source"
            for source in item["sources"]:
                assert urlparse(source["url"]).scheme, source["url"]
                assert source["note"]
    motion = next(m for m in document["motions"] if m["identifier"] == "ssjc-2020-09-02-41(1)")
    assert "Shared Services Joint Committee" in motion["sources"][0]["note"]


def test_a_period_is_written_at_the_precision_its_bounds_share() -> None:
    month = Period(earliest=date(2020, 11, 1), latest=date(2020, 11, 30), words="in November 2020")
    open_ended = Period(latest=date(2020, 9, 2), words="by 2 September 2020")
    years = Period(earliest=date(2019, 12, 1), latest=date(2020, 1, 31), words="winter")

    assert popolo_date(month) == "2020-11"
    assert popolo_date(open_ended) is None
    assert popolo_date(years) is None
    assert popolo_date(date(2020, 9, 2)) == "2020-09-02"


def test_the_ocd_variant_is_valid_popolo_too(seeds: Ledger, validators: dict[str, Any]) -> None:
    document = ocd(seeds, as_of=LAST_DAY)

    assert list(_problems(document, validators)) == []


def test_ocd_variant_carries_motions_inside_vote_events(seeds: Ledger) -> None:
    document = ocd(seeds, as_of=LAST_DAY)

    assert "motions" not in document
    (event,) = [e for e in document["vote_events"] if e["identifier"] == "ssjc-2020-09-02-41(1)"]
    assert event["motion_text"]
    assert event["motion_classification"] == ["part"]
    assert "motion_id" not in event


def test_export_command_writes_the_popolo_document(seed_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "popolo.json"

    result = CliRunner().invoke(
        main,
        [
            "--db",
            str(seed_db),
            "export",
            "--format",
            "popolo",
            "--as-of",
            "2023-06-01",
            "-o",
            str(out),
        ],
    )

    assert result.exit_code == 0, result.output
    with Ledger.open(seed_db) as ledger:
        assert json.loads(out.read_text(encoding="utf-8")) == popolo(ledger, as_of=LAST_DAY)


def test_what_the_minutes_say_of_motions_and_votes_goes_into_popolo(
    validators: dict[str, Any],
) -> None:
    with Ledger.open(":memory:") as ledger:
        ledger.append(*minutes_as_recorded())
        document = popolo(ledger, as_of=date(2021, 1, 1))

    assert list(_problems(document, validators)) == []
    motions = {m["identifier"]: m for m in document["motions"]}
    events = {e["id"]: e for e in document["vote_events"]}
    persons = {p["id"]: p["name"] for p in document["persons"]}
    agreed = motions["cab-1(1)"]
    assert agreed["classification"] == "part, in principle"
    assert persons[agreed["creator_id"]] == "Cllr Birch"
    assert motions["cab-1(2)"]["result"] is None  # the record does not say
    referral = motions["cab-1(1) procedural 1"]
    assert (referral["classification"], referral["result"]) == ("procedural, refer", "fail")
    assert persons[referral["creator_id"]] == "Cllr Ash"
    assert events["vote-event:p:cab-1(1):2"]["result"] == "withdrawn"
    partial = events["vote-event:p:cab-1(1):3"]
    assert partial["classification"] == "substantive, decide, partial named list"
    assert partial["result"] == "pass"  # from the tally, never from one name against
    assert [v["option"] for v in partial["votes"]] == ["no"]
    assert "inquorate" in motions["cab-2(1)"]["classification"]


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(history=histories(partnerships=2, length=25))
def test_any_history_exports_popolo_and_ocd_that_validate(
    validators: dict[str, Any], history: list[Event]
) -> None:
    with Ledger.open(":memory:") as ledger:
        ledger.append(*history)
        for day in (date(2014, 1, 1), date(2030, 1, 1)):
            for document in (popolo(ledger, as_of=day), ocd(ledger, as_of=day)):
                assert list(_problems(document, validators)) == []
