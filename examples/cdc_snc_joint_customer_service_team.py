"""Cherwell DC and South Northamptonshire C: a joint customer service team (seed 004).

The record: Cherwell District Council's Executive, early 2016, item 118, on the final
business case, as revised after consultation, for a Joint Customer Service Team working
for both Cherwell and South Northamptonshire Council (SNC). The Executive:

(1) notes the final business case as regards non-staffing matters;
(2) notes that the Joint Commissioning Committee (JCC) considered and approved it on
    14 January 2016 as regards staffing matters, after weighing what the staff
    concerned and their unions said in consultation;
(3) approves the business case for implementation, subject to SNC Cabinet likewise
    considering and approving it on 8 February 2016;
(4) lets the Director of Operational Delivery, after consulting the Leader, make
    minor (non-significant) changes to the business case once SNC Cabinet has decided.

Modelling choices and unknowns:

* The source prints the report's recommendations and the resolutions twice; they are
  recorded once.
* Context: the partnership (the record speaks of "the wider transformation programme
  across the two Councils") and the JCC, both of which certainly existed when the JCC
  met on 14 January 2016. The record does not say since when, so both are dated
  ``Period(latest=2016-01-14)`` with no earliest bound: minutes of the councils'
  earlier joint working can still be added to this partnership. The JCC's own decision
  of 14 January 2016, stated in part (2), is recorded as ``jcc-2016-01-14`` part (1)
  (its item number is not given).
* The Executive's meeting date is not in the record: it is dated
  ``Period(2016-01-15, 2016-02-07)``, after the JCC's approval and before SNC Cabinet met
  on 8 February 2016.
* (3) carries a ``MEMBER_APPROVAL`` condition on SNC Cabinet, due 8 February 2016. The
  joint team (``joint-customer-service-team``, mechanism OTHER, a "two-way joint team")
  cites both (3) and the JCC's approval; it stays pending until SNC Cabinet's approval
  is recorded.
* The seed does not record SNC Cabinet's decision, so :func:`events` stops there.
  :func:`snc_cabinet_approval` is an ILLUSTRATION, not taken from the seed: what the
  ledger does once that approval (a ``ResolutionPassed`` by SNC Cabinet on 8 February
  2016 plus ``ConditionSatisfied``) is recorded. :func:`main` shows the state before and
  after appending it.
* (4) is a delegation in force from the decision: its scope is amendments following SNC
  Cabinet's decision; the record puts no other condition on it.
* The business case is an exempt appendix (Appendix 1; paragraph not given).
* No call-in is recorded, so the Executive's decision is taken as effective on the day
  it was taken (within the same period).
"""

from __future__ import annotations

from datetime import date

from _show import Batch, flatten, record, show
from govledger import (
    ArrangementEstablished,
    BodyEstablished,
    BodyKind,
    Citation,
    Condition,
    ConditionKind,
    ConditionSatisfied,
    CouncilBody,
    DelegationGranted,
    Event,
    Exemption,
    JointBody,
    Ledger,
    Mechanism,
    Member,
    Outcome,
    Part,
    PartnershipFormed,
    Period,
    ResolutionPassed,
    ResolutionRef,
    Role,
    Source,
)

# --------------------------------------------------------------------------- ids

P = "cdc-snc"
CDC = "cdc"
SNC = "snc"
JCC = "joint-commissioning-committee"
JCC_DECISION = "jcc-2016-01-14"
DECISION = "cdc-executive-2016-118"
TEAM = "joint-customer-service-team"
AMENDMENTS_DELEGATION = "customer-service-business-case-amendments"
SNC_CONDITION = "snc-cabinet-approval-2016-02-08"
SNC_DECISION = "snc-cabinet-2016-02-08-illustrative"

JCC_MET = date(2016, 1, 14)
SNC_CABINET = date(2016, 2, 8)

#: The record does not say since when the councils worked together; by the JCC's meeting.
WORKING_TOGETHER = Period(
    latest=JCC_MET,
    words="by 14 January 2016, when the councils' Joint Commissioning Committee met",
)
JCC_SET_UP = Period(latest=JCC_MET, words="by 14 January 2016, when the committee met")
EXECUTIVE_MET = Period(
    earliest=date(2016, 1, 15),
    latest=date(2016, 2, 7),
    words="early 2016, after the JCC's approval on 14 January and before SNC Cabinet on "
    "8 February 2016",
)

JOINT_WORKING = Citation(
    document="The joint working of Cherwell District Council and South Northamptonshire "
    'Council ("the wider transformation programme across the two Councils" of item 118; '
    "its agreements are not in this ledger)",
    dated=WORKING_TOGETHER,
)
CDC_MINUTE = Citation(
    document="CDC Executive minutes, item 118, early 2016 (refers to the Joint Commissioning "
    "Committee)",
    dated=EXECUTIVE_MET,
)

LEADER = Role(title="Leader of the Council", council=CDC)
DIRECTOR = Role(title="Director of Operational Delivery", council=CDC)


def ref(*part: str) -> ResolutionRef:
    """A part of the Executive's decision, item 118."""
    return ResolutionRef(resolution=DECISION, part=part)


# --------------------------------------------------------------------------- events


def context() -> list[Event]:
    """Facts the record assumes (context)."""
    return [
        # Context: the partnership, by the JCC's meeting of 14 January 2016.
        PartnershipFormed(
            partnership=P,
            effective=WORKING_TOGETHER,
            authorised_by=(JOINT_WORKING,),
            name="Cherwell and South Northamptonshire partnership",
            members=(
                Member(council=CDC, name="Cherwell District Council"),
                Member(council=SNC, name="South Northamptonshire Council"),
            ),
        ),
        # Context: the joint committee dealing with staffing matters.
        BodyEstablished(
            partnership=P,
            effective=JCC_SET_UP,
            authorised_by=(CDC_MINUTE,),
            body=JCC,
            name="Joint Commissioning Committee",
            kind=BodyKind.JOINT_COMMITTEE,
            legal_basis="s.101(5) Local Government Act 1972",
        ),
    ]


def jcc_resolution() -> ResolutionPassed:
    """The JCC's approval of 14 January 2016, as part (2) of item 118 reports it."""
    return ResolutionPassed(
        partnership=P,
        effective=JCC_MET,
        resolution=JCC_DECISION,
        decided_by=JointBody(body=JCC),
        decided=JCC_MET,
        item="not recorded",
        title="Joint customer service team business case: staffing matters",
        source=Source(document="Reported in CDC Executive item 118, early 2016"),
        parts=(
            Part(
                number="1",
                summary="The staffing side of the joint customer service team business case "
                "is approved, after considering the staff and union consultation responses.",
            ),
        ),
    )


def resolution() -> ResolutionPassed:
    """CDC Executive, item 118 (summaries are ours)."""
    return ResolutionPassed(
        partnership=P,
        effective=EXECUTIVE_MET,
        resolution=DECISION,
        decided_by=CouncilBody(council=CDC, name="Executive", kind=BodyKind.EXECUTIVE),
        decided=EXECUTIVE_MET,
        item="118",
        title="Joint customer service team with South Northamptonshire: final business case",
        exempt=Exemption(applies_to="Appendix 1 (the business case)"),
        source=Source(document="Cherwell District Council, Executive, early 2016, item 118"),
        parts=(
            Part(
                number="1",
                summary="The final business case is noted as regards non-staffing matters.",
                outcome=Outcome.NOTED,
            ),
            Part(
                number="2",
                summary="Noted: the JCC approved the staffing side on 14 January 2016, having "
                "considered staff and union consultation responses.",
                outcome=Outcome.NOTED,
            ),
            Part(
                number="3",
                summary="The business case for a customer service team shared by CDC and SNC "
                "is approved for implementation, if SNC Cabinet approves it on 8 February 2016.",
                conditions=(
                    Condition(
                        id=SNC_CONDITION,
                        kind=ConditionKind.MEMBER_APPROVAL,
                        council=SNC,
                        body="Cabinet",
                        due=SNC_CABINET,
                        description="SNC Cabinet considers and approves the business case "
                        "on 8 February 2016",
                    ),
                ),
            ),
            Part(
                number="4",
                summary="The Director of Operational Delivery, consulting the Leader, may make "
                "non-significant amendments to the business case after SNC Cabinet decides.",
            ),
        ),
    )


def changes() -> list[Event]:
    """The changes item 118 makes, citing its parts. (1) and (2) only note."""
    return [
        # (3), with the JCC's approval of the staffing side: the joint team (pending SNC).
        ArrangementEstablished(
            partnership=P,
            effective=EXECUTIVE_MET,
            authorised_by=(ref("3"), ResolutionRef(resolution=JCC_DECISION, part=("1",))),
            arrangement=TEAM,
            name="Joint Customer Service Team (CDC and SNC)",
            services=("customer-services",),
            mechanism=Mechanism.OTHER,
            mechanism_detail="two-way joint team",
        ),
        # (4) non-significant amendments after SNC Cabinet's decision.
        DelegationGranted(
            partnership=P,
            effective=EXECUTIVE_MET,
            authorised_by=(ref("4"),),
            delegation=AMENDMENTS_DELEGATION,
            delegates=(DIRECTOR,),
            consultees=(LEADER,),
            scope="make minor (non-significant) changes to the business case once SNC Cabinet "
            "has decided",
        ),
    ]


def batches() -> list[Batch]:
    """The events in append order, one batch per ``append`` call."""
    return [
        ("context assumed by the record (Citations)", context()),
        ("Joint Commissioning Committee, 14 January 2016 (as reported)", [jcc_resolution()]),
        ("CDC Executive, early 2016, item 118", [resolution(), *changes()]),
    ]


def events() -> list[Event]:
    """Every event of this record, in a valid append order. SNC's decision is not in it."""
    return flatten(batches())


def snc_cabinet_approval() -> list[Event]:
    """ILLUSTRATION ONLY, not from the seed: SNC Cabinet's approval on 8 February 2016.

    The seed record does not say what SNC Cabinet decided. These events show what the
    ledger does once that approval is recorded: the condition on part (3) is satisfied
    and the joint team comes into force on 8 February 2016.
    """
    return [
        ResolutionPassed(
            partnership=P,
            effective=SNC_CABINET,
            resolution=SNC_DECISION,
            decided_by=CouncilBody(council=SNC, name="Cabinet", kind=BodyKind.EXECUTIVE),
            decided=SNC_CABINET,
            item="illustrative",
            title="Joint customer service team (illustrative record, not from the seed)",
            source=Source(document="Illustration only: not taken from any council's minutes"),
            parts=(
                Part(
                    number="1",
                    summary="(Illustrative) SNC Cabinet approves the joint customer service "
                    "team business case.",
                ),
            ),
        ),
        ConditionSatisfied(
            partnership=P,
            effective=SNC_CABINET,
            condition=SNC_CONDITION,
            evidence="SNC Cabinet approval of 8 February 2016 (illustrative record)",
            authorised_by=(ResolutionRef(resolution=SNC_DECISION, part=("1",)),),
        ),
    ]


DATES: tuple[tuple[date, str], ...] = (
    (date(2016, 1, 14), "the JCC approves the staffing side"),
    (date(2016, 2, 7), "after CDC Executive, before SNC Cabinet: the team is pending"),
    (date(2016, 2, 9), "after SNC Cabinet's meeting: the seed does not record its decision"),
)


def main() -> None:
    with Ledger.open(":memory:") as ledger:
        record(ledger, batches())
        for day, why in DATES:
            show(ledger, P, day, why)
        print("=" * 72)
        print("ILLUSTRATION (not from the seed): recording SNC Cabinet's approval")
        print("=" * 72)
        record(ledger, [("an illustrative SNC Cabinet approval", snc_cabinet_approval())])
        show(ledger, P, date(2016, 2, 7), "with the illustrative approval: still pending")
        show(ledger, P, SNC_CABINET, "with the illustrative approval: the team is in force")


if __name__ == "__main__":
    main()
