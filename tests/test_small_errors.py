"""Errors a newcomer meets first: enumeration values as text, and decisions by outsiders."""

from __future__ import annotations

import json
from datetime import date
from enum import Enum

import pytest

from factories import P, arrangement, formed, resolved
from govledger import (
    CouncilBody,
    DecodeError,
    Individual,
    InvalidEvent,
    Ledger,
    Mechanism,
    MemberWithdrew,
    Outcome,
    Part,
    codec,
    events,
)
from govledger.errors import NotAMember

ENUMS = [
    value
    for value in vars(events).values()
    if isinstance(value, type)
    and issubclass(value, Enum)
    and value.__module__.startswith(events.__name__)  # defined in the package or its modules
]


@pytest.mark.parametrize("kind", ENUMS, ids=lambda kind: kind.__name__)
def test_every_enumeration_takes_its_values_and_names_as_text(kind: type[Enum]) -> None:
    for member in kind:
        assert kind(member.value) is member
        assert kind(member.name) is member
        assert kind(member.name.lower()) is member
        assert kind(str(member.value).upper()) is member


def test_an_event_field_accepts_the_value_or_the_name() -> None:
    by_value = arrangement(mechanism="s113_agreement")
    by_name = arrangement(mechanism="S113_AGREEMENT")

    assert by_value.mechanism is by_name.mechanism is Mechanism.S113_AGREEMENT
    assert by_value == arrangement()
    assert codec.to_json(by_name) == codec.to_json(arrangement())


def test_a_bad_enumeration_value_lists_the_valid_ones() -> None:
    with pytest.raises(InvalidEvent) as raised:
        arrangement(mechanism="s113")

    message = str(raised.value)
    assert "ArrangementEstablished.mechanism must be a Mechanism, not 's113'" in message
    for member in Mechanism:
        assert repr(member.value) in message
    assert "did you mean 's113_agreement'?" in message


def test_calling_an_enumeration_with_a_bad_value_lists_the_valid_ones() -> None:
    with pytest.raises(ValueError, match="'passed' is not a Outcome: use one of 'resolved'"):
        Outcome("passed")


def test_decoding_a_bad_enumeration_value_says_which_are_valid() -> None:
    stored = json.loads(codec.to_json(arrangement()))
    stored["event"]["mechanism"] = "s.113"

    with pytest.raises(DecodeError, match="s113_agreement"):
        codec.decode(stored["type"], stored["schema_version"], stored["event"])


def test_a_tuple_of_enumeration_members_is_not_filled_with_text() -> None:
    with pytest.raises(InvalidEvent, match="must be Part"):
        resolved("r1", date(2021, 1, 1), "not a part")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- outsiders


def test_a_decision_by_a_council_outside_the_partnership_is_refused(ledger: Ledger) -> None:
    ledger.append(formed())

    with pytest.raises(NotAMember) as raised:
        ledger.append(resolved("gamma-1", date(2021, 1, 1), council="gamma"))

    message = str(raised.value)
    assert "'gamma' is not a member of 'alpha-beta'" in message
    assert "alpha, beta" in message
    assert ledger.version(P) == 1


def test_a_decision_by_a_person_of_an_outside_council_is_refused(ledger: Ledger) -> None:
    ledger.append(formed())
    leader = Individual(role="Leader of the Council", council="gamma", power="urgency powers")

    with pytest.raises(NotAMember, match="members on 2021-01-01: alpha, beta"):
        ledger.append(resolved("gamma-urgent", date(2021, 1, 1), decided_by=leader))


def test_a_member_and_a_former_member_may_decide(ledger: Ledger) -> None:
    ledger.append(formed(members=(*formed().members, events.Member(council="gamma", name="G"))))
    ledger.append(
        MemberWithdrew(
            partnership=P,
            effective=date(2021, 1, 1),
            authorised_by=formed().authorised_by,
            council="gamma",
        )
    )

    ledger.append(resolved("beta-1", date(2021, 2, 1), council="beta"))
    ledger.append(
        resolved(
            "gamma-exit",
            date(2021, 3, 1),
            Part(number="1", summary="note the final accounts", outcome=Outcome.NOTED),
            decided_by=CouncilBody(council="gamma", name="Council"),
        )
    )

    assert ledger.version(P) == 4
