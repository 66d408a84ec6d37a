"""Events validate their own shape on construction."""

from __future__ import annotations

from datetime import date, datetime
from fractions import Fraction
from typing import Any, get_args

import pytest
from hypothesis import given, settings

from factories import CITE, P, body, formed, resolved
from govledger import (
    ArrangementVaried,
    Citation,
    CouncilBody,
    Identifier,
    InvalidEvent,
    JointBody,
    Member,
    NamedVote,
    NoticeGiven,
    Outcome,
    Part,
    PartnershipFormed,
    Period,
    ResolutionPassed,
    ResolutionRef,
    Share,
    Tally,
    Vote,
    VotePosition,
)
from govledger.events import EVENT_TAGS, EVENT_TYPES, Event, path_key
from govledger.testing.strategies import event_strategy


@pytest.mark.parametrize(
    "build",
    [
        lambda ids: Member(council="alpha", name="Alpha", identifiers=ids),
        lambda ids: CouncilBody(council="alpha", name="Cabinet", identifiers=ids),
        lambda ids: body(identifiers=ids),
    ],
    ids=["member", "council body", "body established"],
)
def test_identifiers_are_identifier_values_one_per_scheme(build: Any) -> None:
    gss = Identifier(scheme="gss", identifier="E07000177")

    assert build([gss]).identifiers == (gss,)
    with pytest.raises(InvalidEvent, match=r"identifiers repeats a scheme: \['gss', 'gss'\]"):
        build([gss, Identifier(scheme="gss", identifier="E07000178")])
    with pytest.raises(InvalidEvent, match="identifiers must be Identifier, not str"):
        build(["gss:E07000177"])


@pytest.mark.parametrize(
    "bad", ["", "Has Capitals", "spaces here", "trailing-", "a--b", "é", "cdc-occ\n"]
)
def test_ids_must_be_readable_slugs(bad: str) -> None:
    with pytest.raises(InvalidEvent, match="slug"):
        formed(partnership=bad)


def test_ids_accept_readable_slugs() -> None:
    assert formed(partnership="cdc-occ.2022_a").partnership == "cdc-occ.2022_a"


def test_effective_must_be_a_date_not_a_datetime() -> None:
    with pytest.raises(InvalidEvent, match=r"datetime\.date"):
        formed(effective=datetime(2020, 1, 1))


def test_absurd_dates_are_rejected() -> None:
    with pytest.raises(InvalidEvent, match="outside"):
        formed(effective=date(1066, 10, 14))


def test_period_keeps_words_and_bounds() -> None:
    week = Period(earliest=date(2009, 9, 1), latest=date(2009, 9, 7), words="the first week")
    assert week.contains(date(2009, 9, 3))
    assert not week.contains(date(2009, 9, 8))
    assert "the first week" in str(week)


def test_period_bounds_must_be_in_order() -> None:
    with pytest.raises(InvalidEvent, match="after latest"):
        Period(earliest=date(2010, 1, 2), latest=date(2010, 1, 1), words="muddled")


def test_partnership_needs_two_different_members() -> None:
    with pytest.raises(InvalidEvent, match="two different councils"):
        formed(members=(Member(council="alpha", name="A"), Member(council="alpha", name="A")))


def test_changes_must_name_an_authority() -> None:
    with pytest.raises(InvalidEvent, match="at least one"):
        formed(authorised_by=())


def test_collections_given_as_lists_are_stored_as_tuples() -> None:
    event = formed(members=[Member(council="a", name="A"), Member(council="b", name="B")])
    assert isinstance(event.members, tuple)


def test_tallies_are_never_negative() -> None:
    with pytest.raises(InvalidEvent, match="negative"):
        Tally(in_favour=-1, against=3)


def test_unanimous_vote_cannot_have_votes_against() -> None:
    with pytest.raises(InvalidEvent, match="unanimous"):
        Vote(unanimous=True, tally=Tally(in_favour=5, against=1))


def test_casting_vote_only_on_a_tie() -> None:
    with pytest.raises(InvalidEvent, match="tie"):
        Vote(tally=Tally(in_favour=6, against=5), casting_vote=VotePosition.FOR)


def test_casting_vote_decides_a_tie() -> None:
    vote = Vote(tally=Tally(in_favour=5, against=5), casting_vote=VotePosition.FOR)
    assert vote.carried is True


def test_lost_by_31_votes_to_29_is_not_carried() -> None:
    assert Vote(tally=Tally(in_favour=29, against=31)).carried is False


def test_vote_without_figures_has_unknown_result() -> None:
    assert Vote().carried is None


def test_named_votes_must_add_up_to_the_tally() -> None:
    with pytest.raises(InvalidEvent, match="add up"):
        Vote(
            tally=Tally(in_favour=2, against=0),
            named=(NamedVote(member="Cllr A", position=VotePosition.FOR),),
        )


def test_recommended_part_names_whom_it_recommends_to() -> None:
    with pytest.raises(InvalidEvent, match="recommended_to"):
        Part(number="7", summary="disband the committee", outcome=Outcome.RECOMMENDED)


def test_recommended_to_requires_recommended_outcome() -> None:
    with pytest.raises(InvalidEvent, match="RECOMMENDED"):
        Part(number="7", summary="x", recommended_to=(JointBody(body="council"),))


def test_part_numbers_are_unique_among_siblings() -> None:
    with pytest.raises(InvalidEvent, match="repeats part number"):
        resolved(
            "r1", date(2021, 1, 1), Part(number="1", summary="a"), Part(number="1", summary="b")
        )


def test_nested_parts_are_walked_with_their_paths() -> None:
    decision = resolved(
        "r1",
        date(2021, 1, 1),
        Part(number="2", summary="in pursuit", parts=(Part(number="a", summary="extend"),)),
    )
    assert [path for path, _ in decision.walk()] == [("2",), ("2", "a")]
    assert decision.part(("2", "a")) is not None


def test_resolution_cannot_take_effect_before_it_was_decided() -> None:
    with pytest.raises(InvalidEvent, match="before it was decided"):
        resolved("r1", date(2021, 1, 5), effective=date(2021, 1, 1))


def test_resolution_ref_parses_nested_parts() -> None:
    assert ResolutionRef.parse("bdc-cabinet-45(2)(b)") == ResolutionRef(
        resolution="bdc-cabinet-45", part=("2", "b")
    )
    assert str(ResolutionRef(resolution="x", part=("6", "e"))) == "x(6)(e)"


def test_resolution_ref_rejects_malformed_text() -> None:
    with pytest.raises(InvalidEvent, match="not a resolution reference"):
        ResolutionRef.parse("45 (2) b")


def test_varying_nothing_is_rejected() -> None:
    with pytest.raises(InvalidEvent, match="changes nothing"):
        ArrangementVaried(
            partnership=P, effective=date(2021, 1, 1), authorised_by=CITE, arrangement="x"
        )


def test_notice_cannot_end_before_it_is_given() -> None:
    with pytest.raises(InvalidEvent, match="before it was given"):
        NoticeGiven(
            partnership=P,
            effective=date(2022, 2, 8),
            authorised_by=CITE,
            arrangement="s113",
            given_by="alpha",
            notice_ends=date(2022, 1, 1),
        )


def test_shares_are_exact_fractions() -> None:
    with pytest.raises(InvalidEvent, match="Fraction"):
        Share(council="alpha", fraction=0.5)  # type: ignore[arg-type]
    assert Share(council="alpha", fraction=Fraction(1, 2)).fraction == Fraction(1, 2)


def test_events_are_frozen() -> None:
    event = formed()
    with pytest.raises(AttributeError):
        event.name = "changed"  # type: ignore[misc]


def test_decision_maker_kinds_render_for_people() -> None:
    assert str(CouncilBody(council="snc", name="Cabinet")) == "SNC Cabinet"
    assert str(Citation(document="s.113 agreement")) == "s.113 agreement"


def test_resolution_must_have_parts() -> None:
    with pytest.raises(InvalidEvent, match="at least one"):
        ResolutionPassed(
            partnership=P,
            effective=date(2021, 1, 1),
            resolution="r",
            decided_by=CouncilBody(council="alpha", name="Cabinet"),
            decided=date(2021, 1, 1),
            item="1",
            title="t",
            parts=(),
        )


def test_text_fields_must_not_be_blank() -> None:
    with pytest.raises(InvalidEvent, match="blank"):
        formed(name="   ")


def test_partnership_formed_with_members_as_shown() -> None:
    event: PartnershipFormed = formed()
    assert [m.council for m in event.members] == ["alpha", "beta"]


#: The type tags every ledger holds on disk. Changing one would orphan stored entries.
STORED_TAGS = (
    "PartnershipFormed",
    "PartnershipDissolved",
    "MemberAdmitted",
    "MemberWithdrew",
    "MemberSucceeded",
    "BodyEstablished",
    "BodyDisbanded",
    "ResolutionPassed",
    "CallInRequested",
    "CallInDetermined",
    "ConditionSatisfied",
    "ConditionLapsed",
    "DelegatedDecisionTaken",
    "ArrangementEstablished",
    "ArrangementVaried",
    "NoticeGiven",
    "ArrangementDecoupled",
    "ArrangementEnded",
    "PostCreated",
    "PostRetitled",
    "PostHolderAppointed",
    "PostVacated",
    "PostTermExtended",
    "PostDeleted",
    "StatutoryRoleDesignated",
    "DelegationGranted",
    "DelegationRevoked",
    "CostShareAgreed",
    "ActionAssigned",
    "ActionCompleted",
    "EntryRetracted",
    "BodyTermsRevised",
    "BodyMemberAppointed",
    "BodyMemberLeft",
    "EndingStageReached",
)


def test_event_types_are_exactly_the_stored_tags() -> None:
    assert tuple(EVENT_TYPES) == STORED_TAGS
    assert set(EVENT_TYPES.values()) == set(get_args(Event))
    assert {cls: tag for tag, cls in EVENT_TYPES.items()} == EVENT_TAGS


def _walked(
    parts: tuple[Part, ...], prefix: tuple[str, ...] = ()
) -> list[tuple[tuple[str, ...], Part]]:
    """The parts depth first, as the tree reads: what ``walk()`` must give."""
    found: list[tuple[tuple[str, ...], Part]] = []
    for part in parts:
        path = (*prefix, part.number)
        found.append((path, part))
        found.extend(_walked(part.parts, path))
    return found


@settings(max_examples=60)
@given(decision=event_strategy(ResolutionPassed))
def test_parts_are_found_by_path_as_printed_or_normalised(decision: ResolutionPassed) -> None:
    # walk() and part() answer from an index built once per resolution: the same as
    # reading the tree each time, exact labels first, then labels as label_key reads them
    walked = _walked(decision.parts)
    assert list(decision.walk()) == walked
    assert list(decision.walk()) == walked  # asked again, from the index
    for path, _ in walked:
        exact = next(part for found, part in walked if found == path)
        assert decision.part(path) is exact
        spaced = tuple(f" ({label.upper()}) " for label in path)
        keyed = next((part for found, part in walked if path_key(found) == path_key(spaced)), None)
        assert decision.part(spaced) is keyed
    assert decision.part(("no-such-part",)) is None
    assert decision.part(()) is None


def test_a_resolutions_part_index_goes_with_it() -> None:
    import gc

    from govledger.events import _parts

    decision = resolved("r-index", date(2021, 1, 1))
    assert decision.part(("1",)) is decision.parts[0]
    key = id(decision)
    assert key in _parts._PART_INDEXES
    del decision
    gc.collect()
    assert key not in _parts._PART_INDEXES


def test_per_resolution_answers_once_per_resolution_and_path() -> None:
    from govledger.events.resolutions import per_resolution

    calls: list[tuple[str, tuple[str, ...]]] = []

    @per_resolution
    def summary_of(resolution: ResolutionPassed, path: tuple[str, ...]) -> str | None:
        calls.append((resolution.resolution, path))
        part = resolution.part(path)
        return None if part is None else part.summary

    first = resolved("r-memo", date(2021, 1, 1))
    equal = resolved("r-memo", date(2021, 1, 1))  # equal, but another object
    assert summary_of(first, ("1",)) == summary_of(first, ("1",)) == "approve the proposal"
    assert summary_of(first, ("9",)) is None and summary_of(first, ("9",)) is None
    assert summary_of(equal, ("1",)) == "approve the proposal"
    assert calls == [("r-memo", ("1",)), ("r-memo", ("9",)), ("r-memo", ("1",))]
    assert summary_of.__name__ == "summary_of"
