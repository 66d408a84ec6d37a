"""Motions in the shapes real minutes print them (issue 18, real18b; fictional councils,
own words): a mover named by a pronoun after the sentence that names them, a seconder in a
sentence of its own, a vote "then taken, and carried", and a motion moved in quoted words
that the resolution after it does not repeat (lost: the meeting resolved otherwise)."""

from __future__ import annotations

from typing import Any

from govledger.ingest import ingest_document, read_text
from govledger.ingest.evaluate import model_draft_entries

HEAD = "Brantham District Council\n\nCouncil\n\nMinutes of the meeting held on 6 June 2024\n\n"


def motions(text: str) -> dict[str, list[tuple[Any, ...]]]:
    draft = ingest_document(read_text(HEAD + text), partnership="p").to_json()
    found = model_draft_entries(draft)
    return {kind: sorted(found[kind], key=repr) for kind in ("motions", "movers")}


def test_a_pronoun_mover_and_a_seconder_of_its_own_sentence() -> None:
    text = (
        "14. Depot Purchase\n\n"
        "Councillor Marsh presented the report on buying the depot shared with Ollerby. "
        "She proposed the recommendation.\n\n"
        "Councillor Teale seconded the proposal.\n\n"
        "The vote on the recommendation was then taken, and carried by 20 votes to 3.\n\n"
        "RESOLVED that the depot be bought as set out in the report.\n"
    )
    got = motions(text)
    assert got["motions"] == [("14", "substantive", "decide", "carried")]
    assert got["movers"] == [("14", "marsh", "teale")]


def test_a_pronoun_with_no_member_named_before_has_no_mover() -> None:
    text = (
        "15. Depot Lease\n\n"
        "He proposed the recommendation.\n\n"
        "The recommendation was put to the vote and carried.\n\n"
        "RESOLVED that the lease be renewed.\n"
    )
    got = motions(text)
    assert [m[3] for m in got["motions"]] == ["carried"]
    assert all(m[1] is None for m in got["movers"])


def test_a_quoted_motion_the_resolution_does_not_repeat_was_lost() -> None:
    text = (
        "16. Minutes\n\n"
        "It was moved by Councillor Frome,\n\n"
        "Seconded by Councillor Gale,\n\n"
        '"That the minutes of the meeting held on 2 May 2024 are not a correct record."\n\n'
        "Following a vote the minutes were confirmed by 18 votes to 6.\n\n"
        "RESOLVED - That the minutes of the meeting held on 2 May 2024 be approved.\n"
    )
    got = motions(text)
    assert got["motions"] == [("16", "substantive", "decide", "lost")]
    assert got["movers"] == [("16", "frome", "gale")]


def test_a_quoted_motion_the_resolution_repeats_was_carried() -> None:
    text = (
        "17. Shared Lettings\n\n"
        "It was moved by Councillor Frome,\n\n"
        "Seconded by Councillor Gale,\n\n"
        '"That the shared lettings policy be adopted."\n\n'
        "RESOLVED - That the shared lettings policy be adopted.\n"
    )
    got = motions(text)
    assert got["motions"] == [("17", "substantive", "decide", "carried")]
