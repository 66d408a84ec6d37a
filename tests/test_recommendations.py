"""Recommendations and their adoption: the state never runs ahead of the bodies that decide.

The first four tests are the reproductions of issue 21, each written with the public
API as a new user would: on the code before the fix each gave a wrong state.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import attrs
import pytest

from govledger import (
    Awaiting,
    BodyEstablished,
    BodyKind,
    Citation,
    Condition,
    ConditionSatisfied,
    CouncilBody,
    EntryRetracted,
    JointBody,
    Ledger,
    MeetingStatus,
    Member,
    Outcome,
    Part,
    PartnershipFormed,
    PartnershipState,
    PostCreated,
    PostRetitled,
    ResolutionPassed,
    ResolutionRef,
    ResolutionStatus,
)
from govledger.errors import InvalidAuthority
from govledger.events import DecisionMaker

P = "p"
C = CouncilBody(council="a", name="Council", kind=BodyKind.FULL_COUNCIL)
B_COUNCIL = CouncilBody(council="b", name="Council", kind=BodyKind.FULL_COUNCIL)
CABINET = CouncilBody(council="a", name="Cabinet", kind=BodyKind.EXECUTIVE)


MOA = (Citation(document="Memorandum of Agreement"),)


def formed(*members: Member) -> PartnershipFormed:
    return PartnershipFormed(
        partnership=P, effective=date(2020, 1, 1), authorised_by=MOA, name="A, B", members=members
    )


@pytest.fixture
def ledger() -> Iterator[Ledger]:
    with Ledger.open(":memory:") as opened:
        opened.append(formed(Member(council="a", name="A Council"), Member(council="b", name="B")))
        yield opened


def decision(resolution: str, on: date, maker: DecisionMaker, *parts: Part) -> ResolutionPassed:
    return ResolutionPassed(
        partnership=P,
        effective=on,
        resolution=resolution,
        decided_by=maker,
        decided=on,
        item="5",
        title="Shared posts",
        parts=parts,
    )


def create_post(on: date, *refs: ResolutionRef, post: str = "x") -> PostCreated:
    return PostCreated(
        partnership=P, effective=on, authorised_by=refs, post=post, title="Head of X"
    )


def adopt(number: str, target: ResolutionRef) -> Part:
    return Part(number=number, summary=f"adopt {target}", adopts=target)


def reasons(state: PartnershipState, ref: ResolutionRef) -> list[str]:
    return [r.detail for p in state.pending if p.ref == ref for r in p.reasons]


def recommended_part_3(*children: Part, to: tuple[CouncilBody, ...] = (C,), **more: object) -> Part:
    return Part(
        number="3",
        summary="create post X",
        outcome=Outcome.RECOMMENDED,
        recommended_to=to,
        parts=children,
        **more,  # type: ignore[arg-type]
    )


# --------------------------------------------------------------------------- the four reproductions


#: The labels of parts nested under (3), one level deeper each.
NESTED = ("a", "i", "A")


def nested(depth: int, outcome: Outcome = Outcome.RESOLVED) -> tuple[Part, ...]:
    """A chain of *depth* parts nested one in the next, each with *outcome*."""
    chain: tuple[Part, ...] = ()
    for label in reversed(NESTED[:depth]):
        to = (C,) if outcome is Outcome.RECOMMENDED else ()
        chain = (
            Part(
                number=label,
                summary="create post X",
                outcome=outcome,
                recommended_to=to,
                parts=chain,
            ),
        )
    return chain


@pytest.mark.parametrize("depth", [1, 2, 3])
def test_resolved_child_of_a_recommended_part_waits_for_adoption(
    ledger: Ledger, depth: int
) -> None:
    """Reproduction 1: a change citing cab(3)(a) (or deeper) is not in force before (3)
    is adopted."""
    ledger.append(decision("cab", date(2021, 1, 5), CABINET, recommended_part_3(*nested(depth))))
    cited = ResolutionRef(resolution="cab", part=("3", *NESTED[:depth]))
    change = create_post(date(2021, 1, 6), cited)
    ledger.append(change)
    state = ledger.state(P, as_of=date(2021, 1, 7))
    assert state.post("x") is None
    assert state.is_pending(change)
    waiting = next(p for p in state.pending if p.event == change)
    assert [r.detail for r in waiting.reasons] == ["awaiting adoption by A Council"]
    ledger.append(
        decision(
            "council", date(2021, 2, 1), C, adopt("1", ResolutionRef(resolution="cab", part=("3",)))
        )
    )
    assert ledger.state(P, as_of=date(2021, 1, 31)).post("x") is None
    adopted = ledger.state(P, as_of=date(2021, 2, 1)).post("x")
    assert adopted is not None and adopted.created == date(2021, 2, 1)  # from the adoption


@pytest.mark.parametrize("depth", [1, 2, 3])
@pytest.mark.parametrize("outcome", [Outcome.RECOMMENDED, Outcome.RESOLVED])
def test_adopting_a_part_adopts_its_nested_recommended_parts(
    ledger: Ledger, depth: int, outcome: Outcome
) -> None:
    """Reproduction 2: after Council adopts cab(3), cab(3)(a) (or deeper) no longer waits,
    whether it is recommended itself or recommended with (3)."""
    ledger.append(
        decision("cab", date(2021, 1, 5), CABINET, recommended_part_3(*nested(depth, outcome)))
    )
    before = ledger.state(P, as_of=date(2021, 1, 6))
    for level in range(1, depth + 1):
        inner = ResolutionRef(resolution="cab", part=("3", *NESTED[:level]))
        assert reasons(before, inner) == ["awaiting adoption by A Council"]
    ledger.append(
        decision(
            "council", date(2021, 2, 1), C, adopt("1", ResolutionRef(resolution="cab", part=("3",)))
        )
    )
    state = ledger.state(P, as_of=date(2021, 2, 2))
    assert state.pending == ()
    for level in range(depth + 1):
        part = state.part(ResolutionRef(resolution="cab", part=("3", *NESTED[:level])))
        assert part is not None
        assert part.in_force and part.why_not == ()  # a recommended part too, once adopted
        if part.outcome is Outcome.RECOMMENDED:
            assert part.adopted_by == ResolutionRef(resolution="council", part=("1",))


def test_recommendation_to_two_bodies_waits_for_both(ledger: Ledger) -> None:
    """Reproduction 3: adopted only once each body it was recommended to has adopted it."""
    ledger.append(decision("jc", date(2021, 1, 5), CABINET, recommended_part_3(to=(C, B_COUNCIL))))
    recommended = ResolutionRef(resolution="jc", part=("3",))
    ledger.append(decision("a-council", date(2021, 2, 1), C, adopt("1", recommended)))
    change = create_post(date(2021, 2, 1), ResolutionRef(resolution="a-council", part=("1",)))
    proposed = create_post(date(2021, 1, 6), recommended, post="y")
    ledger.append(change, proposed)
    state = ledger.state(P, as_of=date(2021, 2, 10))
    assert reasons(state, recommended) == ["awaiting adoption by B Council"]
    assert state.post("x") is None and state.post("y") is None
    assert state.is_pending(change) and state.is_pending(proposed)
    ledger.append(decision("b-council", date(2021, 3, 1), B_COUNCIL, adopt("4", recommended)))
    after = ledger.state(P, as_of=date(2021, 3, 1))
    assert after.pending == ()
    assert after.post("x") is not None and after.post("y") is not None


@pytest.mark.parametrize("order", [("a", "b", "c"), ("c", "a", "b"), ("b", "a")])
def test_joint_committee_recommendation_waits_for_every_council(order: tuple[str, ...]) -> None:
    """Reproduction 3 as the issue puts it: a joint committee recommends a change to each
    member's full council; it is adopted only once every one of them has adopted it."""
    councils = sorted(order)
    bodies = {c: CouncilBody(council=c, name="Council", kind=BodyKind.FULL_COUNCIL) for c in order}
    with Ledger.open(":memory:") as ledger:
        ledger.append(
            formed(*(Member(council=c, name=f"{c.upper()} Council") for c in councils)),
            BodyEstablished(
                partnership=P,
                effective=date(2020, 1, 1),
                authorised_by=MOA,
                body="jc",
                name="Joint Committee",
                kind=BodyKind.JOINT_COMMITTEE,
            ),
        )
        to = tuple(bodies[c] for c in councils)
        ledger.append(
            decision("jc-1", date(2021, 1, 5), JointBody(body="jc"), recommended_part_3(to=to))
        )
        recommended = ResolutionRef(resolution="jc-1", part=("3",))
        ledger.append(create_post(date(2021, 1, 5), recommended))
        for n, council in enumerate(order, start=1):
            state = ledger.state(P, as_of=date(2021, 1, n * 10))
            assert state.post("x") is None
            assert reasons(state, recommended) == [
                f"awaiting adoption by {bodies[c]}" for c in councils if c not in order[: n - 1]
            ]
            on = date(2021, 1, n * 10 + 1)
            ledger.append(
                decision(f"{council}-council", on, bodies[council], adopt("1", recommended))
            )
        done = ledger.state(P, as_of=date(2021, 1, len(order) * 10 + 1))
        assert done.pending == ()
        post = done.post("x")
        assert post is not None and post.created == date(2021, 1, len(order) * 10 + 1)


def test_condition_on_a_recommendation_binds_each_councils_adoption(ledger: Ledger) -> None:
    """Reproduction 4 with two adopting councils: a change citing either adoption waits
    for the condition, and for the other council's adoption."""
    condition = Condition(id="cost-advice", description="subject to cost-sharing advice")
    executive = CouncilBody(council="a", name="Executive", kind=BodyKind.EXECUTIVE)
    ledger.append(
        decision(
            "exec",
            date(2021, 1, 5),
            executive,
            recommended_part_3(to=(C, B_COUNCIL), conditions=(condition,)),
        )
    )
    recommended = ResolutionRef(resolution="exec", part=("3",))
    ledger.append(decision("a-council", date(2021, 2, 1), C, adopt("1", recommended)))
    ledger.append(decision("b-council", date(2021, 2, 8), B_COUNCIL, adopt("1", recommended)))
    by_a = create_post(date(2021, 2, 9), ResolutionRef(resolution="a-council", part=("1",)))
    by_b = create_post(
        date(2021, 2, 9), ResolutionRef(resolution="b-council", part=("1",)), post="y"
    )
    ledger.append(by_a, by_b)
    waiting = ledger.state(P, as_of=date(2021, 2, 10))
    assert waiting.post("x") is None and waiting.post("y") is None
    for adoption in ("a-council", "b-council"):
        said = reasons(waiting, ResolutionRef(resolution=adoption, part=("1",)))
        assert said == ["awaiting condition 'cost-advice': subject to cost-sharing advice"]
    ledger.append(
        ConditionSatisfied(
            partnership=P, effective=date(2021, 3, 1), condition="cost-advice", evidence="advice"
        )
    )
    met = ledger.state(P, as_of=date(2021, 3, 1))
    assert met.post("x") is not None and met.post("y") is not None and met.pending == ()


def test_condition_on_a_recommended_part_binds_its_adoption(ledger: Ledger) -> None:
    """Reproduction 4: the condition shows before and after adoption, and binds the change."""
    condition = Condition(id="cost-advice", description="subject to cost-sharing advice")
    ledger.append(
        decision("exec", date(2021, 1, 5), CABINET, recommended_part_3(conditions=(condition,)))
    )
    recommended = ResolutionRef(resolution="exec", part=("3",))
    before = reasons(ledger.state(P, as_of=date(2021, 1, 6)), recommended)
    assert "awaiting adoption by A Council" in before
    assert any("cost-advice" in r for r in before)
    ledger.append(decision("council", date(2021, 2, 1), C, adopt("1", recommended)))
    change = create_post(date(2021, 2, 2), ResolutionRef(resolution="council", part=("1",)))
    ledger.append(change)
    after = ledger.state(P, as_of=date(2021, 2, 3))
    assert after.post("x") is None
    assert after.is_pending(change)
    assert any("cost-advice" in r for r in reasons(after, recommended))
    adoption = ResolutionRef(resolution="council", part=("1",))
    assert any("cost-advice" in r for r in reasons(after, adoption))
    ledger.append(
        ConditionSatisfied(
            partnership=P, effective=date(2021, 3, 1), condition="cost-advice", evidence="advice"
        )
    )
    met = ledger.state(P, as_of=date(2021, 3, 1))
    assert met.post("x") is not None
    assert met.pending == ()


# --------------------------------------------------------------------------- more shapes


def test_adopting_only_a_nested_part_leaves_the_rest_waiting(ledger: Ledger) -> None:
    first = Part(number="a", summary="create post X")
    second = Part(number="b", summary="create post Y")
    ledger.append(decision("cab", date(2021, 1, 5), CABINET, recommended_part_3(first, second)))
    ledger.append(
        decision(
            "council",
            date(2021, 2, 1),
            C,
            adopt("1", ResolutionRef(resolution="cab", part=("3", "a"))),
        )
    )
    state = ledger.state(P, as_of=date(2021, 2, 2))
    waiting = {p.ref for p in state.pending if p.ref is not None}
    assert ResolutionRef(resolution="cab", part=("3", "b")) in waiting
    assert ResolutionRef(resolution="cab", part=("3",)) in waiting
    assert ResolutionRef(resolution="cab", part=("3", "a")) not in waiting


def test_nested_part_recommended_elsewhere_waits_for_its_own_body(ledger: Ledger) -> None:
    other = Part(
        number="a",
        summary="share the cost",
        outcome=Outcome.RECOMMENDED,
        recommended_to=(B_COUNCIL,),
    )
    ledger.append(decision("cab", date(2021, 1, 5), CABINET, recommended_part_3(other)))
    ledger.append(
        decision(
            "council", date(2021, 2, 1), C, adopt("1", ResolutionRef(resolution="cab", part=("3",)))
        )
    )
    nested = ResolutionRef(resolution="cab", part=("3", "a"))
    state = ledger.state(P, as_of=date(2021, 2, 2))
    assert reasons(state, nested) == ["awaiting adoption by B Council"]
    assert {r.kind for p in state.pending for r in p.reasons} == {Awaiting.ADOPTION}


# ------------------------------------------------------------------------ outcome not recorded


def test_unrecorded_outcome_authorises_nothing_and_shows(ledger: Ledger) -> None:
    part = Part(number="4", summary="the matter was discussed", outcome=Outcome.NOT_RECORDED)
    ledger.append(decision("cab", date(2021, 1, 5), CABINET, part))
    with pytest.raises(InvalidAuthority, match="not recorded"):
        ledger.append(create_post(date(2021, 1, 6), ResolutionRef(resolution="cab", part=("4",))))
    state = ledger.state(P, as_of=date(2021, 1, 6))
    assert [u.ref for u in state.unrecorded] == [ResolutionRef(resolution="cab", part=("4",))]
    assert "outcome not recorded" in state.unrecorded[0].description
    assert state.post("x") is None


@pytest.mark.parametrize("cited", [("4", "a"), ("(4)", "a", "i")])
def test_a_part_nested_in_an_unrecorded_outcome_authorises_nothing(
    ledger: Ledger, cited: tuple[str, ...]
) -> None:
    """Left at the default (resolved), a nested part of an unrecorded one still says
    nothing was decided: the authority check reads every part above the cited one."""
    inner = Part(number="i", summary="create post X")
    nested_part = Part(number="a", summary="create post X", parts=(inner,))
    part = Part(
        number="4",
        summary="the matter was discussed",
        outcome=Outcome.NOT_RECORDED,
        parts=(nested_part,),
    )
    ledger.append(decision("cab", date(2021, 1, 5), CABINET, part))
    with pytest.raises(InvalidAuthority, match=r"the outcome of cab\(4\) is not recorded"):
        ledger.append(create_post(date(2021, 1, 6), ResolutionRef(resolution="cab", part=cited)))
    state = ledger.state(P, as_of=date(2021, 1, 6))
    assert [u.ref for u in state.unrecorded] == [ResolutionRef(resolution="cab", part=("4",))]
    assert state.post("x") is None


# ---------------------------------------------------------------- meetings that cannot decide


@pytest.mark.parametrize(
    "status",
    [MeetingStatus.INQUORATE, MeetingStatus.HELD_INFORMALLY, MeetingStatus.NOT_PROPERLY_CONVENED],
)
def test_decisions_of_a_meeting_that_cannot_decide_authorise_nothing(
    ledger: Ledger, status: MeetingStatus
) -> None:
    informal = attrs.evolve(
        decision("cab", date(2021, 1, 5), CABINET, Part(number="1", summary="create post X")),
        meeting_status=status,
    )
    ledger.append(informal)
    change = create_post(date(2021, 1, 6), ResolutionRef(resolution="cab", part=("1",)))
    ledger.append(change)
    state = ledger.state(P, as_of=date(2021, 2, 1))
    assert state.post("x") is None
    lapsed = next(entry for entry in state.lapsed if entry.event == change)
    assert status.value.replace("_", " ") in lapsed.reason
    resolution = state.resolution("cab")
    assert resolution is not None and resolution.status is ResolutionStatus.NO_VALID_MEETING


def test_a_later_correction_of_the_meeting_status_is_recordable(ledger: Ledger) -> None:
    held = decision("cab", date(2021, 1, 5), CABINET, Part(number="1", summary="create post X"))
    ledger.append(attrs.evolve(held, meeting_status=MeetingStatus.INQUORATE))
    ledger.append(create_post(date(2021, 1, 6), ResolutionRef(resolution="cab", part=("1",))))
    assert ledger.state(P, as_of=date(2021, 2, 1)).post("x") is None
    confirming = decision(
        "confirm", date(2021, 3, 1), CABINET, Part(number="1", summary="confirm the minutes")
    )
    ledger.append(confirming)
    wrong = next(
        r
        for r in ledger.history(P)
        if r.event == attrs.evolve(held, meeting_status=MeetingStatus.INQUORATE)
    )
    ledger.append(
        EntryRetracted(
            partnership=P,
            effective=date(2021, 3, 1),
            retracts=wrong.position,
            reason="the confirmed minutes record that the meeting was quorate",
            authorised_by=(ResolutionRef(resolution="confirm", part=("1",)),),
            replacement=held,
        )
    )
    assert ledger.state(P, as_of=date(2021, 2, 1)).post("x") is not None


def test_a_recommendation_adopted_as_amended(ledger: Ledger) -> None:
    """The amendment is a change citing the adoption, acting on the proposed change."""
    ledger.append(decision("cab", date(2021, 1, 5), CABINET, recommended_part_3()))
    recommended = ResolutionRef(resolution="cab", part=("3",))
    ledger.append(create_post(date(2021, 1, 5), recommended))
    adoption = Part(
        number="1", summary="adopt (3), the post titled Director of X", adopts=recommended
    )
    ledger.append(
        decision("council", date(2021, 2, 1), C, adoption),
        PostRetitled(
            partnership=P,
            effective=date(2021, 2, 1),
            authorised_by=(ResolutionRef(resolution="council", part=("1",)),),
            post="x",
            previous_title="Head of X",
            new_title="Director of X",
        ),
    )
    assert ledger.state(P, as_of=date(2021, 1, 31)).post("x") is None
    post = ledger.state(P, as_of=date(2021, 2, 1)).post("x")
    assert post is not None and post.title == "Director of X"


def test_an_adoption_with_its_own_condition_names_it_once(ledger: Ledger) -> None:
    """The adopting part waits for its own condition, said once, and the change it
    proposes waits for it too."""
    ledger.append(decision("cab", date(2021, 1, 5), CABINET, recommended_part_3()))
    recommended = ResolutionRef(resolution="cab", part=("3",))
    ledger.append(create_post(date(2021, 1, 5), recommended))
    own = Condition(id="funding", description="subject to funding being confirmed")
    adoption = attrs.evolve(adopt("1", recommended), conditions=(own,))
    ledger.append(decision("council", date(2021, 2, 1), C, adoption))
    state = ledger.state(P, as_of=date(2021, 2, 2))
    said = "awaiting condition 'funding': subject to funding being confirmed"
    assert reasons(state, ResolutionRef(resolution="council", part=("1",))) == [said]
    assert reasons(state, recommended) == [said]
    assert state.post("x") is None
