"""A decision entered late, then corrected: asked as of a day, and as known at a time.

A fictional partnership, Northvale and Southmoor, shares a Head of ICT. Their joint
committee decided on 12 March 2024 to retitle the post "Director of Digital" as from
1 April 2024. The clerk entered the decision only on 20 May 2024, and typed the date
as 1 May. At its next meeting, on 11 June 2024, the committee confirmed the minutes
subject to correcting that date; the correction was entered on 14 June.

The ledger answers both questions a reader asks of such a record:
- *as of* a day: what was the post called on 15 April 2024? (now: Director of Digital)
- *as known at* a time: what would the ledger have said on 1 June 2024? (the wrong
  answer it gave then, kept so that reports made then can be explained)

Run it: ``python examples/late_and_corrected.py``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from govledger import (
    BodyEstablished,
    BodyKind,
    Citation,
    EntryRetracted,
    JointBody,
    Ledger,
    Member,
    Part,
    PartnershipFormed,
    PostCreated,
    PostRetitled,
    ResolutionPassed,
    ResolutionRef,
)

P = "northvale-southmoor"
AGREEMENT = (Citation(document="Shared ICT agreement 2019"),)
COMMITTEE = JointBody(body="joint-ict-committee")


class Clock:
    """The recording clock: set to the day each entry was made."""

    def __init__(self) -> None:
        self.now = datetime(2019, 4, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def retitle(effective: date) -> PostRetitled:
    return PostRetitled(
        partnership=P,
        effective=effective,
        authorised_by=(ResolutionRef(resolution="jic-2024-03-12-5", part=("1",)),),
        post="head-of-ict",
        previous_title="Head of ICT",
        new_title="Director of Digital",
    )


def title(ledger: Ledger, day: date, known_at: datetime | None = None) -> str:
    post = ledger.state(P, day, known_at=known_at).post("head-of-ict")
    assert post is not None
    return post.title


def main() -> None:
    clock = Clock()
    with Ledger.open(":memory:", clock=clock) as ledger:
        ledger.append(
            PartnershipFormed(
                partnership=P,
                effective=date(2019, 4, 1),
                name="Northvale and Southmoor shared ICT",
                members=(
                    Member(council="northvale", name="Northvale District Council"),
                    Member(council="southmoor", name="Southmoor Borough Council"),
                ),
                authorised_by=AGREEMENT,
            ),
            BodyEstablished(
                partnership=P,
                effective=date(2019, 4, 1),
                body="joint-ict-committee",
                name="Joint ICT Committee",
                kind=BodyKind.JOINT_COMMITTEE,
                authorised_by=AGREEMENT,
            ),
            PostCreated(
                partnership=P,
                effective=date(2019, 4, 1),
                post="head-of-ict",
                title="Head of ICT",
                shared_by=("northvale", "southmoor"),
                authorised_by=AGREEMENT,
            ),
        )

        clock.now = datetime(2024, 5, 20, 10, 0, tzinfo=UTC)  # entered late...
        decision = ResolutionPassed(
            partnership=P,
            resolution="jic-2024-03-12-5",
            decided_by=COMMITTEE,
            decided=date(2024, 3, 12),
            effective=date(2024, 3, 12),
            item="5",
            title="ICT leadership",
            parts=(Part(number="1", summary="Retitle the Head of ICT as Director of Digital."),),
        )
        (_, wrong) = ledger.append(decision, retitle(date(2024, 5, 1)))  # ...with a wrong date

        clock.now = datetime(2024, 6, 14, 10, 0, tzinfo=UTC)  # corrected after confirmation
        ledger.append(
            ResolutionPassed(
                partnership=P,
                resolution="jic-2024-06-11-2",
                decided_by=COMMITTEE,
                decided=date(2024, 6, 11),
                effective=date(2024, 6, 11),
                item="2",
                title="Minutes of the meeting held on 12 March 2024",
                parts=(
                    Part(
                        number="1",
                        summary="Confirmed, subject to the retitling taking effect on "
                        "1 April 2024, not 1 May 2024.",
                    ),
                ),
            ),
            EntryRetracted(
                partnership=P,
                effective=date(2024, 6, 11),
                retracts=wrong.position,
                reason="the minutes were confirmed subject to correcting the date",
                authorised_by=(ResolutionRef(resolution="jic-2024-06-11-2", part=("1",)),),
                replacement=retitle(date(2024, 4, 1)),
            ),
        )

        april = date(2024, 4, 15)
        asked = {
            "known now": None,
            "as known on 1 June 2024": datetime(2024, 6, 1, tzinfo=UTC),
            "as known on 1 May 2024": datetime(2024, 5, 1, tzinfo=UTC),
        }
        print(f"What was the shared post called on {april:%d %B %Y}?")
        for words, moment in asked.items():
            print(f"  {words:<26} {title(ledger, april, moment)}")
        print()
        print("The log keeps every entry; the wrong one says what withdrew it:")
        for entry in ledger.history(P):
            mark = f"  (retracted by entry {entry.retracted_by})" if entry.retracted_by else ""
            print(
                f"  {entry.position}. recorded {entry.recorded_at:%d %b %Y}: "
                f"{type(entry.event).__name__}{mark}"
            )


if __name__ == "__main__":
    main()
