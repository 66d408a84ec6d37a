"""The Shared Services Joint Committee's phase 2 service review (seed 002).

The record: the Shared Services Joint Committee, 13 January 2021, item 6, on the
Deputy Chief Executive's confidential report updating members on phase 2. It reports
that in November 2020 each council approved a shared Chief Executive post and shared
Director posts (and agreed to move ahead with sharing ICT and Customer Services), and
that the shared Directors started in post on 4 January 2021. Unanimously, the committee:

(1) agrees the approach to the phase 2 service reviews;
(2) lets the Chief Executive arrange interim staffing for the shared leadership and
    management team, provided it stays within budget and puts no one at risk of
    redundancy.

This builds on seed 001's partnership (:mod:`ssjc_shared_chief_executive`):
:func:`events` returns only this record's new events; :func:`main` appends seed 001's
events first.

Modelling choices and unknowns:

* Context taken from the record itself: each council approved the posts "in November
  2020". The record names neither council nor the meetings, so each approval is a
  ``ResolutionPassed`` by that council's Full Council (the body is our assumption),
  decided and effective ``Period(2020-11-01, 2020-11-30, "in November 2020")``, with
  item "not recorded" and part numbers of our own. Both posts are created on that
  period, each authorised by both councils' parts: a shared post needs both.
* The November decisions show that the actions set on 2 September 2020 (a business case
  for shared directors; options for ICT and Customer Services) had been done by then,
  so ``ActionCompleted`` is recorded for each, dated "by November 2020".
* "Started in post on 4 January" is 4 January 2021: ``PostHolderAppointed`` on the
  shared Directors' post (one post id for the Director posts, whose number and names
  the record does not give), substantive basis, holder not named. It cites the
  councils' approvals and this minute, which reports the start.
* No holder is recorded for the shared Chief Executive post (the record does not say
  who holds it, or from when).
* The report was confidential; the paragraph of Schedule 12A is not given.
* One unanimous vote covers both parts, so it is recorded once on the item.
* (1) agrees an approach: the resolution records it, no state change. (2) is a
  delegation to the Chief Executive (the shared post) with the two limits.
"""

from __future__ import annotations

from datetime import date

import ssjc_shared_chief_executive as seed001
from _show import Batch, flatten, record, show
from govledger import (
    ActionCompleted,
    BodyKind,
    Citation,
    CouncilBody,
    DelegationGranted,
    Event,
    Exemption,
    HolderBasis,
    JointBody,
    Ledger,
    Part,
    Period,
    PostCreated,
    PostHolderAppointed,
    ResolutionPassed,
    ResolutionRef,
    Role,
    Source,
    Vote,
)

# --------------------------------------------------------------------------- ids

P = seed001.P
COUNCIL_A = seed001.COUNCIL_A
COUNCIL_B = seed001.COUNCIL_B
JOINT_COMMITTEE = seed001.JOINT_COMMITTEE
COUNCIL_A_DECISION = "council-a-council-2020-11-phase2"
COUNCIL_B_DECISION = "council-b-council-2020-11-phase2"
SHARED_CE = "shared-chief-executive"
SHARED_DIRECTORS = "shared-directors"
DECISION = "ssjc-2021-01-13-6"
STAFFING_DELEGATION = "interim-staffing-arrangements"

DECIDED = date(2021, 1, 13)
DIRECTORS_STARTED = date(2021, 1, 4)

#: When both councils decided on phase 2, in the record's words.
NOVEMBER_2020 = Period(
    earliest=date(2020, 11, 1), latest=date(2020, 11, 30), words="in November 2020"
)
#: The September 2020 actions were done by the time the councils decided.
BY_NOVEMBER_2020 = Period(
    earliest=seed001.DECIDED,
    latest=date(2020, 11, 30),
    words="by November 2020, when both councils considered phase 2",
)

MINUTE = Citation(
    document="Shared Services Joint Committee minutes, 13 January 2021, item 6 (reports that "
    "the shared Directors started in post on 4 January 2021)",
    dated=DECIDED,
)


def ref(*part: str) -> ResolutionRef:
    """A part of the joint committee's decision of 13 January 2021."""
    return ResolutionRef(resolution=DECISION, part=part)


# --------------------------------------------------------------------------- events


def council_approval(council: str, resolution: str) -> ResolutionPassed:
    """Context: one council's November 2020 approval, as the 2021 record reports it."""
    return ResolutionPassed(
        partnership=P,
        effective=NOVEMBER_2020,
        resolution=resolution,
        decided_by=CouncilBody(council=council, name="Council", kind=BodyKind.FULL_COUNCIL),
        decided=NOVEMBER_2020,
        item="not recorded",
        title="Shared services phase 2 (as reported to the joint committee on 13 January 2021)",
        source=Source(
            document="Reported in the Shared Services Joint Committee minutes, "
            "13 January 2021, item 6; the council's own minute is not in this ledger"
        ),
        parts=(
            Part(number="1", summary="Shared Chief Executive post approved."),
            Part(number="2", summary="Shared Director posts approved."),
            Part(number="3", summary="Sharing of ICT and Customer Services to be progressed."),
        ),
    )


def context() -> list[Event]:
    """What the record reports happened since seed 001 (context for item 6)."""
    both_1 = (
        ResolutionRef(resolution=COUNCIL_A_DECISION, part=("1",)),
        ResolutionRef(resolution=COUNCIL_B_DECISION, part=("1",)),
    )
    both_2 = (
        ResolutionRef(resolution=COUNCIL_A_DECISION, part=("2",)),
        ResolutionRef(resolution=COUNCIL_B_DECISION, part=("2",)),
    )
    both_3 = (
        ResolutionRef(resolution=COUNCIL_A_DECISION, part=("3",)),
        ResolutionRef(resolution=COUNCIL_B_DECISION, part=("3",)),
    )
    return [
        council_approval(COUNCIL_A, COUNCIL_A_DECISION),
        council_approval(COUNCIL_B, COUNCIL_B_DECISION),
        PostCreated(
            partnership=P,
            effective=NOVEMBER_2020,
            authorised_by=both_1,
            post=SHARED_CE,
            title="Shared Chief Executive",
            shared_by=(COUNCIL_A, COUNCIL_B),
        ),
        PostCreated(
            partnership=P,
            effective=NOVEMBER_2020,
            authorised_by=both_2,
            post=SHARED_DIRECTORS,
            title="Shared Directors",
            shared_by=(COUNCIL_A, COUNCIL_B),
        ),
        # The 2 September 2020 actions were done: the councils decided on their results.
        ActionCompleted(
            partnership=P,
            effective=BY_NOVEMBER_2020,
            authorised_by=both_2,
            action=seed001.DIRECTORS_ACTION,
            evidence="both councils approved the shared Director posts in November 2020",
        ),
        ActionCompleted(
            partnership=P,
            effective=BY_NOVEMBER_2020,
            authorised_by=both_3,
            action=seed001.ICT_CS_ACTION,
            evidence="both councils agreed in November 2020 to progress sharing ICT and "
            "Customer Services",
        ),
    ]


def directors_start() -> list[Event]:
    """Context: the shared Directors started in post on 4 January 2021."""
    return [
        PostHolderAppointed(
            partnership=P,
            effective=DIRECTORS_STARTED,
            authorised_by=(
                ResolutionRef(resolution=COUNCIL_A_DECISION, part=("2",)),
                ResolutionRef(resolution=COUNCIL_B_DECISION, part=("2",)),
                MINUTE,
            ),
            post=SHARED_DIRECTORS,
            basis=HolderBasis.SUBSTANTIVE,
            holder=None,  # the record names no one
        ),
    ]


def resolution() -> ResolutionPassed:
    """The joint committee's item 6 of 13 January 2021 (summaries are ours)."""
    return ResolutionPassed(
        partnership=P,
        effective=DECIDED,
        resolution=DECISION,
        decided_by=JointBody(body=JOINT_COMMITTEE),
        decided=DECIDED,
        item="6",
        title="Phase 2 service reviews: progress and next steps",
        exempt=Exemption(confidential=True, applies_to="report"),
        votes=(Vote(unanimous=True),),
        source=Source(document="Shared Services Joint Committee, 13 January 2021, item 6"),
        parts=(
            Part(number="1", summary="The approach to the phase 2 service reviews is agreed."),
            Part(
                number="2",
                summary="The Chief Executive may arrange interim staffing for the shared "
                "leadership and management team, provided it stays within budget and puts "
                "no one at risk of redundancy.",
            ),
        ),
    )


def changes() -> list[Event]:
    """Part (2): the delegation to the Chief Executive, with its two limits."""
    return [
        DelegationGranted(
            partnership=P,
            effective=DECIDED,
            authorised_by=(ref("2"),),
            delegation=STAFFING_DELEGATION,
            delegates=(Role(title="Chief Executive", post=SHARED_CE),),
            scope="arrange interim staffing for the shared leadership and management team",
            limits=("changes within budget", "no risk of redundancy"),
        ),
    ]


def batches() -> list[Batch]:
    """This record's events in append order (seed 001's must be recorded first)."""
    return [
        ("both councils' approvals of November 2020 (context, from item 6)", context()),
        ("the shared Directors' start on 4 January 2021 (context, from item 6)", directors_start()),
        ("Shared Services Joint Committee, 13 January 2021, item 6", [resolution(), *changes()]),
    ]


def events() -> list[Event]:
    """This record's new events only, in a valid append order after seed 001's."""
    return flatten(batches())


DATES: tuple[tuple[date, str], ...] = (
    (date(2020, 11, 15), "mid-November 2020: the councils' decisions are uncertain"),
    (date(2021, 1, 3), "the day before the shared Directors started"),
    (date(2021, 1, 4), "the shared Directors start in post"),
    (date(2021, 1, 14), "the day after item 6: the interim staffing delegation is in force"),
)


def main() -> None:
    with Ledger.open(":memory:") as ledger:
        record(ledger, seed001.batches())  # seed 001 first: the same partnership
        record(ledger, batches())
        for day, why in DATES:
            show(ledger, P, day, why)


if __name__ == "__main__":
    main()
