"""Cherwell DC and Oxfordshire CC: decoupling the s.113 partnership (seed 003).

The record: the Joint Shared Services and Personnel (JSS&P) Committee of Cherwell
District Council (CDC) and Oxfordshire County Council (OCC), on the Joint Officer
Transition Working Group's (JOTWG) update. The seed text omits the date; the public
record gives it as the meeting of 4 July 2022, minute 45/22. The committee agreed every
recommendation unanimously:

(1) the programme update is noted;
(2) revised arrangements are agreed for Regulatory Services & Community Safety (a joint
    management arrangement) and Emergency Planning (a service level agreement), subject
    to suitable agreements between the councils being concluded;
(3) Digital & IT leaves the s.113 agreement for a revised partnership arrangement, also
    subject to suitable agreements;
(4) completing those agreements, and what is needed to set the revised arrangements up,
    is delegated to CDC's Assistant Director Law, Governance and Democratic Services and
    OCC's Director of Law and Governance, consulting both Leaders;
(5) five services are decoupled from the s.113 agreement: Procurement and Contracts,
    Customer Services, Continuous Improvement, Land Charges, and Property, Investment and
    Facilities Management;
(6) the final transition arrangements for those services are delegated to CDC's Chief
    Executive and OCC's Interim Chief Executive, working through the JOTWG;
(7) both councils are recommended to wind the committee up from 31 August 2022 and to
    let their Chief Executives end, extend or change the new arrangements.

Modelling choices and unknowns:

* Context from the public record, each authorised by a Citation: the partnership,
  the JSS&P committee and the umbrella s.113 agreement (one arrangement, ``s113-agreement``,
  listing the eight services this record deals with) date from autumn 2018
  (``Period(2018-09-01, 2018-11-30)``). The JOTWG was set up in 2022, before this
  meeting. In February 2022 both councils decided to end the partnership (CDC Council
  on 7 February, OCC Council on 8 February); the agreement was to end on 31 August 2022
  (six months' notice). The notice was a joint decision, but ``NoticeGiven`` names one
  council: it is recorded as given by CDC, whose Council decided first, citing both
  decisions; it is dated "after both councils decided in February 2022".
* (2) and (3): each part carries its own "suitable agreements" condition. The new
  arrangements, and the decoupling of Digital & IT, are recorded effective on 4 July 2022
  and stay pending until the condition is satisfied, which this record does not say
  (a later ``ConditionSatisfied`` would bring them into force on its date). The record
  does not decouple Regulatory Services or Emergency Planning from the s.113 agreement as
  such; they simply remain in it until the agreement ends on 31 August 2022.
* (5): the decoupling of the five services takes effect at some point between the
  decision and the end of the agreement: ``Period(2022-07-04, 2022-08-31)``. Until 31
  August the state lists it as uncertain; from then it is certain.
* (4) and (6) are delegations to two officers of different councils acting jointly;
  (6) works through the JOTWG (``through="jotwg"``).
* (7) is ``RECOMMENDED`` to each council's Full Council. The seed does not record either
  council adopting it, so no ``BodyDisbanded`` is recorded and the state shows part (7)
  pending adoption: the committee stays active after 31 August 2022 in this ledger.
  Once adopted, the ledger would hold, for each council, a ``ResolutionPassed`` by
  ``CouncilBody(council="cdc", name="Council", kind=BodyKind.FULL_COUNCIL)`` (and the
  OCC equivalent) with a part ``Part(number=..., summary=..., adopts=ResolutionRef(
  resolution="jssp-2022-07-04-45", part=("7",)))``; then ``BodyDisbanded(body=
  "jssp-committee", effective=date(2022, 8, 31), authorised_by=(<both adopting
  parts>,))`` and a ``DelegationGranted`` to each Chief Executive, citing that council's
  adopting part.
* The committee met in public for the vote; the annex setting out the arrangements is
  exempt (paragraph not given): ``Exemption(applies_to="annex to the minutes")``.
* One unanimous vote on all the recommendations is recorded once, on the item.
"""

from __future__ import annotations

from datetime import date

from _show import Batch, flatten, record, show
from govledger import (
    ArrangementDecoupled,
    ArrangementEstablished,
    BodyEstablished,
    BodyKind,
    Citation,
    Condition,
    ConditionKind,
    CouncilBody,
    DelegationGranted,
    Event,
    Exemption,
    JointBody,
    Ledger,
    Mechanism,
    Member,
    NoticeGiven,
    Outcome,
    Part,
    PartnershipFormed,
    Period,
    ResolutionPassed,
    ResolutionRef,
    Role,
    Source,
    Vote,
)

# --------------------------------------------------------------------------- ids

P = "cdc-occ"
CDC = "cdc"
OCC = "occ"
COMMITTEE = "jssp-committee"
JOTWG = "jotwg"
S113 = "s113-agreement"
REGULATORY_JMA = "regulatory-services-jma"
EMERGENCY_SLA = "emergency-planning-sla"
DIGITAL_REVISED = "digital-it-revised"
DECISION = "jssp-2022-07-04-45"
AGREEMENTS_DELEGATION = "revised-arrangements-agreements"
TRANSITION_DELEGATION = "decoupled-services-transition"
CONDITION_2 = "cdc-occ-suitable-agreements-2"
CONDITION_3 = "cdc-occ-suitable-agreements-3"

# Services (slugs of our choosing).
REGULATORY = "regulatory-services-community-safety"
EMERGENCY = "emergency-planning"
DIGITAL = "digital-it"
PROCUREMENT = "procurement-contracts"
CUSTOMER = "customer-services"
IMPROVEMENT = "continuous-improvement"
LAND_CHARGES = "land-charges"
PROPERTY = "property-investment-facilities-management"
DECOUPLED_FIVE = (PROCUREMENT, CUSTOMER, IMPROVEMENT, LAND_CHARGES, PROPERTY)
S113_SERVICES = (REGULATORY, EMERGENCY, DIGITAL, *DECOUPLED_FIVE)

DECIDED = date(2022, 7, 4)
AGREEMENT_ENDS = date(2022, 8, 31)

AUTUMN_2018 = Period(earliest=date(2018, 9, 1), latest=date(2018, 11, 30), words="autumn 2018")
JOTWG_SET_UP = Period(
    earliest=date(2022, 1, 1),
    latest=DECIDED,
    words="in 2022, before the committee's meeting of 4 July 2022",
)
NOTICE = Period(
    earliest=date(2022, 2, 7),
    latest=date(2022, 2, 28),
    words="after both councils decided in February 2022 to end the partnership",
)
DECOUPLING = Period(
    earliest=DECIDED,
    latest=AGREEMENT_ENDS,
    words="between the decision of 4 July 2022 and the end of the s.113 agreement on "
    "31 August 2022",
)

S113_AGREEMENT = Citation(
    document="Section 113 agreement between Cherwell District Council and Oxfordshire County "
    "Council (public record; not in this ledger)",
    dated=AUTUMN_2018,
)
JOINT_COMMITTEE_TERMS = Citation(
    document="Terms of reference of the Joint Shared Services and Personnel Committee, adopted "
    "by CDC and OCC (public record)",
    dated=AUTUMN_2018,
)
CDC_NOTICE = Citation(
    document="CDC Council decision to end the s.113 partnership with OCC", dated=date(2022, 2, 7)
)
OCC_NOTICE = Citation(
    document="OCC Council decision to end the s.113 partnership with CDC", dated=date(2022, 2, 8)
)
JSSP_MINUTES = Citation(
    document="JSS&P Committee minutes, 4 July 2022, minute 45/22 (refers to the JOTWG)",
    dated=DECIDED,
)

CDC_COUNCIL = CouncilBody(council=CDC, name="Council", kind=BodyKind.FULL_COUNCIL)
OCC_COUNCIL = CouncilBody(council=OCC, name="Council", kind=BodyKind.FULL_COUNCIL)


def ref(*part: str) -> ResolutionRef:
    """A part of the committee's decision of 4 July 2022."""
    return ResolutionRef(resolution=DECISION, part=part)


# --------------------------------------------------------------------------- events


def context() -> list[Event]:
    """Facts from the public record that this minute assumes (context)."""
    return [
        # Context: the partnership, from autumn 2018.
        PartnershipFormed(
            partnership=P,
            effective=AUTUMN_2018,
            authorised_by=(S113_AGREEMENT,),
            name="Cherwell and Oxfordshire partnership",
            members=(
                Member(council=CDC, name="Cherwell District Council"),
                Member(council=OCC, name="Oxfordshire County Council"),
            ),
        ),
        # Context: the joint committee that decided this item.
        BodyEstablished(
            partnership=P,
            effective=AUTUMN_2018,
            authorised_by=(JOINT_COMMITTEE_TERMS,),
            body=COMMITTEE,
            name="Joint Shared Services and Personnel Committee",
            kind=BodyKind.JOINT_COMMITTEE,
            legal_basis="s.101(5) Local Government Act 1972",
        ),
        # Context: the umbrella s.113 agreement, with the services this minute deals with.
        ArrangementEstablished(
            partnership=P,
            effective=AUTUMN_2018,
            authorised_by=(S113_AGREEMENT,),
            arrangement=S113,
            name="Section 113 agreement (CDC-OCC)",
            services=S113_SERVICES,
            mechanism=Mechanism.S113_AGREEMENT,
            notice_period="six months",
        ),
        # Context: notice to end the agreement, after both councils decided in Feb 2022.
        NoticeGiven(
            partnership=P,
            effective=NOTICE,
            authorised_by=(CDC_NOTICE, OCC_NOTICE),
            arrangement=S113,
            given_by=CDC,  # a joint decision; CDC's Council decided first
            notice_ends=AGREEMENT_ENDS,
        ),
        # Context: the officers' working group through which (6) works.
        BodyEstablished(
            partnership=P,
            effective=JOTWG_SET_UP,
            authorised_by=(JSSP_MINUTES,),
            body=JOTWG,
            name="Joint Officer Transition Working Group (JOTWG)",
            kind=BodyKind.WORKING_GROUP,
        ),
    ]


def resolution() -> ResolutionPassed:
    """JSS&P Committee, 4 July 2022, minute 45/22 (summaries are ours)."""
    return ResolutionPassed(
        partnership=P,
        effective=DECIDED,
        resolution=DECISION,
        decided_by=JointBody(body=COMMITTEE),
        decided=DECIDED,
        item="45/22",
        title="JOTWG update and recommendations on the future of the joint services",
        votes=(Vote(unanimous=True),),
        exempt=Exemption(applies_to="annex to the minutes"),
        source=Source(
            document="Joint Shared Services and Personnel Committee (CDC and OCC), "
            "4 July 2022, minute 45/22"
        ),
        parts=(
            Part(number="1", summary="Update on the transition programme.", outcome=Outcome.NOTED),
            Part(
                number="2",
                summary="Regulatory Services & Community Safety to move to a joint management "
                "arrangement and Emergency Planning to a service level agreement, once "
                "suitable agreements are concluded.",
                conditions=(
                    Condition(
                        id=CONDITION_2,
                        kind=ConditionKind.AGREEMENT_CONCLUDED,
                        description="suitable agreements concluded between CDC and OCC for "
                        "Regulatory Services & Community Safety and Emergency Planning",
                    ),
                ),
            ),
            Part(
                number="3",
                summary="Digital & IT to leave the s.113 agreement for a revised partnership "
                "arrangement, once suitable agreements are concluded.",
                conditions=(
                    Condition(
                        id=CONDITION_3,
                        kind=ConditionKind.AGREEMENT_CONCLUDED,
                        description="suitable agreements concluded between CDC and OCC for "
                        "Digital & IT",
                    ),
                ),
            ),
            Part(
                number="4",
                summary="The two councils' legal officers, consulting both Leaders, to "
                "complete the agreements and set the revised arrangements up.",
            ),
            Part(
                number="5",
                summary="Five services leave the s.113 agreement: Procurement and Contracts, "
                "Customer Services, Continuous Improvement, Land Charges, and Property, "
                "Investment and Facilities Management.",
            ),
            Part(
                number="6",
                summary="The two Chief Executives, through the JOTWG, to settle the final "
                "transition of those five services.",
            ),
            Part(
                number="7",
                summary="Both councils are asked to wind up this committee with effect from "
                "31 August 2022 and to empower their Chief Executives to end, extend or "
                "change the new arrangements.",
                outcome=Outcome.RECOMMENDED,
                recommended_to=(CDC_COUNCIL, OCC_COUNCIL),
            ),
        ),
    )


def changes() -> list[Event]:
    """Each change minute 45/22 makes, citing its part. (1) and (7) change nothing yet."""
    return [
        # (2) two revised arrangements, pending the agreements condition.
        ArrangementEstablished(
            partnership=P,
            effective=DECIDED,
            authorised_by=(ref("2"),),
            arrangement=REGULATORY_JMA,
            name="Regulatory Services & Community Safety joint management arrangement",
            services=(REGULATORY,),
            mechanism=Mechanism.JOINT_MANAGEMENT,
        ),
        ArrangementEstablished(
            partnership=P,
            effective=DECIDED,
            authorised_by=(ref("2"),),
            arrangement=EMERGENCY_SLA,
            name="Emergency Planning service level agreement",
            services=(EMERGENCY,),
            mechanism=Mechanism.SERVICE_LEVEL_AGREEMENT,
        ),
        # (3) Digital & IT out of the s.113 agreement, into a revised arrangement (pending).
        ArrangementDecoupled(
            partnership=P,
            effective=DECIDED,
            authorised_by=(ref("3"),),
            arrangement=S113,
            services=(DIGITAL,),
        ),
        ArrangementEstablished(
            partnership=P,
            effective=DECIDED,
            authorised_by=(ref("3"),),
            arrangement=DIGITAL_REVISED,
            name="Digital & IT revised partnership arrangement",
            services=(DIGITAL,),
            mechanism=Mechanism.OTHER,
            mechanism_detail="revised partnership working arrangement",
        ),
        # (4) legal officers of both councils, jointly, consulting both Leaders.
        DelegationGranted(
            partnership=P,
            effective=DECIDED,
            authorised_by=(ref("4"),),
            delegation=AGREEMENTS_DELEGATION,
            delegates=(
                Role(
                    title="Assistant Director Law, Governance and Democratic Services", council=CDC
                ),
                Role(title="Director of Law and Governance", council=OCC),
            ),
            jointly=True,
            consultees=(
                Role(title="Leader of the Council", council=CDC),
                Role(title="Leader of the Council", council=OCC),
            ),
            scope="conclude the agreements behind (2) and (3) and do what is needed to put "
            "the revised arrangements in place",
        ),
        # (5) five services decoupled by the end of the agreement.
        ArrangementDecoupled(
            partnership=P,
            effective=DECOUPLING,
            authorised_by=(ref("5"),),
            arrangement=S113,
            services=DECOUPLED_FIVE,
        ),
        # (6) the Chief Executives, through the JOTWG.
        DelegationGranted(
            partnership=P,
            effective=DECIDED,
            authorised_by=(ref("6"),),
            delegation=TRANSITION_DELEGATION,
            delegates=(
                Role(title="Chief Executive", council=CDC),
                Role(title="Interim Chief Executive", council=OCC),
            ),
            jointly=True,
            through=JOTWG,
            scope="decide how the five services decoupled under (5) make the transition, and "
            "take the steps it requires",
        ),
        # (7) recommended to both councils: nothing changes until they adopt it.
    ]


def batches() -> list[Batch]:
    """The events in append order, one batch per ``append`` call."""
    return [
        ("context from the public record (Citations)", context()),
        ("JSS&P Committee, 4 July 2022, minute 45/22", [resolution(), *changes()]),
    ]


def events() -> list[Event]:
    """Every event of this record, in a valid append order."""
    return flatten(batches())


DATES: tuple[tuple[date, str], ...] = (
    (date(2022, 7, 3), "the day before the committee: all eight services under notice"),
    (date(2022, 8, 30), "the day before the agreement ends: the five decouplings uncertain"),
    (date(2022, 9, 1), "after 31 August 2022: the s.113 agreement has ended"),
)


def main() -> None:
    with Ledger.open(":memory:") as ledger:
        record(ledger, batches())
        for day, why in DATES:
            show(ledger, P, day, why)


if __name__ == "__main__":
    main()
