"""Two councils' Shared Services Joint Committee: pursue a shared chief executive (seed 001).

The record: the Shared Services Joint Committee, 2 September 2020, item 41, on the
Deputy Chief Executive's confidential report about phase 2 of shared services. After a
debate with mixed views the committee took separate votes:

(1) by 7 votes to 3, the councils should work towards one shared Chief Executive,
    within the completion of phase 1;
(2) unanimously, officers are to prepare the Phase 2 business case on sharing directors,
    for the October meeting;
(3) unanimously, officers are to consider sharing ICT and Customer Services, also for
    the October meeting.

Modelling choices and unknowns:

* The record never names the two councils. They are recorded as ``council-a`` and
  ``council-b`` ("Partner council A/B (not named in the record)") in the partnership
  ``council-a-council-b``. Seed 002 (:mod:`ssjc_phase2_service_review`) continues the
  same partnership.
* Context: the partnership and the joint committee. The record mentions shared
  services principles agreed in 2019, so the partnership is dated "by the end of 2019"
  (no earliest bound). The joint committee certainly existed when it met on 2 September
  2020; when it was set up is not recorded, so it is dated ``Period(latest=2020-09-02)``
  with no earliest bound, and its legal basis is taken to be s.101(5) LGA 1972 (the
  basis for any joint committee of two councils).
* Background the record states, recorded as context with ``Citation`` of this minute and
  dated only "by 2 September 2020" (``Period(latest=2020-09-02)``, no earliest bound:
  the record does not say since when, so earlier minutes can still be added):
  the two councils had been sharing a Chief Executive on a temporary basis for the past
  year (a shared post, ``temporary-shared-chief-executive``, held on an interim basis
  by someone the record does not name); there were already joint Director posts
  (``existing-joint-director-posts``; how many, and which, is not recorded); and
  phase 1 had established shared corporate teams (an arrangement,
  ``phase-1-shared-corporate-teams``, whose mechanism the record does not give). What
  became of the temporary post once the councils approved a shared Chief Executive in
  November 2020 (seed 002) is not recorded.
* The report was confidential (``Exemption(confidential=True, applies_to="report")``);
  the Schedule 12A paragraph is not given, so none is recorded. The decision itself is
  public.
* Votes are recorded on each part, since the committee voted separately: part (1)
  ``Tally(in_favour=7, against=3)``, parts (2) and (3) unanimous.
* (1) is a steer to pursue an option: the resolution itself records it; no state change
  (the post was created later, by the councils; see seed 002).
* (2) and (3) are actions for unnamed officers, due "for the next meeting in October"
  2020: ``Period(2020-10-01, 2020-10-31)``.
"""

from __future__ import annotations

from datetime import date

from _show import Batch, flatten, record, show
from govledger import (
    ActionAssigned,
    ArrangementEstablished,
    BodyEstablished,
    BodyKind,
    Citation,
    Event,
    Exemption,
    HolderBasis,
    JointBody,
    Ledger,
    Mechanism,
    Member,
    Part,
    PartnershipFormed,
    Period,
    PostCreated,
    PostHolderAppointed,
    ResolutionPassed,
    ResolutionRef,
    Role,
    Source,
    Tally,
    Vote,
)

# --------------------------------------------------------------------------- ids

P = "council-a-council-b"
COUNCIL_A = "council-a"
COUNCIL_B = "council-b"
JOINT_COMMITTEE = "shared-services-joint-committee"
DECISION = "ssjc-2020-09-02-41"
DIRECTORS_ACTION = "phase2-shared-directors-business-case"
TEMPORARY_CE = "temporary-shared-chief-executive"
JOINT_DIRECTORS = "existing-joint-director-posts"
CORPORATE_TEAMS = "phase-1-shared-corporate-teams"
ICT_CS_ACTION = "phase2-ict-customer-services-options"

DECIDED = date(2020, 9, 2)

#: The record mentions shared services principles agreed in 2019.
BY_END_OF_2019 = Period(
    latest=date(2019, 12, 31),
    words="by 2019, when the councils agreed their shared services principles",
)
#: The joint committee certainly existed when it met on 2 September 2020.
BEFORE_MEETING = Period(
    latest=DECIDED, words="before the joint committee's meeting of 2 September 2020"
)
#: "For the next meeting in October".
OCTOBER_MEETING = Period(
    earliest=date(2020, 10, 1),
    latest=date(2020, 10, 31),
    words="the next meeting of the joint committee, in October 2020",
)

PRINCIPLES = Citation(
    document="The councils' shared services principles (agreed in 2019; mentioned in item 41 "
    "of the Shared Services Joint Committee, 2 September 2020)",
    dated=BY_END_OF_2019,
)
MINUTE = Citation(
    document="Shared Services Joint Committee minutes, 2 September 2020, item 41 "
    "(evidence that the committee existed)",
    dated=DECIDED,
)
#: What the minute says was already so when the committee met.
BY_THE_MEETING = Period(
    latest=DECIDED,
    words="by 2 September 2020, as the joint committee's minute of that day reports",
)
#: "Sharing a Chief Executive on a temporary basis for the past year".
FOR_THE_PAST_YEAR = Period(
    latest=DECIDED,
    words="on a temporary basis for the past year, as reported on 2 September 2020",
)
REPORTED = Citation(
    document="Shared Services Joint Committee minutes, 2 September 2020, item 41 (reports "
    "the temporary shared Chief Executive, the existing joint Director posts and the "
    "shared corporate teams of phase 1)",
    dated=DECIDED,
)
OFFICERS = Role(title="Officers (not named in the record)")


def ref(*part: str) -> ResolutionRef:
    """A part of the joint committee's decision of 2 September 2020."""
    return ResolutionRef(resolution=DECISION, part=part)


# --------------------------------------------------------------------------- events


def context() -> list[Event]:
    """Facts the record assumes (context)."""
    return [
        # Context: the partnership (the councils are not named in the record).
        PartnershipFormed(
            partnership=P,
            effective=BY_END_OF_2019,
            authorised_by=(PRINCIPLES,),
            name="Shared services partnership of two councils (not named in the record)",
            members=(
                Member(council=COUNCIL_A, name="Partner council A (not named in the record)"),
                Member(council=COUNCIL_B, name="Partner council B (not named in the record)"),
            ),
        ),
        # Context: the joint committee that decided item 41.
        BodyEstablished(
            partnership=P,
            effective=BEFORE_MEETING,
            authorised_by=(MINUTE,),
            body=JOINT_COMMITTEE,
            name="Shared Services Joint Committee",
            kind=BodyKind.JOINT_COMMITTEE,
            legal_basis="s.101(5) Local Government Act 1972",
        ),
        # Context: "sharing a Chief Executive on a temporary basis for the past year".
        PostCreated(
            partnership=P,
            effective=FOR_THE_PAST_YEAR,
            authorised_by=(REPORTED,),
            post=TEMPORARY_CE,
            title="Chief Executive (shared on a temporary basis)",
            shared_by=(COUNCIL_A, COUNCIL_B),
        ),
        PostHolderAppointed(
            partnership=P,
            effective=FOR_THE_PAST_YEAR,
            authorised_by=(REPORTED,),
            post=TEMPORARY_CE,
            basis=HolderBasis.INTERIM,
            holder=None,  # not named in the record
        ),
        # Context: "the extension of existing joint Director posts".
        PostCreated(
            partnership=P,
            effective=BY_THE_MEETING,
            authorised_by=(REPORTED,),
            post=JOINT_DIRECTORS,
            title="Joint Director posts (not named in the record)",
            shared_by=(COUNCIL_A, COUNCIL_B),
        ),
        # Context: phase 1 "established shared corporate teams".
        ArrangementEstablished(
            partnership=P,
            effective=BY_THE_MEETING,
            authorised_by=(REPORTED,),
            arrangement=CORPORATE_TEAMS,
            name="Shared corporate teams (phase 1 of shared services)",
            services=("corporate-teams",),
            mechanism=Mechanism.OTHER,
            mechanism_detail="shared corporate teams; the record does not give the mechanism",
        ),
    ]


def resolution() -> ResolutionPassed:
    """The joint committee's item 41 of 2 September 2020 (summaries are ours)."""
    return ResolutionPassed(
        partnership=P,
        effective=DECIDED,
        resolution=DECISION,
        decided_by=JointBody(body=JOINT_COMMITTEE),
        decided=DECIDED,
        item="41",
        title="Phase 2 of shared services: approach and next steps",
        exempt=Exemption(confidential=True, applies_to="report"),
        source=Source(document="Shared Services Joint Committee, 2 September 2020, item 41"),
        parts=(
            Part(
                number="1",
                summary="Pursue the option of one Chief Executive shared by both councils, "
                "as part of completing phase 1.",
                votes=(Vote(tally=Tally(in_favour=7, against=3)),),
            ),
            Part(
                number="2",
                summary="Officers to prepare the Phase 2 business case on sharing directors, "
                "for the October meeting.",
                votes=(Vote(unanimous=True),),
            ),
            Part(
                number="3",
                summary="Officers to look at sharing ICT and Customer Services, for the "
                "October meeting.",
                votes=(Vote(unanimous=True),),
            ),
        ),
    )


def changes() -> list[Event]:
    """The actions item 41 sets; part (1) changes nothing beyond the resolution."""
    return [
        # (2) business case for shared directors.
        ActionAssigned(
            partnership=P,
            effective=DECIDED,
            authorised_by=(ref("2"),),
            action=DIRECTORS_ACTION,
            description="prepare the Phase 2 business case on sharing directors",
            assignee=OFFICERS,
            due=OCTOBER_MEETING,
        ),
        # (3) options for sharing ICT and Customer Services.
        ActionAssigned(
            partnership=P,
            effective=DECIDED,
            authorised_by=(ref("3"),),
            action=ICT_CS_ACTION,
            description="look into sharing ICT and Customer Services",
            assignee=OFFICERS,
            due=OCTOBER_MEETING,
        ),
    ]


def batches() -> list[Batch]:
    """The events in append order, one batch per ``append`` call."""
    return [
        ("context assumed by the record (Citations)", context()),
        ("Shared Services Joint Committee, 2 September 2020, item 41", [resolution(), *changes()]),
    ]


def events() -> list[Event]:
    """Every event of this record, in a valid append order."""
    return flatten(batches())


DATES: tuple[tuple[date, str], ...] = (
    (date(2020, 9, 1), "the day before: whether the committee existed yet is uncertain"),
    (date(2020, 9, 3), "the day after: steer given, two actions due in October"),
)


def main() -> None:
    with Ledger.open(":memory:") as ledger:
        record(ledger, batches())
        for day, why in DATES:
            show(ledger, P, day, why)


if __name__ == "__main__":
    main()
