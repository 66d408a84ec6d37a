"""Councils and bodies may carry identifiers in other schemes, exported where the
standards have a place for them; ledgers written before the field read the same."""

from __future__ import annotations

import json
from datetime import date

import export_seeds  # noqa: F401  (puts examples/ on the path)
from govledger import (
    BodyEstablished,
    BodyKind,
    Citation,
    CouncilBody,
    Identifier,
    Ledger,
    Member,
    Part,
    PartnershipFormed,
    ResolutionPassed,
    codec,
)
from govledger.export import ocd, popolo

GSS = Identifier(scheme="gss", identifier="E07000177")
OCD = Identifier(scheme="ocd", identifier="ocd-organization/9f1c0e2a-0000-4000-8000-000000000001")
WEB = Identifier(scheme="moderngov", identifier="https://democracy.example.gov.uk/")
AUTHORITY = (Citation(document="Partnership agreement"),)


def _formed(*identifiers: Identifier) -> PartnershipFormed:
    return PartnershipFormed(
        partnership="p",
        effective=date(2019, 1, 1),
        name="A and B",
        members=(
            Member(council="aa", name="A Council", identifiers=identifiers),
            Member(council="bb", name="B Council"),
        ),
        authorised_by=AUTHORITY,
    )


def test_a_payload_without_identifiers_reads_and_writes_as_before() -> None:
    old = json.dumps(
        {
            "partnership": "p",
            "effective": "2019-01-01",
            "name": "A and B",
            "members": [{"council": "aa", "name": "A Council"}, {"council": "bb", "name": "B"}],
            "authorised_by": [
                {"type": "citation", "document": "Agreement", "dated": None, "url": None}
            ],
        },
        sort_keys=True,
        separators=(",", ":"),
    )

    event = codec.decode("PartnershipFormed", 1, old)

    assert isinstance(event, PartnershipFormed)
    assert all(m.identifiers == () for m in event.members)
    assert codec.encode(event)[2] == old


def test_a_decision_maker_without_identifiers_is_written_as_before() -> None:
    event = ResolutionPassed(
        partnership="p",
        resolution="r1",
        decided_by=CouncilBody(council="aa", name="Cabinet"),
        decided=date(2019, 3, 1),
        effective=date(2019, 3, 1),
        item="1",
        title="Shared services",
        parts=(Part(number="1", summary="noted"),),
    )

    payload = json.loads(codec.encode(event)[2])

    assert payload["decided_by"]["type"] == "council_body"
    assert "identifiers" not in payload["decided_by"]


def test_identifiers_round_trip_through_the_codec() -> None:
    event = _formed(GSS, OCD, WEB)
    body = BodyEstablished(
        partnership="p",
        effective=date(2019, 2, 1),
        body="jc",
        name="Joint Committee",
        kind=BodyKind.JOINT_COMMITTEE,
        identifiers=(WEB,),
        authorised_by=AUTHORITY,
    )

    for value in (event, body):
        assert codec.from_json(codec.to_json(value)) == value


def test_popolo_and_ocd_carry_the_identifiers() -> None:
    with Ledger.open(":memory:") as ledger:
        ledger.append(
            _formed(GSS, OCD, WEB),
            ResolutionPassed(
                partnership="p",
                resolution="r1",
                decided_by=CouncilBody(council="aa", name="Cabinet", identifiers=(WEB,)),
                decided=date(2019, 3, 1),
                effective=date(2019, 3, 1),
                item="1",
                title="Shared services",
                parts=(Part(number="1", summary="noted"),),
            ),
        )
        state = ledger.state("p", as_of=date(2020, 1, 1))
        document = popolo(ledger, as_of=date(2020, 1, 1))
        shaped = ocd(ledger, as_of=date(2020, 1, 1))

    assert state.members[0].identifiers == (GSS, OCD, WEB)
    council = next(o for o in document["organizations"] if o["id"] == "council:aa")
    assert {"scheme": "gss", "identifier": "E07000177"} in council["identifiers"]
    assert {"url": WEB.identifier, "note": "moderngov"} in council["links"]
    cabinet = next(o for o in document["organizations"] if o["id"].startswith("body:aa:"))
    assert cabinet["links"] == [{"url": WEB.identifier, "note": "moderngov"}]
    ids = {o["id"] for o in shaped["organizations"]}
    assert OCD.identifier in ids and "council:aa" not in ids
    membership = next(m for m in shaped["memberships"] if m["id"] == "membership:p:aa")
    assert membership["member"]["id"] == OCD.identifier
    assert (
        next(o for o in shaped["organizations"] if o["id"].startswith("body:aa:"))["parent_id"]
        == OCD.identifier
    )


def test_no_seed_event_gains_an_identifiers_key() -> None:
    import seed_ledger

    for _, _, batches in seed_ledger.SEEDS:
        for _, events in batches:
            for event in events:
                assert '"identifiers"' not in codec.encode(event)[2], event
