"""Errors a newcomer meets first: enumeration values as text, and decisions by outsiders."""

from __future__ import annotations

import inspect
import json
from datetime import date
from enum import Enum
from types import ModuleType

import attrs
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


# --------------------------------------------------------------------------- wrong arguments

#: Every attrs class a user builds an event from: the events and the values inside them.
CLASSES = sorted(
    {
        value
        for module in vars(events).values()
        if isinstance(module, ModuleType) and module.__name__.startswith(events.__name__)
        for value in vars(module).values()
        if isinstance(value, type)
        and attrs.has(value)
        and value.__module__ == module.__name__
        and not value.__name__.startswith("_")
    },
    key=lambda cls: cls.__name__,
)


def test_a_delegated_decision_given_authorised_by_says_what_it_takes() -> None:
    """A delegated decision is authorised by its delegation, so it has no authorised_by:
    the constructor says so and lists its fields, instead of Python's bare TypeError."""
    with pytest.raises(InvalidEvent) as raised:
        events.DelegatedDecisionTaken(  # type: ignore[call-arg]
            partnership=P,
            effective=date(2021, 1, 5),
            decision="d1",
            delegation="ict-delegation",
            taken_by=events.Role(title="Head of ICT"),
            summary="buy laptops",
            authorised_by=(events.ResolutionRef(resolution="r1", part=("1",)),),
        )
    message = str(raised.value)
    assert "DelegatedDecisionTaken has no field 'authorised_by'" in message
    assert "takes partnership, effective, decision, delegation, taken_by, summary" in message


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__name__)
def test_every_constructor_explains_a_wrong_argument(cls: type) -> None:
    fields = [f.alias or f.name for f in attrs.fields(cls) if f.init]
    with pytest.raises(InvalidEvent, match=f"{cls.__name__} has no field 'no_such_field'"):
        cls(no_such_field=1)
    required = [
        f.alias or f.name for f in attrs.fields(cls) if f.init and f.default is attrs.NOTHING
    ]
    if required:
        with pytest.raises(InvalidEvent, match=f"{cls.__name__} needs {required[0]}=") as raised:
            cls()
        assert all(name in str(raised.value) for name in fields)
        with pytest.raises(InvalidEvent, match="takes its fields by name"):
            cls(*range(len(fields)))
    assert list(inspect.signature(cls).parameters) == fields  # what help() and hypothesis read


def test_a_misspelt_field_names_the_near_match() -> None:
    with pytest.raises(InvalidEvent, match=r"no field 'effectve' \(did you mean 'effective'\?\)"):
        events.PostCreated(  # type: ignore[call-arg]
            partnership=P, effectve=date(2021, 1, 5), authorised_by=(), post="x", title="t"
        )


def test_an_error_inside_a_constructor_is_not_taken_for_a_wrong_argument() -> None:
    """A TypeError raised by what the constructor runs is not rewritten as a bad call."""

    @attrs.frozen
    class Strict:
        value: int = attrs.field()

        def __attrs_post_init__(self) -> None:
            raise TypeError("raised inside")

    from govledger._arguments import explained

    explained(Strict)
    with pytest.raises(TypeError, match="raised inside"):
        Strict(value=1)
    with pytest.raises(InvalidEvent, match="Strict has no field 'valeu'"):
        Strict(valeu=1)  # type: ignore[call-arg]


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
