"""Reading minutes into drafts: dates, HTML offsets, parts, votes, conditions, delegations,
malformed input, applying a draft to a real ledger file, and the two commands."""

from __future__ import annotations

import html
import itertools
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st

from govledger import DelegationGranted, Ledger, Outcome, ResolutionPassed, cli
from govledger.ingest import (
    ApplyFailed,
    IngestError,
    apply_draft,
    check_draft,
    ingest_document,
    ingest_file,
    load_draft,
    parse_aliases,
    read_html,
    read_text,
)
from govledger.ingest.date_roles import role_of
from govledger.ingest.dates import find_dates, parse_date
from govledger.ingest.draft import iter_fields
from govledger.ingest.extract import condition_kind, role_key
from govledger.ingest.votes import find_votes

# --------------------------------------------------------------------------- a minutes text

ALIASES = parse_aliases(
    {
        "councils": {
            "adc": ["Aldwick District Council", "ADC", "Aldwick"],
            "bbc": ["Bramber Borough Council", "BBC", "Bramber"],
        },
        "publisher": "adc",
    }
)

MINUTES = """ALDWICK DISTRICT COUNCIL

Minutes of a meeting of the Cabinet held on Wednesday 14 June 2023 at 6.30 pm

12. Shared Legal Service with Bramber Borough Council

The Monitoring Officer presented the report.

On being put to the vote the recommendations were carried (For 7, Against 2).

RESOLVED:

(1) That the report be noted.

(2) That a shared legal service with Bramber Borough Council be established
    as from 1 October 2023, subject to similar approval by Bramber Borough
    Council's Cabinet on 20 June 2023.

(3) That authority be delegated to the Director of Governance, in consultation
    with the Leader of the Council, to agree the final terms of the agreement.

13. Date of Next Meeting

The next meeting will be held on 12 July 2023.
"""


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def run(*args: str) -> Result:
    return CliRunner().invoke(cli.main, list(args))


def draft_of(text: str, partnership: str = "adc-bbc") -> dict[str, Any]:
    return ingest_document(read_text(text), partnership=partnership, aliases=ALIASES).to_json()


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("words", "earliest", "latest"),
    [
        ("the first week of September 2009", date(2009, 9, 1), date(2009, 9, 7)),
        ("the end of 2012/13", date(2013, 3, 31), date(2013, 3, 31)),
        ("the end of 2012/2013", date(2013, 3, 31), date(2013, 3, 31)),
        ("in November 2020", date(2020, 11, 1), date(2020, 11, 30)),
        ("early 2016", date(2016, 1, 1), date(2016, 4, 30)),
        ("31 August 2022", None, date(2022, 8, 31)),
        ("Monday, 4 July 2022", None, date(2022, 7, 4)),
        ("29/07/2009", None, date(2009, 7, 29)),
        ("2022/23", date(2022, 4, 1), date(2023, 3, 31)),
        ("quarter 2 of 2022/23", date(2022, 7, 1), date(2022, 9, 30)),
        ("September to December 2021", date(2021, 9, 1), date(2021, 12, 31)),
        ("the end of March 2023", date(2023, 3, 31), date(2023, 3, 31)),
    ],
)
def test_dates_in_minutes_words_have_the_bounds_they_imply(
    words: str, earliest: date | None, latest: date
) -> None:
    found = parse_date(words)

    assert found is not None
    assert (found.earliest, found.latest) == (earliest, latest)


@given(day=st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31)))
def test_a_written_day_reads_back_as_that_day(day: date) -> None:
    text = f"with effect from {day.day} {day:%B} {day.year}."

    (found,) = find_dates(text)

    assert (found.earliest, found.latest) == (None, day)
    assert text[found.start : found.end] == f"{day.day} {day:%B} {day.year}"
    assert role_of(text, found) == "effective"


@given(day=st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_a_day_without_its_year_takes_the_meetings_year_or_is_not_read(day: date) -> None:
    text = f"started in post on {day.day} {day:%B}."

    assert find_dates(text) == []
    (found,) = find_dates(text, reference=day - timedelta(days=0))
    assert found.latest == day and found.confidence < 0.9


def test_impossible_days_are_not_dates() -> None:
    assert find_dates("on 31 February 2022 and 30/02/2021") == []


#: Words of dates by place: a lead, a day, a month, a year; any may be left out.
_DATE_WORDS = (
    ("", "the", "The first week of", "the last week in", "the week commencing", "the end of",
     "the END of the", "the end of the financial year", "the end of the calendar year",
     "the third quarter of", "quarter", "Q3", "early", "mid-", "the middle of", "late",
     "the spring of", "Autumn", "in", "during", "from", "until", "by",
     "the date of this meeting", "with immediate effect", "x"),
    ("", "Monday, 4", "31st", "12/03/2021"),
    ("", "June", "Sept."),
    ("", "2023", "2024/25"),
)  # fmt: skip


def test_dates_are_read_alike_in_plain_and_unicode_text() -> None:
    """ASCII text is searched only where a date can begin, other text everywhere: every
    shape of date is found alike in both."""
    meeting = date(2023, 6, 14)
    differ = []
    for words in itertools.product(*_DATE_WORDS):
        text = "on " + " ".join(word for word in words if word) + " x"
        unicode = text.replace(" ", "\xa0")  # the same words, non-ASCII spaces apart
        for reference in (None, meeting):
            plain = find_dates(text, reference=reference)
            wide = find_dates(unicode, reference=reference)
            if [(f.start, f.end, f.earliest, f.latest) for f in plain] != [
                (f.start, f.end, f.earliest, f.latest) for f in wide
            ]:
                differ.append(text)
    assert differ == []


def test_no_date_anchor_word_begins_another() -> None:
    """The date reader finds its anchor words (month stems, seasons) and each pattern's
    start words with one alternation search per place: that finds every place only
    while no word of a set begins another word of it."""
    from govledger.ingest import dates

    word_sets = [
        (*dates._MONTH_STEMS, *dates._SEASONS, "meeting", "immediate"),
        *(words for words, _ in dates._STARTS.values()),
    ]
    clashes = [
        (a, b) for words in word_sets for a in words for b in words if a != b and b.startswith(a)
    ]
    assert clashes == []
    # and the search reads a stem inside another word as the reader always has
    assert [f.words for f in find_dates("summary: 3 Mar 2024", reference=date(2024, 1, 1))] == [
        "3 Mar 2024"
    ]


# --------------------------------------------------------------------------- HTML


@given(
    words=st.lists(
        st.text(alphabet="abc &<>\"'é£", min_size=1, max_size=12), min_size=1, max_size=5
    ).filter(lambda words: any(word.strip() for word in words))  # blank pages are refused
)
def test_every_character_of_html_text_cites_where_it_came_from(words: list[str]) -> None:
    body = "".join(f"<p>{html.escape(w)}</p>\n" for w in words)
    doc = read_html(f"<html><head><style>p {{}}</style></head><body>{body}</body></html>")

    for index, char in enumerate(doc.text):
        start, end = doc.raw_span(index, index + 1)
        raw = doc.raw[start:end]
        if char in " \n" or not raw:
            continue  # a break or collapsed spaces
        assert html.unescape(raw) == char


def test_html_lists_get_their_printed_numbers() -> None:
    doc = read_html(
        "<p>RESOLVED:</p><ol><li>That the report be noted.</li><li>That X be agreed.</li></ol>"
    )

    assert "(1) That the report be noted." in doc.text
    assert "(2) That X be agreed." in doc.text


# --------------------------------------------------------------------------- parts


def test_a_minutes_text_gives_items_parts_outcomes_votes_conditions_and_delegations() -> None:
    draft = draft_of(MINUTES)

    (item,) = draft["items"]  # item 13 decides nothing
    assert item["number"]["value"] == "12"
    assert [(p["path"], p["outcome"]["value"]) for p in item["parts"]] == [
        ("1", "noted"),
        ("2", "resolved"),
        ("3", "resolved"),
    ]
    assert [v["value"]["for"] for v in item["votes"]] == [7]
    assert item["parts"][1]["conditions"][0]["value"]["kind"] == "member_approval"
    delegation = item["parts"][2]["delegations"][0]["value"]
    assert [d["key"] for d in delegation["delegates"]] == ["director of governance"]
    assert [c["key"] for c in delegation["consultees"]] == ["leader of the council"]
    assert draft["meeting"]["decided"]["value"]["latest"] == "2023-06-14"
    assert draft["meeting"]["body"]["value"] == "Cabinet"


def test_every_field_cites_the_words_it_came_from() -> None:
    draft = draft_of(MINUTES)

    fields = list(iter_fields(draft))
    assert len(fields) > 10
    for path, field in fields:
        start, end = field.span
        assert 0 <= start < end <= len(MINUTES), path
        assert 0.0 <= field.confidence <= 1.0, path
    text = draft["items"][0]["parts"][2]["text"]
    assert " ".join(MINUTES[text["span"][0] : text["span"][1]].split()) == text["value"]


def test_nested_labels_give_dotted_paths() -> None:
    text = (
        "RESOLVED:\n(1) That X be agreed;\n(2) That in pursuit of the above:\n"
        "(a) the first thing be done;\n(i) quickly;\n(ii) carefully; and\n(b) the second thing;\n"
        "(3) That Y be noted.\n"
    )
    draft = draft_of(text)

    paths = [p["path"] for p in draft["items"][0]["parts"]]
    assert paths == ["1", "2", "2.a", "2.a.i", "2.a.ii", "2.b", "3"]


def test_a_resolution_printed_twice_is_read_once_and_flagged() -> None:
    block = "RESOLVED:\n(1) That the report be noted.\n(2) That the plan be approved.\n"
    draft = draft_of(f"Item 4 Plans\n{block}\nThe Chair thanked officers.\n{block}")

    assert [p["path"] for p in draft["items"][0]["parts"]] == ["1", "2"]
    assert any("printed twice" in f["message"] for f in draft["flags"])


def test_a_lost_heading_is_read_but_flagged() -> None:
    draft = draft_of(
        "Item 4 Plans\nFollowing discussion it was\n\n(1) that the plan be approved;\n"
    )

    assert draft["items"][0]["parts"][0]["outcome"]["value"] == "resolved"
    assert any("heading" in f["message"] for f in draft["flags"])


def test_a_report_recommendation_is_not_a_decision() -> None:
    with pytest.raises(IngestError, match="no decisions"):
        read_and_parse(
            "The Cabinet is recommended to:\n1.1 To approve the plan;\n1.2 To note it.\n"
        )


def read_and_parse(text: str) -> dict[str, Any]:
    return draft_of(text)


# --------------------------------------------------------------------------- votes


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Decision (For: 7 Against: 3) that", (7, 3, None, False, False)),
        ("The motion was lost by 31 votes to 29.", (29, 31, None, False, False)),
        ("carried by 33 votes to 25, with 2 abstentions.", (33, 25, 2, False, False)),
        ("The recommendations were agreed unanimously.", (None, None, None, True, False)),
        ("The recommendations were agreed nem con.", (None, None, None, True, False)),
        (
            "There voted For 5 and Against 5 and the Chair used her casting vote.",
            (5, 5, None, False, True),
        ),
        ("On being put to the vote the motion was carried.", (None, None, None, False, False)),
        ("there were 5 votes for, none against and 1 abstention", (5, 0, 1, False, False)),
    ],
)
def test_votes_are_read_in_the_words_minutes_use(
    sentence: str, expected: tuple[int | None, int | None, int | None, bool, bool]
) -> None:
    (vote,) = find_votes(sentence, 0, len(sentence))

    assert (vote.in_favour, vote.against, vote.abstained, vote.unanimous, vote.casting) == expected


def test_a_named_vote_is_counted_from_its_names() -> None:
    text = "FOR (3): Councillors Ash, Birch and Cole.\nAGAINST: Councillors Dell and Eyre.\n"

    (vote,) = find_votes(text, 0, len(text))

    assert (vote.in_favour, vote.against) == (3, 2)
    assert ("Dell", "against") in vote.named


def test_a_tally_against_the_part_makes_it_lost() -> None:
    draft = draft_of("RESOLVED:\n(1) That the plan be approved (For 2, Against 5).\n")

    assert draft["items"][0]["parts"][0]["outcome"]["value"] == "lost"


# --------------------------------------------------------------------------- conditions, roles


@pytest.mark.parametrize(
    ("words", "kind"),
    [
        ("subject to similar consideration and approval by SNC Cabinet", "member_approval"),
        (
            "subject to the conclusion of suitable agreements between the Councils",
            "agreement_concluded",
        ),
        ("subject to the business case being confirmed by the Board", "business_case"),
        ("subject to there being no material change in the volume of work", "no_material_change"),
        ("subject to the weather", "other"),
    ],
)
def test_condition_kinds(words: str, kind: str) -> None:
    assert condition_kind(words) == kind


@pytest.mark.parametrize(
    ("title", "key"),
    [
        ("the Chief Executives of both councils", "chief executive"),
        ("the Director of Law, Mr J Smith", "director of law"),
        (
            "BDC’s Head of Legal Equalities and Democratic Services",
            "head of legal equalities and democratic services",
        ),
        ("the Leader of the Council", "leader of the council"),
        (
            "Assistant Director Law, Governance and Democratic Services (CDC)",
            "assistant director law, governance and democratic services",
        ),
    ],
)  # fmt: skip
def test_roles_are_compared_without_articles_councils_or_names(title: str, key: str) -> None:
    assert role_key(title) == key


# --------------------------------------------------------------------------- malformed input


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", "", "empty"),
        ("blank.txt", "  \n\n ", "empty"),
        ("binary.txt", b"%PDF-1.7\x00\x01\x02\x03binary", "binary"),
        (
            "menu.html",
            "<html><body><nav>Home | Contact</nav><p>Hello</p></body></html>",
            "no decisions",
        ),
        (
            "story.txt",
            "The committee met and talked about the weather at length.\n",
            "no decisions",
        ),
    ],
)
def test_malformed_input_is_refused_with_a_clear_error(
    tmp_path: Path, name: str, content: str | bytes, message: str
) -> None:
    path = write(tmp_path, name, content)

    with pytest.raises(IngestError, match=message):
        ingest_file(path, partnership="p")


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="no file"):
        ingest_file(tmp_path / "nowhere.txt", partnership="p")


@pytest.mark.parametrize(
    "content", ["", b"\x00\x01\x02", "<html><body><p>Cookies</p></body></html>"]
)
def test_the_ingest_command_exits_2_and_writes_nothing_for_bad_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str | bytes
) -> None:
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path, "page.html", content)

    result = run("ingest", str(path), "--partnership", "p")

    assert result.exit_code == 2, result.output
    assert "Error" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.html"]


# --------------------------------------------------------------------------- applying a draft


def formed(partnership: str = "adc-bbc") -> dict[str, Any]:
    return {
        "type": "PartnershipFormed",
        "schema_version": 1,
        "id": "PartnershipFormed:adc-bbc",
        "span": None,
        "event": {
            "partnership": partnership,
            "effective": "2020-01-01",
            "authorised_by": [{"type": "citation", "document": "Shared services agreement"}],
            "name": "Aldwick and Bramber",
            "members": [
                {"council": "adc", "name": "Aldwick District Council"},
                {"council": "bbc", "name": "Bramber Borough Council"},
            ],
        },
    }


@pytest.fixture
def ledger_file(tmp_path: Path) -> Path:
    path = tmp_path / "ledger.db"
    with Ledger.open(path) as ledger:
        from govledger.codec import decode

        entry = formed()
        ledger.append(decode(entry["type"], 1, entry["event"]))
    return path


def test_a_draft_applies_to_a_ledger_file_in_one_batch(ledger_file: Path) -> None:
    draft = draft_of(MINUTES)

    with Ledger.open(ledger_file) as ledger:
        recorded = apply_draft(ledger, draft)
        state = ledger.state("adc-bbc", as_of=date(2023, 6, 15))

    kinds = [type(r.event) for r in recorded]
    assert kinds == [ResolutionPassed, DelegationGranted]
    resolution = recorded[0].event
    assert isinstance(resolution, ResolutionPassed)
    assert resolution.resolution == "adc-cabinet-2023-06-14-12"
    assert [p.outcome for p in resolution.parts] == [
        Outcome.NOTED,
        Outcome.RESOLVED,
        Outcome.RESOLVED,
    ]
    assert [d.delegation for d in state.delegations] == ["adc-cabinet-2023-06-14-12-3-delegation"]


def test_applying_twice_lists_the_problem_and_writes_nothing(ledger_file: Path) -> None:
    draft = draft_of(MINUTES)
    with Ledger.open(ledger_file) as ledger:
        apply_draft(ledger, draft)
        before = ledger.version("adc-bbc")

        with pytest.raises(ApplyFailed) as caught:
            apply_draft(ledger, draft)

        assert ledger.version("adc-bbc") == before
    assert len(caught.value.problems) == 2  # both events, not just the first
    assert all(p.span is not None for p in caught.value.problems)


def test_every_placeholder_left_in_is_a_problem_with_its_span() -> None:
    text = MINUTES.replace(
        "Minutes of a meeting of the Cabinet held on Wednesday 14 June 2023", "Minutes"
    )
    draft = ingest_document(read_text(text), partnership="adc-bbc").to_json()
    holes = sum(len(e["placeholders"]) for e in draft["events"])

    with Ledger.open(":memory:") as ledger:
        _, problems = check_draft(ledger, draft)

    assert holes >= 2
    assert len(problems) == holes
    assert all(p.span is not None and "fill in" in p.message for p in problems)


def test_a_draft_that_breaks_a_rule_is_refused_whole(ledger_file: Path) -> None:
    draft = draft_of(MINUTES, partnership="not-formed")

    with Ledger.open(ledger_file) as ledger, pytest.raises(ApplyFailed, match="not-formed"):
        apply_draft(ledger, draft)
    with Ledger.open(ledger_file) as ledger:
        assert ledger.partnerships() == ["adc-bbc"]


# --------------------------------------------------------------------------- the commands


def test_ingest_then_apply_from_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ledger_file: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    minutes = write(tmp_path, "cabinet.txt", MINUTES)
    aliases = write(
        tmp_path,
        "aliases.json",
        json.dumps({"councils": {"adc": ["ADC"], "bbc": ["BBC"]}, "publisher": "adc"}),
    )

    ingested = run("ingest", str(minutes), "-p", "adc-bbc", "--aliases", str(aliases))
    draft_path = tmp_path / "cabinet.draft.json"
    applied = run("apply", str(draft_path), "--db", str(ledger_file))
    again = run("apply", str(draft_path), "--db", str(ledger_file))

    assert ingested.exit_code == 0, ingested.output
    assert '"That the report be noted."' in ingested.output  # the cited words
    assert load_draft(draft_path.read_text(encoding="utf-8"))["partnership"] == "adc-bbc"
    assert applied.exit_code == 0, applied.output
    assert "Appended 2 events" in applied.output
    assert again.exit_code == 1
    assert "nothing was written" in again.output
    assert "2 problem(s)" in again.output


def test_apply_refuses_a_file_that_is_not_a_draft(tmp_path: Path, ledger_file: Path) -> None:
    path = write(tmp_path, "x.json", json.dumps({"hello": 1}))

    result = run("apply", str(path), "--db", str(ledger_file))

    assert result.exit_code == 2
    assert "not a govledger draft" in result.output


def test_apply_does_not_create_a_ledger_for_a_refused_draft(tmp_path: Path) -> None:
    draft = write(tmp_path, "d.json", json.dumps(draft_of(MINUTES, partnership="nowhere")))
    db = tmp_path / "new.db"

    missing = run("apply", str(draft), "--db", str(db))
    refused = run("apply", str(draft), "--db", str(db), "--create")

    assert missing.exit_code == 2
    assert refused.exit_code == 1
    assert not db.exists()


def test_ingest_json_summary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    minutes = write(tmp_path, "m.txt", MINUTES)

    result = run("ingest", str(minutes), "-p", "adc-bbc", "--json", "-o", "out.json")

    data = json.loads(result.stdout)
    assert result.exit_code == 0
    assert (data["format"], data["parts"], data["events"]) == (1, 3, 2)
    assert (tmp_path / "out.json").is_file()


def test_a_task_with_a_deadline_is_proposed_as_an_action() -> None:
    text = (
        "Minutes of a meeting of the Cabinet held on 5 March 2024\n\n"
        "RESOLVED:\n(1) That the Head of Finance be tasked with preparing a report on the\n"
        "    shared service by the end of June 2024.\n"
    )

    events = draft_of(text)["events"]

    action = next(e for e in events if e["type"] == "ActionAssigned")["event"]
    assert action["assignee"]["title"] == "Head of Finance"
    assert action["due"] == {
        "earliest": "2024-06-30",
        "latest": "2024-06-30",
        "words": "the end of June 2024",
    }


@pytest.mark.parametrize(
    ("printed", "read"),
    [
        # a clause broken before a lower-case word: joined, the source still cited
        (
            "(1) That the service be\n    extended to 2027.",
            "(1) That the service be extended to 2027.",
        ),
        (
            "subject to the approval of\nthe partner council;",
            "subject to the approval of the partner council;",
        ),
        ("(a)\n    accept the business case", "(a) accept the business case"),
        ("No - urgent decision;\n  the Chair agreed", "No - urgent decision; the Chair agreed"),
        # a stop, a colon or a bracket ends the line; a label opens the next one
        ("be noted.\nthe Chair thanked", "be noted.\nthe Chair thanked"),
        ("RESOLVED:\nthat the report be noted", "RESOLVED:\nthat the report be noted"),
        ("the following:\n(a) the report", "the following:\n(a) the report"),
        ("to agree the terms;\nb) to note the risks", "to agree the terms;\nb) to note the risks"),
        (
            "to agree the terms,\nii. to note the risks",
            "to agree the terms,\nii. to note the risks",
        ),
        ("the Leader\na          to start", "the Leader\na          to start"),
        ("Shared ICT\nThe Director reported", "Shared ICT\nThe Director reported"),
        # a bare letter before a capital labels a part, but after "of" it is the article
        ("the joint service\nb Note the savings", "the joint service\nb Note the savings"),
        ("the creation of\n    a Joint Committee", "the creation of a Joint Committee"),
    ],
)
def test_a_line_wrapped_mid_clause_is_read_joined(printed: str, read: str) -> None:
    doc = read_text(printed)

    assert doc.text == read
    start = doc.text.find(read.split()[-1])
    assert (
        doc.raw[slice(*doc.raw_span(start, len(doc.text)))]
        == printed[printed.rfind(read.split()[-1]) :]
    )
