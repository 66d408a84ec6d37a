"""Bromsgrove DC and Redditch BC: a single management team (seed 000).

The record: Bromsgrove District Council's Cabinet, 29 July 2009, item 45. Cabinet
weighed a business case by Serco for Bromsgrove (BDC) and Redditch (RBC) to work
together and share services, and what the Shared Services Board had recommended on
29 June 2009, and resolved nine numbered parts:

(1) a single management team for both councils is approved;
(2) towards it, (a) the Acting Joint Chief Executive's secondment is extended to the
    end of 2012/13, and (b) two BDC heads of service, consulting the Leader, are to agree
    the changes to that officer's employment contract and Secondment Agreement;
(3) BDC and RBC split the costs arising from (2)(b) half each;
(4) the post is retitled Joint Chief Executive for as long as the extension lasts;
(5) Serco's business case is approved in principle;
(6) the Joint Chief Executive is to bring fuller proposals, on five listed matters
    (a)-(e), to the Shared Services Board by the first week of September 2009;
(7) the post is to be re-evaluated, by the WMLGA, for the extension period;
(8) the Joint Chief Executive may open negotiations with the trade unions;
(9) the Concordat between the councils is to be reviewed.

Modelling choices and unknowns:

* Context (facts the record assumes but does not itself record): the partnership, the
  Shared Services Board, the Acting Joint Chief Executive post, its seconded holder and
  the secondment itself. Their dates are unknown; all that is certain is that they
  existed before the Board met on 29 June 2009, so each is dated
  ``Period(latest=2009-06-29)`` with no earliest bound, and authorised by a
  :class:`~govledger.Citation` of the Concordat or of this minute.
* The holder's name, the employing (seconding) council and the original end of the
  secondment are not in the record: ``holder=None``, ``employer=None``,
  ``term_ends=None``.
* "The end of 2012/2013" is the end of the financial year, 31 March 2013, kept with the
  record's words. The extension (2)(a) and the new title (4) both run until then; after
  that day the title reverts to "Acting Joint Chief Executive" and the term has expired
  (the record does not say what happened next).
* (1) is recorded as an arrangement for senior management under a joint management
  mechanism, in force from the decision. A change to the partnership needs both
  councils' agreement, but RBC's own decision is not part of this record: the changes
  that need RBC's agreement ((1), (2)(a), (3) and (4)) say so with
  ``not_on_record=(RBC_NOT_ON_RECORD,)``, so the state shows them in force from BDC
  Cabinet's decision with that caveat (``state.caveats``) instead of waiting for RBC.
* (3): "any costs associated with (2)(b)" becomes a cost share for the scope
  ``jce-contract-amendments``, BDC 1/2 and RBC 1/2.
* (5) changes nothing beyond the resolution itself (approval in principle).
* (6) is one action with its five matters in the description; it cites part (6). Its
  due date is the first week of September 2009 (1-7 September).
* (7) is an action for the WMLGA (no due date given); (9) is an action with no
  assignee (the record names none); (8) is a delegation to the Joint Chief Executive.
* No call-in is recorded, so the decision is taken as effective on the day.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from _show import Batch, flatten, record, show
from govledger import (
    ActionAssigned,
    ArrangementEstablished,
    BodyEstablished,
    BodyKind,
    Citation,
    CostShareAgreed,
    CouncilBody,
    DelegationGranted,
    Event,
    HolderBasis,
    Ledger,
    Mechanism,
    Member,
    NotOnRecord,
    Part,
    PartnershipFormed,
    Period,
    PostCreated,
    PostHolderAppointed,
    PostRetitled,
    PostTermExtended,
    ResolutionPassed,
    ResolutionRef,
    Role,
    Share,
    Source,
)

# --------------------------------------------------------------------------- ids

P = "bdc-rbc"
BDC = "bdc"
RBC = "rbc"
BOARD = "shared-services-board"
POST = "joint-chief-executive"
SECONDMENT = "jce-secondment"
MANAGEMENT_TEAM = "single-management-team"
DECISION = "bdc-cabinet-2009-07-29-45"
CONTRACT_DELEGATION = "jce-contract-amendments"
UNIONS_DELEGATION = "trade-union-negotiations"
COST_SCOPE = "jce-contract-amendments"
PROPOSALS_ACTION = "detailed-proposals"
RE_EVALUATION_ACTION = "jce-re-evaluation"
CONCORDAT_ACTION = "concordat-review"

ACTING_TITLE = "Acting Joint Chief Executive"
NEW_TITLE = "Joint Chief Executive"

DECIDED = date(2009, 7, 29)

#: Everything assumed by the record was in place before the Board met on 29 June 2009.
BEFORE_BOARD = Period(
    latest=date(2009, 6, 29), words="before the Shared Services Board met on 29 June 2009"
)

#: The end of the 2012/13 financial year: 31 March 2013 (kept with the record's words).
END_OF_2012_13 = Period(
    earliest=date(2013, 3, 31), latest=date(2013, 3, 31), words="the end of 2012/2013"
)

#: "By the first week of September 2009".
FIRST_WEEK_OF_SEPTEMBER = Period(
    earliest=date(2009, 9, 1), latest=date(2009, 9, 7), words="the first week of September 2009"
)

CONCORDAT = Citation(
    document="Concordat between Bromsgrove District Council and Redditch Borough Council "
    "(referred to in BDC Cabinet item 45, 29 July 2009; not itself in this ledger)",
    dated=BEFORE_BOARD,
)
MINUTE = Citation(
    document="BDC Cabinet minutes, 29 July 2009, item 45 (evidence of the facts it assumes)",
    dated=DECIDED,
)


#: Only BDC Cabinet's minute survives: RBC's decision on the same matter is not in it.
RBC_NOT_ON_RECORD = NotOnRecord(
    council=RBC,
    note="only BDC Cabinet's minute of 29 July 2009 is recorded; Redditch Borough "
    "Council's own decision on the same matter is not part of this record",
)


def ref(*part: str) -> ResolutionRef:
    """A part of the Cabinet decision, such as ``ref("2", "b")``."""
    return ResolutionRef(resolution=DECISION, part=part)


JCE = Role(title=NEW_TITLE, post=POST)


# --------------------------------------------------------------------------- events


def context() -> list[Event]:
    """Facts the record assumes (context, not decided by item 45)."""
    return [
        # Context: the two councils' partnership, under their Concordat.
        PartnershipFormed(
            partnership=P,
            effective=BEFORE_BOARD,
            authorised_by=(CONCORDAT,),
            name="Bromsgrove and Redditch shared services",
            members=(
                Member(council=BDC, name="Bromsgrove District Council"),
                Member(council=RBC, name="Redditch Borough Council"),
            ),
        ),
        # Context: the joint board whose recommendations Cabinet considered.
        BodyEstablished(
            partnership=P,
            effective=BEFORE_BOARD,
            authorised_by=(CONCORDAT, MINUTE),
            body=BOARD,
            name="Shared Services Board",
            kind=BodyKind.BOARD,
        ),
        # Context: the shared post as it stood before the decision, and its holder.
        PostCreated(
            partnership=P,
            effective=BEFORE_BOARD,
            authorised_by=(MINUTE,),
            post=POST,
            title=ACTING_TITLE,
            shared_by=(BDC, RBC),
        ),
        PostHolderAppointed(
            partnership=P,
            effective=BEFORE_BOARD,
            authorised_by=(MINUTE,),
            post=POST,
            basis=HolderBasis.SECONDED,
            holder=None,  # not named in the record
        ),
        # Context: the secondment arrangement that (2)(a) extends.
        ArrangementEstablished(
            partnership=P,
            effective=BEFORE_BOARD,
            authorised_by=(MINUTE,),
            arrangement=SECONDMENT,
            name="Secondment of the Acting Joint Chief Executive",
            services=("chief-executive",),
            mechanism=Mechanism.SECONDMENT,
            mechanism_detail="Secondment Agreement",
        ),
    ]


def resolution() -> ResolutionPassed:
    """BDC Cabinet, 29 July 2009, item 45: nine numbered parts (summaries are ours)."""
    return ResolutionPassed(
        partnership=P,
        effective=DECIDED,
        resolution=DECISION,
        decided_by=CouncilBody(council=BDC, name="Cabinet", kind=BodyKind.EXECUTIVE),
        decided=DECIDED,
        item="45",
        title="Serco business case: BDC and RBC working together",
        source=Source(document="Bromsgrove District Council, Cabinet, 29 July 2009, item 45"),
        parts=(
            Part(number="1", summary="A single management team for BDC and RBC is approved."),
            Part(
                number="2",
                summary="Steps towards the single management team:",
                parts=(
                    Part(
                        number="a",
                        summary="The Acting Joint Chief Executive's secondment is extended "
                        "to the end of 2012/13.",
                    ),
                    Part(
                        number="b",
                        summary="BDC's heads of legal and of financial services, consulting "
                        "the Leader, are to agree the changes needed to the officer's "
                        "employment contract and Secondment Agreement.",
                    ),
                ),
            ),
            Part(number="3", summary="BDC and RBC split the costs arising from (2)(b) 50:50."),
            Part(
                number="4",
                summary="While the extended secondment lasts the post is called Joint "
                "Chief Executive.",
            ),
            Part(
                number="5",
                summary="Serco's business case is approved in principle; the management "
                "team's response is noted.",
            ),
            Part(
                number="6",
                summary="The Joint Chief Executive is to bring fuller proposals to the "
                "Shared Services Board by early September 2009, covering:",
                parts=(
                    Part(number="a", summary="how the single management team is structured;"),
                    Part(
                        number="b",
                        summary="financial arrangements that fit both councils' medium "
                        "term financial plans;",
                    ),
                    Part(
                        number="c",
                        summary="the legal, employment and implementation implications;",
                    ),
                    Part(number="d", summary="an implementation timetable with milestones;"),
                    Part(
                        number="e",
                        summary="savings made so far and how similar councils have fared.",
                    ),
                ),
            ),
            Part(
                number="7",
                summary="The WMLGA is asked to re-evaluate the Joint Chief Executive post for "
                "the extension period.",
            ),
            Part(
                number="8",
                summary="The Joint Chief Executive may open talks with the unions on the "
                "single management team and on harmonised terms and conditions.",
            ),
            Part(
                number="9",
                summary="The Concordat is to be reviewed so that it can carry the planned "
                "shared services.",
            ),
        ),
    )


def changes() -> list[Event]:
    """Each change item 45 makes, citing the part that makes it."""
    return [
        # (1) the single management team.
        ArrangementEstablished(
            partnership=P,
            effective=DECIDED,
            authorised_by=(ref("1"),),
            not_on_record=(RBC_NOT_ON_RECORD,),
            arrangement=MANAGEMENT_TEAM,
            name="Single management team for BDC and RBC",
            services=("senior-management",),
            mechanism=Mechanism.JOINT_MANAGEMENT,
        ),
        # (2)(a) the secondment extended to the end of 2012/13.
        PostTermExtended(
            partnership=P,
            effective=DECIDED,
            authorised_by=(ref("2", "a"),),
            not_on_record=(RBC_NOT_ON_RECORD,),
            post=POST,
            term_ends=END_OF_2012_13,
        ),
        # (2)(b) two BDC officers, acting together, consulting the Leader.
        DelegationGranted(
            partnership=P,
            effective=DECIDED,
            authorised_by=(ref("2", "b"),),
            delegation=CONTRACT_DELEGATION,
            delegates=(
                Role(title="Head of Legal, Equalities and Democratic Services", council=BDC),
                Role(title="Head of Financial Services", council=BDC),
            ),
            jointly=True,
            consultees=(Role(title="Leader of the Council", council=BDC),),
            scope="settle the changes needed to the Acting Joint Chief Executive's "
            "employment contract and Secondment Agreement",
        ),
        # (3) those costs shared equally.
        CostShareAgreed(
            partnership=P,
            effective=DECIDED,
            authorised_by=(ref("3"),),
            not_on_record=(RBC_NOT_ON_RECORD,),
            scope=COST_SCOPE,
            description="costs of amending the contract and Secondment Agreement under (2)(b)",
            shares=(
                Share(council=BDC, fraction=Fraction(1, 2)),
                Share(council=RBC, fraction=Fraction(1, 2)),
            ),
        ),
        # (4) retitled for the duration of the extension only.
        PostRetitled(
            partnership=P,
            effective=DECIDED,
            authorised_by=(ref("4"),),
            not_on_record=(RBC_NOT_ON_RECORD,),
            post=POST,
            previous_title=ACTING_TITLE,
            new_title=NEW_TITLE,
            until=END_OF_2012_13,
        ),
        # (5) approval in principle: no change beyond the resolution itself.
        # (6) proposals due by the first week of September 2009.
        ActionAssigned(
            partnership=P,
            effective=DECIDED,
            authorised_by=(ref("6"),),
            action=PROPOSALS_ACTION,
            description="present fuller proposals to the Shared Services Board on the "
            "management team's structure, finances, legal and employment implications, an "
            "implementation timetable, and savings to date",
            assignee=JCE,
            due=FIRST_WEEK_OF_SEPTEMBER,
        ),
        # (7) re-evaluation of the post by the WMLGA.
        ActionAssigned(
            partnership=P,
            effective=DECIDED,
            authorised_by=(ref("7"),),
            action=RE_EVALUATION_ACTION,
            description="re-evaluate the Joint Chief Executive post for the extension period",
            assignee=Role(title="West Midlands Local Government Association (WMLGA)"),
        ),
        # (8) authority to negotiate with the trade unions.
        DelegationGranted(
            partnership=P,
            effective=DECIDED,
            authorised_by=(ref("8"),),
            delegation=UNIONS_DELEGATION,
            delegates=(JCE,),
            scope="negotiate with the unions about creating the single management team and "
            "aligning employment terms across the councils",
        ),
        # (9) review of the Concordat; the record names no one to do it.
        ActionAssigned(
            partnership=P,
            effective=DECIDED,
            authorised_by=(ref("9"),),
            action=CONCORDAT_ACTION,
            description="review the Concordat so that it can support the shared services",
        ),
    ]


def batches() -> list[Batch]:
    """The events in append order, one batch per ``append`` call."""
    return [
        ("context assumed by the record (Citations)", context()),
        ("BDC Cabinet, 29 July 2009, item 45", [resolution(), *changes()]),
    ]


def events() -> list[Event]:
    """Every event of this record, in a valid append order."""
    return flatten(batches())


#: Dates worth looking at, and why.
DATES: tuple[tuple[date, str], ...] = (
    (date(2009, 7, 28), "the day before Cabinet: the post is still 'Acting'"),
    (date(2009, 7, 30), "the day after: retitled, extended, costs shared, actions set"),
    (date(2009, 9, 8), "after the first week of September: the proposals are still open"),
    (date(2013, 4, 1), "after the end of 2012/13: the title reverts, the term has expired"),
)


def main() -> None:
    with Ledger.open(":memory:") as ledger:
        record(ledger, batches())
        for day, why in DATES:
            show(ledger, P, day, why)


if __name__ == "__main__":
    main()
