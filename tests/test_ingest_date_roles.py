"""The role of a date in shapes read on published pages (issue 18): a period "from X to
Y" is no task's deadline, nor is a financial year; the minutes of another meeting
(listed, or received) do not date this decision; "20 th September" is one day; "quarter
3 for 2012/13" is a quarter. Fictional councils, own words."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govledger.ingest import ingest_document, read_text
from govledger.ingest.dates import find_dates
from govledger.ingest.evaluate import draft_entries

MEETING = "Agenda and minutes\n\nShared Waste Joint Committee - Tuesday, 14 March 2023\n\n"


def dates(text: str) -> list[tuple[Any, ...]]:
    """The (item, path, role, latest, earliest) dates a page is read to give."""
    draft = ingest_document(read_text(text), partnership="p").to_json()
    return sorted(draft_entries(draft)["dates"], key=repr)


def part_dates(resolution: str) -> list[tuple[str, str, str | None]]:
    """The (role, latest, earliest) of the dates in a one-part resolution's part."""
    found = dates(f"{MEETING}RESOLVED: That {resolution}\n")
    return sorted((role, latest, earliest) for item, path, role, latest, earliest in found if path)


@pytest.mark.parametrize(
    ("words", "first", "last"),
    [
        ("the interim protocol that applied from 2 May 2021 to 30 June 2022 be revoked.",
         "2021-05-02", "2022-06-30"),
        ("the report on the consultation, which ran from 4 January 2023 until 1 March 2023, "
         "be noted.", "2023-01-04", "2023-03-01"),
        ("the Director prepare a contract for the term from 1 April 2023 to 31 March 2026.",
         "2023-04-01", "2026-03-31"),
    ],
)  # fmt: skip
def test_a_period_from_one_day_to_another_is_no_deadline(words: str, first: str, last: str) -> None:
    assert part_dates(words) == [("other", first, None), ("other", last, None)]


@pytest.mark.parametrize(
    ("words", "fy"),
    [
        ("the Treasurer prepare the budget for 2023/2024 for the partners.",
         ("2024-03-31", "2023-04-01")),
        ("the Head of Service report on the fees to be charged in 2024/25.",
         ("2025-03-31", "2024-04-01")),
    ],
)  # fmt: skip
def test_a_financial_year_is_no_deadline(words: str, fy: tuple[str, str]) -> None:
    assert part_dates(words) == [("other", *fy)]


def test_a_task_with_a_day_still_has_a_due_date() -> None:
    assert part_dates("the Director report back to the Committee on 12 June 2023.") == [
        ("due", "2023-06-12", None)
    ]


@pytest.mark.parametrize(
    "lead",
    [
        "the new charges come into effect with effect from",
        "the revised scheme is to take effect on",
        "the Director prepare the new rota, to apply from",
    ],
)
def test_an_effective_date_is_effective(lead: str) -> None:
    assert part_dates(f"{lead} 1 April 2023.") == [("effective", "2023-04-01", None)]


@pytest.mark.parametrize(
    "line",
    [
        "C.  The Minutes of the Committee held on 7 February 2023 (previously circulated).",
        "To formally receive the minutes of the Board held on 7 February 2023.",
        "To receive the record of proceedings of the Committee meeting held on 7 February 2023.",
    ],
)
def test_the_minutes_of_another_meeting_do_not_date_the_decision(line: str) -> None:
    text = (
        "Agenda item\n\nMinutes\n\n"
        f"{line}\n\nRESOLVED: That the minutes be approved as a correct record.\n"
    )
    assert [d for d in dates(text) if d[2] == "decided"] == []


def test_a_pages_own_minutes_heading_still_dates_the_decision() -> None:
    text = (
        "Minutes of the Joint Committee meeting held on 14 March 2023\n\n"
        "RESOLVED: That the shared service plan be approved.\n"
    )
    assert ("", "", "decided", "2023-03-14", None) in dates(text)


@given(
    day=st.integers(1, 28),
    month=st.sampled_from(["January", "MAY", "September"]),
    suffix=st.sampled_from(["st", "nd", "rd", "th"]),
    space=st.sampled_from([" ", ""]),
)
def test_a_day_with_a_spaced_ordinal_is_one_day(
    day: int, month: str, suffix: str, space: str
) -> None:
    text = f"held on Wednesday {day}{space}{suffix} {month} 2017 at the hall"
    found = find_dates(text)
    month_number = {"January": 1, "MAY": 5, "September": 9}[month]
    assert [(f.earliest, f.latest) for f in found] == [(None, date(2017, month_number, day))]


@pytest.mark.parametrize(
    ("words", "first", "last"),
    [
        ("quarter 3 for 2012/13", date(2012, 10, 1), date(2012, 12, 31)),
        ("Q4 for 2021/22", date(2022, 1, 1), date(2022, 3, 31)),
        ("the first quarter of 2020/21", date(2020, 4, 1), date(2020, 6, 30)),
    ],
)
def test_a_quarter_for_a_financial_year(words: str, first: date, last: date) -> None:
    found = find_dates(f"budget variations as at {words} be approved")
    assert [(f.earliest, f.latest) for f in found] == [(first, last)]


@pytest.mark.parametrize(
    "lead", ["the new tariff to come into effect in", "the rules take effect in"]
)
def test_an_effect_in_a_month_is_effective(lead: str) -> None:
    assert part_dates(f"{lead} May 2024.") == [("effective", "2024-05-31", "2024-05-01")]


def test_a_month_is_no_decision_date() -> None:
    text = (
        "Issue - decisions\n\nThe depot design was changed after the Committee's meeting in "
        "June 2021.\n\nRESOLVED: That the revised depot design be approved.\n"
    )
    assert [d for d in dates(text) if d[2] == "decided"] == []


def test_a_consultations_dates_and_a_consultee_are_no_deadline() -> None:
    assert part_dates(
        "formal consultation opens with the staff on 4 September 2023, closing on 16 October 2023."
    ) == [("other", "2023-09-04", None), ("other", "2023-10-16", None)]
    assert part_dates(
        "the Head of Waste, in consultation with the Chair, agree the rota on 2 May 2023."
    ) == [("other", "2023-05-02", None)]


def test_a_task_to_consult_has_a_due_date() -> None:
    assert part_dates("the Director consult the partner councils in June 2023.") == [
        ("due", "2023-06-30", "2023-06-01")
    ]


@pytest.mark.parametrize(
    "note",
    [
        "(Note: the report was first considered by the Cabinet at their meeting on 3 May 2022.)",
        "Editor's note: the Board agreed at its meeting on 3 May 2022 to take this in public.",
    ],
)
def test_a_meeting_in_an_editorial_note_does_not_date_the_decision(note: str) -> None:
    text = f"{MEETING}Shared depot\n\n{note}\n\nRESOLVED: That the shared depot plan be approved.\n"
    assert [d for d in dates(text) if d[2] == "decided"] == [
        ("", "", "decided", "2023-03-14", None)
    ]


def test_an_agendas_link_to_minutes_to_approve_does_not_date_the_decision() -> None:
    text = (
        "Agenda and draft minutes\n\nShared Waste Joint Committee - Tuesday, 14th March, 2023 "
        "6.00 pm\n\nMinutes of meeting Monday, 5 December 2022 of Shared Waste Joint Committee "
        "pdf icon PDF 70 KB\n\nRESOLVED: That the minutes be approved as a correct record.\n"
    )
    assert [d for d in dates(text) if d[2] == "decided"] == [
        ("", "", "decided", "2023-03-14", None)
    ]
