"""A ledger of every seed partnership, built once per test session, for the export tests.

The five seed records are encoded in ``examples/`` (see ``tests/test_seeds.py``);
``examples/seed_ledger.py`` builds the ledger ``govledger demo`` builds. The variant
with the illustrative SNC Cabinet approval of seed 004 is added as its own ledger, so
the exports see a condition both unmet and met.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "examples"))

import cdc_snc_joint_customer_service_team as seed004
import seed_ledger
from govledger import Ledger
from govledger.events import (
    ArrangementEstablished,
    CallInExemption,
    CallInStatus,
    Citation,
    CouncilBody,
    EndingStage,
    EndingStageReached,
    Event,
    Mechanism,
    MeetingStatus,
    Member,
    MotionKind,
    MotionPurpose,
    MotionResult,
    NamedVote,
    NotOnRecord,
    Outcome,
    Part,
    PartnershipFormed,
    ResolutionPassed,
    ResolutionRef,
    Tally,
    Vote,
    VotePosition,
)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Name every screenshot the run took, so that a CI log points at its artifacts."""
    from browser import SHOTS

    for shot in SHOTS:
        terminalreporter.write_line(f"screenshot artifact: {shot}")


#: A day after every seed's last decision.
LAST_DAY = date(2023, 6, 1)


#: Every seed partnership, in the order the seeds are listed.
SEED_PARTNERSHIPS: tuple[str, ...] = tuple(dict.fromkeys(p for p, _, _ in seed_ledger.VIEWS))


#: Every seed view's key date, and the day after the last decision.
KEY_DATES: tuple[date, ...] = tuple(
    sorted({*(day for _, _, views in seed_ledger.VIEWS for day, _ in views), LAST_DAY})
)


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The path of a file ledger holding every seed partnership (do not append to it)."""
    path = tmp_path_factory.mktemp("seeds") / "seed-ledger.db"
    seed_ledger.build(path, say=lambda _line: None).close()
    return path


@pytest.fixture
def seeds(seed_db: Path) -> Iterator[Ledger]:
    """The seed ledger, open."""
    with Ledger.open(seed_db) as ledger:
        yield ledger


@pytest.fixture
def illustrated() -> Iterator[Ledger]:
    """Seed 004 with the illustrative SNC Cabinet approval that meets its condition."""
    with Ledger.open(":memory:") as ledger:
        for event in (*seed004.events(), *seed004.snc_cabinet_approval()):
            ledger.append(event)
        yield ledger


#: The partnership of :func:`minutes_as_recorded`, and a day after its last decision.
RECORDED, RECORDED_DAY = "p", date(2021, 1, 1)


def _resolution(resolution: str, on: date, title: str, *parts: Part, **more: object) -> Event:
    return ResolutionPassed(
        partnership=RECORDED,
        resolution=resolution,
        decided_by=CouncilBody(council="aa", name="Cabinet"),
        decided=on,
        effective=on,
        item=resolution.rsplit("-", 1)[-1],
        title=title,
        parts=parts,
        **more,  # type: ignore[arg-type]
    )


def minutes_as_recorded() -> list[Event]:
    """A partnership whose minutes say what real minutes say (issue 15), beyond the seeds.

    A procedural motion to refer, lost; an amendment withdrawn; a substantive vote with
    its mover and seconder and a partial named list; partial named lists with only a
    stated result, or with nothing else at all; a part agreed in principle and one
    whose outcome the record does not give; an urgent decision not subject to call-in;
    a meeting that turned out inquorate; an arrangement with an ending stage and no
    end date yet, and another given an end date by its stage.
    """
    votes = (
        Vote(
            motion=MotionKind.PROCEDURAL,
            purpose=MotionPurpose.REFER,
            description="that the item be referred to scrutiny",
            mover="Cllr Ash",
            tally=Tally(in_favour=3, against=5),
            result=MotionResult.LOST,
        ),
        Vote(
            motion=MotionKind.AMENDMENT, purpose=MotionPurpose.AMEND, result=MotionResult.WITHDRAWN
        ),
        Vote(
            purpose=MotionPurpose.DECIDE,
            mover="Cllr Birch",
            seconder="Cllr Cedar",
            tally=Tally(in_favour=7, against=3),
            named=(NamedVote(member="Cllr Ash", position=VotePosition.AGAINST),),
            named_complete=False,
        ),
    )
    against = (NamedVote(member="Cllr Ash", position=VotePosition.AGAINST),)
    # the minutes name one member against and say it was carried: never counted
    partial_carried = Vote(named=against, named_complete=False, result=MotionResult.CARRIED)
    # two members named for, and no figures or result: the outcome is not on record
    partial_only = Vote(
        named=(
            NamedVote(member="Cllr Birch", position=VotePosition.FOR),
            NamedVote(member="Cllr Cedar", position=VotePosition.FOR),
        ),
        named_complete=False,
    )
    elsewhere = (NotOnRecord(council="bb", note="B's own decision is not part of this record"),)
    shared = ResolutionRef.parse("cab-3(1)")
    return [
        PartnershipFormed(
            partnership=RECORDED,
            effective=date(2019, 1, 1),
            name="A and B",
            members=(
                Member(council="aa", name="A Council"),
                Member(council="bb", name="B Council"),
            ),
            authorised_by=(Citation(document="Partnership agreement"),),
        ),
        _resolution(
            "cab-1",
            date(2020, 3, 2),
            "Shared waste service",
            Part(
                number="1",
                summary="agreed in principle to share waste",
                in_principle=True,
                votes=votes,
            ),
            Part(number="2", summary="the report was discussed", outcome=Outcome.NOT_RECORDED),
            call_in=CallInStatus.SUBJECT,
            call_in_deadline=date(2020, 3, 9),
            call_in_words="five working days",
        ),
        _resolution(
            "cab-2",
            date(2020, 4, 6),
            "Fees",
            Part(number="1", summary="approved the fees", votes=(partial_carried,)),
            meeting_status=MeetingStatus.INQUORATE,
        ),
        _resolution(
            "cab-3",
            date(2020, 5, 4),
            "Shared ICT and payroll",
            Part(number="1", summary="shared ICT and payroll with B", votes=(partial_only,)),
            Part(number="2", summary="to give notice on ICT, the period to be agreed"),
            Part(number="3", summary="to end payroll on 31 December 2020"),
            urgent=True,
            urgency="the Leader's urgency powers",
            call_in_exemption=CallInExemption.URGENT,
        ),
        ArrangementEstablished(
            partnership=RECORDED,
            effective=date(2020, 5, 4),
            authorised_by=(shared,),
            not_on_record=elsewhere,
            arrangement="ict",
            name="Shared ICT",
            services=("ict",),
            mechanism=Mechanism.S113_AGREEMENT,
        ),
        ArrangementEstablished(
            partnership=RECORDED,
            effective=date(2020, 5, 4),
            authorised_by=(shared,),
            not_on_record=elsewhere,
            arrangement="payroll",
            name="Shared payroll",
            services=("payroll",),
            mechanism=Mechanism.S113_AGREEMENT,
        ),
        EndingStageReached(
            partnership=RECORDED,
            effective=date(2020, 5, 4),
            authorised_by=(ResolutionRef.parse("cab-3(2)"),),
            arrangement="ict",
            stage=EndingStage.AGREED_TO_GIVE_NOTICE,
            by=("aa",),
            words="subject to the notice period to be agreed",
        ),
        EndingStageReached(
            partnership=RECORDED,
            effective=date(2020, 5, 4),
            authorised_by=(ResolutionRef.parse("cab-3(3)"),),
            arrangement="payroll",
            stage=EndingStage.TERMINATION_STARTED,
            by=("aa",),
            ends=date(2020, 12, 31),
        ),
    ]


@pytest.fixture
def recorded(tmp_path: Path) -> Iterator[Ledger]:
    """A file ledger of :func:`minutes_as_recorded`, open (its path is ``tmp_path/recorded.db``)."""
    with Ledger.open(tmp_path / "recorded.db") as ledger:
        ledger.append(*minutes_as_recorded())
        yield ledger
