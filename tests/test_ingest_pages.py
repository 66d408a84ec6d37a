"""Ingestion that survives real pages (issue 18, behaviours 1-9): lost headings of any
form, recommendations in every phrasing, motions, labels with odd spacing, preamble
conditions, delegations in other grammar, editorial dates, page furniture, joined
pages, and the draft's new model (motions, corrections, in principle)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from govledger import cli
from govledger.ingest import IngestError, ingest_document, read_html, read_text
from govledger.ingest.evaluate import draft_entries
from govledger.ingest.pages import split_pages
from ingest_helpers import draft

CORPUS = Path(__file__).resolve().parent / "ingest_corpus"


def found(text: str, kind: str) -> list[tuple[Any, ...]]:
    return sorted(draft_entries(draft(text))[kind], key=repr)


# --------------------------------------------------------------------------- 1. lost headings


@pytest.mark.parametrize(
    "parts",
    [
        "1) the minutes of the Shared Legal Board of 3 May 2024 be noted\n"
        "2) the creation of a shared legal post be approved",
        "(a) To note the minutes of the Shared Legal Board;\n(b) To approve a shared legal post.",
        "1. Notes the minutes of the Shared Legal Board;\n2. Approves a shared legal post.",
        "A:   Notes the minutes of the Shared Legal Board;\nB:   Approves a shared legal post.",
    ],
)
def test_parts_are_read_when_the_heading_was_lost(parts: str) -> None:
    text = (
        f"Cabinet - 3 June 2024\n\n12. Shared Legal Service\n\nMembers considered it.\n\n{parts}\n"
    )

    outcomes = found(text, "outcomes")

    assert [o[2] for o in outcomes] == ["noted", "resolved"]
    assert {o[0] for o in outcomes} == {"12"}


def test_a_reports_or_an_agendas_list_is_not_read_as_decisions() -> None:
    text = (
        "Cabinet - 3 June 2024\n\n12. Shared Legal Service\n\n(a) to receive and note the minutes\n"
        "(b) to consider any recommendations\n\nThe Cabinet is recommended to:\n"
        "(1) approve the shared legal post;\n(2) note the budget.\n\n"
        "RESOLVED that the report be noted.\n"
    )

    assert found(text, "outcomes") == [("12", "1", "noted")]


# --------------------------------------------------------------------------- 2, 3. recommendations


@pytest.mark.parametrize(
    "heading",
    [
        "RESOLVED to recommend to Full Council to:",
        "RESOLVED that Cabinet recommend to Council the following:",
        "RECOMMENDED TO FULL COUNCIL",
        "Following a vote it was RESOLVED that Cabinet recommend to Council the following:",
    ],
)
def test_recommendations_are_never_read_as_resolutions(heading: str) -> None:
    text = (
        "Cabinet - 3 June 2024\n\n12. Shared Waste Service\n\n"
        f"{heading}\n\na.   that a shared waste service be created, subject to a business case;\n"
        "b.   that the Director of Place be authorised to agree the agreement.\n"
    )

    result = draft(text)

    parts = result["items"][0]["parts"]
    assert [p["outcome"]["value"] for p in parts] == ["recommended", "recommended"]
    assert all(p["recommended_to"] is not None for p in parts)
    assert not any("does not say to which body" in f["message"] for f in result["flags"])
    assert [e["type"] for e in result["events"]] == ["ResolutionPassed"]  # nothing in force
    assert ("12", "a", "business_case") in draft_entries(result)["conditions"]


def test_each_part_keeps_its_own_marker_in_a_mixed_decision() -> None:
    text = (
        "Decision details\n\nDecision Maker: Cabinet\n\nDecision:\n\n"
        "1. RECOMMEND to Full Council that the memorandum of agreement be approved.\n"
        "2. RESOLVED that the Legal Manager be instructed to amend the terms of reference.\n\n"
        "Date of decision: 17/10/2017\n"
    )

    assert found(text, "outcomes") == [("", "1", "recommended"), ("", "2", "resolved")]


# --------------------------------------------------------------------------- 4. corrections


def test_narrative_is_not_a_decision_and_a_confirmation_proposes_a_correction() -> None:
    text = (
        "Council - 4 July 2024\n\n7. Apologies\n\nApologies were received from Councillor Jones. "
        "Councillor Smith had agreed to deputise for Councillor Jones.\n\n8. Minutes\n\n"
        "The minutes of the meeting held on 2 May 2024 were approved as a correct record subject "
        "to the deletion of Councillor Bell from those voting against minute 5.\n"
    )

    result = draft(text)

    assert draft_entries(result)["parts"] == [("8", "1")]
    part = result["items"][0]["parts"][0]
    assert part["correction"]["value"]["minutes_of"]["latest"] == "2024-05-02"
    retracted = [e for e in result["events"] if e["type"] == "EntryRetracted"]
    assert len(retracted) == 1 and retracted[0]["placeholders"] == ["retracts"]


# --------------------------------------------------------------------------- 5. motions


def test_each_motion_has_its_purpose_fate_and_vote_and_the_carried_one_is_the_part() -> None:
    text = (
        "Council - 29 November 2023\n\n52. Motion on notice\n\n"
        'Councillor A moved: "That this Council asks for a business case for a shared service."\n\n'
        "Councillor B moved a procedural motion that the question be now put. On being put to "
        "the vote the procedural motion was lost (For 14, Against 22).\n\n"
        'Councillor C moved an amendment to add "by the end of March 2024". On being put to the '
        "vote the amendment was LOST by 20 votes to 16.\n\n"
        "On being put to the vote the substantive motion was CARRIED (For 25, Against 9).\n"
    )

    result = draft(text)

    item = result["items"][0]
    assert [p["outcome"]["value"] for p in item["parts"]] == ["resolved"]
    motions = [(m["value"]["motion"], m["value"]["outcome"]) for m in item["motions"]]
    assert motions == [("procedural", "lost"), ("amendment", "lost"), ("substantive", "carried")]
    assert [m["value"]["vote"]["for"] for m in item["motions"]] == [14, 16, 25]
    assert sorted(v[2] for v in draft_entries(result)["votes"]) == [14, 16, 25]
    assert not any(d[0:2] == ("52", "1") for d in draft_entries(result)["dates"])


# --------------------------------------------------------------------------- 6. dates


def test_notice_dates_belong_to_the_decision_and_editorial_dates_are_not_the_meeting() -> None:
    text = (
        "Recent decisions\nUpdated 14 June 2024\n\nDecision details\n\nDecision Maker: Cabinet\n\n"
        "Decision:\n\nRESOLVED that the contract be extended, subject to the decision of the "
        "partner council at its meeting on 20 March 2024.\n\n"
        "Publication date: 07/03/2024\n\nDate of decision: 05/03/2024\n"
    )

    dates = found(text, "dates")

    assert ("", "", "decided", "2024-03-05", None) in dates
    assert ("", "", "published", "2024-03-07", None) in dates
    assert ("", "1", "other", "2024-03-20", None) in dates
    assert not any(d[1] == "1" and d[3] == "2024-03-07" for d in dates)


def test_a_decision_notice_says_when_it_takes_effect_outside_its_parts() -> None:
    text = (
        "Record of Officer Decision\n\nDate of decision: 21 March 2024\n\nDecision:\n"
        "To implement the new structure and to agree to continue the shared service.\n\n"
        "Alternative options considered:\nNone. The decision takes effect from 1 April 2024.\n"
    )

    assert found(text, "parts") == [("", "1"), ("", "2")]
    assert ("", "", "effective", "2024-04-01", None) in found(text, "dates")


# --------------------------------------------------------------------------- 7. labels, preambles


def test_wide_spaced_labels_preamble_conditions_and_page_addresses() -> None:
    text = (
        "https://democracy.example.gov.uk/ieListDocuments.aspx?CId=1&MId=2\n"
        "Cabinet - Tuesday 12 October 2021\n\n34     Joint Environmental Health\n\n"
        "RESOLVED: Subject to the partner council's Cabinet endorsing the proposals, to:\n\n"
        "a          approve a joint service\nb          agree the cost shares\n"
    )

    result = draft(text)

    assert draft_entries(result)["parts"] == [("34", "a"), ("34", "b")]
    assert draft_entries(result)["conditions"] == [("34", "", "member_approval")]
    assert result["items"][0]["title"]["value"] == "Joint Environmental Health"
    resolution = result["events"][0]["event"]
    assert all(len(part["conditions"]) == 1 for part in resolution["parts"])


def test_discussion_printed_inside_a_decision_is_passed_over_not_taken_for_it() -> None:
    text = (
        "Record of Officer Decision\n\nDecision:\n\n"
        "The officer reviewed the tenders with the partner councils' fleet managers.\n\n"
        "1. To award the vehicle contract to the supplier ranked first.\n\n"
        "Members of the board were consulted on the delivery dates.\n\n"
        "2. To require delivery no later than 31 October 2024.\n"
    )

    assert found(text, "parts") == [("", "1"), ("", "2")]
    assert ("", "2", "due", "2024-10-31", None) in found(text, "dates")


def test_a_reports_recommendations_stay_no_decision_with_discussion_between() -> None:
    text = (
        "7. Shared Parking Service\n\nThe meeting is recommended:\n\n"
        "The Chair thanked the officers for the report.\n\n"
        "1.1 To note the business case;\n\n"
        "Members asked about the costs.\n\n"
        "1.2 To approve the shared service.\n\n"
        "RESOLVED: That the report be noted.\n"
    )

    assert found(text, "parts") == [("7", "1")]


def test_a_page_break_inside_a_clause_joins_the_clause_across_the_furniture() -> None:
    text = (
        "12. Shared Parking Service\n\nRESOLVED:\n"
        "(1) That the service be extended, subject to there\n\n"
        "                Page 3 of 9\n\f\nParking Board 3 March 2021\n"
        "being no material change in the budget; and\n"
        "(2) That the new posts be established as from\n\n"
        "                Page 4 of 9\n\f\nParking Board 3 March 2021\n"
        "      1 October 2021.\n"
    )

    assert found(text, "conditions") == [("12", "1", "no_material_change")]
    assert ("12", "2", "effective", "2021-10-01", None) in found(text, "dates")
    assert "Page" not in read_text(text).text


def test_wide_gaps_between_words_read_as_one_space() -> None:
    text = (
        "12. Shared Parking Service\n\nRESOLVED:\n(1) That  authority   be delegated to the"
        "  Head of\tParking,  in  consultation   with the Portfolio  Holder for Transport, to"
        " agree the terms, subject   to  a business   case being approved by both councils.\n"
    )

    assert found(text, "delegations") == [
        ("12", "1", ("head of parking",), ("portfolio holder for transport",))
    ]
    assert found(text, "conditions") == [("12", "1", "business_case")]


def test_letters_that_lost_their_wide_gap_are_still_labels_when_they_run_in_order() -> None:
    text = (
        "12. Shared Parking Service\n\nRESOLVED to recommend to Council to:\n\n"
        "a Approve the joint parking service\n"
        "a Joint Board having been set up last year\n"
        "b Note the savings set out in the report\n"
    )

    assert found(text, "parts") == [("12", "a"), ("12", "b")]


@pytest.mark.parametrize(
    "chrome",
    ["Home | Meetings | Decisions", "You are here - Home : Committees", "Toggle menu", ""],
)
def test_an_agenda_item_page_takes_the_heading_above_its_meeting_line_as_title(
    chrome: str,
) -> None:
    text = (
        f"{chrome}\nAgenda item\nReview: Shared Parking Enforcement\n"
        "Meeting: 04/05/2022 - Overview and Scrutiny Panel (Item 6)\n"
        "To review the decision of the Executive.\nMinutes:\n"
        "The Panel heard from the Portfolio Holder.\nRESOLVED:\n"
        "(1) That no further action be taken; and\n(2) That the review be reported back.\n"
        "Supporting documents:\n"
    )

    result = draft(text)

    assert result["items"][0]["title"]["value"] == "Review: Shared Parking Enforcement"
    assert draft_entries(result)["parts"] == [("6", "1"), ("6", "2")]


def test_neither_page_chrome_nor_a_numbered_part_is_taken_for_a_title() -> None:
    text = (
        "Skip to content\nHome | Your council | Meetings\nShared Grounds Maintenance\n\n"
        "RESOLVED:\n(1) That the joint contract be extended; and\n(2) That it be reviewed.\n"
    )

    assert draft(text)["items"][0]["title"]["value"] == "Shared Grounds Maintenance"


# --------------------------------------------------------------------------- 8. delegations


@pytest.mark.parametrize(
    "words",
    [
        "delegating completion of the agreement to the Head of Legal in consultation with the "
        "Portfolio Holder for Resources",
        "that the final agreement be delegated to the Head of Legal, in consultation with the "
        "Portfolio Holder for Resources",
        "authority be delegated to the Head of Legal, in consultation with the Portfolio Holder "
        "for Resources, to complete the agreement",
    ],
)
def test_delegations_in_other_grammar(words: str) -> None:
    text = (
        f"Cabinet - 1 May 2024\n\n9. Legal\n\nRESOLVED:\n(1) That the service continue, {words}.\n"
    )

    assert found(text, "delegations") == [
        ("9", "1", ("head of legal",), ("portfolio holder for resources",))
    ]


# --------------------------------------------------------------------------- 9. joined pages


JOINED = """Issue - meetings

Shared Payroll

Meeting: 02/02/2022 - Cabinet (Item 14)

14 Shared Payroll

Decision:

(1) That a shared payroll service be set up with the partner council from 1 May 2022.
(2) That the Head of HR be authorised to sign the agreement.

Decision details

Shared Payroll

Decision Maker: Cabinet

Decision:

(1) That a shared payroll service be set up with the partner council from 1 May 2022.
(2) That the Head of HR be authorised to sign the agreement.

Publication date: 04/02/2022

Date of decision: 02/02/2022
"""


def test_a_decision_seen_on_two_joined_pages_is_merged_citing_both() -> None:
    result = draft(JOINED)

    assert len(split_pages(read_text(JOINED).text)) == 2
    assert draft_entries(result)["parts"] == [("14", "1"), ("14", "2")]
    assert len(result["items"][0]["seen"]) == 1
    assert [e["type"] for e in result["events"]].count("ResolutionPassed") == 1


def test_each_meeting_of_an_issue_history_keeps_its_own_body_and_date() -> None:
    text = (
        "Issue - meetings\n\nJoint Audit\n\nMeeting: 10/03/2021 - Council (Item 30)\n\n"
        "30 Joint Audit\n\nRESOLVED that the joint audit arrangement be approved.\n\n"
        "Meeting: 01/03/2021 - Cabinet (Item 12)\n\n12 Joint Audit\n\n"
        "RECOMMENDED to Council that the joint audit arrangement be approved.\n"
    )

    result = draft(text)

    assert sorted(draft_entries(result)["outcomes"]) == [
        ("12", "1", "recommended"),
        ("30", "1", "resolved"),
    ]
    ids = [e["id"] for e in result["events"]]
    assert any("2021-03-10" in i for i in ids) and any("2021-03-01" in i for i in ids)


def test_two_joined_html_documents_are_two_pages() -> None:
    page = (
        "<!DOCTYPE html><html><body><h1>Issue - meetings</h1><h3>Meeting: 14/03/2023 - {b} "
        "(Item {n})</h3><p><b>{n} Joint Revenues</b></p><p>RESOLVED that a joint revenues "
        "service be set up.</p></body></html>\n"
    )
    raw = page.format(b="Cabinet", n=45) + page.format(b="Executive", n=61)

    result = ingest_document(read_html(raw), partnership="p").to_json()

    assert sorted(draft_entries(result)["parts"]) == [("45", "1"), ("61", "1")]


# --------------------------------------------------------------------------- the new model


def test_in_principle_and_call_in_are_carried_in_the_draft() -> None:
    text = (
        "Decision details\n\nDecision Maker: Cabinet\n\nIs subject to call in?: Yes\n\n"
        "Decision:\n\n"
        "RESOLVED that a shared procurement service be approved in principle.\n\n"
        "Date of decision: 05/03/2024\n"
    )

    result = draft(text)

    assert result["meeting"]["call_in"]["value"] is True
    assert result["items"][0]["parts"][0]["in_principle"]["value"] is True


def _corpus_drafts() -> list[dict[str, Any]]:
    drafts = []
    for path in sorted((CORPUS / "labels").glob("*.json")):
        label = json.loads(path.read_text(encoding="utf-8"))
        if not str(label["source"]).startswith("texts/"):
            continue
        source = CORPUS / label["source"]
        reader = read_html if label["format"] == "html" else read_text
        try:
            doc = reader(source.read_text(encoding="utf-8"))
            drafts.append(ingest_document(doc, partnership="p").to_json())
        except IngestError:
            continue  # a refused text proposes nothing at all
    return drafts


def test_no_recommendation_is_ever_proposed_as_in_force() -> None:
    for result in _corpus_drafts():
        recommended = {
            (event["event"]["resolution"], tuple(part["number"] for part in [p]))
            for event in result["events"]
            if event["type"] == "ResolutionPassed"
            for p in event["event"]["parts"]
            if p["outcome"] == "recommended"
        }
        for event in result["events"]:
            if event["type"] == "ResolutionPassed":
                continue
            for cited in event["event"].get("authorised_by", []):
                if cited.get("type") != "resolution":
                    continue
                key = (cited["resolution"], tuple(cited["part"][:1]))
                assert key not in recommended, (event["id"], cited)


def test_a_folder_of_joined_pages_is_one_summary(tmp_path: Path) -> None:
    (tmp_path / "joined.txt").write_text(JOINED, encoding="utf-8")
    (tmp_path / "other.txt").write_text(JOINED.replace("Payroll", "Pensions"), encoding="utf-8")

    result = CliRunner().invoke(
        cli.main, ["ingest", str(tmp_path), "-p", "p", "--out", str(tmp_path / "out")]
    )

    assert result.exit_code == 0, result.output
    assert "Drafted 2 of 2 files." in result.output
