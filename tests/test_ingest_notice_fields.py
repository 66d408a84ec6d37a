"""A decision page's own answers on key decisions and urgent items reach the draft and
the proposed ``ResolutionPassed`` (``key_decision``, ``urgent``, the call-in exemption).

Modern decision pages print them as labelled lines ("Is Key decision?: Yes", "Urgent
item?: Yes") beside "Is subject to call in?". Every text here is written for these
tests: fictional councils, people and services."""

from __future__ import annotations

from typing import Any

import pytest

from govledger.codec import decode
from govledger.ingest import ingest_document, parse_aliases, read_text

ALIASES = parse_aliases(
    {"councils": {"tdc": ["Thornbury District Council"], "wbc": ["Wyvern Borough Council"]},
     "publisher": "tdc"}
)  # fmt: skip


def notice(*, key: str | None, urgent: str | None, call_in: str | None) -> str:
    lines = [
        "Decision details",
        "",
        "Ending the shared waste contract with Wyvern Borough Council",
        "",
        "Decision Maker: Cabinet",
        "",
        "Decision status: Recommendations Approved",
        "",
    ]
    if key is not None:
        lines += [f"Is Key decision?: {key}", ""]
    if call_in is not None:
        lines += [f"Is subject to call in?: {call_in}", ""]
    lines += [
        "Decision:",
        "",
        "1.     That notice be given to end the shared waste contract.",
        "",
        "2.     That the Director of Place be asked to report on the options.",
        "",
    ]
    if urgent is not None:
        lines += [f"Urgent item?: {urgent}", ""]
    lines += ["Publication date: 03/05/2024", "", "Date of decision: 29/04/2024", ""]
    return "\n".join(lines)


def drafted(text: str) -> tuple[dict[str, Any], dict[str, Any]]:
    result = ingest_document(read_text(text), partnership="tdc-wbc", aliases=ALIASES).to_json()
    passed = [e["event"] for e in result["events"] if e["type"] == "ResolutionPassed"]
    assert len(passed) == 1
    return result["meeting"], passed[0]


def value(meeting: dict[str, Any], name: str) -> Any:
    found = meeting[name]
    return None if found is None else found["value"]


@pytest.mark.parametrize(("printed", "expected"), [("Yes", True), ("No", False), ("YES", True)])
def test_a_key_decision_answer_is_read_as_printed(printed: str, expected: bool) -> None:
    meeting, event = drafted(notice(key=printed, urgent=None, call_in="Yes"))

    assert value(meeting, "key_decision") is expected
    assert event["key_decision"] is expected


def test_a_page_that_does_not_say_leaves_key_decision_unstated_and_false() -> None:
    meeting, event = drafted(notice(key=None, urgent=None, call_in="Yes"))

    assert meeting["key_decision"] is None
    assert event["key_decision"] is False


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [("This is a key decision.", True), ("This is not a key decision.", False)],
)
def test_a_key_decision_sentence_is_read_too(sentence: str, expected: bool) -> None:
    text = notice(key=None, urgent=None, call_in="Yes").replace(
        "Decision:\n", f"{sentence}\n\nDecision:\n"
    )

    meeting, event = drafted(text)

    assert value(meeting, "key_decision") is expected
    assert event["key_decision"] is expected


def test_an_urgent_item_not_subject_to_call_in_is_urgent_and_exempt_as_urgent() -> None:
    meeting, event = drafted(notice(key="Yes", urgent="Yes", call_in="No"))

    assert value(meeting, "urgent_item") is True
    assert event["urgent"] is True
    assert event["call_in"] == "not_subject"
    assert event["call_in_exemption"] == "urgent"


def test_an_urgent_item_still_subject_to_call_in_is_urgent_and_subject() -> None:
    # Taken as urgent business, yet the page says call-in applies: both stand (an
    # urgent item is not exempt unless the page says so)
    meeting, event = drafted(notice(key="No", urgent="Yes", call_in="Yes"))

    assert value(meeting, "urgent_item") is True
    assert event["urgent"] is True
    assert event["call_in"] == "subject"
    assert event.get("call_in_exemption") is None


def test_an_urgent_item_silent_on_call_in_is_urgent_and_call_in_not_stated() -> None:
    meeting, event = drafted(notice(key="No", urgent="Yes", call_in=None))

    assert value(meeting, "urgent_item") is True
    assert event["urgent"] is True
    assert event["call_in"] == "not_stated"


def test_an_item_not_urgent_keeps_the_exemption_the_page_gives() -> None:
    meeting, event = drafted(notice(key="No", urgent="No", call_in="No"))

    assert value(meeting, "urgent_item") is False
    assert event["urgent"] is False
    assert event["call_in_exemption"] == "other"


def test_the_proposed_resolution_decodes_with_the_answers() -> None:
    _, event = drafted(notice(key="Yes", urgent="Yes", call_in="No"))
    event["decided_by"]["council"] = "tdc"

    passed = decode("ResolutionPassed", 2, event)

    assert passed.key_decision is True  # type: ignore[union-attr]
    assert passed.urgent is True  # type: ignore[union-attr]
