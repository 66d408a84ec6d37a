"""Parts that take a step towards ending an arrangement are proposed as
``EndingStageReached`` (issue 15 item 3, read by ingest): "start the process of
terminating", "give notice", "activate the termination clause", "withdraw from". The
arrangement stays in force, and the state says it is ending with no end date yet.

Every text here is written for these tests: fictional councils, people and services."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from govledger import Ledger
from govledger.codec import decode
from govledger.ingest import apply_draft, ingest_document, parse_aliases, read_text

ALIASES = parse_aliases(
    {
        "councils": {
            "tdc": ["Thornbury District Council", "TDC"],
            "wbc": ["Wyvern Borough Council", "WBC"],
        },
        "arrangements": {"tdc-wbc-sms": ["shared management agreement"]},
        "publisher": "tdc",
    }
)
HEADING = (
    "THORNBURY DISTRICT COUNCIL\n\nMinutes of a meeting of the Cabinet held on Tuesday "
    "12 March 2024\n\n7. Shared management with Wyvern Borough Council\n\nRESOLVED:\n\n"
)


def stages(part: str) -> list[dict[str, Any]]:
    text = HEADING + f"(1)  {part}\n\n(2)  That the report be noted.\n"
    result = ingest_document(read_text(text), partnership="tdc-wbc", aliases=ALIASES).to_json()
    return [e["event"] for e in result["events"] if e["type"] == "EndingStageReached"]


SMA = "the shared management agreement"


@pytest.mark.parametrize(
    ("words", "stage"),
    [
        (f"That the process of terminating {SMA} be started.", "termination_started"),
        (f"To start the process of terminating {SMA}.", "termination_started"),
        (f"To begin a formal process to end {SMA}.", "termination_started"),
        (f"That the termination clause of {SMA} be activated.", "termination_clause_activated"),
        (f"To activate the termination clause in {SMA}.", "termination_clause_activated"),
        (f"That notice be given to Wyvern Borough Council under {SMA}.", "agreed_to_give_notice"),
        (f"To serve notice of withdrawal from {SMA}.", "agreed_to_give_notice"),
        (f"That the Council withdraw from {SMA}.", "agreed_to_end"),
        (f"That {SMA} be terminated.", "agreed_to_end"),
    ],
)
def test_each_stage_is_read_from_its_words(words: str, stage: str) -> None:
    found = stages(words)

    assert [e["stage"] for e in found] == [stage]
    event = found[0]
    assert event["arrangement"] == "tdc-wbc-sms"
    assert event["by"] == ["tdc"]
    assert event["ends"] is None
    assert event["authorised_by"][0]["part"] == ["1"]


def test_a_part_about_something_else_proposes_no_stage() -> None:
    assert stages("That the Director be asked to end the consultation on parking charges.") == []
    assert stages("That the shared management agreement be renewed for five years.") == []


def test_an_unnamed_agreement_leaves_the_arrangement_for_the_reviewer() -> None:
    text = HEADING + "(1)  To start the process of terminating the joint working agreement.\n"
    result = ingest_document(read_text(text), partnership="tdc-wbc", aliases=ALIASES).to_json()
    [proposal] = [e for e in result["events"] if e["type"] == "EndingStageReached"]

    assert proposal["placeholders"] == ["arrangement"]
    assert "arrangement being ended" in str(proposal["event"]["arrangement"])


def test_a_recommended_stage_waits_for_adoption() -> None:
    text = HEADING.replace("RESOLVED:", "RECOMMENDED to Council:") + (
        "(1)  That notice be given to end the shared management agreement.\n"
    )
    result = ingest_document(read_text(text), partnership="tdc-wbc", aliases=ALIASES).to_json()

    assert not [e for e in result["events"] if e["type"] == "EndingStageReached"]
    assert [e["type"] for e in result["awaiting_adoption"]] == ["EndingStageReached"]


def _setup() -> list[Any]:
    formed = {
        "partnership": "tdc-wbc",
        "effective": "2019-04-01",
        "authorised_by": [{"type": "citation", "document": "Partnership agreement"}],
        "name": "Thornbury and Wyvern",
        "members": [
            {"council": "tdc", "name": "Thornbury District Council"},
            {"council": "wbc", "name": "Wyvern Borough Council"},
        ],
    }
    established = {
        "partnership": "tdc-wbc",
        "effective": "2019-04-01",
        "authorised_by": [{"type": "citation", "document": "Partnership agreement"}],
        "arrangement": "tdc-wbc-sms",
        "name": "Shared management",
        "services": ["management"],
        "mechanism": "joint_management",
        "not_on_record": [{"note": "the other council's decision is not in these minutes"}],
    }
    return [
        decode("PartnershipFormed", 1, formed),
        decode("ArrangementEstablished", 2, established),
    ]


def test_the_applied_stage_shows_the_arrangement_ending_with_no_end_date(tmp_path: Path) -> None:
    text = HEADING + "(1)  To start the process of terminating the shared management agreement.\n"
    draft = ingest_document(read_text(text), partnership="tdc-wbc", aliases=ALIASES).to_json()
    with Ledger.open(tmp_path / "ledger.db") as ledger:
        ledger.append(*_setup())
        apply_draft(ledger, draft)

        before = ledger.state("tdc-wbc", as_of=date(2024, 3, 11)).arrangement("tdc-wbc-sms")
        after = ledger.state("tdc-wbc", as_of=date(2024, 3, 13)).arrangement("tdc-wbc-sms")

    assert before is not None and after is not None
    assert before.ending_words is None
    assert after.in_force
    assert after.ending_words == (
        "ending: process of terminating started since 2024-03-12, no end date yet"
    )
