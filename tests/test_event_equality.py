"""Events and their values compare and hash field by field, as attrs' own methods did.

The event catalogue's classes are declared ``eq=False`` and get their ``__eq__`` and
``__hash__`` from :func:`govledger._code.share_equality`, generated on first use; these
checks hold them to what attrs generated: equal exactly when of the same class with
equal fields, equal values hashing alike, and the same through pickling and copying.
"""

from __future__ import annotations

import copy
import json
import pickle
import subprocess
import sys
from datetime import date
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govledger import ConditionLapsed, ConditionSatisfied, ResolutionRef
from govledger import _code as govledger_code
from govledger.events import EVENT_TYPES
from govledger.testing.strategies import events


def _fieldwise(a: object, b: object) -> bool:
    """What attrs' generated ``__eq__`` answered: same class and every field equal."""
    return type(a) is type(b) and attrs.astuple(a, recurse=False) == attrs.astuple(  # type: ignore[arg-type]
        b,  # type: ignore[arg-type]
        recurse=False,
    )


def _rebuilt(value: Any) -> Any:
    """An equal value that is a different object, down to its fields."""
    return pickle.loads(pickle.dumps(value))


@settings(max_examples=150, deadline=None)
@given(events(), events())
def test_two_events_are_equal_exactly_when_their_fields_are(a: Any, b: Any) -> None:
    assert (a == b) is _fieldwise(a, b)
    assert (a != b) is not _fieldwise(a, b)
    if a == b:
        assert hash(a) == hash(b)


@settings(max_examples=150, deadline=None)
@given(events())
def test_an_event_equals_and_hashes_as_its_copies(event: Any) -> None:
    for twin in (_rebuilt(event), copy.deepcopy(event), attrs.evolve(event)):
        assert twin is not event
        assert twin == event
        assert (twin != event) is False
        assert hash(twin) == hash(event)
        assert {event: 1}[twin] == 1


@settings(max_examples=100, deadline=None)
@given(events())
def test_an_event_is_never_equal_to_another_kind_of_thing(event: Any) -> None:
    assert event.__eq__(object()) is NotImplemented
    assert event != attrs.asdict(event, recurse=False)
    assert event != attrs.astuple(event, recurse=False)


def test_classes_with_the_same_field_values_are_still_different() -> None:
    fields: dict[str, Any] = {
        "partnership": "cdc-occ",
        "effective": date(2022, 9, 1),
        "authorised_by": (ResolutionRef(resolution="cdc-cabinet-1"),),
        "condition": "c1",
    }
    lapsed: Any = ConditionLapsed(reason="The same words", **fields)
    satisfied: Any = ConditionSatisfied(evidence="The same words", **fields)
    assert attrs.astuple(lapsed) == attrs.astuple(satisfied)
    assert lapsed != satisfied and satisfied != lapsed
    assert lapsed == ConditionLapsed(reason="The same words", **fields)


def test_a_value_differing_in_one_field_is_unequal() -> None:
    ref = ResolutionRef(resolution="cdc-cabinet-1", part=("2",))
    assert ref == ResolutionRef(resolution="cdc-cabinet-1", part=("2",))
    assert ref != ResolutionRef(resolution="cdc-cabinet-1", part=("3",))
    assert ref != ResolutionRef(resolution="cdc-cabinet-1", part=("2",), partnership="a-b")
    assert len({ref, ResolutionRef(resolution="cdc-cabinet-1", part=("2",))}) == 1


@pytest.mark.parametrize("kind", sorted(EVENT_TYPES))
def test_every_event_kind_has_its_own_equality(kind: str) -> None:
    cls = EVENT_TYPES[kind]
    assert "__eq__" in vars(cls) and "__hash__" in vars(cls)
    assert cls.__hash__ is not None


@given(st.data())
def test_events_have_no_order(data: st.DataObject) -> None:
    a, b = data.draw(events()), data.draw(events())
    with pytest.raises(TypeError):
        _ = a < b  # type: ignore[operator]


def test_import_generates_no_event_equality_until_one_is_compared() -> None:
    """``import govledger`` leaves each event class the stubs, not attrs' methods; the
    first comparison generates that class's methods, and only that class's."""
    code = (
        "import json\n"
        "import govledger\n"
        "from govledger.events import EVENT_TYPES\n"
        "from govledger import ResolutionRef\n"
        "def origins():\n"
        "    classes = [*EVENT_TYPES.values(), ResolutionRef]\n"
        "    return {c.__name__: (c.__eq__.__code__.co_filename, c.__hash__.__code__.co_filename,"
        " getattr(c.__repr__, '__module__', None)) for c in classes}\n"
        "before = origins()\n"
        "ResolutionRef(resolution='a') == ResolutionRef(resolution='a')\n"
        "print(json.dumps([before, origins()]))\n"
    )
    shown = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    before, after = json.loads(shown.splitlines()[-1])
    stub = govledger_code.__file__
    assert all(eq == stub and hashing == stub for eq, hashing, _ in before.values())
    assert all(shown_by == "govledger._code" for _, _, shown_by in before.values())
    assert after["ResolutionRef"][0].startswith("<govledger equality")
    assert after["ResolutionRef"][1].startswith("<govledger equality")
    assert {name: v for name, v in after.items() if name != "ResolutionRef"} == {
        name: v for name, v in before.items() if name != "ResolutionRef"
    }
