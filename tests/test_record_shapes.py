"""Shapes published records show: labels as printed, any designated role, delegations
re-granted, bodies' terms and members, organisations consulted, and 0.1 payloads."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date

import pytest

from govledger import (
    BodyEstablished,
    BodyKind,
    BodyMemberAppointed,
    BodyMemberLeft,
    BodyRole,
    BodyTermsRevised,
    Citation,
    CouncilBody,
    DelegatedDecisionTaken,
    DelegationGranted,
    Ledger,
    Member,
    Outcome,
    Part,
    PartnershipFormed,
    PostCreated,
    ResolutionPassed,
    ResolutionRef,
    Role,
    StatutoryRole,
    StatutoryRoleDesignated,
)
from govledger.codec import decode, encode
from govledger.errors import DelegationNotInForce, DuplicateId, UnknownReference
from govledger.events import label_key

P = "p"
CITE = (Citation(document="Constitution"),)
CABINET = CouncilBody(council="a", name="Cabinet", kind=BodyKind.EXECUTIVE)


@pytest.fixture
def ledger() -> Iterator[Ledger]:
    with Ledger.open(":memory:") as opened:
        opened.append(
            PartnershipFormed(
                partnership=P,
                effective=date(2020, 1, 1),
                authorised_by=CITE,
                name="A and B",
                members=(Member(council="a", name="A"), Member(council="b", name="B")),
            )
        )
        yield opened


def decision(resolution: str, on: date, *parts: Part) -> ResolutionPassed:
    return ResolutionPassed(
        partnership=P,
        effective=on,
        resolution=resolution,
        decided_by=CABINET,
        decided=on,
        item="9",
        title="Report",
        parts=parts,
    )


# --------------------------------------------------------------------------- labels


@pytest.mark.parametrize(
    ("printed", "key"),
    [("2.2 (a)", "2.2(a)"), ("(iv)", "iv"), ("3.", "3"), ("a)", "a"), ("B", "b"), ("2.3", "2.3")],
)
def test_labels_are_kept_as_printed_and_normalised_for_lookup(printed: str, key: str) -> None:
    assert Part(number=printed, summary="agree").number == printed
    assert label_key(printed) == key


def test_a_change_may_cite_a_label_as_printed_or_normalised(ledger: Ledger) -> None:
    ledger.append(
        decision(
            "cab",
            date(2021, 1, 5),
            Part(number="2.2 (a)", summary="create post X"),
            Part(number="2.3", summary="note the report", outcome=Outcome.NOTED),
        )
    )
    ledger.append(
        PostCreated(
            partnership=P,
            effective=date(2021, 1, 6),
            authorised_by=(ResolutionRef(resolution="cab", part=("2.2(A)",)),),
            post="x",
            title="X",
        )
    )
    assert ledger.state(P, as_of=date(2021, 1, 6)).post("x") is not None
    parsed = ResolutionRef.parse("cab(2.2 (a))")
    assert parsed.part == ("2.2 (a)",)
    assert ResolutionRef.parse(str(parsed)) == parsed


def test_labels_that_read_the_same_are_one_part() -> None:
    with pytest.raises(Exception, match="repeats part number"):
        decision(
            "cab", date(2021, 1, 5), Part(number="(1)", summary="x"), Part(number="1", summary="y")
        )


# --------------------------------------------------------------------------- designations


def test_designations_take_any_role(ledger: Ledger) -> None:
    for role, person in (
        ("Returning Officer", "J Smith"),
        ("Deputy Electoral Registration Officer", "K Jones"),
        ("Section 151 Officer", "L Brown"),
        (StatutoryRole.MONITORING_OFFICER, "M Green"),
    ):
        ledger.append(
            StatutoryRoleDesignated(
                partnership=P,
                effective=date(2021, 2, 1),
                authorised_by=CITE,
                council="a",
                role=role,
                person=person,
            )
        )
    state = ledger.state(P, as_of=date(2021, 2, 1))
    returning = state.designation("a", "returning officer")
    assert returning is not None and returning.person == "J Smith"
    finance = state.designation("a", StatutoryRole.CHIEF_FINANCE_OFFICER)
    assert finance is not None and finance.person == "L Brown"
    assert finance.role is StatutoryRole.CHIEF_FINANCE_OFFICER
    assert len(state.designations) == 4


# --------------------------------------------------------------------------- delegations


def _delegation(delegation: str, on: date, consultee: Role, **more: object) -> DelegationGranted:
    return DelegationGranted(
        partnership=P,
        effective=on,
        authorised_by=CITE,
        delegation=delegation,
        delegates=(Role(title="Chief Executive", council="a"),),
        scope="agree the detailed terms",
        consultees=(consultee,),
        **more,  # type: ignore[arg-type]
    )


def test_a_delegation_replaced_by_a_later_one_ends_from_its_date(ledger: Ledger) -> None:
    leader = Role(title="Leader of the Council", council="a")
    other_council = Role(title="Oxfordshire County Council", council="occ", organisation=True)
    ledger.append(_delegation("terms", date(2021, 1, 1), leader))
    ledger.append(_delegation("terms-2", date(2021, 6, 1), other_council, replaces="terms"))
    before = ledger.state(P, as_of=date(2021, 5, 31))
    assert [d.delegation for d in before.delegations_in_force] == ["terms"]
    after = ledger.state(P, as_of=date(2021, 6, 1))
    assert [d.delegation for d in after.delegations] == ["terms-2"]
    assert [d.delegation for d in after.delegations_in_force] == ["terms-2"]
    current = after.delegation("terms")
    assert current is not None and current.delegation == "terms-2"
    assert current.replaces == ("terms",)
    assert current.consultees[0].organisation
    with pytest.raises(DelegationNotInForce):
        ledger.append(
            DelegatedDecisionTaken(
                partnership=P,
                effective=date(2021, 7, 1),
                decision="cx-1",
                delegation="terms",
                taken_by=Role(title="Chief Executive", council="a"),
                summary="agreed the terms",
            )
        )


def test_a_delegation_regranted_under_its_own_id(ledger: Ledger) -> None:
    leader = Role(title="Leader of the Council", council="a")
    ledger.append(_delegation("terms", date(2021, 1, 1), leader))
    deputy = Role(title="Deputy Leader", council="a")
    with pytest.raises(DuplicateId):
        ledger.append(_delegation("terms", date(2021, 6, 1), deputy))
    ledger.append(_delegation("terms", date(2021, 6, 1), deputy, replaces="terms"))
    state = ledger.state(P, as_of=date(2021, 6, 2))
    assert len(state.delegations) == 1
    assert state.delegations[0].consultees == (deputy,)
    assert state.delegations[0].granted == date(2021, 6, 1)


# --------------------------------------------------------------------------- bodies


def test_bodies_terms_members_and_chair_are_dated(ledger: Ledger) -> None:
    ledger.append(
        BodyEstablished(
            partnership=P,
            effective=date(2021, 1, 1),
            authorised_by=CITE,
            body="jc",
            name="Joint Committee",
            kind=BodyKind.JOINT_COMMITTEE,
            terms_of_reference="to oversee the shared service",
        ),
        BodyMemberAppointed(
            partnership=P,
            effective=date(2021, 1, 10),
            authorised_by=CITE,
            body="jc",
            member="Councillor A Smith",
            council="a",
            role=BodyRole.CHAIR,
        ),
        BodyMemberAppointed(
            partnership=P,
            effective=date(2021, 1, 10),
            authorised_by=CITE,
            body="jc",
            member="Councillor B Jones",
            council="b",
        ),
    )
    ledger.append(
        decision("cab", date(2021, 3, 1), Part(number="1", summary="revise the terms")),
        BodyTermsRevised(
            partnership=P,
            effective=date(2021, 3, 2),
            authorised_by=(ResolutionRef(resolution="cab", part=("1",)),),
            body="jc",
            terms_of_reference="to oversee and review the shared service",
        ),
        BodyMemberAppointed(
            partnership=P,
            effective=date(2021, 4, 1),
            authorised_by=CITE,
            body="jc",
            member="Councillor B Jones",
            council="b",
            role=BodyRole.CHAIR,
        ),
        BodyMemberLeft(
            partnership=P,
            effective=date(2021, 5, 1),
            authorised_by=CITE,
            body="jc",
            member="Councillor A Smith",
        ),
    )
    early = ledger.state(P, as_of=date(2021, 2, 1)).body("jc")
    assert early is not None
    assert early.terms_of_reference == "to oversee the shared service"
    assert early.chair is not None and early.chair.member == "Councillor A Smith"
    late = ledger.state(P, as_of=date(2021, 5, 1)).body("jc")
    assert late is not None
    assert late.terms_of_reference == "to oversee and review the shared service"
    assert late.terms_revised == date(2021, 3, 2)
    assert late.chair is not None and late.chair.member == "Councillor B Jones"
    assert [m.member for m in late.members] == ["Councillor B Jones"]
    assert ("Councillor A Smith", date(2021, 5, 1)) in [
        (m.member, m.until) for m in late.former_members
    ]
    with pytest.raises(UnknownReference, match="not a member"):
        ledger.append(
            BodyMemberLeft(
                partnership=P,
                effective=date(2021, 6, 1),
                authorised_by=CITE,
                body="jc",
                member="Councillor C Brown",
            )
        )


# --------------------------------------------------------------------------- 0.1 payloads


def test_payloads_written_by_0_1_open_and_answer_the_same() -> None:
    """Payloads without the new fields (as 0.1 wrote them) decode to the same events."""
    resolution = decision("cab", date(2021, 1, 5), Part(number="1", summary="agree"))
    delegation = _delegation("terms", date(2021, 1, 1), Role(title="Leader", council="a"))
    body = BodyEstablished(
        partnership=P,
        effective=date(2021, 1, 1),
        authorised_by=CITE,
        body="jc",
        name="Joint Committee",
        kind=BodyKind.JOINT_COMMITTEE,
    )
    designation = StatutoryRoleDesignated(
        partnership=P,
        effective=date(2021, 1, 1),
        authorised_by=CITE,
        council="a",
        role=StatutoryRole.HEAD_OF_PAID_SERVICE,
        person="X",
    )
    added = {"meeting_status", "replaces", "terms_of_reference", "organisation"}
    for event in (resolution, delegation, body, designation):
        name, version, payload = encode(event)
        old = _without(json.loads(payload), added)
        assert old != json.loads(payload) or isinstance(event, StatutoryRoleDesignated)
        assert decode(name, version, json.dumps(old)) == event


def _without(data: object, keys: set[str]) -> object:
    if isinstance(data, dict):
        return {k: _without(v, keys) for k, v in data.items() if k not in keys}
    if isinstance(data, list):
        return [_without(v, keys) for v in data]
    return data
